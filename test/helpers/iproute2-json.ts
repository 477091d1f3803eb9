// What iproute2 6.1 prints for a decoded message: the fields of `ip -d -j link show`,
// `ip -j addr show`, `ip -j route show table all`, `ip -j neigh show`, `bridge -j fdb show`,
// `ip -j netns list-id` and the text of `ip netconf show`, computed from nlwire's decoded values.
// The golden-values test compares this with what iproute2 itself printed for the same objects
// (the fixture sidecars' `state`): iproute2 is the oracle, this file only speaks its vocabulary.
//
// The name tables and print conditions are iproute2's (ip/ipaddress.c print_linkinfo and
// print_addrinfo, ip/iproute.c print_route, ip/ipneigh.c, bridge/fdb.c, ip/iplink_bridge*.c,
// ip/iplink_vxlan.c, ip/iplink_macvlan.c, ip/ipnetconf.c, lib/rt_names.c), written out here and
// not taken from the codecs, so a wrong name table in a codec would show as a difference.
import type { AddrBody } from '../../codecs/addr.js'
import type { LinkBody } from '../../codecs/link/link.js'
import type { NeighBody } from '../../codecs/neigh.js'
import type { NetconfBody } from '../../codecs/netconf.js'
import type { RouteBody, RouteNexthop } from '../../codecs/route.js'

export type Json = Record<string, unknown>

/** ll_index_to_name(): the name iproute2 knew for an ifindex in that namespace, else "if<N>". */
export type IfName = (ifindex: number) => string

// ---------------------------------------------------------------------------------------------
// Helpers

const has = (v: unknown): boolean => v !== undefined
const num = (v: unknown): number | undefined => (typeof v === 'bigint' ? Number(v) : typeof v === 'number' ? v : undefined)
const bool = (v: unknown): boolean | undefined => (v === undefined ? undefined : num(v) !== 0)
const hex = (v: number | undefined): string | undefined => (v === undefined ? undefined : `0x${v.toString(16)}`)

/** Drop undefined values, so "absent" compares equal to "absent". */
export function defined(o: Json): Json {
  const out: Json = {}
  for (const [k, v] of Object.entries(o)) if (v !== undefined) out[k] = v
  return out
}

/** The keys of `o` named in `keys` (nested objects: their own key lists). */
export type KeySpec = readonly (string | readonly [string, KeySpec])[]

export function restrict(o: unknown, keys: KeySpec): Json | undefined {
  if (typeof o !== 'object' || o === null) return undefined
  const src = o as Json
  const out: Json = {}
  for (const k of keys) {
    if (typeof k === 'string') {
      if (src[k] !== undefined) out[k] = src[k]
    } else {
      const sub = restrict(src[k[0]], k[1])
      if (sub !== undefined) out[k[0]] = sub
    }
  }
  return out
}

/** Number of leaf values in a restricted object (what a comparison covers). */
export function countFields(o: unknown): number {
  if (Array.isArray(o)) return o.reduce((n: number, x) => n + countFields(x), 0)
  if (typeof o === 'object' && o !== null) return Object.values(o).reduce((n: number, x) => n + countFields(x), 0)
  return 1
}

// lib/rt_names.c (and /etc/iproute2/rt_* defaults)
const SCOPES: Record<number, string> = { 0: 'global', 200: 'site', 253: 'link', 254: 'host', 255: 'nowhere' }
const TABLES: Record<number, string> = { 0: 'unspec', 253: 'default', 254: 'main', 255: 'local' }
const RTN_TYPES = ['unspec', 'unicast', 'local', 'broadcast', 'anycast', 'multicast', 'blackhole', 'unreachable', 'prohibit', 'throw', 'nat', 'xresolve']
const PROTOS: Record<number, string> = {
  0: 'unspec', 1: 'redirect', 2: 'kernel', 3: 'boot', 4: 'static', 8: 'gated', 9: 'ra', 10: 'mrt', 11: 'zebra',
  12: 'bird', 13: 'dnrouted', 14: 'xorp', 15: 'ntk', 16: 'dhcp', 18: 'keepalived', 42: 'babel', 99: 'openr',
  186: 'bgp', 187: 'isis', 188: 'ospf', 189: 'rip', 192: 'eigrp',
}
const scopeName = (s: number): string => SCOPES[s] ?? String(s)
const tableName = (t: number): string => TABLES[t] ?? String(t)

// ---------------------------------------------------------------------------------------------
// Links: ip -d -j link show

// ip/ipaddress.c
const OPER_STATES = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP']
const LINK_MODES = ['DEFAULT', 'DORMANT']
// print_link_flags(): _PF(...) order; IFF_RUNNING is shown as the absence of NO-CARRIER.
const IFF_ORDER: [number, string][] = [
  [0x8, 'LOOPBACK'], [0x2, 'BROADCAST'], [0x10, 'POINTOPOINT'], [0x1000, 'MULTICAST'], [0x80, 'NOARP'],
  [0x200, 'ALLMULTI'], [0x100, 'PROMISC'], [0x400, 'MASTER'], [0x800, 'SLAVE'], [0x4, 'DEBUG'], [0x8000, 'DYNAMIC'],
  [0x4000, 'AUTOMEDIA'], [0x2000, 'PORTSEL'], [0x20, 'NOTRAILERS'], [0x1, 'UP'], [0x10000, 'LOWER_UP'],
  [0x20000, 'DORMANT'], [0x40000, 'ECHO'],
]
const IFF_UP = 0x1
const IFF_RUNNING = 0x40
// lib/ll_types.c
const LINK_TYPES: Record<number, string> = { 1: 'ether', 772: 'loopback', 776: 'sit', 778: 'gre', 0xfffe: 'none', 0xffff: 'void' }
// ip/iplink_bridge_slave.c
const PORT_STATES = ['disabled', 'listening', 'learning', 'forwarding', 'blocking']
// ip/iplink_macvlan.c
const MACVLAN_MODES: Record<number, string> = { 1: 'private', 2: 'vepa', 4: 'bridge', 8: 'passthru', 16: 'source' }
// ip/iplink_vxlan.c
const VXLAN_DF = ['unset', 'set', 'inherit']
// ip/ipaddress.c print_af_spec
const ADDR_GEN_MODES = ['eui64', 'none', 'stable_secret', 'random']

/** print_link_flags(): the "flags" array; `mdown` is the peer-is-down marker of NAME@PEER links. */
export function linkFlags(flags: number, mdown: boolean): string[] {
  const out: string[] = []
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) out.push('NO-CARRIER')
  let rest = flags & ~IFF_RUNNING
  for (const [bit, name] of IFF_ORDER) {
    if (rest & bit) {
      rest &= ~bit
      out.push(name)
    }
  }
  if (rest) out.push(rest.toString(16))
  if (mdown) out.push('M-DOWN')
  return out
}

/** br_dump_bridge_id(): "8000.32:42:55:39:1b:6" (ether_ntoa, no leading zeros). */
function bridgeId(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null) return undefined
  const { prio, addr } = v as { prio: number; addr: string }
  return `${prio.toString(16).padStart(4, '0')}.${addr.split(':').map((b) => parseInt(b, 16).toString(16)).join(':')}`
}

/** A bridge port's fields in info_slave_data (ip/iplink_bridge_slave.c). */
export const BRPORT_KEYS: KeySpec = [
  'state', 'priority', 'cost', 'hairpin', 'guard', 'root_block', 'fastleave', 'learning', 'flood', 'id', 'no',
  'designated_port', 'designated_cost', 'bridge_id', 'root_id', 'topology_change_ack', 'config_pending',
  'proxy_arp', 'proxy_arp_wifi', 'multicast_router', 'mcast_flood', 'bcast_flood', 'mcast_to_unicast',
  'neigh_suppress', 'vlan_tunnel', 'isolated', 'locked',
]

/** The link fields nlwire computes, as `ip -d -j link show` names them. */
export const LINK_KEYS: KeySpec = [
  'ifindex', 'ifname', 'link', 'link_index', 'flags', 'mtu', 'qdisc', 'master', 'operstate', 'linkmode', 'group',
  'txqlen', 'link_type', 'address', 'broadcast', 'link_netnsid', 'proto_down', 'promiscuity', 'allmulti', 'min_mtu',
  'max_mtu', 'inet6_addr_gen_mode', 'num_tx_queues', 'num_rx_queues', 'gso_max_size', 'gso_max_segs',
  'tso_max_size', 'tso_max_segs', 'gro_max_size',
  ['linkinfo', [
    'info_kind', 'info_slave_kind',
    ['info_data', [
      // bridge
      'forward_delay', 'hello_time', 'max_age', 'ageing_time', 'stp_state', 'priority', 'vlan_filtering',
      'bridge_id', 'root_id', 'root_port', 'root_path_cost', 'topology_change', 'topology_change_detected',
      'group_fwd_mask', 'group_addr', 'mcast_snooping', 'mcast_router', 'mcast_query_use_ifaddr', 'mcast_querier',
      'mcast_hash_elasticity', 'mcast_hash_max', 'mcast_last_member_cnt', 'mcast_startup_query_cnt',
      'mcast_last_member_intvl', 'mcast_membership_intvl', 'mcast_querier_intvl', 'mcast_query_intvl',
      'mcast_query_response_intvl', 'mcast_startup_query_intvl', 'mcast_stats_enabled', 'mcast_igmp_version',
      'mcast_mld_version', 'nf_call_iptables', 'nf_call_ip6tables', 'nf_call_arptables',
      // vxlan
      'id', 'group', 'remote', 'group6', 'remote6', 'local', 'local6', 'tos', 'link', 'port', ['port_range', ['low', 'high']], 'learning', 'ttl', 'ageing', 'df',
      'udp_csum', 'udp_zero_csum6_tx', 'udp_zero_csum6_rx',
      // macvlan, macvtap
      'mode', 'bcqueuelen', 'usedbcqueuelen',
      // tun
      'type', 'pi', 'vnet_hdr', 'multi_queue', 'numqueues', 'numdisabled', 'persist', 'user', 'group',
    ]],
    ['info_slave_data', BRPORT_KEYS],
  ]],
]

/** The bridge port fields (IFLA_BRPORT_*) as ip -d link prints them in info_slave_data. */
export function brportJson(p: Json): Json {
  return defined({
    state: has(p.state) ? PORT_STATES[num(p.state)!] ?? String(p.state) : undefined,
    priority: num(p.priority),
    cost: num(p.cost),
    hairpin: bool(p.mode),
    guard: bool(p.guard),
    root_block: bool(p.protect),
    fastleave: bool(p.fastLeave),
    learning: bool(p.learning),
    flood: bool(p.unicastFlood),
    id: hex(num(p.id)),
    no: hex(num(p.no)),
    designated_port: num(p.designatedPort),
    designated_cost: num(p.designatedCost),
    bridge_id: bridgeId(p.bridgeId),
    root_id: bridgeId(p.rootId),
    topology_change_ack: num(p.topologyChangeAck),
    config_pending: num(p.configPending),
    proxy_arp: bool(p.proxyarp),
    proxy_arp_wifi: bool(p.proxyarpWifi),
    multicast_router: num(p.multicastRouter),
    mcast_flood: bool(p.mcastFlood),
    bcast_flood: bool(p.bcastFlood),
    mcast_to_unicast: bool(p.mcastToUcast),
    neigh_suppress: bool(p.neighSuppress),
    vlan_tunnel: bool(p.vlanTunnel),
    isolated: bool(p.isolated),
    locked: bool(p.locked),
  })
}

const isMulticast4 = (a: string): boolean => {
  const first = Number(a.split('.')[0])
  return first >= 224 && first <= 239
}

function infoDataJson(kind: string | undefined, d: Json, name: IfName): Json | undefined {
  if (kind === 'bridge') {
    const g = num(d.groupFwdMask)
    return defined({
      forward_delay: num(d.forwardDelay), hello_time: num(d.helloTime), max_age: num(d.maxAge),
      ageing_time: num(d.ageingTime), stp_state: num(d.stpState), priority: num(d.priority),
      vlan_filtering: num(d.vlanFiltering), bridge_id: bridgeId(d.bridgeId), root_id: bridgeId(d.rootId),
      root_port: num(d.rootPort), root_path_cost: num(d.rootPathCost), topology_change: num(d.topologyChange),
      topology_change_detected: num(d.topologyChangeDetected),
      // print_0xhex("%#x"): 0 prints as "0".
      group_fwd_mask: g === undefined ? undefined : g === 0 ? '0' : `0x${g.toString(16)}`,
      group_addr: d.groupAddr, mcast_snooping: num(d.mcastSnooping), mcast_router: num(d.mcastRouter),
      mcast_query_use_ifaddr: num(d.mcastQueryUseIfaddr), mcast_querier: num(d.mcastQuerier),
      mcast_hash_elasticity: num(d.mcastHashElasticity), mcast_hash_max: num(d.mcastHashMax),
      mcast_last_member_cnt: num(d.mcastLastMemberCnt), mcast_startup_query_cnt: num(d.mcastStartupQueryCnt),
      mcast_last_member_intvl: num(d.mcastLastMemberIntvl), mcast_membership_intvl: num(d.mcastMembershipIntvl),
      mcast_querier_intvl: num(d.mcastQuerierIntvl), mcast_query_intvl: num(d.mcastQueryIntvl),
      mcast_query_response_intvl: num(d.mcastQueryResponseIntvl),
      mcast_startup_query_intvl: num(d.mcastStartupQueryIntvl), mcast_stats_enabled: num(d.mcastStatsEnabled),
      mcast_igmp_version: num(d.mcastIgmpVersion), mcast_mld_version: num(d.mcastMldVersion),
      nf_call_iptables: num(d.nfCallIptables), nf_call_ip6tables: num(d.nfCallIp6tables),
      nf_call_arptables: num(d.nfCallArptables),
    })
  }
  if (kind === 'vxlan') {
    const pr = d.portRange as { low: number; high: number } | undefined
    const link = num(d.link)
    return defined({
      id: num(d.id),
      // vxlan_print_opt(): a multicast IFLA_VXLAN_GROUP(6) is "group(6)", a unicast one "remote(6)".
      group: typeof d.group === 'string' && isMulticast4(d.group) ? d.group : undefined,
      remote: typeof d.group === 'string' && !isMulticast4(d.group) ? d.group : undefined,
      group6: typeof d.group6 === 'string' && d.group6.startsWith('ff') ? d.group6 : undefined,
      remote6: typeof d.group6 === 'string' && !d.group6.startsWith('ff') ? d.group6 : undefined,
      local: d.local, local6: d.local6, link: link ? name(link) : undefined, port: num(d.port),
      // print_0xhex("%#x") only for a non-zero tos (1 is "inherit").
      tos: num(d.tos) ? hex(num(d.tos)) : undefined,
      port_range: pr ? { low: pr.low, high: pr.high } : undefined, learning: bool(d.learning),
      ttl: num(d.ttl), ageing: num(d.ageing), df: has(d.df) ? VXLAN_DF[num(d.df)!] : undefined,
      udp_csum: bool(d.udpCsum), udp_zero_csum6_tx: bool(d.udpZeroCsum6Tx), udp_zero_csum6_rx: bool(d.udpZeroCsum6Rx),
    })
  }
  if (kind === 'tun') {
    // print_tun(): the type by name, the flags as booleans, queue counts for multi-queue devices,
    // owner and group by name when getpwuid/getgrgid know them (only root's here).
    const owner = (id: unknown) => (id === undefined ? undefined : id === 0 ? 'root' : num(id))
    const mq = bool(d.multiQueue)
    return defined({
      type: num(d.type) === 1 ? 'tun' : num(d.type) === 2 ? 'tap' : undefined,
      pi: bool(d.pi), vnet_hdr: bool(d.vnetHdr), multi_queue: mq,
      numqueues: mq ? num(d.numQueues) : undefined, numdisabled: mq ? num(d.numDisabledQueues) : undefined,
      persist: bool(d.persist), user: owner(d.owner), group: owner(d.group),
    })
  }
  if (kind === 'macvlan' || kind === 'macvtap') {
    return defined({
      mode: has(d.mode) ? MACVLAN_MODES[num(d.mode)!] : undefined,
      bcqueuelen: num(d.bcQueueLen),
      usedbcqueuelen: num(d.bcQueueLenUsed),
    })
  }
  return undefined
}

/**
 * A link as `ip -d -j link show` prints it, from an AF_UNSPEC RTM_NEWLINK. `peerUp` tells whether
 * the link IFLA_LINK names is up (the M-DOWN marker), when that is known.
 */
export function linkJson(m: LinkBody, name: IfName, peerUp: (ifindex: number) => boolean | undefined): Json {
  const link = m.link
  const viaNetnsid = m.linkNetnsid !== undefined
  const mdown = link !== undefined && link !== 0 && !viaNetnsid ? peerUp(link) === false : false
  const li = m.linkinfo
  let linkinfo: Json | undefined
  if (li !== undefined) {
    const data = li.data instanceof Uint8Array || li.data === undefined ? undefined : (li.data as Json)
    const slave = li.slaveData instanceof Uint8Array || li.slaveData === undefined ? undefined : (li.slaveData as Json)
    linkinfo = defined({
      info_kind: li.kind,
      info_data: data ? infoDataJson(li.kind, data, name) : undefined,
      info_slave_kind: li.slaveKind,
      info_slave_data: slave && li.slaveKind === 'bridge' ? brportJson(slave) : undefined,
    })
  }
  const inet6 = (m.afSpec as { inet6?: { addrGenMode?: number } } | undefined)?.inet6
  return defined({
    ifindex: m.ifiIndex,
    ifname: m.ifname,
    link: link === undefined ? undefined : link === 0 ? null : viaNetnsid ? undefined : name(link),
    link_index: link !== undefined && link !== 0 && viaNetnsid ? link : undefined,
    flags: linkFlags(m.ifiFlags, mdown),
    mtu: m.mtu,
    qdisc: m.qdisc,
    master: m.master === undefined ? undefined : name(m.master),
    operstate: m.operstate === undefined ? undefined : OPER_STATES[m.operstate],
    linkmode: m.linkmode === undefined ? undefined : LINK_MODES[m.linkmode],
    group: m.group === undefined ? undefined : m.group === 0 ? 'default' : String(m.group),
    // print_queuelen(): only a non-zero qlen.
    txqlen: m.txqlen ? m.txqlen : undefined,
    link_type: LINK_TYPES[m.ifiType] ?? `[${m.ifiType}]`,
    address: m.address,
    broadcast: m.broadcast,
    link_netnsid: m.linkNetnsid,
    proto_down: m.protoDown ? true : undefined,
    promiscuity: m.promiscuity,
    allmulti: m.allmulti,
    min_mtu: m.minMtu,
    max_mtu: m.maxMtu,
    linkinfo,
    inet6_addr_gen_mode: inet6?.addrGenMode === undefined ? undefined : ADDR_GEN_MODES[inet6.addrGenMode],
    num_tx_queues: m.numTxQueues,
    num_rx_queues: m.numRxQueues,
    gso_max_size: m.gsoMaxSize,
    gso_max_segs: m.gsoMaxSegs,
    tso_max_size: m.tsoMaxSize,
    tso_max_segs: m.tsoMaxSegs,
    gro_max_size: m.groMaxSize,
  })
}

// ---------------------------------------------------------------------------------------------
// Addresses: the addr_info entries of ip -j addr show

// print_ifa_flags(): ifa_flag_names order; IFA_F_PERMANENT shows as "dynamic" when absent.
const IFA_FLAG_NAMES: [number, string][] = [
  [0x01, 'secondary'], [0x01, 'temporary'], [0x02, 'nodad'], [0x04, 'optimistic'], [0x08, 'dadfailed'],
  [0x10, 'home'], [0x20, 'deprecated'], [0x40, 'tentative'], [0x80, 'permanent'], [0x100, 'mngtmpaddr'],
  [0x200, 'noprefixroute'], [0x400, 'autojoin'], [0x800, 'stable-privacy'],
]
const INFINITY_LIFE_TIME = 0xffffffff

export const ADDR_KEYS: KeySpec = [
  'family', 'local', 'address', 'prefixlen', 'broadcast', 'anycast', 'scope', 'dynamic', 'secondary', 'temporary',
  'nodad', 'optimistic', 'dadfailed', 'home', 'deprecated', 'tentative', 'mngtmpaddr', 'noprefixroute', 'autojoin',
  'stable-privacy', 'ifa_flags', 'label', 'valid_life_time', 'preferred_life_time',
]

/** One address as print_addrinfo() writes it inside addr_info. */
export function addrJson(m: AddrBody): Json {
  const local = m.local ?? m.address
  const peer = m.address ?? m.local
  const out: Json = {
    family: m.ifaFamily === 2 ? 'inet' : m.ifaFamily === 10 ? 'inet6' : undefined,
    local,
    address: peer !== local ? peer : undefined,
    prefixlen: local !== undefined ? m.ifaPrefixlen : undefined,
    broadcast: m.broadcast,
    anycast: m.anycast,
    scope: scopeName(m.ifaScope),
  }
  let flags = m.flags ?? m.ifaFlags
  for (const [mask, name] of IFA_FLAG_NAMES) {
    if (mask === 0x80) {
      if (!(flags & mask)) out.dynamic = true
    } else if (flags & mask) {
      // IPv6 calls IFA_F_SECONDARY "temporary"; the "temporary" entry itself then finds the bit gone.
      out[mask === 0x01 && m.ifaFamily === 10 ? 'temporary' : name] = true
    }
    flags &= ~mask
  }
  if (flags) out.ifa_flags = flags.toString(16).padStart(2, '0')
  out.label = m.label
  if (m.cacheinfo) {
    out.valid_life_time = m.cacheinfo.ifaValid
    out.preferred_life_time = m.cacheinfo.ifaPrefered
  }
  return defined(out)
}

/** Lifetimes run down between the message and the query: compare them only when one is forever. */
export function timeless(a: Json, b: Json): void {
  for (const k of ['valid_life_time', 'preferred_life_time']) {
    if (a[k] !== INFINITY_LIFE_TIME && b[k] !== INFINITY_LIFE_TIME) {
      delete a[k]
      delete b[k]
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Routes: ip -j route show table all

// print_rt_flags()
const RT_FLAGS: [number, string][] = [
  [1, 'dead'], [4, 'onlink'], [2, 'pervasive'], [8, 'offload'], [64, 'trap'], [0x100, 'notify'], [16, 'linkdown'],
  [32, 'unresolved'], [0x4000, 'rt_offload'], [0x8000, 'rt_trap'], [0x20000000, 'rt_offload_failed'],
]
const RTM_F_CLONED = 0x200
const PREFS: Record<number, string> = { 0: 'medium', 1: 'high', 3: 'low' }
// mx_names[] in ip/iproute.c
const METRIC_NAMES: Record<string, string> = {
  mtu: 'mtu', window: 'window', rtt: 'rtt', rttvar: 'rttvar', ssthresh: 'ssthresh', cwnd: 'cwnd', advmss: 'advmss',
  reordering: 'reordering', hoplimit: 'hoplimit', initcwnd: 'initcwnd', rtoMin: 'rto_min', initrwnd: 'initrwnd',
  quickack: 'quickack', fastopenNoCookie: 'fastopen_no_cookie',
}

function rtFlags(flags: number): string[] {
  return RT_FLAGS.filter(([bit]) => flags & bit).map(([, n]) => n)
}

export const ROUTE_KEYS: KeySpec = [
  'type', 'dst', 'src', 'gateway', 'dev', 'table', 'protocol', 'scope', 'prefsrc', 'metric', 'flags', 'pref',
  'metrics', 'nexthops',
]

/** A route as print_route() writes it, with `table all` (so main is not named). */
export function routeJson(m: RouteBody, name: IfName): Json {
  const hostLen = m.rtmFamily === 10 ? 128 : 32
  const table = m.table ?? m.rtmTable
  const cloned = (m.rtmFlags & RTM_F_CLONED) !== 0
  const metrics: Json = {}
  for (const [k, v] of Object.entries(m.metrics ?? {})) if (METRIC_NAMES[k] !== undefined) metrics[METRIC_NAMES[k]!] = v
  return defined({
    type: m.rtmType !== 1 ? RTN_TYPES[m.rtmType] ?? String(m.rtmType) : undefined,
    dst: m.dst !== undefined ? (m.rtmDstLen !== hostLen ? `${m.dst}/${m.rtmDstLen}` : m.dst) : m.rtmDstLen ? `0/${m.rtmDstLen}` : 'default',
    src: m.src !== undefined ? (m.rtmSrcLen !== hostLen ? `${m.src}/${m.rtmSrcLen}` : m.src) : undefined,
    gateway: m.gateway,
    dev: m.oif !== undefined ? name(m.oif) : undefined,
    table: table && table !== 254 ? tableName(table) : undefined,
    protocol: !cloned && m.rtmProtocol !== 3 ? PROTOS[m.rtmProtocol] ?? String(m.rtmProtocol) : undefined,
    scope: !cloned && m.rtmScope !== 0 ? scopeName(m.rtmScope) : undefined,
    prefsrc: m.prefsrc,
    metric: m.priority,
    flags: rtFlags(m.rtmFlags),
    pref: m.pref !== undefined ? PREFS[m.pref] ?? String(m.pref) : undefined,
    metrics: Object.keys(metrics).length > 0 ? [metrics] : undefined,
    nexthops: m.multipath?.map((nh: RouteNexthop) =>
      defined({ gateway: nh.gateway, dev: name(nh.rtnhIfindex), weight: nh.rtnhHops + 1, flags: rtFlags(nh.rtnhFlags) }),
    ),
  })
}

// ---------------------------------------------------------------------------------------------
// Neighbours (ip -j neigh show) and bridge FDB entries (bridge -j fdb show)

const NUD_ORDER: [number, string][] = [
  [0x01, 'INCOMPLETE'], [0x02, 'REACHABLE'], [0x04, 'STALE'], [0x08, 'DELAY'], [0x10, 'PROBE'], [0x20, 'FAILED'],
  [0x40, 'NOARP'], [0x80, 'PERMANENT'],
]

export const NEIGH_KEYS: KeySpec = ['dst', 'dev', 'lladdr', 'router', 'state']

/** A neighbour as print_neigh() writes it. */
export function neighJson(m: NeighBody, name: IfName): Json {
  let rest = m.ndmState
  const state: string[] = []
  for (const [bit, n] of NUD_ORDER) {
    if (rest & bit) {
      rest &= ~bit
      state.push(n)
    }
  }
  if (rest) state.push(rest.toString(16))
  return defined({
    dst: m.dst,
    dev: name(m.ndmIfindex),
    lladdr: m.lladdr,
    router: m.ndmFlags & 0x80 ? true : undefined,
    state: m.ndmState ? state : undefined,
  })
}

// bridge/fdb.c fdb_print_flags(), state_n2a()
const FDB_FLAGS: [number, string][] = [[0x02, 'self'], [0x80, 'router'], [0x10, 'extern_learn'], [0x20, 'offload'], [0x04, 'master'], [0x40, 'sticky']]

function fdbState(s: number): string {
  if (s & 0x80) return 'permanent'
  if (s & 0x40) return 'static'
  if (s & 0x04) return 'stale'
  if (s & 0x02) return ''
  return `0x${s.toString(16)}`
}

export const FDB_KEYS: KeySpec = ['mac', 'ifname', 'dst', 'vlan', 'port', 'vni', 'src_vni', 'nhid', 'flags', 'master', 'state']

/** An FDB entry as print_fdb() writes it. */
export function fdbJson(m: NeighBody, name: IfName): Json {
  return defined({
    mac: m.lladdr,
    ifname: m.ndmIfindex ? name(m.ndmIfindex) : undefined,
    dst: m.dst,
    vlan: m.vlan ? m.vlan : undefined,
    port: m.port,
    vni: m.vni,
    src_vni: m.srcVni,
    nhid: m.nhId,
    flags: FDB_FLAGS.filter(([bit]) => m.ndmFlags & bit).map(([, n]) => n),
    master: m.master !== undefined ? name(m.master) : undefined,
    state: fdbState(m.ndmState),
  })
}

// ---------------------------------------------------------------------------------------------
// netconf: the text of `ip netconf show dev NAME` (ip/ipnetconf.c print_netconf)

const RP_FILTER = ['off', 'strict', 'loose']
const onOff = (v: number): string => (v ? 'on' : 'off')

/** One line of `ip netconf show`: "inet veth0 forwarding off rp_filter off ...". */
export function netconfLine(m: NetconfBody, name: IfName): string {
  const family = m.ncmFamily === 2 ? 'inet' : m.ncmFamily === 10 ? 'inet6' : m.ncmFamily === 28 ? 'mpls' : `family ${m.ncmFamily}`
  const dev = m.ifindex === -1 ? 'all' : m.ifindex === -2 ? 'default' : m.ifindex === undefined ? '' : name(m.ifindex)
  const parts = [family, dev]
  if (m.forwarding !== undefined) parts.push('forwarding', onOff(m.forwarding))
  if (m.rpFilter !== undefined) parts.push('rp_filter', RP_FILTER[m.rpFilter] ?? String(m.rpFilter))
  if (m.mcForwarding !== undefined) parts.push('mc_forwarding', onOff(m.mcForwarding))
  if (m.proxyNeigh !== undefined) parts.push('proxy_neigh', onOff(m.proxyNeigh))
  if (m.ignoreRoutesWithLinkdown !== undefined) parts.push('ignore_routes_with_linkdown', onOff(m.ignoreRoutesWithLinkdown))
  if (m.input !== undefined) parts.push('input', onOff(m.input))
  return parts.join(' ') + ' '
}
