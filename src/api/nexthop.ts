// nl.nexthop: nexthop objects (`ip nexthop`), which routes use by id (`nl.route.add({ dst, nhid })`).
import type { NexthopMessage } from '../../codecs/index.js'
import { RTM_NEWNEXTHOP } from '../../codecs/rtnetlink.js'
import type { ApiContext, LinkRef } from './context.js'
import { ApiError } from './errors.js'
import { type NexthopOptions, delNexthop, dumpNexthops, getNexthop, newNexthop } from './nexthop-requests.js'
import { type Nexthop, toNexthop } from './views.js'

export type { NexthopGroupMember, NexthopOptions } from './nexthop-requests.js'

export class NexthopApi {
  constructor(private readonly ctx: ApiContext) {}

  /** `ip nexthop add id ID {blackhole | via GW dev DEV | group ID[,W]/...}` (`replace: true`: `ip nexthop replace`) */
  async add(o: NexthopOptions): Promise<void> {
    if (o === null || typeof o !== 'object') throw new ApiError(`nexthop.add: give the nexthop's options ({ id, ... })`)
    const op = o.replace ? 'nexthop.replace' : 'nexthop.add'
    const { dev, ...rest } = o
    const r: NexthopOptions<number> = rest
    // Checked before the device lookup, so a bad spec costs no round trip.
    newNexthop(dev !== undefined ? { ...r, dev: 1 } : r)
    if (dev !== undefined) r.dev = await this.ctx.index(dev, op)
    await this.ctx.request(newNexthop(r), { operation: op, object: `id ${o.id}`, details: { id: o.id, via: o.via } })
  }

  /** `ip nexthop del id ID` */
  async del(id: number): Promise<void> {
    await this.ctx.request(delNexthop(id), { operation: 'nexthop.del', object: `id ${id}`, details: { id } })
  }

  /** `ip nexthop get id ID` */
  async get(id: number): Promise<Nexthop> {
    const [reply] = await this.ctx.request(getNexthop(id), { operation: 'nexthop.get', object: `id ${id}`, details: { id } })
    return toNexthop((reply as NexthopMessage).body)
  }

  /** `ip nexthop list [dev DEV] [groups] [fdb]` */
  async list(filter: { dev?: LinkRef; groups?: boolean; fdb?: boolean } = {}): Promise<Nexthop[]> {
    const { dev, ...rest } = filter
    const f = dev !== undefined ? { ...rest, dev: await this.ctx.index(dev, 'nexthop.list') } : rest
    const parts = await this.ctx.dump(dumpNexthops(f), { operation: 'nexthop.list' })
    return parts.filter((m): m is NexthopMessage => m.type === RTM_NEWNEXTHOP).map((m) => toNexthop(m.body))
  }
}
