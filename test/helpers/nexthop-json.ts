// `ip -j nexthop show` entries back to decoded nexthop bodies: what ip monitor's RTM_GETNEXTHOP
// for a route's nhid would have found, rebuilt from the capture's state (sidecar context.nexthops).
// Only the fields __print_nexthop_entry prints are rebuilt.
import type { NexthopBody } from '../../codecs/nexthop.js'
import { NEXTHOP_GRP_TYPE_RES } from '../../codecs/nexthop.js'
import { DEFAULT_PROTOCOLS, DEFAULT_SCOPES } from '../../codecs/iproute2/names.js'
import { AF_INET, AF_INET6 } from '../../codecs/address-families.js'

const RT_FLAG_BITS: Readonly<Record<string, number>> = {
  dead: 0x1, onlink: 0x4, pervasive: 0x2, offload: 0x8, trap: 0x40, notify: 0x100, linkdown: 0x10, unresolved: 0x20,
}

function byName(table: Readonly<Record<number, string>>, name: unknown): number {
  if (typeof name !== 'string') return 0
  const hit = Object.entries(table).find(([, v]) => v === name)
  return hit !== undefined ? Number(hit[0]) : Number(name)
}

interface NexthopJson {
  id: number
  group?: { id: number; weight?: number }[]
  type?: string
  resilient_args?: { buckets: number; idle_timer: number; unbalanced_timer: number; unbalanced_time: number }
  gateway?: string
  dev?: string
  scope?: string
  protocol?: string
  flags?: string[]
  blackhole?: null
  fdb?: null
}

/** `links`: ifindex → name, to turn "dev" back into NHA_OIF. */
export function nexthopFromJson(json: unknown, links: Readonly<Record<string, string>>): NexthopBody {
  const j = json as NexthopJson
  const b: NexthopBody = {
    nhFamily: j.gateway === undefined ? 0 : j.gateway.includes(':') ? AF_INET6 : AF_INET,
    nhScope: byName(DEFAULT_SCOPES, j.scope ?? 'global'),
    nhProtocol: byName(DEFAULT_PROTOCOLS, j.protocol ?? 'unspec'),
    nhFlags: (j.flags ?? []).reduce((f, n) => f | (RT_FLAG_BITS[n] ?? 0), 0),
    id: j.id,
  }
  // ip -j prints a weight only when it is not 1; the wire holds weight - 1.
  if (j.group !== undefined) b.group = j.group.map((g) => ({ id: g.id, weight: (g.weight ?? 1) - 1, weightHigh: 0, resvd2: 0 }))
  if (j.type === 'resilient') b.groupType = NEXTHOP_GRP_TYPE_RES
  if (j.resilient_args !== undefined) {
    const r = j.resilient_args
    const ticks = (sec: number): number => Math.round(sec * 100)
    b.resGroup = { buckets: r.buckets, idleTimer: ticks(r.idle_timer), unbalancedTimer: ticks(r.unbalanced_timer), unbalancedTime: BigInt(ticks(r.unbalanced_time)) }
  }
  if (j.blackhole !== undefined) b.blackhole = true
  if (j.gateway !== undefined) b.gateway = j.gateway
  if (j.dev !== undefined) {
    const idx = Object.entries(links).find(([, n]) => n === j.dev)?.[0]
    if (idx !== undefined) b.oif = Number(idx)
  }
  if (j.fdb !== undefined) b.fdb = true
  return b
}
