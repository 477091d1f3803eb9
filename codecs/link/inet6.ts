// IFLA_AF_SPEC > AF_INET6 and IFLA_PROTINFO of AF_INET6 messages: the IPv6 per-interface state
// (IFLA_INET6_*, linux/if_link.h) and the DEVCONF_* numbering of net/ipv6/conf/IF/*
// (linux/ipv6.h). Kernel 6.18 sends 60 devconf values (DEVCONF_FORCE_FORWARDING is new in 6.17).
import { type RawAttr, defineAttrs } from '../core/attrs.js'
import { arrayOf, defineStruct } from '../core/struct.js'
import { devconfCodec } from './devconf.js'

export const IFLA_INET6_UNSPEC = 0
export const IFLA_INET6_FLAGS = 1
export const IFLA_INET6_CONF = 2
export const IFLA_INET6_STATS = 3
export const IFLA_INET6_MCAST = 4
export const IFLA_INET6_CACHEINFO = 5
export const IFLA_INET6_ICMP6STATS = 6
export const IFLA_INET6_TOKEN = 7
export const IFLA_INET6_ADDR_GEN_MODE = 8
export const IFLA_INET6_RA_MTU = 9

// IFLA_INET6_ADDR_GEN_MODE (u8)
export const IN6_ADDR_GEN_MODE_EUI64 = 0
export const IN6_ADDR_GEN_MODE_NONE = 1
export const IN6_ADDR_GEN_MODE_STABLE_PRIVACY = 2
export const IN6_ADDR_GEN_MODE_RANDOM = 3

export const IN6_ADDR_GEN_MODE_NAMES: Readonly<Record<number, string>> = {
  [IN6_ADDR_GEN_MODE_EUI64]: 'eui64',
  [IN6_ADDR_GEN_MODE_NONE]: 'none',
  [IN6_ADDR_GEN_MODE_STABLE_PRIVACY]: 'stable_secret',
  [IN6_ADDR_GEN_MODE_RANDOM]: 'random',
}

export const DEVCONF_FORWARDING = 0
export const DEVCONF_HOPLIMIT = 1
export const DEVCONF_MTU6 = 2
export const DEVCONF_ACCEPT_RA = 3
export const DEVCONF_ACCEPT_REDIRECTS = 4
export const DEVCONF_AUTOCONF = 5
export const DEVCONF_DAD_TRANSMITS = 6
export const DEVCONF_RTR_SOLICITS = 7
export const DEVCONF_RTR_SOLICIT_INTERVAL = 8
export const DEVCONF_RTR_SOLICIT_DELAY = 9
export const DEVCONF_USE_TEMPADDR = 10
export const DEVCONF_TEMP_VALID_LFT = 11
export const DEVCONF_TEMP_PREFERED_LFT = 12
export const DEVCONF_REGEN_MAX_RETRY = 13
export const DEVCONF_MAX_DESYNC_FACTOR = 14
export const DEVCONF_MAX_ADDRESSES = 15
export const DEVCONF_FORCE_MLD_VERSION = 16
export const DEVCONF_ACCEPT_RA_DEFRTR = 17
export const DEVCONF_ACCEPT_RA_PINFO = 18
export const DEVCONF_ACCEPT_RA_RTR_PREF = 19
export const DEVCONF_RTR_PROBE_INTERVAL = 20
export const DEVCONF_ACCEPT_RA_RT_INFO_MAX_PLEN = 21
export const DEVCONF_PROXY_NDP = 22
export const DEVCONF_OPTIMISTIC_DAD = 23
export const DEVCONF_ACCEPT_SOURCE_ROUTE = 24
export const DEVCONF_MC_FORWARDING = 25
export const DEVCONF_DISABLE_IPV6 = 26
export const DEVCONF_ACCEPT_DAD = 27
export const DEVCONF_FORCE_TLLAO = 28
export const DEVCONF_NDISC_NOTIFY = 29
export const DEVCONF_MLDV1_UNSOLICITED_REPORT_INTERVAL = 30
export const DEVCONF_MLDV2_UNSOLICITED_REPORT_INTERVAL = 31
export const DEVCONF_SUPPRESS_FRAG_NDISC = 32
export const DEVCONF_ACCEPT_RA_FROM_LOCAL = 33
export const DEVCONF_USE_OPTIMISTIC = 34
export const DEVCONF_ACCEPT_RA_MTU = 35
export const DEVCONF_STABLE_SECRET = 36
export const DEVCONF_USE_OIF_ADDRS_ONLY = 37
export const DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT = 38
export const DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN = 39
export const DEVCONF_DROP_UNICAST_IN_L2_MULTICAST = 40
export const DEVCONF_DROP_UNSOLICITED_NA = 41
export const DEVCONF_KEEP_ADDR_ON_DOWN = 42
export const DEVCONF_RTR_SOLICIT_MAX_INTERVAL = 43
export const DEVCONF_SEG6_ENABLED = 44
export const DEVCONF_SEG6_REQUIRE_HMAC = 45
export const DEVCONF_ENHANCED_DAD = 46
export const DEVCONF_ADDR_GEN_MODE = 47
export const DEVCONF_DISABLE_POLICY = 48
export const DEVCONF_ACCEPT_RA_RT_INFO_MIN_PLEN = 49
export const DEVCONF_NDISC_TCLASS = 50
export const DEVCONF_RPL_SEG_ENABLED = 51
export const DEVCONF_RA_DEFRTR_METRIC = 52
export const DEVCONF_IOAM6_ENABLED = 53
export const DEVCONF_IOAM6_ID = 54
export const DEVCONF_IOAM6_ID_WIDE = 55
export const DEVCONF_NDISC_EVICT_NOCARRIER = 56
export const DEVCONF_ACCEPT_UNTRACKED_NA = 57
export const DEVCONF_ACCEPT_RA_MIN_LFT = 58
export const DEVCONF_FORCE_FORWARDING = 59 // 6.17 (not in the 6.1 headers)

/** The per-interface IPv6 sysctls (net/ipv6/conf/IF/*), keyed by their sysctl names in camelCase. */
export interface Ipv6Devconf {
  forwarding?: number
  hoplimit?: number
  mtu6?: number
  acceptRa?: number
  acceptRedirects?: number
  autoconf?: number
  dadTransmits?: number
  rtrSolicits?: number
  rtrSolicitInterval?: number
  rtrSolicitDelay?: number
  useTempaddr?: number
  tempValidLft?: number
  tempPreferedLft?: number
  regenMaxRetry?: number
  maxDesyncFactor?: number
  maxAddresses?: number
  forceMldVersion?: number
  acceptRaDefrtr?: number
  acceptRaPinfo?: number
  acceptRaRtrPref?: number
  rtrProbeInterval?: number
  acceptRaRtInfoMaxPlen?: number
  proxyNdp?: number
  optimisticDad?: number
  acceptSourceRoute?: number
  mcForwarding?: number
  disableIpv6?: number
  acceptDad?: number
  forceTllao?: number
  ndiscNotify?: number
  mldv1UnsolicitedReportInterval?: number
  mldv2UnsolicitedReportInterval?: number
  suppressFragNdisc?: number
  acceptRaFromLocal?: number
  useOptimistic?: number
  acceptRaMtu?: number
  stableSecret?: number
  useOifAddrsOnly?: number
  acceptRaMinHopLimit?: number
  ignoreRoutesWithLinkdown?: number
  dropUnicastInL2Multicast?: number
  dropUnsolicitedNa?: number
  keepAddrOnDown?: number
  rtrSolicitMaxInterval?: number
  seg6Enabled?: number
  seg6RequireHmac?: number
  enhancedDad?: number
  addrGenMode?: number
  disablePolicy?: number
  acceptRaRtInfoMinPlen?: number
  ndiscTclass?: number
  rplSegEnabled?: number
  raDefrtrMetric?: number
  ioam6Enabled?: number
  ioam6Id?: number
  ioam6IdWide?: number
  ndiscEvictNocarrier?: number
  acceptUntrackedNa?: number
  acceptRaMinLft?: number
  forceForwarding?: number
  /** Values past DEVCONF_FORCE_FORWARDING (a newer kernel): type = devconf number, data = 4 bytes. */
  unknown?: RawAttr[]
}

/** The DEVCONF_* numbering as a table (names and keys; the kernel never nests IPv6 devconf). */
export const ipv6DevconfAttrs = defineAttrs('ipv6-devconf', 'DEVCONF_', [
  [DEVCONF_FORWARDING, 'DEVCONF_FORWARDING', 's32'],
  [DEVCONF_HOPLIMIT, 'DEVCONF_HOPLIMIT', 's32'],
  [DEVCONF_MTU6, 'DEVCONF_MTU6', 's32'],
  [DEVCONF_ACCEPT_RA, 'DEVCONF_ACCEPT_RA', 's32'],
  [DEVCONF_ACCEPT_REDIRECTS, 'DEVCONF_ACCEPT_REDIRECTS', 's32'],
  [DEVCONF_AUTOCONF, 'DEVCONF_AUTOCONF', 's32'],
  [DEVCONF_DAD_TRANSMITS, 'DEVCONF_DAD_TRANSMITS', 's32'],
  [DEVCONF_RTR_SOLICITS, 'DEVCONF_RTR_SOLICITS', 's32'],
  [DEVCONF_RTR_SOLICIT_INTERVAL, 'DEVCONF_RTR_SOLICIT_INTERVAL', 's32'],
  [DEVCONF_RTR_SOLICIT_DELAY, 'DEVCONF_RTR_SOLICIT_DELAY', 's32'],
  [DEVCONF_USE_TEMPADDR, 'DEVCONF_USE_TEMPADDR', 's32'],
  [DEVCONF_TEMP_VALID_LFT, 'DEVCONF_TEMP_VALID_LFT', 's32'],
  [DEVCONF_TEMP_PREFERED_LFT, 'DEVCONF_TEMP_PREFERED_LFT', 's32'],
  [DEVCONF_REGEN_MAX_RETRY, 'DEVCONF_REGEN_MAX_RETRY', 's32'],
  [DEVCONF_MAX_DESYNC_FACTOR, 'DEVCONF_MAX_DESYNC_FACTOR', 's32'],
  [DEVCONF_MAX_ADDRESSES, 'DEVCONF_MAX_ADDRESSES', 's32'],
  [DEVCONF_FORCE_MLD_VERSION, 'DEVCONF_FORCE_MLD_VERSION', 's32'],
  [DEVCONF_ACCEPT_RA_DEFRTR, 'DEVCONF_ACCEPT_RA_DEFRTR', 's32'],
  [DEVCONF_ACCEPT_RA_PINFO, 'DEVCONF_ACCEPT_RA_PINFO', 's32'],
  [DEVCONF_ACCEPT_RA_RTR_PREF, 'DEVCONF_ACCEPT_RA_RTR_PREF', 's32'],
  [DEVCONF_RTR_PROBE_INTERVAL, 'DEVCONF_RTR_PROBE_INTERVAL', 's32'],
  [DEVCONF_ACCEPT_RA_RT_INFO_MAX_PLEN, 'DEVCONF_ACCEPT_RA_RT_INFO_MAX_PLEN', 's32'],
  [DEVCONF_PROXY_NDP, 'DEVCONF_PROXY_NDP', 's32'],
  [DEVCONF_OPTIMISTIC_DAD, 'DEVCONF_OPTIMISTIC_DAD', 's32'],
  [DEVCONF_ACCEPT_SOURCE_ROUTE, 'DEVCONF_ACCEPT_SOURCE_ROUTE', 's32'],
  [DEVCONF_MC_FORWARDING, 'DEVCONF_MC_FORWARDING', 's32'],
  [DEVCONF_DISABLE_IPV6, 'DEVCONF_DISABLE_IPV6', 's32'],
  [DEVCONF_ACCEPT_DAD, 'DEVCONF_ACCEPT_DAD', 's32'],
  [DEVCONF_FORCE_TLLAO, 'DEVCONF_FORCE_TLLAO', 's32'],
  [DEVCONF_NDISC_NOTIFY, 'DEVCONF_NDISC_NOTIFY', 's32'],
  [DEVCONF_MLDV1_UNSOLICITED_REPORT_INTERVAL, 'DEVCONF_MLDV1_UNSOLICITED_REPORT_INTERVAL', 's32'],
  [DEVCONF_MLDV2_UNSOLICITED_REPORT_INTERVAL, 'DEVCONF_MLDV2_UNSOLICITED_REPORT_INTERVAL', 's32'],
  [DEVCONF_SUPPRESS_FRAG_NDISC, 'DEVCONF_SUPPRESS_FRAG_NDISC', 's32'],
  [DEVCONF_ACCEPT_RA_FROM_LOCAL, 'DEVCONF_ACCEPT_RA_FROM_LOCAL', 's32'],
  [DEVCONF_USE_OPTIMISTIC, 'DEVCONF_USE_OPTIMISTIC', 's32'],
  [DEVCONF_ACCEPT_RA_MTU, 'DEVCONF_ACCEPT_RA_MTU', 's32'],
  [DEVCONF_STABLE_SECRET, 'DEVCONF_STABLE_SECRET', 's32'],
  [DEVCONF_USE_OIF_ADDRS_ONLY, 'DEVCONF_USE_OIF_ADDRS_ONLY', 's32'],
  [DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT, 'DEVCONF_ACCEPT_RA_MIN_HOP_LIMIT', 's32'],
  [DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN, 'DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN', 's32'],
  [DEVCONF_DROP_UNICAST_IN_L2_MULTICAST, 'DEVCONF_DROP_UNICAST_IN_L2_MULTICAST', 's32'],
  [DEVCONF_DROP_UNSOLICITED_NA, 'DEVCONF_DROP_UNSOLICITED_NA', 's32'],
  [DEVCONF_KEEP_ADDR_ON_DOWN, 'DEVCONF_KEEP_ADDR_ON_DOWN', 's32'],
  [DEVCONF_RTR_SOLICIT_MAX_INTERVAL, 'DEVCONF_RTR_SOLICIT_MAX_INTERVAL', 's32'],
  [DEVCONF_SEG6_ENABLED, 'DEVCONF_SEG6_ENABLED', 's32'],
  [DEVCONF_SEG6_REQUIRE_HMAC, 'DEVCONF_SEG6_REQUIRE_HMAC', 's32'],
  [DEVCONF_ENHANCED_DAD, 'DEVCONF_ENHANCED_DAD', 's32'],
  [DEVCONF_ADDR_GEN_MODE, 'DEVCONF_ADDR_GEN_MODE', 's32'],
  [DEVCONF_DISABLE_POLICY, 'DEVCONF_DISABLE_POLICY', 's32'],
  [DEVCONF_ACCEPT_RA_RT_INFO_MIN_PLEN, 'DEVCONF_ACCEPT_RA_RT_INFO_MIN_PLEN', 's32'],
  [DEVCONF_NDISC_TCLASS, 'DEVCONF_NDISC_TCLASS', 's32'],
  [DEVCONF_RPL_SEG_ENABLED, 'DEVCONF_RPL_SEG_ENABLED', 's32'],
  [DEVCONF_RA_DEFRTR_METRIC, 'DEVCONF_RA_DEFRTR_METRIC', 's32'],
  [DEVCONF_IOAM6_ENABLED, 'DEVCONF_IOAM6_ENABLED', 's32'],
  [DEVCONF_IOAM6_ID, 'DEVCONF_IOAM6_ID', 's32'],
  [DEVCONF_IOAM6_ID_WIDE, 'DEVCONF_IOAM6_ID_WIDE', 's32'],
  [DEVCONF_NDISC_EVICT_NOCARRIER, 'DEVCONF_NDISC_EVICT_NOCARRIER', 's32'],
  [DEVCONF_ACCEPT_UNTRACKED_NA, 'DEVCONF_ACCEPT_UNTRACKED_NA', 's32'],
  [DEVCONF_ACCEPT_RA_MIN_LFT, 'DEVCONF_ACCEPT_RA_MIN_LFT', 's32'],
  [DEVCONF_FORCE_FORWARDING, 'DEVCONF_FORCE_FORWARDING', 's32'],
])

/** IFLA_INET6_CONF: the s32 array indexed by DEVCONF_* (in both directions). */
export const ipv6DevconfCodec = devconfCodec<Ipv6Devconf>({
  name: 'IFLA_INET6_CONF',
  set: ipv6DevconfAttrs,
  first: DEVCONF_FORWARDING,
  signed: true,
  nestedInRequests: false,
})

/** struct ifla_cacheinfo (times in milliseconds; tstamp in hundredths of a second since boot). */
export interface IflaCacheinfo {
  maxReasmLen: number
  tstamp: number
  reachableTime: number
  retransTime: number
  tail?: Uint8Array
}

export const iflaCacheinfo = defineStruct<IflaCacheinfo>(
  'ifla_cacheinfo',
  [
    ['maxReasmLen', 'u32'],
    ['tstamp', 'u32'],
    ['reachableTime', 'u32'],
    ['retransTime', 'u32'],
  ],
  { growable: true },
)

export interface Inet6Attrs {
  /** IF_RA_* / IF_READY bits (include/net/if_inet6.h). */
  flags?: number
  conf?: Ipv6Devconf
  /** IPSTATS_MIB_* counters; element 0 is their number. */
  stats?: bigint[]
  mcast?: Uint8Array
  cacheinfo?: IflaCacheinfo
  /** ICMP6_MIB_* counters; element 0 is their number. */
  icmp6stats?: bigint[]
  token?: string
  addrGenMode?: number
  raMtu?: number
  unknown?: RawAttr[]
}

export const inet6Attrs = defineAttrs('ifla6-attrs', 'IFLA_INET6_', [
  [IFLA_INET6_FLAGS, 'IFLA_INET6_FLAGS', 'u32'],
  [IFLA_INET6_CONF, 'IFLA_INET6_CONF', ipv6DevconfCodec],
  [IFLA_INET6_STATS, 'IFLA_INET6_STATS', arrayOf('u64', 'IFLA_INET6_STATS')],
  [IFLA_INET6_MCAST, 'IFLA_INET6_MCAST', 'binary'],
  [IFLA_INET6_CACHEINFO, 'IFLA_INET6_CACHEINFO', iflaCacheinfo],
  [IFLA_INET6_ICMP6STATS, 'IFLA_INET6_ICMP6STATS', arrayOf('u64', 'IFLA_INET6_ICMP6STATS')],
  [IFLA_INET6_TOKEN, 'IFLA_INET6_TOKEN', 'ipv6'],
  [IFLA_INET6_ADDR_GEN_MODE, 'IFLA_INET6_ADDR_GEN_MODE', 'u8', { enumNames: IN6_ADDR_GEN_MODE_NAMES }],
  [IFLA_INET6_RA_MTU, 'IFLA_INET6_RA_MTU', 'u32'],
])
