// The multicast group a notification was sent to, from its type and address family (the way the
// kernel picks it in rtnl_notify callers: rtmsg_ifinfo → RTNLGRP_LINK, inet6_ifinfo_notify →
// RTNLGRP_IPV6_IFINFO, rtmsg_fib → RTNLGRP_IPV4_ROUTE ...). Receivers above group 32 cannot read
// the group from nl_groups, and the client does not pass it on: this is what callers can use.
import type { Message } from '../core/nlmsg.js'
import {
  RTM_DELADDR,
  RTM_DELANYCAST,
  RTM_DELLINK,
  RTM_DELMDB,
  RTM_DELMULTICAST,
  RTM_DELNEXTHOP,
  RTM_DELNEXTHOPBUCKET,
  RTM_DELNEIGH,
  RTM_DELNETCONF,
  RTM_DELNSID,
  RTM_DELROUTE,
  RTM_DELRULE,
  RTM_GETNEIGH,
  RTM_NEWADDR,
  RTM_NEWANYCAST,
  RTM_NEWLINK,
  RTM_NEWMDB,
  RTM_NEWMULTICAST,
  RTM_NEWNEXTHOP,
  RTM_NEWNEXTHOPBUCKET,
  RTM_NEWNEIGH,
  RTM_NEWNETCONF,
  RTM_NEWNSID,
  RTM_NEWPREFIX,
  RTM_NEWROUTE,
  RTM_NEWRULE,
  RTM_NEWSTATS,
  RTNLGRP_IPV4_IFADDR,
  RTNLGRP_IPV4_MCADDR,
  RTNLGRP_IPV4_MROUTE,
  RTNLGRP_IPV4_NETCONF,
  RTNLGRP_IPV4_ROUTE,
  RTNLGRP_IPV4_RULE,
  RTNLGRP_IPV6_ACADDR,
  RTNLGRP_IPV6_IFADDR,
  RTNLGRP_IPV6_IFINFO,
  RTNLGRP_IPV6_MCADDR,
  RTNLGRP_IPV6_MROUTE,
  RTNLGRP_IPV6_NETCONF,
  RTNLGRP_IPV6_PREFIX,
  RTNLGRP_IPV6_ROUTE,
  RTNLGRP_IPV6_RULE,
  RTNLGRP_LINK,
  RTNLGRP_MDB,
  RTNLGRP_MPLS_NETCONF,
  RTNLGRP_MPLS_ROUTE,
  RTNLGRP_NEIGH,
  RTNLGRP_NEXTHOP,
  RTNLGRP_NSID,
  RTNLGRP_STATS,
} from '../rtnetlink.js'
import { AF_INET, AF_INET6, AF_MPLS } from '../address-families.js'
import { RTNL_FAMILY_IP6MR, RTNL_FAMILY_IPMR } from '../route.js'

/** The first byte of every rtnetlink family header is the address family. */
function familyOf(msg: Message): number | undefined {
  const b = msg.body
  if (b instanceof Uint8Array) return b[0]
  if (b === null || typeof b !== 'object') return undefined
  for (const k of ['ifiFamily', 'ifaFamily', 'rtmFamily', 'ndmFamily', 'ncmFamily', 'rtgenFamily', 'family']) {
    const v = (b as Record<string, unknown>)[k]
    if (typeof v === 'number') return v
  }
  return undefined
}

/** RTNLGRP_* the kernel sends a notification of this type and family to (undefined when it is not a notification type). */
export function notificationGroup(msg: Message): number | undefined {
  const fam = familyOf(msg)
  switch (msg.type) {
    case RTM_NEWLINK:
    case RTM_DELLINK:
      return fam === AF_INET6 ? RTNLGRP_IPV6_IFINFO : RTNLGRP_LINK
    case RTM_NEWADDR:
    case RTM_DELADDR:
      return fam === AF_INET6 ? RTNLGRP_IPV6_IFADDR : RTNLGRP_IPV4_IFADDR
    case RTM_NEWROUTE:
    case RTM_DELROUTE:
      if (fam === AF_INET6) return RTNLGRP_IPV6_ROUTE
      if (fam === AF_MPLS) return RTNLGRP_MPLS_ROUTE
      if (fam === RTNL_FAMILY_IPMR) return RTNLGRP_IPV4_MROUTE
      if (fam === RTNL_FAMILY_IP6MR) return RTNLGRP_IPV6_MROUTE
      return RTNLGRP_IPV4_ROUTE
    case RTM_NEWNEIGH:
    case RTM_DELNEIGH:
    case RTM_GETNEIGH:
      return RTNLGRP_NEIGH
    case RTM_NEWNETCONF:
    case RTM_DELNETCONF:
      if (fam === AF_INET6) return RTNLGRP_IPV6_NETCONF
      if (fam === AF_MPLS) return RTNLGRP_MPLS_NETCONF
      return RTNLGRP_IPV4_NETCONF
    case RTM_NEWNSID:
    case RTM_DELNSID:
      return RTNLGRP_NSID
    case RTM_NEWRULE:
    case RTM_DELRULE:
      return fam === AF_INET6 ? RTNLGRP_IPV6_RULE : RTNLGRP_IPV4_RULE
    case RTM_NEWPREFIX:
      return RTNLGRP_IPV6_PREFIX
    case RTM_NEWNEXTHOP:
    case RTM_DELNEXTHOP:
      return RTNLGRP_NEXTHOP
    case RTM_NEWMDB:
    case RTM_DELMDB:
      return RTNLGRP_MDB
    case RTM_NEWSTATS:
      return RTNLGRP_STATS
    case RTM_NEWMULTICAST:
    case RTM_DELMULTICAST:
      return fam === AF_INET ? RTNLGRP_IPV4_MCADDR : RTNLGRP_IPV6_MCADDR
    case RTM_NEWANYCAST:
    case RTM_DELANYCAST:
      return RTNLGRP_IPV6_ACADDR
    default:
      return undefined
  }
}
