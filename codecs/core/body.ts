// The common shape of an rtnetlink payload: a fixed C header (ifinfomsg, ifaddrmsg, rtmsg ...)
// padded to 4 bytes, then attributes. Decoded into one flat object, as the kernel's YNL tools do:
// header fields under their YNL names (ifiIndex, ifaFamily, rtmTable ...) beside the attributes.
import { align4 } from './bytes.js'
import { type AttrLookup, type AttrSet, type AttrValues, type ValueCodec, decodeHeaderAndAttrs, encodeAttrsWith, lookupSkipping } from './attrs.js'
import { RTNL_KIND_GET, rtnlMsgtypeKind } from '../rtnetlink.js'
import { ShapeCache } from './shapes.js'
import type { Decoder } from './decoder.js'
import type { BodyCodec, MessageHeader } from './nlmsg.js'
import type { StructCodec } from './struct.js'
import type { Writer } from './writer.js'

const HDR = Symbol.for('nlwire.header')

interface HeaderMeta {
  /** The fixed header was cut short (legacy dump requests send a 1-byte rtgenmsg): its length. */
  short?: number
  /** The header's padding to 4 bytes was left off (no attributes followed). */
  unpadded?: number
}

export class FixedAttrsBody<B extends object> implements BodyCodec<B> {
  readonly family: string
  readonly header: StructCodec
  readonly attrs: AttrSet
  readonly headerKeys: ReadonlySet<string>
  /** Learned attribute sequences of this body, built with the header fields in one literal. */
  private readonly shapes = new ShapeCache()
  /** The header's fields for shape builders (null: a growable header, read by its codec). */
  private readonly shapeHeader: StructCodec['fields'] | null

  constructor(family: string, header: StructCodec, attrs: AttrSet) {
    this.family = family
    this.header = header
    this.attrs = attrs
    this.headerKeys = new Set(header.fields.map((f) => f.key))
    this.shapeHeader = header.growable ? null : header.fields
  }

  /** Attribute keys to specs, header keys to null: one lookup per key when encoding (made on first encode). */
  private lookup: AttrLookup | undefined

  decode(d: Decoder, start: number, end: number): B {
    const size = this.header.size
    if (end - start < size) {
      // The kernel accepts a short header only as the whole body of a GET request (legacy dumps
      // send a 1-byte rtgenmsg); not in other requests, replies, or nested headers.
      if (!d.request || d.path.length > 0 || rtnlMsgtypeKind(d.msgType) !== RTNL_KIND_GET) d.fail(`${this.header.name}: expected ${size} bytes, got ${end - start}`, start)
      if (d.trace) d.trace.open({ name: `${this.header.name} (short)`, offset: start, length: end - start })
      const obj = this.header.decodePrefix(d, start, end)
      if (d.trace) d.trace.close()
      setHeaderMeta(obj, { short: end - start })
      return obj as B
    }
    const attrStart = start + align4(size)
    if (attrStart > end) {
      const obj = this.readHeader(d, start)
      d.family = d.buf[start]!
      setHeaderMeta(obj, { unpadded: end - start - size })
      return obj as B
    }
    // Every rtnetlink header starts with its address family; some attributes depend on it.
    d.family = d.buf[start]!
    return decodeHeaderAndAttrs(d, this.attrs, this.shapes, this.shapeHeader as never, start, attrStart, end, this) as B
  }

  /** @internal The header alone, as an object (decodeHeaderAndAttrs calls back when no shape applies). */
  readHeader(d: Decoder, start: number): Record<string, unknown> {
    if (d.trace) d.trace.open({ name: this.header.name, offset: start, length: this.header.size })
    const obj = this.header.decode(d, start, start + this.header.size) as Record<string, unknown>
    if (d.trace) d.trace.close()
    return obj
  }

  encode(w: Writer, body: B, _msg: MessageHeader): void {
    const meta = (body as { [HDR]?: HeaderMeta })[HDR]
    const start = w.pos
    this.header.encode(w, body as Record<string, unknown>)
    w.family = w.buf[start]!
    if (meta?.short !== undefined) {
      w.pos = start + meta.short
      return
    }
    const mark = w.pos
    w.pad()
    const afterPad = w.pos
    encodeAttrsWith(w, this.attrs, body as AttrValues, (this.lookup ??= lookupSkipping(this.attrs, this.headerKeys)))
    if (meta?.unpadded !== undefined && w.pos === afterPad) w.pos = mark + meta.unpadded
  }
}

function setHeaderMeta(obj: object, meta: HeaderMeta): void {
  Object.defineProperty(obj, HDR, { value: meta, enumerable: false, writable: true, configurable: true })
}

/** What HeaderAttrsArray calls things in its errors and traces. */
export interface HeaderAttrsArrayNames {
  /** The element's C struct: 'rtnexthop' (elements trace as rtnexthop[0], rtnexthop[1] ...). */
  readonly struct: string
  /** Its length field: 'rtnh_len'. */
  readonly length: string
  /** The attribute holding the array: 'RTA_MULTIPATH'. */
  readonly parent: string
  /** What the elements are, for encode errors: 'nexthops'. */
  readonly items: string
}

/**
 * An array of elements shaped like a message body: each a u16 length (of the whole element), a
 * fixed header, then attributes, elements 4-byte aligned (RTA_MULTIPATH's struct rtnexthop +
 * RTA_*). Each decodes into one flat object, header fields first, with the same engine as a
 * message body (shapes included).
 */
export class HeaderAttrsArray<E extends object> implements ValueCodec<E[]> {
  readonly describe: string
  private readonly size: number
  private readonly headerKeys: ReadonlySet<string>
  private readonly shapes = new ShapeCache()
  private lookup: AttrLookup | undefined
  private set: AttrSet | undefined

  constructor(
    private readonly names: HeaderAttrsArrayNames,
    /** The header after the length field. */
    private readonly header: StructCodec,
    /** The elements' attributes (a function: the set may hold this array itself). */
    private readonly attrs: () => AttrSet,
  ) {
    this.describe = `struct ${names.struct}[]`
    this.size = 2 + header.size
    this.headerKeys = new Set(header.fields.map((f) => f.key))
  }

  decode(d: Decoder, start: number, end: number): E[] {
    const { struct, length, parent } = this.names
    const set = (this.set ??= this.attrs())
    const size = this.size
    const out: E[] = []
    for (let o = start, i = 0; o < end; i++) {
      if (end - o < size) d.fail(`truncated struct ${struct}: expected ${size} bytes, got ${end - o}`, o)
      const len = d.u16(o)
      if (len < size) d.fail(`${length} ${len} is below the ${size}-byte struct ${struct}`, o)
      if (o + len > end) d.fail(`${length} ${len} overruns ${parent} by ${o + len - end} bytes`, o)
      const name = `${struct}[${i}]`
      const trace = d.trace
      if (trace) {
        trace.open({ name, offset: o, length: len })
        trace.leaf({ name: length, offset: o, length: 2, value: len })
      }
      d.path.push(name)
      out.push(decodeHeaderAndAttrs(d, set, this.shapes, this.header.growable ? null : (this.header.fields as never), o + 2, o + size, o + len, this) as E)
      d.path.pop()
      if (trace) trace.close()
      o += (len + 3) & ~3
    }
    return out
  }

  /** @internal The header (traced field by field inside the element's node). */
  readHeader(d: Decoder, hs: number): Record<string, unknown> {
    return this.header.decode(d, hs, hs + this.header.size) as Record<string, unknown>
  }

  encode(w: Writer, v: E[]): void {
    const { struct, items } = this.names
    if (!Array.isArray(v)) w.fail(`expected an array of ${items}, got ${typeof v}`)
    const set = (this.set ??= this.attrs())
    const lookup = (this.lookup ??= lookupSkipping(set, this.headerKeys))
    for (let i = 0; i < v.length; i++) {
      if (i > 0) w.pad()
      w.path.push(`${struct}[${i}]`)
      const start = w.pos
      w.u16(0) // the length, patched below
      this.header.encode(w, v[i] as Record<string, unknown>)
      encodeAttrsWith(w, set, v[i] as AttrValues, lookup)
      const len = w.pos - start
      if (len > 0xffff) w.fail(`${struct} too long for its 16-bit length: ${len} bytes`)
      w.patchU16(start, len)
      w.path.pop()
    }
  }
}
