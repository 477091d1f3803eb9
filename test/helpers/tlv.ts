// Netlink bytes for tests, independent of the codecs (which are what the tests check): payloads
// built by hand, and the one walker over messages and attributes that reads nothing but their
// lengths. Little-endian, 4-byte aligned, as the kernel wants.

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

/** One message of a buffer, by its nlmsghdr alone. */
export interface WalkedMessage {
  offset: number
  /** nlmsg_len */
  len: number
  type: number
  flags: number
  /** [offset, offset + len), clipped to the buffer. */
  bytes: Uint8Array
}

/**
 * The messages of `buf` up to `end` by nlmsg_len alone, 4-byte aligned steps, while a whole
 * header fits; stops at a length below 16. The last one may overrun `end` (`next` is then past
 * it): callers that want only whole messages check offset + len.
 */
export function walkMessages(buf: Uint8Array, end = buf.length): { messages: WalkedMessage[]; next: number } {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const messages: WalkedMessage[] = []
  let o = 0
  while (o + 16 <= end) {
    const len = dv.getUint32(o, true)
    if (len < 16) break
    messages.push({ offset: o, len, type: dv.getUint16(o + 4, true), flags: dv.getUint16(o + 6, true), bytes: buf.subarray(o, o + len) })
    o += (len + 3) & ~3
  }
  return { messages, next: o }
}

/** One attribute, by its nlattr header alone. */
export interface WalkedAttr {
  offset: number
  /** nla_len */
  len: number
  /** nla_type without NLA_F_NESTED / NLA_F_NET_BYTEORDER. */
  type: number
  /** nla_type as sent. */
  rawType: number
  payload: Uint8Array
}

/** The attributes in [start, end) by nla_len alone; stops at a length below 4 or one overrunning end. */
export function walkAttrs(buf: Uint8Array, start: number, end: number): WalkedAttr[] {
  const dv = new DataView(buf.buffer, buf.byteOffset, buf.byteLength)
  const out: WalkedAttr[] = []
  for (let o = start; o + 4 <= end; ) {
    const len = dv.getUint16(o, true)
    if (len < 4 || o + len > end) break
    const rawType = dv.getUint16(o + 2, true)
    out.push({ offset: o, len, type: rawType & 0x3fff, rawType, payload: buf.subarray(o + 4, o + len) })
    o += (len + 3) & ~3
  }
  return out
}

/** IFLA_IFNAME of a RTM_NEWLINK / RTM_GETLINK payload (ifinfomsg then attributes), or undefined. */
export function ifnameOf(body: unknown): string | undefined {
  if (!(body instanceof Uint8Array)) {
    const name = (body as { ifname?: unknown } | null)?.ifname
    return typeof name === 'string' ? name : undefined
  }
  const a = walkAttrs(body, 16, body.length).find((x) => x.type === 3 /* IFLA_IFNAME */)
  return a === undefined ? undefined : new TextDecoder().decode(a.payload).replace(/\0+$/, '')
}

/** ifi_index of a link message body (decoded or raw). */
export function ifindexOf(body: unknown): number | undefined {
  if (!(body instanceof Uint8Array)) {
    const i = (body as { ifiIndex?: unknown } | null)?.ifiIndex
    return typeof i === 'number' ? i : undefined
  }
  return new DataView(body.buffer, body.byteOffset, body.byteLength).getInt32(4, true)
}
