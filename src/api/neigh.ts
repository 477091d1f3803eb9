// nl.neigh (ARP/NDP entries) and nl.fdb (bridge forwarding database entries).
import type { NeighMessage } from '../../codecs/index.js'
import { RTM_NEWNEIGH } from '../../codecs/rtnetlink.js'
import { AF_BRIDGE } from '../../codecs/address-families.js'
import type { ApiContext, LinkRef } from './context.js'
import { type FdbOptions, type NeighOptions, dumpNeigh, fdbMessage, neighMessage } from './neigh-requests.js'
import { ApiError } from './errors.js'
import { type Family, FAMILY_NUMBER, type Neighbour, toNeighbour } from './views.js'

export type { FdbOptions, NeighOptions, NeighState } from './neigh-requests.js'

export class NeighApi {
  constructor(private readonly ctx: ApiContext) {}

  /** `ip neigh add DST lladdr MAC dev DEV nud permanent` */
  async add(o: NeighOptions): Promise<void> {
    const t = await this.ctx.link(o.dev, 'neigh.add')
    await this.ctx.request(neighMessage('add', { ...o, dev: t.index }), { operation: 'neigh.add', object: `${o.dst} on ${t.name}` })
  }

  /** `ip neigh del DST dev DEV` */
  async del(o: { dev: LinkRef; dst: string }): Promise<void> {
    const t = await this.ctx.link(o.dev, 'neigh.del')
    await this.ctx.request(neighMessage('del', { ...o, dev: t.index }), { operation: 'neigh.del', object: `${o.dst} on ${t.name}` })
  }

  /** ARP and NDP entries (a dump). */
  async list(filter: { dev?: LinkRef; family?: Family } = {}): Promise<Neighbour[]> {
    if (filter.family !== undefined && !(filter.family in FAMILY_NUMBER)) throw new ApiError(`neigh.list: family must be 'inet' or 'inet6'`)
    const index = filter.dev !== undefined ? await this.ctx.index(filter.dev, 'neigh.list') : undefined
    const parts = await this.ctx.dump(dumpNeigh(filter.family !== undefined ? FAMILY_NUMBER[filter.family] : 0), { operation: 'neigh.list' })
    return parts
      .filter((m): m is NeighMessage => m.type === RTM_NEWNEIGH && (m as NeighMessage).body.ndmFamily !== AF_BRIDGE)
      .map((m) => toNeighbour(m.body))
      .filter((n) => index === undefined || n.index === index)
  }
}

export class FdbApi {
  constructor(private readonly ctx: ApiContext) {}

  /** `bridge fdb add|append MAC dev DEV [master|self] [permanent|static|dynamic] [dst IP]` */
  async add(o: FdbOptions): Promise<void> {
    const t = await this.ctx.link(o.dev, 'fdb.add')
    await this.ctx.request(fdbMessage('add', { ...o, dev: t.index }), { operation: 'fdb.add', object: `${o.lladdr} on ${t.name}` })
  }

  /** `bridge fdb del MAC dev DEV [master|self]` */
  async del(o: FdbOptions): Promise<void> {
    const t = await this.ctx.link(o.dev, 'fdb.del')
    await this.ctx.request(fdbMessage('del', { ...o, dev: t.index }), { operation: 'fdb.del', object: `${o.lladdr} on ${t.name}` })
  }

  /** FDB entries (a dump of AF_BRIDGE neighbours), of one bridge (`master`) or one port (`dev`). */
  async list(filter: { master?: LinkRef; dev?: LinkRef } = {}): Promise<Neighbour[]> {
    const master = filter.master !== undefined ? await this.ctx.index(filter.master, 'fdb.list') : undefined
    const dev = filter.dev !== undefined ? await this.ctx.index(filter.dev, 'fdb.list') : undefined
    const parts = await this.ctx.dump(dumpNeigh(AF_BRIDGE), { operation: 'fdb.list' })
    return parts
      .filter((m): m is NeighMessage => m.type === RTM_NEWNEIGH && (m as NeighMessage).body.ndmFamily === AF_BRIDGE)
      .map((m) => toNeighbour(m.body))
      .filter((n) => (master === undefined || n.master === master || n.index === master) && (dev === undefined || n.index === dev))
  }
}
