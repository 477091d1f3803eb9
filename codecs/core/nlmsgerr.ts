// struct nlmsgerr and the extended ack (linux/netlink.h): NLMSG_ERROR carries an errno (0 for an
// ack), the request's header (the whole request unless NLM_F_CAPPED), then, with NLM_F_ACK_TLVS,
// NLMSGERR_ATTR_* TLVs: the kernel's message, the offset of the offending attribute in the
// request, a cookie, the violated policy. NLMSG_DONE ends a dump with an errno and the same TLVs.
import { HOST_LE } from './bytes.js'
import { type AttrValue, type AttrValues, decodeAttrs, defineAttrs, encodeAttrs } from './attrs.js'
import type { Decoder } from './decoder.js'
import {
  type BodyCodec,
  type BodyLookup,
  type Message,
  type MessageHeader,
  NLMSG_HDRLEN,
  NLM_F_ACK_TLVS,
  NLM_F_CAPPED,
  decodeFrame,
  encodeFrame,
} from './nlmsg.js'
import { NetlinkDecodeError } from './errors.js'
import type { Writer } from './writer.js'

export const NLMSGERR_ATTR_UNUSED = 0
export const NLMSGERR_ATTR_MSG = 1
export const NLMSGERR_ATTR_OFFS = 2
export const NLMSGERR_ATTR_COOKIE = 3
export const NLMSGERR_ATTR_POLICY = 4
export const NLMSGERR_ATTR_MISS_TYPE = 5
export const NLMSGERR_ATTR_MISS_NEST = 6

export const NL_POLICY_TYPE_ATTR_UNSPEC = 0
export const NL_POLICY_TYPE_ATTR_TYPE = 1
export const NL_POLICY_TYPE_ATTR_MIN_VALUE_S = 2
export const NL_POLICY_TYPE_ATTR_MAX_VALUE_S = 3
export const NL_POLICY_TYPE_ATTR_MIN_VALUE_U = 4
export const NL_POLICY_TYPE_ATTR_MAX_VALUE_U = 5
export const NL_POLICY_TYPE_ATTR_MIN_LENGTH = 6
export const NL_POLICY_TYPE_ATTR_MAX_LENGTH = 7
export const NL_POLICY_TYPE_ATTR_POLICY_IDX = 8
export const NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE = 9
export const NL_POLICY_TYPE_ATTR_BITFIELD32_MASK = 10
export const NL_POLICY_TYPE_ATTR_PAD = 11
export const NL_POLICY_TYPE_ATTR_MASK = 12

export const policyTypeAttrs = defineAttrs('policy-type-attrs', 'NL_POLICY_TYPE_ATTR_', [
  // enum netlink_attribute_type (NL_ATTR_TYPE_*).
  [NL_POLICY_TYPE_ATTR_TYPE, 'NL_POLICY_TYPE_ATTR_TYPE', 'u32'],
  [NL_POLICY_TYPE_ATTR_MIN_VALUE_S, 'NL_POLICY_TYPE_ATTR_MIN_VALUE_S', 's64'],
  [NL_POLICY_TYPE_ATTR_MAX_VALUE_S, 'NL_POLICY_TYPE_ATTR_MAX_VALUE_S', 's64'],
  [NL_POLICY_TYPE_ATTR_MIN_VALUE_U, 'NL_POLICY_TYPE_ATTR_MIN_VALUE_U', 'u64'],
  [NL_POLICY_TYPE_ATTR_MAX_VALUE_U, 'NL_POLICY_TYPE_ATTR_MAX_VALUE_U', 'u64'],
  [NL_POLICY_TYPE_ATTR_MIN_LENGTH, 'NL_POLICY_TYPE_ATTR_MIN_LENGTH', 'u32'],
  [NL_POLICY_TYPE_ATTR_MAX_LENGTH, 'NL_POLICY_TYPE_ATTR_MAX_LENGTH', 'u32'],
  [NL_POLICY_TYPE_ATTR_POLICY_IDX, 'NL_POLICY_TYPE_ATTR_POLICY_IDX', 'u32'],
  [NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE, 'NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE', 'u32'],
  [NL_POLICY_TYPE_ATTR_BITFIELD32_MASK, 'NL_POLICY_TYPE_ATTR_BITFIELD32_MASK', 'u32'],
  [NL_POLICY_TYPE_ATTR_PAD, 'NL_POLICY_TYPE_ATTR_PAD', 'binary'],
  [NL_POLICY_TYPE_ATTR_MASK, 'NL_POLICY_TYPE_ATTR_MASK', 'u64'],
])

/** NLMSGERR_ATTR_POLICY: what the kernel's policy accepts for the offending attribute. */
export type NlPolicyType = AttrValue<typeof policyTypeAttrs>

export const extackAttrs = defineAttrs('extack-attrs', 'NLMSGERR_ATTR_', [
  // The kernel's own explanation.
  [NLMSGERR_ATTR_MSG, 'NLMSGERR_ATTR_MSG', 'string'],
  // Byte offset of the offending attribute, from the start of the request's nlmsghdr.
  [NLMSGERR_ATTR_OFFS, 'NLMSGERR_ATTR_OFFS', 'u32'],
  [NLMSGERR_ATTR_COOKIE, 'NLMSGERR_ATTR_COOKIE', 'binary'],
  [NLMSGERR_ATTR_POLICY, 'NLMSGERR_ATTR_POLICY', 'nest', { nest: policyTypeAttrs }],
  // A required attribute that was missing.
  [NLMSGERR_ATTR_MISS_TYPE, 'NLMSGERR_ATTR_MISS_TYPE', 'u32'],
  // Offset of the nest the missing attribute belongs in.
  [NLMSGERR_ATTR_MISS_NEST, 'NLMSGERR_ATTR_MISS_NEST', 'u32'],
])

/** The extended-ack TLVs, when the reply carries them. */
export type ExtAck = AttrValue<typeof extackAttrs>

/** The request an error echoes: always its header (with its original nlmsg_len), its body when not capped. */
export interface EchoedRequest extends MessageHeader {
  len: number
  body?: unknown
}

export interface ErrorBody extends ExtAck {
  /** 0 for an ack, else a negative errno. */
  error: number
  request: EchoedRequest
}

export interface DoneBody extends ExtAck {
  /** The dump's status: 0, or a negative errno. */
  error: number
}

const ERROR_KEYS = new Set(['error', 'request'])

export function errorBodyCodec(bodyFor: BodyLookup): BodyCodec<ErrorBody> {
  return {
    family: 'error',
    decode(d: Decoder, start: number, end: number): ErrorBody {
      d.need(start, 4 + NLMSG_HDRLEN, end, 'nlmsgerr')
      const error = d.dv.getInt32(start, HOST_LE)
      if (d.trace) d.trace.leaf({ name: 'error', offset: start, length: 4, value: error })
      const h = start + 4
      const echoLen = d.dv.getUint32(h, HOST_LE)
      const capped = (d.msgFlags & NLM_F_CAPPED) !== 0
      const tlvs = (d.msgFlags & NLM_F_ACK_TLVS) !== 0
      // How many bytes belong to the echo: with NLM_F_ACK_TLVS, the header (capped) or the
      // request's nlmsg_len, the TLVs after; without, everything after the errno (an old
      // kernel's ack echoes the header alone, whatever nlmsg_len says).
      let region: number
      if (tlvs) {
        if (capped) region = NLMSG_HDRLEN
        else {
          if (echoLen < NLMSG_HDRLEN || h + echoLen > end) d.fail(`echoed request length ${echoLen} does not fit`, h)
          region = echoLen
        }
      } else region = end - h
      const request = decodeEcho(d, h, region, echoLen, bodyFor)
      const body: ErrorBody = { error, request }
      if (tlvs) {
        d.path.push('NLMSGERR_ATTRS')
        decodeAttrs(d, extackAttrs, h + ((region + 3) & ~3), end, body as unknown as Record<string, unknown>)
        d.path.pop()
      }
      return body
    },
    encode(w: Writer, body: ErrorBody, msg: MessageHeader): void {
      w.s32(body.error)
      const r = body.request
      if (r.body === undefined) {
        const at = w.pos
        w.zeros(NLMSG_HDRLEN)
        w.dv.setUint32(at, r.len, HOST_LE)
        w.dv.setUint16(at + 4, r.type, HOST_LE)
        w.dv.setUint16(at + 6, r.flags, HOST_LE)
        w.dv.setUint32(at + 8, r.seq >>> 0, HOST_LE)
        w.dv.setUint32(at + 12, r.pid >>> 0, HOST_LE)
      } else encodeFrame(w, r as Message, bodyFor)
      if ((msg.flags & NLM_F_ACK_TLVS) !== 0) {
        w.pad()
        encodeAttrs(w, extackAttrs, body as unknown as AttrValues, ERROR_KEYS)
      }
    },
  }
}

function decodeEcho(d: Decoder, h: number, region: number, echoLen: number, bodyFor: BodyLookup): EchoedRequest {
  const dv = d.dv
  const header = {
    len: echoLen,
    type: dv.getUint16(h + 4, HOST_LE),
    flags: dv.getUint16(h + 6, HOST_LE),
    seq: dv.getUint32(h + 8, HOST_LE),
    pid: dv.getUint32(h + 12, HOST_LE),
  }
  if (region !== echoLen || echoLen <= NLMSG_HDRLEN) {
    // Only part of the request (or more than it): keep whatever follows the header as it came.
    if (region > NLMSG_HDRLEN) {
      const body = d.copy(h + NLMSG_HDRLEN, h + region)
      if (d.trace) d.trace.leaf({ name: 'request (partial)', offset: h, length: region, value: body })
      return { ...header, body }
    }
    if (d.trace) {
      d.trace.open({ name: 'request (header only)', offset: h, length: NLMSG_HDRLEN })
      d.trace.leaf({ name: 'nlmsg_len', offset: h, length: 4, value: echoLen })
      d.trace.leaf({ name: 'nlmsg_type', offset: h + 4, length: 2, value: header.type })
      d.trace.leaf({ name: 'nlmsg_flags', offset: h + 6, length: 2, value: header.flags })
      d.trace.leaf({ name: 'nlmsg_seq', offset: h + 8, length: 4, value: header.seq })
      d.trace.leaf({ name: 'nlmsg_pid', offset: h + 12, length: 4, value: header.pid })
      d.trace.close()
    }
    return header
  }
  // The whole request is here: decode it like any message, but a request the kernel rejected
  // may itself be malformed, so fall back to its raw bytes rather than fail the reply.
  const depth = d.path.length
  const trace = d.trace
  // A failed attempt must not leave half a tree behind: trace into a scratch tracer first.
  d.trace = null
  try {
    const m = decodeFrame(d, h, h + echoLen, bodyFor)
    if (trace) {
      d.trace = trace
      trace.open({ name: 'request', offset: h, length: echoLen })
      decodeFrame(d, h, h + echoLen, bodyFor)
      trace.close()
    }
    return { ...header, body: m.body }
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) throw e
    d.path.length = depth
    const body = d.copy(h + NLMSG_HDRLEN, h + echoLen)
    if (trace) trace.leaf({ name: 'request (undecodable)', offset: h, length: echoLen, value: body })
    return { ...header, body }
  } finally {
    d.trace = trace
  }
}

const DONE_KEYS = new Set(['error'])

export const doneBodyCodec: BodyCodec<DoneBody> = {
  family: 'done',
  decode(d: Decoder, start: number, end: number): DoneBody {
    d.need(start, 4, end, 'NLMSG_DONE status')
    const body: DoneBody = { error: d.dv.getInt32(start, HOST_LE) }
    if ((d.msgFlags & NLM_F_ACK_TLVS) !== 0) {
      d.path.push('NLMSGERR_ATTRS')
      decodeAttrs(d, extackAttrs, start + 4, end, body as unknown as Record<string, unknown>)
      d.path.pop()
    } else if (end > start + 4) d.fail(`NLMSG_DONE: ${end - start - 4} bytes after the status without NLM_F_ACK_TLVS`, start + 4)
    return body
  },
  encode(w: Writer, body: DoneBody, msg: MessageHeader): void {
    w.s32(body.error)
    if ((msg.flags & NLM_F_ACK_TLVS) !== 0) encodeAttrs(w, extackAttrs, body as unknown as AttrValues, DONE_KEYS)
  },
}
