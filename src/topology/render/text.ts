// show --format text: one tree per namespace; a bridge's ports under it, every veth end with
// where its other end is, routes last.
import { type GIface, type Graph, shownInterfaces } from '../graph.js'

export function renderText(g: Graph): string {
  const peer = new Map<string, string>()
  const labelOf = new Map(g.namespaces.map((n) => [n.id, n.label]))
  for (const c of g.cables) {
    peer.set(`${c.a.ns}\0${c.a.name}`, `${labelOf.get(c.b.ns) ?? c.b.ns}:${c.b.name}`)
    peer.set(`${c.b.ns}\0${c.b.name}`, `${labelOf.get(c.a.ns) ?? c.a.ns}:${c.a.name}`)
  }
  const out: string[] = [g.title]
  for (const ns of g.namespaces) {
    out.push('')
    out.push(`${ns.label}${ns.netns ? ` (${ns.netns})` : ''}`)
    const ifs = shownInterfaces(ns)
    const isHub = (i: GIface) => i.kind === 'bridge' || i.kind === 'ovs-bridge'
    const top = ifs.filter((i) => i.master === undefined && !(i.switch !== undefined && ifs.some((h) => h.name === i.switch)))
    const rows: string[] = []
    const line = (i: GIface) => {
      const parts = [i.name, i.kind ?? 'device', i.up ? 'UP' : 'DOWN']
      if (i.oper !== undefined && i.up && i.oper !== 'UP' && i.oper !== 'UNKNOWN') parts[2] += ` (${i.oper})`
      if (i.note) parts.push(i.note)
      if (i.switch !== undefined && !ifs.some((h) => h.name === i.switch)) parts.push(`port of ${i.switch}`)
      parts.push(...i.addresses)
      const p = peer.get(`${ns.id}\0${i.name}`)
      if (p) parts.push(`<-> ${p}`)
      return parts.join('  ')
    }
    const items: { text: string; children: string[] }[] = top.map((i) => ({
      text: line(i),
      children: isHub(i) ? ifs.filter((p) => p.master === i.name || p.switch === i.name).map(line) : [],
    }))
    for (const r of ns.routes) items.push({ text: `route ${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev ? ` dev ${r.dev}` : ''}`, children: [] })
    items.forEach((it, k) => {
      const last = k === items.length - 1
      rows.push(`${last ? '└─ ' : '├─ '}${it.text}`)
      it.children.forEach((c, j) => rows.push(`${last ? '   ' : '│  '}${j === it.children.length - 1 ? '└─ ' : '├─ '}${c}`))
    })
    if (rows.length === 0) rows.push('└─ (nothing)')
    out.push(...rows)
  }
  return out.join('\n') + '\n'
}
