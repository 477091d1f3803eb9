// nl.monitor(): kernel notifications as typed events. When notifications are lost (the socket's
// receive buffer overflowed, or this process's queue did), the monitor says so with an 'overrun'
// event, subscribes again, and dumps what it watches: the snapshot follows as events marked
// `resync: true`, then a 'resynced' event; from there the consumer's view is the kernel's again.
// An overrun before or during the snapshot is reported again and the snapshot starts over, so
// several 'overrun' events may share one 'resynced': it always follows the latest overrun.
import type { AddrMessage, LinkMessage, Message, NeighMessage, NetconfMessage, NsidMessage, RouteMessage } from '../../codecs/index.js'
import type { NexthopMessage } from '../../codecs/nexthop.js'
import type { RuleMessage } from '../../codecs/rule.js'
import { RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_NETCONF, RTNLGRP_IPV6_ROUTE, RTNLGRP_LINK, RTNLGRP_NEIGH, RTNLGRP_NSID, RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE, RTNLGRP_NEXTHOP, RTNL_KIND_DEL, RTNL_KIND_NEW, rtnlMsgtypeKind } from '../../codecs/rtnetlink.js'
import { bodyFor } from '../../codecs/core/bodies.js'
import type { Client } from '../client/client.js'
import type { Subscription } from '../client/subscription.js'
import { AF_UNSPEC, AF_INET, AF_INET6 } from '../../codecs/address-families.js'
import { NetlinkDroppedError, NetlinkSocketError } from '../errors.js'
import { dumpAddrs } from './addr-requests.js'
import { ApiError } from './errors.js'
import { dumpLinks } from './link-requests.js'
import { dumpNeigh } from './neigh-requests.js'
import { dumpNexthops } from './nexthop-requests.js'
import { dumpNsids } from './nsid-requests.js'
import { dumpRoutes } from './route-requests.js'
import { dumpRules } from './rule-requests.js'
import { type Address, type Link, type Neighbour, type Route, toAddress, toLink, toNeighbour, toRoute } from './views.js'
import { type Nexthop, type Rule, toNexthop, toRule } from './views.js'

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

/** Set on the events of the snapshot dumped after an overrun. */
export interface ResyncMark {
  resync?: true
}

export type NetlinkEvent = (
  | { object: 'link'; action: Action; link: Link; message: LinkMessage }
  | { object: 'addr'; action: Action; address: Address; message: AddrMessage }
  | { object: 'route'; action: Action; route: Route; message: RouteMessage }
  | { object: 'neigh'; action: Action; neighbour: Neighbour; message: NeighMessage }
  | { object: 'nsid'; action: Action; nsid: number; message: NsidMessage }
  | { object: 'netconf'; action: Action; message: NetconfMessage }
  | { object: 'rule'; action: Action; rule: Rule; message: RuleMessage }
  | { object: 'nexthop'; action: Action; nexthop: Nexthop; message: NexthopMessage }
  | { object: 'other'; message: Message }
  /** Notifications were lost: `dropped` of them (when the kernel's drop counter tells), and why. */
  | { object: 'overrun'; dropped: number | undefined; error: NetlinkSocketError }
  /** The snapshot after an overrun is complete: `count` objects were re-read by dumps. */
  | { object: 'resynced'; objects: MonitorObject[]; count: number }
) &
  ResyncMark

/** Each object's event from its message (the codecs' family name is the object's name). */
const EVENTS: { readonly [K in MonitorObject]: (m: Message, action: Action) => NetlinkEvent } = {
  link: (m, action) => ({ object: 'link', action, link: toLink((m as LinkMessage).body), message: m as LinkMessage }),
  addr: (m, action) => ({ object: 'addr', action, address: toAddress((m as AddrMessage).body), message: m as AddrMessage }),
  route: (m, action) => ({ object: 'route', action, route: toRoute((m as RouteMessage).body), message: m as RouteMessage }),
  neigh: (m, action) => ({ object: 'neigh', action, neighbour: toNeighbour((m as NeighMessage).body), message: m as NeighMessage }),
  nsid: (m, action) => ({ object: 'nsid', action, nsid: (m as NsidMessage).body.nsid ?? -1, message: m as NsidMessage }),
  netconf: (m, action) => ({ object: 'netconf', action, message: m as NetconfMessage }),
  rule: (m, action) => ({ object: 'rule', action, rule: toRule((m as RuleMessage).body), message: m as RuleMessage }),
  nexthop: (m, action) => ({ object: 'nexthop', action, nexthop: toNexthop((m as NexthopMessage).body), message: m as NexthopMessage }),
}

export function toEvent(m: Message): NetlinkEvent {
  const kind = rtnlMsgtypeKind(m.type)
  const family = bodyFor(m.type)?.family
  const event = (kind === RTNL_KIND_NEW || kind === RTNL_KIND_DEL) && family !== undefined && Object.hasOwn(EVENTS, family) ? EVENTS[family as MonitorObject] : undefined
  return event === undefined ? { object: 'other', message: m } : event(m, kind === RTNL_KIND_NEW ? 'new' : 'del')
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

/** The dumps that re-read each object after an overrun (netconf has no dump here: not re-read). */
const RESYNC_DUMPS: Partial<Record<MonitorObject, () => Message[]>> = {
  link: () => [dumpLinks()],
  addr: () => [dumpAddrs(AF_UNSPEC)],
  route: () => [dumpRoutes(AF_UNSPEC)],
  neigh: () => [dumpNeigh(AF_UNSPEC)],
  nsid: () => [dumpNsids()],
  rule: () => [dumpRules(AF_INET), dumpRules(AF_INET6)],
  nexthop: () => [dumpNexthops()],
}

export interface MonitorOptions {
  /** After an overrun, subscribe again and dump what is watched (default true); false: end with the error. */
  resync?: boolean
}

/** An overrun of the socket or of the queue: both are ENOBUFS (NetlinkSocketError and subclasses). */
function isOverrun(e: unknown): e is NetlinkSocketError {
  return e instanceof NetlinkSocketError && e.code === 'ENOBUFS'
}

/**
 * Typed events until the loop breaks (which leaves the groups) or the client closes. Joining the
 * groups starts at once; await `ready` before making the changes you want to see.
 */
export class Monitor implements AsyncIterableIterator<NetlinkEvent> {
  /** Resolves once the groups are joined (rejects if that fails). */
  readonly ready: Promise<void>
  private sub: Promise<Subscription>
  private readonly objects: MonitorObject[]
  private readonly groups: number[]
  private readonly resyncOn: boolean
  private readonly queued: NetlinkEvent[] = []
  private resyncDue = false
  private stopped = false

  constructor(
    private readonly client: Client,
    objects: readonly MonitorObject[],
    opts: MonitorOptions = {},
  ) {
    this.objects = objects.length > 0 ? [...objects] : (Object.keys(MONITOR_GROUPS) as MonitorObject[])
    this.groups = groupsFor(this.objects)
    this.resyncOn = opts.resync ?? true
    this.sub = client.subscribe(this.groups)
    this.ready = this.sub.then(() => undefined)
    this.ready.catch(() => {}) // reported by next()
  }

  async next(): Promise<IteratorResult<NetlinkEvent>> {
    for (;;) {
      const q = this.queued.shift()
      if (q !== undefined) return { done: false, value: q }
      if (this.resyncDue) {
        this.resyncDue = false
        await this.resync()
        continue
      }
      let r: IteratorResult<Message>
      try {
        // The subscription itself fails when its socket died before it was joined (relay path).
        r = await (await this.sub).next()
      } catch (e) {
        if (!this.resyncOn || this.stopped || this.client.closed || !isOverrun(e)) throw e
        // Subscribe again at once (what arrives from now on is kept), dump on the next call.
        this.sub = this.client.subscribe(this.groups)
        this.sub.catch(() => {})
        this.resyncDue = true
        return { done: false, value: { object: 'overrun', dropped: e instanceof NetlinkDroppedError ? e.dropped : undefined, error: e } }
      }
      if (r.done) return { done: true, value: undefined }
      if (r.value.body instanceof Uint8Array) continue // a message its codec could not read
      return { done: false, value: toEvent(r.value) }
    }
  }

  /** The snapshot after an overrun: every watched object dumped, as events marked resync. */
  private async resync(): Promise<void> {
    try {
      await this.sub
    } catch (e) {
      if (!isOverrun(e)) throw e
      // Its socket overran before it was joined: the next call reports that and tries again.
      return
    }
    let count = 0
    for (const o of this.objects) {
      for (const req of RESYNC_DUMPS[o]?.() ?? []) {
        for (const m of await this.client.dump(req, { operation: 'monitor.resync', object: o })) {
          if (m.body instanceof Uint8Array) continue
          this.queued.push({ ...toEvent(m), resync: true })
          count++
        }
      }
    }
    this.queued.push({ object: 'resynced', objects: [...this.objects], count })
  }

  async return(): Promise<IteratorResult<NetlinkEvent>> {
    this.stopped = true
    const sub = await this.sub.catch(() => undefined)
    await sub?.return?.()
    return { done: true, value: undefined }
  }

  [Symbol.asyncIterator](): this {
    return this
  }
}
