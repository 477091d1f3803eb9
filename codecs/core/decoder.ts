// The read side shared by every codec: bounds-checked reads over one input buffer, the attribute
// path for error messages, and the message context (type, flags) that a few attributes need.
import { HOST_LE, copyOut, isByteBuffer, viewOf } from './bytes.js'
import { NetlinkDecodeError } from './errors.js'
import type { Tracer } from './trace.js'

export class Decoder {
  readonly buf: Uint8Array
  readonly dv: DataView
  /** Kernel names of the structures being decoded, outermost first. */
  readonly path: string[] = []
  /** nlmsg_type of the message being decoded (0 outside a message). */
  msgType = 0
  /** nlmsg_flags of the message being decoded. */
  msgFlags = 0
  /** True when the message goes user → kernel (NLM_F_REQUEST set): a few attributes differ by direction. */
  request = false
  /** Address family from the fixed header of the message being decoded (ifi_family, ifa_family ...). */
  family = 0
  /** When set, every field decoded is recorded (annotation); null in normal decoding. */
  trace: Tracer | null = null

  /** The input is a Node Buffer: copies are made as Buffers directly (see copy()). */
  private readonly byteBuffer: boolean

  constructor(buf: Uint8Array) {
    this.buf = buf
    this.dv = viewOf(buf)
    this.byteBuffer = isByteBuffer(buf)
  }

  fail(reason: string, offset: number): never {
    throw new NetlinkDecodeError(this.path.slice(), reason, offset)
  }

  /** Check that [start, start+size) lies inside [start, end). */
  need(start: number, size: number, end: number, what: string): void {
    if (start + size > end) this.fail(`${what}: expected ${size} bytes, got ${end - start}`, start)
  }

  u8(o: number): number {
    return this.buf[o]!
  }
  s8(o: number): number {
    return this.dv.getInt8(o)
  }
  u16(o: number): number {
    return this.dv.getUint16(o, HOST_LE)
  }
  s16(o: number): number {
    return this.dv.getInt16(o, HOST_LE)
  }
  be16(o: number): number {
    return this.dv.getUint16(o, false)
  }
  u32(o: number): number {
    return this.dv.getUint32(o, HOST_LE)
  }
  s32(o: number): number {
    return this.dv.getInt32(o, HOST_LE)
  }
  be32(o: number): number {
    return this.dv.getUint32(o, false)
  }
  u64(o: number): bigint {
    return this.dv.getBigUint64(o, HOST_LE)
  }
  s64(o: number): bigint {
    return this.dv.getBigInt64(o, HOST_LE)
  }
  /** A copy of bytes [start, end): decoded values never alias the input buffer. */
  copy(start: number, end: number): Uint8Array {
    // A copy of the input's own kind: a Buffer from a Buffer (made directly: slice would go
    // through Buffer's species, the deprecated `new Buffer(n)`), else TypedArray.prototype.slice,
    // which always copies (Node's Buffer#slice would return a view).
    if (this.byteBuffer) return copyOut(this.buf, start, end)
    return Uint8Array.prototype.slice.call(this.buf, start, end)
  }
}
