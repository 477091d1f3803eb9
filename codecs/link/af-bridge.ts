// IFLA_BRIDGE_* (linux/if_bridge.h): what IFLA_AF_SPEC holds in AF_BRIDGE link messages — port
// VLANs in notifications and dumps with RTEXT_FILTER_BRVLAN, and the `bridge vlan add/del`
// requests (RTM_SETLINK / RTM_DELLINK of family AF_BRIDGE). MRP, CFM and MST stay raw bytes.
import { namesOf } from '../core/names.js'
import { type AttrValue, defineAttrs } from '../core/attrs.js'
import { defineStruct } from '../core/struct.js'

export const IFLA_BRIDGE_FLAGS = 0
export const IFLA_BRIDGE_MODE = 1
export const IFLA_BRIDGE_VLAN_INFO = 2
export const IFLA_BRIDGE_VLAN_TUNNEL_INFO = 3
export const IFLA_BRIDGE_MRP = 4
export const IFLA_BRIDGE_CFM = 5
export const IFLA_BRIDGE_MST = 6

// IFLA_BRIDGE_FLAGS (u16): who handles the request
export const BRIDGE_FLAGS_MASTER = 1
export const BRIDGE_FLAGS_SELF = 2

// IFLA_BRIDGE_MODE (u16)
export const BRIDGE_MODE_VEB = 0
export const BRIDGE_MODE_VEPA = 1
export const BRIDGE_MODE_UNDEF = 0xffff

// struct bridge_vlan_info .flags
export const BRIDGE_VLAN_INFO_MASTER = 1 << 0
export const BRIDGE_VLAN_INFO_PVID = 1 << 1
export const BRIDGE_VLAN_INFO_UNTAGGED = 1 << 2
export const BRIDGE_VLAN_INFO_RANGE_BEGIN = 1 << 3
export const BRIDGE_VLAN_INFO_RANGE_END = 1 << 4
export const BRIDGE_VLAN_INFO_BRENTRY = 1 << 5
export const BRIDGE_VLAN_INFO_ONLY_OPTS = 1 << 6

export const BRIDGE_VLAN_INFO_NAMES: Readonly<Record<number, string>> = namesOf({ BRIDGE_VLAN_INFO_MASTER, BRIDGE_VLAN_INFO_PVID, BRIDGE_VLAN_INFO_UNTAGGED, BRIDGE_VLAN_INFO_RANGE_BEGIN, BRIDGE_VLAN_INFO_RANGE_END, BRIDGE_VLAN_INFO_BRENTRY, BRIDGE_VLAN_INFO_ONLY_OPTS }, 'BRIDGE_VLAN_INFO_')

export const IFLA_BRIDGE_VLAN_TUNNEL_UNSPEC = 0
export const IFLA_BRIDGE_VLAN_TUNNEL_ID = 1
export const IFLA_BRIDGE_VLAN_TUNNEL_VID = 2
export const IFLA_BRIDGE_VLAN_TUNNEL_FLAGS = 3

/** struct bridge_vlan_info */
export interface BridgeVlanInfo {
  /** BRIDGE_VLAN_INFO_* bits */
  flags: number
  vid: number
}

export const bridgeVlanInfo = defineStruct<BridgeVlanInfo>('bridge_vlan_info', [
  ['flags', 'u16'],
  ['vid', 'u16'],
])

export type BridgeVlanTunnelInfo = AttrValue<typeof bridgeVlanTunnelAttrs>

export const bridgeVlanTunnelAttrs = defineAttrs('bridge-vlan-tunnel-attrs', 'IFLA_BRIDGE_VLAN_TUNNEL_', [
  // Tunnel id (VNI)
  [IFLA_BRIDGE_VLAN_TUNNEL_ID, 'IFLA_BRIDGE_VLAN_TUNNEL_ID', 'u32'],
  [IFLA_BRIDGE_VLAN_TUNNEL_VID, 'IFLA_BRIDGE_VLAN_TUNNEL_VID', 'u16'],
  // BRIDGE_VLAN_INFO_* bits
  [IFLA_BRIDGE_VLAN_TUNNEL_FLAGS, 'IFLA_BRIDGE_VLAN_TUNNEL_FLAGS', 'u16', { flagNames: BRIDGE_VLAN_INFO_NAMES }],
])

export type AfBridgeAttrs = AttrValue<typeof afBridgeAttrs>

export const afBridgeAttrs = defineAttrs('af-bridge-attrs', 'IFLA_BRIDGE_', [
  // BRIDGE_FLAGS_*
  [IFLA_BRIDGE_FLAGS, 'IFLA_BRIDGE_FLAGS', 'u16'],
  // BRIDGE_MODE_*
  [IFLA_BRIDGE_MODE, 'IFLA_BRIDGE_MODE', 'u16'],
  // One entry per IFLA_BRIDGE_VLAN_INFO attribute, in wire order.
  [IFLA_BRIDGE_VLAN_INFO, 'IFLA_BRIDGE_VLAN_INFO', bridgeVlanInfo, { multi: true }],
  [IFLA_BRIDGE_VLAN_TUNNEL_INFO, 'IFLA_BRIDGE_VLAN_TUNNEL_INFO', 'nest', { nest: bridgeVlanTunnelAttrs, multi: true }],
  [IFLA_BRIDGE_MRP, 'IFLA_BRIDGE_MRP', 'binary'],
  [IFLA_BRIDGE_CFM, 'IFLA_BRIDGE_CFM', 'binary'],
  [IFLA_BRIDGE_MST, 'IFLA_BRIDGE_MST', 'binary'],
])
