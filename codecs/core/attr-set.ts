// Attribute sets: the tables codecs are written as, and what the decoder (attr-decode.ts), the
// encoder (attr-encode.ts) and the code generator (compile.ts) share about them. Rows in the
// vocabulary of the kernel's YNL specs (u8/u16/u32/u64/s8/s16/s32/s64/be16/be32/string/binary/
// flag/nest), plus the address kinds the route family needs (lladdr, ipaddr, ipv4, ipv6) and
// hand-written value codecs where the data is not regular (structs, arrays, sub-messages
// selected by a sibling such as IFLA_INFO_KIND).
//
// A decoded attribute set is a plain object: keys are the YNL names in camelCase, in wire order.
// Attributes the table does not know (and repeats of a single-valued attribute) are kept in
// `unknown` as raw { type, data }. Everything needed to re-encode the exact input (the order of
// attributes including unknown ones, NLA_F_NESTED / NLA_F_NET_BYTEORDER bits, strings that were
// not sent as text + NUL) is kept out of sight on a non-enumerable symbol (the wire record), so
// encode(decode(b)) === b while values built by hand encode in the kernel's canonical form.
import type { Decoder } from './decoder.js'
import type { Scalar } from './scalars.js'
import { ShapeCache } from './shapes.js'
import type { Writer } from './writer.js'

export const NLA_F_NESTED = 1 << 15
export const NLA_F_NET_BYTEORDER = 1 << 14
export const NLA_TYPE_MASK = ~(NLA_F_NESTED | NLA_F_NET_BYTEORDER) & 0xffff
export const NLA_HDRLEN = 4
export const NLA_ALIGNTO = 4

/** The kinds an attribute table row may name (scalars.ts says how each is read and written). */
export type ScalarKind = Exclude<Scalar, 'mac'>

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

/**
 * @internal Keys to attribute specs, with `null` for keys to pass over (a message's header
 * fields), and a memo of the keys met last time by position: values built the same way (one
 * object literal in a program) list the same keys in the same order, so each key is found by
 * one comparison with the key at its position last time instead of a map lookup.
 */
export class AttrLookup {
  readonly map: ReadonlyMap<string, AttrSpec | null>
  /** keys[i] and specs[i]: a key met at position i and what it maps to (any pair is valid). */
  readonly keys: string[] = []
  readonly specs: (AttrSpec | null | undefined)[] = []

  constructor(map: ReadonlyMap<string, AttrSpec | null>) {
    this.map = map
  }

  /** The spec of `key`, met at position i of an object's keys. */
  at(i: number, key: string): AttrSpec | null | undefined {
    if (this.keys[i] === key) return this.specs[i]
    const spec = this.map.get(key)
    if (i < 64) {
      this.keys[i] = key
      this.specs[i] = spec
    }
    return spec
  }
}

/** A generated attribute-set decoder (compile.ts): attributes of [start, end) into `into` or a new object. */
export type AttrDecoder = (d: Decoder, start: number, end: number, into: Record<string, unknown> | undefined) => Record<string, unknown>

/**
 * One table. `V` is the type of its decoded value, read off its rows by defineAttrs (AttrValue):
 * a table and its TypeScript type are one listing.
 */
export class AttrSet<V = unknown> {
  /** Type only (never set): the decoded value's type. */
  declare readonly valueType?: V
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

// ---------------------------------------------------------------------------------------------
// The decoded value's type, read off the rows (what the decoder gives and the encoder takes).

/** What a scalar row decodes to. */
interface ScalarValue {
  u8: number
  u16: number
  u32: number
  s8: number
  s16: number
  s32: number
  be16: number
  be32: number
  u64: bigint
  s64: bigint
  flag: true
  binary: Uint8Array
  string: string
  lladdr: string
  ipv4: string
  ipv6: string
  ipaddr: string
}

/** keyFromName at the type level: 'HELLO_TIME' → 'helloTime' (an '_' before a letter or digit goes, the character after it is upper-cased). */
type Camel<S extends string> = S extends `${infer H}_${infer T}`
  ? T extends `_${string}` | ''
    ? `${H}_${Camel<T>}`
    : T extends `${infer C}${infer R}`
      ? `${H}${Uppercase<C>}${Camel<R>}`
      : S
  : S
type KeyOf<N extends string, P extends string> = Camel<Lowercase<N extends `${P}${infer R}` ? R : N>>

type RowOptions<R> = R extends readonly [number, string, unknown, infer O] ? O : {}
type NestValue<N> = N extends AttrSet<infer V> ? V : N extends () => AttrSet<infer V> ? V : unknown
type OneValue<R> = R extends readonly [number, string, infer K, ...unknown[]]
  ? K extends ValueCodec<infer T>
    ? T
    : K extends 'nest'
      ? NestValue<RowOptions<R> extends { nest: infer N } ? N : unknown>
      : K extends ScalarKind
        ? ScalarValue[K]
        : unknown
  : never
type RowValue<R> = RowOptions<R> extends { multi: true } ? OneValue<R>[] : OneValue<R>
type RowKey<R, P extends string> = RowOptions<R> extends { key: infer K extends string } ? K : R extends readonly [number, infer N extends string, ...unknown[]] ? KeyOf<N, P> : never

/** The decoded value of a table with these rows: each row's key (optional), and what the table does not know. */
export type AttrsValue<Rows extends readonly AttrRow[], P extends string> = {
  [R in Rows[number] as RowKey<R, P>]?: RowValue<R>
} & { unknown?: RawAttr[] }

/** A table's decoded value, as one flat object type: `export type VlanAttrs = AttrValue<typeof vlanAttrs>`. */
export type AttrValue<S> = S extends AttrSet<infer V> ? { [K in keyof V]: V[K] } : never

/**
 * Build an attribute set from a table. `prefix` is stripped from the kernel names to derive the
 * camelCase keys; a row's options may give `key` where YNL names it otherwise.
 */
export function defineAttrs<const Rows extends readonly AttrRow[], const P extends string>(setName: string, prefix: P, rows: Rows): AttrSet<AttrsValue<Rows, P>> {
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

/** @internal Give a decoded value its wire record. */
export function setMeta(obj: object, meta: WireMeta): void {
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

