// The picture of a network, whichever way it was found: from a topology file (what it says) or
// from the machine (show --live: what is there). Renderers (text, Mermaid, DOT, SVG, topology)
// draw this and nothing else.
import { desiredState } from './desired.js'
import { Placement } from './names.js'
import { HOST, type TopologySpec } from './spec.js'

export interface GIface {
  name: string
  /** veth, bridge, vxlan, ... ovs-bridge, ovs-internal; undefined for a plain device (lo). */
  kind?: string
  up: boolean
  /** RFC 2863 state when known ('UP', 'LOWERLAYERDOWN' ...). */
  oper?: string
  addresses: string[]
  /** The Linux bridge (same namespace) it is a port of. */
  master?: string
  /** The Open vSwitch bridge it is a port of. */
  switch?: string
  mtu?: number
  mac?: string
  /** kind-specific facts worth a label: "stp off", "id 42", "on eth0". */
  note?: string
}

export interface GRoute {
  dst: string
  via?: string
  dev?: string
}

export interface GNamespace {
  /** Unique key: the node name (file) or the namespace name (live). */
  id: string
  /** What the picture calls it. */
  label: string
  /** The namespace's real name, when it has one and it differs from the label. */
  netns?: string
  host: boolean
  interfaces: GIface[]
  routes: GRoute[]
}

export interface GEnd {
  ns: string
  name: string
}

export interface GCable {
  a: GEnd
  b: GEnd
}

export interface GSwitch {
  name: string
  /** The namespace holding its own interface (the host). */
  ns: string
  datapathType?: string
  /** Its ports, where their devices are (internal ports may be anywhere). */
  ports: GEnd[]
}

export interface Graph {
  title: string
  namespaces: GNamespace[]
  cables: GCable[]
  switches: GSwitch[]
}

/** What a file says, as a picture. */
export function graphOfSpec(spec: TopologySpec, opts: { prefix?: string; host?: string } = {}): Graph {
  const place = new Placement(spec, opts)
  const d = desiredState(spec, place)
  const namespaces: GNamespace[] = []
  const switches = new Map<string, GSwitch>()
  for (const n of d.nodes.values()) {
    const netns = place.netns(n.node)
    const ifs: GIface[] = []
    for (const i of n.interfaces.values()) {
      const s = i.spec
      const g: GIface = { name: i.name, up: s.up ?? false, addresses: i.addresses }
      if (i.kind !== undefined) g.kind = i.kind
      if (s.master !== undefined) g.master = s.master
      if (s.switch !== undefined) g.switch = s.switch
      if (s.mtu !== undefined) g.mtu = s.mtu
      if (s.mac !== undefined) g.mac = s.mac
      const note = noteOf(i.kind, s.bridge?.stpState, s.vxlan?.id, s.macvlan?.parent ?? s.vxlan?.dev)
      if (note) g.note = note
      ifs.push(g)
      if (i.kind === 'ovs-bridge') switches.set(i.name, { name: i.name, ns: n.node, ...(s.ovs?.datapathType ? { datapathType: s.ovs.datapathType } : {}), ports: [] })
    }
    if (n.node === HOST && ifs.length === 0) continue
    namespaces.push({ id: n.node, label: n.node, ...(netns !== undefined && netns !== n.node ? { netns } : {}), host: n.node === HOST, interfaces: ifs, routes: n.routes.map((r) => ({ dst: r.dst, ...(r.via ? { via: r.via } : {}), ...(r.dev ? { dev: r.dev } : {}) })) })
  }
  for (const ns of namespaces) for (const i of ns.interfaces) if (i.switch !== undefined) switches.get(i.switch)?.ports.push({ ns: ns.id, name: i.name })
  const present = new Set(namespaces.map((n) => n.id))
  return {
    title: place.id,
    namespaces,
    cables: d.cables.filter((c) => present.has(c.a.node) && present.has(c.b.node)).map((c) => ({ a: { ns: c.a.node, name: c.a.name }, b: { ns: c.b.node, name: c.b.name } })),
    switches: [...switches.values()],
  }
}

export function noteOf(kind: string | undefined, stp: number | undefined, vni: number | undefined, parent: string | undefined): string | undefined {
  if (kind === 'bridge' && stp !== undefined) return stp === 0 ? 'stp off' : 'stp on'
  if (kind === 'vxlan' && vni !== undefined) return `vni ${vni}${parent ? ` on ${parent}` : ''}`
  if ((kind === 'macvlan' || kind === 'macvtap') && parent !== undefined) return `on ${parent}`
  return undefined
}

/** The interfaces worth drawing: lo only when it is up, has addresses, or is all there is. */
export function shownInterfaces(ns: GNamespace): GIface[] {
  const others = ns.interfaces.filter((i) => i.name !== 'lo')
  return ns.interfaces.filter((i) => i.name !== 'lo' || i.up || others.length === 0 || i.addresses.some((a) => !a.startsWith('127.') && a !== '::1/128'))
}
