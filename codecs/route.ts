// RTM_NEWROUTE / RTM_DELROUTE / RTM_GETROUTE: struct rtmsg, then RTA_* attributes, with RTA_METRICS
// (RTAX_*) and RTA_MULTIPATH (struct rtnexthop, each followed by its own RTA_* attributes)
// (linux/rtnetlink.h; keys from Documentation/netlink/specs/rt-route.yaml).
import { namesOf } from './core/names.js'
import { type AttrValue, type ValueCodec, defineAttrs } from './core/attrs.js'
import { formatIPv4, formatIPv6, parseIPv4, parseIPv6 } from './core/addresses.js'
import { FixedAttrsBody, HeaderAttrsArray } from './core/body.js'
import type { Decoder } from './core/decoder.js'
import type { Message } from './core/nlmsg.js'
import { type StructCodec, defineStruct } from './core/struct.js'
import type { Writer } from './core/writer.js'
import { familyCodec } from './core/family-codec.js'
import { RTM_DELROUTE, RTM_GETROUTE, RTM_NEWROUTE } from './rtnetlink.js'
import { AF_INET, AF_INET6, AF_NAMES } from './address-families.js'
import { RT_SCOPE_NAMES } from './addr.js'

// rtnetlink families beyond the socket address families
export const RTNL_FAMILY_IPMR = 128
export const RTNL_FAMILY_IP6MR = 129

// rtm_type
export const RTN_UNSPEC = 0
export const RTN_UNICAST = 1
export const RTN_LOCAL = 2
export const RTN_BROADCAST = 3
export const RTN_ANYCAST = 4
export const RTN_MULTICAST = 5
export const RTN_BLACKHOLE = 6
export const RTN_UNREACHABLE = 7
export const RTN_PROHIBIT = 8
export const RTN_THROW = 9
export const RTN_NAT = 10
export const RTN_XRESOLVE = 11

export const RTN_NAMES: Readonly<Record<number, string>> = namesOf({ RTN_UNSPEC, RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_ANYCAST, RTN_MULTICAST, RTN_BLACKHOLE, RTN_UNREACHABLE, RTN_PROHIBIT, RTN_THROW, RTN_NAT, RTN_XRESOLVE })

// rtm_protocol (values from RTPROT_STATIC up are not interpreted by the kernel)
export const RTPROT_UNSPEC = 0
export const RTPROT_REDIRECT = 1
export const RTPROT_KERNEL = 2
export const RTPROT_BOOT = 3
export const RTPROT_STATIC = 4
export const RTPROT_GATED = 8
export const RTPROT_RA = 9
export const RTPROT_MRT = 10
export const RTPROT_ZEBRA = 11
export const RTPROT_BIRD = 12
export const RTPROT_DNROUTED = 13
export const RTPROT_XORP = 14
export const RTPROT_NTK = 15
export const RTPROT_DHCP = 16
export const RTPROT_MROUTED = 17
export const RTPROT_KEEPALIVED = 18
export const RTPROT_BABEL = 42
export const RTPROT_OVN = 84
export const RTPROT_OPENR = 99
export const RTPROT_BGP = 186
export const RTPROT_ISIS = 187
export const RTPROT_OSPF = 188
export const RTPROT_RIP = 189
export const RTPROT_EIGRP = 192

export const RTPROT_NAMES: Readonly<Record<number, string>> = namesOf({ RTPROT_UNSPEC, RTPROT_REDIRECT, RTPROT_KERNEL, RTPROT_BOOT, RTPROT_STATIC, RTPROT_GATED, RTPROT_RA, RTPROT_MRT, RTPROT_ZEBRA, RTPROT_BIRD, RTPROT_DNROUTED, RTPROT_XORP, RTPROT_NTK, RTPROT_DHCP, RTPROT_MROUTED, RTPROT_KEEPALIVED, RTPROT_BABEL, RTPROT_OVN, RTPROT_OPENR, RTPROT_BGP, RTPROT_ISIS, RTPROT_OSPF, RTPROT_RIP, RTPROT_EIGRP })

// rtm_flags
export const RTM_F_NOTIFY = 0x100
export const RTM_F_CLONED = 0x200
export const RTM_F_EQUALIZE = 0x400
export const RTM_F_PREFIX = 0x800
export const RTM_F_LOOKUP_TABLE = 0x1000
export const RTM_F_FIB_MATCH = 0x2000
export const RTM_F_OFFLOAD = 0x4000
export const RTM_F_TRAP = 0x8000
export const RTM_F_OFFLOAD_FAILED = 0x20000000

export const RTM_F_NAMES: Readonly<Record<number, string>> = namesOf({ RTM_F_NOTIFY, RTM_F_CLONED, RTM_F_EQUALIZE, RTM_F_PREFIX, RTM_F_LOOKUP_TABLE, RTM_F_FIB_MATCH, RTM_F_OFFLOAD, RTM_F_TRAP, RTM_F_OFFLOAD_FAILED })

// enum rt_class_t: reserved table ids (rtm_table holds ids below 256; RTA_TABLE holds any)
export const RT_TABLE_UNSPEC = 0
export const RT_TABLE_COMPAT = 252
export const RT_TABLE_DEFAULT = 253
export const RT_TABLE_MAIN = 254
export const RT_TABLE_LOCAL = 255
export const RT_TABLE_MAX = 0xffffffff

export const RT_TABLE_NAMES: Readonly<Record<number, string>> = namesOf({ RT_TABLE_UNSPEC, RT_TABLE_COMPAT, RT_TABLE_DEFAULT, RT_TABLE_MAIN, RT_TABLE_LOCAL })

// enum rtattr_type_t
export const RTA_UNSPEC = 0
export const RTA_DST = 1
export const RTA_SRC = 2
export const RTA_IIF = 3
export const RTA_OIF = 4
export const RTA_GATEWAY = 5
export const RTA_PRIORITY = 6
export const RTA_PREFSRC = 7
export const RTA_METRICS = 8
export const RTA_MULTIPATH = 9
export const RTA_PROTOINFO = 10
export const RTA_FLOW = 11
export const RTA_CACHEINFO = 12
export const RTA_SESSION = 13
export const RTA_MP_ALGO = 14
export const RTA_TABLE = 15
export const RTA_MARK = 16
export const RTA_MFC_STATS = 17
export const RTA_VIA = 18
export const RTA_NEWDST = 19
export const RTA_PREF = 20
export const RTA_ENCAP_TYPE = 21
export const RTA_ENCAP = 22
export const RTA_EXPIRES = 23
export const RTA_PAD = 24
export const RTA_UID = 25
export const RTA_TTL_PROPAGATE = 26
export const RTA_IP_PROTO = 27
export const RTA_SPORT = 28
export const RTA_DPORT = 29
export const RTA_NH_ID = 30
export const RTA_FLOWLABEL = 31

// rtnh_flags
export const RTNH_F_DEAD = 1
export const RTNH_F_PERVASIVE = 2
export const RTNH_F_ONLINK = 4
export const RTNH_F_OFFLOAD = 8
export const RTNH_F_LINKDOWN = 16
export const RTNH_F_UNRESOLVED = 32
export const RTNH_F_TRAP = 64

export const RTNH_F_NAMES: Readonly<Record<number, string>> = namesOf({ RTNH_F_DEAD, RTNH_F_PERVASIVE, RTNH_F_ONLINK, RTNH_F_OFFLOAD, RTNH_F_LINKDOWN, RTNH_F_UNRESOLVED, RTNH_F_TRAP })

// RTA_METRICS: enum RTAX_*
export const RTAX_UNSPEC = 0
export const RTAX_LOCK = 1
export const RTAX_MTU = 2
export const RTAX_WINDOW = 3
export const RTAX_RTT = 4
export const RTAX_RTTVAR = 5
export const RTAX_SSTHRESH = 6
export const RTAX_CWND = 7
export const RTAX_ADVMSS = 8
export const RTAX_REORDERING = 9
export const RTAX_HOPLIMIT = 10
export const RTAX_INITCWND = 11
export const RTAX_FEATURES = 12
export const RTAX_RTO_MIN = 13
export const RTAX_INITRWND = 14
export const RTAX_QUICKACK = 15
export const RTAX_CC_ALGO = 16
export const RTAX_FASTOPEN_NO_COOKIE = 17

// RTAX_FEATURES bits
export const RTAX_FEATURE_ECN = 1 << 0
export const RTAX_FEATURE_SACK = 1 << 1
export const RTAX_FEATURE_TIMESTAMP = 1 << 2
export const RTAX_FEATURE_ALLFRAG = 1 << 3
export const RTAX_FEATURE_TCP_USEC_TS = 1 << 4

export const RTAX_FEATURE_NAMES: Readonly<Record<number, string>> = namesOf({ RTAX_FEATURE_ECN, RTAX_FEATURE_SACK, RTAX_FEATURE_TIMESTAMP, RTAX_FEATURE_ALLFRAG, RTAX_FEATURE_TCP_USEC_TS })

/** RTAX_LOCK's value locking these metrics (RTAX_MTU ...): bit 1 << RTAX_x locks metric x. */
export function rtaxLockMask(metrics: readonly number[]): number {
  let m = 0
  for (const x of metrics) m |= 1 << x
  return m >>> 0
}

/** Whether an RTAX_LOCK value locks metric `rtax` (RTAX_MTU ...). */
export function rtaxLocked(lock: number, rtax: number): boolean {
  return (lock & (1 << rtax)) !== 0
}

/** RTAX_LOCK is a bit mask of locked metrics: bit (1 << RTAX_MTU) locks the MTU. */
export const RTAX_LOCK_NAMES: Readonly<Record<number, string>> = {
  [1 << RTAX_MTU]: 'RTAX_MTU',
  [1 << RTAX_WINDOW]: 'RTAX_WINDOW',
  [1 << RTAX_RTT]: 'RTAX_RTT',
  [1 << RTAX_RTTVAR]: 'RTAX_RTTVAR',
  [1 << RTAX_SSTHRESH]: 'RTAX_SSTHRESH',
  [1 << RTAX_CWND]: 'RTAX_CWND',
  [1 << RTAX_ADVMSS]: 'RTAX_ADVMSS',
  [1 << RTAX_REORDERING]: 'RTAX_REORDERING',
  [1 << RTAX_HOPLIMIT]: 'RTAX_HOPLIMIT',
  [1 << RTAX_INITCWND]: 'RTAX_INITCWND',
  [1 << RTAX_FEATURES]: 'RTAX_FEATURES',
  [1 << RTAX_RTO_MIN]: 'RTAX_RTO_MIN',
  [1 << RTAX_INITRWND]: 'RTAX_INITRWND',
  [1 << RTAX_QUICKACK]: 'RTAX_QUICKACK',
  [1 << RTAX_CC_ALGO]: 'RTAX_CC_ALGO',
  [1 << RTAX_FASTOPEN_NO_COOKIE]: 'RTAX_FASTOPEN_NO_COOKIE',
}

// RTA_PREF: router preference (linux/icmpv6.h)
export const ICMPV6_ROUTER_PREF_LOW = 0x3
export const ICMPV6_ROUTER_PREF_MEDIUM = 0x0
export const ICMPV6_ROUTER_PREF_HIGH = 0x1
export const ICMPV6_ROUTER_PREF_INVALID = 0x2

export const ICMPV6_ROUTER_PREF_NAMES: Readonly<Record<number, string>> = namesOf({ ICMPV6_ROUTER_PREF_LOW, ICMPV6_ROUTER_PREF_MEDIUM, ICMPV6_ROUTER_PREF_HIGH, ICMPV6_ROUTER_PREF_INVALID })

// RTA_ENCAP_TYPE: enum lwtunnel_encap_types (linux/lwtunnel.h)
export const LWTUNNEL_ENCAP_NONE = 0
export const LWTUNNEL_ENCAP_MPLS = 1
export const LWTUNNEL_ENCAP_IP = 2
export const LWTUNNEL_ENCAP_ILA = 3
export const LWTUNNEL_ENCAP_IP6 = 4
export const LWTUNNEL_ENCAP_SEG6 = 5
export const LWTUNNEL_ENCAP_BPF = 6
export const LWTUNNEL_ENCAP_SEG6_LOCAL = 7
export const LWTUNNEL_ENCAP_RPL = 8
export const LWTUNNEL_ENCAP_IOAM6 = 9
export const LWTUNNEL_ENCAP_XFRM = 10

export const LWTUNNEL_ENCAP_NAMES: Readonly<Record<number, string>> = namesOf({ LWTUNNEL_ENCAP_NONE, LWTUNNEL_ENCAP_MPLS, LWTUNNEL_ENCAP_IP, LWTUNNEL_ENCAP_ILA, LWTUNNEL_ENCAP_IP6, LWTUNNEL_ENCAP_SEG6, LWTUNNEL_ENCAP_BPF, LWTUNNEL_ENCAP_SEG6_LOCAL, LWTUNNEL_ENCAP_RPL, LWTUNNEL_ENCAP_IOAM6, LWTUNNEL_ENCAP_XFRM })

/** struct rtmsg */
export const rtmsg = defineStruct('rtmsg', [
  ['rtmFamily', 'u8', { enumNames: AF_NAMES }],
  ['rtmDstLen', 'u8'],
  ['rtmSrcLen', 'u8'],
  ['rtmTos', 'u8'],
  ['rtmTable', 'u8', { enumNames: RT_TABLE_NAMES }],
  ['rtmProtocol', 'u8', { enumNames: RTPROT_NAMES }],
  ['rtmScope', 'u8', { enumNames: RT_SCOPE_NAMES }],
  ['rtmType', 'u8', { enumNames: RTN_NAMES }],
  ['rtmFlags', 'u32', { flagNames: RTM_F_NAMES }],
])

/** struct rta_cacheinfo (the kernel sends all eight fields; YNL lists the first five). */
export interface RtaCacheinfo {
  rtaClntref: number
  rtaLastuse: number
  /** Jiffies until the route expires, 0 if it does not (signed in the kernel's struct). */
  rtaExpires: number
  rtaError: number
  rtaUsed: number
  rtaId: number
  rtaTs: number
  rtaTsage: number
  tail?: Uint8Array
}

export const rtaCacheinfo = defineStruct<RtaCacheinfo>(
  'rta_cacheinfo',
  [
    ['rtaClntref', 'u32'],
    ['rtaLastuse', 'u32'],
    ['rtaExpires', 's32'],
    ['rtaError', 'u32'],
    ['rtaUsed', 'u32'],
    ['rtaId', 'u32'],
    ['rtaTs', 'u32'],
    ['rtaTsage', 'u32'],
  ],
  { growable: true },
)

/** struct rta_mfc_stats (multicast routes) */
export interface RtaMfcStats {
  mfcsPackets: bigint
  mfcsBytes: bigint
  mfcsWrongIf: bigint
  tail?: Uint8Array
}

export const rtaMfcStats = defineStruct<RtaMfcStats>(
  'rta_mfc_stats',
  [
    ['mfcsPackets', 'u64'],
    ['mfcsBytes', 'u64'],
    ['mfcsWrongIf', 'u64'],
  ],
  { growable: true },
)

/** struct rtvia: a gateway of another address family (IPv4 via IPv6, MPLS via IPv4 ...). */
export interface RtVia {
  /** AF_INET, AF_INET6, or another family (then the address stays bytes). */
  rtviaFamily: number
  rtviaAddr: string | Uint8Array
}

/** RTA_VIA: a u16 address family, then the address in that family's length. */
export const rtviaCodec: ValueCodec<RtVia> = {
  describe: 'struct rtvia',
  decode(d: Decoder, start: number, end: number): RtVia {
    if (end - start < 2) d.fail(`struct rtvia: expected at least 2 bytes, got ${end - start}`, start)
    const rtviaFamily = d.u16(start)
    const n = end - start - 2
    const a = start + 2
    let rtviaAddr: string | Uint8Array
    if (rtviaFamily === AF_INET && n === 4) rtviaAddr = formatIPv4(d.buf, a)
    else if (rtviaFamily === AF_INET6 && n === 16) rtviaAddr = formatIPv6(d.buf, a)
    else rtviaAddr = d.copy(a, end)
    return { rtviaFamily, rtviaAddr }
  },
  encode(w: Writer, v: RtVia): void {
    w.path.push('rtviaFamily')
    w.u16(v.rtviaFamily)
    w.path.pop()
    const a = v.rtviaAddr
    if (a instanceof Uint8Array) return w.bytes(a)
    const b = v.rtviaFamily === AF_INET ? parseIPv4(a) : v.rtviaFamily === AF_INET6 ? parseIPv6(a) : null
    if (b === null) w.fail(`rtviaAddr: '${a}' is not an address of family ${v.rtviaFamily}; give other families as bytes`)
    w.bytes(b)
  },
}

export const metricsAttrs = defineAttrs('metrics', 'RTAX_', [
  // Bit (1 << RTAX_x) set: metric x is locked (`ip route ... mtu lock 1400`).
  [RTAX_LOCK, 'RTAX_LOCK', 'u32', { flagNames: RTAX_LOCK_NAMES }],
  [RTAX_MTU, 'RTAX_MTU', 'u32'],
  [RTAX_WINDOW, 'RTAX_WINDOW', 'u32'],
  [RTAX_RTT, 'RTAX_RTT', 'u32'],
  [RTAX_RTTVAR, 'RTAX_RTTVAR', 'u32'],
  [RTAX_SSTHRESH, 'RTAX_SSTHRESH', 'u32'],
  [RTAX_CWND, 'RTAX_CWND', 'u32'],
  [RTAX_ADVMSS, 'RTAX_ADVMSS', 'u32'],
  [RTAX_REORDERING, 'RTAX_REORDERING', 'u32'],
  [RTAX_HOPLIMIT, 'RTAX_HOPLIMIT', 'u32'],
  [RTAX_INITCWND, 'RTAX_INITCWND', 'u32'],
  // RTAX_FEATURE_*
  [RTAX_FEATURES, 'RTAX_FEATURES', 'u32', { flagNames: RTAX_FEATURE_NAMES }],
  [RTAX_RTO_MIN, 'RTAX_RTO_MIN', 'u32'],
  [RTAX_INITRWND, 'RTAX_INITRWND', 'u32'],
  [RTAX_QUICKACK, 'RTAX_QUICKACK', 'u32'],
  // iproute2 writes the congestion control name without its NUL (`congctl reno`: rta_addattr_l(...,
  // strlen(name))); the kernel's own route messages end it with one (nla_put_string).
  [RTAX_CC_ALGO, 'RTAX_CC_ALGO', 'string', { noNulInRequests: true }],
  [RTAX_FASTOPEN_NO_COOKIE, 'RTAX_FASTOPEN_NO_COOKIE', 'u32'],
])

/** RTA_METRICS */
export type RouteMetrics = AttrValue<typeof metricsAttrs>

/** The RTA_* attributes of a route (also those following each struct rtnexthop). */
export type RouteAttrs = AttrValue<typeof routeAttrs>

/** One path of a multipath route: struct rtnexthop and its attributes (gateway, via, encap ...). */
export interface RouteNexthop extends RouteAttrs {
  /** RTNH_F_* */
  rtnhFlags: number
  /** The path's weight minus one. */
  rtnhHops: number
  rtnhIfindex: number
}

/** struct rtnexthop after its rtnh_len (which the array reads and writes). */
export const rtnexthop = defineStruct('rtnexthop', [
  ['rtnhFlags', 'u8', { flagNames: RTNH_F_NAMES }],
  ['rtnhHops', 'u8'],
  ['rtnhIfindex', 's32'],
])

/**
 * RTA_MULTIPATH: struct rtnexthop { u16 rtnh_len; u8 rtnh_flags; u8 rtnh_hops; s32 rtnh_ifindex }
 * back to back, each followed by RTA_* attributes; rtnh_len covers both, and each rtnexthop starts
 * 4-byte aligned.
 */
export const multipathCodec: ValueCodec<RouteNexthop[]> = new HeaderAttrsArray<RouteNexthop>(
  { struct: 'rtnexthop', length: 'rtnh_len', parent: 'RTA_MULTIPATH', items: 'nexthops' },
  rtnexthop as StructCodec,
  () => routeAttrs,
)

export const routeAttrs = defineAttrs('route-attrs', 'RTA_', [
  [RTA_DST, 'RTA_DST', 'ipaddr'],
  [RTA_SRC, 'RTA_SRC', 'ipaddr'],
  [RTA_IIF, 'RTA_IIF', 'u32'],
  [RTA_OIF, 'RTA_OIF', 'u32'],
  [RTA_GATEWAY, 'RTA_GATEWAY', 'ipaddr'],
  [RTA_PRIORITY, 'RTA_PRIORITY', 'u32'],
  [RTA_PREFSRC, 'RTA_PREFSRC', 'ipaddr'],
  [RTA_METRICS, 'RTA_METRICS', 'nest', { nest: metricsAttrs }],
  [RTA_MULTIPATH, 'RTA_MULTIPATH', multipathCodec],
  [RTA_PROTOINFO, 'RTA_PROTOINFO', 'binary'],
  [RTA_FLOW, 'RTA_FLOW', 'u32'],
  [RTA_CACHEINFO, 'RTA_CACHEINFO', rtaCacheinfo],
  [RTA_SESSION, 'RTA_SESSION', 'binary'],
  [RTA_MP_ALGO, 'RTA_MP_ALGO', 'binary'],
  // Table id; needed for ids above 255, which rtm_table cannot hold.
  [RTA_TABLE, 'RTA_TABLE', 'u32', { enumNames: RT_TABLE_NAMES }],
  [RTA_MARK, 'RTA_MARK', 'u32'],
  [RTA_MFC_STATS, 'RTA_MFC_STATS', rtaMfcStats],
  [RTA_VIA, 'RTA_VIA', rtviaCodec],
  // MPLS label stack, as sent.
  [RTA_NEWDST, 'RTA_NEWDST', 'binary'],
  // ICMPV6_ROUTER_PREF_*
  [RTA_PREF, 'RTA_PREF', 'u8', { enumNames: ICMPV6_ROUTER_PREF_NAMES }],
  // LWTUNNEL_ENCAP_*
  [RTA_ENCAP_TYPE, 'RTA_ENCAP_TYPE', 'u16', { enumNames: LWTUNNEL_ENCAP_NAMES }],
  // iproute2 opens RTA_ENCAP as a nest (NLA_F_NESTED); its content depends on RTA_ENCAP_TYPE.
  // The tunnel-specific nest selected by encapType, as sent.
  [RTA_ENCAP, 'RTA_ENCAP', 'binary', { nestedFlag: true }],
  [RTA_EXPIRES, 'RTA_EXPIRES', 'u32'],
  [RTA_PAD, 'RTA_PAD', 'binary'],
  [RTA_UID, 'RTA_UID', 'u32'],
  [RTA_TTL_PROPAGATE, 'RTA_TTL_PROPAGATE', 'u8'],
  [RTA_IP_PROTO, 'RTA_IP_PROTO', 'u8'],
  // Ports travel in network byte order (the kernel reads them with nla_get_be16).
  [RTA_SPORT, 'RTA_SPORT', 'be16'],
  [RTA_DPORT, 'RTA_DPORT', 'be16'],
  [RTA_NH_ID, 'RTA_NH_ID', 'u32'],
  // IPv6 flow label, as the number on the wire (big-endian).
  [RTA_FLOWLABEL, 'RTA_FLOWLABEL', 'be32'],
])

/** A route message: struct rtmsg and the RTA_* attributes side by side. */
export interface RouteBody extends RouteAttrs {
  /** AF_INET, AF_INET6, AF_MPLS, RTNL_FAMILY_IPMR ... */
  rtmFamily: number
  rtmDstLen: number
  rtmSrcLen: number
  rtmTos: number
  /** RT_TABLE_* or a table id below 256 (RT_TABLE_UNSPEC and RTA_TABLE above that). */
  rtmTable: number
  /** RTPROT_* */
  rtmProtocol: number
  /** RT_SCOPE_* */
  rtmScope: number
  /** RTN_* */
  rtmType: number
  /** RTM_F_* */
  rtmFlags: number
}

export type RouteMessage = Message<RouteBody> & { type: typeof RTM_NEWROUTE | typeof RTM_DELROUTE | typeof RTM_GETROUTE }

export const routeBody = new FixedAttrsBody<RouteBody>('route', rtmsg, routeAttrs)

export const route = familyCodec<RouteMessage>([RTM_NEWROUTE, RTM_DELROUTE, RTM_GETROUTE], routeBody)
