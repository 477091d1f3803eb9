// `ip -d monitor` text for decoded rtnetlink messages, character for character as iproute2 6.1
// prints it (ip/ipmonitor.c accept_msg and the print_* functions it calls).
//
//   format(message, context)      the text ip monitor prints for one message ('' when it prints
//                                 nothing), without the -t timestamp line
//   formatTimestamp(time, style)  that line ("Timestamp: Tue Mar  5 10:00:00 2024 123456 usec\n")
//   MonitorState                  a stream of messages in one namespace, with the link cache
//                                 updated as ip monitor updates it
//
// The context supplies what iproute2 looks up on the live system (interface names and flags,
// namespace names of nsids): see iproute2/context.ts.
import type { Message } from '../core/nlmsg.js'
import { NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP } from '../core/nlmsg.js'
import { NLMSG_TSTAMP, type TstampBody } from '../inputs/rtmon.js'
import { RTNL_FAMILY_IP6MR, RTNL_FAMILY_IPMR, RTM_F_CLONED, type RouteBody } from '../route.js'
import {
  RTM_DELADDR,
  RTM_DELADDRLABEL,
  RTM_DELLINK,
  RTM_DELNEIGH,
  RTM_DELNETCONF,
  RTM_DELNEXTHOP,
  RTM_DELNEXTHOPBUCKET,
  RTM_DELNSID,
  RTM_DELROUTE,
  RTM_DELRULE,
  RTM_GETNEIGH,
  RTM_NEWADDR,
  RTM_NEWADDRLABEL,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWNETCONF,
  RTM_NEWNEXTHOP,
  RTM_NEWNEXTHOPBUCKET,
  RTM_NEWNSID,
  RTM_NEWPREFIX,
  RTM_NEWROUTE,
  RTM_NEWRULE,
  RTM_NEWSTATS,
  RTNLGRP_IPV4_IFADDR,
  RTNLGRP_IPV4_MROUTE,
  RTNLGRP_IPV4_NETCONF,
  RTNLGRP_IPV4_ROUTE,
  RTNLGRP_IPV4_RULE,
  RTNLGRP_IPV6_IFADDR,
  RTNLGRP_IPV6_MROUTE,
  RTNLGRP_IPV6_NETCONF,
  RTNLGRP_IPV6_PREFIX,
  RTNLGRP_IPV6_ROUTE,
  RTNLGRP_IPV6_RULE,
  RTNLGRP_LINK,
  RTNLGRP_MPLS_NETCONF,
  RTNLGRP_MPLS_ROUTE,
  RTNLGRP_NEIGH,
  RTNLGRP_NEXTHOP,
  RTNLGRP_NSID,
} from '../rtnetlink.js'
import { formatAddr } from './addr.js'
import { formatAddrlabel } from './addrlabel.js'
import { type FormatContext, type LinkEntry, LinkCache, type LinkLookup, NexthopCache, type NexthopLookup, NsidCache, type NsidLookup } from './context.js'
import type { NexthopBody } from '../nexthop.js'
import { formatLink } from './link.js'
import { Lookup } from './lookup.js'
import { formatNeigh } from './neigh.js'
import { formatNetconf } from './netconf.js'
import { formatNsid } from './nsid.js'
import { formatNexthop } from './nexthop.js'
import { formatRule } from './rule.js'
import { formatRoute } from './route.js'

export * from './context.js'
export { type NameTables, Names, DEFAULT_NAMES } from './names.js'
export { linkFlagsText } from './link.js'
export { formatAddrlabel } from './addrlabel.js'
export { formatMdb, formatMdbShow } from './mdb.js'
export { notificationGroup } from './groups.js'


type Printer = (msg: Message, l: Lookup) => string

interface Handler {
  /** print_headers' label, shown with `ip monitor label`. */
  label: string
  /** undefined: ip monitor handles the type, but this formatter has no printer for it. */
  print?: Printer
}

const HANDLERS: ReadonlyMap<number, Handler> = new Map<number, Handler>([
  [RTM_NEWLINK, { label: '[LINK]', print: formatLink }],
  [RTM_DELLINK, { label: '[LINK]', print: formatLink }],
  [RTM_NEWADDR, { label: '[ADDR]', print: formatAddr }],
  [RTM_DELADDR, { label: '[ADDR]', print: formatAddr }],
  [RTM_NEWROUTE, { label: '[ROUTE]', print: formatRoute }],
  [RTM_DELROUTE, { label: '[ROUTE]', print: formatRoute }],
  [RTM_NEWNEIGH, { label: '[NEIGH]', print: formatNeigh }],
  [RTM_DELNEIGH, { label: '[NEIGH]', print: formatNeigh }],
  [RTM_GETNEIGH, { label: '[NEIGH]', print: formatNeigh }],
  [RTM_NEWNETCONF, { label: '[NETCONF]', print: formatNetconf }],
  [RTM_DELNETCONF, { label: '[NETCONF]', print: formatNetconf }],
  [RTM_NEWNSID, { label: '[NSID]', print: formatNsid }],
  [RTM_DELNSID, { label: '[NSID]', print: formatNsid }],
  [RTM_NEWADDRLABEL, { label: '[ADDRLABEL]', print: formatAddrlabel }],
  [RTM_DELADDRLABEL, { label: '[ADDRLABEL]', print: formatAddrlabel }],
  [RTM_NEWPREFIX, { label: '[PREFIX]' }],
  [RTM_NEWRULE, { label: '[RULE]', print: formatRule }],
  [RTM_DELRULE, { label: '[RULE]', print: formatRule }],
  [RTM_NEWNEXTHOP, { label: '[NEXTHOP]', print: formatNexthop }],
  [RTM_DELNEXTHOP, { label: '[NEXTHOP]', print: formatNexthop }],
  [RTM_NEWNEXTHOPBUCKET, { label: '[NEXTHOPBUCKET]' }],
  [RTM_DELNEXTHOPBUCKET, { label: '[NEXTHOPBUCKET]' }],
  [RTM_NEWSTATS, { label: '[STATS]' }],
])

/** How ip monitor treats a message type. */
export type MonitorDisposition =
  /** printed by this formatter */
  | 'formatted'
  /** ip monitor prints it, this formatter does not (prefixes, nexthop buckets, stats, mroutes) */
  | 'unsupported'
  /** ip monitor prints nothing (cloned routes, NLMSG_ERROR/DONE/NOOP) */
  | 'silent'
  /** ip monitor writes "Unknown message: ..." to stderr */
  | 'unknown'

export function disposition(msg: Message): MonitorDisposition {
  if (msg.type === NLMSG_ERROR || msg.type === NLMSG_DONE || msg.type === NLMSG_NOOP) return 'silent'
  if (msg.type === NLMSG_TSTAMP) return 'formatted'
  if (msg.type === RTM_NEWROUTE || msg.type === RTM_DELROUTE) {
    const b = msg.body
    if (b instanceof Uint8Array) return 'unsupported'
    const r = b as RouteBody
    if (r.rtmFlags & RTM_F_CLONED) return 'silent'
    if (r.rtmFamily === RTNL_FAMILY_IPMR || r.rtmFamily === RTNL_FAMILY_IP6MR) return 'unsupported'
    return 'formatted'
  }
  const h = HANDLERS.get(msg.type)
  if (h === undefined) return 'unknown'
  if (h.print === undefined || msg.body instanceof Uint8Array) return 'unsupported'
  return 'formatted'
}

/** What ip monitor writes to stderr for a type it does not know (its default case). */
export function unknownMessageText(msg: Message, len: number): string {
  const h = (n: number): string => `0x${(n >>> 0).toString(16).padStart(8, '0')}(${n})`
  return `Unknown message: type=${h(msg.type)} flags=${h(msg.flags)} len=${h(len)}\n`
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']
const p2 = (n: number): string => String(n).padStart(2, '0')

/** asctime() without its newline: "Tue Mar  5 09:07:03 2024", in the local time zone as localtime(). */
export function asctime(d: Date): string {
  return `${DAYS[d.getDay()]} ${MONTHS[d.getMonth()]} ${String(d.getDate()).padStart(2, ' ')} ${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())} ${d.getFullYear()}`
}

/** A receive time: seconds since the epoch and microseconds, as gettimeofday() gives. */
export interface Timeval {
  sec: number
  usec: number
}

/**
 * print_timestamp: `ip -t monitor` ('long': "Timestamp: <asctime> N usec\n") or `ip -ts monitor`
 * ('short': "[2024-03-05T09:07:03.123456] ").
 */
export function formatTimestamp(tv: Timeval, style: 'long' | 'short' = 'long'): string {
  const d = new Date(tv.sec * 1000)
  if (style === 'short') {
    const iso = `${d.getFullYear()}-${p2(d.getMonth() + 1)}-${p2(d.getDate())}T${p2(d.getHours())}:${p2(d.getMinutes())}:${p2(d.getSeconds())}`
    return `[${iso}.${String(tv.usec).padStart(6, '0')}] `
  }
  return `Timestamp: ${asctime(d)} ${tv.usec} usec\n`
}

/**
 * The text `ip -d monitor` prints for one message: "Deleted " and the other prefixes included,
 * the label ([LINK] ...) when context.options.label is set, trailing spaces and the final newline
 * as iproute2 writes them. '' when ip monitor prints nothing on standard output for it.
 */
export function format(message: Message, context: FormatContext = {}): string {
  if (message.type === NLMSG_TSTAMP && !(message.body instanceof Uint8Array)) {
    // print_nlmsg_timestamp: the records rtmon writes between messages.
    const t = message.body as TstampBody
    return `Timestamp: ${asctime(new Date(t.sec * 1000))} ${t.usec} us\n`
  }
  const d = disposition(message)
  if (d === 'silent' || d === 'unknown') return ''
  let label = HANDLERS.get(message.type)?.label ?? ''
  if (message.type === RTM_NEWROUTE || message.type === RTM_DELROUTE) {
    const fam = message.body instanceof Uint8Array ? 0 : (message.body as RouteBody).rtmFamily
    label = fam === RTNL_FAMILY_IPMR || fam === RTNL_FAMILY_IP6MR ? '[MROUTE]' : '[ROUTE]'
  }
  const head = context.options?.label ? label : ''
  if (d === 'unsupported') return head
  const print = message.type === RTM_NEWROUTE || message.type === RTM_DELROUTE ? formatRoute : HANDLERS.get(message.type)!.print!
  return head + print(message, new Lookup(context))
}

/** The groups `ip monitor` joins for each object name it accepts (ip/ipmonitor.c, no -4/-6). */
export const MONITOR_OBJECTS: Readonly<Record<string, readonly number[]>> = {
  link: [RTNLGRP_LINK],
  address: [RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR],
  route: [RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_MPLS_ROUTE],
  mroute: [RTNLGRP_IPV4_MROUTE, RTNLGRP_IPV6_MROUTE],
  prefix: [RTNLGRP_IPV6_PREFIX],
  neigh: [RTNLGRP_NEIGH],
  netconf: [RTNLGRP_IPV4_NETCONF, RTNLGRP_IPV6_NETCONF, RTNLGRP_MPLS_NETCONF],
  rule: [RTNLGRP_IPV4_RULE, RTNLGRP_IPV6_RULE],
  nsid: [RTNLGRP_NSID],
  nexthop: [RTNLGRP_NEXTHOP],
}

/** Everything plain `ip monitor` joins (the stats group only when asked for). */
export const MONITOR_ALL_GROUPS: readonly number[] = [...new Set(Object.values(MONITOR_OBJECTS).flat())].sort((a, b) => a - b)

/**
 * What a live monitor can ask the system for when its caches lack it: ll_link_get (RTM_GETLINK
 * for one ifindex), ipnh_cache_add (RTM_GETNEXTHOP for one id) and netns_get_name (the
 * /run/netns entry with that nsid). undefined: not there (iproute2 then prints ifN, no nh_info).
 */
export interface MonitorFetcher {
  link(ifindex: number): Promise<LinkEntry | undefined>
  nexthop(id: number): Promise<NexthopBody | undefined>
  nsidName(nsid: number): Promise<string | undefined>
}

/** A cache lookup that notes the keys it could not answer, instead of asking a fallback. */
class Misses<T> {
  readonly keys = new Set<number>()
  constructor(private readonly peek: (k: number) => T | undefined) {}
  get(k: number): T | undefined {
    const v = this.peek(k)
    if (v === undefined) this.keys.add(k)
    return v
  }
}

/**
 * One namespace's stream of notifications as ip monitor sees it: RTM_NEWLINK / RTM_DELLINK update
 * the link cache before they are printed (ll_remember_index comes first in accept_msg), nexthop
 * notifications the nexthop cache after, and RTM_*NSID the nsid cache around printing.
 */
export class MonitorState {
  readonly links: LinkCache
  readonly nsids: NsidCache
  readonly nexthops: NexthopCache
  options: FormatContext['options']

  constructor(init: { links?: LinkCache; nsids?: NsidCache; nexthops?: NexthopCache; options?: FormatContext['options'] } = {}) {
    this.links = init.links ?? new LinkCache()
    this.nsids = init.nsids ?? new NsidCache()
    this.nexthops = init.nexthops ?? new NexthopCache()
    this.options = init.options
  }

  /** The context for the next message, with other lookups if given (probes, say). */
  context(links: LinkLookup = this.links, nsids: NsidLookup = this.nsids, nexthops: NexthopLookup = this.nexthops): FormatContext {
    return { links, nsids, nexthops, ...(this.options ? { options: this.options } : {}) }
  }

  /** Update the caches as ip monitor does around printing the message, and format it. */
  render(message: Message): string {
    const after = this.beforePrint(message)
    const text = format(message, this.context())
    after()
    return text
  }

  /**
   * render() on a live system: what the caches lack is fetched first, as ip monitor asks the
   * kernel while printing. The message is formatted once; only when that noted a link or
   * nexthop the caches lack, and `fetch` found it, a second time with the answer.
   */
  async renderLive(message: Message, fetch: MonitorFetcher): Promise<string> {
    const nsid = this.nsids.lookupBeforePrint(message)
    const name = nsid === undefined ? undefined : await fetch.nsidName(nsid)
    const after = this.beforePrint(message, (n) => (n === nsid ? name : undefined))
    try {
      const links = new Misses((i) => this.links.peek(i))
      const nexthops = new Misses((id) => this.nexthops.peek(id))
      const text = format(message, this.context(links, this.nsids, nexthops))
      let found = false
      for (const i of links.keys) {
        const e = await fetch.link(i)
        if (e !== undefined) (this.links.set(i, e), (found = true))
      }
      for (const id of nexthops.keys) {
        const e = await fetch.nexthop(id)
        if (e !== undefined) (this.nexthops.set(id, e), (found = true))
      }
      return found ? format(message, this.context()) : text
    } finally {
      after()
    }
  }

  /** ip monitor's cache updates before printing `message`; the function returned makes those after. */
  private beforePrint(message: Message, nsidName?: (nsid: number) => string | undefined): () => void {
    this.links.learn(message)
    const afterNsid = this.nsids.aroundPrint(message, nsidName)
    return () => {
      afterNsid()
      this.nexthops.learn(message)
    }
  }
}
