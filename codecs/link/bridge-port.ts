// IFLA_BRPORT_*: the settings of one bridge port. The same attribute set travels in two places:
//   - IFLA_LINKINFO > IFLA_INFO_SLAVE_DATA of a device whose master is a bridge (the kernel names
//     the slave kind "bridge"; iproute2's `ip link set DEV type bridge_slave ...` sends
//     "bridge_slave"), and
//   - IFLA_PROTINFO of RTM_NEWLINK / RTM_SETLINK messages with ifi_family AF_BRIDGE (what
//     `bridge link show|set` exchange; there the nest carries NLA_F_NESTED).
// Values: include/uapi/linux/if_link.h; types from br_port_policy and br_port_fill_attrs in
// net/bridge/br_netlink.c (kernel 6.18). The on/off options are u8 0/1 both ways, even where the
// YNL spec (linkinfo-brport-attrs) calls them flags.
import { type AttrValue, defineAttrs } from '../core/attrs.js'
import { MDB_RTR_TYPE_NAMES, iflaBridgeId } from './bridge.js'

/** IFLA_INFO_SLAVE_KIND of a bridge port as the kernel reports it. */
export const BRIDGE_SLAVE_KIND = 'bridge'
/** IFLA_INFO_SLAVE_KIND that iproute2 sends when setting port options (`type bridge_slave`). */
export const BRIDGE_SLAVE_KIND_IPROUTE2 = 'bridge_slave'

export const IFLA_BRPORT_UNSPEC = 0
export const IFLA_BRPORT_STATE = 1
export const IFLA_BRPORT_PRIORITY = 2
export const IFLA_BRPORT_COST = 3
export const IFLA_BRPORT_MODE = 4
export const IFLA_BRPORT_GUARD = 5
export const IFLA_BRPORT_PROTECT = 6
export const IFLA_BRPORT_FAST_LEAVE = 7
export const IFLA_BRPORT_LEARNING = 8
export const IFLA_BRPORT_UNICAST_FLOOD = 9
export const IFLA_BRPORT_PROXYARP = 10
export const IFLA_BRPORT_LEARNING_SYNC = 11
export const IFLA_BRPORT_PROXYARP_WIFI = 12
export const IFLA_BRPORT_ROOT_ID = 13
export const IFLA_BRPORT_BRIDGE_ID = 14
export const IFLA_BRPORT_DESIGNATED_PORT = 15
export const IFLA_BRPORT_DESIGNATED_COST = 16
export const IFLA_BRPORT_ID = 17
export const IFLA_BRPORT_NO = 18
export const IFLA_BRPORT_TOPOLOGY_CHANGE_ACK = 19
export const IFLA_BRPORT_CONFIG_PENDING = 20
export const IFLA_BRPORT_MESSAGE_AGE_TIMER = 21
export const IFLA_BRPORT_FORWARD_DELAY_TIMER = 22
export const IFLA_BRPORT_HOLD_TIMER = 23
export const IFLA_BRPORT_FLUSH = 24
export const IFLA_BRPORT_MULTICAST_ROUTER = 25
/** Alignment filler before a u64 on architectures that need it; none on x86-64. */
export const IFLA_BRPORT_PAD = 26
export const IFLA_BRPORT_MCAST_FLOOD = 27
export const IFLA_BRPORT_MCAST_TO_UCAST = 28
export const IFLA_BRPORT_VLAN_TUNNEL = 29
export const IFLA_BRPORT_BCAST_FLOOD = 30
export const IFLA_BRPORT_GROUP_FWD_MASK = 31
export const IFLA_BRPORT_NEIGH_SUPPRESS = 32
export const IFLA_BRPORT_ISOLATED = 33
export const IFLA_BRPORT_BACKUP_PORT = 34
export const IFLA_BRPORT_MRP_RING_OPEN = 35
export const IFLA_BRPORT_MRP_IN_OPEN = 36
export const IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT = 37
export const IFLA_BRPORT_MCAST_EHT_HOSTS_CNT = 38
export const IFLA_BRPORT_LOCKED = 39
export const IFLA_BRPORT_MAB = 40
export const IFLA_BRPORT_MCAST_N_GROUPS = 41
export const IFLA_BRPORT_MCAST_MAX_GROUPS = 42
export const IFLA_BRPORT_NEIGH_VLAN_SUPPRESS = 43
export const IFLA_BRPORT_BACKUP_NHID = 44

// Spanning-tree port states (linux/if_bridge.h), the values of IFLA_BRPORT_STATE.
export const BR_STATE_DISABLED = 0
export const BR_STATE_LISTENING = 1
export const BR_STATE_LEARNING = 2
export const BR_STATE_FORWARDING = 3
export const BR_STATE_BLOCKING = 4

// IFLA_BRPORT_MODE values (linux/if_link.h).
export const BRIDGE_MODE_UNSPEC = 0
export const BRIDGE_MODE_HAIRPIN = 1

/** Decoded bridge port attributes (YNL linkinfo-brport-attrs). */
export type BridgePortAttrs = AttrValue<typeof bridgePortAttrs>

const STATE_NAMES = {
  [BR_STATE_DISABLED]: 'disabled',
  [BR_STATE_LISTENING]: 'listening',
  [BR_STATE_LEARNING]: 'learning',
  [BR_STATE_FORWARDING]: 'forwarding',
  [BR_STATE_BLOCKING]: 'blocking',
}

// IFLA_BRPORT_PAD is not in the table: it only appears on architectures that pad u64 values and
// then lands in `unknown`, re-encoded in place.
export const bridgePortAttrs = defineAttrs('linkinfo-brport-attrs', 'IFLA_BRPORT_', [
  // BR_STATE_*
  [IFLA_BRPORT_STATE, 'IFLA_BRPORT_STATE', 'u8', { enumNames: STATE_NAMES }],
  [IFLA_BRPORT_PRIORITY, 'IFLA_BRPORT_PRIORITY', 'u16'],
  [IFLA_BRPORT_COST, 'IFLA_BRPORT_COST', 'u32'],
  // hairpin: 1 sends frames back out of the port they came in on
  [IFLA_BRPORT_MODE, 'IFLA_BRPORT_MODE', 'u8'],
  // BPDU guard
  [IFLA_BRPORT_GUARD, 'IFLA_BRPORT_GUARD', 'u8'],
  // root block
  [IFLA_BRPORT_PROTECT, 'IFLA_BRPORT_PROTECT', 'u8'],
  [IFLA_BRPORT_FAST_LEAVE, 'IFLA_BRPORT_FAST_LEAVE', 'u8'],
  [IFLA_BRPORT_LEARNING, 'IFLA_BRPORT_LEARNING', 'u8'],
  [IFLA_BRPORT_UNICAST_FLOOD, 'IFLA_BRPORT_UNICAST_FLOOD', 'u8'],
  [IFLA_BRPORT_PROXYARP, 'IFLA_BRPORT_PROXYARP', 'u8'],
  // Neither in br_port_policy nor written by br_port_fill_attrs in 6.18; u8 like its siblings.
  [IFLA_BRPORT_LEARNING_SYNC, 'IFLA_BRPORT_LEARNING_SYNC', 'u8'],
  [IFLA_BRPORT_PROXYARP_WIFI, 'IFLA_BRPORT_PROXYARP_WIFI', 'u8'],
  [IFLA_BRPORT_ROOT_ID, 'IFLA_BRPORT_ROOT_ID', iflaBridgeId],
  [IFLA_BRPORT_BRIDGE_ID, 'IFLA_BRPORT_BRIDGE_ID', iflaBridgeId],
  [IFLA_BRPORT_DESIGNATED_PORT, 'IFLA_BRPORT_DESIGNATED_PORT', 'u16'],
  [IFLA_BRPORT_DESIGNATED_COST, 'IFLA_BRPORT_DESIGNATED_COST', 'u16'],
  // Port identifier: priority in the high bits, port number below.
  [IFLA_BRPORT_ID, 'IFLA_BRPORT_ID', 'u16'],
  [IFLA_BRPORT_NO, 'IFLA_BRPORT_NO', 'u16'],
  [IFLA_BRPORT_TOPOLOGY_CHANGE_ACK, 'IFLA_BRPORT_TOPOLOGY_CHANGE_ACK', 'u8'],
  [IFLA_BRPORT_CONFIG_PENDING, 'IFLA_BRPORT_CONFIG_PENDING', 'u8'],
  // clock_t (centiseconds)
  [IFLA_BRPORT_MESSAGE_AGE_TIMER, 'IFLA_BRPORT_MESSAGE_AGE_TIMER', 'u64'],
  // clock_t (centiseconds)
  [IFLA_BRPORT_FORWARD_DELAY_TIMER, 'IFLA_BRPORT_FORWARD_DELAY_TIMER', 'u64'],
  // clock_t (centiseconds)
  [IFLA_BRPORT_HOLD_TIMER, 'IFLA_BRPORT_HOLD_TIMER', 'u64'],
  // Sent empty by iproute2 (`flush`); the kernel only tests for its presence.
  // Request only: flush the port's forwarding database entries.
  [IFLA_BRPORT_FLUSH, 'IFLA_BRPORT_FLUSH', 'flag'],
  // MDB_RTR_TYPE_*
  [IFLA_BRPORT_MULTICAST_ROUTER, 'IFLA_BRPORT_MULTICAST_ROUTER', 'u8', { enumNames: MDB_RTR_TYPE_NAMES }],
  [IFLA_BRPORT_MCAST_FLOOD, 'IFLA_BRPORT_MCAST_FLOOD', 'u8'],
  [IFLA_BRPORT_MCAST_TO_UCAST, 'IFLA_BRPORT_MCAST_TO_UCAST', 'u8'],
  [IFLA_BRPORT_VLAN_TUNNEL, 'IFLA_BRPORT_VLAN_TUNNEL', 'u8'],
  [IFLA_BRPORT_BCAST_FLOOD, 'IFLA_BRPORT_BCAST_FLOOD', 'u8'],
  [IFLA_BRPORT_GROUP_FWD_MASK, 'IFLA_BRPORT_GROUP_FWD_MASK', 'u16'],
  [IFLA_BRPORT_NEIGH_SUPPRESS, 'IFLA_BRPORT_NEIGH_SUPPRESS', 'u8'],
  [IFLA_BRPORT_ISOLATED, 'IFLA_BRPORT_ISOLATED', 'u8'],
  // ifindex of the backup port (0 in a request removes it).
  [IFLA_BRPORT_BACKUP_PORT, 'IFLA_BRPORT_BACKUP_PORT', 'u32'],
  [IFLA_BRPORT_MRP_RING_OPEN, 'IFLA_BRPORT_MRP_RING_OPEN', 'u8'],
  [IFLA_BRPORT_MRP_IN_OPEN, 'IFLA_BRPORT_MRP_IN_OPEN', 'u8'],
  [IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT, 'IFLA_BRPORT_MCAST_EHT_HOSTS_LIMIT', 'u32'],
  [IFLA_BRPORT_MCAST_EHT_HOSTS_CNT, 'IFLA_BRPORT_MCAST_EHT_HOSTS_CNT', 'u32'],
  [IFLA_BRPORT_LOCKED, 'IFLA_BRPORT_LOCKED', 'u8'],
  [IFLA_BRPORT_MAB, 'IFLA_BRPORT_MAB', 'u8'],
  [IFLA_BRPORT_MCAST_N_GROUPS, 'IFLA_BRPORT_MCAST_N_GROUPS', 'u32'],
  [IFLA_BRPORT_MCAST_MAX_GROUPS, 'IFLA_BRPORT_MCAST_MAX_GROUPS', 'u32'],
  [IFLA_BRPORT_NEIGH_VLAN_SUPPRESS, 'IFLA_BRPORT_NEIGH_VLAN_SUPPRESS', 'u8'],
  [IFLA_BRPORT_BACKUP_NHID, 'IFLA_BRPORT_BACKUP_NHID', 'u32'],
])
