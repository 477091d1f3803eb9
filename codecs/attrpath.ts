// Which attribute of a request sits at a byte offset. The kernel's extended ack reports the
// offending attribute as NLMSGERR_ATTR_OFFS, an offset from the start of the request's nlmsghdr;
// this walks the request's TLVs down to that offset and names each level it passes through.
//
// Names come from the body codec registered for the message type when it is a FixedAttrsBody
// (its header size and attribute set), and otherwise from nothing: the walk is generic, steps are
// then named 'type N'. Inside payloads no table describes (custom codecs, unknown attributes) the
// walk looks for the TLV chain that lands exactly on the offset, allowing a fixed struct before it
// (VETH_INFO_PEER carries an ifinfomsg, then attributes).
import { align4 } from './core/bytes.js'
import { type AttrSet, NLA_HDRLEN, NLA_TYPE_MASK } from './core/attrs.js'
import { FixedAttrsBody } from './core/body.js'
import { Decoder } from './core/decoder.js'
import { type BodyLookup, NLMSG_HDRLEN } from './core/nlmsg.js'

/** One attribute on the way from the message down to the offset. */
export interface AttrStep {
  /** Attribute type without the NLA_F_NESTED / NLA_F_NET_BYTEORDER bits. */
  type: number
  /** Kernel constant name when a table knows it, else 'type N'. */
  name: string
  /** Offset of the attribute's nlattr header, from the start of the message. */
  offset: number
  /** nla_len */
  length: number
}

// Fixed headers of rtnetlink messages (linux/rtnetlink.h and friends), for types whose codec is
// not registered: the attributes start after the header padded to 4 bytes.
const IFINFOMSG = 16
const IFADDRMSG = 8
const RTMSG = 12
const NDMSG = 12
const FIB_RULE_HDR = 12
const TCMSG = 20
const TCAMSG = 4
const NDTMSG = 4
const IFADDRLBLMSG = 12
const NETCONFMSG = 1
const BR_PORT_MSG = 8
const RTGENMSG = 1
const IF_STATS_MSG = 12
const NHMSG = 8
const BR_VLAN_MSG = 8
const TUNNEL_MSG = 8

const HEADER_BY_TYPE: Readonly<Record<number, number>> = {
  16: IFINFOMSG, 17: IFINFOMSG, 18: IFINFOMSG, 19: IFINFOMSG, // RTM_*LINK
  20: IFADDRMSG, 21: IFADDRMSG, 22: IFADDRMSG, // RTM_*ADDR
  24: RTMSG, 25: RTMSG, 26: RTMSG, // RTM_*ROUTE
  28: NDMSG, 29: NDMSG, 30: NDMSG, // RTM_*NEIGH
  32: FIB_RULE_HDR, 33: FIB_RULE_HDR, 34: FIB_RULE_HDR, // RTM_*RULE
  36: TCMSG, 37: TCMSG, 38: TCMSG, 40: TCMSG, 41: TCMSG, 42: TCMSG, 44: TCMSG, 45: TCMSG, 46: TCMSG,
  48: TCAMSG, 49: TCAMSG, 50: TCAMSG, // RTM_*ACTION
  64: NDTMSG, 66: NDTMSG, 67: NDTMSG, // RTM_*NEIGHTBL
  72: IFADDRLBLMSG, 73: IFADDRLBLMSG, 74: IFADDRLBLMSG, // RTM_*ADDRLABEL
  80: NETCONFMSG, 81: NETCONFMSG, 82: NETCONFMSG, // RTM_*NETCONF
  84: BR_PORT_MSG, 85: BR_PORT_MSG, 86: BR_PORT_MSG, // RTM_*MDB
  88: RTGENMSG, 89: RTGENMSG, 90: RTGENMSG, // RTM_*NSID
  92: IF_STATS_MSG, 94: IF_STATS_MSG, 95: IF_STATS_MSG, // RTM_*STATS
  100: TCMSG, 101: TCMSG, 102: TCMSG, // RTM_*CHAIN
  104: NHMSG, 105: NHMSG, 106: NHMSG, 116: NHMSG, 117: NHMSG, 118: NHMSG, // RTM_*NEXTHOP[BUCKET]
  108: IFINFOMSG, 109: IFINFOMSG, 110: IFINFOMSG, // RTM_*LINKPROP
  112: BR_VLAN_MSG, 113: BR_VLAN_MSG, 114: BR_VLAN_MSG, // RTM_*VLAN
  120: TUNNEL_MSG, 121: TUNNEL_MSG, 122: TUNNEL_MSG, // RTM_*TUNNEL
}

/** A body codec that picks a FixedAttrsBody by the message's type and flags. */
export interface DirectionalBody {
  bodyForMessage(type: number, flags: number): FixedAttrsBody<object>
}

/** Longest fixed struct looked for before a TLV chain inside an undescribed payload. */
const MAX_INNER_HEADER = 64

/**
 * The attributes containing `target` (an offset from the start of `request`), outermost first.
 * The last step starts at `target` when the walk found it exactly; otherwise it is the innermost
 * attribute whose payload holds `target`. undefined when the offset is outside every attribute.
 */
export function attributePathAt(request: Uint8Array, target: number, bodyFor?: BodyLookup): AttrStep[] | undefined {
  if (request.length < NLMSG_HDRLEN || target < NLMSG_HDRLEN) return undefined
  const d = new Decoder(request)
  const end = Math.min(request.length, d.u32(0))
  const type = d.u16(4)
  let codec = bodyFor?.(type)
  // A body whose table depends on the direction (MDB: MDBA_SET_ENTRY in requests, MDBA_MDB in the
  // kernel's messages) gives the one for this message.
  if (codec !== undefined && !(codec instanceof FixedAttrsBody) && typeof (codec as Partial<DirectionalBody>).bodyForMessage === 'function') {
    codec = (codec as unknown as DirectionalBody).bodyForMessage(type, d.u16(6))
  }
  if (codec instanceof FixedAttrsBody) {
    return walk(d, NLMSG_HDRLEN + align4(codec.header.size), end, target, codec.attrs)
  }
  const header = HEADER_BY_TYPE[type]
  if (header !== undefined) return walk(d, NLMSG_HDRLEN + align4(header), end, target, undefined)
  return walkWithHeader(d, NLMSG_HDRLEN, end, target)
}

function walk(d: Decoder, start: number, end: number, target: number, set: AttrSet | undefined): AttrStep[] | undefined {
  if (!chainIsWellFormed(d, start, end)) return undefined
  for (let o = start; o + NLA_HDRLEN <= end; ) {
    const len = d.u16(o)
    const t = d.u16(o + 2) & NLA_TYPE_MASK
    const spec = set?.byType[t]
    const step: AttrStep = { type: t, name: spec?.name ?? `type ${t}`, offset: o, length: len }
    if (o === target) return [step]
    if (target > o && target < o + len) {
      const inner = spec?.kind === 'nest' ? nestSet(spec.nest) : undefined
      const rest = inner !== undefined
        ? walk(d, o + NLA_HDRLEN, o + len, target, inner)
        : walkWithHeader(d, o + NLA_HDRLEN, o + len, target)
      // No TLV starts exactly there: report the innermost attribute that holds the offset.
      return rest === undefined ? [step] : [step, ...rest]
    }
    o += align4(len)
  }
  return undefined
}

/** A payload nothing describes: try a TLV chain right away, then after a fixed struct. */
function walkWithHeader(d: Decoder, start: number, end: number, target: number): AttrStep[] | undefined {
  let partial: AttrStep[] | undefined
  for (let skip = 0; skip <= MAX_INNER_HEADER && start + skip < end && start + skip <= target; skip += 4) {
    const found = walk(d, start + skip, end, target, undefined)
    if (found === undefined) continue
    if (found[found.length - 1]!.offset === target) return found
    partial ??= found
  }
  return partial
}

/** Every nla_len fits and the chain ends exactly at `end` (the last padding may be missing). */
function chainIsWellFormed(d: Decoder, start: number, end: number): boolean {
  let o = start
  while (o < end) {
    if (end - o < NLA_HDRLEN) return false
    const len = d.u16(o)
    if (len < NLA_HDRLEN || o + len > end) return false
    o += align4(len)
  }
  return o === end || o - end < 4
}

function nestSet(n: AttrSet | (() => AttrSet) | undefined): AttrSet | undefined {
  return typeof n === 'function' ? n() : n
}
