// What the API hands back: typed, readable views of the decoded kernel messages. Every view
// keeps the full decoded body as `raw` for anything it does not lift out.
import { RT_SCOPE_NAMES, IFA_F_NAMES } from '../../codecs/addr.js'
import { IFF_NAMES, IFF_UP, IF_OPER_NAMES } from '../../codecs/link/if.js'
import { NUD_NAMES, NTF_NAMES } from '../../codecs/neigh.js'
import { RTN_NAMES, RTPROT_NAMES } from '../../codecs/route.js'
import { AF_INET, AF_INET6, AF_BRIDGE } from '../../codecs/socket.js'
import type { AddrBody, BridgeAttrs, BridgePortAttrs, Ipv4Devconf, Ipv6Devconf, LinkBody, MacvlanAttrs, NeighBody, RouteBody, RtnlLinkStats64, VxlanAttrs } from '../../codecs/index.js'

export type Family = 'inet' | 'inet6'

export interface Link {
  index: number
  name: string
  /** IFF_* bits of ifi_flags. */
  flags: number
  /** Their names: ['BROADCAST', 'MULTICAST', 'UP', 'LOWER_UP']. */
  flagNames: string[]
  /** Administratively up (IFF_UP). */
  up: boolean
  /** RFC 2863 operational state: 'UP', 'DOWN', 'LOWERLAYERDOWN', 'UNKNOWN' ... */
  operstate: string
  mtu?: number
  minMtu?: number
  maxMtu?: number
  /** '02:aa:bb:cc:dd:ee' */
  address?: string
  broadcast?: string
  txqlen?: number
  group?: number
  alias?: string
  /** IFLA_INFO_KIND: 'veth', 'bridge', 'vxlan' ... (undefined for plain devices like lo). */
  kind?: string
  /** The kind of the master when this link is a port: 'bridge'. */
  slaveKind?: string
  /** ifindex of the master (bridge), when enslaved. */
  master?: number
  /** IFLA_LINK: the parent (macvlan, vxlan dev) or the veth peer, in `linkNetnsid`'s namespace if set. */
  link?: number
  /** nsid (as seen from this namespace) of the namespace `link` lives in. */
  linkNetnsid?: number
  /** veth: where the other end is. */
  peer?: { index: number; netnsid?: number }
  /** The device cannot change namespace (loopback, bridges: IFLA_NETNS_IMMUTABLE). */
  netnsImmutable?: boolean
  bridge?: BridgeAttrs
  bridgePort?: BridgePortAttrs
  vxlan?: VxlanAttrs
  macvlan?: MacvlanAttrs
  /** IPv4 devconf (net.ipv4.conf.NAME.*), when the kernel reported it. */
  inet?: Ipv4Devconf
  inet6?: Ipv6Devconf
  stats64?: RtnlLinkStats64
  raw: LinkBody
}

/** A name table compiled once: its bits in ascending order, each name with the prefix stripped. */
interface BitTable {
  bits: number[]
  names: string[]
}

const compiled = new Map<Readonly<Record<number, string>>, Map<string, BitTable>>()

function bitTable(table: Readonly<Record<number, string>>, prefix: string, lower: boolean): BitTable {
  let byPrefix = compiled.get(table)
  if (byPrefix === undefined) compiled.set(table, (byPrefix = new Map()))
  const key = lower ? `${prefix}\0lower` : prefix
  let t = byPrefix.get(key)
  if (t === undefined) {
    t = { bits: [], names: [] }
    // Object.entries is slow on these sparse integer-keyed tables: walk it once, not per view.
    for (const [k, v] of Object.entries(table)) {
      const bit = Number(k)
      if (bit === 0) continue
      const name = v.startsWith(prefix) ? v.slice(prefix.length) : v
      t.bits.push(bit)
      t.names.push(lower ? name.toLowerCase() : name)
    }
    byPrefix.set(key, t)
  }
  return t
}

/** Names of the bits set in `bits`, kernel prefix stripped: 0x1003 → ['UP', 'BROADCAST', 'MULTICAST']. */
function names(bits: number, table: Readonly<Record<number, string>>, prefix = '', lower = false): string[] {
  const t = bitTable(table, prefix, lower)
  const out: string[] = []
  for (let i = 0; i < t.bits.length; i++) {
    const bit = t.bits[i]!
    if ((bits & bit) === bit) out.push(t.names[i]!)
  }
  return out
}

/** IF_OPER_* names as Link.operstate shows them. */
const operstates = new Map<number, string>()

function operstateName(state: number | undefined): string {
  if (state === undefined) return 'UNKNOWN'
  let n = operstates.get(state)
  if (n === undefined) operstates.set(state, (n = (IF_OPER_NAMES[state] ?? String(state)).replace(/^IF_OPER_/, '')))
  return n
}

export function toLink(b: LinkBody): Link {
  const info = b.linkinfo
  const l: Link = {
    index: b.ifiIndex,
    name: b.ifname ?? '',
    flags: b.ifiFlags,
    flagNames: names(b.ifiFlags, IFF_NAMES, 'IFF_'),
    up: (b.ifiFlags & IFF_UP) !== 0,
    operstate: operstateName(b.operstate),
    raw: b,
  }
  if (b.mtu !== undefined) l.mtu = b.mtu
  if (b.minMtu !== undefined) l.minMtu = b.minMtu
  if (b.maxMtu !== undefined) l.maxMtu = b.maxMtu
  if (b.address !== undefined) l.address = b.address
  if (b.broadcast !== undefined) l.broadcast = b.broadcast
  if (b.txqlen !== undefined) l.txqlen = b.txqlen
  if (b.group !== undefined) l.group = b.group
  if (b.ifalias !== undefined) l.alias = b.ifalias
  if (b.master !== undefined) l.master = b.master
  if (b.link !== undefined) l.link = b.link
  if (b.linkNetnsid !== undefined) l.linkNetnsid = b.linkNetnsid
  if (b.netnsImmutable !== undefined) l.netnsImmutable = b.netnsImmutable !== 0
  if (info?.kind !== undefined) l.kind = info.kind
  if (info?.slaveKind !== undefined) l.slaveKind = info.slaveKind
  if (info?.kind === 'veth' && b.link !== undefined) {
    l.peer = b.linkNetnsid !== undefined ? { index: b.link, netnsid: b.linkNetnsid } : { index: b.link }
  }
  const data = info?.data as Record<string, unknown> | undefined
  if (data !== undefined && !(data instanceof Uint8Array)) {
    if (info?.kind === 'bridge') l.bridge = data as BridgeAttrs
    else if (info?.kind === 'vxlan') l.vxlan = data as VxlanAttrs
    else if (info?.kind === 'macvlan' || info?.kind === 'macvtap') l.macvlan = data as MacvlanAttrs
  }
  const slave = info?.slaveData
  if (info?.slaveKind === 'bridge' && slave !== undefined && !(slave instanceof Uint8Array)) l.bridgePort = slave as BridgePortAttrs
  const af = b.afSpec as { inet?: { conf?: Ipv4Devconf }; inet6?: { conf?: Ipv6Devconf } } | undefined
  if (af?.inet?.conf !== undefined) l.inet = af.inet.conf
  if (af?.inet6?.conf !== undefined) l.inet6 = af.inet6.conf
  if (b.stats64 !== undefined) l.stats64 = b.stats64
  return l
}

export interface Address {
  /** ifindex of the device. */
  index: number
  family: Family
  /** '192.168.88.1' */
  address: string
  prefixlen: number
  /** '192.168.88.1/24' */
  cidr: string
  /** IFA_ADDRESS when it differs from IFA_LOCAL (point-to-point peer). */
  peer?: string
  broadcast?: string
  label?: string
  /** 'global', 'link', 'host' ... */
  scope: string
  /** IFA_F_* names: ['permanent'], ['tentative'] ... */
  flags: string[]
  raw: AddrBody
}

export function familyName(f: number): Family {
  return f === AF_INET6 ? 'inet6' : 'inet'
}

export function toAddress(b: AddrBody): Address {
  const local = b.local ?? b.address ?? ''
  const flagBits = b.flags ?? b.ifaFlags
  const a: Address = {
    index: b.ifaIndex,
    family: familyName(b.ifaFamily),
    address: local,
    prefixlen: b.ifaPrefixlen,
    cidr: `${local}/${b.ifaPrefixlen}`,
    scope: scopeName(b.ifaScope),
    flags: names(flagBits, IFA_F_NAMES, 'IFA_F_', true),
    raw: b,
  }
  if (b.address !== undefined && b.local !== undefined && b.address !== b.local) a.peer = b.address
  if (b.broadcast !== undefined) a.broadcast = b.broadcast
  if (b.label !== undefined) a.label = b.label
  return a
}

export function scopeName(s: number): string {
  const n = RT_SCOPE_NAMES[s]
  return n !== undefined ? n.replace(/^RT_SCOPE_/, '').toLowerCase().replace('universe', 'global') : String(s)
}

export interface RouteNexthopView {
  via?: string
  dev?: number
  weight: number
}

export interface Route {
  family: Family
  /** 'default' or '10.0.0.0/24' */
  dst: string
  via?: string
  /** ifindex of the output device. */
  dev?: number
  src?: string
  /** main = 254, local = 255 ... */
  table: number
  metric?: number
  /** 'unicast', 'local', 'broadcast' ... */
  type: string
  /** 'boot', 'kernel', 'static' ... */
  protocol: string
  scope: string
  mtu?: number
  nexthops?: RouteNexthopView[]
  /** The nexthop object the route uses (nl.nexthop). */
  nhid?: number
  raw: RouteBody
}

export function toRoute(b: RouteBody): Route {
  const dst = b.dst === undefined ? 'default' : `${b.dst}/${b.rtmDstLen}`
  const r: Route = {
    family: familyName(b.rtmFamily),
    dst,
    table: b.table ?? b.rtmTable,
    type: (RTN_NAMES[b.rtmType] ?? String(b.rtmType)).replace(/^RTN_/, '').toLowerCase(),
    protocol: (RTPROT_NAMES[b.rtmProtocol] ?? String(b.rtmProtocol)).replace(/^RTPROT_/, '').toLowerCase(),
    scope: scopeName(b.rtmScope),
    raw: b,
  }
  if (b.gateway !== undefined) r.via = b.gateway
  if (b.oif !== undefined) r.dev = b.oif
  if (b.prefsrc !== undefined) r.src = b.prefsrc
  if (b.priority !== undefined) r.metric = b.priority
  if (b.metrics?.mtu !== undefined) r.mtu = b.metrics.mtu
  if (b.nhId !== undefined) r.nhid = b.nhId
  if (b.multipath !== undefined) {
    r.nexthops = b.multipath.map((nh) => {
      const v: RouteNexthopView = { weight: nh.rtnhHops + 1 }
      if (nh.gateway !== undefined) v.via = nh.gateway
      if (nh.rtnhIfindex !== 0) v.dev = nh.rtnhIfindex
      return v
    })
  }
  return r
}

export interface Neighbour {
  /** ifindex of the device. */
  index: number
  family: Family | 'bridge'
  /** The IP address (ARP/NDP), or for a bridge FDB entry the remote (vxlan) if any. */
  dst?: string
  lladdr?: string
  /** NUD_* names: ['permanent'], ['reachable'] ... */
  state: string[]
  /** NTF_* names: ['master'], ['self'] ... */
  flags: string[]
  /** Bridge FDB: ifindex of the bridge. */
  master?: number
  vlan?: number
  vni?: number
  raw: NeighBody
}

export function toNeighbour(b: NeighBody): Neighbour {
  const n: Neighbour = {
    index: b.ndmIfindex,
    family: b.ndmFamily === AF_BRIDGE ? 'bridge' : b.ndmFamily === AF_INET6 ? 'inet6' : 'inet',
    state: names(b.ndmState, NUD_NAMES, 'NUD_', true),
    flags: names(b.ndmFlags, NTF_NAMES, 'NTF_', true),
    raw: b,
  }
  if (b.dst !== undefined) n.dst = b.dst
  if (b.lladdr !== undefined) n.lladdr = b.lladdr
  if (b.master !== undefined) n.master = b.master
  if (b.vlan !== undefined) n.vlan = b.vlan
  if (b.vni !== undefined) n.vni = b.vni
  return n
}

export const FAMILY_NUMBER: Readonly<Record<Family, number>> = { inet: AF_INET, inet6: AF_INET6 }
