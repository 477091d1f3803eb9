// Every byte named: decode with a tracer attached and render one line per field —
// offset, length, kernel name, value — nested by indentation. Malformed input still yields
// everything decodable before the error, and the error with its byte offset.
import { toHex } from './core/bytes.js'
import { Decoder } from './core/decoder.js'
import { NetlinkDecodeError } from './core/errors.js'
import { type Message, NLMSG_ERROR, decodeFrames, messageName } from './core/nlmsg.js'
import { type TraceNode, Tracer } from './core/trace.js'
import { bodyFor } from './messages.js'
import { describeNlmsgFlags } from './flags.js'
import { errnoName, errnoText } from './core/errno.js'

export type { TraceNode }

export interface Annotation {
  /** One node per message, fields as children. */
  nodes: TraceNode[]
  /** The messages fully decoded before any error. */
  messages: Message[]
  /** Set when the input is malformed: what could not be decoded, and where. */
  error?: NetlinkDecodeError
}

export function annotate(bytes: Uint8Array, start = 0, end = bytes.length): Annotation {
  const d = new Decoder(bytes)
  const tracer = new Tracer()
  d.trace = tracer
  const messages: Message[] = []
  try {
    messages.push(...decodeFrames(d, start, end, bodyFor))
    return { nodes: tracer.root, messages }
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) throw e
    tracer.unwind()
    // Re-run message by message so `messages` holds those that decoded whole.
    const ok: Message[] = []
    let o = start
    for (;;) {
      try {
        const one = decodeFrames(new Decoder(bytes), o, Math.min(end, o + lenAt(bytes, o, end)), bodyFor)
        if (one.length === 0) break
        ok.push(...one)
        o += (lenAt(bytes, o, end) + 3) & ~3
      } catch {
        break
      }
    }
    return { nodes: tracer.root, messages: ok, error: e }
  }
}

function lenAt(b: Uint8Array, o: number, end: number): number {
  if (end - o < 4) return 0
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
}

export interface RenderOptions {
  /** Also print each field's bytes in hex. */
  hex?: boolean
  /** Absolute offset of an attribute to mark (an error's NLMSGERR_ATTR_OFFS, resolved). */
  mark?: { offset: number; note: string }
  /** Added to the offsets printed: where `bytes` starts in a longer input read piece by piece. */
  base?: number
}

/** The annotated tree as text: `0024  0008  IFLA_MTU  1500` (offset and length in hex), children indented by two spaces. */
export function renderAnnotation(a: Annotation, bytes: Uint8Array, opts: RenderOptions = {}): string {
  const lines: string[] = []
  const marks = opts.mark ? [opts.mark] : []
  for (const n of a.nodes) {
    marks.push(...errorMarks(n))
  }
  const ctx = { msgType: 0 }
  const base = opts.base ?? 0
  const walk = (n: TraceNode, depth: number): void => {
    if (n.name === 'nlmsg_type' && typeof n.value === 'number') ctx.msgType = n.value
    const value = renderValue(n, ctx)
    let line = `${hex4(base + n.offset)}  ${hex4(n.length)}  ${'  '.repeat(depth)}${n.name}${value === '' ? '' : '  ' + value}`
    for (const m of marks) if (m.offset === n.offset && n.attrType !== undefined) line += `   <-- ${m.note}`
    lines.push(line)
    if (opts.hex && n.children === undefined && n.length > 0) {
      lines.push(`${' '.repeat(12)}${'  '.repeat(depth)}${toHex(bytes.subarray(n.offset, n.offset + n.length), ' ')}`)
    }
    for (const c of n.children ?? []) walk(c, depth + 1)
  }
  for (const n of a.nodes) walk(n, 0)
  if (a.error) lines.push(`error: ${a.error.message}`)
  return lines.join('\n')
}

/** For an NLMSG_ERROR with NLMSGERR_ATTR_OFFS: the echoed request's attribute it points at. */
function errorMarks(msgNode: TraceNode): { offset: number; note: string }[] {
  if (msgNode.name !== messageName(NLMSG_ERROR)) return []
  const kids = msgNode.children ?? []
  const req = kids.find((k) => k.name === 'request')
  const offs = findLeaf(kids, 'NLMSGERR_ATTR_OFFS')
  if (!req || typeof offs?.value !== 'number') return []
  const msg = findLeaf(kids, 'NLMSGERR_ATTR_MSG')
  const note = `kernel: ${typeof msg?.value === 'string' ? JSON.stringify(msg.value) : 'offending attribute'}`
  return [{ offset: req.offset + offs.value, note }]
}

function findLeaf(nodes: TraceNode[], name: string): TraceNode | undefined {
  for (const n of nodes) {
    if (n.name === name) return n
    const c = n.children && findLeaf(n.children, name)
    if (c) return c
  }
  return undefined
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0')
}

/**
 * A field's value as the annotation shows it: enum and flag names from its table, nlmsg_type and
 * nlmsg_flags spelled out (the flags' meaning depends on `msgType`), errnos named. '' for a node
 * without a value of its own (a nest, a struct).
 */
export function describeValue(n: TraceNode, msgType: number): string {
  return renderValue(n, { msgType })
}

function renderValue(n: TraceNode, ctx: { msgType: number }): string {
  const v = n.value
  if (v === undefined) return ''
  if (n.name === 'nlmsg_type' && typeof v === 'number') return `${v} ${messageName(v)}`
  if (n.name === 'nlmsg_flags' && typeof v === 'number') return describeNlmsgFlags(v, ctx.msgType)
  if (n.name === 'error' && typeof v === 'number' && v < 0) return `${v} ${errnoName(v)} (${errnoText(v)})`
  if (typeof v === 'number') {
    const e = n.spec?.enumNames?.[v]
    if (e) return `${v} ${e}`
    const f = n.spec?.flagNames
    if (f) {
      const spelled = spellFlags(v, f)
      return spelled === '' ? `0x${v.toString(16)}` : `0x${v.toString(16)} ${spelled}`
    }
    return String(v)
  }
  if (typeof v === 'bigint') return v.toString()
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'boolean') return v ? 'true' : 'false'
  if (v instanceof Uint8Array) return v.length === 0 ? '(empty)' : toHex(v, ' ')
  if (Array.isArray(v)) return `[${v.map((x) => (typeof x === 'bigint' ? x.toString() : JSON.stringify(x))).join(', ')}]`
  if (n.children !== undefined) return ''
  return JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x instanceof Uint8Array ? toHex(x) : x))
}

function spellFlags(v: number, names: Readonly<Record<number, string>>): string {
  const out: string[] = []
  let rest = v
  // Unsigned throughout: JavaScript's bitwise operators are signed 32-bit, so bit 31 would
  // otherwise never match and the rest of 0xffffffff (ifi_change) print as "0x-80000".
  for (const [bit, name] of Object.entries(names)) {
    const b = Number(bit)
    if (b !== 0 && ((v & b) >>> 0) === b) {
      out.push(name)
      rest = (rest & ~b) >>> 0
    }
  }
  if (rest !== 0) out.push(`0x${rest.toString(16)}`)
  return out.join('|')
}
