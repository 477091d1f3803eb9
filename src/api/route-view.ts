// nl.route's answers: a route, readable (the decoded body kept as `raw`).
import type { RouteBody } from '../../codecs/index.js'
import { RTN_NAMES } from '../../codecs/route.js'
import { type Family, familyName, protocolName, scopeName } from './view-names.js'

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
    protocol: protocolName(b.rtmProtocol),
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
