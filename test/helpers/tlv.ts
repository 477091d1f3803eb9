// Hand-built netlink payloads for tests: the codecs for links are written elsewhere, and these
// tests must not depend on them. Little-endian, 4-byte aligned, as the kernel wants.

import { concat } from '../../codecs/core/bytes.js'

export function bytes(...parts: Uint8Array[]): Uint8Array {
  return concat(parts)
}

/** struct ifinfomsg (16 bytes). */
export function ifinfomsg(index = 0, opts: { family?: number; type?: number; flags?: number; change?: number } = {}): Uint8Array {
  const b = new Uint8Array(16)
  const dv = new DataView(b.buffer)
  b[0] = opts.family ?? 0
  dv.setUint16(2, opts.type ?? 0, true)
  dv.setInt32(4, index, true)
  dv.setUint32(8, opts.flags ?? 0, true)
  dv.setUint32(12, opts.change ?? 0, true)
  return b
}

/** One attribute, padded to 4 bytes. A string payload gets its NUL; a number is a u32. */
export function attr(type: number, payload: Uint8Array | string | number): Uint8Array {
  let p: Uint8Array
  if (typeof payload === 'string') p = bytes(new TextEncoder().encode(payload), new Uint8Array([0]))
  else if (typeof payload === 'number') {
    p = new Uint8Array(4)
    new DataView(p.buffer).setUint32(0, payload, true)
  } else p = payload
  const len = 4 + p.length
  const out = new Uint8Array((len + 3) & ~3)
  const dv = new DataView(out.buffer)
  dv.setUint16(0, len, true)
  dv.setUint16(2, type, true)
  out.set(p, 4)
  return out
}

export function nest(type: number, ...children: Uint8Array[]): Uint8Array {
  return attr(type, bytes(...children))
}

/** IFLA_IFNAME of a RTM_NEWLINK / RTM_GETLINK payload (ifinfomsg then attributes), or undefined. */
export function ifnameOf(body: unknown): string | undefined {
  if (!(body instanceof Uint8Array)) {
    const name = (body as { ifname?: unknown } | null)?.ifname
    return typeof name === 'string' ? name : undefined
  }
  const dv = new DataView(body.buffer, body.byteOffset, body.byteLength)
  for (let o = 16; o + 4 <= body.length; ) {
    const len = dv.getUint16(o, true)
    const type = dv.getUint16(o + 2, true) & 0x3fff
    if (len < 4) return undefined
    if (type === 3 /* IFLA_IFNAME */) return new TextDecoder().decode(body.subarray(o + 4, o + len)).replace(/\0+$/, '')
    o += (len + 3) & ~3
  }
  return undefined
}

/** ifi_index of a link message body (decoded or raw). */
export function ifindexOf(body: unknown): number | undefined {
  if (!(body instanceof Uint8Array)) {
    const i = (body as { ifiIndex?: unknown } | null)?.ifiIndex
    return typeof i === 'number' ? i : undefined
  }
  return new DataView(body.buffer, body.byteOffset, body.byteLength).getInt32(4, true)
}
