// rtnetlink message types and multicast groups (linux/rtnetlink.h of Linux 6.1, plus the
// multicast/anycast address messages and groups of 6.13+, seen from the running 6.18 kernel).

export const RTM_NEWLINK = 16
export const RTM_DELLINK = 17
export const RTM_GETLINK = 18
export const RTM_SETLINK = 19
export const RTM_NEWADDR = 20
export const RTM_DELADDR = 21
export const RTM_GETADDR = 22
export const RTM_NEWROUTE = 24
export const RTM_DELROUTE = 25
export const RTM_GETROUTE = 26
export const RTM_NEWNEIGH = 28
export const RTM_DELNEIGH = 29
export const RTM_GETNEIGH = 30
export const RTM_NEWRULE = 32
export const RTM_DELRULE = 33
export const RTM_GETRULE = 34
export const RTM_NEWQDISC = 36
export const RTM_DELQDISC = 37
export const RTM_GETQDISC = 38
export const RTM_NEWTCLASS = 40
export const RTM_DELTCLASS = 41
export const RTM_GETTCLASS = 42
export const RTM_NEWTFILTER = 44
export const RTM_DELTFILTER = 45
export const RTM_GETTFILTER = 46
export const RTM_NEWACTION = 48
export const RTM_DELACTION = 49
export const RTM_GETACTION = 50
export const RTM_NEWPREFIX = 52
export const RTM_NEWMULTICAST = 56
export const RTM_DELMULTICAST = 57
export const RTM_GETMULTICAST = 58
export const RTM_NEWANYCAST = 60
export const RTM_DELANYCAST = 61
export const RTM_GETANYCAST = 62
export const RTM_NEWNEIGHTBL = 64
export const RTM_GETNEIGHTBL = 66
export const RTM_SETNEIGHTBL = 67
export const RTM_NEWNDUSEROPT = 68
export const RTM_NEWADDRLABEL = 72
export const RTM_DELADDRLABEL = 73
export const RTM_GETADDRLABEL = 74
export const RTM_GETDCB = 78
export const RTM_SETDCB = 79
export const RTM_NEWNETCONF = 80
export const RTM_DELNETCONF = 81
export const RTM_GETNETCONF = 82
export const RTM_NEWMDB = 84
export const RTM_DELMDB = 85
export const RTM_GETMDB = 86
export const RTM_NEWNSID = 88
export const RTM_DELNSID = 89
export const RTM_GETNSID = 90
export const RTM_NEWSTATS = 92
export const RTM_GETSTATS = 94
export const RTM_SETSTATS = 95
export const RTM_NEWCACHEREPORT = 96
export const RTM_NEWCHAIN = 100
export const RTM_DELCHAIN = 101
export const RTM_GETCHAIN = 102
export const RTM_NEWNEXTHOP = 104
export const RTM_DELNEXTHOP = 105
export const RTM_GETNEXTHOP = 106
export const RTM_NEWLINKPROP = 108
export const RTM_DELLINKPROP = 109
export const RTM_GETLINKPROP = 110
export const RTM_NEWVLAN = 112
export const RTM_DELVLAN = 113
export const RTM_GETVLAN = 114
export const RTM_NEWNEXTHOPBUCKET = 116
export const RTM_DELNEXTHOPBUCKET = 117
export const RTM_GETNEXTHOPBUCKET = 118
export const RTM_NEWTUNNEL = 120
export const RTM_DELTUNNEL = 121
export const RTM_GETTUNNEL = 122

/** RTM_BASE: rtnetlink message types start here, in families of four (NEW, DEL, GET, SET). */
export const RTM_BASE = 16

// enum rtnl_kind (include/net/rtnetlink.h): a type's place in its family of four.
export const RTNL_KIND_NEW = 0
export const RTNL_KIND_DEL = 1
export const RTNL_KIND_GET = 2
export const RTNL_KIND_SET = 3
export const RTNL_KIND_MASK = 0x3

/** rtnl_msgtype_kind: RTNL_KIND_NEW for RTM_NEWLINK, RTNL_KIND_DEL for RTM_DELROUTE ... */
export function rtnlMsgtypeKind(type: number): number {
  return type & RTNL_KIND_MASK
}

/** Kernel names of the rtnetlink message types, by value. */
export const RTM_NAMES: Readonly<Record<number, string>> = {
  16: 'RTM_NEWLINK',
  17: 'RTM_DELLINK',
  18: 'RTM_GETLINK',
  19: 'RTM_SETLINK',
  20: 'RTM_NEWADDR',
  21: 'RTM_DELADDR',
  22: 'RTM_GETADDR',
  24: 'RTM_NEWROUTE',
  25: 'RTM_DELROUTE',
  26: 'RTM_GETROUTE',
  28: 'RTM_NEWNEIGH',
  29: 'RTM_DELNEIGH',
  30: 'RTM_GETNEIGH',
  32: 'RTM_NEWRULE',
  33: 'RTM_DELRULE',
  34: 'RTM_GETRULE',
  36: 'RTM_NEWQDISC',
  37: 'RTM_DELQDISC',
  38: 'RTM_GETQDISC',
  40: 'RTM_NEWTCLASS',
  41: 'RTM_DELTCLASS',
  42: 'RTM_GETTCLASS',
  44: 'RTM_NEWTFILTER',
  45: 'RTM_DELTFILTER',
  46: 'RTM_GETTFILTER',
  48: 'RTM_NEWACTION',
  49: 'RTM_DELACTION',
  50: 'RTM_GETACTION',
  52: 'RTM_NEWPREFIX',
  56: 'RTM_NEWMULTICAST',
  57: 'RTM_DELMULTICAST',
  58: 'RTM_GETMULTICAST',
  60: 'RTM_NEWANYCAST',
  61: 'RTM_DELANYCAST',
  62: 'RTM_GETANYCAST',
  64: 'RTM_NEWNEIGHTBL',
  66: 'RTM_GETNEIGHTBL',
  67: 'RTM_SETNEIGHTBL',
  68: 'RTM_NEWNDUSEROPT',
  72: 'RTM_NEWADDRLABEL',
  73: 'RTM_DELADDRLABEL',
  74: 'RTM_GETADDRLABEL',
  78: 'RTM_GETDCB',
  79: 'RTM_SETDCB',
  80: 'RTM_NEWNETCONF',
  81: 'RTM_DELNETCONF',
  82: 'RTM_GETNETCONF',
  84: 'RTM_NEWMDB',
  85: 'RTM_DELMDB',
  86: 'RTM_GETMDB',
  88: 'RTM_NEWNSID',
  89: 'RTM_DELNSID',
  90: 'RTM_GETNSID',
  92: 'RTM_NEWSTATS',
  94: 'RTM_GETSTATS',
  95: 'RTM_SETSTATS',
  96: 'RTM_NEWCACHEREPORT',
  100: 'RTM_NEWCHAIN',
  101: 'RTM_DELCHAIN',
  102: 'RTM_GETCHAIN',
  104: 'RTM_NEWNEXTHOP',
  105: 'RTM_DELNEXTHOP',
  106: 'RTM_GETNEXTHOP',
  108: 'RTM_NEWLINKPROP',
  109: 'RTM_DELLINKPROP',
  110: 'RTM_GETLINKPROP',
  112: 'RTM_NEWVLAN',
  113: 'RTM_DELVLAN',
  114: 'RTM_GETVLAN',
  116: 'RTM_NEWNEXTHOPBUCKET',
  117: 'RTM_DELNEXTHOPBUCKET',
  118: 'RTM_GETNEXTHOPBUCKET',
  120: 'RTM_NEWTUNNEL',
  121: 'RTM_DELTUNNEL',
  122: 'RTM_GETTUNNEL',
}

// Multicast groups: join with the group number (NETLINK_ADD_MEMBERSHIP); the legacy bind mask is 1 << (group - 1).
export const RTNLGRP_NONE = 0
export const RTNLGRP_LINK = 1
export const RTNLGRP_NOTIFY = 2
export const RTNLGRP_NEIGH = 3
export const RTNLGRP_TC = 4
export const RTNLGRP_IPV4_IFADDR = 5
export const RTNLGRP_IPV4_MROUTE = 6
export const RTNLGRP_IPV4_ROUTE = 7
export const RTNLGRP_IPV4_RULE = 8
export const RTNLGRP_IPV6_IFADDR = 9
export const RTNLGRP_IPV6_MROUTE = 10
export const RTNLGRP_IPV6_ROUTE = 11
export const RTNLGRP_IPV6_IFINFO = 12
export const RTNLGRP_DECnet_IFADDR = 13
export const RTNLGRP_NOP2 = 14
export const RTNLGRP_DECnet_ROUTE = 15
export const RTNLGRP_DECnet_RULE = 16
export const RTNLGRP_NOP4 = 17
export const RTNLGRP_IPV6_PREFIX = 18
export const RTNLGRP_IPV6_RULE = 19
export const RTNLGRP_ND_USEROPT = 20
export const RTNLGRP_PHONET_IFADDR = 21
export const RTNLGRP_PHONET_ROUTE = 22
export const RTNLGRP_DCB = 23
export const RTNLGRP_IPV4_NETCONF = 24
export const RTNLGRP_IPV6_NETCONF = 25
export const RTNLGRP_MDB = 26
export const RTNLGRP_MPLS_ROUTE = 27
export const RTNLGRP_NSID = 28
export const RTNLGRP_MPLS_NETCONF = 29
export const RTNLGRP_IPV4_MROUTE_R = 30
export const RTNLGRP_IPV6_MROUTE_R = 31
export const RTNLGRP_NEXTHOP = 32
export const RTNLGRP_BRVLAN = 33
export const RTNLGRP_MCTP_IFADDR = 34
export const RTNLGRP_TUNNEL = 35
export const RTNLGRP_STATS = 36
// Linux 6.13+ (include/uapi/linux/rtnetlink.h): multicast/anycast address notifications.
export const RTNLGRP_IPV4_MCADDR = 37
export const RTNLGRP_IPV6_MCADDR = 38
export const RTNLGRP_IPV6_ACADDR = 39

export const RTNLGRP_NAMES: Readonly<Record<number, string>> = {
  0: 'RTNLGRP_NONE',
  1: 'RTNLGRP_LINK',
  2: 'RTNLGRP_NOTIFY',
  3: 'RTNLGRP_NEIGH',
  4: 'RTNLGRP_TC',
  5: 'RTNLGRP_IPV4_IFADDR',
  6: 'RTNLGRP_IPV4_MROUTE',
  7: 'RTNLGRP_IPV4_ROUTE',
  8: 'RTNLGRP_IPV4_RULE',
  9: 'RTNLGRP_IPV6_IFADDR',
  10: 'RTNLGRP_IPV6_MROUTE',
  11: 'RTNLGRP_IPV6_ROUTE',
  12: 'RTNLGRP_IPV6_IFINFO',
  13: 'RTNLGRP_DECnet_IFADDR',
  14: 'RTNLGRP_NOP2',
  15: 'RTNLGRP_DECnet_ROUTE',
  16: 'RTNLGRP_DECnet_RULE',
  17: 'RTNLGRP_NOP4',
  18: 'RTNLGRP_IPV6_PREFIX',
  19: 'RTNLGRP_IPV6_RULE',
  20: 'RTNLGRP_ND_USEROPT',
  21: 'RTNLGRP_PHONET_IFADDR',
  22: 'RTNLGRP_PHONET_ROUTE',
  23: 'RTNLGRP_DCB',
  24: 'RTNLGRP_IPV4_NETCONF',
  25: 'RTNLGRP_IPV6_NETCONF',
  26: 'RTNLGRP_MDB',
  27: 'RTNLGRP_MPLS_ROUTE',
  28: 'RTNLGRP_NSID',
  29: 'RTNLGRP_MPLS_NETCONF',
  30: 'RTNLGRP_IPV4_MROUTE_R',
  31: 'RTNLGRP_IPV6_MROUTE_R',
  32: 'RTNLGRP_NEXTHOP',
  33: 'RTNLGRP_BRVLAN',
  34: 'RTNLGRP_MCTP_IFADDR',
  35: 'RTNLGRP_TUNNEL',
  36: 'RTNLGRP_STATS',
  37: 'RTNLGRP_IPV4_MCADDR',
  38: 'RTNLGRP_IPV6_MCADDR',
  39: 'RTNLGRP_IPV6_ACADDR',
}
