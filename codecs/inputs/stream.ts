// One byte stream of netlink messages — a datagram, a hex dump, an rtmon file — of any size,
// arriving piece by piece, annotated message by message: each is handed out as soon as its
// nlmsg_len bytes are in, so memory holds one message, not the input. What comes out is what
// annotate() gives for the whole buffer (and zeroTail() for the zeros after the last message),
// in parts: the same nodes, the same error, offsets counted from the start of the stream.
import { type Annotation, annotate } from '../annotate.js'
import { NetlinkDecodeError } from '../core/errors.js'

export interface StreamPart {
  /** One message, or the bytes where decoding failed; offsets are relative to `bytes`. */
  annotation: Annotation
  bytes: Uint8Array
  /** Offset of bytes[0] in the stream: add it to every offset of `annotation`. */
  base: number
}

export interface StreamSummary {
  /** Bytes in the stream. */
  length: number
  /** Where the messages end: the zero tail starts here. */
  end: number
  /** Zero bytes after the last message (the rest of a request buffer: see zeroTail()). */
  zeroTail: number
  /** The decode error, offset from the start of the stream (also in the last part). */
  error?: NetlinkDecodeError
}

const HDRLEN = 16
/**
 * A message claiming more than this is not waited for: no netlink message comes near it (the
 * kernel's largest are dump buffers of a few pages), and waiting would hold the whole input.
 */
export const MAX_MESSAGE = 16 * 1024 * 1024

export class MessageStream {
  private buf = new Uint8Array(64 * 1024)
  /** First byte of buf not yet consumed, and the end of the bytes in buf. */
  private start = 0
  private fill = 0
  /** Stream offset of buf[0]. */
  private base = 0
  /** Padding bytes of the last message still to come. */
  private skip = 0
  private total = 0
  private messages = 0
  private state: 'messages' | 'zeros' | 'failed' | 'oversize' = 'messages'
  private zeroStart = 0
  /** The first 16 bytes from zeroStart, and whether a non-zero byte came after it. */
  private zeroHead: number[] = []
  private nonZero = false
  private oversize = { offset: 0, len: 0 }
  private error: NetlinkDecodeError | undefined

  constructor(private readonly onPart: (p: StreamPart) => void) {}

  push(b: Uint8Array): void {
    this.total += b.length
    if (this.state === 'failed' || this.state === 'oversize') return
    if (this.state === 'zeros') return this.zeros(b)
    if (this.skip > 0) {
      const k = Math.min(this.skip, b.length)
      this.skip -= k
      this.base += k
      b = b.subarray(k)
    }
    this.append(b)
    this.drain()
  }

  end(): StreamSummary {
    let end = this.total
    let zeroTail = 0
    if (this.state === 'messages') {
      const rest = this.buf.subarray(this.start, this.fill)
      if (rest.length > 0) {
        if (this.messages > 0 && rest.every((x) => x === 0)) {
          end = this.base + this.start
          zeroTail = rest.length
        } else this.fail(this.buf, this.start, this.fill, this.base)
      }
    } else if (this.state === 'zeros') {
      if (this.nonZero) this.failZeros()
      else {
        end = this.zeroStart
        zeroTail = this.total - this.zeroStart
      }
    } else if (this.state === 'oversize') {
      const { offset, len } = this.oversize
      const reason =
        offset + len > this.total
          ? `nlmsg_len ${len} runs ${offset + len - this.total} bytes past the end of the input`
          : `nlmsg_len ${len} is more than the ${MAX_MESSAGE} bytes nlwire reads as one message`
      this.error = new NetlinkDecodeError([], reason, offset)
      this.onPart({ annotation: { nodes: [], messages: [], error: this.error }, bytes: new Uint8Array(0), base: offset })
    }
    this.buf = new Uint8Array(0)
    return { length: this.total, end, zeroTail, ...(this.error ? { error: this.error } : {}) }
  }

  private append(b: Uint8Array): void {
    if (b.length === 0) return
    if (this.fill + b.length > this.buf.length) {
      // Drop what was consumed; grow if one message needs more room.
      const live = this.fill - this.start
      const need = live + b.length
      const next = need > this.buf.length ? new Uint8Array(Math.max(need, this.buf.length * 2)) : this.buf
      if (next === this.buf) this.buf.copyWithin(0, this.start, this.fill)
      else next.set(this.buf.subarray(this.start, this.fill))
      this.buf = next
      this.base += this.start
      this.start = 0
      this.fill = live
    }
    this.buf.set(b, this.fill)
    this.fill += b.length
  }

  private drain(): void {
    const buf = this.buf
    while (this.fill - this.start >= HDRLEN) {
      const o = this.start
      const len = (buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16) | (buf[o + 3]! << 24)) >>> 0
      if (len === 0 && this.messages > 0) {
        this.state = 'zeros'
        this.zeroStart = this.base + o
        const rest = buf.subarray(o, this.fill)
        this.start = this.fill
        this.zeros(rest)
        return
      }
      if (len < HDRLEN) return this.fail(buf, o, this.fill, this.base)
      if (len > MAX_MESSAGE) {
        this.state = 'oversize'
        this.oversize = { offset: this.base + o, len }
        this.buf = new Uint8Array(0)
        this.start = this.fill = 0
        return
      }
      if (o + len > this.fill) return
      const a = annotate(buf, o, o + len)
      if (a.error) return this.fail(buf, o, o + len, this.base, a)
      this.onPart({ annotation: a, bytes: buf, base: this.base })
      this.messages++
      const next = o + ((len + 3) & ~3)
      if (next > this.fill) {
        this.skip = next - this.fill
        this.base += this.fill
        this.start = this.fill = 0
        return
      }
      this.start = next
    }
  }

  private zeros(b: Uint8Array): void {
    for (let i = 0; i < b.length; i++) {
      const x = b[i]!
      if (this.zeroHead.length < HDRLEN) this.zeroHead.push(x)
      if (x !== 0) {
        this.nonZero = true
        if (this.zeroHead.length < HDRLEN) continue
        return this.failZeros()
      }
      if (this.zeroHead.length >= HDRLEN && !this.nonZero) {
        // The rest of a long run of zeros: no need to look at them one by one.
        let j = i + 1
        while (j < b.length && b[j] === 0) j++
        i = j - 1
      }
    }
  }

  /** A non-zero byte after nlmsg_len 0: the whole stream decoded would fail at zeroStart. */
  private failZeros(): void {
    const head = Uint8Array.from(this.zeroHead)
    this.fail(head, 0, head.length, this.zeroStart)
  }

  private fail(bytes: Uint8Array, from: number, to: number, base: number, done?: Annotation): void {
    const a = done ?? annotate(bytes, from, to)
    const e = a.error
    if (e !== undefined) {
      this.error = new NetlinkDecodeError(e.path, e.reason, e.offset + base)
      a.error = this.error
    }
    this.onPart({ annotation: a, bytes, base })
    this.state = 'failed'
    this.buf = new Uint8Array(0)
    this.start = this.fill = 0
  }
}
