// show --live: every network namespace of the machine (/run/netns, plus the one nlwire runs in),
// read with three dumps each, veth ends joined across namespaces (the peer's ifindex plus the
// link-netnsid, which is resolved to a namespace name by asking which namespace has that nsid),
// bridges with their ports, and Open vSwitch bridges when ovsdb-server answers. Reads only.
import { statSync } from 'node:fs'
import type { Netlink } from '../api/netlink.js'
import type { Link } from '../api/views.js'
import { canonicalCidr } from './desired.js'
import type { GCable, GIface, GNamespace, GSwitch, Graph } from './graph.js'
import { noteOf } from './graph.js'
import { readOvs, runLimited } from './live.js'
import type { Machine } from './machine.js'
import { netnsRef } from './ops.js'

export interface DiscoverOptions {
  /** Only the namespaces whose names start with it (and the host); labels drop it. */
  prefix?: string
  /** This named namespace is the host (default: the one nlwire runs in). */
  host?: string
  /** A title for the picture. */
  title?: string
}

interface Seen {
  id: string
  netns: string | undefined
  nl: Netlink
  links: Link[]
  g: GNamespace
}

/** Open vSwitch's own devices, not part of anyone's network. */
const OVS_DATAPATH_DEVICES = new Set(['ovs-netdev', 'ovs-system'])

function inode(path: string): string | undefined {
  try {
    const s = statSync(path)
    return `${s.dev}:${s.ino}`
  } catch {
    return undefined
  }
}

const byName = new Intl.Collator('en', { numeric: true })

export async function discover(machine: Machine, opts: DiscoverOptions = {}): Promise<Graph> {
  const prefix = opts.prefix ?? ''
  const all = await machine.netnsList()
  const self = inode(`/proc/${process.pid}/ns/net`)
  // The host first; the current namespace is left out when it is one of /run/netns too.
  const hostName = opts.host ?? all.find((n) => inode(`/run/netns/${n}`) === self)
  const names = all.filter((n) => n !== hostName && n.startsWith(prefix))
  const seen: Seen[] = []
  const jobs: (() => Promise<void>)[] = []
  const label = (n: string) => (prefix !== '' && n.startsWith(prefix) && n.length > prefix.length ? n.slice(prefix.length) : n)
  const entries: { id: string; netns: string | undefined; host: boolean }[] = [
    { id: hostName ?? '(host)', netns: opts.host, host: true },
    ...names.map((n) => ({ id: n, netns: n, host: false })),
  ]
  entries.forEach((e, i) => {
    jobs.push(async () => {
      const nl = await machine.open(e.netns)
      const [listed, addrs, routes] = await Promise.all([nl.link.list(), nl.addr.list(), nl.route.list()])
      // By name, not by ifindex: up makes independent nodes side by side, so the kernel's numbering
      // of the host's ports varies from run to run; the picture of the same network must not.
      const links = [...listed].sort((a, b) => byName.compare(a.name, b.name))
      const byIndex = new Map(links.map((l) => [l.index, l]))
      const interfaces: GIface[] = links
        .filter((l) => !OVS_DATAPATH_DEVICES.has(l.name))
        .map((l) => {
          const g: GIface = { name: l.name, up: l.up, oper: l.operstate, addresses: addrs.filter((a) => a.index === l.index && a.scope !== 'link').map((a) => canonicalCidr(a.cidr)) }
          if (l.kind !== undefined) g.kind = l.kind
          if (l.master !== undefined && byIndex.get(l.master)?.kind === 'bridge') g.master = byIndex.get(l.master)!.name
          if (l.mtu !== undefined) g.mtu = l.mtu
          if (l.address !== undefined) g.mac = l.address
          const note = noteOf(l.kind, l.bridge?.stpState, l.vxlan?.id, l.link !== undefined && l.kind !== 'veth' ? byIndex.get(l.link)?.name : undefined)
          if (note) g.note = note
          return g
        })
      const g: GNamespace = {
        id: e.id,
        label: e.host ? 'host' : label(e.id),
        ...(e.host && hostName !== undefined ? { netns: hostName } : !e.host && label(e.id) !== e.id ? { netns: e.id } : {}),
        host: e.host,
        interfaces,
        routes: routes
          .filter((r) => r.protocol === 'boot' || r.protocol === 'static')
          .map((r) => ({ dst: r.dst, ...(r.via ? { via: r.via } : {}), ...(r.dev !== undefined && byIndex.has(r.dev) ? { dev: byIndex.get(r.dev)!.name } : {}) })),
      }
      seen[i] = { id: e.id, netns: e.netns, nl, links, g }
    })
  })
  await runLimited(jobs, 16)
  const cables = await joinVeths(seen)
  const switches = await readSwitches(machine, seen)
  return { title: opts.title ?? (prefix ? `${prefix}* on this machine` : 'this machine'), namespaces: seen.map((s) => s.g), cables, switches }
}

/** Pairs of veth ends: same namespace by ifindex; across namespaces by ifindex and the nsid's namespace. */
async function joinVeths(seen: Seen[]): Promise<GCable[]> {
  const cables: GCable[] = []
  const done = new Set<string>()
  const nsidMaps = new Map<Seen, Map<number, Seen | undefined>>()
  const whoHas = async (from: Seen, nsid: number): Promise<Seen | undefined> => {
    let m = nsidMaps.get(from)
    if (m === undefined) nsidMaps.set(from, (m = new Map()))
    if (m.has(nsid)) return m.get(nsid)
    for (const other of seen) {
      if (other === from || [...m.values()].includes(other)) continue
      const id = await from.nl.nsid.get(netnsRef(other.netns)).catch(() => -1)
      if (id >= 0) m.set(id, other)
      if (id === nsid) return other
    }
    m.set(nsid, undefined)
    return undefined
  }
  for (const s of seen) {
    for (const l of s.links) {
      if (l.kind !== 'veth' || l.peer === undefined) continue
      const key = `${s.id}\0${l.index}`
      if (done.has(key)) continue
      const where = l.peer.netnsid === undefined ? s : await whoHas(s, l.peer.netnsid)
      const p = where?.links.find((x) => x.index === l.peer!.index)
      if (where === undefined || p === undefined || p.peer?.index !== l.index) continue
      done.add(key)
      done.add(`${where.id}\0${p.index}`)
      cables.push({ a: { ns: s.id, name: l.name }, b: { ns: where.id, name: p.name } })
    }
  }
  return cables
}

async function readSwitches(machine: Machine, seen: Seen[]): Promise<GSwitch[]> {
  const sw = await machine.ovs().catch(() => undefined)
  if (sw === undefined) return []
  const ovs = await readOvs(sw, '')
  const host = seen[0]!
  const find = (name: string) => [host, ...seen.slice(1)].find((s) => s.g.interfaces.some((i) => i.name === name))
  const out: GSwitch[] = []
  for (const b of ovs.bridges.values()) {
    const home = find(b.name) ?? host
    const own = home.g.interfaces.find((i) => i.name === b.name)
    if (own !== undefined) own.kind = 'ovs-bridge'
    const g: GSwitch = { name: b.name, ns: home.id, ...(b.datapathType ? { datapathType: b.datapathType } : {}), ports: [] }
    for (const p of b.ports.values()) {
      if (p.name === b.name) continue
      const at = find(p.name)
      if (at === undefined) continue
      const i = at.g.interfaces.find((x) => x.name === p.name)!
      i.switch = b.name
      if (p.type === 'internal') i.kind = 'ovs-internal'
      g.ports.push({ ns: at.id, name: p.name })
    }
    out.push(g)
  }
  return out
}
