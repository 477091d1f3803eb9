// Encoding attribute sets (the tables and the read side are in attrs.ts): the canonical form from
// a value's keys in order, or, for a decoded value carrying a wire record, the input's own order,
// flags and bytes.
import { parseIP, parseIPv4, parseIPv6, parseLladdr } from './addresses.js'
import { type AttrSet, type AttrSpec, type AttrValues, type RawAttr, NLA_F_NESTED, NLA_TYPE_MASK, getMeta, nestOf } from './attrs.js'
import type { Writer } from './writer.js'

/**
 * Encode an attribute-set value: wire order of a decoded value first, then keys added by hand.
 * `skip` names keys of the same object that are not attributes (a message's fixed header).
 */
export function encodeAttrs(w: Writer, set: AttrSet, obj: AttrValues, skip?: ReadonlySet<string>): void {
  encodeAttrsWith(w, set, obj, skip === undefined ? set.keyLookup : lookupSkipping(set, skip))
}

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

const skipLookups = new WeakMap<AttrSet, WeakMap<ReadonlySet<string>, AttrLookup>>()

/** @internal set.byKey with the keys of `skip` mapped to null (skip wins), made once per pair. */
export function lookupSkipping(set: AttrSet, skip: ReadonlySet<string>): AttrLookup {
  let bySkip = skipLookups.get(set)
  if (bySkip === undefined) skipLookups.set(set, (bySkip = new WeakMap()))
  let lookup = bySkip.get(skip)
  if (lookup === undefined) {
    const m = new Map<string, AttrSpec | null>(set.byKey)
    for (const k of skip) m.set(k, null)
    bySkip.set(skip, (lookup = new AttrLookup(m)))
  }
  return lookup
}

/** @internal encodeAttrs with the key lookup given (see lookupSkipping). */
export function encodeAttrsWith(w: Writer, set: AttrSet, obj: AttrValues, lookup: AttrLookup): void {
  const meta = getMeta(obj)
  const unknown = obj.unknown
  if (meta === undefined) {
    // Canonical form: keys in insertion order (a decoded value's wire order), unknown last.
    let i = 0
    for (const key in obj) {
      const spec = lookup.at(i++, key)
      if (key === 'unknown') continue
      if (spec === null) continue
      const v = obj[key]
      if (v === undefined) continue
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
    if (key === 'unknown' || obj[key] === undefined) continue
    const spec = lookup.map.get(key)
    if (spec === null) continue
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
