// MDBA_SET_ENTRY_ATTRS / MDBA_GET_ENTRY_ATTRS in MDB requests: the MDBE_ATTR_* attributes of the
// entry being added, deleted or asked for (linux/if_bridge.h; DST .. SRC_VNI are Linux 6.3+,
// STATE_MASK 6.8+, for VXLAN MDB entries and bulk deletion).
import { RTPROT_NAMES } from '../route.js'
import { type AttrValue, defineAttrs } from '../core/attrs.js'
import { MCAST_MODE_NAMES } from './eattr.js'

// enum MDBE_ATTR_*
export const MDBE_ATTR_UNSPEC = 0
export const MDBE_ATTR_SOURCE = 1
export const MDBE_ATTR_SRC_LIST = 2
export const MDBE_ATTR_GROUP_MODE = 3
export const MDBE_ATTR_RTPROT = 4
export const MDBE_ATTR_DST = 5
export const MDBE_ATTR_DST_PORT = 6
export const MDBE_ATTR_VNI = 7
export const MDBE_ATTR_IFINDEX = 8
export const MDBE_ATTR_SRC_VNI = 9
export const MDBE_ATTR_STATE_MASK = 10

// enum MDBE_SRC_LIST_*
export const MDBE_SRC_LIST_ENTRY = 1

// enum MDBE_SRCATTR_*
export const MDBE_SRCATTR_ADDRESS = 1

export const mdbeSrcAttrs = defineAttrs('mdbe-srcattr', 'MDBE_SRCATTR_', [
  [MDBE_SRCATTR_ADDRESS, 'MDBE_SRCATTR_ADDRESS', 'ipaddr'],
])

export const mdbeSrcListAttrs = defineAttrs('mdbe-src-list', 'MDBE_SRC_LIST_', [
  [MDBE_SRC_LIST_ENTRY, 'MDBE_SRC_LIST_ENTRY', 'nest', { nest: mdbeSrcAttrs, multi: true, nestedFlag: true }],
])

export const mdbeAttrs = defineAttrs('mdbe-attr', 'MDBE_ATTR_', [
  [MDBE_ATTR_SOURCE, 'MDBE_ATTR_SOURCE', 'ipaddr'],
  [MDBE_ATTR_SRC_LIST, 'MDBE_ATTR_SRC_LIST', 'nest', { nest: mdbeSrcListAttrs, nestedFlag: true }],
  // MCAST_EXCLUDE / MCAST_INCLUDE
  [MDBE_ATTR_GROUP_MODE, 'MDBE_ATTR_GROUP_MODE', 'u8', { enumNames: MCAST_MODE_NAMES }],
  // RTPROT_*
  [MDBE_ATTR_RTPROT, 'MDBE_ATTR_RTPROT', 'u8', { enumNames: RTPROT_NAMES }],
  [MDBE_ATTR_DST, 'MDBE_ATTR_DST', 'ipaddr'],
  [MDBE_ATTR_DST_PORT, 'MDBE_ATTR_DST_PORT', 'u16'],
  [MDBE_ATTR_VNI, 'MDBE_ATTR_VNI', 'u32'],
  [MDBE_ATTR_IFINDEX, 'MDBE_ATTR_IFINDEX', 's32'],
  [MDBE_ATTR_SRC_VNI, 'MDBE_ATTR_SRC_VNI', 'u32'],
  [MDBE_ATTR_STATE_MASK, 'MDBE_ATTR_STATE_MASK', 'u8'],
])

export type MdbeSource = AttrValue<typeof mdbeSrcAttrs>

/** MDBE_ATTR_SRC_LIST: the sources, one nest each. */
export type MdbeSrcList = AttrValue<typeof mdbeSrcListAttrs>

export type MdbeAttrs = AttrValue<typeof mdbeAttrs>
