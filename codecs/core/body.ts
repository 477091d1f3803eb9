// The common shape of an rtnetlink payload: a fixed C header (ifinfomsg, ifaddrmsg, rtmsg ...)
// padded to 4 bytes, then attributes. Decoded into one flat object, as the kernel's YNL tools do:
// header fields under their YNL names (ifiIndex, ifaFamily, rtmTable ...) beside the attributes.
import { align4 } from './bytes.js'
import { type AttrLookup, type AttrSet, type AttrValues, decodeHeaderAndAttrs, encodeAttrsWith, lookupSkipping } from './attrs.js'
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
