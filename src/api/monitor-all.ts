// Notifications from every network namespace at once: the current one and each name in
// /run/netns, including namespaces added later (the directory is watched), each item labelled with
// its namespace and, where the current namespace has one for it, its nsid. One socket per
// namespace, made in this process (setns; a relay per namespace where koffi is not available).
//
// `ip monitor all-nsid` does something close with one socket (NETLINK_LISTEN_ALL_NSID, the nsid in
// a control message the `netlink` package does not pass on), and therefore only sees namespaces
// that have an nsid here; this sees every named one.
import { type FSWatcher, statSync, watch } from 'node:fs'
import { readdir } from 'node:fs/promises'
import type { Message } from '../../codecs/core/nlmsg.js'
import { RTNLGRP_NSID } from '../../codecs/rtnetlink.js'
import type { Client } from '../client/client.js'
import type { Subscription } from '../client/subscription.js'
import { NETNS_RUN_DIR } from '../netns.js'
import { THREAD_NETNS } from '../transport/netns-window.js'
import { type Netlink, type OpenOptions, open } from './netlink.js'
import { type MonitorObject, type NetlinkEvent } from './monitor.js'

/** One namespace being watched. */
export interface NetnsSource {
  /** Its /run/netns name; null for the namespace this process is in. */
  readonly netns: string | null
  /** Its nsid as seen from the current namespace (undefined: none assigned, or the current one). */
  nsid: number | undefined
  readonly nl: Netlink
  readonly client: Client
}

/** What each source yields, produced by the caller's `attach` (typed events, raw messages ...). */
export interface Labelled<T> {
  source: NetnsSource
  value: T
}

export interface AllNetnsOptions extends Omit<OpenOptions, 'netns'> {
  /** Pick up namespaces added to /run/netns later (default true). */
  watch?: boolean
  /** Told when a namespace joins or leaves (for traces and the CLI's stderr). */
  onChange?: (what: 'added' | 'removed' | 'failed', netns: string | null, detail?: string) => void
}

const RETRIES = 50
const RETRY_MS = 20

type Item<T> = { kind: 'value'; item: Labelled<T> } | { kind: 'error'; error: unknown }

/** Same file (device and inode) as the namespace this thread is in. */
function isCurrent(path: string, self: { dev: number; ino: number }): boolean {
  try {
    const st = statSync(path)
    return st.dev === self.dev && st.ino === self.ino
  } catch {
    return false
  }
}

/**
 * Fan-in of one iterator per namespace. `attach(source)` returns the iterator for a namespace
 * (it runs once the namespace's socket is open); its values come out labelled with the source.
 */
export class AllNetns<T> implements AsyncIterableIterator<Labelled<T>> {
  /** Resolves once the current namespace and the names present at the start are attached. */
  readonly ready: Promise<void>
  private readonly sources = new Map<string, NetnsSource>()
  private current: NetnsSource | undefined
  private readonly queue: Item<T>[] = []
  private waiter: ((v: void) => void) | undefined
  private watcher: FSWatcher | undefined
  private closed = false
  private rescanning: Promise<void> | undefined
  private rescanAgain = false
  private readonly iterators = new Set<AsyncIterator<T>>()
  /** Names whose file was not a namespace yet (ip netns add makes the file, then mounts): tries left. */
  private readonly retries = new Map<string, number>()
  /** nsids are looked up again when the current namespace reports RTM_NEWNSID / RTM_DELNSID. */
  private nsidRefresh: Promise<void> = Promise.resolve()
  private nsidSub: Subscription | undefined

  constructor(
    private readonly attach: (source: NetnsSource) => AsyncIterator<T> | Promise<AsyncIterator<T>>,
    private readonly opts: AllNetnsOptions = {},
  ) {
    this.ready = this.start()
    this.ready.catch(() => {})
  }

  /** The namespaces watched now (null: the current one). */
  get watched(): (string | null)[] {
    return [...(this.current ? [null] : []), ...this.sources.keys()]
  }

  private openOpts(): OpenOptions {
    const { watch: _w, onChange: _c, ...rest } = this.opts
    return rest
  }

  private async start(): Promise<void> {
    const nl = await open(this.openOpts())
    this.current = { netns: null, nsid: undefined, nl, client: nl.client }
    await this.run(this.current)
    // nsids assigned while watching change the labels: follow RTNLGRP_NSID here.
    this.nsidSub = await nl.client.subscribe([RTNLGRP_NSID])
    void (async () => {
      try {
        for await (const _ of this.nsidSub!) this.nsidRefresh = this.nsidRefresh.then(() => this.refreshNsids())
      } catch {
        // overrun or close: labels then keep what they had
      }
    })()
    if (this.opts.watch ?? true) {
      try {
        this.watcher = watch(NETNS_RUN_DIR, { persistent: false }, () => this.rescan())
      } catch {
        // no /run/netns yet: namespaces made later are not picked up (netns.add creates it)
      }
    }
    await this.rescan()
  }

  /** Attach new names, detach removed ones; serialised, and repeated if asked meanwhile. */
  private rescan(): Promise<void> {
    if (this.closed) return Promise.resolve()
    if (this.rescanning !== undefined) {
      this.rescanAgain = true
      return this.rescanning
    }
    this.rescanning = (async () => {
      do {
        this.rescanAgain = false
        await this.rescanOnce().catch((e: unknown) => this.opts.onChange?.('failed', null, (e as Error).message))
      } while (this.rescanAgain && !this.closed)
    })().finally(() => (this.rescanning = undefined))
    return this.rescanning
  }

  private async rescanOnce(): Promise<void> {
    if (this.closed) return
    let names: string[]
    try {
      names = (await readdir(NETNS_RUN_DIR)).sort()
    } catch {
      names = []
    }
    const self = statSync(THREAD_NETNS)
    for (const name of names) {
      if (this.sources.has(name) || this.closed) continue
      if (isCurrent(`${NETNS_RUN_DIR}/${name}`, self)) continue // the current namespace, already watched
      let nl: Netlink
      try {
        nl = await open({ ...this.openOpts(), netns: name })
      } catch (e) {
        // Not (yet) a namespace: `ip netns add` creates the file before it binds the namespace on
        // it, and the bind makes no directory event. Look again shortly, a bounded number of times.
        const left = this.retries.get(name) ?? RETRIES
        if (left > 0) {
          this.retries.set(name, left - 1)
          setTimeout(() => void this.rescan(), RETRY_MS).unref()
        } else this.opts.onChange?.('failed', name, (e as Error).message)
        continue
      }
      this.retries.delete(name)
      if (this.closed) {
        await nl.close()
        return
      }
      const source: NetnsSource = { netns: name, nsid: undefined, nl, client: nl.client }
      source.nsid = await this.nsidOf(name)
      this.sources.set(name, source)
      try {
        await this.run(source)
      } catch (e) {
        // Gone between the listing and the subscription (deleted meanwhile): not watched.
        this.sources.delete(name)
        await nl.close().catch(() => {})
        this.opts.onChange?.('failed', name, (e as Error).message)
        continue
      }
      this.opts.onChange?.('added', name)
    }
    for (const [name, source] of this.sources) {
      if (names.includes(name)) continue
      this.sources.delete(name)
      await source.nl.close().catch(() => {})
      this.opts.onChange?.('removed', name)
    }
  }

  /** The nsid the current namespace has for `name` (undefined: none). */
  private async nsidOf(name: string): Promise<number | undefined> {
    try {
      const id = await this.current!.nl.nsid.get(name)
      return id >= 0 ? id : undefined
    } catch {
      return undefined
    }
  }

  /** Look every nsid up again (an RTM_NEWNSID in the current namespace changed them). */
  async refreshNsids(): Promise<void> {
    for (const [name, s] of this.sources) s.nsid = await this.nsidOf(name)
  }

  private async run(source: NetnsSource): Promise<void> {
    const it = await this.attach(source)
    this.iterators.add(it)
    void (async () => {
      try {
        for (;;) {
          const r = await it.next()
          if (r.done || this.closed) break
          this.push({ kind: 'value', item: { source, value: r.value } })
        }
      } catch (e) {
        // A namespace deleted while watched: its client closes under the iterator.
        if (!this.closed && (source.netns === null || this.sources.get(source.netns) === source)) this.push({ kind: 'error', error: e })
      } finally {
        this.iterators.delete(it)
      }
    })()
  }

  private push(i: Item<T>): void {
    this.queue.push(i)
    const w = this.waiter
    this.waiter = undefined
    w?.()
  }

  async next(): Promise<IteratorResult<Labelled<T>>> {
    await this.ready
    for (;;) {
      const i = this.queue.shift()
      if (i !== undefined) {
        await this.nsidRefresh
        if (i.kind === 'error') throw i.error
        return { done: false, value: i.item }
      }
      if (this.closed) return { done: true, value: undefined }
      await new Promise<void>((r) => (this.waiter = r))
    }
  }

  async return(): Promise<IteratorResult<Labelled<T>>> {
    await this.close()
    return { done: true, value: undefined }
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  /** Stop watching, end every iterator, close every socket. */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    this.watcher?.close()
    await this.ready.catch(() => {})
    await this.nsidSub?.close().catch(() => {})
    await this.rescanning?.catch(() => {})
    for (const it of this.iterators) await it.return?.().catch(() => {})
    const all = [...this.sources.values(), ...(this.current ? [this.current] : [])]
    this.sources.clear()
    await Promise.all(all.map((s) => s.nl.close().catch(() => {})))
    const w = this.waiter
    this.waiter = undefined
    w?.()
  }
}

/** A typed event from some namespace. */
export interface NetnsEvent {
  /** The /run/netns name; null for the current namespace. */
  netns: string | null
  /** Its nsid as seen from the current namespace, when it has one. */
  nsid: number | undefined
  event: NetlinkEvent
}

/**
 * `nl.monitor()` in every namespace: typed events labelled with their namespace, namespaces added
 * to /run/netns later included. Each namespace's monitor resyncs on its own after an overrun.
 */
export function monitorAllNetns(objects: readonly MonitorObject[] = [], opts: AllNetnsOptions = {}): AsyncIterableIterator<NetnsEvent> & { ready: Promise<void>; close(): Promise<void> } {
  const fan = new AllNetns<NetlinkEvent>(async (s) => {
    const m = s.nl.monitor(objects)
    await m.ready
    return m
  }, opts)
  const it = {
    ready: fan.ready,
    async next(): Promise<IteratorResult<NetnsEvent>> {
      const r = await fan.next()
      if (r.done) return { done: true, value: undefined }
      const { source, value } = r.value
      if (source.netns === null && value.object === 'nsid') await fan.refreshNsids()
      return { done: false, value: { netns: source.netns, nsid: source.nsid, event: value } }
    },
    async return(): Promise<IteratorResult<NetnsEvent>> {
      await fan.close()
      return { done: true, value: undefined }
    },
    close: () => fan.close(),
    [Symbol.asyncIterator]() {
      return it
    },
  }
  return it
}

/** A raw notification from some namespace (for the CLI's text). */
export type NetnsMessage = Labelled<Message>
