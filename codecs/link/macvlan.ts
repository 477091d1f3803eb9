// IFLA_MACVLAN_*: macvlan and macvtap devices (macvtap is macvlan with a character device, same
// attributes), IFLA_LINKINFO > IFLA_INFO_DATA when IFLA_INFO_KIND is "macvlan" or "macvtap"
// (include/uapi/linux/if_link.h; types from macvlan_policy, macvlan_fill_info and
// macvlan_changelink_sources in drivers/net/macvlan.c, kernel 6.18). The YNL spec has no macvlan
// set, so the keys are the kernel names in camelCase.
import { type AttrValue, defineAttrs } from '../core/attrs.js'

/** IFLA_INFO_KIND of a macvlan device. */
export const MACVLAN_KIND = 'macvlan'
/** IFLA_INFO_KIND of a macvtap device (same attribute set). */
export const MACVTAP_KIND = 'macvtap'

export const IFLA_MACVLAN_UNSPEC = 0
export const IFLA_MACVLAN_MODE = 1
export const IFLA_MACVLAN_FLAGS = 2
export const IFLA_MACVLAN_MACADDR_MODE = 3
export const IFLA_MACVLAN_MACADDR = 4
export const IFLA_MACVLAN_MACADDR_DATA = 5
export const IFLA_MACVLAN_MACADDR_COUNT = 6
export const IFLA_MACVLAN_BC_QUEUE_LEN = 7
export const IFLA_MACVLAN_BC_QUEUE_LEN_USED = 8
export const IFLA_MACVLAN_BC_CUTOFF = 9

// enum macvlan_mode
/** Do not talk to other macvlans on the same lower device. */
export const MACVLAN_MODE_PRIVATE = 1
/** Talk to other ports through an external bridge. */
export const MACVLAN_MODE_VEPA = 2
/** Talk to other macvlans directly. */
export const MACVLAN_MODE_BRIDGE = 4
/** Take over the lower device. */
export const MACVLAN_MODE_PASSTHRU = 8
/** Receive by source MAC address (the IFLA_MACVLAN_MACADDR list). */
export const MACVLAN_MODE_SOURCE = 16

// enum macvlan_macaddr_mode: what IFLA_MACVLAN_MACADDR / _MACADDR_DATA do to the source list.
export const MACVLAN_MACADDR_ADD = 0
export const MACVLAN_MACADDR_DEL = 1
export const MACVLAN_MACADDR_FLUSH = 2
export const MACVLAN_MACADDR_SET = 3

// IFLA_MACVLAN_FLAGS bits
export const MACVLAN_FLAG_NOPROMISC = 1
/** Skip the destination macvlan if it matches the source macvlan. */
export const MACVLAN_FLAG_NODST = 2

/** IFLA_MACVLAN_MACADDR_DATA: the source MAC list, one IFLA_MACVLAN_MACADDR each. */
export type MacvlanMacaddrData = AttrValue<typeof macvlanMacaddrDataAttrs>

export const macvlanMacaddrDataAttrs = defineAttrs('macvlan-macaddr-data', 'IFLA_MACVLAN_', [
  [IFLA_MACVLAN_MACADDR, 'IFLA_MACVLAN_MACADDR', 'lladdr', { multi: true }],
])

/** Decoded IFLA_INFO_DATA of a macvlan or macvtap device. */
export type MacvlanAttrs = AttrValue<typeof macvlanAttrs>

const MODE_NAMES = {
  [MACVLAN_MODE_PRIVATE]: 'private',
  [MACVLAN_MODE_VEPA]: 'vepa',
  [MACVLAN_MODE_BRIDGE]: 'bridge',
  [MACVLAN_MODE_PASSTHRU]: 'passthru',
  [MACVLAN_MODE_SOURCE]: 'source',
}

export const macvlanAttrs = defineAttrs('linkinfo-macvlan-attrs', 'IFLA_MACVLAN_', [
  // MACVLAN_MODE_*
  [IFLA_MACVLAN_MODE, 'IFLA_MACVLAN_MODE', 'u32', { enumNames: MODE_NAMES }],
  // MACVLAN_FLAG_*
  [IFLA_MACVLAN_FLAGS, 'IFLA_MACVLAN_FLAGS', 'u16', { flagNames: { [MACVLAN_FLAG_NOPROMISC]: 'nopromisc', [MACVLAN_FLAG_NODST]: 'nodst' } }],
  // Request only: MACVLAN_MACADDR_*
  [
    IFLA_MACVLAN_MACADDR_MODE,
    'IFLA_MACVLAN_MACADDR_MODE',
    'u32',
    { enumNames: { [MACVLAN_MACADDR_ADD]: 'add', [MACVLAN_MACADDR_DEL]: 'del', [MACVLAN_MACADDR_FLUSH]: 'flush', [MACVLAN_MACADDR_SET]: 'set' } },
  ],
  // Request only: one address to add or delete.
  [IFLA_MACVLAN_MACADDR, 'IFLA_MACVLAN_MACADDR', 'lladdr'],
  // Both iproute2 and the kernel (nla_nest_start_noflag) send this nest without NLA_F_NESTED.
  [IFLA_MACVLAN_MACADDR_DATA, 'IFLA_MACVLAN_MACADDR_DATA', 'nest', { nest: macvlanMacaddrDataAttrs }],
  // Number of source addresses (mode source, replies).
  [IFLA_MACVLAN_MACADDR_COUNT, 'IFLA_MACVLAN_MACADDR_COUNT', 'u32'],
  [IFLA_MACVLAN_BC_QUEUE_LEN, 'IFLA_MACVLAN_BC_QUEUE_LEN', 'u32'],
  // The queue length in effect: the largest asked for by any macvlan on the lower device.
  [IFLA_MACVLAN_BC_QUEUE_LEN_USED, 'IFLA_MACVLAN_BC_QUEUE_LEN_USED', 'u32'],
  // Broadcast queue cutoff (signed; sent only when it differs from the default 1).
  [IFLA_MACVLAN_BC_CUTOFF, 'IFLA_MACVLAN_BC_CUTOFF', 's32'],
])
