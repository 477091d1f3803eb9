// RTM_NEWNEXTHOP / RTM_DELNEXTHOP / RTM_GETNEXTHOP: struct nhmsg, then NHA_* attributes
// (linux/nexthop.h as of Linux 6.18; no YNL spec, keys from the kernel names). Nexthop objects
// (`ip nexthop`) are gateways, devices, blackholes or groups of other nexthops that routes point
// to by id (RTA_NH_ID). RTM_*NEXTHOPBUCKET (resilient group buckets) stay raw bytes.
import { namesOf } from './core/names.js'
import { type AttrValue, type AttrSet, type RawAttr, type ValueCodec, defineAttrs } from './core/attrs.js'
import { FixedAttrsBody } from './core/body.js'
import type { Message } from './core/nlmsg.js'
import { defineStruct } from './core/struct.js'
import { familyCodec } from './core/family-codec.js'
import { uintCodec } from './link/link.js'
import { RTM_DELNEXTHOP, RTM_GETNEXTHOP, RTM_NEWNEXTHOP } from './rtnetlink.js'
import { AF_NAMES } from './address-families.js'
import { RT_SCOPE_NAMES } from './addr.js'
import { RTNH_F_NAMES, RTPROT_NAMES } from './route.js'

// enum NHA_*
export const NHA_UNSPEC = 0
export const NHA_ID = 1
export const NHA_GROUP = 2
export const NHA_GROUP_TYPE = 3
export const NHA_BLACKHOLE = 4
export const NHA_OIF = 5
export const NHA_GATEWAY = 6
export const NHA_ENCAP_TYPE = 7
export const NHA_ENCAP = 8
export const NHA_GROUPS = 9
export const NHA_MASTER = 10
export const NHA_FDB = 11
export const NHA_RES_GROUP = 12
export const NHA_RES_BUCKET = 13
// Linux 6.8+ (newer than /usr/include's 6.1 headers)
export const NHA_OP_FLAGS = 14
export const NHA_GROUP_STATS = 15
export const NHA_HW_STATS_ENABLE = 16
export const NHA_HW_STATS_USED = 17

// NHA_GROUP_TYPE
export const NEXTHOP_GRP_TYPE_MPATH = 0
export const NEXTHOP_GRP_TYPE_RES = 1

export const NEXTHOP_GRP_TYPE_NAMES: Readonly<Record<number, string>> = namesOf({ NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES })

// NHA_OP_FLAGS bits
export const NHA_OP_FLAG_DUMP_STATS = 1 << 0
export const NHA_OP_FLAG_DUMP_HW_STATS = 1 << 1
/** Set by the kernel in replies (6.12+): the group entries' reserved bytes are zero. */
export const NHA_OP_FLAG_RESP_GRP_RESVD_0 = 0x80000000

export const NHA_OP_FLAG_NAMES: Readonly<Record<number, string>> = namesOf({ NHA_OP_FLAG_DUMP_STATS, NHA_OP_FLAG_DUMP_HW_STATS, NHA_OP_FLAG_RESP_GRP_RESVD_0 })

// NHA_RES_GROUP: enum NHA_RES_GROUP_*
export const NHA_RES_GROUP_PAD = 0
export const NHA_RES_GROUP_BUCKETS = 1
export const NHA_RES_GROUP_IDLE_TIMER = 2
export const NHA_RES_GROUP_UNBALANCED_TIMER = 3
export const NHA_RES_GROUP_UNBALANCED_TIME = 4

// NHA_RES_BUCKET: enum NHA_RES_BUCKET_*
export const NHA_RES_BUCKET_PAD = 0
export const NHA_RES_BUCKET_INDEX = 1
export const NHA_RES_BUCKET_IDLE_TIME = 2
export const NHA_RES_BUCKET_NH_ID = 3

// NHA_GROUP_STATS: enum NHA_GROUP_STATS_*, each entry a nest of NHA_GROUP_STATS_ENTRY_*
export const NHA_GROUP_STATS_ENTRY = 1
export const NHA_GROUP_STATS_ENTRY_ID = 1
export const NHA_GROUP_STATS_ENTRY_PACKETS = 2
export const NHA_GROUP_STATS_ENTRY_PACKETS_HW = 3

/** struct nhmsg */
export const nhmsg = defineStruct('nhmsg', [
  ['nhFamily', 'u8', { enumNames: AF_NAMES }],
  ['nhScope', 'u8', { enumNames: RT_SCOPE_NAMES }],
  ['nhProtocol', 'u8', { enumNames: RTPROT_NAMES }],
  ['nhResvd', { pad: 1 }],
  ['nhFlags', 'u32', { flagNames: RTNH_F_NAMES }],
])

/**
 * struct nexthop_grp: one member of a group. The weight on the wire is one less than the weight
 * (`ip nexthop add id 10 group 1/2,3` sends 2 for member 2); since Linux 6.12 `weightHigh` holds
 * its upper 8 bits (the old resvd1).
 */
export interface NexthopGrp {
  id: number
  weight: number
  weightHigh: number
  resvd2: number
}

export const nexthopGrp = defineStruct<NexthopGrp>('nexthop_grp', [
  ['id', 'u32'],
  ['weight', 'u8'],
  ['weightHigh', 'u8'],
  ['resvd2', 'u16'],
])

/** The weight of a group member (1..65536): one more than the wire's, whose upper byte is weightHigh (6.12+). */
export function nexthopGrpWeight(g: NexthopGrp): number {
  return ((g.weightHigh << 8) | g.weight) + 1
}

/**
 * A group member of that weight as iproute2 6.1 writes it (weight - 1 in the low byte; 6.1
 * cannot write weights above 256, so weightHigh stays 0 and 1..256 is what it takes).
 */
export function nexthopGrpMember(id: number, weight = 1): NexthopGrp {
  return { id, weight: weight - 1, weightHigh: 0, resvd2: 0 }
}

/** NHA_GROUP: struct nexthop_grp back to back, as many as the payload holds. */
export const nexthopGrpArray: ValueCodec<NexthopGrp[]> = {
  describe: 'struct nexthop_grp[]',
  decode(d, start, end) {
    const size = nexthopGrp.size
    if ((end - start) % size !== 0) d.fail(`nexthop_grp[]: ${end - start} bytes is not a whole number of ${size}-byte entries`, start)
    const out: NexthopGrp[] = []
    for (let o = start, i = 0; o < end; o += size, i++) {
      if (d.trace) d.trace.open({ name: `[${i}]`, offset: o, length: size })
      out.push(nexthopGrp.decode(d, o, o + size))
      if (d.trace) d.trace.close()
    }
    return out
  },
  encode(w, v) {
    v.forEach((g, i) => {
      w.path.push(String(i))
      nexthopGrp.encode(w, g)
      w.path.pop()
    })
  },
}

export const resGroupAttrs = defineAttrs('nha-res-group-attrs', 'NHA_RES_GROUP_', [
  // Padding before the u64 below, for 64-bit alignment.
  [NHA_RES_GROUP_PAD, 'NHA_RES_GROUP_PAD', 'binary'],
  [NHA_RES_GROUP_BUCKETS, 'NHA_RES_GROUP_BUCKETS', 'u16'],
  // clock_t (1/100 s)
  [NHA_RES_GROUP_IDLE_TIMER, 'NHA_RES_GROUP_IDLE_TIMER', 'u32'],
  [NHA_RES_GROUP_UNBALANCED_TIMER, 'NHA_RES_GROUP_UNBALANCED_TIMER', 'u32'],
  [NHA_RES_GROUP_UNBALANCED_TIME, 'NHA_RES_GROUP_UNBALANCED_TIME', 'u64'],
])

/** NHA_RES_GROUP: a resilient group's parameters (timers in 1/100 s). */
export type NexthopResGroup = AttrValue<typeof resGroupAttrs>

export const resBucketAttrs = defineAttrs('nha-res-bucket-attrs', 'NHA_RES_BUCKET_', [
  [NHA_RES_BUCKET_PAD, 'NHA_RES_BUCKET_PAD', 'binary'],
  [NHA_RES_BUCKET_INDEX, 'NHA_RES_BUCKET_INDEX', 'u16'],
  [NHA_RES_BUCKET_IDLE_TIME, 'NHA_RES_BUCKET_IDLE_TIME', 'u64'],
  [NHA_RES_BUCKET_NH_ID, 'NHA_RES_BUCKET_NH_ID', 'u32'],
])

/** NHA_RES_BUCKET: one bucket of a resilient group (bucket messages, bucket dump filters). */
export type NexthopResBucket = AttrValue<typeof resBucketAttrs>

export const groupStatsEntryAttrs = defineAttrs('nha-group-stats-entry-attrs', 'NHA_GROUP_STATS_ENTRY_', [
  [NHA_GROUP_STATS_ENTRY_ID, 'NHA_GROUP_STATS_ENTRY_ID', 'u32'],
  [NHA_GROUP_STATS_ENTRY_PACKETS, 'NHA_GROUP_STATS_ENTRY_PACKETS', uintCodec],
  [NHA_GROUP_STATS_ENTRY_PACKETS_HW, 'NHA_GROUP_STATS_ENTRY_PACKETS_HW', uintCodec],
])

export type NexthopGroupStatsEntry = AttrValue<typeof groupStatsEntryAttrs>

export const groupStatsAttrs = defineAttrs('nha-group-stats-attrs', 'NHA_GROUP_STATS_', [
  [NHA_GROUP_STATS_ENTRY, 'NHA_GROUP_STATS_ENTRY', 'nest', { nest: groupStatsEntryAttrs, multi: true }],
])

/** NHA_GROUP_STATS: one entry per member (dumps with NHA_OP_FLAG_DUMP_STATS). */
export type NexthopGroupStats = AttrValue<typeof groupStatsAttrs>

export const nexthopAttrs: AttrSet = defineAttrs('nexthop-attrs', 'NHA_', [
  [NHA_ID, 'NHA_ID', 'u32'],
  [NHA_GROUP, 'NHA_GROUP', nexthopGrpArray],
  [NHA_GROUP_TYPE, 'NHA_GROUP_TYPE', 'u16', { enumNames: NEXTHOP_GRP_TYPE_NAMES }],
  [NHA_BLACKHOLE, 'NHA_BLACKHOLE', 'flag'],
  [NHA_OIF, 'NHA_OIF', 'u32'],
  // An address of nh_family.
  [NHA_GATEWAY, 'NHA_GATEWAY', 'ipaddr'],
  [NHA_ENCAP_TYPE, 'NHA_ENCAP_TYPE', 'u16'],
  // Lightweight-tunnel encapsulation, a nest by NHA_ENCAP_TYPE: kept as its bytes.
  [NHA_ENCAP, 'NHA_ENCAP', 'binary', { nestedFlag: true }],
  // Dump filters: only groups / only nexthops enslaved to this master.
  [NHA_GROUPS, 'NHA_GROUPS', 'flag'],
  [NHA_MASTER, 'NHA_MASTER', 'u32'],
  [NHA_FDB, 'NHA_FDB', 'flag'],
  [NHA_RES_GROUP, 'NHA_RES_GROUP', 'nest', { nest: resGroupAttrs, nestedFlag: true }],
  [NHA_RES_BUCKET, 'NHA_RES_BUCKET', 'nest', { nest: resBucketAttrs, nestedFlag: true }],
  [NHA_OP_FLAGS, 'NHA_OP_FLAGS', 'u32', { flagNames: NHA_OP_FLAG_NAMES }],
  [NHA_GROUP_STATS, 'NHA_GROUP_STATS', 'nest', { nest: groupStatsAttrs, nestedFlag: true }],
  [NHA_HW_STATS_ENABLE, 'NHA_HW_STATS_ENABLE', 'u32'],
  [NHA_HW_STATS_USED, 'NHA_HW_STATS_USED', 'u32'],
])

/** A nexthop message: struct nhmsg and the NHA_* attributes side by side. */
export interface NexthopBody {
  /** AF_INET / AF_INET6 (gateways), AF_UNSPEC (groups, blackholes, requests) */
  nhFamily: number
  /** RT_SCOPE_* (replies only) */
  nhScope: number
  /** RTPROT_* */
  nhProtocol: number
  /** RTNH_F_* bits */
  nhFlags: number
  id?: number
  group?: NexthopGrp[]
  /** NEXTHOP_GRP_TYPE_* */
  groupType?: number
  blackhole?: true
  oif?: number
  gateway?: string
  encapType?: number
  encap?: Uint8Array
  groups?: true
  master?: number
  fdb?: true
  resGroup?: NexthopResGroup
  resBucket?: NexthopResBucket
  /** NHA_OP_FLAG_* bits */
  opFlags?: number
  groupStats?: NexthopGroupStats
  hwStatsEnable?: number
  hwStatsUsed?: number
  unknown?: RawAttr[]
}

export type NexthopMessage = Message<NexthopBody> & { type: typeof RTM_NEWNEXTHOP | typeof RTM_DELNEXTHOP | typeof RTM_GETNEXTHOP }

export const nexthopBody = new FixedAttrsBody<NexthopBody>('nexthop', nhmsg, nexthopAttrs)

export const nexthop = familyCodec<NexthopMessage>([RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTM_GETNEXTHOP], nexthopBody)
