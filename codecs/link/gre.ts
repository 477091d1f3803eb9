// IFLA_GRE_*: GRE tunnels (gre, gretap, erspan over IPv4; ip6gre, ip6gretap, ip6erspan over
// IPv6), IFLA_LINKINFO > IFLA_INFO_DATA (include/uapi/linux/if_tunnel.h; types from ipgre_policy
// / ipgre_fill_info in net/ipv4/ip_gre.c and ip6gre_policy in net/ipv6/ip6_gre.c, kernel 6.18).
// One table serves both address families: LOCAL and REMOTE are 4 or 16 bytes (kind ipaddr);
// ENCAP_LIMIT, FLOWINFO and FLAGS are IPv6-only. No GRE module is loaded on the development
// machine; the tests use iproute2's requests.
import { type AttrValue, defineAttrs } from '../core/attrs.js'

/** IFLA_INFO_KIND values that carry IFLA_GRE_* data. */
export const GRE_KINDS = ['gre', 'gretap', 'erspan', 'ip6gre', 'ip6gretap', 'ip6erspan'] as const
export type GreKind = (typeof GRE_KINDS)[number]

export const IFLA_GRE_UNSPEC = 0
export const IFLA_GRE_LINK = 1
export const IFLA_GRE_IFLAGS = 2
export const IFLA_GRE_OFLAGS = 3
export const IFLA_GRE_IKEY = 4
export const IFLA_GRE_OKEY = 5
export const IFLA_GRE_LOCAL = 6
export const IFLA_GRE_REMOTE = 7
export const IFLA_GRE_TTL = 8
export const IFLA_GRE_TOS = 9
export const IFLA_GRE_PMTUDISC = 10
export const IFLA_GRE_ENCAP_LIMIT = 11
export const IFLA_GRE_FLOWINFO = 12
export const IFLA_GRE_FLAGS = 13
export const IFLA_GRE_ENCAP_TYPE = 14
export const IFLA_GRE_ENCAP_FLAGS = 15
export const IFLA_GRE_ENCAP_SPORT = 16
export const IFLA_GRE_ENCAP_DPORT = 17
export const IFLA_GRE_COLLECT_METADATA = 18
export const IFLA_GRE_IGNORE_DF = 19
export const IFLA_GRE_FWMARK = 20
export const IFLA_GRE_ERSPAN_INDEX = 21
export const IFLA_GRE_ERSPAN_VER = 22
export const IFLA_GRE_ERSPAN_DIR = 23
export const IFLA_GRE_ERSPAN_HWID = 24

// GRE header flag bits (linux/if_tunnel.h defines them as __cpu_to_be16(x); these are the values
// of the decoded big-endian IFLA_GRE_IFLAGS / IFLA_GRE_OFLAGS).
export const GRE_CSUM = 0x8000
export const GRE_ROUTING = 0x4000
export const GRE_KEY = 0x2000
export const GRE_SEQ = 0x1000
export const GRE_STRICT = 0x0800
export const GRE_REC = 0x0700
export const GRE_ACK = 0x0080
export const GRE_FLAGS = 0x0078
export const GRE_VERSION = 0x0007

// enum tunnel_encap_types (linux/if_tunnel.h): IFLA_GRE_ENCAP_TYPE
export const TUNNEL_ENCAP_NONE = 0
export const TUNNEL_ENCAP_FOU = 1
export const TUNNEL_ENCAP_GUE = 2
export const TUNNEL_ENCAP_MPLS = 3

// IFLA_GRE_ENCAP_FLAGS bits (linux/if_tunnel.h)
export const TUNNEL_ENCAP_FLAG_CSUM = 1 << 0
export const TUNNEL_ENCAP_FLAG_CSUM6 = 1 << 1
export const TUNNEL_ENCAP_FLAG_REMCSUM = 1 << 2

// IFLA_GRE_FLAGS bits of ip6gre (linux/ip6_tunnel.h)
export const IP6_TNL_F_IGN_ENCAP_LIMIT = 0x1
export const IP6_TNL_F_USE_ORIG_TCLASS = 0x2
export const IP6_TNL_F_USE_ORIG_FLOWLABEL = 0x4
export const IP6_TNL_F_MIP6_DEV = 0x8
export const IP6_TNL_F_RCV_DSCP_COPY = 0x10
export const IP6_TNL_F_USE_ORIG_FWMARK = 0x20
export const IP6_TNL_F_ALLOW_LOCAL_REMOTE = 0x40

/** Decoded IFLA_INFO_DATA of a GRE-family device (YNL linkinfo-gre-attrs / linkinfo-gre6-attrs). */
export type GreAttrs = AttrValue<typeof greAttrs>

const GRE_FLAG_NAMES = {
  [GRE_CSUM]: 'csum',
  [GRE_ROUTING]: 'routing',
  [GRE_KEY]: 'key',
  [GRE_SEQ]: 'seq',
  [GRE_STRICT]: 'strict',
  [GRE_ACK]: 'ack',
}

export const greAttrs = defineAttrs('linkinfo-gre-attrs', 'IFLA_GRE_', [
  // ifindex of the underlay device
  [IFLA_GRE_LINK, 'IFLA_GRE_LINK', 'u32'],
  // GRE_* bits, host value of the big-endian field
  [IFLA_GRE_IFLAGS, 'IFLA_GRE_IFLAGS', 'be16', { flagNames: GRE_FLAG_NAMES }],
  [IFLA_GRE_OFLAGS, 'IFLA_GRE_OFLAGS', 'be16', { flagNames: GRE_FLAG_NAMES }],
  // Keys, host value of the big-endian field
  [IFLA_GRE_IKEY, 'IFLA_GRE_IKEY', 'be32'],
  [IFLA_GRE_OKEY, 'IFLA_GRE_OKEY', 'be32'],
  [IFLA_GRE_LOCAL, 'IFLA_GRE_LOCAL', 'ipaddr'],
  [IFLA_GRE_REMOTE, 'IFLA_GRE_REMOTE', 'ipaddr'],
  [IFLA_GRE_TTL, 'IFLA_GRE_TTL', 'u8'],
  [IFLA_GRE_TOS, 'IFLA_GRE_TOS', 'u8'],
  [IFLA_GRE_PMTUDISC, 'IFLA_GRE_PMTUDISC', 'u8'],
  [IFLA_GRE_ENCAP_LIMIT, 'IFLA_GRE_ENCAP_LIMIT', 'u8'],
  // IPv6 flow info (traffic class and flow label), host value of the big-endian field
  [IFLA_GRE_FLOWINFO, 'IFLA_GRE_FLOWINFO', 'be32'],
  // IP6_TNL_F_*
  [
    IFLA_GRE_FLAGS,
    'IFLA_GRE_FLAGS',
    'u32',
    {
      flagNames: {
        [IP6_TNL_F_IGN_ENCAP_LIMIT]: 'ign_encap_limit',
        [IP6_TNL_F_USE_ORIG_TCLASS]: 'use_orig_tclass',
        [IP6_TNL_F_USE_ORIG_FLOWLABEL]: 'use_orig_flowlabel',
        [IP6_TNL_F_MIP6_DEV]: 'mip6_dev',
        [IP6_TNL_F_RCV_DSCP_COPY]: 'rcv_dscp_copy',
        [IP6_TNL_F_USE_ORIG_FWMARK]: 'use_orig_fwmark',
        [IP6_TNL_F_ALLOW_LOCAL_REMOTE]: 'allow_local_remote',
      },
    },
  ],
  // TUNNEL_ENCAP_*
  [
    IFLA_GRE_ENCAP_TYPE,
    'IFLA_GRE_ENCAP_TYPE',
    'u16',
    { enumNames: { [TUNNEL_ENCAP_NONE]: 'none', [TUNNEL_ENCAP_FOU]: 'fou', [TUNNEL_ENCAP_GUE]: 'gue', [TUNNEL_ENCAP_MPLS]: 'mpls' } },
  ],
  // TUNNEL_ENCAP_FLAG_*
  [
    IFLA_GRE_ENCAP_FLAGS,
    'IFLA_GRE_ENCAP_FLAGS',
    'u16',
    { flagNames: { [TUNNEL_ENCAP_FLAG_CSUM]: 'csum', [TUNNEL_ENCAP_FLAG_CSUM6]: 'csum6', [TUNNEL_ENCAP_FLAG_REMCSUM]: 'remcsum' } },
  ],
  [IFLA_GRE_ENCAP_SPORT, 'IFLA_GRE_ENCAP_SPORT', 'be16'],
  [IFLA_GRE_ENCAP_DPORT, 'IFLA_GRE_ENCAP_DPORT', 'be16'],
  [IFLA_GRE_COLLECT_METADATA, 'IFLA_GRE_COLLECT_METADATA', 'flag'],
  [IFLA_GRE_IGNORE_DF, 'IFLA_GRE_IGNORE_DF', 'u8'],
  [IFLA_GRE_FWMARK, 'IFLA_GRE_FWMARK', 'u32'],
  [IFLA_GRE_ERSPAN_INDEX, 'IFLA_GRE_ERSPAN_INDEX', 'u32'],
  [IFLA_GRE_ERSPAN_VER, 'IFLA_GRE_ERSPAN_VER', 'u8'],
  [IFLA_GRE_ERSPAN_DIR, 'IFLA_GRE_ERSPAN_DIR', 'u8'],
  [IFLA_GRE_ERSPAN_HWID, 'IFLA_GRE_ERSPAN_HWID', 'u16'],
])
