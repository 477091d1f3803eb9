// The machine as it is, read back for a plan: for each namespace of the topology whether it
// exists and is ours, its links, addresses and routes (three dumps), and the Open vSwitch
// database when the topology uses it. Reading sends dumps and gets only.
import type { Netlink } from '../api/netlink.js'
import type { Address, Link, Route } from '../api/views.js'
import { mapEntries, setElements, uuidElements, type Row } from '../ovs/types.js'
import type { Machine } from './machine.js'
import { MARKER_PREFIX, type Placement } from './names.js'

export interface NsState {
  /** The node this namespace is (undefined: a namespace found by the ownership scan). */
  node: string | undefined
  netns: string | undefined
  exists: boolean
  /** Its loopback carries the topology's marker: it was created (or adopted) by this topology. */
  owned: boolean
  links: Link[]
  byName: Map<string, Link>
  byIndex: Map<number, Link>
  addrs: Address[]
  routes: Route[]
}

export interface OvsPortState {
  name: string
  owned: boolean
  /** Interface.type of its (first) interface: '' for a system device, 'internal' ... */
  type: string
}

export interface OvsBridgeState {
  name: string
  owned: boolean
  datapathType: string
  ports: Map<string, OvsPortState>
}

export interface OvsState {
  bridges: Map<string, OvsBridgeState>
  /** Port name → bridge name. */
  portBridge: Map<string, string>
}

export const OWNER_KEY = 'nlwire-owner'

export function emptyNs(node: string | undefined, netns: string | undefined): NsState {
  return { node, netns, exists: false, owned: false, links: [], byName: new Map(), byIndex: new Map(), addrs: [], routes: [] }
}

/** How much of a namespace to read: all of it (plan), its links (down, the host), or whether it is ours (down). */
export type Depth = 'full' | 'links' | 'owner'

/**
 * Links, addresses and routes of one namespace. IPv6 addresses and routes only when asked
 * (`v6`): a namespace has a dozen IPv6 routes of its own (local, multicast) that a file about
 * IPv4 never needs, and dumps are most of what a no-op up costs.
 */
export async function readNamespace(nl: Netlink, node: string | undefined, netns: string | undefined, marker: string, depth: Depth = 'full', v6 = true): Promise<NsState> {
  const s: NsState = { ...emptyNs(node, netns), exists: true }
  if (depth === 'owner') {
    const lo = await nl.link.get('lo')
    s.links = [lo]
  } else if (depth === 'links') {
    s.links = await nl.link.list()
  } else {
    const family = v6 ? {} : { family: 'inet' as const }
    const [links, addrs, routes] = await Promise.all([nl.link.list(), nl.addr.list(family), nl.route.list({ table: 'all', ...family })])
    Object.assign(s, { links, addrs, routes })
  }
  for (const l of s.links) {
    s.byName.set(l.name, l)
    s.byIndex.set(l.index, l)
  }
  s.owned = s.byName.get('lo')?.alias === marker
  return s
}

export interface LiveState {
  /** By node name. */
  nodes: Map<string, NsState>
  /** Namespaces not in the file that carry this topology's marker (a node removed from the file). */
  strays: NsState[]
  ovs: OvsState | undefined
  /** Why OVS could not be read, when the topology needed it. */
  ovsMissing: string | undefined
}

export interface ReadOptions {
  /** Read the Open vSwitch database (the topology has OVS bridges or ports, or we are tearing down). */
  ovs: boolean
  /** Look through /run/netns for namespaces marked as this topology's that the file no longer has. */
  scan: boolean
  /** How much of each node's namespace to read (default: all of it). */
  depth?: (node: string) => Depth
  /** Whether a node needs its IPv6 addresses and routes read (default: yes). */
  v6?: (node: string) => boolean
}

/** How many namespaces are read at once: each costs a socket; the kernel work is small. */
const CONCURRENCY = 32

export async function readLive(machine: Machine, place: Placement, opts: ReadOptions): Promise<LiveState> {
  const names = new Set(await machine.netnsList())
  const nodes = new Map<string, NsState>()
  const jobs: (() => Promise<void>)[] = []
  for (const node of place.nodes()) {
    const ns = place.netns(node)
    if (ns !== undefined && !names.has(ns)) {
      nodes.set(node, emptyNs(node, ns))
      continue
    }
    jobs.push(async () => {
      nodes.set(node, await readNamespace(await machine.open(ns), node, ns, place.marker, opts.depth?.(node) ?? 'full', opts.v6?.(node) ?? true))
    })
  }
  const strays: NsState[] = []
  if (opts.scan) {
    const mine = new Set(place.nodes().map((n) => place.netns(n)))
    for (const ns of names) {
      if (mine.has(ns) || !ns.startsWith(place.prefix)) continue
      jobs.push(async () => {
        const nl = await machine.open(ns)
        const lo = await nl.link.get('lo').catch(() => undefined)
        if (lo?.alias === place.marker) strays.push(await readNamespace(nl, undefined, ns, place.marker, opts.depth === undefined ? 'full' : 'owner'))
      })
    }
  }
  await runLimited(jobs, CONCURRENCY)
  let ovs: OvsState | undefined
  let ovsMissing: string | undefined
  if (opts.ovs) {
    const sw = await machine.ovs()
    if (sw === undefined) ovsMissing = 'no ovsdb-server answers (is Open vSwitch running? --ovs-socket PATH)'
    else ovs = await readOvs(sw, place.marker)
  }
  strays.sort((a, b) => String(a.netns).localeCompare(String(b.netns)))
  return { nodes, strays, ovs, ovsMissing }
}

export async function runLimited(jobs: (() => Promise<void>)[], limit: number): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < jobs.length) await jobs[next++]!()
  }
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker))
}

/** Bridges, their ports and owners, in one read transaction. */
export async function readOvs(sw: { client: { transact(db: string, ops: unknown[]): Promise<{ rows?: Row[] }[]> } }, marker: string): Promise<OvsState> {
  const [br, pt, it] = await sw.client.transact('Open_vSwitch', [
    { op: 'select', table: 'Bridge', where: [], columns: ['name', 'ports', 'external_ids', 'datapath_type'] },
    { op: 'select', table: 'Port', where: [], columns: ['_uuid', 'name', 'interfaces', 'external_ids'] },
    { op: 'select', table: 'Interface', where: [], columns: ['_uuid', 'name', 'type'] },
  ])
  const owner = marker.slice(MARKER_PREFIX.length)
  const ifaces = new Map((it?.rows ?? []).map((r) => [uuidElements(r._uuid)[0]!, r]))
  const ports = new Map((pt?.rows ?? []).map((r) => [uuidElements(r._uuid)[0]!, r]))
  const state: OvsState = { bridges: new Map(), portBridge: new Map() }
  for (const b of br?.rows ?? []) {
    const name = String(b.name)
    const bs: OvsBridgeState = { name, owned: mapEntries(b.external_ids)[OWNER_KEY] === owner, datapathType: String(setElements(b.datapath_type)[0] ?? ''), ports: new Map() }
    for (const pid of uuidElements(b.ports)) {
      const p = ports.get(pid)
      if (p === undefined) continue
      const first = ifaces.get(uuidElements(p.interfaces)[0] ?? '')
      const ps: OvsPortState = { name: String(p.name), owned: mapEntries(p.external_ids)[OWNER_KEY] === owner, type: String(first?.type ?? '') }
      bs.ports.set(ps.name, ps)
      state.portBridge.set(ps.name, name)
    }
    state.bridges.set(name, bs)
  }
  return state
}
