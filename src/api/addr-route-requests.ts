// Typed address, route, neighbour, FDB and nsid options → the messages iproute2 (ip, bridge)
// sends for the same command, attribute for attribute. Pure: devices are ifindexes here.
import { IFA_F_NODAD, RT_SCOPE_LINK, RT_SCOPE_NOWHERE, RT_SCOPE_UNIVERSE } from '../../codecs/addr.js'
import { parseIP } from '../../codecs/core/addresses.js'
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { NTF_MASTER, NTF_ROUTER, NTF_SELF, NUD_NOARP, NUD_PERMANENT, NUD_REACHABLE, NUD_STALE } from '../../codecs/neigh.js'
import { RTN_UNICAST, RTPROT_BOOT, RTM_F_LOOKUP_TABLE, RT_TABLE_MAIN, RT_TABLE_UNSPEC } from '../../codecs/route.js'
import { RTM_DELADDR, RTM_DELNEIGH, RTM_DELROUTE, RTM_GETADDR, RTM_GETNEIGH, RTM_GETNSID, RTM_GETROUTE, RTM_NEWADDR, RTM_NEWNEIGH, RTM_NEWNSID, RTM_NEWROUTE } from '../../codecs/rtnetlink.js'
import { AF_BRIDGE, AF_INET, AF_INET6, AF_UNSPEC } from '../../codecs/socket.js'
import type { AddrBody, AddrMessage, NeighBody, NeighMessage, NsidMessage, RouteBody, RouteMessage, RouteNexthop } from '../../codecs/index.js'
import { ApiError } from './errors.js'

export interface Prefix {
  family: number
  address: string
  len: number
}

/** '192.168.88.1/24', '2001:db8::1/64', '10.0.0.1' (a host) → family, address, length. */
export function parsePrefix(text: string, what = 'address'): Prefix {
  const slash = text.indexOf('/')
  const address = slash === -1 ? text : text.slice(0, slash)
  const bytes = parseIP(address)
  if (bytes === null) throw new ApiError(`${what} '${text}' is not an IPv4 or IPv6 address (with an optional /prefix length)`)
  const family = bytes.length === 4 ? AF_INET : AF_INET6
  const max = bytes.length * 8
  const len = slash === -1 ? max : Number(text.slice(slash + 1))
  if (!Number.isInteger(len) || len < 0 || len > max || (slash !== -1 && !/^\d+$/.test(text.slice(slash + 1)))) {
    throw new ApiError(`${what} '${text}': the prefix length must be 0..${max}`)
  }
  return { family, address, len }
}

export function familyOf(address: string, what: string): number {
  return parsePrefix(address, what).family
}

// ---------------------------------------------------------------------------------------------
// Addresses

export interface AddrSpec {
  broadcast?: string
  label?: string
  /** IPv6: skip duplicate address detection (IFA_F_NODAD). */
  nodad?: boolean
  /** Point-to-point peer address (IFA_ADDRESS ≠ IFA_LOCAL). */
  peer?: string
}

/** `ip addr add|del CIDR dev DEV [broadcast B] [label L] [nodad] [peer P]` */
export function addrMessage(op: 'add' | 'del', index: number, cidr: string, o: AddrSpec = {}): AddrMessage {
  const p = parsePrefix(cidr)
  const body: AddrBody = {
    ifaFamily: p.family,
    ifaPrefixlen: p.len,
    ifaFlags: o.nodad ? IFA_F_NODAD : 0,
    ifaScope: 0,
    ifaIndex: index,
    local: p.address,
  }
  if (o.label !== undefined) body.label = o.label
  body.address = o.peer ?? p.address
  if (o.broadcast !== undefined) body.broadcast = o.broadcast
  return op === 'add'
    ? { type: RTM_NEWADDR, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, seq: 0, pid: 0, body }
    : { type: RTM_DELADDR, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body }
}

export function dumpAddrs(family = AF_UNSPEC): AddrMessage {
  return { type: RTM_GETADDR, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: { ifaFamily: family, ifaPrefixlen: 0, ifaFlags: 0, ifaScope: 0, ifaIndex: 0 } }
}

// ---------------------------------------------------------------------------------------------
// Routes

export interface NexthopSpec {
  via?: string
  /** ifindex */
  dev?: number
  /** 1..256 */
  weight?: number
}

export interface RouteSpec {
  /** 'default' or a prefix: '10.0.0.0/24' */
  dst: string
  via?: string
  /** ifindex of the output device */
  dev?: number
  /** Preferred source (RTA_PREFSRC). */
  src?: string
  metric?: number
  /** Table number (main = 254). */
  table?: number
  /** Path MTU (RTA_METRICS > RTAX_MTU), `lock` to pin it. */
  mtu?: number
  mtuLock?: boolean
  nexthops?: NexthopSpec[]
  /** Replace an existing route instead of failing with EEXIST. */
  replace?: boolean
  /** RT_SCOPE_*, when iproute2's default does not fit. */
  scope?: number
  /** RTPROT_* (boot by default, like iproute2). */
  protocol?: number
  /** A nexthop object's id (RTA_NH_ID) instead of via/dev/nexthops. */
  nhid?: number
}

function routeFamily(r: RouteSpec): { family: number; dst?: Prefix } {
  const dst = r.dst === 'default' ? undefined : parsePrefix(r.dst, 'route destination')
  const gw = r.via ?? r.nexthops?.find((n) => n.via !== undefined)?.via
  const family = dst?.family ?? (gw !== undefined ? familyOf(gw, 'gateway') : r.src !== undefined ? familyOf(r.src, 'source') : AF_INET)
  if (dst !== undefined && gw !== undefined && familyOf(gw, 'gateway') !== dst.family) {
    throw new ApiError(`route ${r.dst}: gateway ${gw} is of another address family`)
  }
  return dst !== undefined ? { family, dst } : { family }
}

/** `ip route add|replace DST [via GW] [dev DEV] [src S] [metric M] [table T] [mtu [lock] N] [nexthop ...]` */
export function newRoute(r: RouteSpec): RouteMessage {
  const { family, dst } = routeFamily(r)
  const table = r.table ?? RT_TABLE_MAIN
  const gatewayless = r.via === undefined && r.nexthops === undefined
  const body: RouteBody = {
    rtmFamily: family,
    rtmDstLen: dst?.len ?? 0,
    rtmSrcLen: 0,
    rtmTos: 0,
    rtmTable: table < 256 ? table : RT_TABLE_UNSPEC,
    rtmProtocol: r.protocol ?? RTPROT_BOOT,
    // iproute2: a route through a device only (no gateway) is on-link: scope link.
    rtmScope: r.scope ?? (gatewayless && r.dev !== undefined ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE),
    rtmType: RTN_UNICAST,
    rtmFlags: 0,
  }
  fillRoute(body, r, dst, table)
  const flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (r.replace ? NLM_F_REPLACE : NLM_F_EXCL)
  return { type: RTM_NEWROUTE, flags, seq: 0, pid: 0, body }
}

function fillRoute(body: RouteBody, r: Partial<RouteSpec>, dst: Prefix | undefined, table: number): void {
  if (dst !== undefined) body.dst = dst.address
  if (table >= 256) body.table = table
  if (r.via !== undefined) body.gateway = r.via
  if (r.src !== undefined) body.prefsrc = r.src
  if (r.metric !== undefined) body.priority = r.metric
  if (r.dev !== undefined) body.oif = r.dev
  if (r.mtu !== undefined) body.metrics = r.mtuLock ? { mtu: r.mtu, lock: 1 << 2 } : { mtu: r.mtu }
  if (r.nexthops !== undefined) {
    body.multipath = r.nexthops.map((n) => {
      const w = n.weight ?? 1
      if (!Number.isInteger(w) || w < 1 || w > 256) throw new ApiError(`nexthop weight ${w} is not 1..256`)
      const nh: RouteNexthop = { rtnhFlags: 0, rtnhHops: w - 1, rtnhIfindex: n.dev ?? 0 }
      if (n.via !== undefined) nh.gateway = n.via
      return nh
    })
  }
  if (r.nhid !== undefined) {
    if (!Number.isInteger(r.nhid) || r.nhid < 1 || r.nhid > 0xffffffff) throw new ApiError(`route ${String(r.dst)}: nhid ${r.nhid} is not 1..2^32-1`)
    if (r.via !== undefined || r.nexthops !== undefined) throw new ApiError(`route ${String(r.dst)}: nhid replaces via and nexthops: give one or the other`)
    body.nhId = r.nhid
  }
}

export interface RouteDelSpec {
  dst: string
  via?: string
  dev?: number
  metric?: number
  table?: number
}

/** `ip route del DST [via GW] [metric M] [table T]` */
export function delRoute(r: RouteDelSpec): RouteMessage {
  const { family, dst } = routeFamily(r)
  const table = r.table ?? RT_TABLE_MAIN
  const body: RouteBody = {
    rtmFamily: family,
    rtmDstLen: dst?.len ?? 0,
    rtmSrcLen: 0,
    rtmTos: 0,
    rtmTable: table < 256 ? table : RT_TABLE_UNSPEC,
    rtmProtocol: 0,
    rtmScope: RT_SCOPE_NOWHERE,
    rtmType: 0,
    rtmFlags: 0,
  }
  fillRoute(body, r, dst, table)
  return { type: RTM_DELROUTE, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body }
}

/** `ip route get ADDR` */
export function getRoute(address: string): RouteMessage {
  const p = parsePrefix(address, 'address')
  return {
    type: RTM_GETROUTE,
    flags: NLM_F_REQUEST,
    seq: 0,
    pid: 0,
    body: { rtmFamily: p.family, rtmDstLen: p.len, rtmSrcLen: 0, rtmTos: 0, rtmTable: 0, rtmProtocol: 0, rtmScope: 0, rtmType: 0, rtmFlags: RTM_F_LOOKUP_TABLE, dst: p.address },
  }
}

export function dumpRoutes(family = AF_UNSPEC): RouteMessage {
  return {
    type: RTM_GETROUTE,
    flags: NLM_F_REQUEST | NLM_F_DUMP,
    seq: 0,
    pid: 0,
    body: { rtmFamily: family, rtmDstLen: 0, rtmSrcLen: 0, rtmTos: 0, rtmTable: 0, rtmProtocol: 0, rtmScope: 0, rtmType: 0, rtmFlags: 0 },
  }
}

// ---------------------------------------------------------------------------------------------
// Neighbours (ARP / NDP) and the bridge FDB

export type NeighState = 'permanent' | 'reachable' | 'stale' | 'noarp'
const NUD: Readonly<Record<NeighState, number>> = { permanent: NUD_PERMANENT, reachable: NUD_REACHABLE, stale: NUD_STALE, noarp: NUD_NOARP }

export interface NeighSpec {
  dst: string
  lladdr?: string
  state?: NeighState
  router?: boolean
  replace?: boolean
}

/** `ip neigh add|replace|del DST [lladdr MAC] dev DEV [nud STATE] [router]` */
export function neighMessage(op: 'add' | 'del', index: number, n: NeighSpec): NeighMessage {
  const body: NeighBody = {
    ndmFamily: familyOf(n.dst, 'neighbour address'),
    ndmIfindex: index,
    ndmState: NUD[n.state ?? 'permanent'],
    ndmFlags: n.router ? NTF_ROUTER : 0,
    ndmType: 0,
    dst: n.dst,
  }
  if (op === 'add' && n.lladdr !== undefined) body.lladdr = n.lladdr
  if (op === 'del') return { type: RTM_DELNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body }
  const flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (n.replace ? NLM_F_REPLACE : NLM_F_EXCL)
  return { type: RTM_NEWNEIGH, flags, seq: 0, pid: 0, body }
}

export function dumpNeigh(family = AF_UNSPEC): NeighMessage {
  return { type: RTM_GETNEIGH, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: { ndmFamily: family, ndmIfindex: 0, ndmState: 0, ndmFlags: 0, ndmType: 0 } }
}

export interface FdbSpec {
  lladdr: string
  /** The master's (bridge's) table, as `bridge fdb add ... master`. */
  master?: boolean
  /** The device's own table (the default, as for `bridge fdb add` without master/self). */
  self?: boolean
  /** permanent (local, default), static, dynamic */
  state?: 'permanent' | 'static' | 'dynamic'
  /** vxlan remote */
  dst?: string
  vni?: number
  /** `bridge fdb append`: add one more remote for the same MAC (vxlan flooding lists). */
  append?: boolean
}

/** `bridge fdb add|append|del MAC dev DEV [master|self] [permanent|static|dynamic] [dst IP]` */
export function fdbMessage(op: 'add' | 'del', index: number, f: FdbSpec): NeighMessage {
  const state = f.state ?? 'permanent'
  const ndmState = state === 'permanent' ? NUD_PERMANENT | NUD_NOARP : state === 'static' ? NUD_NOARP | NUD_REACHABLE : NUD_REACHABLE
  // bridge(8): an entry goes to the device's own table (self) unless `master` says the
  // master's (the bridge's); both may be given.
  const flags = (f.master ? NTF_MASTER : 0) | (f.self || !f.master ? NTF_SELF : 0)
  const body: NeighBody = { ndmFamily: AF_BRIDGE, ndmIfindex: index, ndmState, ndmFlags: flags, ndmType: 0, lladdr: f.lladdr }
  if (f.dst !== undefined) body.dst = f.dst
  if (f.vni !== undefined) body.vni = f.vni
  if (op === 'del') return { type: RTM_DELNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body }
  const nl = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (f.append ? NLM_F_APPEND : NLM_F_EXCL)
  return { type: RTM_NEWNEIGH, flags: nl, seq: 0, pid: 0, body }
}

// ---------------------------------------------------------------------------------------------
// nsid

/** `ip netns set NAME ID` (the namespace given as an fd of the sender); ID -1 lets the kernel pick. */
export function setNsid(fd: number, id: number): NsidMessage {
  return { type: RTM_NEWNSID, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: { rtgenFamily: 0, fd, nsid: id } }
}

/** The nsid this namespace uses for the namespace open on `fd` (`ip netns list`, per name). */
export function getNsid(fd: number): NsidMessage {
  return { type: RTM_GETNSID, flags: NLM_F_REQUEST, seq: 0, pid: 0, body: { rtgenFamily: 0, fd } }
}

/** `ip netns list-id` */
export function dumpNsids(): NsidMessage {
  return { type: RTM_GETNSID, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: { rtgenFamily: 0 } }
}
