// open(): the high-level API. One object per network namespace, with link, addr, route, rule,
// nexthop, neigh, fdb and nsid operations, typed events from monitor(), and close().
import type { Client } from '../client/client.js'
import { type OpenClientOptions, openClient } from '../client/open.js'
import { AddrApi } from './addr.js'
import { ApiContext } from './context.js'
import { LinkApi } from './link.js'
import { Monitor, type MonitorObject, type MonitorOptions } from './monitor.js'
import { FdbApi, NeighApi } from './neigh.js'
import { NexthopApi } from './nexthop.js'
import { NsidApi } from './nsid.js'
import { RouteApi } from './route.js'
import { RuleApi } from './rule.js'
import { checkCall, guardApi, placeError } from './guard.js'
import { checkOpen } from './validate.js'
import './wording.js'

export interface OpenOptions extends Omit<OpenClientOptions, 'netns'> {
  /** Work inside this named network namespace (/run/netns/NAME) instead of the current one. */
  netns?: string
}

export class Netlink {
  readonly link: LinkApi
  readonly addr: AddrApi
  readonly route: RouteApi
  readonly rule: RuleApi
  readonly nexthop: NexthopApi
  readonly neigh: NeighApi
  readonly fdb: FdbApi
  readonly nsid: NsidApi
  /** The request/ack layer underneath, for messages this API has no method for. */
  readonly client: Client

  constructor(client: Client) {
    this.client = client
    const ctx = new ApiContext(client)
    // Every call checks its options first and throws NlwireErrors naming itself (guard.ts).
    this.link = guardApi(new LinkApi(ctx), 'link')
    this.addr = guardApi(new AddrApi(ctx), 'addr')
    this.route = guardApi(new RouteApi(ctx), 'route')
    this.rule = guardApi(new RuleApi(ctx), 'rule')
    this.nexthop = guardApi(new NexthopApi(ctx), 'nexthop')
    this.neigh = guardApi(new NeighApi(ctx), 'neigh')
    this.fdb = guardApi(new FdbApi(ctx), 'fdb')
    this.nsid = guardApi(new NsidApi(ctx), 'nsid')
  }

  /**
   * Notifications as typed events: `for await (const ev of nl.monitor(['link', 'addr']))`.
   * No objects: everything `ip monitor` watches. `await m.ready` before changes you must see.
   */
  monitor(objects: readonly MonitorObject[] = [], opts: MonitorOptions = {}): Monitor {
    checkCall('monitor', [objects, opts])
    try {
      return new Monitor(this.client, objects, opts)
    } catch (e) {
      throw placeError(e, 'monitor', undefined)
    }
  }

  /** Close the socket (and the relay process for a namespace); pending requests are rejected. */
  async close(): Promise<void> {
    await this.client.close()
  }
}

/** An rtnetlink connection in this namespace, or in `netns` (through a relay process). */
export async function open(opts: OpenOptions = {}): Promise<Netlink> {
  checkOpen(opts)
  try {
    return new Netlink(await openClient(opts))
  } catch (e) {
    throw placeError(e, 'open', opts.netns)
  }
}
