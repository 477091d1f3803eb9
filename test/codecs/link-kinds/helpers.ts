// Shared by the link-kind tests: hex parsing, decode/encode of one attribute set over an
// IFLA_INFO_DATA payload, and the translation of decoded values into what `ip -d -j link show`
// (iproute2 6.1) prints, so decoded kernel replies can be checked against iproute2 as an oracle.
import { type AttrSet, type AttrValues, decodeAttrs, encodeAttrs } from '../../../codecs/core/attrs.js'
import { fromHex, toHex } from '../../../codecs/core/bytes.js'
import { Decoder } from '../../../codecs/core/decoder.js'
import { withWriter } from '../../../codecs/core/writer.js'
import { type BridgeAttrs, type BridgeId, BR_BOOLOPT_MCAST_VLAN_SNOOPING, BR_BOOLOPT_NO_LL_LEARN } from '../../../codecs/link/bridge.js'
import type { BridgePortAttrs } from '../../../codecs/link/bridge-port.js'
import type { MacvlanAttrs } from '../../../codecs/link/macvlan.js'
import type { TunAttrs } from '../../../codecs/link/tun.js'
import type { VxlanAttrs } from '../../../codecs/link/vxlan.js'

/** Hex text (whitespace allowed) to bytes; throws on anything else so a typo cannot pass. */
export function hex(text: string): Uint8Array {
  const b = fromHex(text)
  if (b === null) throw new Error(`not hex: ${text.slice(0, 40)}...`)
  return b
}

/** Decode a whole IFLA_INFO_DATA-style payload with one attribute set. */
export function decodeSet<T>(set: AttrSet, bytes: Uint8Array): T {
  return decodeAttrs(new Decoder(bytes), set, 0, bytes.length) as T
}

/** Encode a value of one attribute set (decoded or built by hand) to payload bytes, as hex. */
export function encodeSet(set: AttrSet, value: object): string {
  return toHex(withWriter((w) => encodeAttrs(w, set, value as AttrValues)))
}

export { toHex }

// ---------------------------------------------------------------------------------------------
// What iproute2 6.1 prints in JSON (ip/iplink_bridge.c, iplink_bridge_slave.c, iplink_vxlan.c,
// iplink_macvlan.c, iptuntap.c, bridge/link.c), computed from our decoded values.

type Json = Record<string, unknown>

/** br_dump_bridge_id: "8000.2:0:0:0:0:1" (ether_ntoa drops leading zeros). */
export function bridgeIdText(id: BridgeId): string {
  const mac = id.addr
    .split(':')
    .map((x) => parseInt(x, 16).toString(16))
    .join(':')
  return `${id.prio.toString(16).padStart(4, '0')}.${mac}`
}

/** print_0xhex in JSON: C's "%#llx", which writes 0 without the prefix. */
function hex0x(n: number): string {
  return n === 0 ? '0' : `0x${n.toString(16)}`
}

/** Timers: clock_t centiseconds printed as seconds with two decimals. */
function seconds(t: bigint): number {
  return Number(t) / 100
}

function put(out: Json, key: string, v: unknown): void {
  if (v !== undefined) out[key] = v
}

export function ipBridgeJson(v: BridgeAttrs): Json {
  const o: Json = {}
  put(o, 'forward_delay', v.forwardDelay)
  put(o, 'hello_time', v.helloTime)
  put(o, 'max_age', v.maxAge)
  put(o, 'ageing_time', v.ageingTime)
  put(o, 'stp_state', v.stpState)
  put(o, 'priority', v.priority)
  put(o, 'vlan_filtering', v.vlanFiltering)
  if (v.bridgeId) o.bridge_id = bridgeIdText(v.bridgeId)
  if (v.rootId) o.root_id = bridgeIdText(v.rootId)
  put(o, 'root_port', v.rootPort)
  put(o, 'root_path_cost', v.rootPathCost)
  put(o, 'topology_change', v.topologyChange)
  put(o, 'topology_change_detected', v.topologyChangeDetected)
  if (v.helloTimer !== undefined) o.hello_timer = seconds(v.helloTimer)
  if (v.tcnTimer !== undefined) o.tcn_timer = seconds(v.tcnTimer)
  if (v.topologyChangeTimer !== undefined) o.topology_change_timer = seconds(v.topologyChangeTimer)
  if (v.gcTimer !== undefined) o.gc_timer = seconds(v.gcTimer)
  if (v.groupFwdMask !== undefined) o.group_fwd_mask = hex0x(v.groupFwdMask)
  put(o, 'group_addr', v.groupAddr)
  put(o, 'mcast_snooping', v.mcastSnooping)
  if (v.multiBoolopt) {
    const { optval, optmask } = v.multiBoolopt
    const bit = (n: number) => 1 << n
    if (optmask & bit(BR_BOOLOPT_NO_LL_LEARN)) o.no_linklocal_learn = optval & bit(BR_BOOLOPT_NO_LL_LEARN) ? 1 : 0
    if (optmask & bit(BR_BOOLOPT_MCAST_VLAN_SNOOPING)) o.mcast_vlan_snooping = optval & bit(BR_BOOLOPT_MCAST_VLAN_SNOOPING) ? 1 : 0
  }
  put(o, 'mcast_router', v.mcastRouter)
  put(o, 'mcast_query_use_ifaddr', v.mcastQueryUseIfaddr)
  put(o, 'mcast_querier', v.mcastQuerier)
  put(o, 'mcast_hash_elasticity', v.mcastHashElasticity)
  put(o, 'mcast_hash_max', v.mcastHashMax)
  put(o, 'mcast_last_member_cnt', v.mcastLastMemberCnt)
  put(o, 'mcast_startup_query_cnt', v.mcastStartupQueryCnt)
  const n = (x: bigint | undefined) => (x === undefined ? undefined : Number(x))
  put(o, 'mcast_last_member_intvl', n(v.mcastLastMemberIntvl))
  put(o, 'mcast_membership_intvl', n(v.mcastMembershipIntvl))
  put(o, 'mcast_querier_intvl', n(v.mcastQuerierIntvl))
  put(o, 'mcast_query_intvl', n(v.mcastQueryIntvl))
  put(o, 'mcast_query_response_intvl', n(v.mcastQueryResponseIntvl))
  put(o, 'mcast_startup_query_intvl', n(v.mcastStartupQueryIntvl))
  put(o, 'mcast_stats_enabled', v.mcastStatsEnabled)
  put(o, 'mcast_igmp_version', v.mcastIgmpVersion)
  put(o, 'mcast_mld_version', v.mcastMldVersion)
  put(o, 'nf_call_iptables', v.nfCallIptables)
  put(o, 'nf_call_ip6tables', v.nfCallIp6tables)
  put(o, 'nf_call_arptables', v.nfCallArptables)
  return o
}

const PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking']

const bool = (x: number | undefined) => (x === undefined ? undefined : x !== 0)

/** `ip -d -j link show PORT` → linkinfo.info_slave_data */
export function ipBridgeSlaveJson(v: BridgePortAttrs): Json {
  const o: Json = {}
  if (v.state !== undefined) o.state = PORT_STATES[v.state]
  put(o, 'priority', v.priority)
  put(o, 'cost', v.cost)
  put(o, 'hairpin', bool(v.mode))
  put(o, 'guard', bool(v.guard))
  put(o, 'root_block', bool(v.protect))
  put(o, 'fastleave', bool(v.fastLeave))
  put(o, 'learning', bool(v.learning))
  put(o, 'flood', bool(v.unicastFlood))
  if (v.id !== undefined) o.id = `0x${v.id.toString(16)}`
  if (v.no !== undefined) o.no = `0x${v.no.toString(16)}`
  put(o, 'designated_port', v.designatedPort)
  put(o, 'designated_cost', v.designatedCost)
  if (v.bridgeId) o.bridge_id = bridgeIdText(v.bridgeId)
  if (v.rootId) o.root_id = bridgeIdText(v.rootId)
  if (v.holdTimer !== undefined) o.hold_timer = seconds(v.holdTimer)
  if (v.messageAgeTimer !== undefined) o.message_age_timer = seconds(v.messageAgeTimer)
  if (v.forwardDelayTimer !== undefined) o.forward_delay_timer = seconds(v.forwardDelayTimer)
  put(o, 'topology_change_ack', v.topologyChangeAck)
  put(o, 'config_pending', v.configPending)
  put(o, 'proxy_arp', bool(v.proxyarp))
  put(o, 'proxy_arp_wifi', bool(v.proxyarpWifi))
  put(o, 'multicast_router', v.multicastRouter)
  put(o, 'mcast_flood', bool(v.mcastFlood))
  put(o, 'bcast_flood', bool(v.bcastFlood))
  put(o, 'mcast_to_unicast', bool(v.mcastToUcast))
  put(o, 'neigh_suppress', bool(v.neighSuppress))
  if (v.groupFwdMask !== undefined) {
    o.group_fwd_mask = hex0x(v.groupFwdMask)
    // iproute2 spells out the named bits; with none set it prints "0x0".
    if (v.groupFwdMask === 0) o.group_fwd_mask_str = '0x0'
  }
  put(o, 'vlan_tunnel', bool(v.vlanTunnel))
  put(o, 'isolated', bool(v.isolated))
  put(o, 'locked', bool(v.locked))
  return o
}

/** `bridge -d -j link show dev PORT`: the IFLA_PROTINFO fields it prints (bridge/link.c). */
export function bridgeLinkJson(v: BridgePortAttrs): Json {
  const o: Json = {}
  if (v.state !== undefined) o.state = PORT_STATES[v.state]
  put(o, 'priority', v.priority)
  put(o, 'cost', v.cost)
  put(o, 'hairpin', bool(v.mode))
  put(o, 'guard', bool(v.guard))
  put(o, 'root_block', bool(v.protect))
  put(o, 'fastleave', bool(v.fastLeave))
  put(o, 'learning', bool(v.learning))
  put(o, 'flood', bool(v.unicastFlood))
  put(o, 'mcast_flood', bool(v.mcastFlood))
  put(o, 'bcast_flood', bool(v.bcastFlood))
  put(o, 'mcast_router', v.multicastRouter)
  put(o, 'mcast_to_unicast', bool(v.mcastToUcast))
  put(o, 'neigh_suppress', bool(v.neighSuppress))
  put(o, 'vlan_tunnel', bool(v.vlanTunnel))
  put(o, 'isolated', bool(v.isolated))
  put(o, 'locked', bool(v.locked))
  return o
}

const DF_NAMES = ['unset', 'set', 'inherit']

function isMulticast(addr: string): boolean {
  return addr.includes(':') ? addr.toLowerCase().startsWith('ff') : Number(addr.split('.')[0]) >= 224 && Number(addr.split('.')[0]) <= 239
}

/** `ip -d -j link show VXLAN` → linkinfo.info_data */
export function ipVxlanJson(v: VxlanAttrs): Json {
  const o: Json = {}
  put(o, 'id', v.id)
  if (v.group !== undefined && v.group !== '0.0.0.0') o[isMulticast(v.group) ? 'group' : 'remote'] = v.group
  if (v.group6 !== undefined && v.group6 !== '::') o[isMulticast(v.group6) ? 'group6' : 'remote6'] = v.group6
  if (v.local !== undefined && v.local !== '0.0.0.0') o.local = v.local
  if (v.local6 !== undefined && v.local6 !== '::') o.local6 = v.local6
  if (v.portRange) o.port_range = { low: v.portRange.low, high: v.portRange.high }
  put(o, 'port', v.port)
  put(o, 'learning', bool(v.learning))
  if (v.proxy) o.proxy = true
  if (v.rsc) o.rsc = true
  if (v.l2miss) o.l2miss = true
  if (v.l3miss) o.l3miss = true
  if (v.tos) o.tos = hex0x(v.tos)
  // 6.1 prints "ttl auto" (text only) when TTL_INHERIT is set, else the TTL.
  if (!v.ttlInherit && v.ttl !== undefined) o.ttl = v.ttl
  if (v.df !== undefined) o.df = DF_NAMES[v.df]
  if (v.label) o.label = hex0x(v.label)
  put(o, 'ageing', v.ageing)
  if (v.limit) o.limit = v.limit
  put(o, 'udp_csum', bool(v.udpCsum))
  put(o, 'udp_zero_csum6_tx', bool(v.udpZeroCsum6Tx))
  put(o, 'udp_zero_csum6_rx', bool(v.udpZeroCsum6Rx))
  if (v.remcsumTx) o.remcsum_tx = true
  if (v.remcsumRx) o.remcsum_rx = true
  if (v.collectMetadata) o.external = true
  if (v.gbp) o.gbp = true
  if (v.gpe) o.gpe = true
  return o
}

const MACVLAN_MODES: Record<number, string> = { 1: 'private', 2: 'vepa', 4: 'bridge', 8: 'passthru', 16: 'source' }

/** `ip -d -j link show MACVLAN` → linkinfo.info_data */
export function ipMacvlanJson(v: MacvlanAttrs): Json {
  const o: Json = {}
  if (v.mode !== undefined) o.mode = MACVLAN_MODES[v.mode]
  if (v.flags !== undefined && v.flags & 1) o.nopromisc = true
  if (v.flags !== undefined && v.flags & 2) o.nodst = true
  put(o, 'bcqueuelen', v.bcQueueLen)
  put(o, 'usedbcqueuelen', v.bcQueueLenUsed)
  // The source list is printed in source mode only.
  if (v.mode === 16) {
    put(o, 'macaddr_count', v.macaddrCount)
    if (v.macaddrData?.macaddr) o.macaddr_data = v.macaddrData.macaddr
  }
  return o
}

/** `ip -d -j link show TUN` → linkinfo.info_data; `user` is the uid's name, so pass it in. */
export function ipTunJson(v: TunAttrs, userName?: string): Json {
  const o: Json = {}
  if (v.type !== undefined) o.type = v.type === 1 ? 'tun' : v.type === 2 ? 'tap' : 'unknown'
  put(o, 'pi', bool(v.pi))
  put(o, 'vnet_hdr', bool(v.vnetHdr))
  put(o, 'multi_queue', bool(v.multiQueue))
  put(o, 'numqueues', v.numQueues)
  put(o, 'numdisabled', v.numDisabledQueues)
  put(o, 'persist', bool(v.persist))
  if (v.owner !== undefined) o.user = userName ?? v.owner
  put(o, 'group', v.group)
  return o
}
