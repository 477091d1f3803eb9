// show --live --format topology: what is on the machine, written back as a topology file that
// `nlwire up` accepts. Interfaces of kinds a file can make are written with their kind (veths as
// cables); other devices (lo, eth0, tun ...) as devices that exist, with what a file can set on
// them. Only what differs from a fresh interface is written: its MTU if not 1500, up if up.
import type { Graph } from '../graph.js'
import type { InterfaceSpec, NodeSpec, RouteSpec, TopologySpec } from '../spec.js'
import { HOST } from '../spec.js'

const MAKES = new Set(['bridge', 'vxlan', 'macvlan', 'macvtap', 'ovs-bridge', 'ovs-internal'])
/** Node names of a file: the namespace's label where it is one, else a safe version of it. */
const nodeName = (label: string) => label.replace(/[^A-Za-z0-9_.+-]/g, '_').slice(0, 64) || 'ns'

export function graphToTopology(g: Graph, name = 'live'): TopologySpec {
  const nodes: Record<string, NodeSpec> = {}
  const nameOf = new Map<string, string>()
  const used = new Set<string>([HOST])
  for (const ns of g.namespaces) {
    if (ns.host) {
      nameOf.set(ns.id, HOST)
      continue
    }
    let n = nodeName(ns.label)
    while (used.has(n)) n = `${n}_`
    used.add(n)
    nameOf.set(ns.id, n)
  }
  const cableEnds = new Set(g.cables.flatMap((c) => [`${c.a.ns}\0${c.a.name}`, `${c.b.ns}\0${c.b.name}`]))
  for (const ns of g.namespaces) {
    const interfaces: Record<string, InterfaceSpec> = {}
    for (const i of ns.interfaces) {
      if (!/^(?!\.\.?$)[A-Za-z0-9_.+@-]{1,15}$/.test(i.name)) continue
      const veth = cableEnds.has(`${ns.id}\0${i.name}`)
      const kind = veth ? undefined : i.kind !== undefined && MAKES.has(i.kind) ? i.kind : undefined
      const s: InterfaceSpec = {}
      if (kind !== undefined) s.kind = kind as InterfaceSpec['kind']
      if (i.up) s.up = true
      if (i.mtu !== undefined && i.mtu !== 1500 && i.name !== 'lo' && i.mtu >= 68 && i.mtu <= 65535) s.mtu = i.mtu
      const addrs = i.addresses.filter((a) => !(i.name === 'lo' && (a.startsWith('127.') || a === '::1/128')))
      if (addrs.length) s.addresses = addrs
      if (i.master !== undefined) s.master = i.master
      if (i.switch !== undefined) s.switch = i.switch
      if (kind === 'bridge' && i.note !== undefined) s.bridge = { stpState: i.note === 'stp off' ? 0 : 1 }
      if (kind === 'ovs-bridge') {
        const sw = g.switches.find((x) => x.name === i.name)
        if (sw?.datapathType) s.ovs = { datapathType: sw.datapathType }
      }
      // A plain device is written only when there is something to say about it.
      if (kind === undefined && !veth && Object.keys(s).length === 0) continue
      if (kind === undefined && !veth && i.kind !== undefined && i.kind !== 'veth') continue // tun, dummy ...: not a file's to make
      interfaces[i.name] = s
    }
    const routes: RouteSpec[] = ns.routes.filter((r) => r.via !== undefined || r.dev !== undefined).map((r): RouteSpec => (r.via !== undefined ? { dst: r.dst, via: r.via } : { dst: r.dst, dev: r.dev! }))
    for (const r of routes) if (r.dev !== undefined && !(r.dev in interfaces)) interfaces[r.dev] = {}
    const node: NodeSpec = {}
    if (Object.keys(interfaces).length) node.interfaces = interfaces
    if (routes.length) node.routes = routes
    nodes[nameOf.get(ns.id)!] = node
  }
  const spec: TopologySpec = { name, nodes }
  const cables = g.cables.map((c) => [`${nameOf.get(c.a.ns)}:${c.a.name}`, `${nameOf.get(c.b.ns)}:${c.b.name}`] as [string, string])
  if (cables.length) spec.cables = cables
  return spec
}

export async function renderTopology(g: Graph, name?: string): Promise<string> {
  const { Document, isMap, isScalar, isSeq, visit } = await import('yaml')
  const doc = new Document(graphToTopology(g, name), { version: '1.2' })
  // Short collections of plain values on one line, as people write them: [192.168.88.1/24].
  visit(doc, {
    Collection(_, node) {
      const items = node.items as unknown[]
      const plain = items.every((i) => isScalar(i) || (isMap(node) && isScalar((i as { value?: unknown }).value)))
      if (plain && (isSeq(node) || isMap(node)) && JSON.stringify(node.toJSON()).length <= 64) node.flow = true
    },
  })
  return `# ${g.title}, as a topology file (nlwire show --live --format topology)\n` + doc.toString({ lineWidth: 0, flowCollectionPadding: true })
}
