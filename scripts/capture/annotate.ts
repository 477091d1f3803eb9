// How a message's bytes are laid out in a .nl fixture. The fixture parser keeps only the hex and
// ignores everything from '#' to the end of a line, so the layout is free: an annotator returns
// text lines for one whole netlink message (hex plus '#' comments, any indentation), or null to
// leave it to the default below. The capture checks that the hex an annotator wrote is exactly
// the message's bytes.
//
// The capture's default is codec-annotator.ts (one line per field, named by the codecs). The
// layout below knows no codec — nlmsghdr fields one per line, then the payload 16 bytes a line
// (NLMSG_ERROR's errno on its own line) — and is used for any message the codecs cannot read,
// or for every message with `--annotator plain`.
import { toHex } from '../../codecs/core/bytes.js'
import { NLMSG_DONE, NLMSG_ERROR } from '../../codecs/core/nlmsg.js'
import { describeNlmsgFlags, errnoName, messageName } from '../../codecs/index.js'

export interface AnnotateInfo {
  kind: 'request' | 'reply' | 'event'
}

/** One whole netlink message (header included) → lines, or null for the default layout. */
export type Annotator = (bytes: Uint8Array, info?: AnnotateInfo) => string[] | null

const COMMENT_COLUMN = 52

/** `hex` padded so the comments line up. */
export function line(indent: number, bytes: Uint8Array, comment?: string): string {
  const hex = ' '.repeat(indent) + toHex(bytes, ' ')
  if (comment === undefined) return hex
  return `${hex.padEnd(COMMENT_COLUMN)} # ${comment}`
}

const u32 = (b: Uint8Array, o: number): number => (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
const u16 = (b: Uint8Array, o: number): number => b[o]! | (b[o + 1]! << 8)

/** An NLMSG_ERROR/NLMSG_DONE status as the labels write it: 'ack', or '-19 ENODEV'. */
export function ackLabel(negErrno: number): string {
  return negErrno === 0 ? 'ack' : `${negErrno} ${errnoName(negErrno)}`
}

/** The default layout: the header field by field, the payload in rows of 16. */
export function defaultAnnotation(msg: Uint8Array): string[] {
  if (msg.length < 16) return rows(msg, 0, msg.length, 2, 'truncated message')
  const type = u16(msg, 4)
  const flags = u16(msg, 6)
  const out = [
    line(2, msg.subarray(0, 4), `nlmsg_len ${u32(msg, 0)}`),
    line(2, msg.subarray(4, 6), `nlmsg_type ${type} ${messageName(type)}`),
    line(2, msg.subarray(6, 8), `nlmsg_flags ${describeNlmsgFlags(flags, type)}`),
    line(2, msg.subarray(8, 12), `nlmsg_seq ${u32(msg, 8)}`),
    line(2, msg.subarray(12, 16), `nlmsg_pid ${u32(msg, 12)}`),
  ]
  let o = 16
  if ((type === NLMSG_ERROR || type === NLMSG_DONE) && msg.length >= 20) {
    const err = u32(msg, 16) | 0
    out.push(line(4, msg.subarray(16, 20), `${type === NLMSG_ERROR ? 'error' : 'status'} ${ackLabel(err)}`))
    o = 20
  }
  out.push(...rows(msg, o, msg.length, 4))
  return out
}

/** Rows of 16 bytes from [start, end), each commented with its offset in the message. */
export function rows(b: Uint8Array, start: number, end: number, indent: number, first?: string): string[] {
  const out: string[] = []
  for (let o = start; o < end; o += 16) {
    const note = `+${o}`
    out.push(line(indent, b.subarray(o, Math.min(end, o + 16)), o === start && first ? `${note} ${first}` : note))
  }
  return out
}

/**
 * Zero bytes after the last message that the kernel ignores (nlmsg_len 0 ends its loop):
 * iproute2's dump requests send sizeof(struct { nlmsghdr; ...; char buf[128]; }) whatever
 * nlmsg_len says, so a 36-byte RTM_GETROUTE goes out in a 156-byte datagram.
 */
export function zeroTail(buf: Uint8Array): number {
  let o = 0
  while (o + 16 <= buf.length) {
    const len = u32(buf, o)
    if (len === 0) break
    if (len < 16) return 0
    o = (o + len + 3) & ~3
  }
  if (o >= buf.length || o === 0) return 0
  for (let i = o; i < buf.length; i++) if (buf[i] !== 0) return 0
  return buf.length - o
}

/**
 * The messages of one sendmsg/recvmsg buffer, each as its own slice, plus any padding between
 * them (a zero tail, see zeroTail, is left out). Null if the buffer does not frame as netlink
 * messages.
 */
export function frames(buf: Uint8Array): { offset: number; bytes: Uint8Array; pad: Uint8Array }[] | null {
  const out: { offset: number; bytes: Uint8Array; pad: Uint8Array }[] = []
  const end = buf.length - zeroTail(buf)
  let o = 0
  while (o < end) {
    if (end - o < 16) return null
    const len = u32(buf, o)
    if (len < 16 || o + len > end) return null
    const next = Math.min(end, (o + len + 3) & ~3)
    out.push({ offset: o, bytes: buf.subarray(o, o + len), pad: buf.subarray(o + len, next) })
    o = next
  }
  return out
}

/**
 * The annotator to use: the codecs' field-by-field layout (codec-annotator.ts) by default,
 * 'plain' for the codec-free layout above, or a module exporting `annotate(bytes, info)`.
 */
export async function loadAnnotator(path: string | undefined): Promise<Annotator> {
  if (path === 'plain') return () => null
  const mod = (await import(path ?? './codec-annotator.js')) as { annotate?: Annotator }
  if (typeof mod.annotate !== 'function') throw new Error(`${path} exports no annotate(bytes) function`)
  return mod.annotate
}
