// The list filters that the kernel applies to a dump only when the socket asked for strict
// checking (NETLINK_GET_STRICT_CHK), done here on the dump's answer where it does not: on the
// fallback path (relay processes, no koffi), and for the fields a strict kernel ignores too. Each
// predicate says what the kernel's does (net/core/rtnetlink.c, net/ipv4/fib_trie.c,
// net/ipv6/route.c, net/core/neighbour.c), so the result is the same either way.
import { RTM_NEWLINK } from '../../codecs/rtnetlink.js'
import type { LinkMessage } from '../../codecs/index.js'
import { RTM_F_CLONED } from '../../codecs/route.js'
import type { RouteBody } from '../../codecs/index.js'
import { dumpLinks } from './link-requests.js'
import type { ApiContext } from './context.js'

/**
 * rtnl_dump_ifinfo's link_master_filtered: `null` (IFLA_MASTER -1) keeps links without a master,
 * an ifindex the ports of that master.
 */
export function masterMatches(linkMaster: number | undefined, wanted: number | null): boolean {
  return wanted === null ? linkMaster === undefined : linkMaster === wanted
}

/**
 * A strict route dump without RTM_F_CLONED leaves out the cached exceptions (PMTU, redirects),
 * which a plain dump includes (ip_valid_fib_dump_req): they are left out here too.
 */
export function isCachedRoute(b: RouteBody): boolean {
  return (b.rtmFlags & RTM_F_CLONED) !== 0
}

/**
 * fib_dump_info's RTA_OIF filter (fib_info_nh_uses_dev, rt6_uses_dev): the route's device, or
 * the device of any of its nexthops.
 */
export function routeUsesDev(b: RouteBody, dev: number): boolean {
  return b.oif === dev || (b.multipath?.some((nh) => nh.rtnhIfindex === dev) ?? false)
}

/** Each link's master (ifindex → master ifindex or undefined), from one link dump. */
export async function linkMasters(ctx: ApiContext, operation: string): Promise<Map<number, number | undefined>> {
  const out = new Map<number, number | undefined>()
  for (const m of await ctx.dump(dumpLinks(), { operation, details: { lookup: true } })) {
    if (m.type === RTM_NEWLINK) out.set((m as LinkMessage).body.ifiIndex, (m as LinkMessage).body.master)
  }
  return out
}
