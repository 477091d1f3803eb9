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
import type { AttrDecoder, AttrSet, AttrSpec } from './attr-set.js'
import { HOST_LE } from './bytes.js'
import type { Decoder } from './decoder.js'
import { type FixedScalar, READ_HELPERS, SCALARS, type ScalarDef, scalarDef } from './scalars.js'
import type { ShapeBuilder } from './shapes.js'
import type { Writer } from './writer.js'

export type { AttrDecoder } from './attr-set.js'
export type { ShapeBuilder } from './shapes.js'

/** A property name safe to write as `obj.KEY` in generated code. */
const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/

export function isPlainIdentifier(key: string): boolean {
  return IDENT.test(key) && key !== '__proto__'
}

/** Expression reading one fixed-size field at offset expression `at` (needs buf, dv, H, x in scope). */
export function readExpr(kind: FixedScalar, at: string): string {
  return (SCALARS[kind] as ScalarDef).expr!(at, `${at} + ${SCALARS[kind].size}`)
}

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
export function compileStructReader(name: string, fields: readonly { key: string; kind: FixedScalar | { pad: number }; offset: number }[]): StructReader | null {
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

/** A struct codec's whole-struct reader, where the codec has one (StructCodec). */
function structReaderOf(codec: unknown): { size: number; read: StructReader } | null {
  const c = codec as { size?: unknown; exactReader?: () => StructReader | null }
  if (typeof c.exactReader !== 'function' || typeof c.size !== 'number') return null
  const read = c.exactReader()
  return read === null ? null : { size: c.size, read }
}

/** What generated attribute decoders call back into (attr-decode.ts provides it). */
export interface AttrHelpers {
  /** Decode a nested set (compiled on its first use). */
  decodeAttrs(d: Decoder, set: AttrSet, start: number, end: number, into: undefined): unknown
  /** Keep an attribute the table does not decode (or a repeat) in out.unknown. */
  unknownAttr(d: Decoder, out: Record<string, unknown>, rawType: number, start: number, end: number): void
  truncated(d: Decoder, o: number, end: number): never
  tooShort(d: Decoder, len: number, rawType: number, o: number): never
  overrun(d: Decoder, set: AttrSet, len: number, rawType: number, o: number, end: number): never
  fixed(d: Decoder, spec: AttrSpec, want: number, got: number, payloadStart: number): never
  ipFail(d: Decoder, spec: AttrSpec, got: number, payloadStart: number): never
  /** Record the wire details that canonical encoding would not reproduce. */
  attachMeta(d: Decoder, set: AttrSet, out: Record<string, unknown>, start: number, end: number, raw: unknown[] | null): void
}

/**
 * Statements that read the value of attribute spec S[j] into `${v}` (declared by the caller),
 * with `len`, `p` (payload start) and `e` (payload end) in scope; `idx` is the expression of the
 * attribute's index (for the wire record of a string that was not text + NUL). With `readers`,
 * a struct payload of its exact size is read by the struct's generated reader directly (R[j]).
 * Null for kinds this generator does not handle.
 */
function readSnippet(
  s: AttrSpec,
  j: number,
  v: string,
  idx: string,
  nests: (AttrSet | undefined)[],
  nestOf: (spec: AttrSpec) => AttrSet,
  readers?: (StructReader | undefined)[],
): string | null {
  switch (s.kind) {
    case 'string':
      return `z = p
    while (z < e && buf[z] !== 0) z++
    ${v} = H.readText(buf, p, z)
    if (z !== ${s.noNulInRequests ? '(d.request ? e : e - 1)' : 'e - 1'} || ${v}.indexOf('\\uFFFD') !== -1) {
      if (raw === null) raw = []
      raw.push(${idx}, ${v}, d.copy(p, e))
      odd = true
    }`
    case 'ipaddr':
      return `${v} = len === 8 ? H.formatIPv4(buf, p) : len === 20 ? H.formatIPv6(buf, p) : H.ipFail(d, S[${j}], len - 4, p)`
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
  }
  // The other scalars, as scalars.ts reads them: its size checked first where it has one.
  const def = scalarDef(s.kind)
  if (def?.expr === undefined) return null
  const read = `${v} = ${def.expr('p', 'e')}`
  return def.size === undefined ? read : `if (len !== ${def.size + 4}) H.fixed(d, S[${j}], ${def.size}, len - 4, p)
    ${read}`
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
  set: AttrSet,
  specs: readonly AttrSpec[],
  nestOf: (spec: AttrSpec) => AttrSet,
  helpers: AttrHelpers,
  nestedFlagBit: number,
  typeMask: number,
): AttrDecoder | null {
  const nests: (AttrSet | undefined)[] = []
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
return function ${fnName('decode', set.name)}(d, start, end, into) {
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
 * Generate a shape builder: straight-line code reading each attribute in wire order (same
 * checks, same errors, same order as the loop), then one object literal of every value, so the
 * object is allocated once with all its properties in place. Only for sequences whose decode is
 * canonical (no unknown or repeated attribute, the table's own flags, no multi attribute): the
 * one thing that may still need the wire record is a string not sent as text + NUL.
 */
export function compileShape(
  set: AttrSet,
  byType: readonly (AttrSpec | undefined)[],
  types: readonly number[],
  header: readonly { key: string; kind: FixedScalar | { pad: number }; offset: number }[] | null,
  nestOf: (spec: AttrSpec) => AttrSet,
  helpers: AttrHelpers,
  typeMask: number,
): ShapeBuilder | null {
  const specs: AttrSpec[] = []
  const nests: (AttrSet | undefined)[] = []
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
return function ${fnName('shape', set.name)}(d, start, end, hs) {
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

/**
 * Generate a struct writer: each field an integer in range is stored directly; anything else
 * (booleans, bigints, addresses as text, bad values) goes through `slow(w, index, x)`, the
 * field-by-field writer with its path and errors. Absent fields: zeros, or for a growable
 * struct the end of what is written. Null if a key is not a plain identifier.
 */
export function compileStructWriter(
  name: string,
  fields: readonly { key: string; kind: FixedScalar | { pad: number }; offset: number; size: number }[],
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
    const fast = (SCALARS[f.kind] as { store?: { check: string; at(o: string): string } }).store
    const absent = growable ? `{ w.pos = p + ${f.offset}; return T(w, v) }` : `{ ${zeros(f.offset, f.size)} }`
    const slowCall = `{ w.pos = p + ${f.offset}; SLOW(w, ${k}, x) }`
    if (fast !== undefined) {
      steps.push(`  x = v.${f.key}
  if (typeof x === 'number' && ${fast.check} && Number.isInteger(x)) ${fast.at(`p + ${f.offset}`)}
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
