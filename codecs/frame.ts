// nlmsghdr fields of raw message bytes, without decoding any body: the client numbers requests
// that were handed to it as bytes and recognises bare acks without decoding them, the fake
// transport splits recorded sendmsg buffers into messages, traces show the header of a message
// no codec knows, and received datagrams are decoded with their bytes kept beside.
import { HOST_LE, alloc, viewOf } from './core/bytes.js'
import { Decoder } from './core/decoder.js'
import { NetlinkDecodeError } from './core/errors.js'
import { type Message, type MessageHeader, NLMSG_ERROR, NLMSG_HDRLEN, NLM_F_ACK_TLVS, NLM_F_CAPPED } from './core/nlmsg.js'
import { decode } from './messages.js'

/** Where one message sits in a buffer: its offset and nlmsg_len. */
export interface FrameSpan {
  offset: number
  length: number
}

/** The header of the message at `offset`; NetlinkDecodeError if fewer than 16 bytes are there. */
export function frameHeader(bytes: Uint8Array, offset = 0): MessageHeader & { len: number } {
  const d = new Decoder(bytes)
  d.need(offset, NLMSG_HDRLEN, bytes.length, 'nlmsghdr')
  return { len: d.u32(offset), type: d.u16(offset + 4), flags: d.u16(offset + 6), seq: d.u32(offset + 8), pid: d.u32(offset + 12) }
}

/** Offsets and lengths of every message in `bytes`; NetlinkDecodeError on a bad nlmsg_len. */
export function frameSpans(bytes: Uint8Array): FrameSpan[] {
  const d = new Decoder(bytes)
  const out: FrameSpan[] = []
  let o = 0
  while (o < bytes.length) {
    d.need(o, NLMSG_HDRLEN, bytes.length, 'nlmsghdr')
    const len = d.u32(o)
    if (len < NLMSG_HDRLEN) d.fail(`nlmsg_len ${len} is below the 16-byte header`, o)
    if (o + len > bytes.length) d.fail(`nlmsg_len ${len} runs ${o + len - bytes.length} bytes past the end of the input`, o)
    out.push({ offset: o, length: len })
    o += (len + 3) & ~3
  }
  return out
}

/** A u16 / u32 in host byte order at `o`, read byte by byte (no DataView for one field: the client's hot path). */
function u16At(b: Uint8Array, o: number): number {
  return HOST_LE ? b[o]! | (b[o + 1]! << 8) : (b[o]! << 8) | b[o + 1]!
}

function u32At(b: Uint8Array, o: number): number {
  return (HOST_LE ? b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24) : (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!) >>> 0
}

/** nlmsg_flags of the message at `offset`, whose header must be there (frameSpans checks that). */
export function frameFlags(bytes: Uint8Array, offset = 0): number {
  return u16At(bytes, offset + 6)
}

/** A bare ack as the kernel sends it: nlmsghdr, error 0, the request's nlmsghdr echoed. */
const BARE_ACK_LENGTH = NLMSG_HDRLEN + 4 + NLMSG_HDRLEN

/**
 * The nlmsg_seq a datagram acknowledges when it is one bare ack (NLMSG_ERROR, error 0, the
 * request's header echoed, no TLVs or exactly the capped header), which the client takes without
 * decoding; undefined for anything else (an errno, an extended ack, several messages: decode it).
 * Whatever it accepts, decoding would give an ack of that seq.
 */
export function bareAckSeq(buf: Uint8Array): number | undefined {
  if (buf.length !== BARE_ACK_LENGTH || u32At(buf, 0) !== BARE_ACK_LENGTH || u32At(buf, 16) !== 0) return undefined
  if (u16At(buf, 4) !== NLMSG_ERROR) return undefined
  const flags = u16At(buf, 6)
  // With TLVs and no CAPPED, the decoder requires the echoed length to be exactly the header.
  if ((flags & NLM_F_ACK_TLVS) !== 0 && (flags & NLM_F_CAPPED) === 0 && u32At(buf, 20) !== NLMSG_HDRLEN) return undefined
  return u32At(buf, 8)
}

/** A copy of the one message in `bytes` with nlmsg_seq (and nlmsg_pid, if given) replaced. */
export function withHeaderIds(bytes: Uint8Array, seq: number, pid?: number): Uint8Array {
  frameHeader(bytes) // validates the header is there
  const out = alloc(bytes.length)
  out.set(bytes)
  const dv = viewOf(out)
  dv.setUint32(8, seq >>> 0, HOST_LE)
  if (pid !== undefined) dv.setUint32(12, pid >>> 0, HOST_LE)
  return out
}

/**
 * The one message in `bytes`, decoded; when its codec rejects it (a request the kernel refused
 * may well be malformed), the header with the payload as raw bytes instead.
 */
export function decodeOrRaw(bytes: Uint8Array): Message {
  const h = frameHeader(bytes)
  const end = Math.min(bytes.length, Math.max(h.len, NLMSG_HDRLEN))
  try {
    const m = decode(bytes.subarray(0, end))
    if (m.length === 1) return m[0]!
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) throw e
  }
  return { type: h.type, flags: h.flags, seq: h.seq, pid: h.pid, body: Uint8Array.prototype.slice.call(bytes, NLMSG_HDRLEN, end) }
}

/** One message of a datagram: decoded, beside its own bytes (nlmsg_len of them, a view, not a copy). */
export interface Framed {
  message: Message
  bytes: Uint8Array
}

/** Every message of a datagram, each decoded on its own terms (see decodeOrRaw), beside its bytes. */
export function decodeEach(bytes: Uint8Array): Framed[] {
  return frameSpans(bytes).map((s) => {
    const one = bytes.subarray(s.offset, s.offset + s.length)
    return { message: decodeOrRaw(one), bytes: one }
  })
}

/**
 * A received datagram's messages: all decoded in one pass when every codec accepts them, else
 * each on its own terms (a message its codec rejects keeps its raw body). NetlinkDecodeError only
 * when the nlmsghdr framing itself does not hold.
 */
export function decodeDatagram(buf: Uint8Array): Message[] {
  try {
    return decode(buf)
  } catch {
    return decodeEach(buf).map((m) => m.message)
  }
}

/**
 * decodeDatagram, each message beside its bytes (what a monitor writes to pcap or shows as hex).
 * The bytes are views of one copy of `datagram`, so they outlive a receive buffer reused later.
 */
export function decodeFramed(datagram: Uint8Array): Framed[] {
  const buf = Uint8Array.prototype.slice.call(datagram)
  let msgs: Message[]
  try {
    msgs = decode(buf)
  } catch {
    return decodeEach(buf)
  }
  const spans = frameSpans(buf)
  return msgs.map((message, i) => {
    const s = spans[i]!
    return { message, bytes: buf.subarray(s.offset, s.offset + s.length) }
  })
}
