// nl.route: the routing tables.
import type { Message, RouteMessage } from '../../codecs/index.js'
import { RT_TABLE_MAIN } from '../../codecs/route.js'
import { RTM_NEWROUTE } from '../../codecs/rtnetlink.js'
import type { ApiContext, LinkRef } from './context.js'
import { NetlinkError } from '../errors.js'
import { isCachedRoute, routeUsesDev } from './list-filters.js'
import { protocolNumber } from './view-names.js'
import { ApiError } from './errors.js'
import { type RouteDelOptions, type RouteOptions, delRoute, dumpRoutes, getRoute, newRoute } from './route-requests.js'
import { type Family, FAMILY_NUMBER, type Route, toRoute } from './views.js'

export type { RouteDelOptions, RouteNexthopOptions, RouteOptions } from './route-requests.js'

export interface RouteListFilter {
  /** A table number or 'all'; the main table by default, as `ip route show`. A table that does not exist has no routes. */
  table?: number | 'all'
  family?: Family
  /** Routes of this protocol: an RTPROT_* number (1..255) or its name as routes show it ('static', 'kernel', 'boot' ...). */
  protocol?: number | string
  /** Routes through this device (a name or ifindex), a multipath route's nexthops included: `ip route show dev DEV`. */
  dev?: LinkRef
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

  /**
   * Routes (a dump), of the main table unless told otherwise. The table, protocol and device go
   * into the dump request as `ip route show` puts them; the kernel applies them under strict
   * checking, and they are applied here to what comes back (the same tests), so the answer is the
   * same on a socket without it. Cached exceptions (RTM_F_CLONED) are not listed, as a strict
   * dump leaves them out.
   */
  async list(filter: RouteListFilter = {}): Promise<Route[]> {
    const op = 'route.list'
    if (filter.family !== undefined && !(filter.family in FAMILY_NUMBER)) throw new ApiError(`route.list: family must be 'inet' or 'inet6'`)
    const table = filter.table ?? RT_TABLE_MAIN
    const protocol = filter.protocol === undefined ? undefined : protocolNumber(filter.protocol)
    const dev = filter.dev !== undefined ? await this.ctx.index(filter.dev, op) : undefined
    const request = dumpRoutes(filter.family !== undefined ? FAMILY_NUMBER[filter.family] : 0, {
      ...(table !== 'all' ? { table } : {}),
      ...(protocol !== undefined ? { protocol } : {}),
      ...(dev !== undefined ? { dev } : {}),
    })
    let parts: Message[]
    try {
      parts = await this.ctx.dump(request, { operation: op })
    } catch (e) {
      // A strict dump of one family's table that does not exist ends in ENOENT ("FIB table does
      // not exist"); the kernel makes a table on its first route, so it has none.
      if (table !== 'all' && e instanceof NetlinkError && e.code === 'ENOENT') return []
      throw e
    }
    return parts
      .filter((m): m is RouteMessage => m.type === RTM_NEWROUTE)
      .filter(({ body: b }) => !isCachedRoute(b) && (table === 'all' || (b.table ?? b.rtmTable) === table) && (protocol === undefined || b.rtmProtocol === protocol) && (dev === undefined || routeUsesDev(b, dev)))
      .map((m) => toRoute(m.body))
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
