// nl.monitor(): kernel notifications as typed events.
import type { AddrMessage, LinkMessage, Message, NeighMessage, NetconfMessage, NsidMessage, RouteMessage } from '../../codecs/index.js'
import type { NexthopMessage } from '../../codecs/nexthop.js'
import type { RuleMessage } from '../../codecs/rule.js'
import { RTM_DELADDR, RTM_DELLINK, RTM_DELNEIGH, RTM_DELNETCONF, RTM_DELNSID, RTM_DELROUTE, RTM_NEWADDR, RTM_NEWLINK, RTM_NEWNEIGH, RTM_NEWNETCONF, RTM_NEWNSID, RTM_NEWROUTE, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_NETCONF, RTNLGRP_IPV6_ROUTE, RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_NSID, RTM_NEWRULE, RTM_DELRULE, RTM_NEWNEXTHOP, RTM_DELNEXTHOP, RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, RTNLGRP_NEXTHOP, RTNL_KIND_NEW, rtnlMsgtypeKind } from '../../codecs/rtnetlink.js'
import type { Client } from '../client/client.js'
import type { Subscription } from '../client/subscription.js'
import { ApiError } from './errors.js'
import { type Address, type Link, type Neighbour, type Route, toAddress, toLink, toNeighbour, toRoute } from './views.js'
import { type Nexthop, type Rule, toNexthop, toRule } from './rule-nexthop-views.js'

export type MonitorObject = 'link' | 'addr' | 'route' | 'neigh' | 'nsid' | 'netconf' | 'rule' | 'nexthop'

/** The multicast groups each object name joins (as `ip monitor OBJECT` does). */
export const MONITOR_GROUPS: Readonly<Record<MonitorObject, readonly number[]>> = {
  link: [RTNLGRP_LINK],
  addr: [RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR],
  route: [RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE],
  neigh: [RTNLGRP_NEIGH],
  nsid: [RTNLGRP_NSID],
  netconf: [RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF],
  rule: [RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE],
  nexthop: [RTNLGRP_NEXTHOP],
}

export type Action = 'new' | 'del'

export type NetlinkEvent =
  | { object: 'link'; action: Action; link: Link; message: LinkMessage }
  | { object: 'addr'; action: Action; address: Address; message: AddrMessage }
  | { object: 'route'; action: Action; route: Route; message: RouteMessage }
  | { object: 'neigh'; action: Action; neighbour: Neighbour; message: NeighMessage }
  | { object: 'nsid'; action: Action; nsid: number; message: NsidMessage }
  | { object: 'netconf'; action: Action; message: NetconfMessage }
  | { object: 'rule'; action: Action; rule: Rule; message: RuleMessage }
  | { object: 'nexthop'; action: Action; nexthop: Nexthop; message: NexthopMessage }
  | { object: 'other'; message: Message }

export function toEvent(m: Message): NetlinkEvent {
  const action: Action = rtnlMsgtypeKind(m.type) === RTNL_KIND_NEW ? 'new' : 'del'
  switch (m.type) {
    case RTM_NEWLINK:
    case RTM_DELLINK: {
      const msg = m as LinkMessage
      return { object: 'link', action, link: toLink(msg.body), message: msg }
    }
    case RTM_NEWADDR:
    case RTM_DELADDR: {
      const msg = m as AddrMessage
      return { object: 'addr', action, address: toAddress(msg.body), message: msg }
    }
    case RTM_NEWROUTE:
    case RTM_DELROUTE: {
      const msg = m as RouteMessage
      return { object: 'route', action, route: toRoute(msg.body), message: msg }
    }
    case RTM_NEWNEIGH:
    case RTM_DELNEIGH: {
      const msg = m as NeighMessage
      return { object: 'neigh', action, neighbour: toNeighbour(msg.body), message: msg }
    }
    case RTM_NEWNSID:
    case RTM_DELNSID: {
      const msg = m as NsidMessage
      return { object: 'nsid', action, nsid: msg.body.nsid ?? -1, message: msg }
    }
    case RTM_NEWNETCONF:
    case RTM_DELNETCONF:
      return { object: 'netconf', action, message: m as NetconfMessage }
    case RTM_NEWRULE:
    case RTM_DELRULE: {
      const msg = m as RuleMessage
      return { object: 'rule', action, rule: toRule(msg.body), message: msg }
    }
    case RTM_NEWNEXTHOP:
    case RTM_DELNEXTHOP: {
      const msg = m as NexthopMessage
      return { object: 'nexthop', action, nexthop: toNexthop(msg.body), message: msg }
    }
    default:
      return { object: 'other', message: m }
  }
}

export function groupsFor(objects: readonly MonitorObject[]): number[] {
  const groups = new Set<number>()
  for (const o of objects) {
    const g = MONITOR_GROUPS[o]
    if (g === undefined) throw new ApiError(`monitor: unknown object '${String(o)}' (one of ${Object.keys(MONITOR_GROUPS).join(', ')})`)
    for (const x of g) groups.add(x)
  }
  return [...groups]
}

/**
 * Typed events until the loop breaks (which leaves the groups) or the client closes. Joining the
 * groups starts at once; await `ready` before making the changes you want to see.
 */
export class Monitor implements AsyncIterableIterator<NetlinkEvent> {
  /** Resolves once the groups are joined (rejects if that fails). */
  readonly ready: Promise<void>
  private readonly sub: Promise<Subscription>

  constructor(client: Client, objects: readonly MonitorObject[]) {
    const groups = groupsFor(objects.length > 0 ? objects : (Object.keys(MONITOR_GROUPS) as MonitorObject[]))
    this.sub = client.subscribe(groups)
    this.ready = this.sub.then(() => undefined)
    this.ready.catch(() => {}) // reported by next()
  }

  async next(): Promise<IteratorResult<NetlinkEvent>> {
    const sub = await this.sub
    for (;;) {
      const r = await sub.next()
      if (r.done) return { done: true, value: undefined }
      if (r.value.body instanceof Uint8Array) continue // a message its codec could not read
      return { done: false, value: toEvent(r.value) }
    }
  }

  async return(): Promise<IteratorResult<NetlinkEvent>> {
    const sub = await this.sub.catch(() => undefined)
    await sub?.return?.()
    return { done: true, value: undefined }
  }

  [Symbol.asyncIterator](): this {
    return this
  }
}
