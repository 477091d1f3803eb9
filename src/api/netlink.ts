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
  /** The request/ack layer underneath, for messages this API has no method for. */
  readonly client: Client
  private readonly ctx: ApiContext
  // Each part of the API is made (and guarded) the first time it is used: a handle that only
  // sets a link pays for the link API alone, and open() for none (it is on the per-namespace path).
  private linkApi: LinkApi | undefined
  private addrApi: AddrApi | undefined
  private routeApi: RouteApi | undefined
  private ruleApi: RuleApi | undefined
  private nexthopApi: NexthopApi | undefined
  private neighApi: NeighApi | undefined
  private fdbApi: FdbApi | undefined
  private nsidApi: NsidApi | undefined

  constructor(client: Client) {
    this.client = client
    this.ctx = new ApiContext(client)
  }

  // Every call checks its options first and throws NlwireErrors naming itself (guard.ts).
  get link(): LinkApi {
    return (this.linkApi ??= guardApi(new LinkApi(this.ctx), 'link'))
  }
  get addr(): AddrApi {
    return (this.addrApi ??= guardApi(new AddrApi(this.ctx), 'addr'))
  }
  get route(): RouteApi {
    return (this.routeApi ??= guardApi(new RouteApi(this.ctx), 'route'))
  }
  get rule(): RuleApi {
    return (this.ruleApi ??= guardApi(new RuleApi(this.ctx), 'rule'))
  }
  get nexthop(): NexthopApi {
    return (this.nexthopApi ??= guardApi(new NexthopApi(this.ctx), 'nexthop'))
  }
  get neigh(): NeighApi {
    return (this.neighApi ??= guardApi(new NeighApi(this.ctx), 'neigh'))
  }
  get fdb(): FdbApi {
    return (this.fdbApi ??= guardApi(new FdbApi(this.ctx), 'fdb'))
  }
  get nsid(): NsidApi {
    return (this.nsidApi ??= guardApi(new NsidApi(this.ctx), 'nsid'))
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
