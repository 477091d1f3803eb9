// The page: paste hex or strace text, or drop a pcap / rtmon / fixture file, and look at every
// message as a field tree beside its bytes (Wireshark's packet-bytes pane is the model). The
// decoding is the codecs' annotated tree (model.ts); this file only draws it and links the two
// views. Browser code only: DOM, no Node global.
import type { TraceNode } from '../codecs/annotate.js'
import { describeValue } from '../codecs/annotate.js'
import { nodeJson } from '../codecs/annotate-json.js'
import { toHex } from '../codecs/core/bytes.js'
import { describeNlmsgFlags } from '../codecs/flags.js'
import { type Format, InputProblem, type Model, type Msg, buildModel, summary } from './model.js'

const EXAMPLE =
  '5c000000 10000506 c0dd096b 00000000 00000000 00000000 00000000 00000000 0b000300 76657468\n' +
  '30310000 30001200 08000100 76657468 24000200 20000100 00000000 00000000 00000000 00000000\n' +
  '0b000300 76657468 30320000\n'

const $ = <T extends HTMLElement>(sel: string): T => {
  const e = document.querySelector<T>(sel)
  if (!e) throw new Error(`page: ${sel} missing`)
  return e
}

interface NodeRef {
  id: number
  node: TraceNode
  parent: NodeRef | null
  /** nlmsg_type of the message the node belongs to (nlmsg_flags are spelled by it). */
  msgType: number
  row?: HTMLElement
  kids?: HTMLElement
}

const state: {
  model: Model | null
  msg: Msg | null
  refs: NodeRef[]
  byNode: Map<TraceNode, NodeRef>
  selected: NodeRef | null
  hovered: NodeRef | null
  filter: string
  bytes: HTMLElement[]
} = { model: null, msg: null, refs: [], byNode: new Map(), selected: null, hovered: null, filter: '', bytes: [] }

const hex4 = (n: number): string => n.toString(16).padStart(4, '0')
const dirText = (d: Msg['direction']): string => (d === 'out' ? 'user → kernel' : d === 'in' ? 'kernel → user' : '?')

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag)
  if (cls) e.className = cls
  if (text !== undefined) e.textContent = text
  return e
}

// ------------------------------------------------------------------------------------------
// Input

/** The last input, decoded again when the format is changed. */
let last: { bytes: Uint8Array; name: string } | null = null

function decodeBytes(raw: Uint8Array, name: string): void {
  last = { bytes: raw, name }
  const format = ($<HTMLSelectElement>('#format').value || 'auto') as Format
  const status = $('#status')
  try {
    const model = buildModel(raw, format)
    state.model = model
    document.title = `${name} — nlwire decode`
    const errors = model.messages.filter((m) => m.error).length
    const skipped = Object.entries(model.skipped)
    const skippedText = skipped.length === 0 ? '' : `; left out ${skipped.map(([k, c]) => `${c} on ${k}`).join(', ')} (not rtnetlink)`
    status.textContent = `${name}: ${model.format}, ${model.chunks.length} ${model.chunks.length === 1 ? 'buffer' : 'buffers'}, ${model.messages.length} messages${errors ? `, ${errors} malformed` : ''}${skippedText}`
    status.className = errors ? 'status bad' : 'status'
    renderList()
    const first = model.messages.find((m) => m.error) ?? model.messages[0] ?? null
    selectMessage(first)
  } catch (e) {
    state.model = null
    status.textContent = e instanceof InputProblem ? e.message : `cannot read the input: ${(e as Error).message}`
    status.className = 'status bad'
    renderList()
    selectMessage(null)
  }
  document.body.dataset.ready = '1'
  performance.mark('nlwire-ready')
}

function decodeText(): void {
  const t = $<HTMLTextAreaElement>('#paste').value
  if (t.trim() === '') return
  decodeBytes(new TextEncoder().encode(t), 'pasted text')
}

async function decodeFile(f: File): Promise<void> {
  const buf = new Uint8Array(await f.arrayBuffer())
  // The paste box no longer shows what is decoded.
  $<HTMLTextAreaElement>('#paste').value = ''
  decodeBytes(buf, f.name)
}

function fromBase64(s: string): Uint8Array {
  const bin = atob(s)
  const out = new Uint8Array(bin.length)
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i)
  return out
}

// ------------------------------------------------------------------------------------------
// The message list

function pairText(m: Msg): string {
  if (m.answerOf) return `answers #${m.answerOf.n}`
  if (m.answers.length === 0) return m.direction === 'out' ? 'no answer' : m.seq === 0 ? 'notification' : ''
  return m.answers.map((a) => `${a.type === 2 ? (a.errno === 0 ? 'ack' : 'error') : 'reply'} #${a.n}`).join(', ')
}

function matches(m: Msg, f: string): boolean {
  if (f === '') return true
  if (m.node === null) return 'undecodable bytes'.includes(f)
  let msgType = 0
  const walk = (n: TraceNode): boolean => {
    if (n.name === 'nlmsg_type' && typeof n.value === 'number') msgType = n.value
    if (n.name.toLowerCase().includes(f) || describeValue(n, msgType).toLowerCase().includes(f)) return true
    return (n.children ?? []).some(walk)
  }
  return walk(m.node)
}

function renderList(): void {
  const body = $('#rows')
  body.textContent = ''
  const model = state.model
  $('#empty').hidden = model !== null && model.messages.length > 0
  if (!model) return
  const f = state.filter
  let shown = 0
  for (const m of model.messages) {
    if (!matches(m, f)) continue
    shown++
    const tr = el('tr')
    tr.dataset.n = String(m.n)
    if (m.error) tr.classList.add('malformed')
    if (m.errno !== undefined && m.errno < 0) tr.classList.add('nack')
    const cells = [
      String(m.n),
      m.chunk.label,
      m.direction === 'out' ? 'user → kernel' : m.direction === 'in' ? 'kernel → user' : '?',
      summary(m) + (m.error ? '  ⚠ malformed' : ''),
      String(m.end - m.start),
      m.node ? String(m.seq) : '',
      m.node ? describeNlmsgFlags(m.flags, m.type) : '',
      pairText(m),
    ]
    cells.forEach((c, i) => {
      const td = el('td', ['n', 'src', 'dir', 'type', 'len', 'seq', 'flags', 'pair'][i], c)
      if (i === 2) td.title = dirText(m.direction)
      if (i === 7) linkAnswers(td, m)
      tr.appendChild(td)
    })
    tr.addEventListener('click', () => selectMessage(m))
    if (m === state.msg) tr.classList.add('selected')
    body.appendChild(tr)
  }
  $('#count').textContent = f ? `${shown} of ${model.messages.length} messages match` : `${model.messages.length} messages`
}

/** The answers column with each "#N" a link to that message. */
function linkAnswers(td: HTMLElement, m: Msg): void {
  const targets = m.answerOf ? [m.answerOf] : m.answers
  if (targets.length === 0) return
  td.textContent = ''
  const parts = pairText(m).split(/(#\d+)/)
  for (const p of parts) {
    const hit = /^#(\d+)$/.exec(p)
    const target = hit ? targets.find((x) => x.n === Number(hit[1])) : undefined
    if (!target) {
      td.appendChild(document.createTextNode(p))
      continue
    }
    const a = el('a', 'goto', p)
    a.href = '#'
    a.dataset.goto = String(target.n)
    a.addEventListener('click', (e) => {
      e.preventDefault()
      e.stopPropagation()
      selectMessage(target)
      document.querySelector(`#rows tr[data-n="${target.n}"]`)?.scrollIntoView({ block: 'nearest' })
    })
    td.appendChild(a)
  }
}

function selectMessage(m: Msg | null): void {
  state.msg = m
  state.selected = null
  state.hovered = null
  for (const tr of document.querySelectorAll('#rows tr')) tr.classList.toggle('selected', m !== null && (tr as HTMLElement).dataset.n === String(m.n))
  renderTree()
  renderHex()
  // The kernel's blame is marked (red), not selected: the selection colours would hide it.
  const blamed = m?.extack?.node ? state.byNode.get(m.extack.node) : undefined
  if (blamed) reveal(blamed)
  else if (m?.error) selectByteOffset(m.error.offset, false)
}

// ------------------------------------------------------------------------------------------
// The field tree

function renderTree(): void {
  const box = $('#tree')
  box.textContent = ''
  state.refs = []
  state.byNode = new Map()
  const m = state.msg
  if (!m) return
  const head = el('div', 'pane-title')
  head.append(el('b', undefined, `#${m.n} ${summary(m)}`), el('span', 'muted', `  ${dirText(m.direction)} · ${m.chunk.label} · ${m.end - m.start} bytes at ${hex4(m.start)}`))
  box.appendChild(head)
  if (m.extack) {
    const note = el('div', 'extack-note')
    note.append(el('b', undefined, 'kernel: '), document.createTextNode(JSON.stringify(m.extack.text)))
    note.append(el('span', 'muted', m.extack.node ? `  — the echoed request's ${m.extack.node.name}, marked below` : `  — offset ${m.extack.offset}: no attribute starts there`))
    box.appendChild(note)
  }
  const list = el('div', 'tree')
  box.appendChild(list)
  // One listener each for the whole tree (a link message has hundreds of fields).
  const refOf = (e: Event): NodeRef | undefined => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('.node')
    return row ? state.refs[Number(row.dataset.id)] : undefined
  }
  list.addEventListener('click', (e) => {
    const ref = refOf(e)
    if (!ref) return
    const t = e.target as HTMLElement
    if (t.classList.contains('tog')) toggle(ref)
    else if (t.classList.contains('copy-hex')) copyText(toHex(m.chunk.bytes.subarray(ref.node.offset, ref.node.offset + ref.node.length), ' '), 'hex')
    else if (t.classList.contains('copy-json')) copyText(JSON.stringify(nodeJson(ref.node), null, 2), 'JSON')
    else select(ref, true)
  })
  list.addEventListener('mouseover', (e) => {
    const ref = refOf(e)
    if (ref !== state.hovered) hover(ref ?? null)
  })
  list.addEventListener('mouseleave', () => hover(null))
  if (m.node) {
    let msgType = 0
    const add = (n: TraceNode, parent: NodeRef | null, into: HTMLElement, depth: number): void => {
      if (n.name === 'nlmsg_type' && typeof n.value === 'number') msgType = n.value
      const ref: NodeRef = { id: state.refs.length, node: n, parent, msgType }
      state.refs.push(ref)
      state.byNode.set(n, ref)
      const row = el('div', 'node')
      row.dataset.id = String(ref.id)
      row.dataset.name = n.name
      row.dataset.offset = String(n.offset)
      row.dataset.length = String(n.length)
      row.style.paddingLeft = `${depth * 16 + 4}px`
      const kids = n.children ?? []
      const tog = el('span', 'tog', kids.length ? '▾' : '')
      row.appendChild(tog)
      const isAttr = n.attrType !== undefined
      const unknown = / type \d+$/.test(n.name) || n.name.endsWith('(repeated)')
      row.appendChild(el('span', `name${isAttr ? ' attr' : ''}${unknown ? ' unknown' : ''}`, n.name))
      const value = describeValue(n, msgType)
      if (value !== '') row.appendChild(el('span', 'value', value))
      const meta = isAttr ? `type ${n.attrType! & 0x3fff}${n.attrType! & 0x8000 ? ' nested' : ''} · ` : ''
      row.appendChild(el('span', 'meta', `${meta}${hex4(n.offset)}+${n.length}`))
      const copy = el('span', 'copy')
      const ch = el('button', 'copy-hex', 'hex')
      ch.title = "Copy this field's bytes as hex"
      const cj = el('button', 'copy-json', 'JSON')
      cj.title = 'Copy this field as JSON (the shape of nlwire decode --json)'
      copy.append(ch, cj)
      row.appendChild(copy)
      if (m.extack?.node === n) {
        row.classList.add('blamed')
        row.appendChild(el('span', 'blame-tag', `kernel: ${m.extack.text}`))
      }
      ref.row = row
      into.appendChild(row)
      if (kids.length) {
        const box = el('div', 'kids')
        ref.kids = box
        into.appendChild(box)
        for (const c of kids) add(c, ref, box, depth + 1)
      }
    }
    add(m.node, null, list, 0)
  }
  if (m.error) {
    const e = el('div', 'error-note')
    e.dataset.offset = String(m.error.offset)
    e.append(el('b', undefined, 'malformed: '), document.createTextNode(m.error.message))
    e.append(el('span', 'muted', ` — everything above decoded; the byte at ${hex4(m.error.offset)} is marked in the hex view`))
    box.appendChild(e)
  }
  applyFilterMarks()
}

function toggle(ref: NodeRef, open?: boolean): void {
  if (!ref.kids || !ref.row) return
  const closed = open === undefined ? !ref.kids.hidden : !open
  ref.kids.hidden = closed
  ref.row.querySelector('.tog')!.textContent = closed ? '▸' : '▾'
}

function applyFilterMarks(): void {
  const f = state.filter
  for (const r of state.refs) {
    const hit = f !== '' && (r.node.name.toLowerCase().includes(f) || describeValue(r.node, r.msgType).toLowerCase().includes(f))
    r.row?.classList.toggle('match', hit)
    if (hit) for (let p = r.parent; p; p = p.parent) toggle(p, true)
  }
}

function reveal(ref: NodeRef): void {
  for (let p = ref.parent; p; p = p.parent) toggle(p, true)
  ref.row?.scrollIntoView({ block: 'nearest' })
}

function select(ref: NodeRef | null, fromTree: boolean): void {
  state.selected?.row?.classList.remove('selected')
  state.selected = ref
  if (ref) {
    ref.row?.classList.add('selected')
    if (!fromTree) reveal(ref)
  }
  paintBytes()
  if (ref) state.bytes.find((b) => Number(b.dataset.o) === ref.node.offset)?.scrollIntoView({ block: 'center' })
}

function hover(ref: NodeRef | null): void {
  if (ref === state.hovered) return
  state.hovered = ref
  paintBytes()
}

// ------------------------------------------------------------------------------------------
// The hex view

/** [start, end) of the header part of a node (nlattr header, nlmsghdr) and of its payload. */
function ranges(n: TraceNode): { head: [number, number]; body: [number, number] } {
  const end = n.offset + n.length
  const headLen = n.attrType !== undefined ? 4 : n.children?.[0]?.name === 'nlmsghdr' ? 16 : 0
  const h = Math.min(end, n.offset + headLen)
  return { head: [n.offset, h], body: [h, end] }
}

function renderHex(): void {
  const box = $('#hex')
  box.textContent = ''
  state.bytes = []
  const m = state.msg
  if (!m) return
  const b = m.chunk.bytes
  const end = Math.min(b.length, Math.max(m.end, m.error ? m.error.offset + 1 : 0))
  const grid = el('div', 'hexgrid')
  for (let row = m.start; row < end; row += 16) {
    const line = el('div', 'hexrow')
    line.appendChild(el('span', 'off', hex4(row)))
    const hexs = el('span', 'bytes')
    const asc = el('span', 'ascii')
    for (let o = row; o < row + 16; o++) {
      if (o >= end) {
        hexs.appendChild(el('span', 'b pad', '  '))
        asc.appendChild(el('span', 'a pad', ' '))
        if ((o - row) % 4 === 3) hexs.appendChild(el('span', 'gap'))
        continue
      }
      const x = b[o]!
      const s = el('span', 'b', x.toString(16).padStart(2, '0'))
      s.dataset.o = String(o)
      const a = el('span', 'a', x >= 0x20 && x < 0x7f ? String.fromCharCode(x) : '·')
      a.dataset.o = String(o)
      if (m.error && o === m.error.offset) {
        s.classList.add('err')
        s.title = m.error.message
      }
      hexs.appendChild(s)
      asc.appendChild(a)
      state.bytes.push(s, a)
      if ((o - row) % 4 === 3) hexs.appendChild(el('span', 'gap'))
    }
    line.append(hexs, asc)
    grid.appendChild(line)
  }
  const offsetOf = (e: Event): number | undefined => {
    const o = (e.target as HTMLElement).dataset?.o
    return o === undefined ? undefined : Number(o)
  }
  grid.addEventListener('click', (e) => {
    const o = offsetOf(e)
    if (o !== undefined) selectByteOffset(o, true)
  })
  grid.addEventListener('mouseover', (e) => {
    const o = offsetOf(e)
    hover(o === undefined ? null : innermost(o))
  })
  grid.addEventListener('mouseleave', () => hover(null))
  const head = el('div', 'pane-title')
  head.append(el('b', undefined, 'bytes'), el('span', 'muted', '  offsets in hex, from the start of the buffer · header bytes dark, payload light'))
  box.append(head, grid)
  if (m.error) {
    const e = el('div', 'error-note')
    e.dataset.offset = String(m.error.offset)
    e.append(el('b', undefined, `offset ${hex4(m.error.offset)}: `), document.createTextNode(m.error.message))
    box.appendChild(e)
  }
  const legend = el('div', 'legend')
  for (const [cls, t] of [['sel-h', 'header'], ['sel-p', 'payload'], ['blame', 'blamed by the kernel'], ['err', 'decode error']] as const) {
    const k = el('span', `swatch ${cls}`, '00')
    legend.append(k, el('span', 'muted', ` ${t}  `))
  }
  box.appendChild(legend)
  paintBytes()
}

function paintBytes(): void {
  const sel = state.selected?.node
  const hov = state.hovered?.node
  const blame = state.msg?.extack?.node ?? null
  const sr = sel ? ranges(sel) : null
  const hr = hov ? ranges(hov) : null
  const br = blame ? [blame.offset, blame.offset + blame.length] : null
  const inr = (o: number, r: [number, number] | null | undefined): boolean => r !== null && r !== undefined && o >= r[0] && o < r[1]
  for (const e of state.bytes) {
    const o = Number(e.dataset.o)
    const c = e.classList
    c.toggle('sel-h', inr(o, sr?.head))
    c.toggle('sel-p', inr(o, sr?.body))
    c.toggle('hov-h', inr(o, hr?.head))
    c.toggle('hov-p', inr(o, hr?.body))
    c.toggle('blame', br !== null && o >= br[0] && o < br[1])
  }
  const sb = $('#selection')
  const path: string[] = []
  for (let r = state.selected; r; r = r.parent) path.unshift(r.node.name)
  sb.textContent = sel
    ? `${path.join(' › ')}: offset ${hex4(sel.offset)} (${sel.offset}), ${sel.length} bytes${sel.attrType !== undefined ? `, nla_type ${sel.attrType & 0x3fff}` : ''}`
    : ''
}

/** The innermost node holding byte `o`. */
function innermost(o: number): NodeRef | null {
  let best: NodeRef | null = null
  for (const r of state.refs) {
    const n = r.node
    if (o >= n.offset && o < n.offset + n.length) best = r // refs are in tree order: deeper ones come later
  }
  return best
}

function selectByteOffset(o: number, fromHex: boolean): void {
  const r = innermost(o)
  select(r, false)
  if (fromHex && r === null) $('#selection').textContent = `offset ${hex4(o)}: in no field`
}

// ------------------------------------------------------------------------------------------
// Copy

function copyText(text: string, what: string): void {
  document.body.dataset.lastCopy = text
  const done = (): void => {
    $('#selection').textContent = `copied ${what} (${text.length} characters)`
  }
  const fallback = (): void => {
    const ta = el('textarea')
    ta.value = text
    document.body.appendChild(ta)
    ta.select()
    try {
      document.execCommand('copy')
    } catch {
      // the text stays in data-last-copy
    }
    ta.remove()
    done()
  }
  if (navigator.clipboard?.writeText) navigator.clipboard.writeText(text).then(done, fallback)
  else fallback()
}

// ------------------------------------------------------------------------------------------
// Wiring

function keys(e: KeyboardEvent): void {
  if ((e.target as HTMLElement).closest('textarea, input')) return
  const model = state.model
  if (!model || !state.msg) return
  const rows = [...document.querySelectorAll<HTMLElement>('#rows tr')]
  const i = rows.findIndex((r) => r.dataset.n === String(state.msg!.n))
  const move = (j: number): void => {
    const r = rows[j]
    if (!r) return
    selectMessage(model.messages[Number(r.dataset.n) - 1]!)
    r.scrollIntoView({ block: 'nearest' })
    e.preventDefault()
  }
  if (e.key === 'ArrowDown' || e.key === 'j') move(i + 1)
  if (e.key === 'ArrowUp' || e.key === 'k') move(i - 1)
}

function init(): void {
  $('#decode').addEventListener('click', decodeText)
  $('#toggle-input').addEventListener('click', () => $('#input').classList.toggle('collapsed'))
  $<HTMLTextAreaElement>('#paste').addEventListener('paste', () => setTimeout(decodeText, 0))
  $<HTMLTextAreaElement>('#paste').addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) decodeText()
  })
  $('#example').addEventListener('click', () => {
    $<HTMLTextAreaElement>('#paste').value = EXAMPLE
    decodeText()
  })
  const file = $<HTMLInputElement>('#file')
  $('#open').addEventListener('click', () => file.click())
  file.addEventListener('change', () => {
    if (file.files?.[0]) void decodeFile(file.files[0])
  })
  $<HTMLSelectElement>('#format').addEventListener('change', () => {
    if (state.model && last) decodeBytes(last.bytes, last.name)
  })
  $<HTMLInputElement>('#filter').addEventListener('input', (e) => {
    state.filter = (e.target as HTMLInputElement).value.trim().toLowerCase()
    renderList()
    applyFilterMarks()
  })
  const overlay = $('#drop')
  let depth = 0
  window.addEventListener('dragenter', (e) => {
    e.preventDefault()
    depth++
    overlay.hidden = false
  })
  window.addEventListener('dragleave', () => {
    if (--depth <= 0) {
      depth = 0
      overlay.hidden = true
    }
  })
  window.addEventListener('dragover', (e) => e.preventDefault())
  window.addEventListener('drop', (e) => {
    e.preventDefault()
    depth = 0
    overlay.hidden = true
    const f = e.dataTransfer?.files?.[0]
    if (f) void decodeFile(f)
    else {
      const t = e.dataTransfer?.getData('text/plain')
      if (t) {
        $<HTMLTextAreaElement>('#paste').value = t
        decodeText()
      }
    }
  })
  document.addEventListener('keydown', keys)

  // `nlwire decode --html` embeds its input here.
  const embedded = document.getElementById('nlwire-input')?.textContent ?? 'null'
  const data = JSON.parse(embedded) as { name: string; format: Format; base64: string } | null
  if (data) {
    $<HTMLSelectElement>('#format').value = data.format
    $('#input').classList.add('collapsed')
    decodeBytes(fromBase64(data.base64), data.name)
  } else document.body.dataset.ready = '1'
}

init()
