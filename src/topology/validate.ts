// Checks a parsed topology file before anything touches the machine, and says every problem at
// once, each as `PATH: VALUE is not ...` (nodes.ns1.routes[0].via: "10.0.0.300" is not an IP
// address). Two passes: the shape, walking the same table the JSON Schema is generated from
// (schema.ts), then the references a schema cannot express (a master that is a bridge of the
// same node, a cable end whose node exists, ...).
import { TopologyFileError, type Problem } from './errors.js'
import { PATTERNS, TOPOLOGY, type Field } from './schema.js'
import { HOST, type InterfaceSpec, type TopologySpec } from './spec.js'

const compiled = new Map<string, RegExp>()
function pattern(name: keyof typeof PATTERNS): RegExp {
  let r = compiled.get(name)
  if (r === undefined) compiled.set(name, (r = new RegExp(PATTERNS[name].regex, 'u')))
  return r
}

/** `nodes.ns1.routes[0].via`; keys that are not plain words are quoted: nodes["a.b"]. */
export function joinPath(base: string, key: string | number): string {
  if (typeof key === 'number') return `${base}[${key}]`
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return base === '' ? key : `${base}.${key}`
  return `${base}[${JSON.stringify(key)}]`
}

export function show(v: unknown): string {
  if (v === undefined) return 'undefined'
  const s = JSON.stringify(v)
  return s.length > 60 ? `${s.slice(0, 57)}...` : s
}

function typeName(v: unknown): string {
  if (v === null) return 'null'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  return `a ${typeof v}`
}

function walk(f: Field, v: unknown, path: string, out: Problem[]): void {
  const bad = (message: string): void => void out.push({ path, message })
  switch (f.type) {
    case 'string':
      if (typeof v !== 'string') return bad(`${show(v)} is not a string`)
      if (f.enum && !f.enum.includes(v)) return bad(`${show(v)} is not one of ${f.enum.join(', ')}`)
      if (f.pattern && !pattern(f.pattern).test(v)) return bad(`${show(v)} ${PATTERNS[f.pattern].not}`)
      return
    case 'integer':
      if (typeof v !== 'number' || !Number.isInteger(v)) return bad(`${show(v)} is not an integer`)
      if (v < f.minimum || v > f.maximum) return bad(`${v} is outside ${f.minimum}..${f.maximum}`)
      return
    case 'boolean':
      if (typeof v !== 'boolean') return bad(`${show(v)} is not true or false`)
      return
    case 'array': {
      if (!Array.isArray(v)) return bad(`${show(v)} is not a list`)
      if (f.minItems !== undefined && f.minItems === f.maxItems && v.length !== f.minItems) return bad(`${show(v)} must have exactly ${f.minItems} elements`)
      if (f.minItems !== undefined && v.length < f.minItems) return bad(`${show(v)} must have at least ${f.minItems} elements`)
      if (f.maxItems !== undefined && v.length > f.maxItems) return bad(`${show(v)} must have at most ${f.maxItems} elements`)
      v.forEach((x, i) => walk(f.items, x, joinPath(path, i), out))
      if (f.unique) {
        const seen = new Set<string>()
        v.forEach((x, i) => {
          const k = JSON.stringify(x)
          if (seen.has(k)) out.push({ path: joinPath(path, i), message: `${show(x)} is listed twice` })
          seen.add(k)
        })
      }
      return
    }
    case 'map': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad(`${typeName(v)} where a mapping was expected`)
      for (const [k, x] of Object.entries(v)) {
        if (!pattern(f.keys).test(k)) out.push({ path: joinPath(path, k), message: `${show(k)} ${PATTERNS[f.keys].not}` })
        else walk(f.values, x, joinPath(path, k), out)
      }
      return
    }
    case 'object': {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return bad(`${typeName(v)} where a mapping was expected`)
      const o = v as Record<string, unknown>
      for (const r of f.required ?? []) if (!(r in o)) out.push({ path, message: `${r} is required` })
      for (const [k, x] of Object.entries(o)) {
        const sub = f.properties[k]
        if (sub === undefined) out.push({ path: joinPath(path, k), message: `unknown field (expected ${closest(k, Object.keys(f.properties))})` })
        else walk(sub, x, joinPath(path, k), out)
      }
      for (const [prop, kinds] of Object.entries(f.onlyWithKind ?? {})) {
        if (prop in o && !kinds.includes(o.kind as string)) {
          out.push({ path: joinPath(path, prop), message: `only for kind ${kinds.join(' or ')}${o.kind === undefined ? ' (this interface has no kind)' : `, not ${show(o.kind)}`}` })
        }
      }
      return
    }
  }
}

/** "one of a, b, c", or "mtu?" first when the key is one typo away from a known one. */
function closest(key: string, known: string[]): string {
  const near = known.find((k) => distance(k.toLowerCase(), key.toLowerCase()) <= 2)
  return near !== undefined ? `${near}? the fields are ${known.join(', ')}` : `one of ${known.join(', ')}`
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)])
  for (let j = 1; j <= b.length; j++) d[0]![j] = j
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
  }
  return d[a.length]![b.length]!
}

/** The shape only (what the JSON Schema says): the problems, none when it fits. */
export function shapeProblems(value: unknown): Problem[] {
  const out: Problem[] = []
  walk(TOPOLOGY, value, '', out)
  for (const p of out) if (p.path === '') p.path = '(top level)'
  return out
}

const isV6 = (s: string) => s.includes(':')

/** The references between names, on a value of the right shape. */
export function referenceProblems(spec: TopologySpec): Problem[] {
  const out: Problem[] = []
  const nodes = spec.nodes
  const nodeNames = new Set([HOST, ...Object.keys(nodes)])
  const ifaces = (node: string): Record<string, InterfaceSpec> => nodes[node]?.interfaces ?? {}
  const ifPath = (node: string, name: string) => joinPath(joinPath(joinPath('nodes', node), 'interfaces'), name)

  // Cables: ends in declared nodes, distinct, each interface on one cable at most.
  const cableEnd = new Map<string, string>()
  ;(spec.cables ?? []).forEach((c, i) => {
    c.forEach((end, j) => {
      const path = `cables[${i}][${j}]`
      const [node, name] = splitEnd(end)
      if (!nodeNames.has(node)) return void out.push({ path, message: `${show(end)}: there is no node ${node} (declare it under nodes, even as ${node}: {})` })
      if (cableEnd.has(end)) return void out.push({ path, message: `${show(end)} is already an end of ${cableEnd.get(end)}` })
      cableEnd.set(end, `cables[${i}]`)
      const kind = ifaces(node)[name]?.kind
      if (kind !== undefined && kind !== 'veth') out.push({ path, message: `${show(end)} is declared with kind ${kind}; a cable end is a veth` })
      if (name === 'lo') out.push({ path, message: `${show(end)}: lo cannot be a cable end` })
    })
  })

  const ovsBridges = new Set<string>()
  for (const [name, i] of Object.entries(ifaces(HOST))) if (i.kind === 'ovs-bridge') ovsBridges.add(name)
  const ovsNames = new Map<string, string>()

  for (const [node, n] of Object.entries(nodes)) {
    const here = ifaces(node)
    const isCableEnd = (name: string) => cableEnd.has(`${node}:${name}`)
    for (const [name, i] of Object.entries(here)) {
      const p = ifPath(node, name)
      if (name === 'lo' && i.kind !== undefined) out.push({ path: joinPath(p, 'kind'), message: 'lo exists in every namespace; it takes no kind' })
      if (i.kind === 'veth' && !isCableEnd(name)) out.push({ path: joinPath(p, 'kind'), message: `a veth is made by a cable: add [${node}:${name}, NODE:INTERFACE] to cables` })
      if (i.master !== undefined) {
        if (i.master === name) out.push({ path: joinPath(p, 'master'), message: `${show(i.master)} is the interface itself` })
        else if (here[i.master]?.kind !== 'bridge') out.push({ path: joinPath(p, 'master'), message: `${show(i.master)} is not a bridge of node ${node}` })
        if (i.switch !== undefined) out.push({ path: joinPath(p, 'switch'), message: 'an interface has a master or a switch, not both' })
      }
      if (i.switch !== undefined && !ovsBridges.has(i.switch)) out.push({ path: joinPath(p, 'switch'), message: `${show(i.switch)} is not an ovs-bridge interface of node host` })
      if (i.kind === 'ovs-bridge' && node !== HOST) out.push({ path: joinPath(p, 'kind'), message: 'an ovs-bridge lives in the host (the namespace ovs-vswitchd runs in)' })
      if (i.kind === 'ovs-bridge' && (i.master !== undefined || i.switch !== undefined)) out.push({ path: p, message: 'an ovs-bridge cannot be a port of another bridge' })
      if (i.kind === 'ovs-internal' && i.switch === undefined) out.push({ path: joinPath(p, 'switch'), message: 'an ovs-internal port needs switch: OVS-BRIDGE' })
      if (i.kind === 'ovs-bridge' || i.kind === 'ovs-internal') {
        const prev = ovsNames.get(name)
        if (prev !== undefined) out.push({ path: p, message: `Open vSwitch port names are one name space: ${name} is also ${prev}` })
        ovsNames.set(name, p)
      }
      if (i.macvlan !== undefined && i.macvlan.parent !== undefined && !(i.macvlan.parent in here) && !isCableEnd(i.macvlan.parent)) {
        out.push({ path: joinPath(joinPath(p, 'macvlan'), 'parent'), message: `${show(i.macvlan.parent)} is not an interface of node ${node} (declare it, even as ${i.macvlan.parent}: {})` })
      }
      if ((i.kind === 'macvlan' || i.kind === 'macvtap') && i.macvlan === undefined) out.push({ path: p, message: `a ${i.kind} needs macvlan: { parent: INTERFACE }` })
      if (i.kind === 'vxlan' && i.vxlan === undefined) out.push({ path: p, message: 'a vxlan needs vxlan: { id: VNI }' })
      if (i.vxlan?.dev !== undefined && !(i.vxlan.dev in here) && !isCableEnd(i.vxlan.dev)) {
        out.push({ path: joinPath(joinPath(p, 'vxlan'), 'dev'), message: `${show(i.vxlan.dev)} is not an interface of node ${node}` })
      }
      if (i.vxlan?.remote !== undefined && i.vxlan.group !== undefined) out.push({ path: joinPath(p, 'vxlan'), message: 'remote and group exclude each other (both are IFLA_VXLAN_GROUP)' })
    }
    // The ports of an OVS bridge are in the host or, for internal ports, anywhere.
    ;(n.routes ?? []).forEach((r, k) => {
      const p = joinPath(joinPath(joinPath('nodes', node), 'routes'), k)
      const dstFamily = r.dst === 'default' ? undefined : isV6(r.dst)
      for (const key of ['via', 'src'] as const) {
        const a = r[key]
        if (a !== undefined && dstFamily !== undefined && isV6(a) !== dstFamily) out.push({ path: joinPath(p, key), message: `${show(a)} is not of the family of ${r.dst}` })
      }
      if (r.dev !== undefined && !(r.dev in here) && !isCableEnd(r.dev)) out.push({ path: joinPath(p, 'dev'), message: `${show(r.dev)} is not an interface of node ${node}` })
      if (r.via === undefined && r.dev === undefined) out.push({ path: p, message: 'a route needs via or dev' })
    })
    const ids = new Map<number, string>()
    for (const [other, id] of Object.entries(n.nsids ?? {})) {
      const p = joinPath(joinPath(joinPath('nodes', node), 'nsids'), other)
      if (!nodeNames.has(other)) out.push({ path: p, message: `there is no node ${other}` })
      else if (other === node) out.push({ path: p, message: 'a namespace has no nsid for itself' })
      if (ids.has(id)) out.push({ path: p, message: `${id} is also the nsid of ${ids.get(id)}` })
      ids.set(id, other)
    }
  }
  // A duplicate route (same destination, table and metric) would make the second add fail.
  for (const [node, n] of Object.entries(nodes)) {
    const keys = new Map<string, number>()
    ;(n.routes ?? []).forEach((r, k) => {
      const key = `${r.dst}|${r.table ?? 254}|${r.metric ?? ''}`
      if (keys.has(key)) out.push({ path: `${joinPath(joinPath('nodes', node), 'routes')}[${k}]`, message: `the same destination, table and metric as routes[${keys.get(key)}]` })
      keys.set(key, k)
    })
  }
  return out
}

export function splitEnd(end: string): [string, string] {
  const i = end.lastIndexOf(':')
  return [end.slice(0, i), end.slice(i + 1)]
}

/** The value as a TopologySpec, or TopologyFileError with every problem. */
export function validateTopology(value: unknown, source = 'topology'): TopologySpec {
  const shape = shapeProblems(value)
  if (shape.length > 0) throw new TopologyFileError(source, shape)
  const spec = value as TopologySpec
  const refs = referenceProblems(spec)
  if (refs.length > 0) throw new TopologyFileError(source, refs)
  return spec
}
