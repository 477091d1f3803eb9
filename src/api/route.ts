// nl.route: the routing tables.
import type { RouteMessage } from '../../codecs/index.js'
import { RT_TABLE_MAIN } from '../../codecs/route.js'
import { RTM_NEWROUTE } from '../../codecs/rtnetlink.js'
import type { ApiContext, LinkRef } from './context.js'
import { type NexthopSpec, type RouteSpec, delRoute, dumpRoutes, getRoute, newRoute } from './addr-route-requests.js'
import { ApiError } from './errors.js'
import { type Family, FAMILY_NUMBER, type Route, toRoute } from './views.js'

export interface RouteOptions {
  /** 'default' or a prefix '10.0.0.0/24'. */
  dst: string
  via?: string
  dev?: LinkRef
  src?: string
  metric?: number
  /** A table number (main = 254, the default). */
  table?: number
  mtu?: number
  mtuLock?: boolean
  nexthops?: { via?: string; dev?: LinkRef; weight?: number }[]
  /** Use a nexthop object (nl.nexthop.add) by id instead of via/dev/nexthops. */
  nhid?: number
  /** Replace a route with the same key instead of failing (EEXIST). */
  replace?: boolean
}

export interface RouteDelOptions {
  dst: string
  via?: string
  dev?: LinkRef
  metric?: number
  table?: number
}

export interface RouteListFilter {
  /** A table number or 'all'; the main table by default, as `ip route show`. */
  table?: number | 'all'
  family?: Family
}

export class RouteApi {
  constructor(private readonly ctx: ApiContext) {}

  /** `ip route add` */
  async add(o: RouteOptions): Promise<void> {
    const spec = await this.resolve(o, 'route.add')
    await this.ctx.request(newRoute(spec), { operation: 'route.add', object: o.dst, details: { via: o.via } })
  }

  /** `ip route del` */
  async del(o: RouteDelOptions): Promise<void> {
    const spec = await this.resolve(o, 'route.del')
    await this.ctx.request(delRoute(spec), { operation: 'route.del', object: o.dst })
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

  private async resolve<T extends RouteOptions | RouteDelOptions>(o: T, op: string): Promise<RouteSpec> {
    if (typeof o.dst !== 'string') throw new ApiError(`${op}: dst is required ('default' or a prefix)`)
    const { dev, ...rest } = o as RouteOptions
    const spec: RouteSpec = { ...rest, nexthops: undefined } as RouteSpec
    delete spec.nexthops
    if (dev !== undefined) spec.dev = await this.ctx.index(dev, op)
    const nhs = (o as RouteOptions).nexthops
    if (nhs !== undefined) {
      const out: NexthopSpec[] = []
      for (const n of nhs) {
        const nh: NexthopSpec = {}
        if (n.via !== undefined) nh.via = n.via
        if (n.dev !== undefined) nh.dev = await this.ctx.index(n.dev, op)
        if (n.weight !== undefined) nh.weight = n.weight
        out.push(nh)
      }
      spec.nexthops = out
    }
    return spec
  }
}
