// The fixtures' default layout: every field on its own line, named by the codecs. The message is
// decoded with a tracer attached (codecs/annotate.ts) and the trace tree is written out in byte
// order: the hex of each field, then `# name value`, nested fields indented by two more spaces.
// An attribute's header (nla_len, nla_type) has its own line before its payload, and the bytes
// no field covers (struct pads, attribute padding) are written as such, so the hex is exactly
// the message. A message the codecs cannot read, or a trace that does not cover the message in
// order, returns null: the capture then uses the codec-free layout of annotate.ts.
import { type TraceNode, annotate as trace, describeValue } from '../../codecs/annotate.js'
import { NLA_F_NESTED, NLA_F_NET_BYTEORDER, NLA_TYPE_MASK } from '../../codecs/core/attrs.js'
import { NLMSG_DONE } from '../../codecs/core/nlmsg.js'
import { ackLabel, line, type AnnotateInfo } from './annotate.js'

/** Hex bytes per line; longer fields continue on the following lines. */
const ROW = 16

type Gap = (from: number, to: number, indent: number) => void

class Layout {
  readonly out: string[] = []
  constructor(
    readonly msg: Uint8Array,
    readonly msgType: number,
  ) {}

  /** Bytes [start, end) at `indent`, 16 a line; the comment goes on the first line. */
  rows(indent: number, start: number, end: number, comment?: string): void {
    for (let o = start; o < end; o += ROW) this.out.push(line(indent, this.msg.subarray(o, Math.min(end, o + ROW)), o === start ? comment : undefined))
  }

  /** Bytes no field claims: a struct's pad (zeros), or something the codecs did not decode. */
  readonly unclaimed: Gap = (from, to, indent) => {
    const zero = this.msg.subarray(from, to).every((b) => b === 0)
    this.rows(indent, from, to, zero ? 'pad' : 'not decoded')
  }

  /** The nodes laid over [start, end) in order; the bytes between them go to `gap`. */
  children(nodes: readonly TraceNode[], start: number, end: number, indent: number, gap: Gap = this.unclaimed): void {
    let at = start
    for (const n of nodes) {
      if (n.offset < at || n.offset + n.length > end) throw new Error(`trace node ${n.name} at ${n.offset}+${n.length} is outside [${at}, ${end})`)
      if (n.offset > at) gap(at, n.offset, indent)
      this.node(n, indent)
      at = n.offset + n.length
      if (n.attrType !== undefined) {
        // The attribute's padding to 4 bytes belongs with its payload.
        const padEnd = Math.min(end, (at + 3) & ~3)
        this.rows(indent + 2, at, padEnd, 'padding')
        at = padEnd
      }
    }
    if (at < end) gap(at, end, indent)
  }

  node(n: TraceNode, indent: number): void {
    const { offset: o, length: len } = n
    if (n.attrType !== undefined) return this.attr(n, indent)
    // The header's fields sit at the message's own indentation, as the codec-free layout has them.
    if (n.name === 'nlmsghdr') return this.children(n.children ?? [], o, o + len, indent)
    if (n.children !== undefined) {
      // A struct, a message inside another (an echoed request, a veth peer), a rtnexthop ...
      this.out.push(`${' '.repeat(indent)}# ${n.name}`)
      return this.children(n.children, o, o + len, indent + 2)
    }
    const v = valueText(n, this.msgType)
    this.rows(indent, o, o + len, v === '' ? n.name : `${n.name} ${v}`)
  }

  attr(n: TraceNode, indent: number): void {
    const { offset: o, length: len } = n
    const t = n.attrType!
    const bits = [(t & NLA_F_NESTED) !== 0 ? 'NLA_F_NESTED' : '', (t & NLA_F_NET_BYTEORDER) !== 0 ? 'NLA_F_NET_BYTEORDER' : ''].filter(Boolean)
    const head = `${n.name}: nla_len ${len}, nla_type ${t & NLA_TYPE_MASK}${bits.length > 0 ? ' ' + bits.join('|') : ''}`
    if (n.children !== undefined) {
      this.out.push(line(indent, this.msg.subarray(o, o + 4), head))
      return this.children(n.children, o + 4, o + len, indent + 2)
    }
    const v = valueText(n, this.msgType)
    if (len === 4) {
      // No payload (a flag, an empty nest): the value goes with the header.
      this.out.push(line(indent, this.msg.subarray(o, o + 4), v === '' ? head : `${head} = ${v}`))
      return
    }
    this.out.push(line(indent, this.msg.subarray(o, o + 4), head))
    this.rows(indent + 2, o + 4, o + len, v === '' ? '(value)' : v)
  }
}

/** Byte strings are already on the line as hex: say how long they are instead. */
function valueText(n: TraceNode, msgType: number): string {
  if (n.value instanceof Uint8Array) return n.value.length === 0 ? '' : `(${n.value.length} bytes)`
  return describeValue(n, msgType)
}

/** One whole netlink message → lines of hex and comments, or null for the codec-free layout. */
export function annotate(bytes: Uint8Array, _info?: AnnotateInfo): string[] | null {
  if (bytes.length < 16) return null
  const a = trace(bytes)
  if (a.error !== undefined || a.nodes.length !== 1) return null
  const root = a.nodes[0]!
  if (root.offset !== 0 || root.length !== bytes.length) return null
  const msgType = bytes[4]! | (bytes[5]! << 8)
  const l = new Layout(bytes, msgType)
  // NLMSG_DONE's status is read by the core without a trace node: name it here.
  const gap: Gap = (from, to, indent) => {
    if (msgType === NLMSG_DONE && from === 16 && to - from >= 4) {
      const status = (bytes[16]! | (bytes[17]! << 8) | (bytes[18]! << 16) | (bytes[19]! << 24)) | 0
      l.rows(indent, 16, 20, `status ${ackLabel(status)}`)
      if (to > 20) l.unclaimed(20, to, indent)
    } else l.unclaimed(from, to, indent)
  }
  try {
    l.children(root.children ?? [], 0, bytes.length, 2, gap)
  } catch {
    return null
  }
  return l.out
}
