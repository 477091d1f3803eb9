// Decoding attribute sets (the tables are attr-set.ts, the encoder attr-encode.ts): the
// table-driven loop, which a tracer (annotate) and runtimes without code generation use, and the
// dispatch to what compile.ts generates from the same tables on use: a set's decoder from its
// second decode, a shape (straight-line builder) for a sequence of attributes seen twice. All
// paths give the same values, wire record included (test/codecs/core-paths.test.ts).
import { type AttrSet, type AttrSpec, type AttrValues, NLA_F_NESTED, NLA_HDRLEN, NLA_TYPE_MASK, type WireMeta, getMeta, nestOf, setMeta } from './attr-set.js'
import { HOST_LE, readText } from './bytes.js'
import { type AttrDecoder, type AttrHelpers, compileAttrDecoder, compileShape } from './compile.js'
import type { Decoder } from './decoder.js'
import { SCALARS, scalarDef } from './scalars.js'
import { ShapeCache, decodeByShape } from './shapes.js'

/**
 * Record what canonical encoding would not reproduce: the type words in wire order (re-read from
 * the input, already validated), strings that were not text + NUL, missing final padding.
 * `raw` holds triples (attribute index, decoded string, original payload).
 */
function attachMeta(d: Decoder, _set: AttrSet, out: Record<string, unknown>, start: number, end: number, raw: unknown[] | null): void {
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
  const f = set.alwaysMeta ? null : compileAttrDecoder(set, set.specs, nestOf, HELPERS, NLA_F_NESTED, NLA_TYPE_MASK)
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
    compileShape(set, set.byType, types, header, nestOf, HELPERS, NLA_TYPE_MASK),
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
  switch (spec.kind) {
    case 'nest':
      return decodeAttrs(d, nestOf(spec), s, e)
    case 'custom':
      return spec.codec!.decode(d, s, e)
    case 'ipaddr': {
      const ip = SCALARS.ipaddr.read(d, s, e)
      if (ip === null) d.fail(`expected an IPv4 (4 bytes) or IPv6 (16 bytes) address, got ${e - s} bytes`, s - NLA_HDRLEN)
      return ip
    }
  }
  const def = scalarDef(spec.kind)!
  if (def.size !== undefined && e - s !== def.size) fixed(d, def.size, e - s, s)
  return def.read(d, s, e)
}

function fixed(d: Decoder, want: number, got: number, payloadStart: number): never {
  d.fail(`expected ${want} bytes, got ${got}`, payloadStart - NLA_HDRLEN)
}

