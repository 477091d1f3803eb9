// The file turned into the state the plan compares with the machine: every interface with its
// node, kind and (for a cable end) its peer, in the order things must be made, and the "turn" in
// which each is made. A turn is a node: host first, then the nodes in the file's order. A cable is
// made in the turn of the later of its two ends' nodes (both namespaces exist by then), an
// interface stacked on a parent (macvlan, vxlan dev) no earlier than its parent, and a node's
// routes once all of its interfaces exist. Progress is reported per turn.
import { formatIP, parseIP } from '../../codecs/core/addresses.js'
import type { Placement } from './names.js'
import { HOST, type InterfaceKind, type InterfaceSpec, type RouteSpec, type TopologySpec } from './spec.js'
import { splitEnd } from './validate.js'

export interface End {
  node: string
  name: string
}

export interface DesiredIf {
  node: string
  name: string
  /** undefined: a device that exists already (lo); 'veth': a cable end. */
  kind: InterfaceKind | undefined
  spec: InterfaceSpec
  /** The other end, for a cable end. */
  peer?: End
  /** Canonical CIDRs (RFC 5952 for IPv6). */
  addresses: string[]
  /** The turn it is made in. */
  turn: string
}

export interface DesiredNode {
  node: string
  netns: string | undefined
  interfaces: Map<string, DesiredIf>
  routes: RouteSpec[]
  nsids: Record<string, number>
  /** The turn its routes are added in. */
  routeTurn: string
}

export interface Cable {
  a: End
  b: End
  turn: string
}

export interface Desired {
  nodes: Map<string, DesiredNode>
  cables: Cable[]
  /** The turns, in order. */
  turns: string[]
}

export function canonicalCidr(cidr: string): string {
  const [addr, len] = cidr.split('/') as [string, string]
  const b = parseIP(addr)
  return b === null ? cidr : `${formatIP(b, 0, b.length)}/${Number(len)}`
}

export function canonicalIp(ip: string): string {
  const b = parseIP(ip)
  return b === null ? ip : (formatIP(b, 0, b.length) ?? ip)
}

const STACKED: readonly (InterfaceKind | undefined)[] = ['vxlan', 'macvlan', 'macvtap']

export function desiredState(spec: TopologySpec, place: Placement): Desired {
  const turns = place.nodes()
  const order = new Map(turns.map((t, i) => [t, i]))
  const later = (x: string, y: string) => ((order.get(x) ?? 0) >= (order.get(y) ?? 0) ? x : y)
  const nodes = new Map<string, DesiredNode>()
  for (const node of turns) {
    const n = spec.nodes[node] ?? {}
    const interfaces = new Map<string, DesiredIf>()
    for (const [name, s] of Object.entries(n.interfaces ?? {})) {
      interfaces.set(name, { node, name, kind: s.kind, spec: s, addresses: (s.addresses ?? []).map(canonicalCidr), turn: node })
    }
    nodes.set(node, { node, netns: place.netns(node), interfaces, routes: n.routes ?? [], nsids: n.nsids ?? {}, routeTurn: node })
  }
  const cables: Cable[] = []
  for (const [x, y] of spec.cables ?? []) {
    const [an, ai] = splitEnd(x)
    const [bn, bi] = splitEnd(y)
    const turn = later(an, bn)
    cables.push({ a: { node: an, name: ai }, b: { node: bn, name: bi }, turn })
    for (const [end, other] of [[{ node: an, name: ai }, { node: bn, name: bi }], [{ node: bn, name: bi }, { node: an, name: ai }]] as const) {
      const ifs = nodes.get(end.node)!.interfaces
      const d = ifs.get(end.name) ?? { node: end.node, name: end.name, kind: 'veth', spec: {}, addresses: [], turn }
      d.kind = 'veth'
      d.peer = other
      d.turn = turn
      ifs.set(end.name, d)
    }
  }
  // Stacked interfaces wait for their parent; routes wait for every interface of their node.
  for (const n of nodes.values()) {
    for (const d of n.interfaces.values()) {
      if (!STACKED.includes(d.kind)) continue
      const parent = d.spec.macvlan?.parent ?? d.spec.vxlan?.dev
      const p = parent !== undefined ? n.interfaces.get(parent) : undefined
      if (p !== undefined) d.turn = later(d.turn, p.turn)
    }
    for (const d of n.interfaces.values()) n.routeTurn = later(n.routeTurn, d.turn)
  }
  return { nodes, cables, turns }
}

export { HOST }
