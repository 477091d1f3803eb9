// The decoder fuzzer shared by test/fuzz.test.ts (a bounded seeded pass in npm test) and
// `npm run fuzz` (scripts/fuzz/main.ts: any count, on captured and live messages). For each case:
//   - decode() returns or throws NetlinkDecodeError — nothing else;
//   - annotate() returns (a malformed input is reported in its result) — it never throws;
//   - when decode() returns, encode() of the result does not throw, and decoding those bytes again
//     gives the same value (decode(encode(decode(x))) deep-equals decode(x));
//   - and encode(decode(x)) is x byte for byte, except padding: the bytes no field covers (struct
//     pads, attribute padding, as annotate() lays them out) are written as zeros, and a buffer's
//     padding after its last message is not written (encode stops at that message's nlmsg_len).
// Mutations: bit flips, byte sets, truncation, nlmsg_len and nla_len corruption (at the offsets of
// the real headers), attribute type changes, the family byte of fixed headers, splices of two
// inputs; and random garbage, half of it behind a plausible nlmsghdr.
import { NetlinkDecodeError, annotate, decode, encode, toHex, type Message, type TraceNode } from '../../codecs/index.js'
import { frames } from '../capture/annotate.js'

/** mulberry32: small, fast, seedable. */
export function rng(seed: number): () => number {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let x = a
    x = Math.imul(x ^ (x >>> 15), x | 1)
    x ^= x + Math.imul(x ^ (x >>> 7), x | 61)
    return ((x ^ (x >>> 14)) >>> 0) / 4294967296
  }
}
let random = rng(0x6e6c7769)
/** Start the case sequence over from `seed`. */
export function seed(s: number): void {
  random = rng(s)
}
export const below = (n: number): number => Math.floor(random() * n)
export const pick = <T>(a: readonly T[]): T => a[below(a.length)]!

export interface Corpus {
  name: string
  bytes: Uint8Array
  /** Offsets of every nlmsghdr (messages and echoed requests). */
  msgs: number[]
  /** Offsets of every attribute header, with its length. */
  attrs: { offset: number; length: number }[]
}

/** One input for the mutators: its bytes, where its messages and attributes are. */
export function corpusEntry(name: string, bytes: Uint8Array): Corpus {
  const msgs = (frames(bytes) ?? []).map((fr) => fr.offset)
  const attrs: Corpus['attrs'] = []
  const walk = (nodes: ReturnType<typeof annotate>['nodes']): void => {
    for (const n of nodes) {
      if (n.attrType !== undefined) attrs.push({ offset: n.offset, length: n.length })
      if (n.name === 'request' && n.children?.[0]) msgs.push(n.children[0].offset)
      if (n.children) walk(n.children)
    }
  }
  walk(annotate(bytes).nodes)
  return { name, bytes: Uint8Array.from(bytes), msgs, attrs }
}

export function newStats(): Stats {
  return { decoded: 0, rejected: 0, exact: 0, padding: 0, echoGap: 0, utf8Gap: 0, headerPadGap: 0 }
}

const INTERESTING_U8 = [0, 1, 2, 3, 4, 5, 7, 8, 0x0f, 0x10, 0x7f, 0x80, 0xfe, 0xff]
const setU16 = (b: Uint8Array, o: number, v: number): void => {
  if (o + 2 > b.length) return
  b[o] = v & 0xff
  b[o + 1] = (v >> 8) & 0xff
}
const setU32 = (b: Uint8Array, o: number, v: number): void => {
  if (o + 4 > b.length) return
  new DataView(b.buffer, b.byteOffset, b.byteLength).setUint32(o, v >>> 0, true)
}

export type Mutator = (c: Corpus, all: Corpus[]) => Uint8Array

export const MUTATORS: [string, Mutator][] = [
  ['bit flips', (c) => {
    const b = Uint8Array.from(c.bytes)
    for (let k = 1 + below(4); k > 0 && b.length > 0; k--) b[below(b.length)]! ^= 1 << below(8)
    return b
  }],
  ['byte sets', (c) => {
    const b = Uint8Array.from(c.bytes)
    for (let k = 1 + below(3); k > 0 && b.length > 0; k--) b[below(b.length)] = random() < 0.7 ? pick(INTERESTING_U8) : below(256)
    return b
  }],
  ['truncation', (c) => c.bytes.slice(0, below(c.bytes.length + 1))],
  ['truncation, nlmsg_len following', (c) => {
    const n = below(c.bytes.length + 1)
    const b = c.bytes.slice(0, n)
    if (c.msgs.length > 0) setU32(b, 0, n)
    return b
  }],
  ['nlmsg_len', (c) => {
    const b = Uint8Array.from(c.bytes)
    if (c.msgs.length === 0) return b
    const o = pick(c.msgs)
    const len = new DataView(b.buffer).getUint32(o, true)
    setU32(b, o, pick([0, 1, 15, 16, 17, len - 1, len + 1, len - 4, len + 4, b.length - o, b.length - o + 1, 0xffffffff, below(0x10000)]))
    return b
  }],
  ['nla_len', (c) => {
    const b = Uint8Array.from(c.bytes)
    if (c.attrs.length === 0) return b
    const a = pick(c.attrs)
    setU16(b, a.offset, pick([0, 1, 2, 3, 4, 5, 8, a.length - 1, a.length + 1, a.length - 4, a.length + 4, a.length * 2, 0xffff, below(0x10000)]))
    return b
  }],
  ['nla_type', (c) => {
    const b = Uint8Array.from(c.bytes)
    if (c.attrs.length === 0) return b
    const a = pick(c.attrs)
    const type = b[a.offset + 2]! | (b[a.offset + 3]! << 8)
    setU16(b, a.offset + 2, random() < 0.5 ? type ^ 0x8000 : (type & 0xc000) | below(80))
    return b
  }],
  ['header family', (c) => {
    // The family byte of a message's fixed header picks tables (IFLA_PROTINFO, address sizes ...).
    const b = Uint8Array.from(c.bytes)
    if (c.msgs.length === 0) return b
    const o = pick(c.msgs) + 16
    if (o < b.length) b[o] = pick([0, 1, 2, 7, 10, 28, 128, 129, below(256)])
    return b
  }],
  ['splice', (c, all) => {
    const d = pick(all)
    const head = c.bytes.subarray(0, below(c.bytes.length + 1))
    const tail = d.bytes.subarray(below(d.bytes.length + 1))
    const b = new Uint8Array(head.length + tail.length)
    b.set(head)
    b.set(tail, head.length)
    return b
  }],
]

const TYPES = [2, 3, 16, 17, 18, 19, 20, 21, 22, 24, 25, 26, 28, 29, 30, 80, 81, 82, 88, 89, 90, 108, 109, 0x7777]

/** Random bytes; half of them behind a plausible nlmsghdr so the body decoders see them. */
export function garbage(): Uint8Array {
  const n = below(200)
  const b = new Uint8Array(random() < 0.5 ? n : n + 16)
  for (let i = 0; i < b.length; i++) b[i] = below(256)
  if (b.length >= 16 && b.length > n) {
    setU32(b, 0, b.length)
    setU16(b, 4, pick(TYPES))
    setU16(b, 6, below(0x10000) & (random() < 0.5 ? 0x0fff : 0xffff))
  }
  return b
}

/** Deep equality of decoded values: plain objects, arrays, byte arrays, bigints. */
function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true
  if (a instanceof Uint8Array || b instanceof Uint8Array) {
    if (!(a instanceof Uint8Array && b instanceof Uint8Array) || a.length !== b.length) return false
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
    return true
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!(Array.isArray(a) && Array.isArray(b)) || a.length !== b.length) return false
    return a.every((x, i) => sameValue(x, b[i]))
  }
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false
  const ka = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined)
  const kb = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined)
  if (ka.length !== kb.length) return false
  return ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
}

export interface Failure {
  what: string
  source: string
  hex: string
  error: string
}

/** Bytes some field covers: attribute headers, leaf fields. The rest is padding. */
function meaningful(nodes: TraceNode[], out: Uint8Array): void {
  for (const n of nodes) {
    if (n.attrType !== undefined) out.fill(1, n.offset, n.offset + 4)
    if (n.children !== undefined) meaningful(n.children, out)
    else if (n.attrType === undefined || n.length > 4) out.fill(1, n.attrType !== undefined ? n.offset + 4 : n.offset, n.offset + n.length)
  }
}

const NLMSG_ERROR = 2
const NLM_F_CAPPED = 0x100
const NLM_F_ACK_TLVS = 0x200

/**
 * Core gap 1 (codecs/core/nlmsgerr.ts): in an NLMSG_ERROR without NLM_F_ACK_TLVS, the bytes
 * after what the codec keeps of the echoed request — after its header when NLM_F_CAPPED is set or
 * its nlmsg_len does not fit, after nlmsg_len otherwise — are dropped silently. Seen here as: such
 * an NLMSG_ERROR anywhere in x (an echoed request can itself be one).
 */
function echoGap(bytes: Uint8Array): boolean {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  const scan = (o: number, end: number): boolean => {
    while (o + 16 <= end) {
      const len = dv.getUint32(o, true)
      if (len < 16 || o + len > end) return false
      const type = dv.getUint16(o + 4, true)
      const flags = dv.getUint16(o + 6, true)
      if (type === NLMSG_ERROR && len >= 36) {
        const echo = dv.getUint32(o + 20, true)
        const room = len - 20
        // What the codec keeps of the echo: the header alone when capped or when nlmsg_len does not fit.
        const kept = (flags & NLM_F_CAPPED) !== 0 || echo > room || echo <= 16 ? 16 : echo
        if ((flags & NLM_F_ACK_TLVS) === 0 && room > kept) return true
        if (scan(o + 20, o + 20 + Math.min(echo, room))) return true
      }
      o += (len + 3) & ~3
    }
    return false
  }
  return scan(0, bytes.length)
}

/**
 * Core gap 3 (codecs/core/body.ts): a one-byte fixed header (rtgenmsg, netconfmsg) followed by
 * part of its padding and nothing else (nlmsg_len 18 or 19) re-encodes without those pad bytes.
 */
function headerPadGap(bytes: Uint8Array): boolean {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  for (let o = 0; o + 16 <= bytes.length; ) {
    const len = dv.getUint32(o, true)
    if (len < 16) return false
    const type = dv.getUint16(o + 4, true)
    if ((len === 18 || len === 19) && ((type >= 80 && type <= 82) || (type >= 88 && type <= 90))) return true
    o += (len + 3) & ~3
  }
  return false
}

/** Core gap 2 (codecs/core/attrs.ts): a string that is not valid UTF-8 re-encodes with U+FFFD. */
function utf8Gap(v: unknown): boolean {
  if (typeof v === 'string') return v.includes('\uFFFD')
  if (Array.isArray(v)) return v.some(utf8Gap)
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) return Object.values(v).some(utf8Gap)
  return false
}

export interface Stats {
  decoded: number
  rejected: number
  exact: number
  padding: number
  echoGap: number
  utf8Gap: number
  headerPadGap: number
}

/** Run every property on one input; a failure says which property and how. */
export function check(bytes: Uint8Array, source: string, stats: Stats): Failure | null {
  const fail = (what: string, e: unknown): Failure => ({ what, source, hex: toHex(bytes), error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) })
  let msgs: Message[]
  let rejected = false
  try {
    msgs = decode(bytes)
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) return fail('decode threw something other than NetlinkDecodeError', e)
    rejected = true
    msgs = []
  }
  let a: ReturnType<typeof annotate>
  try {
    a = annotate(bytes)
  } catch (e) {
    return fail('annotate threw', e)
  }
  if (rejected) {
    stats.rejected++
    return null
  }
  stats.decoded++
  const known = (): 'echo' | 'utf8' | null => (echoGap(bytes) ? 'echo' : utf8Gap(msgs) ? 'utf8' : null)
  let again: Uint8Array
  try {
    again = encode(msgs)
  } catch (e) {
    return fail('encode(decode(x)) threw', e)
  }
  try {
    if (!sameValue(decode(again), msgs)) {
      if (known() === 'echo') return stats.echoGap++, null
      return fail('decode(encode(decode(x))) differs from decode(x)', toHex(again))
    }
  } catch (e) {
    if (known() === 'echo') return stats.echoGap++, null
    return fail('decode(encode(decode(x))) threw', e)
  }
  if (again.length === bytes.length && again.every((b, i) => b === bytes[i])) {
    stats.exact++
    return null
  }
  const cover = new Uint8Array(bytes.length)
  meaningful(a.nodes, cover)
  // The last message's padding to 4 bytes is not part of it: encode() stops at its nlmsg_len.
  const lastPad = bytes.length - again.length
  const sameLength = lastPad === 0 || (lastPad > 0 && lastPad < 4 && (again.length & 3) !== 0 && cover.subarray(again.length).every((c) => c === 0))
  if (sameLength && again.every((b, i) => b === bytes[i] || (cover[i] === 0 && b === 0))) {
    stats.padding++
    return null
  }
  const gap = known()
  if (gap === 'echo') return stats.echoGap++, null
  if (gap === 'utf8') return stats.utf8Gap++, null
  if (headerPadGap(bytes)) return stats.headerPadGap++, null
  return fail('encode(decode(x)) differs from x beyond padding', toHex(again))
}

