// The operations changes are made of, each with its inverse. Everything goes through nlwire's
// public API (link/addr/route/nsid, netns, the OVS Switch); nothing here builds a message.
import type { LinkRef, NetnsRef } from '../api/context.js'
import type { LinkAddOptions, LinkSetOptions } from '../api/link.js'
import type { RouteOptions } from '../api/route.js'
import { map } from '../ovs/types.js'
import type { Ctx, Op } from './change.js'
import { OWNER_KEY } from './live.js'

/** The loopback's ifindex in every network namespace (include/net/flow.h). */
const LOOPBACK_IFINDEX = 1

const where = (ns: string | undefined) => ns ?? 'the current namespace'

/**
 * A namespace as a request sent on another namespace's socket names it: by name, or this
 * process's own through /proc/PID/ns/net (whoever opens that file, it is this process's).
 */
export function netnsRef(ns: string | undefined): NetnsRef {
  return ns ?? { path: `/proc/${process.pid}/ns/net` }
}

export function createNamespace(ns: string, marker: string): Op[] {
  return [
    {
      text: `netns.add ${ns}`,
      makesNetns: ns,
      run: (c) => c.machine.netnsAdd(ns),
      undo: { text: `netns.del ${ns}`, run: (c) => c.machine.netnsDel(ns) },
    },
    // The marker that says the namespace is ours, for later runs: its loopback's alias.
    // By ifindex: a namespace's loopback is always its first device (LOOPBACK_IFINDEX), and this
    // one was made a moment ago; no lookup needed.
    { text: `link.set lo alias ${marker} in ${ns}`, run: async (c) => (await c.nl(ns)).link.set(LOOPBACK_IFINDEX, { alias: marker }), undo: 'covered' },
  ]
}

export function setAlias(ns: string | undefined, name: string, alias: string, old: string | undefined): Op {
  return {
    text: `link.set ${name} alias ${alias} in ${where(ns)}`,
    run: async (c) => (await c.nl(ns)).link.set(name, { alias }),
    undo: { text: `link.set ${name} alias ${old ?? '(none)'} in ${where(ns)}`, run: async (c) => (await c.nl(ns)).link.set(name, { alias: old ?? '' }) },
  }
}

export function removeNamespace(ns: string): Op {
  return { text: `netns.del ${ns}`, run: (c) => (c.forget(ns), c.machine.netnsDel(ns)) }
}

/** The options with a master named by ifindex, looked up once per run (Ctx.indexOf). */
async function withMasterIndex<T extends { master?: LinkRef | null }>(c: Ctx, ns: string | undefined, o: T): Promise<T> {
  return typeof o.master === 'string' ? { ...o, master: await c.indexOf(ns, o.master) } : o
}

/**
 * A link made with one RTM_NEWLINK from a socket in `ns` (a veth's peer may go elsewhere: in
 * `peerNs`). The kernel's echo of the creation names both ends' ifindexes, so the steps that
 * follow on them (enslave, up, addresses) need no lookup.
 */
export function addLink(ns: string | undefined, o: LinkAddOptions, peerNs: string | undefined = ns): Op {
  return {
    text: `link.add ${o.name} (${o.kind}) in ${where(ns)}`,
    run: async (c) => {
      const link = await (await c.nl(ns)).link.add({ ...(await withMasterIndex(c, ns, o)), echo: true })
      if (link === undefined) return
      c.learn(ns, o.name, link.index)
      if (o.peer?.name !== undefined && link.peer !== undefined) c.learn(peerNs, o.peer.name, link.peer.index)
    },
    undo: { text: `link.del ${o.name} in ${where(ns)}`, run: async (c) => (c.forget(ns, o.name), (await c.nl(ns)).link.del(o.name)) },
  }
}

/** A link by the ifindex this run learned when it made it, else by name (looked up by the API). */
const ref = (c: Ctx, ns: string | undefined, name: string): LinkRef => c.made(ns, name) ?? name

export function setLink(ns: string | undefined, name: string, change: LinkSetOptions, back: LinkSetOptions | 'covered'): Op {
  const text = (o: LinkSetOptions) => `link.set ${name} ${describeSet(o)} in ${where(ns)}`
  return {
    text: text(change),
    run: async (c) => {
      const target = ref(c, ns, name)
      if (change.name !== undefined) c.forget(ns, name)
      await (await c.nl(ns)).link.set(target, await withMasterIndex(c, ns, change))
    },
    undo:
      back === 'covered'
        ? 'covered'
        : {
            text: text(back),
            run: async (c) => {
              if (change.name !== undefined) c.forget(ns, change.name)
              await (await c.nl(ns)).link.set(name, await withMasterIndex(c, ns, back))
            },
          },
  }
}

function describeSet(o: LinkSetOptions): string {
  return Object.entries(o)
    .map(([k, v]) => `${k} ${typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v)}`)
    .join(' ')
}

export function moveLink(from: string | undefined, name: string, to: string | undefined): Op {
  return {
    text: `link.set ${name} netns ${where(to)} (from ${where(from)})`,
    run: async (c) => (c.forget(from, name), (await c.nl(from)).link.set(name, { netns: netnsRef(to) })),
    undo: { text: `link.set ${name} netns ${where(from)} (from ${where(to)})`, run: async (c) => (c.forget(to, name), (await c.nl(to)).link.set(name, { netns: netnsRef(from) })) },
  }
}

export function delLink(ns: string | undefined, name: string): Op {
  return { text: `link.del ${name} in ${where(ns)}`, run: async (c) => (c.forget(ns, name), (await c.nl(ns)).link.del(name)) }
}

/** delLink for a removal that may find the link already gone (a veth's peer takes it along): ENODEV is done, not a failure. */
export function delLinkIfPresent(ns: string | undefined, name: string): Op {
  const o = delLink(ns, name)
  return {
    ...o,
    run: async (c) => {
      try {
        await o.run(c)
      } catch (e) {
        if ((e as { code?: string }).code !== 'ENODEV') throw e
      }
    },
  }
}

export function delLinkGroup(ns: string | undefined, group: number): Op {
  return { text: `link.del group ${group} in ${where(ns)}`, run: async (c) => (c.forget(ns), (await c.nl(ns)).link.del({ group })) }
}

export function addAddr(ns: string | undefined, dev: string, cidr: string, covered: boolean): Op {
  return {
    text: `addr.add ${cidr} dev ${dev} in ${where(ns)}`,
    run: async (c) => (await c.nl(ns)).addr.add(ref(c, ns, dev), cidr),
    undo: covered ? 'covered' : { text: `addr.del ${cidr} dev ${dev} in ${where(ns)}`, run: async (c) => (await c.nl(ns)).addr.del(dev, cidr) },
  }
}

export function delAddr(ns: string | undefined, dev: string, cidr: string): Op {
  return {
    text: `addr.del ${cidr} dev ${dev} in ${where(ns)}`,
    run: async (c) => (await c.nl(ns)).addr.del(dev, cidr),
    undo: { text: `addr.add ${cidr} dev ${dev} in ${where(ns)}`, run: async (c) => (await c.nl(ns)).addr.add(dev, cidr) },
  }
}

function routeText(r: RouteOptions): string {
  return [r.dst, r.via !== undefined ? `via ${r.via}` : '', r.dev !== undefined ? `dev ${String(r.dev)}` : '', r.table !== undefined ? `table ${r.table}` : '', r.metric !== undefined ? `metric ${r.metric}` : '']
    .filter(Boolean)
    .join(' ')
}

export function addRoute(ns: string | undefined, r: RouteOptions, covered: boolean): Op {
  const del = { dst: r.dst, ...(r.table !== undefined ? { table: r.table } : {}), ...(r.metric !== undefined ? { metric: r.metric } : {}) }
  return {
    text: `route.add ${routeText(r)} in ${where(ns)}`,
    run: async (c) => (await c.nl(ns)).route.add(r),
    undo: covered ? 'covered' : { text: `route.del ${routeText(del)} in ${where(ns)}`, run: async (c) => (await c.nl(ns)).route.del(del) },
  }
}

export function replaceRoute(ns: string | undefined, r: RouteOptions, old: RouteOptions): Op {
  return {
    text: `route.replace ${routeText(r)} in ${where(ns)}`,
    run: async (c) => (await c.nl(ns)).route.add({ ...r, replace: true }),
    undo: { text: `route.replace ${routeText(old)} in ${where(ns)}`, run: async (c) => (await c.nl(ns)).route.add({ ...old, replace: true }) },
  }
}

export function delRoute(ns: string | undefined, r: RouteOptions): Op {
  const del = { dst: r.dst, ...(r.table !== undefined ? { table: r.table } : {}), ...(r.metric !== undefined ? { metric: r.metric } : {}) }
  return {
    text: `route.del ${routeText(r)} in ${where(ns)}`,
    run: async (c) => (await c.nl(ns)).route.del(del),
    undo: { text: `route.add ${routeText(r)} in ${where(ns)}`, run: async (c) => (await c.nl(ns)).route.add(r) },
  }
}

export function setNsid(ns: string | undefined, other: string | undefined, id: number, covered: boolean): Op {
  return {
    text: `nsid.set ${where(other)} ${id} in ${where(ns)}`,
    run: async (c) => (await c.nl(ns)).nsid.set(netnsRef(other), id),
    ...(covered ? { undo: 'covered' as const } : {}),
  }
}

// ---- Open vSwitch: rows we make carry external_ids:nlwire-owner=ID ----

function markRow(table: 'Bridge' | 'Port', name: string, owner: string): Op {
  return {
    text: `ovs: set ${table} ${name} external_ids:${OWNER_KEY}=${owner}`,
    run: (c) =>
      c.ovsChange((sw) =>
        sw.client.transact('Open_vSwitch', [
          { op: 'mutate', table, where: [['name', '==', name]], mutations: [['external_ids', 'delete', ['set', [OWNER_KEY]]]] },
          { op: 'mutate', table, where: [['name', '==', name]], mutations: [['external_ids', 'insert', map({ [OWNER_KEY]: owner })]] },
        ]),
      ).then(() => undefined),
    undo: 'covered',
  }
}

export function addSwitch(name: string, datapathType: string | undefined, owner: string): Op[] {
  return [
    {
      text: `ovs: add-br ${name}`,
      run: (c) => c.ovsChange((sw) => sw.addBridge(name, datapathType !== undefined ? { datapathType } : {})),
      undo: { text: `ovs: del-br ${name}`, run: (c) => c.ovsChange((sw) => sw.delBridge(name, { ifExists: true })) },
    },
    markRow('Bridge', name, owner),
  ]
}

export function delSwitch(name: string): Op {
  return { text: `ovs: del-br ${name}`, run: (c) => c.ovsChange((sw) => sw.delBridge(name, { ifExists: true })) }
}

export function addPort(bridge: string, port: string, type: string | undefined, owner: string): Op[] {
  return [
    {
      text: `ovs: add-port ${bridge} ${port}${type ? ` type=${type}` : ''}`,
      run: (c) => c.ovsChange((sw) => sw.addPort(bridge, port, type !== undefined ? { type } : {})),
      undo: { text: `ovs: del-port ${bridge} ${port}`, run: (c) => c.ovsChange((sw) => sw.delPort(bridge, port, { ifExists: true })) },
    },
    markRow('Port', port, owner),
  ]
}

export function delPort(bridge: string, port: string, type: string | undefined): Op {
  return {
    text: `ovs: del-port ${bridge} ${port}`,
    run: (c) => c.ovsChange((sw) => sw.delPort(bridge, port, { ifExists: true })),
    undo: { text: `ovs: add-port ${bridge} ${port}`, run: (c) => c.ovsChange((sw) => sw.addPort(bridge, port, type ? { type } : {})) },
  }
}
