// IFLA_BR_*: a bridge device's own settings, carried in IFLA_LINKINFO > IFLA_INFO_DATA when
// IFLA_INFO_KIND is "bridge" (include/uapi/linux/if_link.h; types from br_policy and
// br_fill_info in net/bridge/br_netlink.c, kernel 6.18).
//
// Units the way the kernel sends them: FORWARD_DELAY, HELLO_TIME, MAX_AGE, AGEING_TIME and the
// MCAST_*_INTVL values are clock_t (centiseconds, USER_HZ = 100); the *_TIMER values are u64
// clock_t, decoded as bigint. Attributes only the kernel writes (ROOT_ID, timers, FDB_N_LEARNED,
// MCAST_QUERIER_STATE ...) decode like the rest; sending them back is rejected by the kernel.
import { type AttrValue, defineAttrs } from '../core/attrs.js'
import { defineStruct } from '../core/struct.js'
import { ETH_P_8021AD, ETH_P_8021Q } from './vlan.js'

/** IFLA_INFO_KIND of a bridge device. */
export const BRIDGE_KIND = 'bridge'

export const IFLA_BR_UNSPEC = 0
export const IFLA_BR_FORWARD_DELAY = 1
export const IFLA_BR_HELLO_TIME = 2
export const IFLA_BR_MAX_AGE = 3
export const IFLA_BR_AGEING_TIME = 4
export const IFLA_BR_STP_STATE = 5
export const IFLA_BR_PRIORITY = 6
export const IFLA_BR_VLAN_FILTERING = 7
export const IFLA_BR_VLAN_PROTOCOL = 8
export const IFLA_BR_GROUP_FWD_MASK = 9
export const IFLA_BR_ROOT_ID = 10
export const IFLA_BR_BRIDGE_ID = 11
export const IFLA_BR_ROOT_PORT = 12
export const IFLA_BR_ROOT_PATH_COST = 13
export const IFLA_BR_TOPOLOGY_CHANGE = 14
export const IFLA_BR_TOPOLOGY_CHANGE_DETECTED = 15
export const IFLA_BR_HELLO_TIMER = 16
export const IFLA_BR_TCN_TIMER = 17
export const IFLA_BR_TOPOLOGY_CHANGE_TIMER = 18
export const IFLA_BR_GC_TIMER = 19
export const IFLA_BR_GROUP_ADDR = 20
export const IFLA_BR_FDB_FLUSH = 21
export const IFLA_BR_MCAST_ROUTER = 22
export const IFLA_BR_MCAST_SNOOPING = 23
export const IFLA_BR_MCAST_QUERY_USE_IFADDR = 24
export const IFLA_BR_MCAST_QUERIER = 25
export const IFLA_BR_MCAST_HASH_ELASTICITY = 26
export const IFLA_BR_MCAST_HASH_MAX = 27
export const IFLA_BR_MCAST_LAST_MEMBER_CNT = 28
export const IFLA_BR_MCAST_STARTUP_QUERY_CNT = 29
export const IFLA_BR_MCAST_LAST_MEMBER_INTVL = 30
export const IFLA_BR_MCAST_MEMBERSHIP_INTVL = 31
export const IFLA_BR_MCAST_QUERIER_INTVL = 32
export const IFLA_BR_MCAST_QUERY_INTVL = 33
export const IFLA_BR_MCAST_QUERY_RESPONSE_INTVL = 34
export const IFLA_BR_MCAST_STARTUP_QUERY_INTVL = 35
export const IFLA_BR_NF_CALL_IPTABLES = 36
export const IFLA_BR_NF_CALL_IP6TABLES = 37
export const IFLA_BR_NF_CALL_ARPTABLES = 38
export const IFLA_BR_VLAN_DEFAULT_PVID = 39
/** Alignment filler before a u64 on architectures that need it; none on x86-64. */
export const IFLA_BR_PAD = 40
export const IFLA_BR_VLAN_STATS_ENABLED = 41
export const IFLA_BR_MCAST_STATS_ENABLED = 42
export const IFLA_BR_MCAST_IGMP_VERSION = 43
export const IFLA_BR_MCAST_MLD_VERSION = 44
export const IFLA_BR_VLAN_STATS_PER_PORT = 45
export const IFLA_BR_MULTI_BOOLOPT = 46
export const IFLA_BR_MCAST_QUERIER_STATE = 47
export const IFLA_BR_FDB_N_LEARNED = 48
export const IFLA_BR_FDB_MAX_LEARNED = 49

// enum br_boolopt_id (linux/if_bridge.h): bit numbers in br_boolopt_multi.optval/optmask.
export const BR_BOOLOPT_NO_LL_LEARN = 0
export const BR_BOOLOPT_MCAST_VLAN_SNOOPING = 1
export const BR_BOOLOPT_MST_ENABLE = 2
export const BR_BOOLOPT_MDB_OFFLOAD_FAIL_NOTIFICATION = 3
export const BR_BOOLOPT_FDB_LOCAL_VLAN_0 = 4
export const BR_BOOLOPT_MAX = 5

// IFLA_BR_MCAST_ROUTER values (enum in linux/if_bridge.h).
export const MDB_RTR_TYPE_DISABLED = 0
export const MDB_RTR_TYPE_TEMP_QUERY = 1
export const MDB_RTR_TYPE_PERM = 2
export const MDB_RTR_TYPE_TEMP = 3

// Attributes inside IFLA_BR_MCAST_QUERIER_STATE (linux/if_bridge.h).
export const BRIDGE_QUERIER_UNSPEC = 0
export const BRIDGE_QUERIER_IP_ADDRESS = 1
export const BRIDGE_QUERIER_IP_PORT = 2
export const BRIDGE_QUERIER_IP_OTHER_TIMER = 3
export const BRIDGE_QUERIER_PAD = 4
export const BRIDGE_QUERIER_IPV6_ADDRESS = 5
export const BRIDGE_QUERIER_IPV6_PORT = 6
export const BRIDGE_QUERIER_IPV6_OTHER_TIMER = 7

/** struct ifla_bridge_id: priority (two bytes, most significant first) and MAC address. */
export interface BridgeId {
  /** 0x8000 for the default priority 32768. */
  prio: number
  addr: string
}

export const iflaBridgeId = defineStruct<BridgeId>('ifla_bridge_id', [
  ['prio', 'be16'],
  ['addr', 'mac'],
])

/** struct br_boolopt_multi: one bit per BR_BOOLOPT_* option. */
export interface BrBooloptMulti {
  optval: number
  optmask: number
}

export const brBooloptMulti = defineStruct<BrBooloptMulti>('br_boolopt_multi', [
  ['optval', 'u32'],
  ['optmask', 'u32'],
])

/** IFLA_BR_MCAST_QUERIER_STATE: the querier the bridge currently sees (read only). */
export type BridgeQuerierState = AttrValue<typeof bridgeQuerierStateAttrs>

// BRIDGE_QUERIER_PAD is left out on purpose: like IFLA_BR_PAD it only pads a u64 on
// architectures that need it, and lands in `unknown` (re-encoded in place) if it ever appears.
export const bridgeQuerierStateAttrs = defineAttrs('bridge-querier-state', 'BRIDGE_QUERIER_', [
  [BRIDGE_QUERIER_IP_ADDRESS, 'BRIDGE_QUERIER_IP_ADDRESS', 'ipv4'],
  // ifindex of the port the IPv4 querier is behind.
  [BRIDGE_QUERIER_IP_PORT, 'BRIDGE_QUERIER_IP_PORT', 'u32'],
  // Other-querier-present timer, clock_t.
  [BRIDGE_QUERIER_IP_OTHER_TIMER, 'BRIDGE_QUERIER_IP_OTHER_TIMER', 'u64'],
  [BRIDGE_QUERIER_IPV6_ADDRESS, 'BRIDGE_QUERIER_IPV6_ADDRESS', 'ipv6'],
  [BRIDGE_QUERIER_IPV6_PORT, 'BRIDGE_QUERIER_IPV6_PORT', 'u32'],
  [BRIDGE_QUERIER_IPV6_OTHER_TIMER, 'BRIDGE_QUERIER_IPV6_OTHER_TIMER', 'u64'],
])

/** Decoded IFLA_INFO_DATA of a bridge. Keys are the YNL names (linkinfo-bridge-attrs). */
export type BridgeAttrs = AttrValue<typeof bridgeAttrs>

/** Names of the MDB_RTR_TYPE_* values, for the formatter. */
export const MDB_RTR_TYPE_NAMES: Readonly<Record<number, string>> = {
  [MDB_RTR_TYPE_DISABLED]: 'disabled',
  [MDB_RTR_TYPE_TEMP_QUERY]: 'temp_query',
  [MDB_RTR_TYPE_PERM]: 'perm',
  [MDB_RTR_TYPE_TEMP]: 'temp',
}

// IFLA_BR_PAD is not in the table (see BRIDGE_QUERIER_PAD above).
export const bridgeAttrs = defineAttrs('linkinfo-bridge-attrs', 'IFLA_BR_', [
  // clock_t (centiseconds)
  [IFLA_BR_FORWARD_DELAY, 'IFLA_BR_FORWARD_DELAY', 'u32'],
  // clock_t (centiseconds)
  [IFLA_BR_HELLO_TIME, 'IFLA_BR_HELLO_TIME', 'u32'],
  // clock_t (centiseconds)
  [IFLA_BR_MAX_AGE, 'IFLA_BR_MAX_AGE', 'u32'],
  // clock_t (centiseconds)
  [IFLA_BR_AGEING_TIME, 'IFLA_BR_AGEING_TIME', 'u32'],
  // 0 off, 1 kernel STP, 2 user-space STP
  [IFLA_BR_STP_STATE, 'IFLA_BR_STP_STATE', 'u32'],
  [IFLA_BR_PRIORITY, 'IFLA_BR_PRIORITY', 'u16'],
  [IFLA_BR_VLAN_FILTERING, 'IFLA_BR_VLAN_FILTERING', 'u8'],
  // YNL says u16; the kernel reads and writes it with nla_get_be16 / nla_put_be16.
  // ETH_P_8021Q or ETH_P_8021AD (sent big-endian)
  [IFLA_BR_VLAN_PROTOCOL, 'IFLA_BR_VLAN_PROTOCOL', 'be16', { enumNames: { [ETH_P_8021Q]: '802.1Q', [ETH_P_8021AD]: '802.1ad' } }],
  [IFLA_BR_GROUP_FWD_MASK, 'IFLA_BR_GROUP_FWD_MASK', 'u16'],
  [IFLA_BR_ROOT_ID, 'IFLA_BR_ROOT_ID', iflaBridgeId],
  [IFLA_BR_BRIDGE_ID, 'IFLA_BR_BRIDGE_ID', iflaBridgeId],
  [IFLA_BR_ROOT_PORT, 'IFLA_BR_ROOT_PORT', 'u16'],
  [IFLA_BR_ROOT_PATH_COST, 'IFLA_BR_ROOT_PATH_COST', 'u32'],
  [IFLA_BR_TOPOLOGY_CHANGE, 'IFLA_BR_TOPOLOGY_CHANGE', 'u8'],
  [IFLA_BR_TOPOLOGY_CHANGE_DETECTED, 'IFLA_BR_TOPOLOGY_CHANGE_DETECTED', 'u8'],
  [IFLA_BR_HELLO_TIMER, 'IFLA_BR_HELLO_TIMER', 'u64'],
  [IFLA_BR_TCN_TIMER, 'IFLA_BR_TCN_TIMER', 'u64'],
  [IFLA_BR_TOPOLOGY_CHANGE_TIMER, 'IFLA_BR_TOPOLOGY_CHANGE_TIMER', 'u64'],
  [IFLA_BR_GC_TIMER, 'IFLA_BR_GC_TIMER', 'u64'],
  [IFLA_BR_GROUP_ADDR, 'IFLA_BR_GROUP_ADDR', 'lladdr'],
  // YNL says binary; iproute2 sends it empty and the kernel only tests for its presence.
  // Request only: flush the bridge's forwarding database.
  [IFLA_BR_FDB_FLUSH, 'IFLA_BR_FDB_FLUSH', 'flag'],
  // MDB_RTR_TYPE_*
  [IFLA_BR_MCAST_ROUTER, 'IFLA_BR_MCAST_ROUTER', 'u8', { enumNames: MDB_RTR_TYPE_NAMES }],
  [IFLA_BR_MCAST_SNOOPING, 'IFLA_BR_MCAST_SNOOPING', 'u8'],
  [IFLA_BR_MCAST_QUERY_USE_IFADDR, 'IFLA_BR_MCAST_QUERY_USE_IFADDR', 'u8'],
  [IFLA_BR_MCAST_QUERIER, 'IFLA_BR_MCAST_QUERIER', 'u8'],
  [IFLA_BR_MCAST_HASH_ELASTICITY, 'IFLA_BR_MCAST_HASH_ELASTICITY', 'u32'],
  [IFLA_BR_MCAST_HASH_MAX, 'IFLA_BR_MCAST_HASH_MAX', 'u32'],
  [IFLA_BR_MCAST_LAST_MEMBER_CNT, 'IFLA_BR_MCAST_LAST_MEMBER_CNT', 'u32'],
  [IFLA_BR_MCAST_STARTUP_QUERY_CNT, 'IFLA_BR_MCAST_STARTUP_QUERY_CNT', 'u32'],
  [IFLA_BR_MCAST_LAST_MEMBER_INTVL, 'IFLA_BR_MCAST_LAST_MEMBER_INTVL', 'u64'],
  [IFLA_BR_MCAST_MEMBERSHIP_INTVL, 'IFLA_BR_MCAST_MEMBERSHIP_INTVL', 'u64'],
  [IFLA_BR_MCAST_QUERIER_INTVL, 'IFLA_BR_MCAST_QUERIER_INTVL', 'u64'],
  [IFLA_BR_MCAST_QUERY_INTVL, 'IFLA_BR_MCAST_QUERY_INTVL', 'u64'],
  [IFLA_BR_MCAST_QUERY_RESPONSE_INTVL, 'IFLA_BR_MCAST_QUERY_RESPONSE_INTVL', 'u64'],
  [IFLA_BR_MCAST_STARTUP_QUERY_INTVL, 'IFLA_BR_MCAST_STARTUP_QUERY_INTVL', 'u64'],
  [IFLA_BR_NF_CALL_IPTABLES, 'IFLA_BR_NF_CALL_IPTABLES', 'u8'],
  [IFLA_BR_NF_CALL_IP6TABLES, 'IFLA_BR_NF_CALL_IP6TABLES', 'u8'],
  [IFLA_BR_NF_CALL_ARPTABLES, 'IFLA_BR_NF_CALL_ARPTABLES', 'u8'],
  [IFLA_BR_VLAN_DEFAULT_PVID, 'IFLA_BR_VLAN_DEFAULT_PVID', 'u16'],
  [IFLA_BR_VLAN_STATS_ENABLED, 'IFLA_BR_VLAN_STATS_ENABLED', 'u8'],
  [IFLA_BR_MCAST_STATS_ENABLED, 'IFLA_BR_MCAST_STATS_ENABLED', 'u8'],
  [IFLA_BR_MCAST_IGMP_VERSION, 'IFLA_BR_MCAST_IGMP_VERSION', 'u8'],
  [IFLA_BR_MCAST_MLD_VERSION, 'IFLA_BR_MCAST_MLD_VERSION', 'u8'],
  [IFLA_BR_VLAN_STATS_PER_PORT, 'IFLA_BR_VLAN_STATS_PER_PORT', 'u8'],
  [IFLA_BR_MULTI_BOOLOPT, 'IFLA_BR_MULTI_BOOLOPT', brBooloptMulti],
  // YNL says binary; the kernel writes a nest (br_multicast_dump_querier_state).
  [IFLA_BR_MCAST_QUERIER_STATE, 'IFLA_BR_MCAST_QUERIER_STATE', 'nest', { nest: bridgeQuerierStateAttrs, nestedFlag: true }],
  [IFLA_BR_FDB_N_LEARNED, 'IFLA_BR_FDB_N_LEARNED', 'u32'],
  [IFLA_BR_FDB_MAX_LEARNED, 'IFLA_BR_FDB_MAX_LEARNED', 'u32'],
])
