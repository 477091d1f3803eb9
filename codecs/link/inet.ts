// IFLA_AF_SPEC > AF_INET: the IPv4 per-interface settings (IFLA_INET_*, linux/if_link.h) and the
// IPV4_DEVCONF_* numbering of net/ipv4/conf/IF/* (linux/ip.h). Kernel 6.1 and 6.18 have the same
// 33 values.
import { type RawAttr, defineAttrs } from '../core/attrs.js'
import { devconfCodec } from './devconf.js'

export const IFLA_INET_UNSPEC = 0
export const IFLA_INET_CONF = 1

export const IPV4_DEVCONF_FORWARDING = 1
export const IPV4_DEVCONF_MC_FORWARDING = 2
export const IPV4_DEVCONF_PROXY_ARP = 3
export const IPV4_DEVCONF_ACCEPT_REDIRECTS = 4
export const IPV4_DEVCONF_SECURE_REDIRECTS = 5
export const IPV4_DEVCONF_SEND_REDIRECTS = 6
export const IPV4_DEVCONF_SHARED_MEDIA = 7
export const IPV4_DEVCONF_RP_FILTER = 8
export const IPV4_DEVCONF_ACCEPT_SOURCE_ROUTE = 9
export const IPV4_DEVCONF_BOOTP_RELAY = 10
export const IPV4_DEVCONF_LOG_MARTIANS = 11
export const IPV4_DEVCONF_TAG = 12
export const IPV4_DEVCONF_ARPFILTER = 13
export const IPV4_DEVCONF_MEDIUM_ID = 14
export const IPV4_DEVCONF_NOXFRM = 15
export const IPV4_DEVCONF_NOPOLICY = 16
export const IPV4_DEVCONF_FORCE_IGMP_VERSION = 17
export const IPV4_DEVCONF_ARP_ANNOUNCE = 18
export const IPV4_DEVCONF_ARP_IGNORE = 19
export const IPV4_DEVCONF_PROMOTE_SECONDARIES = 20
export const IPV4_DEVCONF_ARP_ACCEPT = 21
export const IPV4_DEVCONF_ARP_NOTIFY = 22
export const IPV4_DEVCONF_ACCEPT_LOCAL = 23
export const IPV4_DEVCONF_SRC_VMARK = 24
export const IPV4_DEVCONF_PROXY_ARP_PVLAN = 25
export const IPV4_DEVCONF_ROUTE_LOCALNET = 26
export const IPV4_DEVCONF_IGMPV2_UNSOLICITED_REPORT_INTERVAL = 27
export const IPV4_DEVCONF_IGMPV3_UNSOLICITED_REPORT_INTERVAL = 28
export const IPV4_DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN = 29
export const IPV4_DEVCONF_DROP_UNICAST_IN_L2_MULTICAST = 30
export const IPV4_DEVCONF_DROP_GRATUITOUS_ARP = 31
export const IPV4_DEVCONF_BC_FORWARDING = 32
export const IPV4_DEVCONF_ARP_EVICT_NOCARRIER = 33

/** The per-interface IPv4 sysctls (net/ipv4/conf/IF/*), keyed by their sysctl names in camelCase. */
export interface Ipv4Devconf {
  forwarding?: number
  mcForwarding?: number
  proxyArp?: number
  acceptRedirects?: number
  secureRedirects?: number
  sendRedirects?: number
  sharedMedia?: number
  rpFilter?: number
  acceptSourceRoute?: number
  bootpRelay?: number
  logMartians?: number
  tag?: number
  arpfilter?: number
  mediumId?: number
  noxfrm?: number
  nopolicy?: number
  forceIgmpVersion?: number
  arpAnnounce?: number
  arpIgnore?: number
  promoteSecondaries?: number
  arpAccept?: number
  arpNotify?: number
  acceptLocal?: number
  srcVmark?: number
  proxyArpPvlan?: number
  routeLocalnet?: number
  igmpv2UnsolicitedReportInterval?: number
  igmpv3UnsolicitedReportInterval?: number
  ignoreRoutesWithLinkdown?: number
  dropUnicastInL2Multicast?: number
  dropGratuitousArp?: number
  bcForwarding?: number
  arpEvictNocarrier?: number
  /** Values past IPV4_DEVCONF_ARP_EVICT_NOCARRIER (a newer kernel): type = devconf number, data = 4 bytes. */
  unknown?: RawAttr[]
}

/** IFLA_INET_CONF as a request nests it: one u32 attribute per value, typed by devconf number. */
export const ipv4DevconfAttrs = defineAttrs('ipv4-devconf', 'IPV4_DEVCONF_', [
  [IPV4_DEVCONF_FORWARDING, 'IPV4_DEVCONF_FORWARDING', 'u32'],
  [IPV4_DEVCONF_MC_FORWARDING, 'IPV4_DEVCONF_MC_FORWARDING', 'u32'],
  [IPV4_DEVCONF_PROXY_ARP, 'IPV4_DEVCONF_PROXY_ARP', 'u32'],
  [IPV4_DEVCONF_ACCEPT_REDIRECTS, 'IPV4_DEVCONF_ACCEPT_REDIRECTS', 'u32'],
  [IPV4_DEVCONF_SECURE_REDIRECTS, 'IPV4_DEVCONF_SECURE_REDIRECTS', 'u32'],
  [IPV4_DEVCONF_SEND_REDIRECTS, 'IPV4_DEVCONF_SEND_REDIRECTS', 'u32'],
  [IPV4_DEVCONF_SHARED_MEDIA, 'IPV4_DEVCONF_SHARED_MEDIA', 'u32'],
  [IPV4_DEVCONF_RP_FILTER, 'IPV4_DEVCONF_RP_FILTER', 'u32'],
  [IPV4_DEVCONF_ACCEPT_SOURCE_ROUTE, 'IPV4_DEVCONF_ACCEPT_SOURCE_ROUTE', 'u32'],
  [IPV4_DEVCONF_BOOTP_RELAY, 'IPV4_DEVCONF_BOOTP_RELAY', 'u32'],
  [IPV4_DEVCONF_LOG_MARTIANS, 'IPV4_DEVCONF_LOG_MARTIANS', 'u32'],
  [IPV4_DEVCONF_TAG, 'IPV4_DEVCONF_TAG', 'u32'],
  [IPV4_DEVCONF_ARPFILTER, 'IPV4_DEVCONF_ARPFILTER', 'u32'],
  [IPV4_DEVCONF_MEDIUM_ID, 'IPV4_DEVCONF_MEDIUM_ID', 'u32'],
  [IPV4_DEVCONF_NOXFRM, 'IPV4_DEVCONF_NOXFRM', 'u32'],
  [IPV4_DEVCONF_NOPOLICY, 'IPV4_DEVCONF_NOPOLICY', 'u32'],
  [IPV4_DEVCONF_FORCE_IGMP_VERSION, 'IPV4_DEVCONF_FORCE_IGMP_VERSION', 'u32'],
  [IPV4_DEVCONF_ARP_ANNOUNCE, 'IPV4_DEVCONF_ARP_ANNOUNCE', 'u32'],
  [IPV4_DEVCONF_ARP_IGNORE, 'IPV4_DEVCONF_ARP_IGNORE', 'u32'],
  [IPV4_DEVCONF_PROMOTE_SECONDARIES, 'IPV4_DEVCONF_PROMOTE_SECONDARIES', 'u32'],
  [IPV4_DEVCONF_ARP_ACCEPT, 'IPV4_DEVCONF_ARP_ACCEPT', 'u32'],
  [IPV4_DEVCONF_ARP_NOTIFY, 'IPV4_DEVCONF_ARP_NOTIFY', 'u32'],
  [IPV4_DEVCONF_ACCEPT_LOCAL, 'IPV4_DEVCONF_ACCEPT_LOCAL', 'u32'],
  [IPV4_DEVCONF_SRC_VMARK, 'IPV4_DEVCONF_SRC_VMARK', 'u32'],
  [IPV4_DEVCONF_PROXY_ARP_PVLAN, 'IPV4_DEVCONF_PROXY_ARP_PVLAN', 'u32'],
  [IPV4_DEVCONF_ROUTE_LOCALNET, 'IPV4_DEVCONF_ROUTE_LOCALNET', 'u32'],
  [IPV4_DEVCONF_IGMPV2_UNSOLICITED_REPORT_INTERVAL, 'IPV4_DEVCONF_IGMPV2_UNSOLICITED_REPORT_INTERVAL', 'u32'],
  [IPV4_DEVCONF_IGMPV3_UNSOLICITED_REPORT_INTERVAL, 'IPV4_DEVCONF_IGMPV3_UNSOLICITED_REPORT_INTERVAL', 'u32'],
  [IPV4_DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN, 'IPV4_DEVCONF_IGNORE_ROUTES_WITH_LINKDOWN', 'u32'],
  [IPV4_DEVCONF_DROP_UNICAST_IN_L2_MULTICAST, 'IPV4_DEVCONF_DROP_UNICAST_IN_L2_MULTICAST', 'u32'],
  [IPV4_DEVCONF_DROP_GRATUITOUS_ARP, 'IPV4_DEVCONF_DROP_GRATUITOUS_ARP', 'u32'],
  [IPV4_DEVCONF_BC_FORWARDING, 'IPV4_DEVCONF_BC_FORWARDING', 'u32'],
  [IPV4_DEVCONF_ARP_EVICT_NOCARRIER, 'IPV4_DEVCONF_ARP_EVICT_NOCARRIER', 'u32'],
])

/** IFLA_INET_CONF: the u32 array the kernel sends, or the nest a request writes (see devconf.ts). */
export const ipv4DevconfCodec = devconfCodec<Ipv4Devconf>({
  name: 'IFLA_INET_CONF',
  set: ipv4DevconfAttrs,
  first: IPV4_DEVCONF_FORWARDING,
  signed: false,
  nestedInRequests: true,
})

export interface InetAttrs {
  conf?: Ipv4Devconf
  unknown?: RawAttr[]
}

export const inetAttrs = defineAttrs('ifla-attrs', 'IFLA_INET_', [[IFLA_INET_CONF, 'IFLA_INET_CONF', ipv4DevconfCodec]])
