// nl.nexthop's answers: a nexthop object, readable (the decoded body kept as `raw`).
import { AF_INET, AF_INET6 } from '../../codecs/address-families.js'
import { NEXTHOP_GRP_TYPE_RES, type NexthopBody, nexthopGrpWeight } from '../../codecs/nexthop.js'
import { RTNH_F_NAMES } from '../../codecs/route.js'
import { type Family, names, protocolName, scopeName } from './view-names.js'

export interface Nexthop {
  id: number
  /** Groups (and requests) have no family: 'unspec'. */
  family: Family | 'unspec'
  via?: string
  /** ifindex of the device. */
  dev?: number
  blackhole: boolean
  /** Members and their weights (1..256). */
  group?: { id: number; weight: number }[]
  /** Groups: 'mpath' or 'resilient'. */
  groupType?: 'mpath' | 'resilient'
  /** Resilient groups: buckets and timers (seconds). */
  resilient?: { buckets?: number; idleTimer?: number; unbalancedTimer?: number }
  fdb: boolean
  /** RTNH_F_* names: ['onlink'], ['linkdown'] ... */
  flags: string[]
  protocol: string
  scope: string
  raw: NexthopBody
}

export function toNexthop(b: NexthopBody): Nexthop {
  const flags = names(b.nhFlags, RTNH_F_NAMES, 'RTNH_F_', true)
  const n: Nexthop = {
    id: b.id ?? 0,
    family: b.nhFamily === AF_INET ? 'inet' : b.nhFamily === AF_INET6 ? 'inet6' : 'unspec',
    blackhole: b.blackhole === true,
    fdb: b.fdb === true,
    flags,
    protocol: protocolName(b.nhProtocol),
    scope: scopeName(b.nhScope),
    raw: b,
  }
  if (b.gateway !== undefined) n.via = b.gateway
  if (b.oif !== undefined) n.dev = b.oif
  if (b.group !== undefined) {
    n.group = b.group.map((g) => ({ id: g.id, weight: nexthopGrpWeight(g) }))
    n.groupType = b.groupType === NEXTHOP_GRP_TYPE_RES ? 'resilient' : 'mpath'
  }
  if (b.resGroup !== undefined) {
    const r: NonNullable<Nexthop['resilient']> = {}
    if (b.resGroup.buckets !== undefined) r.buckets = b.resGroup.buckets
    if (b.resGroup.idleTimer !== undefined) r.idleTimer = b.resGroup.idleTimer / 100
    if (b.resGroup.unbalancedTimer !== undefined) r.unbalancedTimer = b.resGroup.unbalancedTimer / 100
    n.resilient = r
  }
  return n
}
