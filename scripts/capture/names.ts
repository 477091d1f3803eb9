// Names for the comments and labels the capture writes: message types, multicast groups, flags,
// errnos. Kernel numbers come from codecs/rtnetlink.ts and codecs/core/nlmsg.ts; the few that
// Linux 6.1's headers lack are defined here with their 6.18 values.
import {
  NLMSG_DONE,
  NLMSG_ERROR,
  NLMSG_NOOP,
  NLMSG_OVERRUN,
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_APPEND,
  NLM_F_ATOMIC,
  NLM_F_CAPPED,
  NLM_F_CREATE,
  NLM_F_DUMP_FILTERED,
  NLM_F_DUMP_INTR,
  NLM_F_ECHO,
  NLM_F_EXCL,
  NLM_F_MATCH,
  NLM_F_MULTI,
  NLM_F_REPLACE,
  NLM_F_REQUEST,
  NLM_F_ROOT,
} from '../../codecs/core/nlmsg.js'
import { RTM_NAMES, RTNLGRP_NAMES } from '../../codecs/rtnetlink.js'

// Linux 6.13+ (include/uapi/linux/rtnetlink.h): multicast/anycast address notifications.
export const RTM_NEWMULTICAST = 56
export const RTM_DELMULTICAST = 57
export const RTM_NEWANYCAST = 60
export const RTM_DELANYCAST = 61
export const RTNLGRP_IPV4_MCADDR = 37
export const RTNLGRP_IPV6_MCADDR = 38
export const RTNLGRP_IPV6_ACADDR = 39

const EXTRA_TYPES: Record<number, string> = {
  [NLMSG_NOOP]: 'NLMSG_NOOP',
  [NLMSG_ERROR]: 'NLMSG_ERROR',
  [NLMSG_DONE]: 'NLMSG_DONE',
  [NLMSG_OVERRUN]: 'NLMSG_OVERRUN',
  [RTM_NEWMULTICAST]: 'RTM_NEWMULTICAST',
  [RTM_DELMULTICAST]: 'RTM_DELMULTICAST',
  [RTM_NEWANYCAST]: 'RTM_NEWANYCAST',
  [RTM_DELANYCAST]: 'RTM_DELANYCAST',
}

export function typeName(type: number): string {
  return RTM_NAMES[type] ?? EXTRA_TYPES[type] ?? `type ${type}`
}

const EXTRA_GROUPS: Record<number, string> = {
  [RTNLGRP_IPV4_MCADDR]: 'RTNLGRP_IPV4_MCADDR',
  [RTNLGRP_IPV6_MCADDR]: 'RTNLGRP_IPV6_MCADDR',
  [RTNLGRP_IPV6_ACADDR]: 'RTNLGRP_IPV6_ACADDR',
}

export function groupName(group: number | null): string {
  if (group === null) return 'unknown group'
  return RTNLGRP_NAMES[group] ?? EXTRA_GROUPS[group] ?? `group ${group}`
}

const AF_INET = 2
const AF_INET6 = 10

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
    case 92: // RTM_NEWSTATS
      return { group: 36, from: 'type' } // RTNLGRP_STATS
    case 120: // RTM_NEWTUNNEL
    case 121:
      return { group: 35, from: 'type' } // RTNLGRP_TUNNEL
    case 112: // RTM_NEWVLAN
    case 113:
      return { group: 33, from: 'type' } // RTNLGRP_BRVLAN
    default:
      return { group: null, from: 'type' }
  }
}

const GET_TYPES = new Set([18, 22, 26, 30, 34, 38, 42, 46, 50, 58, 62, 66, 74, 78, 82, 86, 90, 94, 102, 106, 110, 114, 118, 122])
const NEW_TYPES = new Set([16, 19, 20, 24, 28, 32, 36, 40, 44, 48, 64, 67, 72, 80, 84, 88, 100, 104, 108, 112, 116, 120])

/** nlmsg_flags as names; the 0x100–0x800 bits mean different things for GET, NEW and DEL, and for acks. */
export function flagNames(flags: number, type: number): string {
  const names: string[] = []
  let named = 0
  const bit = (v: number, n: string): void => {
    named |= v
    if (flags & v) names.push(n)
  }
  bit(NLM_F_REQUEST, 'REQUEST')
  bit(NLM_F_MULTI, 'MULTI')
  bit(NLM_F_ACK, 'ACK')
  bit(NLM_F_ECHO, 'ECHO')
  bit(NLM_F_DUMP_INTR, 'DUMP_INTR')
  bit(NLM_F_DUMP_FILTERED, 'DUMP_FILTERED')
  if (type === NLMSG_ERROR) {
    bit(NLM_F_CAPPED, 'CAPPED')
    bit(NLM_F_ACK_TLVS, 'ACK_TLVS')
  } else if (type === NLMSG_DONE) {
    bit(NLM_F_ACK_TLVS, 'ACK_TLVS')
  } else if (GET_TYPES.has(type)) {
    bit(NLM_F_ROOT, 'ROOT')
    bit(NLM_F_MATCH, 'MATCH')
    bit(NLM_F_ATOMIC, 'ATOMIC')
  } else if (NEW_TYPES.has(type)) {
    bit(NLM_F_REPLACE, 'REPLACE')
    bit(NLM_F_EXCL, 'EXCL')
    bit(NLM_F_CREATE, 'CREATE')
    bit(NLM_F_APPEND, 'APPEND')
  } else {
    bit(0x100, 'NONREC')
    bit(0x200, 'BULK')
  }
  const rest = flags & ~named
  if (rest) names.push(`0x${rest.toString(16)}`)
  return names.length === 0 ? '0' : names.join('|')
}

const ERRNO: Record<number, string> = {
  1: 'EPERM',
  2: 'ENOENT',
  3: 'ESRCH',
  7: 'E2BIG',
  9: 'EBADF',
  11: 'EAGAIN',
  12: 'ENOMEM',
  13: 'EACCES',
  16: 'EBUSY',
  17: 'EEXIST',
  18: 'EXDEV',
  19: 'ENODEV',
  22: 'EINVAL',
  28: 'ENOSPC',
  34: 'ERANGE',
  61: 'ENODATA',
  90: 'EMSGSIZE',
  93: 'EPROTONOSUPPORT',
  95: 'EOPNOTSUPP',
  97: 'EAFNOSUPPORT',
  98: 'EADDRINUSE',
  99: 'EADDRNOTAVAIL',
  100: 'ENETDOWN',
  101: 'ENETUNREACH',
  105: 'ENOBUFS',
  110: 'ETIMEDOUT',
  113: 'EHOSTUNREACH',
}

export function errnoName(negErrno: number): string {
  if (negErrno === 0) return 'ack'
  return `${negErrno} ${ERRNO[-negErrno] ?? 'errno ' + -negErrno}`
}
