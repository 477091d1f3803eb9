// IFLA_VLAN_*: 802.1Q / 802.1ad VLAN devices, IFLA_LINKINFO > IFLA_INFO_DATA when IFLA_INFO_KIND
// is "vlan" (include/uapi/linux/if_link.h; types from vlan_policy / vlan_map_policy and
// vlan_fill_info in net/8021q/vlan_netlink.c, kernel 6.18).
import { type AttrValue, defineAttrs } from '../core/attrs.js'
import { defineStruct } from '../core/struct.js'

/** IFLA_INFO_KIND of a VLAN device. */
export const VLAN_KIND = 'vlan'

export const IFLA_VLAN_UNSPEC = 0
export const IFLA_VLAN_ID = 1
export const IFLA_VLAN_FLAGS = 2
export const IFLA_VLAN_EGRESS_QOS = 3
export const IFLA_VLAN_INGRESS_QOS = 4
export const IFLA_VLAN_PROTOCOL = 5

export const IFLA_VLAN_QOS_UNSPEC = 0
export const IFLA_VLAN_QOS_MAPPING = 1

// enum vlan_flags (linux/if_vlan.h): bits of ifla_vlan_flags.flags / .mask.
export const VLAN_FLAG_REORDER_HDR = 0x1
export const VLAN_FLAG_GVRP = 0x2
export const VLAN_FLAG_LOOSE_BINDING = 0x4
export const VLAN_FLAG_MVRP = 0x8
export const VLAN_FLAG_BRIDGE_BINDING = 0x10

// VLAN tag protocols (linux/if_ether.h), as IFLA_VLAN_PROTOCOL and IFLA_BR_VLAN_PROTOCOL carry them.
export const ETH_P_8021Q = 0x8100
export const ETH_P_8021AD = 0x88a8

/** struct ifla_vlan_flags: `flags` are the new values of the bits set in `mask`. */
export interface VlanFlags {
  flags: number
  mask: number
}

export const iflaVlanFlags = defineStruct<VlanFlags>('ifla_vlan_flags', [
  ['flags', 'u32'],
  ['mask', 'u32'],
])

/** struct ifla_vlan_qos_mapping: skb priority `from` ↔ 802.1p priority `to`. */
export interface VlanQosMapping {
  from: number
  to: number
}

export const iflaVlanQosMapping = defineStruct<VlanQosMapping>('ifla_vlan_qos_mapping', [
  ['from', 'u32'],
  ['to', 'u32'],
])

export type VlanQos = AttrValue<typeof vlanQosAttrs>

/** IFLA_VLAN_EGRESS_QOS / IFLA_VLAN_INGRESS_QOS: one IFLA_VLAN_QOS_MAPPING per mapping. */
export const vlanQosAttrs = defineAttrs('ifla-vlan-qos', 'IFLA_VLAN_QOS_', [
  [IFLA_VLAN_QOS_MAPPING, 'IFLA_VLAN_QOS_MAPPING', iflaVlanQosMapping, { multi: true }],
])

/** Decoded IFLA_INFO_DATA of a VLAN device (YNL linkinfo-vlan-attrs). */
export type VlanAttrs = AttrValue<typeof vlanAttrs>

// Both iproute2 (addattr_nest) and the kernel (nla_nest_start_noflag) send the QOS nests
// without NLA_F_NESTED, so no nestedFlag.
export const vlanAttrs = defineAttrs('linkinfo-vlan-attrs', 'IFLA_VLAN_', [
  [IFLA_VLAN_ID, 'IFLA_VLAN_ID', 'u16'],
  [IFLA_VLAN_FLAGS, 'IFLA_VLAN_FLAGS', iflaVlanFlags],
  [IFLA_VLAN_EGRESS_QOS, 'IFLA_VLAN_EGRESS_QOS', 'nest', { nest: vlanQosAttrs }],
  [IFLA_VLAN_INGRESS_QOS, 'IFLA_VLAN_INGRESS_QOS', 'nest', { nest: vlanQosAttrs }],
  // ETH_P_8021Q or ETH_P_8021AD
  [IFLA_VLAN_PROTOCOL, 'IFLA_VLAN_PROTOCOL', 'be16', { enumNames: { [ETH_P_8021Q]: '802.1Q', [ETH_P_8021AD]: '802.1ad' } }],
])
