// RTM_NEWNETCONF / RTM_DELNETCONF / RTM_GETNETCONF: a one-byte struct netconfmsg, then NETCONFA_*
// attributes (linux/netconf.h; no YNL spec, keys from the kernel names). The per-device and default
// forwarding / rp_filter / ... settings of IPv4, IPv6 and MPLS, as `ip netconf show` prints them.
import { namesOf } from './core/names.js'
import { type AttrSet, type RawAttr, defineAttrs } from './core/attrs.js'
import { FixedAttrsBody } from './core/body.js'
import type { Message } from './core/nlmsg.js'
import { defineStruct } from './core/struct.js'
import { familyCodec } from './core/family-codec.js'
import { RTM_DELNETCONF, RTM_GETNETCONF, RTM_NEWNETCONF } from './rtnetlink.js'
import { AF_NAMES } from './address-families.js'

// enum NETCONFA_*
export const NETCONFA_UNSPEC = 0
export const NETCONFA_IFINDEX = 1
export const NETCONFA_FORWARDING = 2
export const NETCONFA_RP_FILTER = 3
export const NETCONFA_MC_FORWARDING = 4
export const NETCONFA_PROXY_NEIGH = 5
export const NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN = 6
export const NETCONFA_INPUT = 7
export const NETCONFA_BC_FORWARDING = 8

export const NETCONFA_ALL = -1
/** NETCONFA_IFINDEX values that are not devices: conf/all and conf/default. */
export const NETCONFA_IFINDEX_ALL = -1
export const NETCONFA_IFINDEX_DEFAULT = -2

export const NETCONFA_IFINDEX_NAMES: Readonly<Record<number, string>> = namesOf({ NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT })

/** struct netconfmsg: the attributes start at the next 4-byte boundary. */
export const netconfmsg = defineStruct('netconfmsg', [['ncmFamily', 'u8', { enumNames: AF_NAMES }]])

// Every value is an s32, as the kernel writes them (nla_put_s32).
export const netconfAttrs: AttrSet = defineAttrs('netconf-attrs', 'NETCONFA_', [
  [NETCONFA_IFINDEX, 'NETCONFA_IFINDEX', 's32', { enumNames: NETCONFA_IFINDEX_NAMES }],
  [NETCONFA_FORWARDING, 'NETCONFA_FORWARDING', 's32'],
  [NETCONFA_RP_FILTER, 'NETCONFA_RP_FILTER', 's32'],
  [NETCONFA_MC_FORWARDING, 'NETCONFA_MC_FORWARDING', 's32'],
  [NETCONFA_PROXY_NEIGH, 'NETCONFA_PROXY_NEIGH', 's32'],
  [NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN, 'NETCONFA_IGNORE_ROUTES_WITH_LINKDOWN', 's32'],
  [NETCONFA_INPUT, 'NETCONFA_INPUT', 's32'],
  [NETCONFA_BC_FORWARDING, 'NETCONFA_BC_FORWARDING', 's32'],
])

/** A netconf message: struct netconfmsg and the NETCONFA_* attributes side by side. */
export interface NetconfBody {
  /** AF_INET, AF_INET6, AF_MPLS (AF_UNSPEC in a dump request for all) */
  ncmFamily: number
  /** A device, or NETCONFA_IFINDEX_ALL / NETCONFA_IFINDEX_DEFAULT */
  ifindex?: number
  forwarding?: number
  /** 0 off, 1 strict, 2 loose */
  rpFilter?: number
  mcForwarding?: number
  proxyNeigh?: number
  ignoreRoutesWithLinkdown?: number
  /** MPLS: the device accepts labelled packets */
  input?: number
  bcForwarding?: number
  unknown?: RawAttr[]
}

export type NetconfMessage = Message<NetconfBody> & {
  type: typeof RTM_NEWNETCONF | typeof RTM_DELNETCONF | typeof RTM_GETNETCONF
}

export const netconfBody = new FixedAttrsBody<NetconfBody>('netconf', netconfmsg, netconfAttrs)

export const netconf = familyCodec<NetconfMessage>([RTM_NEWNETCONF, RTM_DELNETCONF, RTM_GETNETCONF], netconfBody)
