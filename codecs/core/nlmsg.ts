// struct nlmsghdr, its flags and control message types (linux/netlink.h), and the framing of a
// buffer that holds several messages.
import { RTM_NAMES } from '../rtnetlink.js'
import { HOST_LE } from './bytes.js'
import type { Decoder } from './decoder.js'
import type { Writer } from './writer.js'

export const NETLINK_ROUTE = 0

export const NLMSG_HDRLEN = 16
export const NLMSG_ALIGNTO = 4

export const NLMSG_NOOP = 1
export const NLMSG_ERROR = 2
export const NLMSG_DONE = 3
export const NLMSG_OVERRUN = 4
export const NLMSG_MIN_TYPE = 0x10

export const NLM_F_REQUEST = 0x01
export const NLM_F_MULTI = 0x02
export const NLM_F_ACK = 0x04
export const NLM_F_ECHO = 0x08
export const NLM_F_DUMP_INTR = 0x10
export const NLM_F_DUMP_FILTERED = 0x20
// Modifiers to GET requests
export const NLM_F_ROOT = 0x100
export const NLM_F_MATCH = 0x200
export const NLM_F_ATOMIC = 0x400
export const NLM_F_DUMP = NLM_F_ROOT | NLM_F_MATCH
// Modifiers to NEW requests
export const NLM_F_REPLACE = 0x100
export const NLM_F_EXCL = 0x200
export const NLM_F_CREATE = 0x400
export const NLM_F_APPEND = 0x800
// Modifiers to DELETE requests
export const NLM_F_NONREC = 0x100
export const NLM_F_BULK = 0x200
// Flags for ACK messages
export const NLM_F_CAPPED = 0x100
export const NLM_F_ACK_TLVS = 0x200

// Socket options (SOL_NETLINK = 270)
export const SOL_NETLINK = 270
export const NETLINK_ADD_MEMBERSHIP = 1
export const NETLINK_DROP_MEMBERSHIP = 2
export const NETLINK_PKTINFO = 3
export const NETLINK_BROADCAST_ERROR = 4
export const NETLINK_NO_ENOBUFS = 5
export const NETLINK_RX_RING = 6
export const NETLINK_TX_RING = 7
export const NETLINK_LISTEN_ALL_NSID = 8
export const NETLINK_LIST_MEMBERSHIPS = 9
export const NETLINK_CAP_ACK = 10
export const NETLINK_EXT_ACK = 11
export const NETLINK_GET_STRICT_CHK = 12

/**
 * netlink_group_mask: the nl_groups bit recvmsg reports for a datagram multicast to `group`
 * (1 << (group - 1)); for groups above 32 the kernel's shift wraps the way JavaScript's does
 * (count modulo 32), so the same expression matches what arrives for them too.
 */
export function netlinkGroupMask(group: number): number {
  return group > 0 ? (1 << (group - 1)) >>> 0 : 0
}

const names: Record<number, string> = {
  [NLMSG_NOOP]: 'NLMSG_NOOP',
  [NLMSG_ERROR]: 'NLMSG_ERROR',
  [NLMSG_DONE]: 'NLMSG_DONE',
  [NLMSG_OVERRUN]: 'NLMSG_OVERRUN',
  ...RTM_NAMES,
}

/** Register kernel names of message types (rtnetlink registers RTM_*), for traces and errors. */
export function nameMessageTypes(table: Readonly<Record<number, string>>): void {
  Object.assign(names, table)
}

/** 'RTM_NEWLINK', 'NLMSG_ERROR' ... or 'type N' when unknown. */
export function messageName(type: number): string {
  return names[type] ?? `type ${type}`
}

/** The header fields of any netlink message. */
export interface MessageHeader {
  /** nlmsg_type */
  type: number
  /** nlmsg_flags */
  flags: number
  /** nlmsg_seq */
  seq: number
  /** nlmsg_pid (the sender's port id; 0 from the kernel) */
  pid: number
  /**
   * nlmsg_len as it was on the wire, kept only where it differs from the bytes present (the
   * header echoed in a capped ack). Computed when absent.
   */
  len?: number
}

export interface Message<B = unknown> extends MessageHeader {
  body: B
}

/** A message whose type no codec decodes: the payload as it came. */
export type RawMessage = Message<Uint8Array>

/** How one nlmsg_type's payload is read and written. */
export interface BodyCodec<B = unknown> {
  /** Family name: 'link', 'addr', 'error' ... */
  readonly family: string
  decode(d: Decoder, start: number, end: number): B
  encode(w: Writer, body: B, msg: MessageHeader): void
}

export type BodyLookup = (type: number) => BodyCodec | undefined

/**
 * Decode every message in [start, end). A message's payload goes to the codec for its type, or
 * stays raw bytes when none is known.
 */
export function decodeFrames(d: Decoder, start: number, end: number, bodyFor: BodyLookup): Message[] {
  const out: Message[] = []
  let o = start
  while (o < end) {
    out.push(decodeFrame(d, o, end, bodyFor))
    const len = d.dv.getUint32(o, HOST_LE)
    o += (len + 3) & ~3
  }
  return out
}

/** Decode the one message starting at `o` (must fit before `end`). */
export function decodeFrame(d: Decoder, o: number, end: number, bodyFor: BodyLookup): Message {
  if (end - o < NLMSG_HDRLEN) d.fail(`truncated nlmsghdr: expected 16 bytes, got ${end - o}`, o)
  const dv = d.dv
  const len = dv.getUint32(o, HOST_LE)
  const type = dv.getUint16(o + 4, HOST_LE)
  const flags = dv.getUint16(o + 6, HOST_LE)
  const seq = dv.getUint32(o + 8, HOST_LE)
  const pid = dv.getUint32(o + 12, HOST_LE)
  if (len < NLMSG_HDRLEN) d.fail(`nlmsg_len ${len} is below the 16-byte header`, o)
  if (o + len > end) d.fail(`nlmsg_len ${len} runs ${o + len - end} bytes past the end of the input`, o)
  const savedType = d.msgType
  const savedFlags = d.msgFlags
  const savedReq = d.request
  d.msgType = type
  d.msgFlags = flags
  d.request = (flags & NLM_F_REQUEST) !== 0
  const savedFamily = d.family
  d.family = 0
  const codec = bodyFor(type)
  const trace = d.trace
  if (trace) {
    trace.open({ name: messageName(type), offset: o, length: len })
    trace.open({ name: 'nlmsghdr', offset: o, length: NLMSG_HDRLEN })
    trace.leaf({ name: 'nlmsg_len', offset: o, length: 4, value: len })
    trace.leaf({ name: 'nlmsg_type', offset: o + 4, length: 2, value: type })
    trace.leaf({ name: 'nlmsg_flags', offset: o + 6, length: 2, value: flags })
    trace.leaf({ name: 'nlmsg_seq', offset: o + 8, length: 4, value: seq })
    trace.leaf({ name: 'nlmsg_pid', offset: o + 12, length: 4, value: pid })
    trace.close()
  }
  let body: unknown
  if (codec === undefined) {
    body = d.copy(o + NLMSG_HDRLEN, o + len)
    if (trace && len > NLMSG_HDRLEN) trace.leaf({ name: 'payload', offset: o + NLMSG_HDRLEN, length: len - NLMSG_HDRLEN, value: body })
  } else body = codec.decode(d, o + NLMSG_HDRLEN, o + len)
  if (trace) trace.close()
  d.msgType = savedType
  d.msgFlags = savedFlags
  d.request = savedReq
  d.family = savedFamily
  return { type, flags, seq, pid, body }
}

/** Write one message: header, then its body by its type's codec (raw bytes if none). */
export function encodeFrame(w: Writer, msg: Message, bodyFor: BodyLookup): void {
  const start = w.pos
  w.ensure(NLMSG_HDRLEN)
  w.pos += NLMSG_HDRLEN
  const codec = bodyFor(msg.type)
  const savedReq = w.request
  const savedFamily = w.family
  w.request = (msg.flags & NLM_F_REQUEST) !== 0
  w.family = 0
  if (codec !== undefined && !(msg.body instanceof Uint8Array)) codec.encode(w, msg.body, msg)
  else if (msg.body instanceof Uint8Array) w.bytes(msg.body)
  else if (msg.body !== undefined && msg.body !== null) w.fail(`no codec for message type ${msg.type}; give the body as bytes`)
  w.request = savedReq
  w.family = savedFamily
  const len = msg.len ?? w.pos - start
  const dv = w.dv
  dv.setUint32(start, len, HOST_LE)
  dv.setUint16(start + 4, msg.type, HOST_LE)
  dv.setUint16(start + 6, msg.flags, HOST_LE)
  dv.setUint32(start + 8, msg.seq >>> 0, HOST_LE)
  dv.setUint32(start + 12, msg.pid >>> 0, HOST_LE)
}
