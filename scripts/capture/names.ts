// The capture's own naming: which multicast group a notification came from. Every kernel number
// and name comes from the codecs (codecs/rtnetlink.ts: RTM_*, RTNLGRP_* and their names;
// codecs/core/nlmsg.ts messageName; codecs/flags.ts describeNlmsgFlags; codecs/core/errno.ts).
import {
  RTM_DELANYCAST,
  RTM_DELMULTICAST,
  RTM_DELTUNNEL,
  RTM_DELVLAN,
  RTM_NEWANYCAST,
  RTM_NEWMULTICAST,
  RTM_NEWSTATS,
  RTM_NEWTUNNEL,
  RTM_NEWVLAN,
  RTNLGRP_BRVLAN,
  RTNLGRP_IPV4_MCADDR,
  RTNLGRP_IPV6_ACADDR,
  RTNLGRP_IPV6_MCADDR,
  RTNLGRP_NAMES,
  RTNLGRP_STATS,
  RTNLGRP_TUNNEL,
} from '../../codecs/rtnetlink.js'
import { AF_INET, AF_INET6 } from '../../codecs/address-families.js'

export function groupName(group: number | null): string {
  if (group === null) return 'unknown group'
  return RTNLGRP_NAMES[group] ?? `group ${group}`
}

/**
 * The group a notification was multicast to. nl_groups names it for groups 1..32; above 32 the
 * kernel reports 0, and the message type (and family) tells which group sends it.
 */
export function eventGroup(bytes: Uint8Array, nlGroups: number): { group: number | null; from: 'nl_groups' | 'type' } {
  if (nlGroups !== 0 && (nlGroups & (nlGroups - 1)) === 0) return { group: 31 - Math.clz32(nlGroups) + 1, from: 'nl_groups' }
  const type = bytes.length >= 6 ? bytes[4]! | (bytes[5]! << 8) : -1
  const family = bytes.length > 16 ? bytes[16]! : -1
  switch (type) {
    case RTM_NEWMULTICAST:
    case RTM_DELMULTICAST:
      return { group: family === AF_INET ? RTNLGRP_IPV4_MCADDR : family === AF_INET6 ? RTNLGRP_IPV6_MCADDR : null, from: 'type' }
    case RTM_NEWANYCAST:
    case RTM_DELANYCAST:
      return { group: RTNLGRP_IPV6_ACADDR, from: 'type' }
    case RTM_NEWSTATS:
      return { group: RTNLGRP_STATS, from: 'type' }
    case RTM_NEWTUNNEL:
    case RTM_DELTUNNEL:
      return { group: RTNLGRP_TUNNEL, from: 'type' }
    case RTM_NEWVLAN:
    case RTM_DELVLAN:
      return { group: RTNLGRP_BRVLAN, from: 'type' }
    default:
      return { group: null, from: 'type' }
  }
}
