// The attribute (TLV) engine: declarative tables in the vocabulary of the kernel's YNL specs
// (u8/u16/u32/u64/s8/s16/s32/s64/be16/be32/string/binary/flag/nest), plus the address types the
// route family needs (lladdr, ipaddr, ipv4, ipv6) and hand-written value codecs where the data is
// not regular (structs, arrays, sub-messages selected by a sibling such as IFLA_INFO_KIND).
//
// A decoded attribute set is a plain object: keys are the YNL names in camelCase, in wire order.
// Attributes the table does not know (and repeats of a single-valued attribute) are kept in
// `unknown` as raw { type, data }. Everything needed to re-encode the exact input (the order of
// attributes including unknown ones, NLA_F_NESTED / NLA_F_NET_BYTEORDER bits, strings that were not
// sent as text + NUL) is kept out of sight on a non-enumerable symbol, so encode(decode(b)) === b
// while values built by hand encode in the kernel's canonical form.
//
// Reading: the table-driven loop below, and generated decoders (compile.ts) and shapes
// (shapes.ts) that give the same results faster. Writing: attrs-encode.ts.
import { formatIP, formatIPv4, formatIPv6, formatLladdr } from './addresses.js'
import { AttrLookup } from './attrs-encode.js'
import { HOST_LE, readText } from './bytes.js'
import { type AttrDecoder, type AttrHelpers, compileAttrDecoder, compileShape, readS64, readU64 } from './compile.js'
import type { Decoder } from './decoder.js'
import { ShapeCache, decodeByShape } from './shapes.js'
import type { Writer } from './writer.js'

export const NLA_F_NESTED = 1 << 15
export const NLA_F_NET_BYTEORDER = 1 << 14
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff
export const NLA_HDRLEN = 4
export const NLA_ALIGNTO = 4

export type ScalarKind =
  | 'u8'
  | 'u16'
  | 'u32'
  | 'u64'
  | 's8'
  | 's16'
  | 's32'
  | 's64'
  | 'be16'
  | 'be32'
  | 'string'
  | 'binary'
  | 'flag'
  | 'lladdr'
  | 'ipaddr'
  | 'ipv4'
  | 'ipv6'

export type AttrKind = ScalarKind | 'nest' | 'custom'

/** An attribute the table does not decode: its type word (flags included) and payload. */
export interface RawAttr {
  type: number
  data: Uint8Array
}

/** A hand-written payload codec: decode [start, end) of d.buf; encode the payload only. */
export interface ValueCodec<T = unknown> {
  decode(d: Decoder, start: number, end: number): T
  encode(w: Writer, value: T): void
  /** What the formatter shows for this kind of value (struct, array, sub-message...). */
  readonly describe?: string
}

export interface AttrSpec {
  /** Kernel value of the attribute type. */
  readonly type: number
  /** Kernel constant name: 'IFLA_MTU'. */
  readonly name: string
  /** YNL name in camelCase: 'mtu'. */
  readonly key: string
  readonly kind: AttrKind
  /** For 'nest': the nested attribute set (a function when sets refer to each other). */
  readonly nest?: AttrSet | (() => AttrSet)
  /** For 'custom': the payload codec. */
  readonly codec?: ValueCodec
  /** The attribute may repeat: decoded as an array, one element per occurrence. */
  readonly multi?: boolean
  /** Set NLA_F_NESTED when encoding a value built by hand (as iproute2 does for this attribute). */
  readonly nestedFlag?: boolean
  /**
   * For 'string': requests write the text without a terminating NUL (as iproute2 writes
   * IFLA_INFO_KIND and IFLA_IFALIAS); the kernel's messages still end it with one.
   */
  readonly noNulInRequests?: boolean
  /** Names of enum values, for the formatter. */
  readonly enumNames?: Readonly<Record<number, string>>
  /** Names of bit flags, for the formatter. */
  readonly flagNames?: Readonly<Record<number, string>>
}

export type SpecOptions = Partial<
  Pick<AttrSpec, 'key' | 'nest' | 'codec' | 'multi' | 'nestedFlag' | 'noNulInRequests' | 'enumNames' | 'flagNames'>
>

/** One table row: [value, kernel name, kind or value codec, options]. */
export type AttrRow =
  | readonly [number, string, AttrKind]
  | readonly [number, string, AttrKind, SpecOptions]
  | readonly [number, string, ValueCodec]
  | readonly [number, string, ValueCodec, SpecOptions]

export class AttrSet {
  /** YNL attribute-set name, e.g. 'link-attrs'. */
  readonly name: string
  readonly byType: (AttrSpec | undefined)[] = []
  readonly byKey = new Map<string, AttrSpec>()
  readonly specs: AttrSpec[] = []
  /**
   * Some key is an array index ('0', '42'): objects list those first whatever the insertion
   * order, so decoded values always keep their wire order on the side.
   */
  readonly alwaysMeta: boolean
  /** Some attribute repeats (multi): such sets are not decoded by shape (see ShapeCache). */
  readonly hasMulti: boolean
  /** @internal The generated decoder (undefined until built; null: none, use the table). */
  decoder: AttrDecoder | null | undefined = undefined
  /** @internal Decodes so far before the generated decoder is built (the first one uses the table). */
  uses = 0
  /** @internal Attribute sequences seen in this set's values, each with its generated builder. */
  readonly shapes = new ShapeCache()
  /** @internal byKey with the encoder's memo of keys by position. */
  readonly keyLookup: AttrLookup

  constructor(name: string, specs: AttrSpec[]) {
    this.name = name
    let indexKey = false
    for (const s of specs) {
      if (this.byType[s.type] !== undefined) throw new Error(`${name}: type ${s.type} defined twice`)
      if (this.byKey.has(s.key)) throw new Error(`${name}: key ${s.key} defined twice`)
      this.byType[s.type] = s
      this.byKey.set(s.key, s)
      this.specs.push(s)
      const c0 = s.key.charCodeAt(0)
      if (c0 >= 48 && c0 <= 57 && String(Number(s.key) >>> 0) === s.key) indexKey = true
    }
    this.alwaysMeta = indexKey
    this.hasMulti = this.specs.some((x) => x.multi === true)
    this.keyLookup = new AttrLookup(this.byKey)
  }
}

/** 'IFLA_BR_HELLO_TIME' with prefix 'IFLA_BR_' → 'helloTime'. */
export function keyFromName(name: string, prefix: string): string {
  const rest = (name.startsWith(prefix) ? name.slice(prefix.length) : name).toLowerCase()
  // Drop each '_' before a letter or digit and upper-case that character (one pass, no regex:
  // this runs for every table row at import).
  let out = ''
  let from = 0
  for (let i = rest.indexOf('_'); i !== -1 && i + 1 < rest.length; i = rest.indexOf('_', i + 1)) {
    const c = rest.charCodeAt(i + 1)
    if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) {
      out += rest.slice(from, i) + rest[i + 1]!.toUpperCase()
      from = i + 2
      i++
    }
  }
  return from === 0 ? rest : out + rest.slice(from)
}

/**
 * Build an attribute set from a table. `prefix` is stripped from the kernel names to derive the
 * camelCase keys; a row's options may give `key` where YNL names it otherwise.
 */
export function defineAttrs(setName: string, prefix: string, rows: readonly AttrRow[]): AttrSet {
  const specs: AttrSpec[] = rows.map((row) => {
    const [type, name, kindOrCodec, opts = {}] = row
    const kind: AttrKind = typeof kindOrCodec === 'string' ? kindOrCodec : 'custom'
    const codec = typeof kindOrCodec === 'string' ? opts.codec : kindOrCodec
    // Every spec with the same fields in the same order: one hidden class, so the engine's reads
    // of spec.kind, spec.type ... stay monomorphic however many tables a program uses.
    const spec: AttrSpec = {
      type,
      name,
      key: opts.key ?? keyFromName(name, prefix),
      kind,
      nest: opts.nest,
      codec,
      multi: opts.multi,
      nestedFlag: opts.nestedFlag,
      noNulInRequests: opts.noNulInRequests,
      enumNames: opts.enumNames,
      flagNames: opts.flagNames,
    }
    return spec
  })
  return new AttrSet(setName, specs)
}

// ---------------------------------------------------------------------------------------------
// Wire details kept aside for exact re-encoding.
//
// Only where canonical encoding of the decoded value would differ from the input: most kernel
// messages encode back exactly from their keys alone (insertion order is wire order), so they
// carry no record and cost nothing for it.

const WIRE = Symbol.for('nlwire.wire')

/** @internal */
export interface WireMeta {
  /** Attribute type words in wire order, flags included. */
  types: number[]
  /** Index in `types` → [decoded value, original payload] where canonical encoding would differ. */
  raw?: Map<number, [unknown, Uint8Array]>
  /** The last attribute's padding was missing from the input: drop this many bytes. */
  unpadded?: number
}

function setMeta(obj: object, meta: WireMeta): void {
  Object.defineProperty(obj, WIRE, { value: meta, enumerable: false, writable: true, configurable: true })
}

/** @internal The hidden wire record of a decoded value, if it has one. */
export function getMeta(obj: object): WireMeta | undefined {
  return (obj as { [WIRE]?: WireMeta })[WIRE]
}

/** Forget wire details: the object will encode in canonical form. */
export function canonical<T extends object>(obj: T): T {
  if (getMeta(obj) !== undefined) delete (obj as { [WIRE]?: WireMeta })[WIRE]
  return obj
}

export type AttrValues = Record<string, unknown> & { unknown?: RawAttr[] }

/** @internal The attribute set of a nest row. */
export function nestOf(spec: AttrSpec): AttrSet {
  const n = spec.nest
  if (n === undefined) throw new Error(`${spec.name}: nest without attribute set`)
  return typeof n === 'function' ? n() : n
}

/**
 * Record what canonical encoding would not reproduce: the type words in wire order (re-read from
 * the input, already validated), strings that were not text + NUL, missing final padding.
 * `raw` holds triples (attribute index, decoded string, original payload).
 */
function attachMeta(d: Decoder, _set: unknown, out: Record<string, unknown>, start: number, end: number, raw: unknown[] | null): void {
  const dv = d.dv
  const types: number[] = []
  const meta: WireMeta = { types }
  let o = start
  while (o < end) {
    types.push(dv.getUint16(o + 2, HOST_LE))
    o += (dv.getUint16(o, HOST_LE) + 3) & ~3
  }
  if (o > end) meta.unpadded = o - end
  if (raw !== null) {
    const m = new Map<number, [unknown, Uint8Array]>()
    for (let k = 0; k < raw.length; k += 3) m.set(raw[k] as number, [raw[k + 1], raw[k + 2] as Uint8Array])
    meta.raw = m
  }
  setMeta(out, meta)
}

function unknownAttr(d: Decoder, out: Record<string, unknown>, rawType: number, start: number, end: number): void {
  const u = { type: rawType, data: d.copy(start, end) }
  const list = (out as AttrValues).unknown
  if (list === undefined) (out as AttrValues).unknown = [u]
  else list.push(u)
}

function truncated(d: Decoder, o: number, end: number): never {
  return d.fail(`truncated attribute header: ${end - o} bytes left`, o)
}

function tooShort(d: Decoder, len: number, rawType: number, o: number): never {
  return d.fail(`attribute length ${len} is below the 4-byte header (type ${rawType & NLA_TYPE_MASK})`, o)
}

function overrun(d: Decoder, set: AttrSet, len: number, rawType: number, o: number, end: number): never {
  const spec = set.byType[rawType & NLA_TYPE_MASK]
  d.path.push(spec?.name ?? `type ${rawType & NLA_TYPE_MASK}`)
  return d.fail(`attribute length ${len} overruns its parent by ${o + len - end} bytes`, o)
}

function fixedIn(d: Decoder, spec: AttrSpec, want: number, got: number, payloadStart: number): never {
  d.path.push(spec.name)
  return fixed(d, want, got, payloadStart)
}

function ipFail(d: Decoder, spec: AttrSpec, got: number, payloadStart: number): never {
  d.path.push(spec.name)
  return d.fail(`expected an IPv4 (4 bytes) or IPv6 (16 bytes) address, got ${got} bytes`, payloadStart - NLA_HDRLEN)
}

const HELPERS: AttrHelpers = {
  decodeAttrs: decodeAttrs as AttrHelpers['decodeAttrs'],
  unknownAttr,
  truncated,
  tooShort,
  overrun: overrun as AttrHelpers['overrun'],
  fixed: fixedIn as AttrHelpers['fixed'],
  ipFail: ipFail as AttrHelpers['ipFail'],
  attachMeta,
}

/**
 * A set's generated decoder, built on its second decode: a set decoded once (a one-off
 * command) costs no code generation. Null: use the table-driven loop.
 */
function compiledDecoder(set: AttrSet): AttrDecoder | null {
  if (set.uses++ < 1) return null
  const f = set.alwaysMeta ? null : compileAttrDecoder(set, set.specs, nestOf as (s: object) => object, HELPERS, NLA_F_NESTED, NLA_TYPE_MASK)
  set.decoder = f
  return f
}

// ---------------------------------------------------------------------------------------------
// Shapes (shapes.ts): sequences of attributes seen twice, decoded by generated builders.

/**
 * After a decode by the loop: if its result is canonical (no wire record, nothing unknown),
 * offer its sequence to the cache, which builds a shape for a sequence it sees twice.
 */
function learnShape(
  d: Decoder,
  set: AttrSet,
  cache: ShapeCache,
  start: number,
  end: number,
  out: AttrValues,
  header: StructFieldLike[] | null,
): void {
  if (set.hasMulti || set.alwaysMeta || out.unknown !== undefined || getMeta(out) !== undefined) return
  cache.learn(d, start, end, (types) =>
    compileShape(set, set.byType, types, header, nestOf as (s: object) => object, HELPERS, NLA_TYPE_MASK),
  )
}

/** A fixed header's field as compileShape reads it. */
type StructFieldLike = Parameters<typeof compileShape>[3] extends readonly (infer F)[] | null ? F : never

/**
 * @internal A message body: fixed header (at hs, `size` bytes) and this set's attributes in
 * [start, end), decoded into one object (header fields first). `body.readHeader` gives the
 * header object when no shape applies. Used by FixedAttrsBody.
 */
export function decodeHeaderAndAttrs(
  d: Decoder,
  set: AttrSet,
  cache: ShapeCache,
  header: StructFieldLike[] | null,
  hs: number,
  start: number,
  end: number,
  body: { readHeader(d: Decoder, hs: number): Record<string, unknown> },
): AttrValues {
  if (d.trace === null && header !== null) {
    const shaped = decodeByShape<AttrValues>(d, cache, start, end, hs)
    if (shaped !== null) return shaped
    const out = decodeAttrs(d, set, start, end, body.readHeader(d, hs))
    learnShape(d, set, cache, start, end, out, header)
    return out
  }
  return decodeAttrs(d, set, start, end, body.readHeader(d, hs))
}

// ---------------------------------------------------------------------------------------------
// Decode

/** Decode the attributes in [start, end) of d.buf with table `set`. */
export function decodeAttrs(d: Decoder, set: AttrSet, start: number, end: number, into?: Record<string, unknown>): AttrValues {
  if (d.trace !== null) return decodeAttrsTable(d, set, start, end, into)
  if (into === undefined) {
    const shaped = decodeByShape<AttrValues>(d, set.shapes, start, end, 0)
    if (shaped !== null) return shaped
  }
  const f = set.decoder !== undefined ? set.decoder : compiledDecoder(set)
  const out = f !== null ? (f(d, start, end, into) as AttrValues) : decodeAttrsTable(d, set, start, end, into)
  if (into === undefined) learnShape(d, set, set.shapes, start, end, out, null)
  return out
}

/**
 * The table-driven loop: used when a tracer is attached (it records every field) and where no
 * decoder could be generated. Same results as the generated decoders, wire record included.
 */
function decodeAttrsTable(d: Decoder, set: AttrSet, start: number, end: number, into?: Record<string, unknown>): AttrValues {
  const out: AttrValues = (into ?? {}) as AttrValues
  const dv = d.dv
  const buf = d.buf
  let o = start
  let i = 0
  let firstUnknown = -1
  let lastKnown = -1
  let prev = -1
  let odd = set.alwaysMeta
  let raw: unknown[] | null = null
  while (o < end) {
    if (end - o < NLA_HDRLEN) truncated(d, o, end)
    const len = dv.getUint16(o, HOST_LE)
    const rawType = dv.getUint16(o + 2, HOST_LE)
    if (len < NLA_HDRLEN) tooShort(d, len, rawType, o)
    if (o + len > end) overrun(d, set, len, rawType, o, end)
    const t = rawType & NLA_TYPE_MASK
    const spec = set.byType[t]
    const pStart = o + NLA_HDRLEN
    const pEnd = o + len
    const trace = d.trace
    if (spec === undefined || (!spec.multi && out[spec.key] !== undefined)) {
      unknownAttr(d, out, rawType, pStart, pEnd)
      if (firstUnknown < 0) firstUnknown = i
      if (trace) {
        const name = spec === undefined ? `${set.name} type ${t}` : `${spec.name} (repeated)`
        const u = out.unknown!
        trace.leaf({ name, offset: o, length: len, attrType: rawType, value: u[u.length - 1]!.data })
      }
    } else {
      d.path.push(spec.name)
      if (trace) trace.open({ name: spec.name, offset: o, length: len, attrType: rawType, spec })
      let value: unknown
      if (spec.kind === 'string') {
        let z = pStart
        while (z < pEnd && buf[z] !== 0) z++
        value = readText(buf, pStart, z)
        // Canonical form is the text and one NUL (no NUL for noNulInRequests in a request); keep
        // anything else as it came.
        // (U+FFFD: bytes that are not UTF-8 would not re-encode to themselves.)
        if (z !== (spec.noNulInRequests && d.request ? pEnd : pEnd - 1) || (value as string).indexOf('\uFFFD') !== -1) {
          ;(raw ??= []).push(i, value, d.copy(pStart, pEnd))
          odd = true
        }
      } else value = decodeValue(d, spec, pStart, pEnd)
      if (trace) trace.close(value)
      d.path.pop()
      if (spec.multi) {
        const arr = out[spec.key] as unknown[] | undefined
        if (arr === undefined) out[spec.key] = [value]
        else {
          arr.push(value)
          if (prev !== t) odd = true
        }
      } else out[spec.key] = value
      if (rawType !== (spec.nestedFlag ? spec.type | NLA_F_NESTED : spec.type)) odd = true
      lastKnown = i
    }
    prev = t
    i++
    o += (len + 3) & ~3
  }
  if (odd || o !== end || (firstUnknown >= 0 && lastKnown > firstUnknown)) attachMeta(d, set, out, start, end, raw)
  return out
}

function decodeValue(d: Decoder, spec: AttrSpec, s: number, e: number): unknown {
  const n = e - s
  switch (spec.kind) {
    case 'u8':
      if (n !== 1) fixed(d, 1, n, s)
      return d.buf[s]
    case 'u16':
      if (n !== 2) fixed(d, 2, n, s)
      return d.dv.getUint16(s, HOST_LE)
    case 'u32':
      if (n !== 4) fixed(d, 4, n, s)
      return d.dv.getUint32(s, HOST_LE)
    case 'u64':
      if (n !== 8) fixed(d, 8, n, s)
      return readU64(d.dv, s)
    case 's8':
      if (n !== 1) fixed(d, 1, n, s)
      return d.dv.getInt8(s)
    case 's16':
      if (n !== 2) fixed(d, 2, n, s)
      return d.dv.getInt16(s, HOST_LE)
    case 's32':
      if (n !== 4) fixed(d, 4, n, s)
      return d.dv.getInt32(s, HOST_LE)
    case 's64':
      if (n !== 8) fixed(d, 8, n, s)
      return readS64(d.dv, s)
    case 'be16':
      if (n !== 2) fixed(d, 2, n, s)
      return d.dv.getUint16(s, false)
    case 'be32':
      if (n !== 4) fixed(d, 4, n, s)
      return d.dv.getUint32(s, false)
    case 'flag':
      if (n !== 0) fixed(d, 0, n, s)
      return true
    case 'string': {
      let z = s
      while (z < e && d.buf[z] !== 0) z++
      return readText(d.buf, s, z)
    }
    case 'binary':
      return d.copy(s, e)
    case 'lladdr':
      return formatLladdr(d.buf, s, e)
    case 'ipaddr': {
      const ip = formatIP(d.buf, s, e)
      if (ip === null) d.fail(`expected an IPv4 (4 bytes) or IPv6 (16 bytes) address, got ${n} bytes`, s - NLA_HDRLEN)
      return ip
    }
    case 'ipv4':
      if (n !== 4) fixed(d, 4, n, s)
      return formatIPv4(d.buf, s)
    case 'ipv6':
      if (n !== 16) fixed(d, 16, n, s)
      return formatIPv6(d.buf, s)
    case 'nest':
      return decodeAttrs(d, nestOf(spec), s, e)
    case 'custom':
      return spec.codec!.decode(d, s, e)
  }
}

function fixed(d: Decoder, want: number, got: number, payloadStart: number): never {
  d.fail(`expected ${want} bytes, got ${got}`, payloadStart - NLA_HDRLEN)
}

// Encoding lives in attrs-encode.ts.
export { AttrLookup, encodeAttrs, encodeAttrsWith, lookupSkipping } from './attrs-encode.js'
