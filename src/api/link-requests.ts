// Typed link options → the RTM_*LINK messages iproute2 sends for the same command, attribute for
// attribute and in the same order (seq and port id are the client's). Pure: names are already
// resolved to ifindexes and namespaces to fds by the caller.
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { IFF_UP } from '../../codecs/link/if.js'
import { RTEXT_FILTER_SKIP_STATS, RTEXT_FILTER_VF } from '../../codecs/link/link.js'
import { RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK } from '../../codecs/rtnetlink.js'
import { AF_PACKET } from '../../codecs/socket.js'
import type { BridgeAttrs, BridgePortAttrs, KindData, Ipv4Devconf, LinkBody, LinkMessage, MacvlanAttrs, VxlanAttrs } from '../../codecs/index.js'

/** ifinfomsg with everything zero, as iproute2 starts every request. */
function ifinfo(index = 0, flags = 0, change = 0, family = 0): LinkBody {
  return { ifiFamily: family, ifiType: 0, ifiIndex: index, ifiFlags: flags, ifiChange: change }
}

function msg(type: LinkMessage['type'], flags: number, body: LinkBody): LinkMessage {
  return { type, flags, seq: 0, pid: 0, body }
}

/** `ip link set DEV ...` and `ip addr ... dev DEV` first look DEV up like this. */
export function getLinkByName(name: string): LinkMessage {
  return msg(RTM_GETLINK, NLM_F_REQUEST, { ...ifinfo(), extMask: RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS, ifname: name })
}

/** `ip -d link show dev NAME` (full details: stats, devconf). */
export function getLinkDetails(ref: { name: string } | { index: number }): LinkMessage {
  if ('name' in ref) return msg(RTM_GETLINK, NLM_F_REQUEST, { ...ifinfo(0, 0, 0, AF_PACKET), ifname: ref.name, extMask: RTEXT_FILTER_VF })
  return msg(RTM_GETLINK, NLM_F_REQUEST, { ...ifinfo(ref.index, 0, 0, AF_PACKET), extMask: RTEXT_FILTER_VF })
}

/** `ip link list`: a dump of every link. */
export function dumpLinks(): LinkMessage {
  return msg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, { ...ifinfo(0, 0, 0, AF_PACKET), extMask: RTEXT_FILTER_VF })
}

/** Attributes iproute2's iplink_parse adds while reading its arguments, in that order. */
export interface CommonLinkAttrs {
  address?: string
  broadcast?: string
  mtu?: number
  /** IFLA_NET_NS_FD (an fd of the sending process) or IFLA_NET_NS_PID. */
  netNsFd?: number
  netNsPid?: number
  txqlen?: number
  /** ifindex, 0 = no master. */
  master?: number
  group?: number
  alias?: string
}

/** The common attributes added to `b`, in iproute2's order (the encoder follows key order). */
function withCommon(b: LinkBody, a: CommonLinkAttrs): LinkBody {
  if (a.address !== undefined) b.address = a.address
  if (a.broadcast !== undefined) b.broadcast = a.broadcast
  if (a.mtu !== undefined) b.mtu = a.mtu
  if (a.netNsFd !== undefined) b.netNsFd = a.netNsFd
  if (a.netNsPid !== undefined) b.netNsPid = a.netNsPid
  if (a.txqlen !== undefined) b.txqlen = a.txqlen
  if (a.master !== undefined) b.master = a.master
  if (a.group !== undefined) b.group = a.group
  if (a.alias !== undefined) b.ifalias = a.alias
  return b
}

export interface PeerSpec extends CommonLinkAttrs {
  name?: string
  up?: boolean
}

export type KindSpec =
  | { kind: 'veth'; peer?: PeerSpec }
  | { kind: 'bridge'; bridge?: BridgeAttrs }
  | { kind: 'vxlan'; vxlan: VxlanAttrs }
  | { kind: 'macvlan' | 'macvtap'; macvlan?: MacvlanAttrs }
  | { kind: string; data?: Record<string, unknown> }

export interface NewLinkSpec extends CommonLinkAttrs {
  name: string
  up?: boolean
  /** IFLA_LINK: the parent device (macvlan, vlan ...). */
  link?: number
}

/** `ip link add NAME [opts] type KIND [kind opts]` */
export function newLink(spec: NewLinkSpec, kind: KindSpec): LinkMessage {
  const up = spec.up === true ? IFF_UP : 0
  const body = withCommon(ifinfo(0, up, up), spec)
  if (spec.link !== undefined) body.link = spec.link
  body.ifname = spec.name
  body.linkinfo = linkinfo(kind)
  return msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, body)
}

function linkinfo(k: KindSpec): NonNullable<LinkBody['linkinfo']> {
  if (k.kind === 'veth' && 'peer' in k) {
    const p = k.peer
    if (p === undefined) return { kind: 'veth' }
    const up = p.up === true ? IFF_UP : 0
    const peer = withCommon(ifinfo(0, up, up), p)
    if (p.name !== undefined) peer.ifname = p.name
    return { kind: 'veth', data: { peer } }
  }
  if (k.kind === 'bridge' && 'bridge' in k) return k.bridge !== undefined && Object.keys(k.bridge).length > 0 ? { kind: 'bridge', data: k.bridge } : { kind: 'bridge' }
  if (k.kind === 'vxlan' && 'vxlan' in k) return { kind: 'vxlan', data: vxlanInIproute2Order(k.vxlan) }
  if ((k.kind === 'macvlan' || k.kind === 'macvtap') && 'macvlan' in k) return k.macvlan !== undefined ? { kind: k.kind, data: k.macvlan } : { kind: k.kind }
  if ('data' in k && k.data !== undefined) return { kind: k.kind, data: k.data }
  return { kind: k.kind }
}

/**
 * iproute2's vxlan_parse_opt writes its attributes in a fixed order (and always says whether to
 * learn): follow it so the bytes match `ip link add NAME type vxlan ...`.
 */
const VXLAN_ORDER: readonly (keyof VxlanAttrs)[] = [
  'link', 'id', 'group', 'group6', 'local', 'local6', 'ttl', 'ttlInherit', 'tos', 'df', 'label', 'learning',
  'proxy', 'rsc', 'l2miss', 'l3miss', 'remcsumTx', 'remcsumRx', 'udpCsum', 'udpZeroCsum6Tx', 'udpZeroCsum6Rx',
  'collectMetadata', 'ageing', 'limit', 'portRange', 'port',
]

function vxlanInIproute2Order(v: VxlanAttrs): VxlanAttrs {
  const withDefaults: VxlanAttrs = { learning: 1, ...v }
  const out: Record<string, unknown> = {}
  for (const k of VXLAN_ORDER) if (withDefaults[k] !== undefined) out[k] = withDefaults[k]
  for (const [k, x] of Object.entries(withDefaults)) if (!(k in out) && x !== undefined) out[k] = x
  return out as VxlanAttrs
}

export interface SetLinkSpec extends CommonLinkAttrs {
  /** Rename (IFLA_IFNAME). */
  name?: string
  up?: boolean
  /** `type bridge ...` on a bridge. */
  bridge?: BridgeAttrs
  /** `type bridge_slave ...` on a bridge port. */
  bridgePort?: BridgePortAttrs
}

/** `ip link set DEV ...`: an RTM_NEWLINK on the link's ifindex, without CREATE. */
export function setLink(index: number, s: SetLinkSpec): LinkMessage {
  const up = s.up === undefined ? 0 : s.up ? IFF_UP : 0
  const change = s.up === undefined ? 0 : IFF_UP
  const body = withCommon(ifinfo(index, up, change), s)
  if (s.name !== undefined) body.ifname = s.name
  if (s.bridge !== undefined) body.linkinfo = { kind: 'bridge', data: s.bridge }
  else if (s.bridgePort !== undefined) body.linkinfo = { kind: 'bridge_slave', slaveData: s.bridgePort as KindData }
  return msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK, body)
}

/**
 * net.ipv4.conf.DEV.* through rtnetlink (RTM_SETLINK > IFLA_AF_SPEC > AF_INET > IFLA_INET_CONF,
 * written as nested per-index attributes), no /proc write. iproute2 has no command for it.
 */
export function setInetDevconf(index: number, conf: Ipv4Devconf): LinkMessage {
  return msg(RTM_SETLINK, NLM_F_REQUEST | NLM_F_ACK, { ...ifinfo(index), afSpec: { inet: { conf } } })
}

/** `ip link del DEV` */
export function delLink(index: number): LinkMessage {
  return msg(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, ifinfo(index))
}

/** `ip link del group N`: every link of the group, in one request. */
export function delLinkGroup(group: number): LinkMessage {
  return msg(RTM_DELLINK, NLM_F_REQUEST | NLM_F_ACK, { ...ifinfo(), group })
}
