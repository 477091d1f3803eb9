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
import { HOST_LE } from './bytes.js'
import {
  formatIP,
  formatIPv4,
  formatIPv6,
  formatLladdr,
  parseIP,
  parseIPv4,
  parseIPv6,
  parseLladdr,
} from './addresses.js'
import { readText } from './bytes.js'
import type { Decoder } from './decoder.js'
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

  constructor(name: string, specs: AttrSpec[]) {
    this.name = name
    for (const s of specs) {
      if (this.byType[s.type] !== undefined) throw new Error(`${name}: type ${s.type} defined twice`)
      if (this.byKey.has(s.key)) throw new Error(`${name}: key ${s.key} defined twice`)
      this.byType[s.type] = s
      this.byKey.set(s.key, s)
      this.specs.push(s)
    }
  }
}

/** 'IFLA_BR_HELLO_TIME' with prefix 'IFLA_BR_' → 'helloTime'. */
export function keyFromName(name: string, prefix: string): string {
  const rest = name.startsWith(prefix) ? name.slice(prefix.length) : name
  return rest.toLowerCase().replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase())
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
    return { type, name, key: opts.key ?? keyFromName(name, prefix), kind, ...opts, codec } as AttrSpec
  })
  return new AttrSet(setName, specs)
}

// ---------------------------------------------------------------------------------------------
// Wire details kept aside for exact re-encoding.

const WIRE = Symbol.for('nlwire.wire')

interface WireMeta {
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

function getMeta(obj: object): WireMeta | undefined {
  return (obj as { [WIRE]?: WireMeta })[WIRE]
}

/** Forget wire details: the object will encode in canonical form. */
export function canonical<T extends object>(obj: T): T {
  if (getMeta(obj) !== undefined) delete (obj as { [WIRE]?: WireMeta })[WIRE]
  return obj
}

export type AttrValues = Record<string, unknown> & { unknown?: RawAttr[] }

function nestOf(spec: AttrSpec): AttrSet {
  const n = spec.nest
  if (n === undefined) throw new Error(`${spec.name}: nest without attribute set`)
  return typeof n === 'function' ? n() : n
}

// ---------------------------------------------------------------------------------------------
// Decode

/** Decode the attributes in [start, end) of d.buf with table `set`. */
export function decodeAttrs(d: Decoder, set: AttrSet, start: number, end: number, into?: Record<string, unknown>): AttrValues {
  const out: AttrValues = (into ?? {}) as AttrValues
  const types: number[] = []
  const meta: WireMeta = { types }
  const dv = d.dv
  let o = start
  while (o < end) {
    if (end - o < NLA_HDRLEN) d.fail(`truncated attribute header: ${end - o} bytes left`, o)
    const len = dv.getUint16(o, HOST_LE)
    const rawType = dv.getUint16(o + 2, HOST_LE)
    if (len < NLA_HDRLEN) d.fail(`attribute length ${len} is below the 4-byte header (type ${rawType & NLA_TYPE_MASK})`, o)
    if (o + len > end) {
      const spec = set.byType[rawType & NLA_TYPE_MASK]
      d.path.push(spec?.name ?? `type ${rawType & NLA_TYPE_MASK}`)
      d.fail(`attribute length ${len} overruns its parent by ${o + len - end} bytes`, o)
    }
    const spec = set.byType[rawType & NLA_TYPE_MASK]
    const pStart = o + NLA_HDRLEN
    const pEnd = o + len
    const trace = d.trace
    if (spec === undefined || (!spec.multi && out[spec.key] !== undefined)) {
      const data = d.copy(pStart, pEnd)
      ;(out.unknown ??= []).push({ type: rawType, data })
      if (trace) {
        const name = spec === undefined ? `${set.name} type ${rawType & NLA_TYPE_MASK}` : `${spec.name} (repeated)`
        trace.leaf({ name, offset: o, length: len, attrType: rawType, value: data })
      }
    } else {
      d.path.push(spec.name)
      if (trace) trace.open({ name: spec.name, offset: o, length: len, attrType: rawType, spec })
      const value = decodeValue(d, spec, pStart, pEnd, meta, types.length)
      if (trace) trace.close(value)
      d.path.pop()
      if (spec.multi) {
        const arr = out[spec.key] as unknown[] | undefined
        if (arr === undefined) out[spec.key] = [value]
        else arr.push(value)
      } else out[spec.key] = value
    }
    types.push(rawType)
    o += (len + 3) & ~3
  }
  if (o > end) meta.unpadded = o - end
  setMeta(out, meta)
  return out
}

function decodeValue(d: Decoder, spec: AttrSpec, s: number, e: number, meta: WireMeta, index: number): unknown {
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
      return d.dv.getBigUint64(s, HOST_LE)
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
      return d.dv.getBigInt64(s, HOST_LE)
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
      const buf = d.buf
      while (z < e && buf[z] !== 0) z++
      const str = readText(buf, s, z)
      // Canonical form is the text and one NUL (no NUL for noNulInRequests in a request); keep
      // anything else as it came.
      if (z !== (spec.noNulInRequests && d.request ? e : e - 1)) (meta.raw ??= new Map()).set(index, [str, d.copy(s, e)])
      return str
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

// ---------------------------------------------------------------------------------------------
// Encode

/**
 * Encode an attribute-set value: wire order of a decoded value first, then keys added by hand.
 * `skip` names keys of the same object that are not attributes (a message's fixed header).
 */
export function encodeAttrs(w: Writer, set: AttrSet, obj: AttrValues, skip?: ReadonlySet<string>): void {
  const meta = getMeta(obj)
  const unknown = obj.unknown
  if (meta === undefined) {
    for (const key in obj) {
      if (key === 'unknown' || skip?.has(key)) continue
      const v = obj[key]
      if (v === undefined) continue
      const spec = set.byKey.get(key)
      if (spec === undefined) w.fail(`${set.name} has no attribute '${key}'`)
      const type = spec.nestedFlag ? spec.type | NLA_F_NESTED : spec.type
      if (spec.multi) {
        if (!Array.isArray(v)) w.fail(`${spec.name}: expected an array (the attribute repeats)`)
        for (const item of v) encodeOne(w, spec, type, item, undefined)
      } else encodeOne(w, spec, type, v, undefined)
    }
    if (unknown) for (const u of unknown) encodeRaw(w, u)
    return
  }
  const done = new Set<string>()
  const multiIndex = new Map<string, number>()
  let unk = 0
  const types = meta.types
  for (let i = 0; i < types.length; i++) {
    const type = types[i]!
    const spec = set.byType[type & NLA_TYPE_MASK]
    if (spec === undefined || (!spec.multi && done.has(spec.key))) {
      const u = unknown?.[unk++]
      if (u !== undefined) encodeRaw(w, u)
      continue
    }
    const v = obj[spec.key]
    if (spec.multi) {
      const k = multiIndex.get(spec.key) ?? 0
      multiIndex.set(spec.key, k + 1)
      if (Array.isArray(v) && k < v.length) encodeOne(w, spec, type, v[k], meta.raw?.get(i))
      continue
    }
    done.add(spec.key)
    if (v !== undefined) encodeOne(w, spec, type, v, meta.raw?.get(i))
  }
  // Values added after decoding, in the order they were added.
  for (const key in obj) {
    if (key === 'unknown' || obj[key] === undefined || skip?.has(key)) continue
    const spec = set.byKey.get(key)
    if (spec === undefined) w.fail(`${set.name} has no attribute '${key}'`)
    const type = spec.nestedFlag ? spec.type | NLA_F_NESTED : spec.type
    if (spec.multi) {
      const v = obj[key] as unknown[]
      for (let k = multiIndex.get(key) ?? 0; k < v.length; k++) encodeOne(w, spec, type, v[k], undefined)
    } else if (!done.has(key)) encodeOne(w, spec, type, obj[key], undefined)
  }
  if (unknown) for (; unk < unknown.length; unk++) encodeRaw(w, unknown[unk]!)
  if (meta.unpadded !== undefined && (w.pos & 3) === 0 && w.pos >= meta.unpadded) w.pos -= meta.unpadded
}

function encodeRaw(w: Writer, u: RawAttr): void {
  const at = w.attrStart(u.type)
  w.bytes(u.data)
  w.attrEnd(at)
}

function encodeOne(w: Writer, spec: AttrSpec, type: number, v: unknown, raw: [unknown, Uint8Array] | undefined): void {
  w.path.push(spec.name)
  const at = w.attrStart(type)
  if (raw !== undefined && raw[0] === v) w.bytes(raw[1])
  else encodeValue(w, spec, v)
  w.attrEnd(at)
  w.path.pop()
}

function encodeValue(w: Writer, spec: AttrSpec, v: unknown): void {
  switch (spec.kind) {
    case 'u8':
      return w.u8(num(w, v))
    case 'u16':
      return w.u16(num(w, v))
    case 'u32':
      return w.u32(num(w, v))
    case 's8':
      return w.s8(num(w, v))
    case 's16':
      return w.s16(num(w, v))
    case 's32':
      return w.s32(num(w, v))
    case 'be16':
      return w.be16(num(w, v))
    case 'be32':
      return w.be32(num(w, v))
    case 'u64':
      return w.u64(big(w, v))
    case 's64':
      return w.s64(big(w, v))
    case 'flag':
      if (v !== true) w.fail(`a flag is true or absent, got ${String(v)}`)
      return
    case 'string':
      if (typeof v !== 'string') w.fail(`expected a string, got ${typeof v}`)
      return w.text(v, !(spec.noNulInRequests && w.request))
    case 'binary':
      if (!(v instanceof Uint8Array)) w.fail(`expected a Uint8Array, got ${typeof v}`)
      return w.bytes(v)
    case 'lladdr': {
      const b = typeof v === 'string' ? parseLladdr(v) : v instanceof Uint8Array ? v : null
      if (b === null) w.fail(`expected a link-layer address like '02:00:00:00:00:01', got ${JSON.stringify(v)}`)
      return w.bytes(b)
    }
    case 'ipaddr': {
      const b = typeof v === 'string' ? parseIP(v) : null
      if (b === null) w.fail(`expected an IPv4 or IPv6 address, got ${JSON.stringify(v)}`)
      return w.bytes(b)
    }
    case 'ipv4': {
      const b = typeof v === 'string' ? parseIPv4(v) : null
      if (b === null) w.fail(`expected an IPv4 address, got ${JSON.stringify(v)}`)
      return w.bytes(b)
    }
    case 'ipv6': {
      const b = typeof v === 'string' ? parseIPv6(v) : null
      if (b === null) w.fail(`expected an IPv6 address, got ${JSON.stringify(v)}`)
      return w.bytes(b)
    }
    case 'nest':
      if (typeof v !== 'object' || v === null) w.fail(`expected an object of attributes, got ${String(v)}`)
      return encodeAttrs(w, nestOf(spec), v as AttrValues)
    case 'custom':
      return spec.codec!.encode(w, v)
  }
}

function num(w: Writer, v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(v)
  return w.fail(`expected a number, got ${typeof v}`)
}

function big(w: Writer, v: unknown): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v)
  return w.fail(`expected a bigint, got ${typeof v}`)
}
