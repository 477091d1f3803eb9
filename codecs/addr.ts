// RTM_NEWADDR / RTM_DELADDR / RTM_GETADDR: struct ifaddrmsg, then IFA_* attributes
// (linux/if_addr.h; keys from Documentation/netlink/specs/rt-addr.yaml).
import { namesOf } from './core/names.js'
import { type AttrSet, type RawAttr, defineAttrs } from './core/attrs.js'
import { FixedAttrsBody } from './core/body.js'
import type { Message } from './core/nlmsg.js'
import { defineStruct } from './core/struct.js'
import { familyCodec } from './core/family-codec.js'
import { RTM_DELADDR, RTM_GETADDR, RTM_NEWADDR } from './rtnetlink.js'
import { AF_NAMES } from './address-families.js'

// enum IFA_*
export const IFA_UNSPEC = 0
export const IFA_ADDRESS = 1
export const IFA_LOCAL = 2
export const IFA_LABEL = 3
export const IFA_BROADCAST = 4
export const IFA_ANYCAST = 5
export const IFA_CACHEINFO = 6
export const IFA_MULTICAST = 7
export const IFA_FLAGS = 8
export const IFA_RT_PRIORITY = 9
export const IFA_TARGET_NETNSID = 10
export const IFA_PROTO = 11

// ifa_flags (the u8 header field holds the low 8 bits; IFA_FLAGS, when present, holds all 32)
export const IFA_F_SECONDARY = 0x01
export const IFA_F_TEMPORARY = 0x01 // = IFA_F_SECONDARY, the IPv6 name for the same bit
export const IFA_F_NODAD = 0x02
export const IFA_F_OPTIMISTIC = 0x04
export const IFA_F_DADFAILED = 0x08
export const IFA_F_HOMEADDRESS = 0x10
export const IFA_F_DEPRECATED = 0x20
export const IFA_F_TENTATIVE = 0x40
export const IFA_F_PERMANENT = 0x80
export const IFA_F_MANAGETEMPADDR = 0x100
export const IFA_F_NOPREFIXROUTE = 0x200
export const IFA_F_MCAUTOJOIN = 0x400
export const IFA_F_STABLE_PRIVACY = 0x800

export const IFA_F_NAMES: Readonly<Record<number, string>> = namesOf({ IFA_F_SECONDARY, IFA_F_NODAD, IFA_F_OPTIMISTIC, IFA_F_DADFAILED, IFA_F_HOMEADDRESS, IFA_F_DEPRECATED, IFA_F_TENTATIVE, IFA_F_PERMANENT, IFA_F_MANAGETEMPADDR, IFA_F_NOPREFIXROUTE, IFA_F_MCAUTOJOIN, IFA_F_STABLE_PRIVACY })

// ifa_proto (IFA_PROTO)
export const IFAPROT_UNSPEC = 0
export const IFAPROT_KERNEL_LO = 1
export const IFAPROT_KERNEL_RA = 2
export const IFAPROT_KERNEL_LL = 3

export const IFAPROT_NAMES: Readonly<Record<number, string>> = namesOf({ IFAPROT_UNSPEC, IFAPROT_KERNEL_LO, IFAPROT_KERNEL_RA, IFAPROT_KERNEL_LL })

// enum rt_scope_t (linux/rtnetlink.h): ifa_scope and rtm_scope
export const RT_SCOPE_UNIVERSE = 0
export const RT_SCOPE_SITE = 200
export const RT_SCOPE_LINK = 253
export const RT_SCOPE_HOST = 254
export const RT_SCOPE_NOWHERE = 255

export const RT_SCOPE_NAMES: Readonly<Record<number, string>> = namesOf({ RT_SCOPE_UNIVERSE, RT_SCOPE_SITE, RT_SCOPE_LINK, RT_SCOPE_HOST, RT_SCOPE_NOWHERE })

/** struct ifaddrmsg */
export const ifaddrmsg = defineStruct('ifaddrmsg', [
  ['ifaFamily', 'u8', { enumNames: AF_NAMES }],
  ['ifaPrefixlen', 'u8'],
  ['ifaFlags', 'u8', { flagNames: IFA_F_NAMES }],
  ['ifaScope', 'u8', { enumNames: RT_SCOPE_NAMES }],
  ['ifaIndex', 'u32'],
])

/** struct ifa_cacheinfo: lifetimes in seconds (0xffffffff = forever), stamps in 1/100 s since boot. */
export interface IfaCacheinfo {
  ifaPrefered: number
  ifaValid: number
  cstamp: number
  tstamp: number
  /** Bytes beyond the known struct (a newer kernel). */
  tail?: Uint8Array
}

export const ifaCacheinfo = defineStruct<IfaCacheinfo>(
  'ifa_cacheinfo',
  [
    ['ifaPrefered', 'u32'],
    ['ifaValid', 'u32'],
    ['cstamp', 'u32'],
    ['tstamp', 'u32'],
  ],
  { growable: true },
)

export const addrAttrs: AttrSet = defineAttrs('addr-attrs', 'IFA_', [
  // IFA_ADDRESS is the peer on point-to-point links, otherwise the same as IFA_LOCAL.
  [IFA_ADDRESS, 'IFA_ADDRESS', 'ipaddr'],
  [IFA_LOCAL, 'IFA_LOCAL', 'ipaddr'],
  [IFA_LABEL, 'IFA_LABEL', 'string'],
  [IFA_BROADCAST, 'IFA_BROADCAST', 'ipv4'],
  [IFA_ANYCAST, 'IFA_ANYCAST', 'ipaddr'],
  [IFA_CACHEINFO, 'IFA_CACHEINFO', ifaCacheinfo],
  [IFA_MULTICAST, 'IFA_MULTICAST', 'ipaddr'],
  [IFA_FLAGS, 'IFA_FLAGS', 'u32', { flagNames: IFA_F_NAMES }],
  [IFA_RT_PRIORITY, 'IFA_RT_PRIORITY', 'u32'],
  // The kernel reads and writes it as s32 (YNL calls it binary).
  [IFA_TARGET_NETNSID, 'IFA_TARGET_NETNSID', 's32'],
  [IFA_PROTO, 'IFA_PROTO', 'u8', { enumNames: IFAPROT_NAMES }],
])

/** An address message: struct ifaddrmsg and the IFA_* attributes side by side. */
export interface AddrBody {
  /** AF_INET or AF_INET6 (AF_UNSPEC in dump requests for every family). */
  ifaFamily: number
  ifaPrefixlen: number
  /** Low 8 bits of the IFA_F_* flags; IFA_FLAGS has them all. */
  ifaFlags: number
  /** RT_SCOPE_* */
  ifaScope: number
  ifaIndex: number
  address?: string
  local?: string
  label?: string
  broadcast?: string
  anycast?: string
  cacheinfo?: IfaCacheinfo
  multicast?: string
  /** IFA_F_* */
  flags?: number
  rtPriority?: number
  targetNetnsid?: number
  /** IFAPROT_* */
  proto?: number
  unknown?: RawAttr[]
}

export type AddrMessage = Message<AddrBody> & { type: typeof RTM_NEWADDR | typeof RTM_DELADDR | typeof RTM_GETADDR }

export const addrBody = new FixedAttrsBody<AddrBody>('addr', ifaddrmsg, addrAttrs)

export const addr = familyCodec<AddrMessage>([RTM_NEWADDR, RTM_DELADDR, RTM_GETADDR], addrBody)
