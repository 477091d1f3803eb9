// Byte-level helpers shared by every codec. Netlink is host byte order (little-endian on every
// Linux target we run on; HOST_LE is checked, not assumed).
//
// Buffers handed out (encoded messages, copied byte values) come from @stdlib/buffer's
// constructor: Node's Buffer under Node. Its Node entry is loaded directly — the package's index
// first loads ~50 CommonJS modules to detect Node (~40 ms at start-up), and its browser polyfill
// only throws — and where there is no Buffer at all (a browser without a `buffer` shim) the codecs
// fall back to plain Uint8Arrays.
import StdlibBuffer from '@stdlib/buffer/ctor/lib/main.js'

interface ByteBufferCtor {
  alloc(size: number): Uint8Array
  allocUnsafe(size: number): Uint8Array
  from(buffer: ArrayBuffer, byteOffset: number, length: number): Uint8Array
}

const PLAIN: ByteBufferCtor = {
  alloc: (size) => new Uint8Array(size),
  allocUnsafe: (size) => new Uint8Array(size),
  from: (buffer, byteOffset, length) => new Uint8Array(buffer, byteOffset, length),
}

const ByteBuffer: ByteBufferCtor = (StdlibBuffer as ByteBufferCtor | undefined) ?? PLAIN

/** Is `b` of the buffer type alloc() hands out (a Node Buffer under Node)? */
export function isByteBuffer(b: Uint8Array): boolean {
  return ByteBuffer !== PLAIN && b instanceof (ByteBuffer as unknown as typeof Uint8Array)
}

export const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** A zero-filled byte buffer (a Node Buffer under Node). */
export function alloc(size: number): Uint8Array {
  return ByteBuffer.alloc(size)
}

/**
 * A byte buffer of `size` whose contents the caller overwrites whole. Under Node, small ones are
 * slices of Node's shared pool (as Buffer.from gives): use byteOffset with .buffer.
 */
export function allocUnsafe(size: number): Uint8Array {
  return ByteBuffer.allocUnsafe(size)
}

/** A buffer viewing `length` bytes of `buffer` from `byteOffset` (no copy). */
export function viewBytes(buffer: ArrayBuffer, byteOffset: number, length: number): Uint8Array {
  return ByteBuffer.from(buffer, byteOffset, length)
}

// Empty copies view one shared empty ArrayBuffer: a zero-length buffer has no bytes to alias, and
// Buffer.allocUnsafe(0) would create (and the GC then track) a new ArrayBuffer each time.
const EMPTY = new ArrayBuffer(0)

/** A fresh buffer holding a copy of src[start, end). */
export function copyOut(src: Uint8Array, start: number, end: number): Uint8Array {
  const n = end - start
  if (n === 0) return ByteBuffer.from(EMPTY, 0, 0)
  const out = ByteBuffer.allocUnsafe(n)
  // A loop for short payloads; set() where its subarray view pays off.
  if (n <= 32) for (let i = 0; i < n; i++) out[i] = src[start + i]!
  else out.set(src.subarray(start, end))
  return out
}

export function align4(n: number): number {
  return (n + 3) & ~3
}

export function viewOf(buf: Uint8Array): DataView {
  return new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
}

/** Concatenate byte arrays into one fresh buffer. */
export function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0
  for (const p of parts) n += p.length
  const out = alloc(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

export function toHex(b: Uint8Array, sep = ''): string {
  let s = ''
  for (let i = 0; i < b.length; i++) {
    if (i > 0 && sep) s += sep
    s += HEX[b[i]!]
  }
  return s
}

const HEX: string[] = []
for (let i = 0; i < 256; i++) HEX.push(i.toString(16).padStart(2, '0'))

/** Parse hex text: whitespace, ':', '0x' and '\x' prefixes are ignored. Returns null if not hex. */
export function fromHex(text: string): Uint8Array | null {
  const clean = text.replace(/\\x|0x/gi, '').replace(/[\s:,]/g, '')
  if (clean.length % 2 !== 0 || /[^0-9a-f]/i.test(clean)) return null
  const out = alloc(clean.length / 2)
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.substr(i * 2, 2), 16)
  return out
}

const utf8 = new TextDecoder('utf-8', { fatal: false })
const utf8enc = new TextEncoder()

/** Decode bytes [start, end) as text; ASCII fast path, UTF-8 otherwise. */
export function readText(buf: Uint8Array, start: number, end: number): string {
  const n = end - start
  let high = 0
  for (let i = start; i < end; i++) high |= buf[i]!
  if (high >= 0x80) return utf8.decode(buf.subarray(start, end))
  // Short ASCII (names, kinds, qdiscs): one string built from its char codes, no intermediates.
  const b = buf
  const s = start
  switch (n) {
    case 0:
      return ''
    case 1:
      return String.fromCharCode(b[s]!)
    case 2:
      return String.fromCharCode(b[s]!, b[s + 1]!)
    case 3:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!)
    case 4:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!)
    case 5:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!)
    case 6:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!)
    case 7:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!)
    case 8:
      return String.fromCharCode(b[s]!, b[s + 1]!, b[s + 2]!, b[s + 3]!, b[s + 4]!, b[s + 5]!, b[s + 6]!, b[s + 7]!)
  }
  if (n <= 64) {
    // One call for names up to IFNAMSIZ and beyond; fromCharCode reads the array-like's values.
    return String.fromCharCode.apply(null, buf.subarray(start, end) as unknown as number[])
  }
  return utf8.decode(buf.subarray(start, end))
}

/** Byte length of a string once UTF-8 encoded (ASCII fast path). */
export function textLength(s: string): number {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) >= 0x80) return utf8enc.encode(s).length
  return s.length
}

/** Write a string as UTF-8 at `off`; returns bytes written. */
export function writeText(buf: Uint8Array, off: number, s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c >= 0x80) {
      const b = utf8enc.encode(s)
      buf.set(b, off)
      return b.length
    }
    buf[off + i] = c
  }
  return s.length
}
