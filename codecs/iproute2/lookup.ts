// The context as the printers use it: iproute2's helper functions over the caller's lookups.
import type { FormatContext } from './context.js'
import { Names } from './names.js'
import type { NexthopBody } from '../nexthop.js'

export class Lookup {
  readonly details: boolean
  readonly names: Names

  constructor(private readonly ctx: FormatContext) {
    this.details = ctx.options?.details ?? true
    this.names = new Names(ctx.options?.names)
  }

  /** ll_index_to_name: '*' for 0, the cached name, else 'ifN' (if_indextoname failed too). */
  ifname(ifindex: number): string {
    const i = ifindex >>> 0
    if (i === 0) return '*'
    return this.ctx.links?.get(i)?.name ?? `if${i}`
  }

  /** ll_index_to_flags: 0 for ifindex 0, -1 (every bit) when unknown. */
  ifflags(ifindex: number): number {
    const i = ifindex >>> 0
    if (i === 0) return 0
    return this.ctx.links?.get(i)?.flags ?? -1
  }

  /** ll_index_to_type: -1 when unknown. */
  iftype(ifindex: number): number {
    const i = ifindex >>> 0
    if (i === 0) return -1
    return this.ctx.links?.get(i)?.type ?? -1
  }

  /** get_name_from_nsid: the iproute2 netns name of an nsid, if any. */
  nsidName(nsid: number): string | undefined {
    if (nsid < 0) return undefined
    return this.ctx.nsids?.get(nsid)
  }

  /** ipnh_cache_get (ipnh_cache_add on a miss): the nexthop object with this id, if known. */
  nexthop(id: number): NexthopBody | undefined {
    return this.ctx.nexthops?.get(id >>> 0)
  }
}
