// Kind data of bridges and bridge ports as `ip -d` prints it: bridge_print_opt
// (ip/iplink_bridge.c) and bridge_slave_print_opt (ip/iplink_bridge_slave.c) of iproute2 6.1.
// Attributes newer than 6.1 (querier state, FDB learning limits, ...) are not printed, as there.
import type { BridgeAttrs, BridgeId } from '../link/bridge.js'
import type { BridgePortAttrs } from '../link/bridge-port.js'
import { etherNtoa, llAddrText } from './addrtext.js'
import type { Lookup } from './lookup.js'
import { type Field, fieldsText } from './cprintf.js'
import { BR_BOOLOPT_MCAST_VLAN_SNOOPING, BR_BOOLOPT_NO_LL_LEARN } from '../link/bridge.js'

/** %#llx: 0 prints as "0", others with 0x. */
export function hex0x(v: number | bigint): string {
  return v === 0 || v === 0n ? '0' : `0x${v.toString(16)}`
}

export function onOff(v: number | undefined): string {
  return v ? 'on' : 'off'
}

/** br_dump_bridge_id: "8000.0:2:aa:b:c:d" (prio as two hex bytes, MAC by ether_ntoa). */
export function bridgeIdText(id: BridgeId): string {
  return `${(id.prio >> 8).toString(16).padStart(2, '0')}${(id.prio & 0xff).toString(16).padStart(2, '0')}.${etherNtoa(id.addr)}`
}

/** A clock_t timer in centiseconds as "%4i.%.2i" (__jiffies_to_tv: 10 ms per unit). */
export function timerText(v: bigint): string {
  const usec = v * 10000n
  const sec = usec / 1000000n
  const cs = (usec - sec * 1000000n) / 10000n
  return `${String(Number(BigInt.asIntN(32, sec))).padStart(4, ' ')}.${String(Number(cs)).padStart(2, '0')}`
}

/** ll_proto_n2a for the two VLAN protocols a bridge reports. */
function vlanProtocolText(p: number): string {
  if (p === 0x8100) return '802.1Q'
  if (p === 0x88a8) return '802.1ad'
  return `0x${p.toString(16).padStart(4, '0')}`
}

/** bridge_print_opt up to bridge_id (designated_root comes next, from IFLA_BR_BRIDGE_ID). */
const BRIDGE_FIELDS: readonly Field<BridgeAttrs>[] = [
  ['forwardDelay', 'forward_delay'],
  ['helloTime', 'hello_time'],
  ['maxAge', 'max_age'],
  ['ageingTime', 'ageing_time'],
  ['stpState', 'stp_state'],
  ['priority', 'priority'],
  ['vlanFiltering', 'vlan_filtering'],
  ['vlanProtocol', 'vlan_protocol', vlanProtocolText],
  ['bridgeId', 'bridge_id', bridgeIdText],
]

/** From root_port to mcast_snooping (IFLA_BR_MULTI_BOOLOPT is printed next). */
const BRIDGE_STATE_FIELDS: readonly Field<BridgeAttrs>[] = [
  ['rootPort', 'root_port'],
  ['rootPathCost', 'root_path_cost'],
  ['topologyChange', 'topology_change'],
  ['topologyChangeDetected', 'topology_change_detected'],
  ['helloTimer', 'hello_timer', timerText],
  ['tcnTimer', 'tcn_timer', timerText],
  ['topologyChangeTimer', 'topology_change_timer', timerText],
  ['gcTimer', 'gc_timer', timerText],
  ['vlanDefaultPvid', 'vlan_default_pvid'],
  ['vlanStatsEnabled', 'vlan_stats_enabled'],
  ['vlanStatsPerPort', 'vlan_stats_per_port'],
  ['groupFwdMask', 'group_fwd_mask', hex0x],
  ['groupAddr', 'group_address', (mac: string) => llAddrText(mac, 1)],
  ['mcastSnooping', 'mcast_snooping'],
]

/** From mcast_router to the end of bridge_print_opt. */
const BRIDGE_MCAST_FIELDS: readonly Field<BridgeAttrs>[] = [
  ['mcastRouter', 'mcast_router'],
  ['mcastQueryUseIfaddr', 'mcast_query_use_ifaddr'],
  ['mcastQuerier', 'mcast_querier'],
  ['mcastHashElasticity', 'mcast_hash_elasticity'],
  ['mcastHashMax', 'mcast_hash_max'],
  ['mcastLastMemberCnt', 'mcast_last_member_count'],
  ['mcastStartupQueryCnt', 'mcast_startup_query_count'],
  ['mcastLastMemberIntvl', 'mcast_last_member_interval'],
  ['mcastMembershipIntvl', 'mcast_membership_interval'],
  ['mcastQuerierIntvl', 'mcast_querier_interval'],
  ['mcastQueryIntvl', 'mcast_query_interval'],
  ['mcastQueryResponseIntvl', 'mcast_query_response_interval'],
  ['mcastStartupQueryIntvl', 'mcast_startup_query_interval'],
  ['mcastStatsEnabled', 'mcast_stats_enabled'],
  ['mcastIgmpVersion', 'mcast_igmp_version'],
  ['mcastMldVersion', 'mcast_mld_version'],
  ['nfCallIptables', 'nf_call_iptables'],
  ['nfCallIp6tables', 'nf_call_ip6tables'],
  ['nfCallArptables', 'nf_call_arptables'],
]

export function bridgeText(tb: BridgeAttrs): string {
  let s = fieldsText(tb, BRIDGE_FIELDS)
  // iproute2 6.1 prints IFLA_BR_BRIDGE_ID under the name designated_root when IFLA_BR_ROOT_ID is present.
  if (tb.rootId !== undefined && tb.bridgeId !== undefined) s += `designated_root ${bridgeIdText(tb.bridgeId)} `
  s += fieldsText(tb, BRIDGE_STATE_FIELDS)
  if (tb.multiBoolopt !== undefined) {
    const bm = tb.multiBoolopt
    const noLl = 1 << BR_BOOLOPT_NO_LL_LEARN
    const mcvl = 1 << BR_BOOLOPT_MCAST_VLAN_SNOOPING
    if (bm.optmask & noLl) s += `no_linklocal_learn ${bm.optval & noLl ? 1 : 0} `
    if (bm.optmask & mcvl) s += `mcast_vlan_snooping ${bm.optval & mcvl ? 1 : 0} `
  }
  s += fieldsText(tb, BRIDGE_MCAST_FIELDS)
  return s
}

const PORT_STATES: readonly string[] = ['disabled', 'listening', 'learning', 'forwarding', 'blocking']

/** _bitmask2str with fwd_mask_tbl: names for bits 0 (stp), 2 (lacp), 14 (lldp), hex for others. */
function fwdMaskText(mask: number): string {
  const tbl: Readonly<Record<number, string>> = { 0: 'stp', 2: 'lacp', 14: 'lldp' }
  const parts: string[] = []
  for (let i = 0, m = mask & 0xffff; m; i++, m >>= 1) if (m & 1) parts.push(tbl[i] ?? `0x${(1 << i).toString(16)}`)
  return parts.length ? parts.join(',') : '0x0'
}

/** bridge_slave_print_opt after state, up to group_fwd_mask. */
const PORT_FIELDS: readonly Field<BridgePortAttrs>[] = [
  ['priority', 'priority'],
  ['cost', 'cost', (c: number) => String(c | 0)],
  ['mode', 'hairpin', onOff],
  ['guard', 'guard', onOff],
  ['protect', 'root_block', onOff],
  ['fastLeave', 'fastleave', onOff],
  ['learning', 'learning', onOff],
  ['unicastFlood', 'flood', onOff],
  ['id', 'port_id', hex0x],
  ['no', 'port_no', hex0x],
  ['designatedPort', 'designated_port'],
  ['designatedCost', 'designated_cost'],
  ['bridgeId', 'designated_bridge', bridgeIdText],
  ['rootId', 'designated_root', bridgeIdText],
  ['holdTimer', 'hold_timer', timerText],
  ['messageAgeTimer', 'message_age_timer', timerText],
  ['forwardDelayTimer', 'forward_delay_timer', timerText],
  ['topologyChangeAck', 'topology_change_ack'],
  ['configPending', 'config_pending'],
  ['proxyarp', 'proxy_arp', onOff],
  ['proxyarpWifi', 'proxy_arp_wifi', onOff],
  ['multicastRouter', 'mcast_router'],
  ['fastLeave', 'mcast_fast_leave', onOff],
  ['mcastFlood', 'mcast_flood', onOff],
  ['bcastFlood', 'bcast_flood', onOff],
  ['mcastToUcast', 'mcast_to_unicast', onOff],
  ['neighSuppress', 'neigh_suppress', onOff],
]

/** After group_fwd_mask; backup_port (an interface name) is printed last. */
const PORT_LOCK_FIELDS: readonly Field<BridgePortAttrs>[] = [
  ['vlanTunnel', 'vlan_tunnel', onOff],
  ['isolated', 'isolated', onOff],
  ['locked', 'locked', onOff],
]

export function bridgePortText(tb: BridgePortAttrs, l: Lookup): string {
  let s = ''
  if (tb.state !== undefined) s += tb.state < PORT_STATES.length ? `state ${PORT_STATES[tb.state]} ` : `state (${tb.state}) `
  s += fieldsText(tb, PORT_FIELDS)
  if (tb.groupFwdMask !== undefined) {
    s += `group_fwd_mask ${hex0x(tb.groupFwdMask)} `
    s += `group_fwd_mask_str ${fwdMaskText(tb.groupFwdMask)} `
  }
  s += fieldsText(tb, PORT_LOCK_FIELDS)
  if (tb.backupPort !== undefined) s += `backup_port ${l.ifname(tb.backupPort)} `
  return s
}
