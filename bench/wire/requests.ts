// Request bytes for the floor peer and for bench set-up: the same bytes iproute2 6.1 sends
// (checked against an strace capture of `ip link add … type veth peer name …` at bench start, see
// wire/iproute2-capture.ts). Built before any timing starts; nothing here runs in a timed loop.
import {
  AF_PACKET,
  AF_UNSPEC,
  IFINFOMSG_LEN,
  IFLA_EXT_MASK,
  IFLA_GROUP,
  IFLA_IFNAME,
  IFLA_INFO_DATA,
  IFLA_INFO_KIND,
  IFLA_LINKINFO,
  NLMSG_HDRLEN,
  NLMSG_NOOP,
  NLM_F_ACK,
  NLM_F_CREATE,
  NLM_F_DUMP,
  NLM_F_EXCL,
  NLM_F_REQUEST,
  RTEXT_FILTER_VF,
  RTM_DELLINK,
  RTM_GETLINK,
  RTM_NEWLINK,
  RTM_SETLINK,
  VETH_INFO_PEER,
} from './constants.js'

const align4 = (n: number) => (n + 3) & ~3

/** A little append-only netlink message writer: header, fixed struct, attributes, nests. */
class RequestWriter {
  private bytes = new Uint8Array(256)
  private view = new DataView(this.bytes.buffer)
  private len = 0
  private readonly nests: number[] = []

  private room(n: number): void {
    if (this.len + n <= this.bytes.length) return
    const bigger = new Uint8Array(Math.max(this.bytes.length * 2, this.len + n))
    bigger.set(this.bytes)
    this.bytes = bigger
    this.view = new DataView(bigger.buffer)
  }

  header(type: number, flags: number, seq: number): this {
    this.room(NLMSG_HDRLEN)
    this.view.setUint16(this.len + 4, type, true)
    this.view.setUint16(this.len + 6, flags, true)
    this.view.setUint32(this.len + 8, seq, true)
    this.view.setUint32(this.len + 12, 0, true) // nlmsg_pid 0: the kernel fills in the port
    this.len += NLMSG_HDRLEN
    return this
  }

  /** struct ifinfomsg: family, pad, type, index, flags, change. */
  ifinfomsg(family: number, index = 0): this {
    this.room(IFINFOMSG_LEN)
    this.bytes.fill(0, this.len, this.len + IFINFOMSG_LEN)
    this.bytes[this.len] = family
    this.view.setInt32(this.len + 4, index, true)
    this.len += IFINFOMSG_LEN
    return this
  }

  private attr(type: number, payload: Uint8Array): this {
    const total = 4 + payload.length
    this.room(align4(total))
    this.view.setUint16(this.len, total, true)
    this.view.setUint16(this.len + 2, type, true)
    this.bytes.set(payload, this.len + 4)
    this.bytes.fill(0, this.len + total, this.len + align4(total))
    this.len += align4(total)
    return this
  }

  /** NUL-terminated string attribute (NLA_NUL_STRING / ifname). */
  strz(type: number, s: string): this {
    const enc = new TextEncoder().encode(s)
    const p = new Uint8Array(enc.length + 1)
    p.set(enc)
    return this.attr(type, p)
  }

  /** String without its NUL: iproute2 sends IFLA_INFO_KIND that way (addattr_l(…, strlen(type))). */
  str(type: number, s: string): this {
    return this.attr(type, new TextEncoder().encode(s))
  }

  u32(type: number, v: number): this {
    const p = new Uint8Array(4)
    new DataView(p.buffer).setUint32(0, v, true)
    return this.attr(type, p)
  }

  begin(type: number): this {
    this.room(4)
    this.nests.push(this.len)
    this.view.setUint16(this.len + 2, type, true) // iproute2 does not set NLA_F_NESTED here
    this.len += 4
    return this
  }

  end(): this {
    const start = this.nests.pop()
    if (start === undefined) throw new Error('RequestWriter: end() without begin()')
    this.view.setUint16(start, this.len - start, true)
    return this
  }

  done(): Uint8Array {
    if (this.nests.length > 0) throw new Error('RequestWriter: unclosed nest')
    this.view.setUint32(0, this.len, true)
    return this.bytes.slice(0, this.len)
  }
}

export interface VethCreateOptions {
  /** IFLA_GROUP on the first end (the teardown workloads create their pairs in a group). */
  group?: number
}

/** `ip link add NAME type veth peer name PEER` (+ `group G`), as iproute2 6.1 encodes it. */
export function vethCreateRequest(name: string, peer: string, seq: number, opts: VethCreateOptions = {}): Uint8Array {
  const w = new RequestWriter()
    .header(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, seq)
    .ifinfomsg(AF_UNSPEC)
    .strz(IFLA_IFNAME, name)
  if (opts.group !== undefined) w.u32(IFLA_GROUP, opts.group)
  return w
    .begin(IFLA_LINKINFO)
    .str(IFLA_INFO_KIND, 'veth')
    .begin(IFLA_INFO_DATA)
    .begin(VETH_INFO_PEER)
    .ifinfomsg(AF_UNSPEC)
    .strz(IFLA_IFNAME, peer)
    .end()
    .end()
    .end()
    .done()
}

/** RTM_DELLINK naming the device by IFLA_IFNAME (no ifindex lookup round trip). */
export function delLinkByNameRequest(name: string, seq: number): Uint8Array {
  return new RequestWriter()
    .header(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq)
    .ifinfomsg(AF_UNSPEC)
    .strz(IFLA_IFNAME, name)
    .done()
}

/** RTM_DELLINK with ifi_index 0 and IFLA_GROUP: what `ip link del group G` sends. */
export function delLinkByGroupRequest(group: number, seq: number): Uint8Array {
  return new RequestWriter()
    .header(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, seq)
    .ifinfomsg(AF_UNSPEC)
    .u32(IFLA_GROUP, group)
    .done()
}

/** RTM_SETLINK IFLA_GROUP on a device named by IFLA_IFNAME (bench clean-up only, never timed). */
export function setGroupRequest(name: string, group: number, seq: number): Uint8Array {
  return new RequestWriter()
    .header(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, seq)
    .ifinfomsg(AF_UNSPEC)
    .strz(IFLA_IFNAME, name)
    .u32(IFLA_GROUP, group)
    .done()
}

/** The link dump `ip link show` asks for: AF_PACKET, IFLA_EXT_MASK = RTEXT_FILTER_VF. */
export function linkDumpRequest(seq: number): Uint8Array {
  return new RequestWriter()
    .header(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, seq)
    .ifinfomsg(AF_PACKET)
    .u32(IFLA_EXT_MASK, RTEXT_FILTER_VF)
    .done()
}

/** NLMSG_NOOP with NLM_F_ACK: the kernel acks it and does nothing else (a pure round trip). */
export function noopRequest(seq: number): Uint8Array {
  return new RequestWriter().header(NLMSG_NOOP, NLM_F_REQUEST | NLM_F_ACK, seq).done()
}

/** Overwrite nlmsg_seq of a request built earlier (templates reused across rounds). */
export function setSeq(msg: Uint8Array, seq: number): void {
  new DataView(msg.buffer, msg.byteOffset, msg.byteLength).setUint32(8, seq >>> 0, true)
}
