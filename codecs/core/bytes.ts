// Byte-level helpers shared by every codec. Netlink is host byte order (little-endian on every
// Linux target we run on; HOST_LE is checked, not assumed). Buffers come from @stdlib/buffer so
// this layer runs unchanged in a browser.
import ByteBuffer from '@stdlib/buffer/ctor/lib/index.js'

export const HOST_LE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1

/** A zero-filled byte buffer (a Node Buffer under Node). */
export function alloc(size: number): Uint8Array {
  return ByteBuffer.alloc(size)
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
  let s = ''
  for (let i = start; i < end; i++) {
    const c = buf[i]!
    if (c >= 0x80) return utf8.decode(buf.subarray(start, end))
    s += String.fromCharCode(c)
  }
  return s
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
