// pcap / pcapng with link type NETLINK (253), what tcpdump writes on an nlmon device and what
// `nlwire monitor --pcap` writes. Each packet is a 16-byte DLT_LINUX_SLL-style pseudo header
// (packet type, ARPHRD_NETLINK = 824, address, netlink protocol) followed by netlink messages.
import { alloc } from '../core/bytes.js'
import { ARPHRD_NETLINK } from '../link/arphrd.js'

export const LINKTYPE_NETLINK = 253
const SLL_LEN = 16
/** SLL packet types: to us (kernel → user) and outgoing (user → kernel). */
export const PACKET_HOST = 0
export const PACKET_OUTGOING = 4

export interface CapturedPacket {
  /** Seconds since the epoch, with microsecond (or nanosecond) fraction. */
  time: number
  /** 'in' = kernel → user, 'out' = user → kernel, as the pseudo header says. */
  direction: 'in' | 'out'
  /** Netlink protocol (0 = NETLINK_ROUTE). */
  protocol: number
  /** The netlink message bytes. */
  data: Uint8Array
}

export function isPcap(b: Uint8Array): boolean {
  if (b.length < 4) return false
  const m = u32le(b, 0)
  return m === 0xa1b2c3d4 || m === 0xd4c3b2a1 || m === 0xa1b23c4d || m === 0x4d3cb2a1 || m === 0x0a0d0d0a
}

/** Read every packet of a pcap or pcapng file. Throws Error with the byte offset when malformed. */
export function readPcap(b: Uint8Array): CapturedPacket[] {
  const out: CapturedPacket[] = []
  const r = new PcapReader((p) => out.push(p))
  r.push(b)
  r.end()
  return out
}

/** A record or block larger than this is refused rather than waited for (snaplen is 256 KiB). */
const MAX_RECORD = 64 * 1024 * 1024

/**
 * A pcap or pcapng file read piece by piece: each packet is handed out as soon as its record is
 * whole, so memory holds one record. Throws Error with the byte offset when malformed.
 */
export class PcapReader {
  private buf = new Uint8Array(0)
  /** File offset of buf[0]. */
  private base = 0
  private kind: 'pcap' | 'pcapng' | undefined
  private le = true
  private nano = false
  private readonly ifaces: { linktype: number; tsres: number }[] = []

  constructor(private readonly onPacket: (p: CapturedPacket) => void) {}

  push(piece: Uint8Array): void {
    if (piece.length === 0) return
    const joined = new Uint8Array(this.buf.length + piece.length)
    joined.set(this.buf)
    joined.set(piece, this.buf.length)
    this.buf = joined
    let o = 0
    for (;;) {
      const used = this.next(o)
      if (used === 0) break
      o += used
    }
    this.buf = this.buf.slice(o)
    this.base += o
  }

  end(): void {
    const b = this.buf
    const at = this.base
    if (this.kind === undefined) {
      if (b.length >= 4 && u32le(b, 0) === 0x0a0d0d0a) throw new Error(`pcapng: block of ${b.length} bytes does not fit at offset ${at}`)
      throw new Error('pcap: file shorter than its 24-byte header')
    }
    if (b.length === 0) return
    if (this.kind === 'pcap') {
      if (b.length < 16) throw new Error(`pcap: truncated record header at offset ${at}`)
      const incl = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(8, this.le)
      throw new Error(`pcap: record of ${incl} bytes runs past the end at offset ${at}`)
    }
    // pcapng: fewer than 12 bytes left are ignored (as before: not a block).
    if (b.length < 12) return
    const len = new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(4, this.leOfBlock(b))
    throw new Error(`pcapng: block of ${len} bytes does not fit at offset ${at}`)
  }

  private leOfBlock(b: Uint8Array): boolean {
    return u32le(b, 0) === 0x0a0d0d0a ? u32le(b, 8) === 0x1a2b3c4d : this.le
  }

  /** Handle the record or block at buf offset o if it is whole: bytes consumed, or 0. */
  private next(o: number): number {
    const b = this.buf
    const at = this.base + o
    const left = b.length - o
    const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
    if (this.kind === undefined) {
      if (left < 4) return 0
      if (u32le(b, o) === 0x0a0d0d0a) this.kind = 'pcapng'
      else {
        if (left < 24) return 0
        const magic = u32le(b, o)
        this.le = magic === 0xa1b2c3d4 || magic === 0xa1b23c4d
        this.nano = magic === 0xa1b23c4d || magic === 0x4d3cb2a1
        const linktype = dv.getUint32(o + 20, this.le) & 0x0fffffff
        if (linktype !== LINKTYPE_NETLINK) throw new Error(`pcap: link type ${linktype} is not NETLINK (253)`)
        this.kind = 'pcap'
        return 24
      }
    }
    if (this.kind === 'pcap') {
      if (left < 16) return 0
      const sec = dv.getUint32(o, this.le)
      const frac = dv.getUint32(o + 4, this.le)
      const incl = dv.getUint32(o + 8, this.le)
      if (incl > MAX_RECORD) throw new Error(`pcap: record of ${incl} bytes at offset ${at} is larger than any capture (${MAX_RECORD} bytes at most)`)
      if (left < 16 + incl) return 0
      this.onPacket(packet(b, o + 16, o + 16 + incl, sec + frac / (this.nano ? 1e9 : 1e6), this.base))
      return 16 + incl
    }
    if (left < 12) return 0
    const type = dv.getUint32(o, true)
    if (type === 0x0a0d0d0a) {
      this.le = dv.getUint32(o + 8, true) === 0x1a2b3c4d
      this.ifaces.length = 0
    }
    const le = this.le
    const len = dv.getUint32(o + 4, le)
    if (len < 12 || len > MAX_RECORD) throw new Error(`pcapng: block of ${len} bytes does not fit at offset ${at}`)
    if (left < len) return 0
    const blockType = dv.getUint32(o, le)
    if (blockType === 1) {
      // Interface Description Block: linktype u16, reserved, snaplen; option 9 = if_tsresol.
      let tsres = 1e-6
      let p = o + 16
      while (p + 4 <= o + len - 4) {
        const code = dv.getUint16(p, le)
        const olen = dv.getUint16(p + 2, le)
        if (code === 0) break
        if (code === 9 && olen >= 1) {
          const v = b[p + 4]!
          tsres = v & 0x80 ? Math.pow(2, -(v & 0x7f)) : Math.pow(10, -v)
        }
        p += 4 + ((olen + 3) & ~3)
      }
      this.ifaces.push({ linktype: dv.getUint16(o + 8, le), tsres })
    } else if (blockType === 6) {
      // Enhanced Packet Block
      const iface = this.ifaces[dv.getUint32(o + 8, le)]
      const ts = dv.getUint32(o + 12, le) * 2 ** 32 + dv.getUint32(o + 16, le)
      const incl = dv.getUint32(o + 20, le)
      if (o + 28 + incl > o + len) throw new Error(`pcapng: packet of ${incl} bytes overruns its block at offset ${at}`)
      if (iface?.linktype === LINKTYPE_NETLINK) this.onPacket(packet(b, o + 28, o + 28 + incl, ts * iface.tsres, this.base))
    } else if (blockType === 3) {
      // Simple Packet Block (interface 0, no timestamp)
      const incl = Math.min(dv.getUint32(o + 8, le), len - 16)
      if (this.ifaces[0]?.linktype === LINKTYPE_NETLINK) this.onPacket(packet(b, o + 12, o + 12 + incl, 0, this.base))
    }
    return len
  }
}

function packet(b: Uint8Array, s: number, e: number, time: number, base = 0): CapturedPacket {
  if (e - s < SLL_LEN) throw new Error(`pcap: packet of ${e - s} bytes is shorter than the 16-byte netlink pseudo header at offset ${base + s}`)
  const pkttype = (b[s]! << 8) | b[s + 1]!
  const protocol = (b[s + 14]! << 8) | b[s + 15]!
  return { time, direction: pkttype === PACKET_OUTGOING ? 'out' : 'in', protocol, data: b.slice(s + SLL_LEN, e) }
}

function u32le(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
}

/** The 24-byte pcap global header for link type NETLINK (little-endian, microseconds). */
export function pcapHeader(snaplen = 262144): Uint8Array {
  const b = alloc(24)
  const dv = new DataView(b.buffer, b.byteOffset, 24)
  dv.setUint32(0, 0xa1b2c3d4, true)
  dv.setUint16(4, 2, true)
  dv.setUint16(6, 4, true)
  dv.setUint32(16, snaplen, true)
  dv.setUint32(20, LINKTYPE_NETLINK, true)
  return b
}

/** One pcap record: record header, the netlink pseudo header, the message bytes. */
export function pcapRecord(p: CapturedPacket): Uint8Array {
  const n = SLL_LEN + p.data.length
  const b = alloc(16 + n)
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const sec = Math.floor(p.time)
  dv.setUint32(0, sec, true)
  dv.setUint32(4, Math.min(999999, Math.round((p.time - sec) * 1e6)), true)
  dv.setUint32(8, n, true)
  dv.setUint32(12, n, true)
  dv.setUint16(16, p.direction === 'out' ? PACKET_OUTGOING : PACKET_HOST, false)
  dv.setUint16(18, ARPHRD_NETLINK, false)
  dv.setUint16(30, p.protocol, false)
  b.set(p.data, 32)
  return b
}
