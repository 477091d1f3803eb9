// nl.route's options → the RTM_*ROUTE messages `ip route` sends for the same command, attribute
// for attribute. Pure: devices arrive as ifindexes (options with L = number).
import type { RouteBody, RouteMessage, RouteNexthop } from '../../codecs/index.js'
import { RT_SCOPE_LINK, RT_SCOPE_NOWHERE, RT_SCOPE_UNIVERSE } from '../../codecs/addr.js'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTN_UNICAST, RTPROT_BOOT, RTM_F_LOOKUP_TABLE, RT_TABLE_MAIN, RT_TABLE_UNSPEC, RTAX_MTU, rtaxLockMask } from '../../codecs/route.js'
import { RTM_DELROUTE, RTM_GETROUTE, RTM_NEWROUTE } from '../../codecs/rtnetlink.js'
import { AF_INET, AF_UNSPEC } from '../../codecs/address-families.js'
import { ApiError } from './errors.js'
import { type Prefix, familyOf, parsePrefix } from './prefix.js'
import type { LinkRef } from './refs.js'

export interface RouteNexthopOptions<L = LinkRef> {
  via?: string
  dev?: L
  /** 1..256 */
  weight?: number
}

export interface RouteOptions<L = LinkRef> {
  /** 'default' or a prefix '10.0.0.0/24'. */
  dst: string
  via?: string
  /** The output device. */
  dev?: L
  /** Preferred source (RTA_PREFSRC). */
  src?: string
  metric?: number
  /** A table number (main = 254, the default). */
  table?: number
  /** Path MTU (RTA_METRICS > RTAX_MTU), `mtuLock` to pin it. */
  mtu?: number
  mtuLock?: boolean
  nexthops?: RouteNexthopOptions<L>[]
  /** Use a nexthop object (nl.nexthop.add) by id instead of via/dev/nexthops. */
  nhid?: number
  /** Replace a route with the same key instead of failing (EEXIST). */
  replace?: boolean
  /** RT_SCOPE_*, when iproute2's default does not fit. */
  scope?: number
  /** RTPROT_* (boot by default, like iproute2). */
  protocol?: number
}

export interface RouteDelOptions<L = LinkRef> {
  dst: string
  via?: string
  dev?: L
  metric?: number
  table?: number
}

/** The family the destination, else a gateway, else the source says (inet for `default` alone). */
function routeFamily(r: Partial<RouteOptions<number>> & { dst: string }): { family: number; dst?: Prefix } {
  const dst = r.dst === 'default' ? undefined : parsePrefix(r.dst, 'route destination')
  const gw = r.via ?? r.nexthops?.find((n) => n.via !== undefined)?.via
  const family = dst?.family ?? (gw !== undefined ? familyOf(gw, 'gateway') : r.src !== undefined ? familyOf(r.src, 'source') : AF_INET)
  if (dst !== undefined && gw !== undefined && familyOf(gw, 'gateway') !== dst.family) {
    throw new ApiError(`route ${r.dst}: gateway ${gw} is of another address family`)
  }
  return dst !== undefined ? { family, dst } : { family }
}

/** rtmsg with everything zero but what is given. */
function rtmsg(h: Partial<RouteBody>): RouteBody {
  return { rtmFamily: 0, rtmDstLen: 0, rtmSrcLen: 0, rtmTos: 0, rtmTable: 0, rtmProtocol: 0, rtmScope: 0, rtmType: 0, rtmFlags: 0, ...h }
}

/** `ip route add|replace DST [via GW] [dev DEV] [src S] [metric M] [table T] [mtu [lock] N] [nexthop ...]` */
export function newRoute(r: RouteOptions<number>): RouteMessage {
  const gatewayless = r.via === undefined && r.nexthops === undefined
  const body = routeBody(r, {
    rtmProtocol: r.protocol ?? RTPROT_BOOT,
    // iproute2: a route through a device only (no gateway) is on-link: scope link.
    rtmScope: r.scope ?? (gatewayless && r.dev !== undefined ? RT_SCOPE_LINK : RT_SCOPE_UNIVERSE),
    rtmType: RTN_UNICAST,
  })
  const flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (r.replace ? NLM_F_REPLACE : NLM_F_EXCL)
  return { type: RTM_NEWROUTE, flags, seq: 0, pid: 0, body }
}

/** `ip route del DST [via GW] [metric M] [table T]` */
export function delRoute(r: RouteDelOptions<number>): RouteMessage {
  return { type: RTM_DELROUTE, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: routeBody(r, { rtmScope: RT_SCOPE_NOWHERE }) }
}

/** The rtmsg (family, prefix length, table) and then the attributes, in the order `ip route` writes them. */
function routeBody(r: Partial<RouteOptions<number>> & { dst: string }, h: Partial<RouteBody>): RouteBody {
  const { family, dst } = routeFamily(r)
  const table = r.table ?? RT_TABLE_MAIN
  const body = rtmsg({ rtmFamily: family, rtmDstLen: dst?.len ?? 0, rtmTable: table < 256 ? table : RT_TABLE_UNSPEC, ...h })
  if (dst !== undefined) body.dst = dst.address
  if (table >= 256) body.table = table
  if (r.via !== undefined) body.gateway = r.via
  if (r.src !== undefined) body.prefsrc = r.src
  if (r.metric !== undefined) body.priority = r.metric
  if (r.dev !== undefined) body.oif = r.dev
  if (r.mtu !== undefined) body.metrics = r.mtuLock ? { mtu: r.mtu, lock: rtaxLockMask([RTAX_MTU]) } : { mtu: r.mtu }
  if (r.nexthops !== undefined) {
    body.multipath = r.nexthops.map((n) => {
      const w = n.weight ?? 1
      if (!Number.isInteger(w) || w < 1 || w > 256) throw new ApiError(`nexthop weight ${w} is not 1..256`)
      const nh: RouteNexthop = { rtnhFlags: 0, rtnhHops: w - 1, rtnhIfindex: n.dev ?? 0 }
      if (n.via !== undefined) nh.gateway = n.via
      return nh
    })
  }
  if (r.nhid !== undefined) {
    if (!Number.isInteger(r.nhid) || r.nhid < 1 || r.nhid > 0xffffffff) throw new ApiError(`route ${String(r.dst)}: nhid ${r.nhid} is not 1..2^32-1`)
    if (r.via !== undefined || r.nexthops !== undefined) throw new ApiError(`route ${String(r.dst)}: nhid replaces via and nexthops: give one or the other`)
    body.nhId = r.nhid
  }
  return body
}

/** `ip route get ADDR` */
export function getRoute(address: string): RouteMessage {
  const p = parsePrefix(address, 'address')
  const body = rtmsg({ rtmFamily: p.family, rtmDstLen: p.len, rtmFlags: RTM_F_LOOKUP_TABLE, dst: p.address })
  return { type: RTM_GETROUTE, flags: NLM_F_REQUEST, seq: 0, pid: 0, body }
}

/** What `ip route show` puts in its dump request (iproute_dump_filter), as ifindexes. */
export interface RouteDumpFilter {
  /** RTA_TABLE; none: every table. */
  table?: number
  /** rtm_protocol (RTPROT_*). */
  protocol?: number
  /** RTA_OIF: routes through this device (a multipath route's nexthops count). */
  dev?: number
}

/**
 * `ip route show`: a dump of one family's routes (AF_UNSPEC: all), of every table unless the
 * filter says which; the kernel applies the filter under strict checking only.
 */
export function dumpRoutes(family = AF_UNSPEC, filter: RouteDumpFilter = {}): RouteMessage {
  const body = rtmsg({ rtmFamily: family, rtmProtocol: filter.protocol ?? 0 })
  if (filter.table !== undefined) body.table = filter.table
  if (filter.dev !== undefined) body.oif = filter.dev
  return { type: RTM_GETROUTE, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body }
}
