// nl.neigh (ARP/NDP entries) and nl.fdb (bridge forwarding database entries).
import type { NeighMessage } from '../../codecs/index.js'
import { RTM_NEWNEIGH } from '../../codecs/rtnetlink.js'
import { AF_BRIDGE } from '../../codecs/address-families.js'
import type { ApiContext, LinkRef } from './context.js'
import { type FdbOptions, type NeighOptions, dumpFdb, dumpNeigh, fdbMessage, neighMessage } from './neigh-requests.js'
import { linkMasters } from './list-filters.js'
import { ApiError } from './errors.js'
import { type Family, FAMILY_NUMBER, type Neighbour, toNeighbour } from './views.js'

export type { FdbOptions, NeighOptions, NeighState } from './neigh-requests.js'

export interface NeighListFilter {
  /** Entries on this device (a name or ifindex): `ip neigh show dev DEV`. */
  dev?: LinkRef
  /** Entries on the ports of this master: `ip neigh show master M`. */
  master?: LinkRef
  family?: Family
}

export interface FdbListFilter {
  /** The bridge (a name or ifindex): its own entries and those of its ports, `bridge fdb show br M`. */
  master?: LinkRef
  /** Entries on this device: `bridge fdb show dev DEV`. */
  dev?: LinkRef
}

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

  /**
   * ARP and NDP entries (a dump), of one device and/or of the ports of one master, as
   * `ip neigh show dev DEV master M`: NDA_IFINDEX / NDA_MASTER in the request, applied by the
   * kernel (neigh_dump_table). Without strict checking they are applied here too.
   */
  async list(filter: NeighListFilter = {}): Promise<Neighbour[]> {
    const op = 'neigh.list'
    if (filter.family !== undefined && !(filter.family in FAMILY_NUMBER)) throw new ApiError(`neigh.list: family must be 'inet' or 'inet6'`)
    // iproute2 resolves master, then dev, while parsing.
    const master = filter.master !== undefined ? await this.ctx.index(filter.master, op) : undefined
    const dev = filter.dev !== undefined ? await this.ctx.index(filter.dev, op) : undefined
    const request = dumpNeigh(filter.family !== undefined ? FAMILY_NUMBER[filter.family] : 0, { ...(dev !== undefined ? { dev } : {}), ...(master !== undefined ? { master } : {}) })
    const parts = await this.ctx.dump(request, { operation: op })
    // neigh_master_filtered: the entry's device has that master.
    const masters = master !== undefined && !this.ctx.kernelFilters ? await linkMasters(this.ctx, op) : undefined
    return parts
      .filter((m): m is NeighMessage => m.type === RTM_NEWNEIGH && (m as NeighMessage).body.ndmFamily !== AF_BRIDGE)
      .map((m) => toNeighbour(m.body))
      .filter((n) => (dev === undefined || n.index === dev) && (masters === undefined || masters.get(n.index) === master))
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

  /**
   * FDB entries (a dump of AF_BRIDGE neighbours), of one bridge (`master`: the bridge's own
   * entries and every entry of its ports, theirs included) and/or of one device (`dev`), as
   * `bridge fdb show br M dev DEV`: NDA_MASTER and ndm_ifindex in the request, which the kernel
   * applies under strict checking only (rtnl_fdb_dump); without it they are applied here.
   */
  async list(filter: FdbListFilter = {}): Promise<Neighbour[]> {
    const op = 'fdb.list'
    // bridge(8) resolves br, then dev.
    const master = filter.master !== undefined ? await this.ctx.index(filter.master, op) : undefined
    const dev = filter.dev !== undefined ? await this.ctx.index(filter.dev, op) : undefined
    const parts = await this.ctx.dump(dumpFdb({ ...(dev !== undefined ? { dev } : {}), ...(master !== undefined ? { master } : {}) }), { operation: op })
    const masters = master !== undefined && !this.ctx.kernelFilters ? await linkMasters(this.ctx, op) : undefined
    return parts
      .filter((m): m is NeighMessage => m.type === RTM_NEWNEIGH && (m as NeighMessage).body.ndmFamily === AF_BRIDGE)
      .map((m) => toNeighbour(m.body))
      .filter((n) => (dev === undefined || n.index === dev) && (masters === undefined || n.index === master || masters.get(n.index) === master))
  }
}
