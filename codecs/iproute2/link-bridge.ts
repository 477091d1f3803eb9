// Kind data of bridges and bridge ports as `ip -d` prints it: bridge_print_opt
// (ip/iplink_bridge.c) and bridge_slave_print_opt (ip/iplink_bridge_slave.c) of iproute2 6.1.
// Attributes newer than 6.1 (querier state, FDB learning limits, ...) are not printed, as there.
import type { BridgeAttrs, BridgeId } from '../link/bridge.js'
import type { BridgePortAttrs } from '../link/bridge-port.js'
import { etherNtoa, llAddrText } from './addrtext.js'
import type { Lookup } from './lookup.js'
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

export function bridgeText(tb: BridgeAttrs): string {
  let s = ''
  if (tb.forwardDelay !== undefined) s += `forward_delay ${tb.forwardDelay} `
  if (tb.helloTime !== undefined) s += `hello_time ${tb.helloTime} `
  if (tb.maxAge !== undefined) s += `max_age ${tb.maxAge} `
  if (tb.ageingTime !== undefined) s += `ageing_time ${tb.ageingTime} `
  if (tb.stpState !== undefined) s += `stp_state ${tb.stpState} `
  if (tb.priority !== undefined) s += `priority ${tb.priority} `
  if (tb.vlanFiltering !== undefined) s += `vlan_filtering ${tb.vlanFiltering} `
  if (tb.vlanProtocol !== undefined) s += `vlan_protocol ${vlanProtocolText(tb.vlanProtocol)} `
  if (tb.bridgeId !== undefined) s += `bridge_id ${bridgeIdText(tb.bridgeId)} `
  // iproute2 6.1 prints IFLA_BR_BRIDGE_ID under the name designated_root when IFLA_BR_ROOT_ID is present.
  if (tb.rootId !== undefined && tb.bridgeId !== undefined) s += `designated_root ${bridgeIdText(tb.bridgeId)} `
  if (tb.rootPort !== undefined) s += `root_port ${tb.rootPort} `
  if (tb.rootPathCost !== undefined) s += `root_path_cost ${tb.rootPathCost} `
  if (tb.topologyChange !== undefined) s += `topology_change ${tb.topologyChange} `
  if (tb.topologyChangeDetected !== undefined) s += `topology_change_detected ${tb.topologyChangeDetected} `
  if (tb.helloTimer !== undefined) s += `hello_timer ${timerText(tb.helloTimer)} `
  if (tb.tcnTimer !== undefined) s += `tcn_timer ${timerText(tb.tcnTimer)} `
  if (tb.topologyChangeTimer !== undefined) s += `topology_change_timer ${timerText(tb.topologyChangeTimer)} `
  if (tb.gcTimer !== undefined) s += `gc_timer ${timerText(tb.gcTimer)} `
  if (tb.vlanDefaultPvid !== undefined) s += `vlan_default_pvid ${tb.vlanDefaultPvid} `
  if (tb.vlanStatsEnabled !== undefined) s += `vlan_stats_enabled ${tb.vlanStatsEnabled} `
  if (tb.vlanStatsPerPort !== undefined) s += `vlan_stats_per_port ${tb.vlanStatsPerPort} `
  if (tb.groupFwdMask !== undefined) s += `group_fwd_mask ${hex0x(tb.groupFwdMask)} `
  if (tb.groupAddr !== undefined) s += `group_address ${llAddrText(tb.groupAddr, 1)} `
  if (tb.mcastSnooping !== undefined) s += `mcast_snooping ${tb.mcastSnooping} `
  if (tb.multiBoolopt !== undefined) {
    const bm = tb.multiBoolopt
    const noLl = 1 << BR_BOOLOPT_NO_LL_LEARN
    const mcvl = 1 << BR_BOOLOPT_MCAST_VLAN_SNOOPING
    if (bm.optmask & noLl) s += `no_linklocal_learn ${bm.optval & noLl ? 1 : 0} `
    if (bm.optmask & mcvl) s += `mcast_vlan_snooping ${bm.optval & mcvl ? 1 : 0} `
  }
  if (tb.mcastRouter !== undefined) s += `mcast_router ${tb.mcastRouter} `
  if (tb.mcastQueryUseIfaddr !== undefined) s += `mcast_query_use_ifaddr ${tb.mcastQueryUseIfaddr} `
  if (tb.mcastQuerier !== undefined) s += `mcast_querier ${tb.mcastQuerier} `
  if (tb.mcastHashElasticity !== undefined) s += `mcast_hash_elasticity ${tb.mcastHashElasticity} `
  if (tb.mcastHashMax !== undefined) s += `mcast_hash_max ${tb.mcastHashMax} `
  if (tb.mcastLastMemberCnt !== undefined) s += `mcast_last_member_count ${tb.mcastLastMemberCnt} `
  if (tb.mcastStartupQueryCnt !== undefined) s += `mcast_startup_query_count ${tb.mcastStartupQueryCnt} `
  if (tb.mcastLastMemberIntvl !== undefined) s += `mcast_last_member_interval ${tb.mcastLastMemberIntvl} `
  if (tb.mcastMembershipIntvl !== undefined) s += `mcast_membership_interval ${tb.mcastMembershipIntvl} `
  if (tb.mcastQuerierIntvl !== undefined) s += `mcast_querier_interval ${tb.mcastQuerierIntvl} `
  if (tb.mcastQueryIntvl !== undefined) s += `mcast_query_interval ${tb.mcastQueryIntvl} `
  if (tb.mcastQueryResponseIntvl !== undefined) s += `mcast_query_response_interval ${tb.mcastQueryResponseIntvl} `
  if (tb.mcastStartupQueryIntvl !== undefined) s += `mcast_startup_query_interval ${tb.mcastStartupQueryIntvl} `
  if (tb.mcastStatsEnabled !== undefined) s += `mcast_stats_enabled ${tb.mcastStatsEnabled} `
  if (tb.mcastIgmpVersion !== undefined) s += `mcast_igmp_version ${tb.mcastIgmpVersion} `
  if (tb.mcastMldVersion !== undefined) s += `mcast_mld_version ${tb.mcastMldVersion} `
  if (tb.nfCallIptables !== undefined) s += `nf_call_iptables ${tb.nfCallIptables} `
  if (tb.nfCallIp6tables !== undefined) s += `nf_call_ip6tables ${tb.nfCallIp6tables} `
  if (tb.nfCallArptables !== undefined) s += `nf_call_arptables ${tb.nfCallArptables} `
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

export function bridgePortText(tb: BridgePortAttrs, l: Lookup): string {
  let s = ''
  if (tb.state !== undefined) s += tb.state < PORT_STATES.length ? `state ${PORT_STATES[tb.state]} ` : `state (${tb.state}) `
  if (tb.priority !== undefined) s += `priority ${tb.priority} `
  if (tb.cost !== undefined) s += `cost ${tb.cost | 0} `
  if (tb.mode !== undefined) s += `hairpin ${onOff(tb.mode)} `
  if (tb.guard !== undefined) s += `guard ${onOff(tb.guard)} `
  if (tb.protect !== undefined) s += `root_block ${onOff(tb.protect)} `
  if (tb.fastLeave !== undefined) s += `fastleave ${onOff(tb.fastLeave)} `
  if (tb.learning !== undefined) s += `learning ${onOff(tb.learning)} `
  if (tb.unicastFlood !== undefined) s += `flood ${onOff(tb.unicastFlood)} `
  if (tb.id !== undefined) s += `port_id ${hex0x(tb.id)} `
  if (tb.no !== undefined) s += `port_no ${hex0x(tb.no)} `
  if (tb.designatedPort !== undefined) s += `designated_port ${tb.designatedPort} `
  if (tb.designatedCost !== undefined) s += `designated_cost ${tb.designatedCost} `
  if (tb.bridgeId !== undefined) s += `designated_bridge ${bridgeIdText(tb.bridgeId)} `
  if (tb.rootId !== undefined) s += `designated_root ${bridgeIdText(tb.rootId)} `
  if (tb.holdTimer !== undefined) s += `hold_timer ${timerText(tb.holdTimer)} `
  if (tb.messageAgeTimer !== undefined) s += `message_age_timer ${timerText(tb.messageAgeTimer)} `
  if (tb.forwardDelayTimer !== undefined) s += `forward_delay_timer ${timerText(tb.forwardDelayTimer)} `
  if (tb.topologyChangeAck !== undefined) s += `topology_change_ack ${tb.topologyChangeAck} `
  if (tb.configPending !== undefined) s += `config_pending ${tb.configPending} `
  if (tb.proxyarp !== undefined) s += `proxy_arp ${onOff(tb.proxyarp)} `
  if (tb.proxyarpWifi !== undefined) s += `proxy_arp_wifi ${onOff(tb.proxyarpWifi)} `
  if (tb.multicastRouter !== undefined) s += `mcast_router ${tb.multicastRouter} `
  if (tb.fastLeave !== undefined) s += `mcast_fast_leave ${onOff(tb.fastLeave)} `
  if (tb.mcastFlood !== undefined) s += `mcast_flood ${onOff(tb.mcastFlood)} `
  if (tb.bcastFlood !== undefined) s += `bcast_flood ${onOff(tb.bcastFlood)} `
  if (tb.mcastToUcast !== undefined) s += `mcast_to_unicast ${onOff(tb.mcastToUcast)} `
  if (tb.neighSuppress !== undefined) s += `neigh_suppress ${onOff(tb.neighSuppress)} `
  if (tb.groupFwdMask !== undefined) {
    s += `group_fwd_mask ${hex0x(tb.groupFwdMask)} `
    s += `group_fwd_mask_str ${fwdMaskText(tb.groupFwdMask)} `
  }
  if (tb.vlanTunnel !== undefined) s += `vlan_tunnel ${onOff(tb.vlanTunnel)} `
  if (tb.isolated !== undefined) s += `isolated ${onOff(tb.isolated)} `
  if (tb.locked !== undefined) s += `locked ${onOff(tb.locked)} `
  if (tb.backupPort !== undefined) s += `backup_port ${l.ifname(tb.backupPort)} `
  return s
}
