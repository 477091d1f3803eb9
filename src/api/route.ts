// nl.route: the routing tables.
import type { RouteMessage } from '../../codecs/index.js'
import { RT_TABLE_MAIN } from '../../codecs/route.js'
import { RTM_NEWROUTE } from '../../codecs/rtnetlink.js'
import type { ApiContext } from './context.js'
import { ApiError } from './errors.js'
import { type RouteDelOptions, type RouteOptions, delRoute, dumpRoutes, getRoute, newRoute } from './route-requests.js'
import { type Family, FAMILY_NUMBER, type Route, toRoute } from './views.js'

export type { RouteDelOptions, RouteNexthopOptions, RouteOptions } from './route-requests.js'

export interface RouteListFilter {
  /** A table number or 'all'; the main table by default, as `ip route show`. */
  table?: number | 'all'
  family?: Family
}

export class RouteApi {
  constructor(private readonly ctx: ApiContext) {}

  /** `ip route add` */
  async add(o: RouteOptions): Promise<void> {
    const r = await this.resolve(o, 'route.add')
    await this.ctx.request(newRoute(r), { operation: 'route.add', object: o.dst, details: { via: o.via } })
  }

  /** `ip route del` */
  async del(o: RouteDelOptions): Promise<void> {
    const r = await this.resolve(o, 'route.del')
    await this.ctx.request(delRoute(r), { operation: 'route.del', object: o.dst })
  }

  /** `ip route get ADDR`: the route the kernel would use. */
  async get(address: string): Promise<Route> {
    const [reply] = await this.ctx.request(getRoute(address), { operation: 'route.get', object: address })
    return toRoute((reply as RouteMessage).body)
  }

  /** Routes (a dump), of the main table unless told otherwise. */
  async list(filter: RouteListFilter = {}): Promise<Route[]> {
    if (filter.family !== undefined && !(filter.family in FAMILY_NUMBER)) throw new ApiError(`route.list: family must be 'inet' or 'inet6'`)
    const table = filter.table ?? RT_TABLE_MAIN
    const parts = await this.ctx.dump(dumpRoutes(filter.family !== undefined ? FAMILY_NUMBER[filter.family] : 0), { operation: 'route.list' })
    return parts
      .filter((m): m is RouteMessage => m.type === RTM_NEWROUTE)
      .map((m) => toRoute(m.body))
      .filter((r) => table === 'all' || r.table === table)
  }

  /** The options with their devices as ifindexes (the route's, then each nexthop's). */
  private async resolve<T extends RouteOptions | RouteDelOptions>(o: T, op: string): Promise<Omit<T, 'dev' | 'nexthops'> & RouteOptions<number>> {
    if (typeof o.dst !== 'string') throw new ApiError(`${op}: dst is required ('default' or a prefix)`)
    const { dev, nexthops, ...rest } = o as RouteOptions
    const r: RouteOptions<number> = rest
    if (dev !== undefined) r.dev = await this.ctx.index(dev, op)
    if (nexthops !== undefined) {
      r.nexthops = []
      for (const { dev: nhDev, ...n } of nexthops) r.nexthops.push(nhDev !== undefined ? { ...n, dev: await this.ctx.index(nhDev, op) } : n)
    }
    return r as Omit<T, 'dev' | 'nexthops'> & RouteOptions<number>
  }
}
