// A growable little writer. Nest lengths are back-patched. finish() copies the output out once.
//
// encode() calls share one writer whose buffer is a pool chunk: each message is written at the
// chunk's next free offset and handed out as a view of exactly its bytes (no copy); the next
// message goes after it, and a fresh chunk is started when little room is left. Like Node's own
// Buffer pool, a handed-out message keeps its chunk alive. The scratch buffer is a plain
// Uint8Array (cheaper element access and fills than a Node Buffer); handed-out views are Buffers
// under Node (bytes.ts).
import { HOST_LE, copyOut, textLength, viewBytes, writeText } from './bytes.js'
import { NetlinkEncodeError } from './errors.js'

export class Writer {
  buf: Uint8Array
  dv: DataView
  pos = 0
  /** Where the output starts in buf: 0, except in the shared pooled writer (see handOut). */
  base = 0
  /** Attribute names from the message down, for encode errors. */
  readonly path: string[] = []
  /** The message being written goes user → kernel (NLM_F_REQUEST): a few attributes differ by direction. */
  request = false
  /** Address family from the fixed header of the message being written. */
  family = 0

  constructor(size = 4096) {
    this.buf = new Uint8Array(size)
    this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength)
  }

  reset(): this {
    this.pos = this.base
    if (this.path.length !== 0) this.path.length = 0
    this.request = false
    this.family = 0
    return this
  }

  ensure(n: number): void {
    const need = this.pos + n
    if (need <= this.buf.length) return
    let size = Math.max(this.buf.length * 2, 64)
    while (size < need) size *= 2
    const next = new Uint8Array(size)
    // Same offsets in the new buffer: callers hold positions (nest starts) across ensure().
    next.set(this.buf.subarray(this.base, this.pos), this.base)
    this.buf = next
    this.dv = new DataView(next.buffer, next.byteOffset, next.byteLength)
  }

  /** A copy of everything written so far. */
  finish(): Uint8Array {
    return copyOut(this.buf, this.base, this.pos)
  }

  /** Bytes written so far. */
  get length(): number {
    return this.pos - this.base
  }

  /**
   * Everything written so far as a view of this writer's buffer (no copy), never written again:
   * the next output starts after it, or in a fresh chunk when fewer than `minRoom` bytes are left.
   */
  handOut(chunkSize: number, minRoom: number): Uint8Array {
    const buf = this.buf
    const out = viewBytes(buf.buffer as ArrayBuffer, buf.byteOffset + this.base, this.pos - this.base)
    const next = (this.pos + 7) & ~7
    if (buf.length - next < minRoom) {
      this.buf = new Uint8Array(chunkSize)
      this.dv = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength)
      this.base = 0
    } else this.base = next
    this.pos = this.base
    return out
  }

  fail(reason: string): never {
    throw new NetlinkEncodeError(this.path.slice(), reason)
  }

  u8(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xff) this.fail(`u8 out of range: ${v}`)
    this.ensure(1)
    this.buf[this.pos++] = v
  }
  s8(v: number): void {
    if (!Number.isInteger(v) || v < -0x80 || v > 0x7f) this.fail(`s8 out of range: ${v}`)
    this.ensure(1)
    this.dv.setInt8(this.pos++, v)
  }
  u16(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) this.fail(`u16 out of range: ${v}`)
    this.ensure(2)
    this.dv.setUint16(this.pos, v, HOST_LE)
    this.pos += 2
  }
  s16(v: number): void {
    if (!Number.isInteger(v) || v < -0x8000 || v > 0x7fff) this.fail(`s16 out of range: ${v}`)
    this.ensure(2)
    this.dv.setInt16(this.pos, v, HOST_LE)
    this.pos += 2
  }
  be16(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffff) this.fail(`be16 out of range: ${v}`)
    this.ensure(2)
    this.dv.setUint16(this.pos, v, false)
    this.pos += 2
  }
  u32(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) this.fail(`u32 out of range: ${v}`)
    this.ensure(4)
    this.dv.setUint32(this.pos, v, HOST_LE)
    this.pos += 4
  }
  s32(v: number): void {
    if (!Number.isInteger(v) || v < -0x80000000 || v > 0x7fffffff) this.fail(`s32 out of range: ${v}`)
    this.ensure(4)
    this.dv.setInt32(this.pos, v, HOST_LE)
    this.pos += 4
  }
  be32(v: number): void {
    if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) this.fail(`be32 out of range: ${v}`)
    this.ensure(4)
    this.dv.setUint32(this.pos, v, false)
    this.pos += 4
  }
  u64(v: bigint | number): void {
    const b = typeof v === 'bigint' ? v : Number.isInteger(v) ? BigInt(v) : this.fail(`u64 not an integer: ${v}`)
    if (b < 0n || b > 0xffffffffffffffffn) this.fail(`u64 out of range: ${v}`)
    this.ensure(8)
    this.dv.setBigUint64(this.pos, b, HOST_LE)
    this.pos += 8
  }
  s64(v: bigint | number): void {
    const b = typeof v === 'bigint' ? v : Number.isInteger(v) ? BigInt(v) : this.fail(`s64 not an integer: ${v}`)
    if (b < -0x8000000000000000n || b > 0x7fffffffffffffffn) this.fail(`s64 out of range: ${v}`)
    this.ensure(8)
    this.dv.setBigInt64(this.pos, b, HOST_LE)
    this.pos += 8
  }
  bytes(b: Uint8Array): void {
    const n = b.length
    this.ensure(n)
    const buf = this.buf
    const p = this.pos
    if (n <= 16) for (let i = 0; i < n; i++) buf[p + i] = b[i]!
    else buf.set(b, p)
    this.pos = p + n
  }
  /** UTF-8 text, optionally NUL-terminated. */
  text(s: string, nul: boolean): void {
    const n = textLength(s)
    this.ensure(n + 1)
    this.pos += writeText(this.buf, this.pos, s)
    if (nul) this.buf[this.pos++] = 0
  }
  zeros(n: number): void {
    this.ensure(n)
    const buf = this.buf
    let p = this.pos
    if (n <= 32) for (const end = p + n; p < end; p++) buf[p] = 0
    else {
      buf.fill(0, p, p + n)
      p += n
    }
    this.pos = p
  }
  /** Zero-pad to a 4-byte boundary. */
  pad(): void {
    let p = this.pos
    if ((p & 3) === 0) return
    this.ensure(3)
    const buf = this.buf
    while ((p & 3) !== 0) buf[p++] = 0
    this.pos = p
  }
  /** Start an attribute: reserve its header and return where it starts. */
  attrStart(type: number): number {
    const start = this.pos
    this.ensure(4)
    this.dv.setUint16(start + 2, type, HOST_LE)
    this.pos += 4
    return start
  }
  /** End an attribute: its length excludes the trailing padding, which is then written. */
  attrEnd(start: number): void {
    const len = this.pos - start
    if (len > 0xffff) this.fail(`attribute too long for its 16-bit length: ${len} bytes`)
    this.dv.setUint16(start, len, HOST_LE)
    this.pad()
  }
  setU32At(at: number, v: number): void {
    this.dv.setUint32(at, v, HOST_LE)
  }
  /** A u16 written earlier (a length known only once what it covers is written). */
  patchU16(at: number, v: number): void {
    this.dv.setUint16(at, v, HOST_LE)
  }
}

// The pooled writer's chunks; a message bigger than what is left grows the chunk (ensure).
const CHUNK_SIZE = 16384
const MIN_ROOM = 2048
let pooled: Writer | undefined // made on first use: importing the codecs allocates nothing
let busy = false

/** The pooled writer; a new one if its chunk was detached (a handed-out message's ArrayBuffer transferred). */
function pooledWriter(): Writer {
  let w = pooled
  if (w === undefined || w.buf.byteLength === 0) w = pooled = new Writer(CHUNK_SIZE)
  return w
}

/** Run an encoder on the pooled writer and hand its output out (a fresh writer, copied out, if called re-entrantly). */
export function withWriter(fn: (w: Writer) => void): Uint8Array {
  return writeWith(fn, undefined, undefined)
}

/**
 * withWriter for an encoder taking two arguments, passed through: callers on hot paths give a
 * module-level function instead of allocating a closure per call.
 */
export function writeWith<A, B>(fn: (w: Writer, a: A, b: B) => void, a: A, b: B): Uint8Array {
  if (busy) {
    const w = new Writer(256)
    fn(w, a, b)
    return w.finish()
  }
  busy = true
  try {
    const shared = pooledWriter()
    fn(shared.reset(), a, b)
    return shared.handOut(CHUNK_SIZE, MIN_ROOM)
  } finally {
    busy = false
  }
}

/** Bytes an encoder would write, without copying them out. */
export function measure(fn: (w: Writer) => void): number {
  if (busy) {
    const w = new Writer(256)
    fn(w)
    return w.pos
  }
  busy = true
  try {
    const shared = pooledWriter()
    fn(shared.reset())
    return shared.length
  } finally {
    busy = false
  }
}
