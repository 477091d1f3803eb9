// Code generation for the hot decode paths: one function per attribute set and one per struct,
// built on first use with `new Function`, so that
//   - every attribute is stored with a named store (`out.mtu = …`): V8 keeps the object in fast
//     mode with cached shape transitions, where the table-driven loop's keyed stores
//     (`out[spec.key] = …`) turn bodies of ~70 keys into dictionaries and miss every inline cache;
//   - a struct is read in one object literal with a fixed shape.
// The generated text contains only numbers, validated identifiers (the decoded keys) and the
// names of the helpers below; kernel names, codecs and nested sets are reached through closure
// arrays, never spliced into code. Where code generation is not possible (a key that is not an
// identifier, a runtime that forbids `new Function`), callers keep the table-driven path, which
// gives the same results.
import { formatIPv4, formatIPv6, formatLladdr } from './addresses.js'
import { HOST_LE, readText } from './bytes.js'
import type { Decoder } from './decoder.js'
import type { Writer } from './writer.js'

/** A property name safe to write as `obj.KEY` in generated code. */
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/

export function isPlainIdentifier(key: string): boolean {
  return IDENT.test(key) && key !== '__proto__'
}

// BigInts are immutable values: small ones (most counters of a fresh link) are shared instead of
// allocated per read. `===` and every operation see the same value either way.
const SMALL_BIG_COUNT = 256
export const SMALL_BIG: readonly bigint[] = []
for (let i = 0; i < SMALL_BIG_COUNT; i++) (SMALL_BIG as bigint[]).push(BigInt(i))

/** u64 in host byte order at o. */
export function readU64(dv: DataView, o: number): bigint {
  const hi = dv.getUint32(HOST_LE ? o + 4 : o, HOST_LE)
  if (hi === 0) {
    const lo = dv.getUint32(HOST_LE ? o : o + 4, HOST_LE)
    if (lo < SMALL_BIG_COUNT) return SMALL_BIG[lo]!
  }
  return dv.getBigUint64(o, HOST_LE)
}

/** s64 in host byte order at o. */
export function readS64(dv: DataView, o: number): bigint {
  const hi = dv.getUint32(HOST_LE ? o + 4 : o, HOST_LE)
  if (hi === 0) {
    const lo = dv.getUint32(HOST_LE ? o : o + 4, HOST_LE)
    if (lo < SMALL_BIG_COUNT) return SMALL_BIG[lo]!
  }
  return dv.getBigInt64(o, HOST_LE)
}

export type ScalarReadKind = 'u8' | 'u16' | 'u32' | 'u64' | 's8' | 's16' | 's32' | 's64' | 'be16' | 'be32' | 'ipv4' | 'mac'

const LE = String(HOST_LE)

/** Expression reading one fixed-size field at offset expression `at` (needs buf, dv, H in scope). */
export function readExpr(kind: ScalarReadKind, at: string): string {
  switch (kind) {
    case 'u8':
      return `buf[${at}]`
    case 's8':
      return `dv.getInt8(${at})`
    case 'u16':
      return `dv.getUint16(${at}, ${LE})`
    case 's16':
      return `dv.getInt16(${at}, ${LE})`
    case 'u32':
      return `dv.getUint32(${at}, ${LE})`
    case 's32':
      return `dv.getInt32(${at}, ${LE})`
    // Inline (no call): small values from the shared table; needs a `let x` in scope.
    case 'u64':
      return `(dv.getUint32(${at} + ${HOST_LE ? 4 : 0}, ${LE}) === 0 && (x = dv.getUint32(${at} + ${HOST_LE ? 0 : 4}, ${LE})) < ${SMALL_BIG_COUNT} ? SB[x] : dv.getBigUint64(${at}, ${LE}))`
    case 's64':
      return `(dv.getUint32(${at} + ${HOST_LE ? 4 : 0}, ${LE}) === 0 && (x = dv.getUint32(${at} + ${HOST_LE ? 0 : 4}, ${LE})) < ${SMALL_BIG_COUNT} ? SB[x] : dv.getBigInt64(${at}, ${LE}))`
    case 'be16':
      return `dv.getUint16(${at}, false)`
    case 'be32':
      return `dv.getUint32(${at}, false)`
    case 'ipv4':
      return `H.formatIPv4(buf, ${at})`
    case 'mac':
      return `H.formatLladdr(buf, ${at}, ${at} + 6)`
  }
}

/** Helpers generated code may call (passed in as H). */
export const READ_HELPERS = { readU64, readS64, formatIPv4, formatIPv6, formatLladdr, readText, SMALL_BIG }

let codegenWorks: boolean | undefined

/**
 * Build a function from generated body text with the given parameter names, or null where the
 * runtime forbids it (a browser page with a strict Content-Security-Policy).
 */
export function generate<F>(params: readonly string[], body: string, args: readonly unknown[]): F | null {
  if (codegenWorks === false) return null
  try {
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    const factory = new Function(...params, body) as (...a: unknown[]) => F
    codegenWorks = true
    return factory(...args)
  } catch (e) {
    if (e instanceof EvalError) {
      codegenWorks = false
      return null
    }
    throw e
  }
}

/** A function name for profiles: prefix and the set or struct name reduced to identifier characters. */
function fnName(prefix: string, name: string | undefined): string {
  return `${prefix}_${(name ?? '').replace(/[^A-Za-z0-9_]/g, '_')}`
}

/** A compiled struct reader: the whole struct at `start` (its exact size already checked). */
export type StructReader = (d: Decoder, start: number) => Record<string, unknown>

/** One object literal reading every non-pad field; null if a key is not a plain identifier. */
export function compileStructReader(name: string, fields: readonly { key: string; kind: ScalarReadKind | { pad: number }; offset: number }[]): StructReader | null {
  const props: string[] = []
  for (const f of fields) {
    if (typeof f.kind === 'object') continue
    if (!isPlainIdentifier(f.key)) return null
    props.push(`    ${f.key}: ${readExpr(f.kind, `s + ${f.offset}`)},`)
  }
  const body = `const SB = H.SMALL_BIG
return function ${fnName('read', name)}(d, s) {
  const buf = d.buf, dv = d.dv
  let x = 0
  return {
${props.join('\n')}
  }
}`
  return generate<StructReader>(['H'], body, [READ_HELPERS])
}

// ---------------------------------------------------------------------------------------------
// Attribute sets

/** The subset of attrs.ts's AttrSpec the compiler reads (attrs.ts imports this module). */
interface SpecLike {
  readonly type: number
  readonly name: string
  readonly key: string
  readonly kind: string
  readonly multi?: boolean
  readonly nestedFlag?: boolean
  readonly noNulInRequests?: boolean
  readonly codec?: { decode(d: Decoder, start: number, end: number): unknown }
}

/** A struct codec's whole-struct reader, where the codec has one (StructCodec). */
function structReaderOf(codec: unknown): { size: number; read: StructReader } | null {
  const c = codec as { size?: unknown; exactReader?: () => StructReader | null }
  if (typeof c.exactReader !== 'function' || typeof c.size !== 'number') return null
  const read = c.exactReader()
  return read === null ? null : { size: c.size, read }
}

/** A compiled attribute-set decoder: attributes of [start, end) into `into` or a new object. */
export type AttrDecoder = (d: Decoder, start: number, end: number, into: Record<string, unknown> | undefined) => Record<string, unknown>

/** What generated attribute decoders call back into (attrs.ts provides it). */
export interface AttrHelpers {
  /** Decode a nested set (compiled on its first use). */
  decodeAttrs(d: Decoder, set: unknown, start: number, end: number, into: undefined): unknown
  /** Keep an attribute the table does not decode (or a repeat) in out.unknown. */
  unknownAttr(d: Decoder, out: Record<string, unknown>, rawType: number, start: number, end: number): void
  truncated(d: Decoder, o: number, end: number): never
  tooShort(d: Decoder, len: number, rawType: number, o: number): never
  overrun(d: Decoder, set: unknown, len: number, rawType: number, o: number, end: number): never
  fixed(d: Decoder, spec: SpecLike, want: number, got: number, payloadStart: number): never
  ipFail(d: Decoder, spec: SpecLike, got: number, payloadStart: number): never
  /** Record the wire details that canonical encoding would not reproduce. */
  attachMeta(d: Decoder, set: unknown, out: Record<string, unknown>, start: number, end: number, raw: unknown[] | null): void
}

const FIXED_SIZE: Record<string, number> = { u8: 1, u16: 2, u32: 4, u64: 8, s8: 1, s16: 2, s32: 4, s64: 8, be16: 2, be32: 4, ipv4: 4 }

/**
 * Statements that read the value of attribute spec S[j] into `${v}` (declared by the caller),
 * with `len`, `p` (payload start) and `e` (payload end) in scope; `idx` is the expression of the
 * attribute's index (for the wire record of a string that was not text + NUL). With `readers`,
 * a struct payload of its exact size is read by the struct's generated reader directly (R[j]).
 * Null for kinds this generator does not handle.
 */
function readSnippet(
  s: SpecLike,
  j: number,
  v: string,
  idx: string,
  nests: (object | undefined)[],
  nestOf: (spec: SpecLike) => object,
  readers?: (StructReader | undefined)[],
): string | null {
  const size = FIXED_SIZE[s.kind]
  if (size !== undefined) {
    return `if (len !== ${size + 4}) H.fixed(d, S[${j}], ${size}, len - 4, p)
    ${v} = ${readExpr(s.kind as ScalarReadKind, 'p')}`
  }
  switch (s.kind) {
    case 'flag':
      return `if (len !== 4) H.fixed(d, S[${j}], 0, len - 4, p)
    ${v} = true`
    case 'string':
      return `z = p
    while (z < e && buf[z] !== 0) z++
    ${v} = H.readText(buf, p, z)
    if (z !== ${s.noNulInRequests ? '(d.request ? e : e - 1)' : 'e - 1'} || ${v}.indexOf('\\uFFFD') !== -1) {
      if (raw === null) raw = []
      raw.push(${idx}, ${v}, d.copy(p, e))
      odd = true
    }`
    case 'binary':
      return `${v} = d.copy(p, e)`
    case 'lladdr':
      return `${v} = H.formatLladdr(buf, p, e)`
    case 'ipaddr':
      return `${v} = len === 8 ? H.formatIPv4(buf, p) : len === 20 ? H.formatIPv6(buf, p) : H.ipFail(d, S[${j}], len - 4, p)`
    case 'ipv6':
      return `if (len !== 20) H.fixed(d, S[${j}], 16, len - 4, p)
    ${v} = H.formatIPv6(buf, p)`
    case 'nest':
      nests[j] = nestOf(s)
      return `d.path.push(S[${j}].name)
    ${v} = H.decodeAttrs(d, N[${j}], p, e, undefined)
    d.path.pop()`
    case 'custom': {
      if (s.codec === undefined) return null
      const call = `d.path.push(S[${j}].name)
    ${v} = S[${j}].codec.decode(d, p, e)
    d.path.pop()`
      // A struct of its exact size cannot fail: read it straight, without the path.
      const st = readers === undefined ? null : structReaderOf(s.codec)
      if (st === null) return call
      readers![j] = st.read
      return `if (len === ${st.size + 4}) ${v} = R[${j}](d, p)
    else {
    ${call}
    }`
    }
    default:
      return null
  }
}

const READ_LEN = HOST_LE ? 'buf[o] | (buf[o + 1] << 8)' : 'dv.getUint16(o, false)'
const READ_TYPE = HOST_LE ? 'buf[o + 2] | (buf[o + 3] << 8)' : 'dv.getUint16(o + 2, false)'

/**
 * Generate the decoder of one attribute set: a loop over the attributes with one `case` per
 * table row. Per attribute it tracks what canonical encoding of the result would not reproduce
 * (type flags other than the table's, a string not sent as text + NUL, an unknown attribute
 * before a known one, repeats of a multi attribute split by others, missing final padding); only
 * then does the result get its hidden wire record (attachMeta). Null when a key is not a plain
 * identifier.
 */
export function compileAttrDecoder(
  set: object,
  specs: readonly SpecLike[],
  nestOf: (spec: SpecLike) => object,
  helpers: AttrHelpers,
  nestedFlagBit: number,
  typeMask: number,
): AttrDecoder | null {
  const nests: (object | undefined)[] = []
  const cases: string[] = []
  for (let j = 0; j < specs.length; j++) {
    const s = specs[j]!
    if (!isPlainIdentifier(s.key)) return null
    const k = s.key
    const canon = s.nestedFlag ? s.type | nestedFlagBit : s.type
    const read = readSnippet(s, j, 'v', 'i', nests, nestOf)
    if (read === null) return null
    const head = s.multi
      ? ''
      : `if (out.${k} !== undefined) {
      H.unknownAttr(d, out, rt, p, e)
      if (fu < 0) fu = i
      break
    }
    `
    const store = s.multi
      ? `const a = out.${k}
    if (a === undefined) out.${k} = [v]
    else {
      a.push(v)
      if (prev !== ${s.type}) odd = true
    }`
      : `out.${k} = v`
    cases.push(`  case ${s.type}: {
    ${head}let v
    ${read}
    ${store}
    if (rt !== ${canon}) odd = true
    lk = i
    break
  }`)
  }
  const body = `const SB = H.SMALL_BIG
return function ${fnName('decode', (set as { name?: string }).name)}(d, start, end, into) {
  const out = into === undefined ? {} : into
  const buf = d.buf, dv = d.dv
  let x = 0, z = 0, o = start, i = 0, fu = -1, lk = -1, prev = -1, odd = false, raw = null
  while (o < end) {
    if (end - o < 4) H.truncated(d, o, end)
    const len = ${READ_LEN}
    const rt = ${READ_TYPE}
    if (len < 4) H.tooShort(d, len, rt, o)
    const e = o + len
    if (e > end) H.overrun(d, SET, len, rt, o, end)
    const p = o + 4
    const t = rt & ${typeMask}
    switch (t) {
${cases.join('\n')}
  default:
    H.unknownAttr(d, out, rt, p, e)
    if (fu < 0) fu = i
    }
    prev = t
    i++
    o += (len + 3) & -4
  }
  if (odd || o !== end || (fu >= 0 && lk > fu)) H.attachMeta(d, SET, out, start, end, raw)
  return out
}`
  return generate<AttrDecoder>(['H', 'SET', 'S', 'N'], body, [{ ...READ_HELPERS, ...helpers }, set, specs, nests])
}

// ---------------------------------------------------------------------------------------------
// Shapes: one known sequence of attributes, built as one object literal

/**
 * A decoder for one exact sequence of attribute type words (`types`). With `header`, the fixed
 * header's fields (read at `hs`) come first in the same literal, as a message body holds them.
 * It checks each attribute's header before reading its value and returns null, having changed
 * nothing, as soon as the input is not that sequence (another type, a bad length, padding
 * missing at the end): the caller then decodes with the loop, which reaches any error at the
 * same attribute, in the same state, as the builder would have.
 */
export type ShapeBuilder = (d: Decoder, start: number, end: number, hs: number) => Record<string, unknown> | null

/**
 * Generate a shape builder: straight-line code reading each attribute in wire order (same
 * checks, same errors, same order as the loop), then one object literal of every value, so the
 * object is allocated once with all its properties in place. Only for sequences whose decode is
 * canonical (no unknown or repeated attribute, the table's own flags, no multi attribute): the
 * one thing that may still need the wire record is a string not sent as text + NUL.
 */
export function compileShape(
  set: object,
  byType: readonly (SpecLike | undefined)[],
  types: readonly number[],
  header: readonly { key: string; kind: ScalarReadKind | { pad: number }; offset: number }[] | null,
  nestOf: (spec: SpecLike) => object,
  helpers: AttrHelpers,
  typeMask: number,
): ShapeBuilder | null {
  const specs: SpecLike[] = []
  const nests: (object | undefined)[] = []
  const readers: (StructReader | undefined)[] = []
  const steps: string[] = []
  const props: string[] = []
  if (header !== null) {
    for (const f of header) {
      if (typeof f.kind === 'object') continue
      if (!isPlainIdentifier(f.key)) return null
      props.push(`    ${f.key}: ${readExpr(f.kind, `hs + ${f.offset}`)},`)
    }
  }
  for (let k = 0; k < types.length; k++) {
    const s = byType[types[k]! & typeMask]
    if (s === undefined || s.multi || !isPlainIdentifier(s.key)) return null
    specs.push(s)
    const read = readSnippet(s, k, `v${k}`, String(k), nests, nestOf, readers)
    if (read === null) return null
    steps.push(`  if (end - o < 4) return null
  len = ${READ_LEN}
  if (len < 4 || o + len > end || (${READ_TYPE}) !== ${types[k]}) return null
  p = o + 4
  e = o + len
  {
    ${read}
  }
  o += (len + 3) & -4`)
    props.push(`    ${s.key}: v${k},`)
  }
  const vars = types.length > 0 ? `let ${types.map((_, k) => `v${k}`).join(', ')}` : ''
  const body = `const SB = H.SMALL_BIG
return function ${fnName('shape', (set as { name?: string }).name)}(d, start, end, hs) {
  const buf = d.buf, dv = d.dv
  let x = 0, z = 0, o = start, len = 0, p = 0, e = 0, odd = false, raw = null
  ${vars}
${steps.join('\n')}
  if (o !== end) return null
  const out = {
${props.join('\n')}
  }
  if (odd) H.attachMeta(d, SET, out, start, end, raw)
  return out
}`
  return generate<ShapeBuilder>(['H', 'SET', 'S', 'N', 'R'], body, [{ ...READ_HELPERS, ...helpers }, set, specs, nests, readers])
}

// ---------------------------------------------------------------------------------------------
// Struct writers

/** A compiled struct writer: the value's fields at w.pos, then its `tail` bytes if any. */
export type StructWriter = (w: Writer, v: Record<string, unknown>) => void

/** Statement writing number `x` (already checked) at `at`, and the check that lets it. */
const WRITE_FAST: Partial<Record<ScalarReadKind, { check: string; write: (at: string) => string }>> = {
  u8: { check: 'x >= 0 && x <= 255', write: (at) => `buf[${at}] = x` },
  s8: { check: 'x >= -128 && x <= 127', write: (at) => `dv.setInt8(${at}, x)` },
  u16: { check: 'x >= 0 && x <= 65535', write: (at) => `dv.setUint16(${at}, x, ${LE})` },
  s16: { check: 'x >= -32768 && x <= 32767', write: (at) => `dv.setInt16(${at}, x, ${LE})` },
  u32: { check: 'x >= 0 && x <= 4294967295', write: (at) => `dv.setUint32(${at}, x, ${LE})` },
  s32: { check: 'x >= -2147483648 && x <= 2147483647', write: (at) => `dv.setInt32(${at}, x, ${LE})` },
  be16: { check: 'x >= 0 && x <= 65535', write: (at) => `dv.setUint16(${at}, x, false)` },
  be32: { check: 'x >= 0 && x <= 4294967295', write: (at) => `dv.setUint32(${at}, x, false)` },
}

/**
 * Generate a struct writer: each field an integer in range is stored directly; anything else
 * (booleans, bigints, addresses as text, bad values) goes through `slow(w, index, x)`, the
 * field-by-field writer with its path and errors. Absent fields: zeros, or for a growable
 * struct the end of what is written. Null if a key is not a plain identifier.
 */
export function compileStructWriter(
  name: string,
  fields: readonly { key: string; kind: ScalarReadKind | { pad: number }; offset: number; size: number }[],
  size: number,
  growable: boolean,
  slow: (w: Writer, index: number, x: unknown) => void,
  tail: (w: Writer, v: Record<string, unknown>) => void,
): StructWriter | null {
  const steps: string[] = []
  const zeros = (at: number, n: number) => Array.from({ length: n }, (_, i) => `buf[p + ${at + i}] = 0`).join('; ')
  for (let k = 0; k < fields.length; k++) {
    const f = fields[k]!
    if (typeof f.kind === 'object') {
      steps.push(`  ${zeros(f.offset, f.size)}`)
      continue
    }
    if (!isPlainIdentifier(f.key)) return null
    const fast = WRITE_FAST[f.kind]
    const absent = growable ? `{ w.pos = p + ${f.offset}; return T(w, v) }` : `{ ${zeros(f.offset, f.size)} }`
    const slowCall = `{ w.pos = p + ${f.offset}; SLOW(w, ${k}, x) }`
    if (fast !== undefined) {
      steps.push(`  x = v.${f.key}
  if (typeof x === 'number' && ${fast.check} && Number.isInteger(x)) ${fast.write(`p + ${f.offset}`)}
  else if (x === undefined) ${absent}
  else ${slowCall}`)
    } else {
      steps.push(`  x = v.${f.key}
  if (x === undefined) ${absent}
  else ${slowCall}`)
    }
  }
  const body = `return function ${fnName('write', name)}(w, v) {
  w.ensure(${size})
  const buf = w.buf, dv = w.dv, p = w.pos
  let x
${steps.join('\n')}
  w.pos = p + ${size}
  T(w, v)
}`
  return generate<StructWriter>(['SLOW', 'T'], body, [slow, tail])
}

// ---------------------------------------------------------------------------------------------
// Arrays of one scalar kind

/** A compiled reader of `count` values from `start` (length already checked). */
export type ArrayReader = (d: Decoder, start: number) => (number | bigint)[]

/** One array literal of `count` reads (allocated once, no growth). */
export function compileArrayReader(kind: 'u32' | 's32' | 'u64', count: number): ArrayReader | null {
  const size = kind === 'u64' ? 8 : 4
  const items: string[] = []
  for (let k = 0; k < count; k++) items.push(`    ${readExpr(kind, `s + ${k * size}`)},`)
  const body = `const SB = H.SMALL_BIG
return function ${fnName('read', `${kind}_x${count}`)}(d, s) {
  const dv = d.dv
  let x = 0
  return [
${items.join('\n')}
  ]
}`
  return generate<ArrayReader>(['H'], body, [READ_HELPERS])
}
