// IFLA_XDP (IFLA_XDP_*, linux/if_link.h): the XDP program attached to a link. Requests set it
// with an fd; the kernel reports the attach mode and program ids.
import { type AttrValue, defineAttrs } from '../core/attrs.js'

export const IFLA_XDP_UNSPEC = 0
export const IFLA_XDP_FD = 1
export const IFLA_XDP_ATTACHED = 2
export const IFLA_XDP_FLAGS = 3
export const IFLA_XDP_PROG_ID = 4
export const IFLA_XDP_DRV_PROG_ID = 5
export const IFLA_XDP_SKB_PROG_ID = 6
export const IFLA_XDP_HW_PROG_ID = 7
export const IFLA_XDP_EXPECTED_FD = 8

// IFLA_XDP_FLAGS
export const XDP_FLAGS_UPDATE_IF_NOEXIST = 1 << 0
export const XDP_FLAGS_SKB_MODE = 1 << 1
export const XDP_FLAGS_DRV_MODE = 1 << 2
export const XDP_FLAGS_HW_MODE = 1 << 3
export const XDP_FLAGS_REPLACE = 1 << 4

// IFLA_XDP_ATTACHED
export const XDP_ATTACHED_NONE = 0
export const XDP_ATTACHED_DRV = 1
export const XDP_ATTACHED_SKB = 2
export const XDP_ATTACHED_HW = 3
export const XDP_ATTACHED_MULTI = 4

export const XDP_ATTACHED_NAMES: Readonly<Record<number, string>> = {
  [XDP_ATTACHED_NONE]: 'none',
  [XDP_ATTACHED_DRV]: 'drv',
  [XDP_ATTACHED_SKB]: 'skb',
  [XDP_ATTACHED_HW]: 'hw',
  [XDP_ATTACHED_MULTI]: 'multi',
}

export type XdpAttrs = AttrValue<typeof xdpAttrs>

export const xdpAttrs = defineAttrs('xdp-attrs', 'IFLA_XDP_', [
  [IFLA_XDP_FD, 'IFLA_XDP_FD', 's32'],
  [IFLA_XDP_ATTACHED, 'IFLA_XDP_ATTACHED', 'u8', { enumNames: XDP_ATTACHED_NAMES }],
  [IFLA_XDP_FLAGS, 'IFLA_XDP_FLAGS', 'u32'],
  [IFLA_XDP_PROG_ID, 'IFLA_XDP_PROG_ID', 'u32'],
  [IFLA_XDP_DRV_PROG_ID, 'IFLA_XDP_DRV_PROG_ID', 'u32'],
  [IFLA_XDP_SKB_PROG_ID, 'IFLA_XDP_SKB_PROG_ID', 'u32'],
  [IFLA_XDP_HW_PROG_ID, 'IFLA_XDP_HW_PROG_ID', 'u32'],
  [IFLA_XDP_EXPECTED_FD, 'IFLA_XDP_EXPECTED_FD', 's32'],
])
