// IFLA_TUN_*: tun/tap devices as the kernel describes them, IFLA_LINKINFO > IFLA_INFO_DATA when
// IFLA_INFO_KIND is "tun" (include/uapi/linux/if_link.h; types from tun_policy and tun_fill_info
// in drivers/net/tun.c, kernel 6.18). Read side only: tun devices are created through
// /dev/net/tun ioctls (`ip tuntap add` does the same); an RTM_NEWLINK with kind "tun" is refused
// with EOPNOTSUPP.
import { type AttrValue, defineAttrs } from '../core/attrs.js'

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
export type TunAttrs = AttrValue<typeof tunAttrs>

export const tunAttrs = defineAttrs('linkinfo-tun-attrs', 'IFLA_TUN_', [
  // uid allowed to attach (absent: anyone with CAP_NET_ADMIN)
  [IFLA_TUN_OWNER, 'IFLA_TUN_OWNER', 'u32'],
  // gid allowed to attach
  [IFLA_TUN_GROUP, 'IFLA_TUN_GROUP', 'u32'],
  // IFF_TUN or IFF_TAP
  [IFLA_TUN_TYPE, 'IFLA_TUN_TYPE', 'u8', { enumNames: { [IFF_TUN]: 'tun', [IFF_TAP]: 'tap' } }],
  // 1: packets carry a struct tun_pi header
  [IFLA_TUN_PI, 'IFLA_TUN_PI', 'u8'],
  [IFLA_TUN_VNET_HDR, 'IFLA_TUN_VNET_HDR', 'u8'],
  [IFLA_TUN_PERSIST, 'IFLA_TUN_PERSIST', 'u8'],
  [IFLA_TUN_MULTI_QUEUE, 'IFLA_TUN_MULTI_QUEUE', 'u8'],
  // Only for multi-queue devices.
  [IFLA_TUN_NUM_QUEUES, 'IFLA_TUN_NUM_QUEUES', 'u32'],
  // Only for multi-queue devices.
  [IFLA_TUN_NUM_DISABLED_QUEUES, 'IFLA_TUN_NUM_DISABLED_QUEUES', 'u32'],
])
