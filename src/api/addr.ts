// nl.addr: IPv4/IPv6 addresses on links.
import type { AddrMessage } from '../../codecs/index.js'
import { RTM_NEWADDR } from '../../codecs/rtnetlink.js'
import type { ApiContext, LinkRef } from './context.js'
import { type AddrOptions, addrMessage, dumpAddrs } from './addr-requests.js'
import { ApiError } from './errors.js'
import { type Address, type Family, FAMILY_NUMBER, toAddress } from './views.js'

export type { AddrOptions } from './addr-requests.js'

export interface AddrListFilter {
  /** Addresses of this link (a name or ifindex): `ip addr show dev DEV`. */
  dev?: LinkRef
  family?: Family
}

export class AddrApi {
  constructor(private readonly ctx: ApiContext) {}

  /** `ip addr add CIDR dev DEV`: '192.168.88.1/24', '2001:db8::1/64'. */
  async add(dev: LinkRef, cidr: string, o: AddrOptions = {}): Promise<void> {
    const target = await this.ctx.link(dev, 'addr.add')
    const msg = addrMessage('add', target.index, cidr, o)
    await this.ctx.request(msg, { operation: 'addr.add', object: `${cidr} on ${target.name}`, details: { dev: target.name, cidr } })
  }

  /** `ip addr del CIDR dev DEV` */
  async del(dev: LinkRef, cidr: string): Promise<void> {
    const target = await this.ctx.link(dev, 'addr.del')
    await this.ctx.request(addrMessage('del', target.index, cidr), { operation: 'addr.del', object: `${cidr} on ${target.name}`, details: { dev: target.name, cidr } })
  }

  /**
   * Addresses of the namespace (a dump), of one link and/or family. The link goes into the
   * request (ifa_index) as `ip addr show dev DEV` puts it; the kernel applies it under strict
   * checking only (inet_dump_ifaddr, inet6_dump_addr), and it is applied here to what comes back.
   */
  async list(filter: AddrListFilter = {}): Promise<Address[]> {
    if (filter.family !== undefined && !(filter.family in FAMILY_NUMBER)) throw new ApiError(`addr.list: family must be 'inet' or 'inet6'`)
    const index = filter.dev !== undefined ? await this.ctx.index(filter.dev, 'addr.list') : undefined
    const parts = await this.ctx.dump(dumpAddrs(filter.family !== undefined ? FAMILY_NUMBER[filter.family] : 0, index ?? 0), { operation: 'addr.list' })
    return parts
      .filter((m): m is AddrMessage => m.type === RTM_NEWADDR)
      .map((m) => toAddress(m.body))
      .filter((a) => index === undefined || a.index === index)
  }
}
