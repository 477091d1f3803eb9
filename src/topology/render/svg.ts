// show --format svg: the tutorial's picture, laid out and written by nlwire (no Graphviz).
// Namespaces are boxes with their interfaces inside; bridges and Open vSwitch bridges are nodes
// above their ports; veth cables are thick lines between their two ends; a port of a switch in
// another namespace (an internal port moved away) hangs from the switch by a dashed line.
//
// Layout: the namespaces holding bridges or switches (usually the host) form the top row; the
// others sit below, in the order of the ports they hang from, so that cables drop straight down;
// each top-row port is placed above its other end. More than MAX_PER_ROW boxes wrap.
import { type GIface, type GNamespace, type Graph, shownInterfaces } from '../graph.js'

const FONT = 12
const CHAR = 7.25 // DejaVu Sans Mono at 12px: 0.6 em
const LINE = 15
const PAD = 8
const GAP = 18
const BOX_GAP = 36
const ROW_GAP = 70
const MAX_PER_ROW = 8
const TITLE_H = 26
const DIP = 38

interface Item {
  ns: GNamespace
  i: GIface
  hub: boolean
  lines: string[]
  w: number
  h: number
  x: number
  y: number
}

interface Box {
  ns: GNamespace
  hubs: Item[]
  row: Item[]
  x: number
  y: number
  w: number
  h: number
  level: number
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
const textW = (s: string) => s.length * CHAR
const natural = (a: string, b: string) => a.localeCompare(b, undefined, { numeric: true })

function item(ns: GNamespace, i: GIface): Item {
  const hub = i.kind === 'bridge' || i.kind === 'ovs-bridge'
  const kind = i.kind === 'ovs-bridge' ? 'Open vSwitch' : i.kind === 'ovs-internal' ? 'ovs internal' : (i.kind ?? 'device')
  const state = !i.up ? 'DOWN' : i.oper === 'LOWERLAYERDOWN' || i.oper === 'DOWN' ? 'UP, no carrier' : 'UP'
  const lines = [i.name, [kind, state, i.note].filter(Boolean).join(' · '), ...i.addresses]
  const w = Math.max(...lines.map(textW)) + 2 * PAD
  return { ns, i, hub, lines, w: Math.max(w, hub ? 150 : 90), h: lines.length * LINE + PAD + 4, x: 0, y: 0 }
}

/** Lay items out in a row starting at x, each at least GAP apart, as near their wanted centres as that allows. */
function place(items: Item[], x0: number, want: (it: Item) => number | undefined): number {
  let x = x0
  for (const it of items) {
    const c = want(it)
    it.x = Math.max(x, c !== undefined ? c - it.w / 2 : x)
    x = it.x + it.w + GAP
  }
  return x - GAP
}

/** A box's title: its label (bold, 13px) and its namespace's name (11px). */
const titleW = (ns: GNamespace) => textW(ns.label) * (13 / 12) + (ns.netns ? 10 + textW(ns.netns) * (11 / 12) : 0)
const all0 = (boxes: Box[]) => boxes.flatMap((b) => [...b.hubs, ...b.row])
const LOCAL_PORT = 'Open vSwitch port'
const REMOTE_PORT = 'Open vSwitch port in another namespace'
const NO_CARRIER = 'up, no carrier'

export function renderSvg(g: Graph): string {
  const labelOf = new Map(g.namespaces.map((n) => [n.id, n.label]))
  const other = new Map<string, { ns: string; name: string }>()
  for (const c of g.cables) {
    other.set(`${c.a.ns}\0${c.a.name}`, c.b)
    other.set(`${c.b.ns}\0${c.b.name}`, c.a)
  }
  const switchOf = new Map<string, { ns: string; name: string }>()
  for (const s of g.switches) for (const p of s.ports) switchOf.set(`${p.ns}\0${p.name}`, { ns: s.ns, name: s.name })
  const key = (ns: string, name: string) => `${ns}\0${name}`

  // Boxes: hubs on top of the row of the other interfaces.
  const boxes: Box[] = g.namespaces.map((ns) => {
    const its = shownInterfaces(ns).map((i) => item(ns, i))
    const hubs = its.filter((x) => x.hub)
    const rank = (x: Item) => {
      const h = hubs.findIndex((b) => b.i.name === x.i.master || b.i.name === x.i.switch)
      return h >= 0 ? h : hubs.length + (other.has(key(ns.id, x.i.name)) ? 0 : 1)
    }
    const row = its.filter((x) => !x.hub).sort((a, b) => rank(a) - rank(b) || natural(a.i.name, b.i.name))
    return { ns, hubs, row, x: 0, y: 0, w: 0, h: 0, level: hubs.length > 0 ? 0 : 1 }
  })
  if (!boxes.some((b) => b.level === 0)) {
    const host = boxes.find((b) => b.ns.host && g.cables.some((c) => c.a.ns === b.ns.id || c.b.ns === b.ns.id))
    if (host) host.level = 0
  }
  const top = boxes.filter((b) => b.level === 0)
  const rest = boxes.filter((b) => b.level !== 0)
  // Below: in the order of the top-row interface (or switch) each box hangs from.
  const topOrder = new Map<string, number>()
  let n = 0
  for (const b of top) for (const it of [...b.hubs, ...b.row]) topOrder.set(key(b.ns.id, it.i.name), n++)
  const anchor = (b: Box) => {
    let best = Infinity
    for (const it of b.row) {
      const o = other.get(key(b.ns.id, it.i.name)) ?? switchOf.get(key(b.ns.id, it.i.name))
      const k = o ? topOrder.get(key(o.ns, o.name)) : undefined
      if (k !== undefined) best = Math.min(best, k)
    }
    return best
  }
  rest.sort((a, b) => anchor(a) - anchor(b) || natural(a.ns.label, b.ns.label))
  const rows: Box[][] = []
  for (let k = 0; k < rest.length; k += MAX_PER_ROW) rows.push(rest.slice(k, k + MAX_PER_ROW))

  // Lower rows first: their interfaces decide where the top row's ports go.
  const MARGIN = 24
  const HEADER = 30
  // A cable with both ends in one box loops below them, inside the box; one between two boxes of
  // a row dips below the row.
  const loops = (b: Box) => g.cables.some((c) => c.a.ns === b.ns.id && c.b.ns === b.ns.id) ? DIP : 0
  const dipsBelow = (row: Box[]) => g.cables.some((c) => c.a.ns !== c.b.ns && row.some((b) => b.ns.id === c.a.ns) && row.some((b) => b.ns.id === c.b.ns)) ? DIP : 0
  const hubBand = (b: Box) => (b.hubs.length ? Math.max(...b.hubs.map((h) => h.h)) + (b.row.length ? ROW_GAP / 1.4 : 0) : 0)
  const topH = top.length > 0 ? Math.max(...top.map((b) => TITLE_H + hubBand(b) + (b.row.length ? Math.max(...b.row.map((r) => r.h)) : 0) + PAD + loops(b))) : 0
  let y = MARGIN + HEADER + (top.length > 0 ? topH + ROW_GAP : 0)
  let width = 0
  // Under a top row, cables come in from above: the box's title goes below its interfaces.
  const titleBelow = top.length > 0
  for (const row of rows) {
    let x = MARGIN
    for (const b of row) {
      b.x = x
      b.y = y
      const end = place(b.row, x + PAD, () => undefined)
      b.w = Math.max(end + PAD - x, titleW(b.ns) + 2 * PAD + 4, 120)
      // Centre the interfaces in a box wider than them.
      const spare = b.x + b.w - PAD - end
      for (const it of b.row) {
        it.x += spare / 2
        it.y = y + (titleBelow ? PAD : TITLE_H)
      }
      b.h = TITLE_H + (b.row.length ? Math.max(...b.row.map((r) => r.h)) : 0) + PAD + loops(b)
      if (titleBelow) b.level = 2
      x += b.w + BOX_GAP
    }
    width = Math.max(width, x - BOX_GAP)
    y += Math.max(...row.map((b) => b.h)) + ROW_GAP + dipsBelow(row)
  }
  const centre = new Map<string, Item>()
  for (const b of rest) for (const it of b.row) centre.set(key(b.ns.id, it.i.name), it)
  // The top row: each port above its other end, hubs above their ports.
  let x = MARGIN
  for (const b of top) {
    b.x = x
    b.y = MARGIN + HEADER
    const rowY = b.y + TITLE_H + hubBand(b)
    const end = place(b.row, x + PAD, (it) => {
      const o = other.get(key(b.ns.id, it.i.name))
      const c = o ? centre.get(key(o.ns, o.name)) : undefined
      return c ? c.x + c.w / 2 : undefined
    })
    for (const it of b.row) it.y = rowY
    const hubCentre = (h: Item) => {
      const xs = b.row.filter((p) => p.i.master === h.i.name || p.i.switch === h.i.name).map((p) => p.x + p.w / 2)
      for (const s of g.switches) if (s.name === h.i.name && s.ns === b.ns.id) for (const p of s.ports) {
        const c = centre.get(key(p.ns, p.name))
        if (c) xs.push(c.x + c.w / 2)
      }
      return xs.length ? (Math.min(...xs) + Math.max(...xs)) / 2 : undefined
    }
    const hubEnd = place(b.hubs, x + PAD, hubCentre)
    for (const h of b.hubs) h.y = b.y + TITLE_H
    const contentEnd = Math.max(end, hubEnd, x + titleW(b.ns) + 2 * PAD)
    b.w = Math.max(contentEnd + PAD - x, top.length === 1 ? width - x : 0)
    b.h = topH
    x += b.w + BOX_GAP
  }
  if (boxes.length === 0) y += ROW_GAP
  const hasCable = g.cables.length > 0
  // The legend shows each kind of line and box exactly as it is drawn below: a switch's port in
  // the switch's own namespace hangs from it by a solid line, one in another namespace (an
  // internal port moved away) by a dashed one.
  const shown = new Set(all0(boxes).map((it) => key(it.ns.id, it.i.name)))
  const hubKinds = new Set(boxes.flatMap((b) => b.row.map((p) => b.hubs.find((h) => h.i.name === p.i.master || h.i.name === p.i.switch)?.i.kind)))
  const hasBridge = [...hubKinds].some((k) => k !== undefined && k !== 'ovs-bridge')
  const hasLocalPort = hubKinds.has('ovs-bridge')
  const hasRemotePort = g.switches.some((s) => shown.has(key(s.ns, s.name)) && s.ports.some((p) => p.ns !== s.ns && shown.has(key(p.ns, p.name))))
  const hasNoCarrier = all0(boxes).some((it) => !it.hub && it.i.up && (it.i.oper === 'LOWERLAYERDOWN' || it.i.oper === 'DOWN'))
  const LEGEND = [
    ...(hasCable ? ['veth cable'] : []),
    ...(hasBridge ? ['bridge port'] : []),
    ...(hasLocalPort ? [LOCAL_PORT] : []),
    ...(hasRemotePort ? [REMOTE_PORT] : []),
    'up',
    ...(hasNoCarrier ? [NO_CARRIER] : []),
    'down',
  ]
  const legendW = LEGEND.reduce((w, t) => w + 34 + textW(t) * (11 / 12) + 24, 0)
  const headerW = textW(g.title) * (14 / 12) + 40 + textW('drawn by nlwire') * (11 / 12)
  width = Math.max(width, x - BOX_GAP, MARGIN + legendW, MARGIN + headerW) + MARGIN
  const legendY = y - ROW_GAP + 34
  const height = legendY + 24

  const all = boxes.flatMap((b) => [...b.hubs, ...b.row])
  const at = new Map(all.map((it) => [key(it.ns.id, it.i.name), it]))
  const out: string[] = []
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${Math.ceil(width)}" height="${Math.ceil(height)}" viewBox="0 0 ${Math.ceil(width)} ${Math.ceil(height)}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="${FONT}">`)
  out.push(`<title>${esc(g.title)}</title>`)
  out.push('<rect width="100%" height="100%" fill="#ffffff"/>')
  out.push(`<text x="${MARGIN}" y="${MARGIN + 12}" font-weight="bold" font-size="14" fill="#263238">${esc(g.title)}</text>`)
  out.push(`<text x="${width - MARGIN}" y="${MARGIN + 12}" text-anchor="end" fill="#90a4ae" font-size="11">drawn by nlwire</text>`)
  for (const b of boxes) {
    const fill = b.ns.host ? '#eef3fb' : '#f6f7f9'
    const stroke = b.ns.host ? '#7c93c3' : '#9aa5b1'
    out.push(`<g class="namespace" data-name="${esc(b.ns.id)}"><rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" rx="10" fill="${fill}" stroke="${stroke}" stroke-width="1.5"/>`)
    const ty = b.level === 2 ? b.y + b.h - 9 : b.y + 18
    out.push(`<text x="${b.x + PAD + 2}" y="${ty}" font-weight="bold" font-size="13" fill="#263238">${esc(b.ns.label)}</text>`)
    if (b.ns.netns) out.push(`<text x="${b.x + PAD + 2 + textW(b.ns.label) * (13 / 12) + 10}" y="${ty}" fill="#78909c" font-size="11">${esc(b.ns.netns)}</text>`)
    out.push('</g>')
  }
  // Lines under the boxes of the interfaces.
  const bottom = (it: Item) => ({ x: it.x + it.w / 2, y: it.y + it.h })
  const topOf = (it: Item) => ({ x: it.x + it.w / 2, y: it.y })
  for (const b of boxes) {
    for (const p of b.row) {
      const h = b.hubs.find((x) => x.i.name === p.i.master || x.i.name === p.i.switch)
      if (!h) continue
      const a = bottom(h)
      const z = topOf(p)
      out.push(`<path d="M${a.x},${a.y} C${a.x},${(a.y + z.y) / 2} ${z.x},${(a.y + z.y) / 2} ${z.x},${z.y}" fill="none" stroke="${h.i.kind === 'ovs-bridge' ? '#5e35b1' : '#e65100'}" stroke-width="1.6"/>`)
    }
  }
  for (const s of g.switches) {
    const h = at.get(key(s.ns, s.name))
    if (!h) continue
    for (const p of s.ports) {
      if (p.ns === s.ns) continue
      const it = at.get(key(p.ns, p.name))
      if (!it) continue
      const a = bottom(h)
      const z = topOf(it)
      out.push(`<path d="M${a.x},${a.y} C${a.x},${(a.y + z.y) / 2} ${z.x},${(a.y + z.y) / 2} ${z.x},${z.y}" fill="none" stroke="#5e35b1" stroke-width="1.6" stroke-dasharray="6 4"/>`)
    }
  }
  for (const c of g.cables) {
    const a = at.get(key(c.a.ns, c.a.name))
    const z = at.get(key(c.b.ns, c.b.name))
    if (!a || !z) continue
    const [u, l] = a.y <= z.y ? [a, z] : [z, a]
    let d: string
    let ends: { x: number; y: number }[]
    if (Math.abs(u.y - l.y) > 1) {
      const p = bottom(u)
      const q = topOf(l)
      d = `M${p.x},${p.y} C${p.x},${(p.y + q.y) / 2} ${q.x},${(p.y + q.y) / 2} ${q.x},${q.y}`
      ends = [p, q]
    } else {
      const p = bottom(u)
      const q = bottom(l)
      const dip = DIP - 4
      d = `M${p.x},${p.y} C${p.x},${p.y + dip} ${q.x},${q.y + dip} ${q.x},${q.y}`
      ends = [p, q]
    }
    out.push(`<path class="cable" d="${d}" fill="none" stroke="#37474f" stroke-width="3.2" stroke-linecap="round"><title>veth ${esc(`${labelOf.get(c.a.ns)}:${c.a.name} <-> ${labelOf.get(c.b.ns)}:${c.b.name}`)}</title></path>`)
    for (const e of ends) out.push(`<circle cx="${e.x}" cy="${e.y}" r="3.5" fill="#37474f"/>`)
  }
  for (const it of all) {
    const up = it.i.up
    const carrier = up && it.i.oper !== 'LOWERLAYERDOWN' && it.i.oper !== 'DOWN'
    const stroke = it.hub ? (it.i.kind === 'ovs-bridge' ? '#5e35b1' : '#e65100') : carrier ? '#2e7d32' : up ? '#c77700' : '#9e9e9e'
    const fill = it.hub ? (it.i.kind === 'ovs-bridge' ? '#ede7f6' : '#fff3e0') : '#ffffff'
    out.push(`<g class="interface" data-name="${esc(it.i.name)}"><rect x="${it.x}" y="${it.y}" width="${it.w}" height="${it.h}" rx="${it.hub ? 14 : 5}" fill="${fill}" stroke="${stroke}" stroke-width="${it.hub ? 2 : 1.6}"${up || it.hub ? '' : ' stroke-dasharray="4 3"'}/>`)
    it.lines.forEach((line, k) => {
      const ty = it.y + PAD + 8 + k * LINE
      out.push(`<text x="${it.x + it.w / 2}" y="${ty}" text-anchor="middle"${k === 0 ? ' font-weight="bold"' : ''} fill="${k === 0 ? '#212121' : k === 1 ? '#546e7a' : '#1565c0'}">${esc(line)}</text>`)
    })
    out.push('</g>')
  }
  // Legend.
  let lx = MARGIN
  const legend = (svg: string, text: string) => {
    out.push(svg.replace(/X/g, String(lx)).replace(/Y/g, String(legendY)))
    out.push(`<text x="${lx + 34}" y="${legendY + 4}" fill="#455a64" font-size="11">${esc(text)}</text>`)
    lx += 34 + textW(text) * (11 / 12) + 24
  }
  if (hasCable) legend(`<line x1="X" y1="Y" x2="${lx + 26}" y2="Y" stroke="#37474f" stroke-width="3.2"/>`, 'veth cable')
  if (hasBridge) legend(`<line x1="X" y1="Y" x2="${lx + 26}" y2="Y" stroke="#e65100" stroke-width="1.6"/>`, 'bridge port')
  if (hasLocalPort) legend(`<line x1="X" y1="Y" x2="${lx + 26}" y2="Y" stroke="#5e35b1" stroke-width="1.6"/>`, LOCAL_PORT)
  if (hasRemotePort) legend(`<line x1="X" y1="Y" x2="${lx + 26}" y2="Y" stroke="#5e35b1" stroke-width="1.6" stroke-dasharray="6 4"/>`, REMOTE_PORT)
  legend(`<rect x="X" y="${legendY - 7}" width="26" height="14" rx="3" fill="#fff" stroke="#2e7d32" stroke-width="1.6"/>`, 'up')
  if (hasNoCarrier) legend(`<rect x="X" y="${legendY - 7}" width="26" height="14" rx="3" fill="#fff" stroke="#c77700" stroke-width="1.6"/>`, NO_CARRIER)
  legend(`<rect x="X" y="${legendY - 7}" width="26" height="14" rx="3" fill="#fff" stroke="#9e9e9e" stroke-width="1.6" stroke-dasharray="4 3"/>`, 'down')
  out.push('</svg>')
  return out.join('\n') + '\n'
}
