// Walks the nlmsghdr chain of a received datagram without decoding bodies: what the floor (and
// bench bookkeeping) needs to match acks and find the end of a dump.
import { NLMSG_DONE, NLMSG_ERROR } from './constants.js'

export interface ReplyVisitor {
  /** NLMSG_ERROR: errno 0 is an ack. */
  ack(seq: number, errno: number): void
  /** Any other message; `offset` is where its nlmsghdr starts in `data`. */
  message?(type: number, seq: number, data: Uint8Array, offset: number, length: number): void
  done?(seq: number): void
}

export function walkReplies(data: Uint8Array, visit: ReplyVisitor): void {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  let off = 0
  while (off + 16 <= data.length) {
    const len = view.getUint32(off, true)
    if (len < 16 || off + len > data.length) throw new Error(`malformed netlink reply at byte ${off} (nlmsg_len ${len})`)
    const type = view.getUint16(off + 4, true)
    const seq = view.getUint32(off + 8, true)
    if (type === NLMSG_ERROR) visit.ack(seq, -view.getInt32(off + 16, true))
    else if (type === NLMSG_DONE) visit.done?.(seq)
    else visit.message?.(type, seq, data, off, len)
    off += (len + 3) & ~3
  }
}

/** Top-level attribute `type` of an ifinfomsg message as a string (IFLA_IFNAME), or undefined. */
export function linkAttrString(data: Uint8Array, msgOffset: number, msgLength: number, type: number): string | undefined {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength)
  let off = msgOffset + 16 + 16
  const end = msgOffset + msgLength
  while (off + 4 <= end) {
    const alen = view.getUint16(off, true)
    if (alen < 4) return undefined
    if ((view.getUint16(off + 2, true) & 0x3fff) === type) {
      let s = off + 4
      let e = off + alen
      while (e > s && data[e - 1] === 0) e--
      return new TextDecoder().decode(data.subarray(s, e))
    }
    off += (alen + 3) & ~3
  }
  return undefined
}

const ERRNO_NAMES: Record<number, string> = { 1: 'EPERM', 2: 'ENOENT', 16: 'EBUSY', 17: 'EEXIST', 19: 'ENODEV', 22: 'EINVAL', 95: 'EOPNOTSUPP', 105: 'ENOBUFS' }
export function errnoName(errno: number): string {
  return ERRNO_NAMES[errno] ?? `errno ${errno}`
}
