// nl.link's answers: a link as the kernel describes it, readable (the decoded body kept as `raw`).
import type { BridgeAttrs, BridgePortAttrs, Ipv4Devconf, Ipv6Devconf, LinkBody, MacvlanAttrs, RtnlLinkStats64, VxlanAttrs } from '../../codecs/index.js'
import { IFF_NAMES, IFF_UP, IF_OPER_NAMES } from '../../codecs/link/if.js'
import { names } from './view-names.js'

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
