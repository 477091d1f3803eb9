// The rtnetlink LINK family (RTM_NEWLINK / DELLINK / GETLINK / SETLINK): struct ifinfomsg and
// every IFLA_* attribute of kernel 6.18 (linux/if_link.h), keyed by the YNL names of rt-link.yaml.
// Kind-specific data (IFLA_LINKINFO), per-family data (IFLA_AF_SPEC, IFLA_PROTINFO), the stats
// structs and XDP live in their own files beside this one.
import { namesOf } from '../core/names.js'
import { type AttrValue, type RawAttr, type ValueCodec, defineAttrs } from '../core/attrs.js'
import { FixedAttrsBody } from '../core/body.js'
import type { Message } from '../core/nlmsg.js'
import { type StructCodec, defineStruct } from '../core/struct.js'
import { familyCodec } from '../core/family-codec.js'
import { RTM_DELLINK, RTM_DELLINKPROP, RTM_GETLINK, RTM_NEWLINK, RTM_NEWLINKPROP, RTM_SETLINK } from '../rtnetlink.js'
import { type AfSpec, afSpecCodec } from './af-spec.js'
import { IFF_NAMES, IF_LINK_MODE_NAMES, IF_OPER_NAMES } from './if.js'
import { type KindData, type LinkInfo, linkInfoCodec } from './linkinfo.js'
import { type Protinfo, protinfoCodec } from './protinfo.js'
import { type RtnlLinkIfmap, type RtnlLinkStats, type RtnlLinkStats64, rtnlLinkIfmap, rtnlLinkStats, rtnlLinkStats64 } from './stats.js'
import type { VethInfo } from './veth.js'
import { type XdpAttrs, xdpAttrs } from './xdp.js'
import { AF_NAMES } from '../address-families.js'
import { ARPHRD_NAMES } from './arphrd.js'

export * from './if.js'
export * from './arphrd.js'

export const IFLA_UNSPEC = 0
export const IFLA_ADDRESS = 1
export const IFLA_BROADCAST = 2
export const IFLA_IFNAME = 3
export const IFLA_MTU = 4
export const IFLA_LINK = 5
export const IFLA_QDISC = 6
export const IFLA_STATS = 7
export const IFLA_COST = 8
export const IFLA_PRIORITY = 9
export const IFLA_MASTER = 10
export const IFLA_WIRELESS = 11
export const IFLA_PROTINFO = 12
export const IFLA_TXQLEN = 13
export const IFLA_MAP = 14
export const IFLA_WEIGHT = 15
export const IFLA_OPERSTATE = 16
export const IFLA_LINKMODE = 17
export const IFLA_LINKINFO = 18
export const IFLA_NET_NS_PID = 19
export const IFLA_IFALIAS = 20
export const IFLA_NUM_VF = 21
export const IFLA_VFINFO_LIST = 22
export const IFLA_STATS64 = 23
export const IFLA_VF_PORTS = 24
export const IFLA_PORT_SELF = 25
export const IFLA_AF_SPEC = 26
export const IFLA_GROUP = 27
export const IFLA_NET_NS_FD = 28
export const IFLA_EXT_MASK = 29
export const IFLA_PROMISCUITY = 30
export const IFLA_NUM_TX_QUEUES = 31
export const IFLA_NUM_RX_QUEUES = 32
export const IFLA_CARRIER = 33
export const IFLA_PHYS_PORT_ID = 34
export const IFLA_CARRIER_CHANGES = 35
export const IFLA_PHYS_SWITCH_ID = 36
export const IFLA_LINK_NETNSID = 37
export const IFLA_PHYS_PORT_NAME = 38
export const IFLA_PROTO_DOWN = 39
export const IFLA_GSO_MAX_SEGS = 40
export const IFLA_GSO_MAX_SIZE = 41
export const IFLA_PAD = 42
export const IFLA_XDP = 43
export const IFLA_EVENT = 44
export const IFLA_NEW_NETNSID = 45
export const IFLA_IF_NETNSID = 46
export const IFLA_TARGET_NETNSID = IFLA_IF_NETNSID
export const IFLA_CARRIER_UP_COUNT = 47
export const IFLA_CARRIER_DOWN_COUNT = 48
export const IFLA_NEW_IFINDEX = 49
export const IFLA_MIN_MTU = 50
export const IFLA_MAX_MTU = 51
export const IFLA_PROP_LIST = 52
export const IFLA_ALT_IFNAME = 53
export const IFLA_PERM_ADDRESS = 54
export const IFLA_PROTO_DOWN_REASON = 55
export const IFLA_PARENT_DEV_NAME = 56
export const IFLA_PARENT_DEV_BUS_NAME = 57
export const IFLA_GRO_MAX_SIZE = 58
export const IFLA_TSO_MAX_SIZE = 59
export const IFLA_TSO_MAX_SEGS = 60
export const IFLA_ALLMULTI = 61
// Newer than the 6.1 headers; numbers from the 6.18 uapi if_link.h (rt-link.yaml order).
export const IFLA_DEVLINK_PORT = 62
export const IFLA_GSO_IPV4_MAX_SIZE = 63
export const IFLA_GRO_IPV4_MAX_SIZE = 64
export const IFLA_DPLL_PIN = 65
export const IFLA_MAX_PACING_OFFLOAD_HORIZON = 66
export const IFLA_NETNS_IMMUTABLE = 67
export const IFLA_HEADROOM = 68
export const IFLA_TAILROOM = 69

// IFLA_EXT_MASK bits (linux/rtnetlink.h): what GETLINK replies and dumps include.
export const RTEXT_FILTER_VF = 1 << 0
export const RTEXT_FILTER_BRVLAN = 1 << 1
export const RTEXT_FILTER_BRVLAN_COMPRESSED = 1 << 2
export const RTEXT_FILTER_SKIP_STATS = 1 << 3
export const RTEXT_FILTER_MRP = 1 << 4
export const RTEXT_FILTER_CFM_CONFIG = 1 << 5
export const RTEXT_FILTER_CFM_STATUS = 1 << 6
export const RTEXT_FILTER_MST = 1 << 7

export const RTEXT_FILTER_NAMES: Readonly<Record<number, string>> = namesOf({ RTEXT_FILTER_VF, RTEXT_FILTER_BRVLAN, RTEXT_FILTER_BRVLAN_COMPRESSED, RTEXT_FILTER_SKIP_STATS, RTEXT_FILTER_MRP, RTEXT_FILTER_CFM_CONFIG, RTEXT_FILTER_CFM_STATUS, RTEXT_FILTER_MST }, 'RTEXT_FILTER_')

// IFLA_EVENT: why a notification was sent (linux/if_link.h)
export const IFLA_EVENT_NONE = 0
export const IFLA_EVENT_REBOOT = 1
export const IFLA_EVENT_FEATURES = 2
export const IFLA_EVENT_BONDING_FAILOVER = 3
export const IFLA_EVENT_NOTIFY_PEERS = 4
export const IFLA_EVENT_IGMP_RESEND = 5
export const IFLA_EVENT_BONDING_OPTIONS = 6

export const IFLA_EVENT_NAMES: Readonly<Record<number, string>> = namesOf({ IFLA_EVENT_NONE, IFLA_EVENT_REBOOT, IFLA_EVENT_FEATURES, IFLA_EVENT_BONDING_FAILOVER, IFLA_EVENT_NOTIFY_PEERS, IFLA_EVENT_IGMP_RESEND, IFLA_EVENT_BONDING_OPTIONS }, 'IFLA_EVENT_')

// IFLA_PROTO_DOWN_REASON (nest)
export const IFLA_PROTO_DOWN_REASON_UNSPEC = 0
export const IFLA_PROTO_DOWN_REASON_MASK = 1
export const IFLA_PROTO_DOWN_REASON_VALUE = 2

/** struct ifinfomsg */
export interface IfInfoMsg {
  /** AF_UNSPEC (0) for most link messages; AF_BRIDGE (7) for bridge port messages. */
  ifiFamily: number
  /** ARPHRD_* */
  ifiType: number
  ifiIndex: number
  /** IFF_* bits */
  ifiFlags: number
  /** IFF_* bits to change (requests); 0xffffffff in notifications of new links. */
  ifiChange: number
}

/** ifi_type spelled as `ip link` does (link/ether); 0 is "unset" in requests, not ARPHRD_NETROM. */
const IFI_TYPE_NAMES: Readonly<Record<number, string>> = Object.fromEntries(Object.entries(ARPHRD_NAMES).filter(([k]) => k !== '0'))

export const ifinfomsg = defineStruct<IfInfoMsg>('ifinfomsg', [
  ['ifiFamily', 'u8', { enumNames: AF_NAMES }],
  ['ifiPad', { pad: 1 }], // not 'pad': that key is IFLA_PAD's
  ['ifiType', 'u16', { enumNames: IFI_TYPE_NAMES }],
  ['ifiIndex', 's32'],
  ['ifiFlags', 'u32', { flagNames: IFF_NAMES }],
  ['ifiChange', 'u32', { flagNames: IFF_NAMES }],
])

export type PropList = AttrValue<typeof propListAttrs>

/** IFLA_PROP_LIST: the link's alternative names (RTM_NEWLINKPROP / DELLINKPROP and dumps). */
export const propListAttrs = defineAttrs('prop-list-link-attrs', 'IFLA_', [
  [IFLA_ALT_IFNAME, 'IFLA_ALT_IFNAME', 'string', { multi: true }],
])

export type ProtoDownReason = AttrValue<typeof protoDownReasonAttrs>

export const protoDownReasonAttrs = defineAttrs('proto-down-reason-attrs', 'IFLA_PROTO_DOWN_REASON_', [
  [IFLA_PROTO_DOWN_REASON_MASK, 'IFLA_PROTO_DOWN_REASON_MASK', 'u32'],
  [IFLA_PROTO_DOWN_REASON_VALUE, 'IFLA_PROTO_DOWN_REASON_VALUE', 'u32'],
])

/**
 * A YNL "uint": 4 bytes when the value fits, else 8 (nla_put_uint). A 4-byte payload decodes to a
 * number and an 8-byte one to a bigint, and each encodes back to its own width.
 */
export const uintCodec: ValueCodec<number | bigint> = {
  describe: 'uint (u32 or u64)',
  decode(d, start, end) {
    if (end - start === 4) return d.u32(start)
    if (end - start === 8) return d.u64(start)
    return d.fail(`expected 4 or 8 bytes, got ${end - start}`, start - 4)
  },
  encode(w, v) {
    if (typeof v === 'bigint') w.u64(v)
    else if (typeof v === 'number' && v > 0xffffffff) w.u64(v)
    else w.u32(v)
  },
}

/** What IFLA_LINKINFO's data holds: the veth peer for 'veth', a registered kind's attributes, or bytes. */
export type LinkInfoData = VethInfo<LinkBody> | KindData

/** The link attributes (everything after ifinfomsg). */
export interface LinkAttrs {
  /** Hardware address: '02:aa:bb:cc:dd:ee'. */
  address?: string
  broadcast?: string
  ifname?: string
  mtu?: number
  /** ifindex of the underlying or peer link (in the namespace of linkNetnsid, if given). */
  link?: number
  qdisc?: string
  stats?: RtnlLinkStats
  /** Unused by the kernel. */
  cost?: Uint8Array
  /** Unused by the kernel. */
  priority?: Uint8Array
  /** ifindex of the master (bridge, bond ...); 0 in a request releases the link. */
  master?: number
  /** Wireless extension event. */
  wireless?: Uint8Array
  /** By ifi_family: bridge port settings for AF_BRIDGE, IFLA_INET6_* for AF_INET6. */
  protinfo?: Protinfo
  txqlen?: number
  map?: RtnlLinkIfmap
  weight?: number
  /** IF_OPER_* */
  operstate?: number
  /** IF_LINK_MODE_* */
  linkmode?: number
  linkinfo?: LinkInfo<LinkInfoData>
  /** Move the link to the network namespace of this process. */
  netNsPid?: number
  ifalias?: string
  numVf?: number
  vfinfoList?: Uint8Array
  stats64?: RtnlLinkStats64
  vfPorts?: Uint8Array
  portSelf?: Uint8Array
  afSpec?: AfSpec
  group?: number
  /** Move the link to the network namespace open on this fd (of the sender). */
  netNsFd?: number
  /** RTEXT_FILTER_* bits. */
  extMask?: number
  promiscuity?: number
  numTxQueues?: number
  numRxQueues?: number
  carrier?: number
  physPortId?: Uint8Array
  carrierChanges?: number
  physSwitchId?: Uint8Array
  /** nsid (in this namespace) of the namespace that IFLA_LINK refers to. */
  linkNetnsid?: number
  physPortName?: string
  protoDown?: number
  gsoMaxSegs?: number
  gsoMaxSize?: number
  /** Alignment padding before 64-bit attributes. */
  pad?: Uint8Array
  xdp?: XdpAttrs
  /** IFLA_EVENT_* */
  event?: number
  newNetnsid?: number
  /** IFLA_TARGET_NETNSID: act on the namespace with this nsid. */
  targetNetnsid?: number
  carrierUpCount?: number
  carrierDownCount?: number
  newIfindex?: number
  minMtu?: number
  maxMtu?: number
  propList?: PropList
  /** An alternative name (GET and DEL requests by altname; RTM_NEWLINKPROP in IFLA_PROP_LIST). */
  altIfname?: string
  permAddress?: string
  protoDownReason?: ProtoDownReason
  parentDevName?: string
  parentDevBusName?: string
  groMaxSize?: number
  tsoMaxSize?: number
  tsoMaxSegs?: number
  allmulti?: number
  /** Nested devlink attributes, kept raw. */
  devlinkPort?: Uint8Array
  gsoIpv4MaxSize?: number
  groIpv4MaxSize?: number
  /** Nested DPLL_A_* attributes, kept raw. */
  dpllPin?: Uint8Array
  /** EDT offload horizon in ns (a YNL "uint": 4 bytes → number, 8 bytes → bigint). */
  maxPacingOffloadHorizon?: number | bigint
  /** 1: the link cannot change namespace (loopback, bridge ...). */
  netnsImmutable?: number
  headroom?: number
  tailroom?: number
  unknown?: RawAttr[]
}

/** One link message body: ifinfomsg fields and attributes side by side. */
export type LinkBody = IfInfoMsg & LinkAttrs

export type LinkMessage = Message<LinkBody> & {
  type: typeof RTM_NEWLINK | typeof RTM_DELLINK | typeof RTM_GETLINK | typeof RTM_SETLINK
}

export const linkAttrs = defineAttrs('link-attrs', 'IFLA_', [
  [IFLA_ADDRESS, 'IFLA_ADDRESS', 'lladdr'],
  [IFLA_BROADCAST, 'IFLA_BROADCAST', 'lladdr'],
  [IFLA_IFNAME, 'IFLA_IFNAME', 'string'],
  [IFLA_MTU, 'IFLA_MTU', 'u32'],
  [IFLA_LINK, 'IFLA_LINK', 'u32'],
  [IFLA_QDISC, 'IFLA_QDISC', 'string'],
  [IFLA_STATS, 'IFLA_STATS', rtnlLinkStats],
  [IFLA_COST, 'IFLA_COST', 'binary'],
  [IFLA_PRIORITY, 'IFLA_PRIORITY', 'binary'],
  [IFLA_MASTER, 'IFLA_MASTER', 'u32'],
  [IFLA_WIRELESS, 'IFLA_WIRELESS', 'binary'],
  [IFLA_PROTINFO, 'IFLA_PROTINFO', protinfoCodec, { nestedFlag: true }],
  [IFLA_TXQLEN, 'IFLA_TXQLEN', 'u32'],
  [IFLA_MAP, 'IFLA_MAP', rtnlLinkIfmap],
  [IFLA_WEIGHT, 'IFLA_WEIGHT', 'u32'],
  [IFLA_OPERSTATE, 'IFLA_OPERSTATE', 'u8', { enumNames: IF_OPER_NAMES }],
  [IFLA_LINKMODE, 'IFLA_LINKMODE', 'u8', { enumNames: IF_LINK_MODE_NAMES }],
  [IFLA_LINKINFO, 'IFLA_LINKINFO', linkInfoCodec],
  [IFLA_NET_NS_PID, 'IFLA_NET_NS_PID', 'u32'],
  [IFLA_IFALIAS, 'IFLA_IFALIAS', 'string', { noNulInRequests: true }],
  [IFLA_NUM_VF, 'IFLA_NUM_VF', 'u32'],
  [IFLA_VFINFO_LIST, 'IFLA_VFINFO_LIST', 'binary'],
  [IFLA_STATS64, 'IFLA_STATS64', rtnlLinkStats64],
  [IFLA_VF_PORTS, 'IFLA_VF_PORTS', 'binary'],
  [IFLA_PORT_SELF, 'IFLA_PORT_SELF', 'binary'],
  [IFLA_AF_SPEC, 'IFLA_AF_SPEC', afSpecCodec],
  [IFLA_GROUP, 'IFLA_GROUP', 'u32'],
  [IFLA_NET_NS_FD, 'IFLA_NET_NS_FD', 'u32'],
  [IFLA_EXT_MASK, 'IFLA_EXT_MASK', 'u32', { flagNames: RTEXT_FILTER_NAMES }],
  [IFLA_PROMISCUITY, 'IFLA_PROMISCUITY', 'u32'],
  [IFLA_NUM_TX_QUEUES, 'IFLA_NUM_TX_QUEUES', 'u32'],
  [IFLA_NUM_RX_QUEUES, 'IFLA_NUM_RX_QUEUES', 'u32'],
  [IFLA_CARRIER, 'IFLA_CARRIER', 'u8'],
  [IFLA_PHYS_PORT_ID, 'IFLA_PHYS_PORT_ID', 'binary'],
  [IFLA_CARRIER_CHANGES, 'IFLA_CARRIER_CHANGES', 'u32'],
  [IFLA_PHYS_SWITCH_ID, 'IFLA_PHYS_SWITCH_ID', 'binary'],
  [IFLA_LINK_NETNSID, 'IFLA_LINK_NETNSID', 's32'],
  [IFLA_PHYS_PORT_NAME, 'IFLA_PHYS_PORT_NAME', 'string'],
  [IFLA_PROTO_DOWN, 'IFLA_PROTO_DOWN', 'u8'],
  [IFLA_GSO_MAX_SEGS, 'IFLA_GSO_MAX_SEGS', 'u32'],
  [IFLA_GSO_MAX_SIZE, 'IFLA_GSO_MAX_SIZE', 'u32'],
  [IFLA_PAD, 'IFLA_PAD', 'binary'],
  [IFLA_XDP, 'IFLA_XDP', 'nest', { nest: xdpAttrs }],
  [IFLA_EVENT, 'IFLA_EVENT', 'u32', { enumNames: IFLA_EVENT_NAMES }],
  [IFLA_NEW_NETNSID, 'IFLA_NEW_NETNSID', 's32'],
  [IFLA_IF_NETNSID, 'IFLA_IF_NETNSID', 's32', { key: 'targetNetnsid' }],
  [IFLA_CARRIER_UP_COUNT, 'IFLA_CARRIER_UP_COUNT', 'u32'],
  [IFLA_CARRIER_DOWN_COUNT, 'IFLA_CARRIER_DOWN_COUNT', 'u32'],
  [IFLA_NEW_IFINDEX, 'IFLA_NEW_IFINDEX', 's32'],
  [IFLA_MIN_MTU, 'IFLA_MIN_MTU', 'u32'],
  [IFLA_MAX_MTU, 'IFLA_MAX_MTU', 'u32'],
  [IFLA_PROP_LIST, 'IFLA_PROP_LIST', 'nest', { nest: propListAttrs, nestedFlag: true }],
  [IFLA_ALT_IFNAME, 'IFLA_ALT_IFNAME', 'string'],
  [IFLA_PERM_ADDRESS, 'IFLA_PERM_ADDRESS', 'lladdr'],
  [IFLA_PROTO_DOWN_REASON, 'IFLA_PROTO_DOWN_REASON', 'nest', { nest: protoDownReasonAttrs }],
  [IFLA_PARENT_DEV_NAME, 'IFLA_PARENT_DEV_NAME', 'string'],
  [IFLA_PARENT_DEV_BUS_NAME, 'IFLA_PARENT_DEV_BUS_NAME', 'string'],
  [IFLA_GRO_MAX_SIZE, 'IFLA_GRO_MAX_SIZE', 'u32'],
  [IFLA_TSO_MAX_SIZE, 'IFLA_TSO_MAX_SIZE', 'u32'],
  [IFLA_TSO_MAX_SEGS, 'IFLA_TSO_MAX_SEGS', 'u32'],
  [IFLA_ALLMULTI, 'IFLA_ALLMULTI', 'u32'],
  // The kernel opens these two nests with NLA_F_NESTED (nla_nest_start); canonical encoding matches.
  [IFLA_DEVLINK_PORT, 'IFLA_DEVLINK_PORT', 'binary', { nestedFlag: true }],
  [IFLA_GSO_IPV4_MAX_SIZE, 'IFLA_GSO_IPV4_MAX_SIZE', 'u32'],
  [IFLA_GRO_IPV4_MAX_SIZE, 'IFLA_GRO_IPV4_MAX_SIZE', 'u32'],
  [IFLA_DPLL_PIN, 'IFLA_DPLL_PIN', 'binary', { nestedFlag: true }],
  [IFLA_MAX_PACING_OFFLOAD_HORIZON, 'IFLA_MAX_PACING_OFFLOAD_HORIZON', uintCodec],
  [IFLA_NETNS_IMMUTABLE, 'IFLA_NETNS_IMMUTABLE', 'u8'],
  [IFLA_HEADROOM, 'IFLA_HEADROOM', 'u16'],
  [IFLA_TAILROOM, 'IFLA_TAILROOM', 'u16'],
])

export const linkBody = new FixedAttrsBody<LinkBody>('link', ifinfomsg as unknown as StructCodec, linkAttrs)

export const LINK_TYPES: readonly number[] = [RTM_NEWLINK, RTM_DELLINK, RTM_GETLINK, RTM_SETLINK]

export const link = familyCodec<LinkMessage>(LINK_TYPES, linkBody)

/** Alternative names are added and removed with their own message types, over the same body. */
export type LinkPropMessage = Message<LinkBody> & { type: typeof RTM_NEWLINKPROP | typeof RTM_DELLINKPROP }

export const LINK_PROP_TYPES: readonly number[] = [RTM_NEWLINKPROP, RTM_DELLINKPROP]

export const linkProp = familyCodec<LinkPropMessage>(LINK_PROP_TYPES, linkBody)

