// IFLA_TUN_*: tun/tap devices as the kernel describes them, IFLA_LINKINFO > IFLA_INFO_DATA when
// IFLA_INFO_KIND is "tun" (include/uapi/linux/if_link.h; types from tun_policy and tun_fill_info
// in drivers/net/tun.c, kernel 6.18). Read side only: tun devices are created through
// /dev/net/tun ioctls (`ip tuntap add` does the same); an RTM_NEWLINK with kind "tun" is refused
// with EOPNOTSUPP.
import { type RawAttr, defineAttrs } from '../core/attrs.js'

/** IFLA_INFO_KIND of a tun or tap device. */
export const TUN_KIND = 'tun'

export const IFLA_TUN_UNSPEC = 0
export const IFLA_TUN_OWNER = 1
export const IFLA_TUN_GROUP = 2
export const IFLA_TUN_TYPE = 3
export const IFLA_TUN_PI = 4
export const IFLA_TUN_VNET_HDR = 5
export const IFLA_TUN_PERSIST = 6
export const IFLA_TUN_MULTI_QUEUE = 7
export const IFLA_TUN_NUM_QUEUES = 8
export const IFLA_TUN_NUM_DISABLED_QUEUES = 9

// IFLA_TUN_TYPE values (linux/if_tun.h)
export const IFF_TUN = 0x0001
export const IFF_TAP = 0x0002

/** Decoded IFLA_INFO_DATA of a tun/tap device (YNL linkinfo-tun-attrs). */
export interface TunAttrs {
  /** uid allowed to attach (absent: anyone with CAP_NET_ADMIN) */
  owner?: number
  /** gid allowed to attach */
  group?: number
  /** IFF_TUN or IFF_TAP */
  type?: number
  /** 1: packets carry a struct tun_pi header */
  pi?: number
  vnetHdr?: number
  persist?: number
  multiQueue?: number
  /** Only for multi-queue devices. */
  numQueues?: number
  /** Only for multi-queue devices. */
  numDisabledQueues?: number
  unknown?: RawAttr[]
}

export const tunAttrs = defineAttrs('linkinfo-tun-attrs', 'IFLA_TUN_', [
  [IFLA_TUN_OWNER, 'IFLA_TUN_OWNER', 'u32'],
  [IFLA_TUN_GROUP, 'IFLA_TUN_GROUP', 'u32'],
  [IFLA_TUN_TYPE, 'IFLA_TUN_TYPE', 'u8', { enumNames: { [IFF_TUN]: 'tun', [IFF_TAP]: 'tap' } }],
  [IFLA_TUN_PI, 'IFLA_TUN_PI', 'u8'],
  [IFLA_TUN_VNET_HDR, 'IFLA_TUN_VNET_HDR', 'u8'],
  [IFLA_TUN_PERSIST, 'IFLA_TUN_PERSIST', 'u8'],
  [IFLA_TUN_MULTI_QUEUE, 'IFLA_TUN_MULTI_QUEUE', 'u8'],
  [IFLA_TUN_NUM_QUEUES, 'IFLA_TUN_NUM_QUEUES', 'u32'],
  [IFLA_TUN_NUM_DISABLED_QUEUES, 'IFLA_TUN_NUM_DISABLED_QUEUES', 'u32'],
])
