// show --format mermaid and --format dot: namespaces as boxes (subgraphs, clusters), interfaces
// inside, bridges and switches as hexagons / their own shape, cables as thick lines, bridge
// ports as thin ones.
import { type GIface, type Graph, shownInterfaces } from '../graph.js'

/** Readable node ids (host_br_test01), unique: Mermaid and DOT need plain words. */
const ids = new Map<string, string>()
const taken = new Set<string>()
function idOf(ns: string, name: string): string {
  const k = `${ns}\0${name}`
  let id = ids.get(k)
  if (id === undefined) {
    const base = `${ns}_${name}`.replace(/[^A-Za-z0-9]/g, '_').replace(/^(?=[0-9])/, 'n')
    id = base
    for (let n = 2; taken.has(id); n++) id = `${base}_${n}`
    taken.add(id)
    ids.set(k, id)
  }
  return id
}

function caption(i: GIface, sep: string): string {
  const first = `${i.name}${i.kind ? ` (${i.kind})` : ''}`
  return [first, [i.up ? 'UP' : 'DOWN', i.note].filter(Boolean).join(', '), ...i.addresses].join(sep)
}

/** Ports: of a Linux bridge (same namespace), of an Open vSwitch bridge (anywhere). */
function ports(g: Graph): { from: string; to: string }[] {
  const out: { from: string; to: string }[] = []
  for (const ns of g.namespaces) for (const i of shownInterfaces(ns)) if (i.master !== undefined) out.push({ from: idOf(ns.id, i.master), to: idOf(ns.id, i.name) })
  for (const s of g.switches) for (const p of s.ports) out.push({ from: idOf(s.ns, s.name), to: idOf(p.ns, p.name) })
  return out
}

export function renderMermaid(g: Graph): string {
  const q = (s: string) => s.replace(/"/g, '#quot;')
  const out = ['flowchart TB', `  %% ${g.title}`]
  for (const ns of g.namespaces) {
    out.push(`  subgraph ${idOf(ns.id, 'ns')}["${q(ns.label + (ns.netns ? ` (${ns.netns})` : ''))}"]`)
    for (const i of shownInterfaces(ns)) {
      const text = q(caption(i, '<br/>'))
      out.push(i.kind === 'bridge' || i.kind === 'ovs-bridge' ? `    ${idOf(ns.id, i.name)}{{"${text}"}}` : `    ${idOf(ns.id, i.name)}["${text}"]`)
    }
    out.push('  end')
  }
  for (const p of ports(g)) out.push(`  ${p.from} -.- ${p.to}`)
  for (const c of g.cables) out.push(`  ${idOf(c.a.ns, c.a.name)} === ${idOf(c.b.ns, c.b.name)}`)
  return out.join('\n') + '\n'
}

export function renderDot(g: Graph): string {
  const q = (s: string) => JSON.stringify(s)
  const out = ['graph topology {', `  label=${q(g.title)}; labelloc=t; fontname="Helvetica"; compound=true;`, '  node [fontname="Helvetica", fontsize=10, shape=box, style="rounded,filled", fillcolor=white];']
  g.namespaces.forEach((ns, k) => {
    out.push(`  subgraph cluster_${k} {`, `    label=${q(ns.label + (ns.netns ? ` (${ns.netns})` : ''))}; style="rounded,filled"; fillcolor=${ns.host ? '"#eef3fb"' : '"#f6f6f6"'};`)
    for (const i of shownInterfaces(ns)) {
      const hub = i.kind === 'bridge' || i.kind === 'ovs-bridge'
      out.push(`    ${idOf(ns.id, i.name)} [label=${q(caption(i, '\n'))}${hub ? ', shape=hexagon, fillcolor="#fde9c8"' : ''}${i.up ? '' : ', color=gray50, fontcolor=gray40'}];`)
    }
    out.push('  }')
  })
  for (const p of ports(g)) out.push(`  ${p.from} -- ${p.to} [style=dashed];`)
  for (const c of g.cables) out.push(`  ${idOf(c.a.ns, c.a.name)} -- ${idOf(c.b.ns, c.b.name)} [penwidth=2.5];`)
  out.push('}')
  return out.join('\n') + '\n'
}
