// Typed nexthop options → the RTM_*NEXTHOP messages iproute2 6.1's `ip nexthop` sends for the
// same command (ipnh_modify, ipnh_get_id, delete, ipnh_list_flush). Pure: the device arrives as
// an ifindex (options with L = number).
// iproute2 writes attributes in command-line order; these write them in the order of a command
// spelled `ip nexthop add id ID {blackhole | via GW dev DEV | group G} [fdb] [type T ARGS]`.
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES, type NexthopBody, type NexthopGrp, type NexthopMessage, type NexthopResGroup, nexthopGrpMember } from '../../codecs/nexthop.js'
import { RTNH_F_ONLINK } from '../../codecs/route.js'
import { RTM_DELNEXTHOP, RTM_GETNEXTHOP, RTM_NEWNEXTHOP } from '../../codecs/rtnetlink.js'
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../codecs/address-families.js'
import { familyOf } from './prefix.js'
import { ApiError } from './errors.js'
import { type ProtocolRef, protocolNumber } from './rule-requests.js'
import type { LinkRef } from './refs.js'
import type { Family } from './views.js'

export interface NexthopGroupMember {
  id: number
  /** 1..256 (1 by default): the share of traffic relative to the other members. */
  weight?: number
}

export interface NexthopOptions<L = LinkRef> {
  /** The nexthop's id (routes point to it with `nhid`). */
  id: number
  /** A gateway address. */
  via?: string
  /** The device, by name or ifindex. */
  dev?: L
  /** Drop the traffic. */
  blackhole?: boolean
  /** A group of other nexthops (by id). */
  group?: NexthopGroupMember[]
  /** Group type: 'mpath' (hash-threshold, the kernel's default) or 'resilient'. */
  type?: 'mpath' | 'resilient'
  /** Resilient groups: the number of hash buckets. */
  buckets?: number
  /** Resilient groups: seconds a bucket must be idle before it may move. */
  idleTimer?: number
  /** Resilient groups: seconds the group may stay unbalanced before buckets move anyway. */
  unbalancedTimer?: number
  /** For the bridge FDB / vxlan (a gateway, or a group of such nexthops). */
  fdb?: boolean
  /** Assume the gateway is on the device's link even if no prefix says so. */
  onlink?: boolean
  protocol?: ProtocolRef
  /** Gateway-less nexthops: 'inet' unless told (groups have none). */
  family?: Family
  /** Replace the nexthop with this id instead of failing with EEXIST (`ip nexthop replace`). */
  replace?: boolean
}


const secondsToCentis = (s: number, what: string): number => {
  // iproute2 refuses values whose hundredths do not fit a u32.
  if (!Number.isInteger(s) || s < 0 || s >= Math.floor(0xffffffff / 100)) throw new ApiError(`${what} ${s} is not a whole number of seconds below ${Math.floor(0xffffffff / 100)}`)
  return s * 100
}

function nexthopFamily(n: NexthopOptions<number>, op: string): number {
  const given = n.family === undefined ? AF_UNSPEC : n.family === 'inet6' ? AF_INET6 : n.family === 'inet' ? AF_INET : -1
  if (given === -1) throw new ApiError(`${op}: family must be 'inet' or 'inet6'`)
  if (n.via !== undefined) {
    const f = familyOf(n.via, `${op}: gateway`)
    if (given !== AF_UNSPEC && f !== given) throw new ApiError(`${op}: gateway ${n.via} is not of family ${String(n.family)}`)
    return f
  }
  // iproute2: `dev` and `blackhole` make a nexthop IPv4 unless -6 said otherwise; groups stay unspec.
  return given !== AF_UNSPEC ? given : n.dev !== undefined || n.blackhole ? AF_INET : AF_UNSPEC
}

/** `ip [-6] nexthop add|replace id ID NH` */
export function newNexthop(n: NexthopOptions<number>): NexthopMessage {
  const op = n.replace ? 'nexthop.replace' : 'nexthop.add'
  const kinds = [n.blackhole, n.via !== undefined || n.dev !== undefined, n.group !== undefined].filter(Boolean).length
  if (kinds !== 1) throw new ApiError(`${op} ${n.id}: give exactly one of blackhole, via/dev, or group`)
  const body: NexthopBody = {
    nhFamily: nexthopFamily(n, op),
    nhScope: 0,
    nhProtocol: n.protocol !== undefined ? protocolNumber(n.protocol, op) : 0,
    nhFlags: n.onlink ? RTNH_F_ONLINK : 0,
    id: id(n.id, op),
  }
  if (n.blackhole) body.blackhole = true
  if (n.via !== undefined) body.gateway = n.via
  if (n.dev !== undefined) body.oif = n.dev
  if (n.group !== undefined) body.group = n.group.map((g) => member(g, op))
  if (n.fdb) body.fdb = true
  if (n.type !== undefined || n.buckets !== undefined || n.idleTimer !== undefined || n.unbalancedTimer !== undefined) {
    if (n.group === undefined) throw new ApiError(`${op} ${n.id}: a group type and its timers need a group`)
    const resilient = (n.type ?? 'resilient') === 'resilient'
    if (!resilient && (n.buckets !== undefined || n.idleTimer !== undefined || n.unbalancedTimer !== undefined)) {
      throw new ApiError(`${op} ${n.id}: buckets and timers are for resilient groups`)
    }
    if (n.type !== undefined && n.type !== 'mpath' && n.type !== 'resilient') throw new ApiError(`${op} ${n.id}: type must be 'mpath' or 'resilient'`)
    if (resilient) {
      const res: NexthopResGroup = {}
      if (n.buckets !== undefined) {
        if (!Number.isInteger(n.buckets) || n.buckets < 1 || n.buckets > 0xffff) throw new ApiError(`${op} ${n.id}: buckets ${n.buckets} is not 1..65535`)
        res.buckets = n.buckets
      }
      if (n.idleTimer !== undefined) res.idleTimer = secondsToCentis(n.idleTimer, `${op} ${n.id}: idleTimer`)
      if (n.unbalancedTimer !== undefined) res.unbalancedTimer = secondsToCentis(n.unbalancedTimer, `${op} ${n.id}: unbalancedTimer`)
      body.resGroup = res
    }
    body.groupType = resilient ? NEXTHOP_GRP_TYPE_RES : NEXTHOP_GRP_TYPE_MPATH
  }
  const flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (n.replace ? NLM_F_REPLACE : NLM_F_EXCL)
  return { type: RTM_NEWNEXTHOP, flags, seq: 0, pid: 0, body }
}

function id(v: number, op: string): number {
  if (!Number.isInteger(v) || v < 1 || v > 0xffffffff) throw new ApiError(`${op}: nexthop id ${String(v)} is not 1..2^32-1`)
  return v
}

function member(g: NexthopGroupMember, op: string): NexthopGrp {
  const w = g.weight ?? 1
  if (!Number.isInteger(w) || w < 1 || w > 256) throw new ApiError(`${op}: weight ${w} of member ${g.id} is not 1..256`)
  return nexthopGrpMember(id(g.id, op), w)
}

/** `ip nexthop del id ID` */
export function delNexthop(nhId: number): NexthopMessage {
  return { type: RTM_DELNEXTHOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: { nhFamily: AF_UNSPEC, nhScope: 0, nhProtocol: 0, nhFlags: 0, id: id(nhId, 'nexthop.del') } }
}

/** `ip nexthop get id ID` (6.1: no NHA_OP_FLAGS) */
export function getNexthop(nhId: number): NexthopMessage {
  return { type: RTM_GETNEXTHOP, flags: NLM_F_REQUEST, seq: 0, pid: 0, body: { nhFamily: AF_UNSPEC, nhScope: 0, nhProtocol: 0, nhFlags: 0, id: id(nhId, 'nexthop.get') } }
}

export interface NexthopDumpFilter {
  /** ifindex: only nexthops through this device. */
  dev?: number
  /** Only groups. */
  groups?: boolean
  /** Only fdb nexthops. */
  fdb?: boolean
}

/** `ip nexthop list [dev DEV] [groups] [fdb]` (the kernel filters, in nh_dump_filter's order). */
export function dumpNexthops(f: NexthopDumpFilter = {}): NexthopMessage {
  const body: NexthopBody = { nhFamily: AF_UNSPEC, nhScope: 0, nhProtocol: 0, nhFlags: 0 }
  if (f.dev !== undefined) body.oif = f.dev
  if (f.groups) body.groups = true
  if (f.fdb) body.fdb = true
  return { type: RTM_GETNEXTHOP, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body }
}
