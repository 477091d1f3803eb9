// struct br_mdb_entry (linux/if_bridge.h): one multicast group membership of a bridge port — the
// port, permanent or temporary, flags, VLAN, and the group (an IPv4 or IPv6 address, or a MAC for
// L2 groups, told apart by addr.proto). It opens MDBA_MDB_ENTRY_INFO in the kernel's messages and
// is the whole of MDBA_SET_ENTRY / MDBA_GET_ENTRY in requests.
//
//   0  u32 ifindex   4  u8 state   5  u8 flags   6  u16 vid
//   8  union { __be32 ip4; struct in6_addr ip6; u8 mac_addr[6] } u   (16 bytes)
//  24  __be16 proto  26  2 bytes of padding                          (28 bytes)
import { namesOf } from '../core/names.js'
import { formatIPv4, formatIPv6, formatLladdr, parseIPv4, parseIPv6, parseLladdr } from '../core/addresses.js'
import type { ValueCodec } from '../core/attrs.js'
import { HOST_LE } from '../core/bytes.js'
import type { Decoder } from '../core/decoder.js'
import type { Writer } from '../core/writer.js'

export const BR_MDB_ENTRY_SIZE = 28

// state
export const MDB_TEMPORARY = 0
export const MDB_PERMANENT = 1

// flags
export const MDB_FLAGS_OFFLOAD = 1 << 0
export const MDB_FLAGS_FAST_LEAVE = 1 << 1
export const MDB_FLAGS_STAR_EXCL = 1 << 2
export const MDB_FLAGS_BLOCKED = 1 << 3
// Linux 6.x (newer than /usr/include's 6.1 headers)
export const MDB_FLAGS_OFFLOAD_FAILED = 1 << 4

// addr.proto (linux/if_ether.h); 0 for an L2 (MAC) group
export const ETH_P_IP = 0x0800
export const ETH_P_IPV6 = 0x86dd

export const MDB_STATE_NAMES: Readonly<Record<number, string>> = namesOf({ MDB_TEMPORARY, MDB_PERMANENT })

export const MDB_FLAG_NAMES: Readonly<Record<number, string>> = namesOf({ MDB_FLAGS_OFFLOAD, MDB_FLAGS_FAST_LEAVE, MDB_FLAGS_STAR_EXCL, MDB_FLAGS_BLOCKED, MDB_FLAGS_OFFLOAD_FAILED })

export const MDB_PROTO_NAMES: Readonly<Record<number, string>> = {
  0: 'L2 (MAC)',
  [ETH_P_IP]: 'ETH_P_IP',
  [ETH_P_IPV6]: 'ETH_P_IPV6',
}

export interface BrMdbEntry {
  /** The bridge port (in requests and replies alike) */
  ifindex: number
  /** MDB_TEMPORARY / MDB_PERMANENT */
  state: number
  /** MDB_FLAGS_* bits */
  flags: number
  vid: number
  /** The group: dotted IPv4 (proto ETH_P_IP), RFC 5952 IPv6 (ETH_P_IPV6) or a MAC (proto 0) */
  addr: string
  /** ETH_P_IP, ETH_P_IPV6 or 0; another value leaves `addr` as the union's 16 bytes in hex */
  proto: number
  /**
   * The 20 bytes of addr (union, proto, padding) as they came, only where they hold more than
   * `addr` and `proto` say (bytes after the address or in the padding not zero): encoded verbatim.
   */
  addrBytes?: Uint8Array
}

const STATE_SPEC = { enumNames: MDB_STATE_NAMES }
const FLAGS_SPEC = { flagNames: MDB_FLAG_NAMES }
const PROTO_SPEC = { enumNames: MDB_PROTO_NAMES }

function addrLength(proto: number): number {
  return proto === ETH_P_IP ? 4 : proto === ETH_P_IPV6 ? 16 : proto === 0 ? 6 : 16
}

function hex(b: Uint8Array, s: number, e: number): string {
  let out = ''
  for (let i = s; i < e; i++) out += b[i]!.toString(16).padStart(2, '0')
  return out
}

/** Decode the 28 bytes at `start` (the caller checked they are there). */
export function decodeBrMdbEntry(d: Decoder, start: number): BrMdbEntry {
  const b = d.buf
  const ifindex = d.dv.getUint32(start, HOST_LE)
  const state = b[start + 4]!
  const flags = b[start + 5]!
  const vid = d.dv.getUint16(start + 6, HOST_LE)
  const u = start + 8
  const proto = d.dv.getUint16(start + 24, false)
  const n = addrLength(proto)
  const addr =
    proto === ETH_P_IP ? formatIPv4(b, u) : proto === ETH_P_IPV6 ? formatIPv6(b, u) : proto === 0 ? formatLladdr(b, u, u + 6) : hex(b, u, u + 16)
  const out: BrMdbEntry = { ifindex, state, flags, vid, addr, proto }
  let clean = b[start + 26] === 0 && b[start + 27] === 0
  for (let i = u + n; clean && i < u + 16; i++) if (b[i] !== 0) clean = false
  if (!clean) out.addrBytes = d.copy(u, start + BR_MDB_ENTRY_SIZE)
  const t = d.trace
  if (t) {
    t.leaf({ name: 'ifindex', offset: start, length: 4, value: ifindex })
    t.leaf({ name: 'state', offset: start + 4, length: 1, value: state, spec: STATE_SPEC })
    t.leaf({ name: 'flags', offset: start + 5, length: 1, value: flags, spec: FLAGS_SPEC })
    t.leaf({ name: 'vid', offset: start + 6, length: 2, value: vid })
    t.leaf({ name: proto === ETH_P_IP ? 'addr.u.ip4' : proto === ETH_P_IPV6 ? 'addr.u.ip6' : proto === 0 ? 'addr.u.mac_addr' : 'addr.u', offset: u, length: n, value: addr })
    if (n < 16) t.leaf({ name: 'addr.u (rest of the union)', offset: u + n, length: 16 - n, value: d.copy(u + n, u + 16) })
    t.leaf({ name: 'addr.proto', offset: start + 24, length: 2, value: proto, spec: PROTO_SPEC })
    t.leaf({ name: 'pad', offset: start + 26, length: 2, value: d.copy(start + 26, start + 28) })
  }
  return out
}

function groupBytes(w: Writer, e: BrMdbEntry): { bytes: Uint8Array; proto: number } {
  const a = e.addr
  if (typeof a !== 'string') w.fail(`addr: expected a group address, got ${typeof a}`)
  const proto = e.proto
  if (proto === ETH_P_IP || (proto === undefined && a.includes('.'))) {
    const b = parseIPv4(a)
    if (b === null) w.fail(`addr: expected an IPv4 group address, got ${JSON.stringify(a)}`)
    return { bytes: b, proto: ETH_P_IP }
  }
  if (proto === ETH_P_IPV6 || (proto === undefined && a.includes('::'))) {
    const b = parseIPv6(a)
    if (b === null) w.fail(`addr: expected an IPv6 group address, got ${JSON.stringify(a)}`)
    return { bytes: b, proto: ETH_P_IPV6 }
  }
  if (proto === 0 || proto === undefined) {
    const b = parseLladdr(a)
    if (b !== null && b.length === 6) return { bytes: b, proto: 0 }
    const v6 = proto === undefined ? parseIPv6(a) : null
    if (v6 !== null) return { bytes: v6, proto: ETH_P_IPV6 }
    w.fail(`addr: expected a MAC, IPv4 or IPv6 group address, got ${JSON.stringify(a)}`)
  }
  // Another protocol: the union's 16 bytes in hex, as decoded.
  if (!/^[0-9a-f]{32}$/i.test(a)) w.fail(`addr: proto 0x${proto.toString(16)} takes the union's 16 bytes in hex, got ${JSON.stringify(a)}`)
  const b = new Uint8Array(16)
  for (let i = 0; i < 16; i++) b[i] = parseInt(a.slice(2 * i, 2 * i + 2), 16)
  return { bytes: b, proto }
}

export function encodeBrMdbEntry(w: Writer, e: BrMdbEntry): void {
  if (typeof e !== 'object' || e === null) w.fail(`expected a br_mdb_entry, got ${String(e)}`)
  w.u32(e.ifindex ?? 0)
  w.u8(e.state ?? 0)
  w.u8(e.flags ?? 0)
  w.u16(e.vid ?? 0)
  if (e.addrBytes instanceof Uint8Array) {
    if (e.addrBytes.length !== 20) w.fail(`addrBytes: expected 20 bytes, got ${e.addrBytes.length}`)
    w.bytes(e.addrBytes)
    return
  }
  const g = groupBytes(w, e)
  w.bytes(g.bytes)
  w.zeros(16 - g.bytes.length)
  w.be16(g.proto)
  w.zeros(2)
}

/** MDBA_SET_ENTRY / MDBA_GET_ENTRY: the struct alone. */
export const brMdbEntry: ValueCodec<BrMdbEntry> = {
  describe: 'struct br_mdb_entry',
  decode(d, start, end) {
    if (end - start !== BR_MDB_ENTRY_SIZE) d.fail(`br_mdb_entry: expected ${BR_MDB_ENTRY_SIZE} bytes, got ${end - start}`, start)
    return decodeBrMdbEntry(d, start)
  },
  encode: encodeBrMdbEntry,
}
