// RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH: struct ndmsg, then NDA_* attributes
// (linux/neighbour.h; keys from Documentation/netlink/specs/rt-neigh.yaml). The same messages
// carry ARP/NDP neighbours (ndm_family AF_INET / AF_INET6) and bridge FDB entries
// (ndm_family AF_BRIDGE, NDA_LLADDR the MAC, NDA_MASTER the bridge).
import { namesOf } from './core/names.js'
import { type AttrValue, type AttrSet, type RawAttr, defineAttrs } from './core/attrs.js'
import { FixedAttrsBody } from './core/body.js'
import type { Message } from './core/nlmsg.js'
import { defineStruct } from './core/struct.js'
import { familyCodec } from './core/family-codec.js'
import { RTN_NAMES, RTPROT_NAMES } from './route.js'
import { RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH } from './rtnetlink.js'
import { AF_NAMES } from './address-families.js'

// enum NDA_*
export const NDA_UNSPEC = 0
export const NDA_DST = 1
export const NDA_LLADDR = 2
export const NDA_CACHEINFO = 3
export const NDA_PROBES = 4
export const NDA_VLAN = 5
export const NDA_PORT = 6
export const NDA_VNI = 7
export const NDA_IFINDEX = 8
export const NDA_MASTER = 9
export const NDA_LINK_NETNSID = 10
export const NDA_SRC_VNI = 11
export const NDA_PROTOCOL = 12
export const NDA_NH_ID = 13
export const NDA_FDB_EXT_ATTRS = 14
export const NDA_FLAGS_EXT = 15
export const NDA_NDM_STATE_MASK = 16
export const NDA_NDM_FLAGS_MASK = 17

// ndm_flags
export const NTF_USE = 1 << 0
export const NTF_SELF = 1 << 1
export const NTF_MASTER = 1 << 2
export const NTF_PROXY = 1 << 3
export const NTF_EXT_LEARNED = 1 << 4
export const NTF_OFFLOADED = 1 << 5
export const NTF_STICKY = 1 << 6
export const NTF_ROUTER = 1 << 7

export const NTF_NAMES = namesOf({ NTF_USE, NTF_SELF, NTF_MASTER, NTF_PROXY, NTF_EXT_LEARNED, NTF_OFFLOADED, NTF_STICKY, NTF_ROUTER })

// NDA_FLAGS_EXT bits
export const NTF_EXT_MANAGED = 1 << 0
export const NTF_EXT_LOCKED = 1 << 1
export const NTF_EXT_EXT_VALIDATED = 1 << 2

export const NTF_EXT_NAMES = namesOf({ NTF_EXT_MANAGED, NTF_EXT_LOCKED, NTF_EXT_EXT_VALIDATED })

// ndm_state
export const NUD_NONE = 0x00
export const NUD_INCOMPLETE = 0x01
export const NUD_REACHABLE = 0x02
export const NUD_STALE = 0x04
export const NUD_DELAY = 0x08
export const NUD_PROBE = 0x10
export const NUD_FAILED = 0x20
export const NUD_NOARP = 0x40
export const NUD_PERMANENT = 0x80

export const NUD_NAMES = namesOf({ NUD_INCOMPLETE, NUD_REACHABLE, NUD_STALE, NUD_DELAY, NUD_PROBE, NUD_FAILED, NUD_NOARP, NUD_PERMANENT })

// NDA_FDB_EXT_ATTRS: enum NFEA_*
export const NFEA_UNSPEC = 0
export const NFEA_ACTIVITY_NOTIFY = 1
export const NFEA_DONT_REFRESH = 2

// NFEA_ACTIVITY_NOTIFY bits
export const FDB_NOTIFY_BIT = 1 << 0
export const FDB_NOTIFY_INACTIVE_BIT = 1 << 1

export const FDB_NOTIFY_NAMES = namesOf({ FDB_NOTIFY_BIT, FDB_NOTIFY_INACTIVE_BIT })

/** struct ndmsg */
export const ndmsg = defineStruct('ndmsg', [
  ['ndmFamily', 'u8', { enumNames: AF_NAMES }],
  ['ndmPad1', { pad: 1 }],
  ['ndmPad2', { pad: 2 }],
  ['ndmIfindex', 's32'],
  ['ndmState', 'u16', { flagNames: NUD_NAMES }],
  ['ndmFlags', 'u8', { flagNames: NTF_NAMES }],
  ['ndmType', 'u8', { enumNames: RTN_NAMES }],
])

/** struct nda_cacheinfo: ages since last confirmed / used / updated, in 1/100 s (USER_HZ ticks). */
export interface NdaCacheinfo {
  confirmed: number
  used: number
  updated: number
  refcnt: number
  tail?: Uint8Array
}

export const ndaCacheinfo = defineStruct<NdaCacheinfo>(
  'nda_cacheinfo',
  [
    ['confirmed', 'u32'],
    ['used', 'u32'],
    ['updated', 'u32'],
    ['refcnt', 'u32'],
  ],
  { growable: true },
)

export const fdbExtAttrs = defineAttrs('fdb-ext-attrs', 'NFEA_', [
  // FDB_NOTIFY_*
  [NFEA_ACTIVITY_NOTIFY, 'NFEA_ACTIVITY_NOTIFY', 'u8', { flagNames: FDB_NOTIFY_NAMES }],
  [NFEA_DONT_REFRESH, 'NFEA_DONT_REFRESH', 'flag'],
])

/** NDA_FDB_EXT_ATTRS */
export type FdbExtAttrs = AttrValue<typeof fdbExtAttrs>

export const neighAttrs: AttrSet = defineAttrs('neighbour-attrs', 'NDA_', [
  // The neighbour's address; for a VXLAN FDB entry, the remote endpoint.
  [NDA_DST, 'NDA_DST', 'ipaddr'],
  [NDA_LLADDR, 'NDA_LLADDR', 'lladdr'],
  [NDA_CACHEINFO, 'NDA_CACHEINFO', ndaCacheinfo],
  [NDA_PROBES, 'NDA_PROBES', 'u32'],
  [NDA_VLAN, 'NDA_VLAN', 'u16'],
  // VXLAN destination port, network byte order (the kernel reads it with nla_get_be16).
  [NDA_PORT, 'NDA_PORT', 'be16'],
  [NDA_VNI, 'NDA_VNI', 'u32'],
  [NDA_IFINDEX, 'NDA_IFINDEX', 'u32'],
  [NDA_MASTER, 'NDA_MASTER', 'u32'],
  [NDA_LINK_NETNSID, 'NDA_LINK_NETNSID', 's32'],
  [NDA_SRC_VNI, 'NDA_SRC_VNI', 'u32'],
  [NDA_PROTOCOL, 'NDA_PROTOCOL', 'u8', { enumNames: RTPROT_NAMES }],
  [NDA_NH_ID, 'NDA_NH_ID', 'u32'],
  [NDA_FDB_EXT_ATTRS, 'NDA_FDB_EXT_ATTRS', 'nest', { nest: fdbExtAttrs, nestedFlag: true }],
  [NDA_FLAGS_EXT, 'NDA_FLAGS_EXT', 'u32', { flagNames: NTF_EXT_NAMES }],
  [NDA_NDM_STATE_MASK, 'NDA_NDM_STATE_MASK', 'u16', { flagNames: NUD_NAMES }],
  [NDA_NDM_FLAGS_MASK, 'NDA_NDM_FLAGS_MASK', 'u8', { flagNames: NTF_NAMES }],
])

/** A neighbour or FDB message: struct ndmsg and the NDA_* attributes side by side. */
export interface NeighBody {
  /** AF_INET (ARP), AF_INET6 (NDP) or AF_BRIDGE (FDB) */
  ndmFamily: number
  ndmIfindex: number
  /** NUD_* bits */
  ndmState: number
  /** NTF_* bits */
  ndmFlags: number
  /** RTN_* */
  ndmType: number
  dst?: string
  lladdr?: string
  cacheinfo?: NdaCacheinfo
  probes?: number
  vlan?: number
  port?: number
  vni?: number
  ifindex?: number
  master?: number
  linkNetnsid?: number
  srcVni?: number
  /** RTPROT_* of the entry's originator */
  protocol?: number
  nhId?: number
  fdbExtAttrs?: FdbExtAttrs
  /** NTF_EXT_* bits */
  flagsExt?: number
  ndmStateMask?: number
  ndmFlagsMask?: number
  unknown?: RawAttr[]
}

export type NeighMessage = Message<NeighBody> & { type: typeof RTM_NEWNEIGH | typeof RTM_DELNEIGH | typeof RTM_GETNEIGH }

export const neighBody = new FixedAttrsBody<NeighBody>('neigh', ndmsg, neighAttrs)

export const neigh = familyCodec<NeighMessage>([RTM_NEWNEIGH, RTM_DELNEIGH, RTM_GETNEIGH], neighBody)
