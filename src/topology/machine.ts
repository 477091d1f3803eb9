// What the topology layer needs from the machine, in one place: rtnetlink in a namespace, the
// named namespaces, and Open vSwitch. The real machine is nlwire's public API (open({ netns }),
// netns.add/del/list, ovs.connect); tests give a fake one over FakeTransport. One connection per
// namespace for a whole run, closed by close().
import { open, type Netlink } from '../api/netlink.js'
import { ahead as netnsAhead, netns } from '../netns.js'
import type { AheadBatch } from '../transport/netns-helper.js'
import { OvsdbConnectionError } from '../ovs/errors.js'
import { connect as ovsConnect, type Switch } from '../ovs/index.js'

export interface Machine {
  /** rtnetlink inside the named namespace, or (undefined) the one this process runs in. */
  open(ns: string | undefined): Promise<Netlink>
  netnsList(): Promise<string[]>
  netnsAdd(name: string): Promise<void>
  netnsDel(name: string): Promise<void>
  /**
   * The namespaces netnsAdd is about to be asked for, in order: the machine may start on them
   * (LocalMachine: on a second thread). close() ends it, removing any made that were not asked for.
   */
  netnsAhead?(names: readonly string[]): { close(): Promise<void> } | undefined
  /** The Open vSwitch database, or undefined when no ovsdb-server answers. */
  ovs(): Promise<Switch | undefined>
  close(): Promise<void>
}

export interface MachineOptions {
  /** ovsdb-server's socket (default: $OVS_SOCKET, else /var/run/openvswitch/db.sock). */
  ovsSocket?: string
}

/** The machine this process runs on, through nlwire's own API. */
export class LocalMachine implements Machine {
  private readonly sockets = new Map<string, Promise<Netlink>>()
  private ahead: AheadBatch | undefined
  private sw: Promise<Switch | undefined> | undefined

  constructor(private readonly opts: MachineOptions = {}) {}

  open(ns: string | undefined): Promise<Netlink> {
    const key = ns ?? ''
    let nl = this.sockets.get(key)
    if (nl === undefined) {
      nl = open(ns === undefined ? {} : { netns: ns })
      this.sockets.set(key, nl)
      nl.catch(() => this.sockets.delete(key))
    }
    return nl
  }

  netnsList(): Promise<string[]> {
    return netns.list()
  }

  netnsAdd(name: string): Promise<void> {
    return this.ahead?.add(name) ?? netns.add(name)
  }

  netnsAhead(names: readonly string[]): { close(): Promise<void> } | undefined {
    const batch = netnsAhead(names)
    if (batch === undefined) return undefined
    this.ahead = batch
    return {
      close: async () => {
        if (this.ahead === batch) this.ahead = undefined
        await batch.close()
      },
    }
  }

  async netnsDel(name: string): Promise<void> {
    const nl = this.sockets.get(name)
    this.sockets.delete(name)
    if (nl !== undefined) await (await nl.catch(() => undefined))?.close()
    await netns.del(name)
  }

  ovs(): Promise<Switch | undefined> {
    this.sw ??= ovsConnect({ socket: this.opts.ovsSocket ?? process.env.OVS_SOCKET }).catch((e: unknown) => {
      if (e instanceof OvsdbConnectionError) return undefined
      throw e
    })
    return this.sw
  }

  async close(): Promise<void> {
    const all = [...this.sockets.values()]
    this.sockets.clear()
    for (const p of all) await (await p.catch(() => undefined))?.close().catch(() => {})
    const sw = await this.sw?.catch(() => undefined)
    this.sw = undefined
    await sw?.close().catch(() => {})
  }
}
