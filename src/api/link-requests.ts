// nl.link's options → the RTM_*LINK messages iproute2 sends for the same command, attribute for
// attribute and in the same order (seq and port id are the client's). Pure: the options arrive
// with their references resolved (links as ifindexes, namespaces as fds or pids: `Resolved`).
import type { BridgeAttrs, BridgePortAttrs, Ipv4Devconf, KindData, LinkBody, LinkInfoData, LinkMessage, MacvlanAttrs, VxlanAttrs } from '../../codecs/index.js'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_ECHO, NLM_F_EXCL, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { IFF_UP } from '../../codecs/link/if.js'
import { RTEXT_FILTER_SKIP_STATS, RTEXT_FILTER_VF } from '../../codecs/link/link.js'
import { MACVLAN_MODE_BRIDGE, MACVLAN_MODE_PASSTHRU, MACVLAN_MODE_PRIVATE, MACVLAN_MODE_SOURCE, MACVLAN_MODE_VEPA } from '../../codecs/link/macvlan.js'
import { RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK } from '../../codecs/rtnetlink.js'
import { AF_PACKET } from '../../codecs/address-families.js'
import { ApiError } from './errors.js'
import type { LinkRef, NetnsRef, NetnsTarget } from './refs.js'

// ---------------------------------------------------------------------------------------------
// The options (L: how a link is named, N: how a namespace is; users give names, builders get
// ifindexes and fds)

/** Options every link takes, at creation or later. */
export interface LinkCommonOptions<L = LinkRef, N = NetnsRef> {
  mtu?: number
  /** MAC address '02:00:00:00:00:01'. */
  address?: string
  broadcast?: string
  txqlen?: number
  /** Link group (IFLA_GROUP): delete a whole group at once with link.del({ group }). */
  group?: number
  alias?: string
  /** Enslave to this bridge (a name or ifindex); `null` releases (nomaster). */
  master?: L | null
  /** Move to (or create in) this namespace: a /run/netns name, { pid }, { fd } or { path }. */
  netns?: N
  /** Administratively up (true) or down (false). */
  up?: boolean
}

export interface VethPeerOptions<N = NetnsRef> extends Omit<LinkCommonOptions<never, N>, 'master' | 'group' | 'alias'> {
  name?: string
}

export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru' | 'source'

export interface VxlanOptions<L = LinkRef> extends Omit<VxlanAttrs, 'link' | 'port'> {
  /** VNI (IFLA_VXLAN_ID). */
  id: number
  /** UDP destination port (4789 is IANA's; the kernel's default is 8472). */
  port?: number
  /** Underlying device (a name or ifindex). */
  dev?: L
}

export interface LinkAddOptions<L = LinkRef, N = NetnsRef> extends LinkCommonOptions<L, N> {
  name: string
  /** 'veth', 'bridge', 'vxlan', 'macvlan', 'macvtap', or any kind this kernel knows. */
  kind: string
  /** veth: the other end. */
  peer?: VethPeerOptions<N>
  /** bridge: IFLA_BR_* options ({ stpState: 0, forwardDelay: 400 ... }). */
  bridge?: BridgeAttrs
  vxlan?: VxlanOptions<L>
  /** macvlan/macvtap: the mode, and `link` the parent. */
  macvlan?: { mode?: MacvlanMode } & Omit<MacvlanAttrs, 'mode'>
  /** The parent device (macvlan, macvtap). */
  link?: L
  /**
   * `ip -echo link add`: ask the kernel for a copy of the new link (NLM_F_ECHO, honoured for
   * links since Linux 6.3); add() then resolves with it, and saves a lookup of its ifindex (and,
   * for a veth, of the peer's: Link.peer).
   */
  echo?: boolean
}

export interface LinkSetOptions<L = LinkRef, N = NetnsRef> extends LinkCommonOptions<L, N> {
  /** Rename. */
  name?: string
  /** Bridge options (the link must be a bridge). */
  bridge?: BridgeAttrs
  /** Bridge port options (the link must be enslaved to a bridge). */
  bridgePort?: BridgePortAttrs
  /** IPv4 devconf (net.ipv4.conf.DEV.*) through rtnetlink, no /proc: { rpFilter: 0, acceptLocal: 1 }. */
  inet?: Ipv4Devconf
}

/** The options as the request builders take them: links by ifindex, namespaces ready to send. */
export type ResolvedLinkAdd = LinkAddOptions<number, NetnsTarget>
export type ResolvedLinkSet = LinkSetOptions<number, NetnsTarget>

// ---------------------------------------------------------------------------------------------
// The messages

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

/** IFLA_MASTER in a link dump request: links without a master (`ip link show nomaster`). */
export const NO_MASTER = 0xffffffff

/**
 * `ip link list`: a dump of every link; `ip link show master M` / `nomaster` / `type KIND` put the
 * filter in it as IFLA_MASTER (NO_MASTER: none) and IFLA_LINKINFO > IFLA_INFO_KIND, which the
 * kernel applies (rtnl_dump_ifinfo).
 */
export function dumpLinks(filter: { master?: number; kind?: string } = {}): LinkMessage {
  const body: LinkBody = { ...ifinfo(0, 0, 0, AF_PACKET), extMask: RTEXT_FILTER_VF }
  if (filter.master !== undefined) body.master = filter.master
  if (filter.kind !== undefined) body.linkinfo = { kind: filter.kind }
  return msg(RTM_GETLINK, NLM_F_REQUEST | NLM_F_DUMP, body)
}

/**
 * The attributes every link takes, added to `b` in the order iproute2's iplink_parse writes them
 * (the encoder follows key order): the one list of that order.
 */
function addCommon(b: LinkBody, o: LinkCommonOptions<number, NetnsTarget>, master: number | undefined): LinkBody {
  if (o.address !== undefined) b.address = o.address
  if (o.broadcast !== undefined) b.broadcast = o.broadcast
  if (o.mtu !== undefined) b.mtu = o.mtu
  if (o.netns?.fd !== undefined) b.netNsFd = o.netns.fd
  if (o.netns?.pid !== undefined) b.netNsPid = o.netns.pid
  if (o.txqlen !== undefined) b.txqlen = o.txqlen
  if (master !== undefined) b.master = master
  if (o.group !== undefined) b.group = o.group
  if (o.alias !== undefined) b.ifalias = o.alias
  return b
}

/** `ip link add NAME [opts] type KIND [kind opts]` */
export function newLink(o: ResolvedLinkAdd): LinkMessage {
  const up = o.up === true ? IFF_UP : 0
  const body = addCommon(ifinfo(0, up, up), o, o.master ?? undefined)
  if (o.link !== undefined) body.link = o.link
  body.ifname = o.name
  const data = kindData(o)
  body.linkinfo = data === undefined ? { kind: o.kind } : { kind: o.kind, data }
  return msg(RTM_NEWLINK, NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE | (o.echo === true ? NLM_F_ECHO : 0), body)
}

/** IFLA_INFO_DATA of a new link, by kind: the one place that knows what each kind carries. */
const KIND_DATA: Readonly<Record<string, (o: ResolvedLinkAdd) => LinkInfoData | undefined>> = {
  veth: (o) => (o.peer === undefined ? undefined : { peer: vethPeer(o.peer) }),
  bridge: (o) => (o.bridge !== undefined && Object.keys(o.bridge).length > 0 ? o.bridge : undefined),
  vxlan: (o) => {
    if (o.vxlan === undefined) throw new ApiError(`link.add ${o.name}: a vxlan link needs vxlan: { id }`)
    const { dev, ...rest } = o.vxlan
    return vxlanInIproute2Order(dev !== undefined ? { ...rest, link: dev } : rest)
  },
  macvlan: (o) => macvlanData(o),
  macvtap: (o) => macvlanData(o),
}

function kindData(o: ResolvedLinkAdd): LinkInfoData | undefined {
  return Object.hasOwn(KIND_DATA, o.kind) ? KIND_DATA[o.kind]!(o) : undefined
}

function vethPeer(p: VethPeerOptions<NetnsTarget>): LinkBody {
  const up = p.up === true ? IFF_UP : 0
  const peer = addCommon(ifinfo(0, up, up), p, undefined)
  if (p.name !== undefined) peer.ifname = p.name
  return peer
}

const MACVLAN_MODES: Readonly<Record<MacvlanMode, number>> = {
  private: MACVLAN_MODE_PRIVATE,
  vepa: MACVLAN_MODE_VEPA,
  bridge: MACVLAN_MODE_BRIDGE,
  passthru: MACVLAN_MODE_PASSTHRU,
  source: MACVLAN_MODE_SOURCE,
}

function macvlanData(o: ResolvedLinkAdd): MacvlanAttrs {
  const { mode, ...rest } = o.macvlan ?? {}
  if (mode === undefined) return { ...rest }
  const m = Object.hasOwn(MACVLAN_MODES, mode) ? MACVLAN_MODES[mode] : undefined
  if (m === undefined) throw new ApiError(`link.add: macvlan mode '${String(mode)}' is not one of ${Object.keys(MACVLAN_MODES).join(', ')}`)
  return { mode: m, ...rest }
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

/**
 * `ip link set DEV ...`: an RTM_NEWLINK on the link's ifindex, without CREATE; undefined when the
 * options change nothing that message carries (`inet` goes in setInetDevconf's).
 */
export function setLink(index: number, o: ResolvedLinkSet): LinkMessage | undefined {
  const up = o.up === undefined ? 0 : o.up ? IFF_UP : 0
  const change = o.up === undefined ? 0 : IFF_UP
  const body = addCommon(ifinfo(index, up, change), o, o.master === null ? 0 : o.master)
  if (o.name !== undefined) body.ifname = o.name
  if (o.bridge) body.linkinfo = { kind: 'bridge', data: o.bridge }
  else if (o.bridgePort) body.linkinfo = { kind: 'bridge_slave', slaveData: o.bridgePort as KindData }
  if (o.up === undefined && Object.keys(body).length === Object.keys(ifinfo()).length) return undefined
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
