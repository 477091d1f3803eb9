// Encoding attribute sets (the tables are attr-set.ts, the read side attr-decode.ts): the
// canonical form from a value's keys in order, or, for a decoded value carrying a wire record,
// the input's own order, flags and bytes.
import { AttrLookup, type AttrSet, type AttrSpec, type AttrValues, type RawAttr, NLA_F_NESTED, NLA_TYPE_MASK, getMeta, nestOf } from './attr-set.js'
import { scalarDef } from './scalars.js'
import type { Writer } from './writer.js'

/**
 * Encode an attribute-set value: wire order of a decoded value first, then keys added by hand.
 * `skip` names keys of the same object that are not attributes (a message's fixed header).
 */
export function encodeAttrs(w: Writer, set: AttrSet, obj: AttrValues, skip?: ReadonlySet<string>): void {
  encodeAttrsWith(w, set, obj, skip === undefined ? set.keyLookup : lookupSkipping(set, skip))
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
    case 'string':
      if (typeof v !== 'string') w.fail(`expected a string, got ${typeof v}`)
      return w.text(v, !(spec.noNulInRequests && w.request))
    case 'nest':
      if (typeof v !== 'object' || v === null) w.fail(`expected an object of attributes, got ${String(v)}`)
      return encodeAttrs(w, nestOf(spec), v as AttrValues)
    case 'custom':
      return spec.codec!.encode(w, v)
  }
  scalarDef(spec.kind)!.write(w, v)
}
