// What the formatter needs besides the message: the things `ip monitor` looks up while printing.
//
//   links   ifindex → { name, flags, type }: iproute2's ll_map cache. ip monitor fills it with a
//           link dump when it starts, updates it from every RTM_NEWLINK / RTM_DELLINK it prints
//           (ll_remember_index, before printing), and asks the kernel (RTM_GETLINK) for an
//           ifindex it does not know, remembering the answer.
//   nsids   nsid → iproute2 netns name (/run/netns/NAME whose nsid that is).
//   nexthops  nexthop id → the object: ip/ipnexthop.c's cache, filled from the RTM_*NEXTHOP
//           notifications ip monitor prints and, on a miss, by asking the kernel (RTM_GETNEXTHOP).
//           Routes with RTA_NH_ID print it after "nh_info".
//   options -d (details), -t / -ts (timestamps), `label` (the [LINK] prefixes), name tables.
//
// The formatter only reads these through `get`; a Map satisfies the interfaces. LinkCache below
// reproduces ll_map's behaviour for callers that replay a stream of messages.
import type { Message } from '../core/nlmsg.js'
import { IFF_NAMES } from '../link/if.js'
import type { LinkBody } from '../link/link.js'
import type { NameTables } from './names.js'
import { RTM_DELLINK, RTM_DELNEXTHOP, RTM_DELNSID, RTM_NEWLINK, RTM_NEWNEXTHOP, RTM_NEWNSID } from '../rtnetlink.js'
import type { NsidBody } from '../nsid.js'
import type { NexthopBody } from '../nexthop.js'


/** One entry of ip monitor's link cache. */
export interface LinkEntry {
  name: string
  /** ifi_flags (IFF_*) when the entry was learned. */
  flags: number
  /** ifi_type (ARPHRD_*), when known: neighbour link-layer addresses print by it. */
  type?: number
}

export interface LinkLookup {
  get(ifindex: number): LinkEntry | undefined
}

export interface NsidLookup {
  get(nsid: number): string | undefined
}

export interface NexthopLookup {
  get(id: number): NexthopBody | undefined
}

export interface FormatOptions {
  /** `ip -d`: details (kind data, promiscuity, queues ...). Default true: the output of `ip -d monitor`. */
  details?: boolean
  /** `ip monitor label` / `all`: prefix each message with [LINK], [ADDR] ... */
  label?: boolean
  /** Other /etc/iproute2 name databases. */
  names?: NameTables
}

export interface FormatContext {
  links?: LinkLookup
  nsids?: NsidLookup
  nexthops?: NexthopLookup
  options?: FormatOptions
}

/** IFF_* bits from the names `ip -j link` prints ('UP', 'LOWER_UP' ...); NO-CARRIER and M-DOWN are not bits. */
export function flagsFromNames(names: readonly string[]): number {
  let f = 0
  for (const [bit, name] of Object.entries(IFF_NAMES)) if (names.includes(name)) f |= Number(bit)
  // `ip` hides IFF_RUNNING: an up link without NO-CARRIER is running.
  if (names.includes('UP') && !names.includes('NO-CARRIER')) f |= 1 << 6
  return f
}

/**
 * What the link and nexthop caches share: a map that asks `fallback` for a key it does not hold
 * (ll_link_get, ipnh_cache_add ask the kernel) and remembers the answer.
 */
class AskingCache<V> {
  protected readonly entries = new Map<number, V>()

  constructor(public fallback?: (key: number) => V | undefined) {}

  /** What the cache keeps of a value given to it (the value itself unless a subclass copies it). */
  protected kept(v: V): V {
    return v
  }

  get(key: number): V | undefined {
    const e = this.entries.get(key)
    if (e !== undefined || this.fallback === undefined) return e
    const f = this.fallback(key)
    if (f !== undefined) this.entries.set(key, this.kept(f))
    return f
  }

  /** Look without asking the fallback. */
  peek(key: number): V | undefined {
    return this.entries.get(key)
  }

  set(key: number, v: V): void {
    this.entries.set(key, this.kept(v))
  }

  delete(key: number): void {
    this.entries.delete(key)
  }

  get size(): number {
    return this.entries.size
  }
}

/**
 * iproute2's ll_map (lib/ll_map.c), as ip monitor uses it, by ifindex. `fallback` answers for an
 * ifindex the cache does not know, the way ll_link_get asks the kernel; its answer is remembered.
 * It keeps copies: learn() updates flags in place, which must not change the caller's entry.
 */
export class LinkCache extends AskingCache<LinkEntry> implements LinkLookup {
  protected override kept(e: LinkEntry): LinkEntry {
    return { ...e }
  }

  /**
   * ll_remember_index: RTM_DELLINK forgets the ifindex; RTM_NEWLINK adds it (when it has a name)
   * or updates its flags. iproute2 6.1 does not update the name of a known ifindex on rename
   * (ll_entry_update rehashes but keeps the old name), and neither does this.
   */
  learn(msg: Message): void {
    if (msg.type !== RTM_NEWLINK && msg.type !== RTM_DELLINK) return
    const b = msg.body as Partial<LinkBody> | Uint8Array
    if (b instanceof Uint8Array || typeof b.ifiIndex !== 'number') return
    const idx = b.ifiIndex >>> 0
    if (msg.type === RTM_DELLINK) {
      this.entries.delete(idx)
      return
    }
    const known = this.entries.get(idx)
    if (known !== undefined) {
      known.flags = b.ifiFlags ?? 0
      return
    }
    if (typeof b.ifname !== 'string') return
    this.entries.set(idx, { name: b.ifname, flags: b.ifiFlags ?? 0, type: b.ifiType ?? 0 })
  }
}

/**
 * iproute2's nsid → netns name cache (ip/ipnetns.c netns_map): filled once at start from
 * /run/netns, read by link-netns / new-netns (get_name_from_nsid: cache only). `fallback` is
 * netns_get_name, which scans /run/netns live; ip monitor uses it only for an RTM_NEWNSID whose
 * nsid the cache does not know.
 */
export class NsidCache implements NsidLookup {
  private readonly names = new Map<number, string>()

  constructor(public fallback?: (nsid: number) => string | undefined) {}

  get(nsid: number): string | undefined {
    return this.names.get(nsid)
  }

  set(nsid: number, name: string): void {
    this.names.set(nsid, name)
  }

  delete(nsid: number): void {
    this.names.delete(nsid)
  }

  has(nsid: number): boolean {
    return this.names.has(nsid)
  }

  /**
   * What print_nsid does to the cache around printing `msg`: a new nsid it does not know is looked
   * up (fallback) and remembered before printing; an entry it found is dropped after printing
   * (netns_map_del). Call before formatting; call the returned function after.
   */
  aroundPrint(msg: Message, fallback = this.fallback): () => void {
    const b = this.printed(msg)
    if (b === undefined) return noop
    const key = b.currentNsid !== undefined ? b.currentNsid : b.nsid
    if (this.names.has(key)) return () => this.names.delete(key)
    if (msg.type === RTM_NEWNSID && fallback !== undefined && b.nsid >= 0) {
      const name = fallback(b.nsid)
      if (name !== undefined) this.names.set(b.nsid, name)
    }
    return noop
  }

  /** The nsid aroundPrint will ask its fallback for (a new nsid the cache does not know), if any. */
  lookupBeforePrint(msg: Message): number | undefined {
    const b = this.printed(msg)
    if (b === undefined || msg.type !== RTM_NEWNSID || b.nsid < 0) return undefined
    return this.names.has(b.currentNsid !== undefined ? b.currentNsid : b.nsid) ? undefined : b.nsid
  }

  private printed(msg: Message): (Partial<NsidBody> & { nsid: number }) | undefined {
    if (msg.type !== RTM_NEWNSID && msg.type !== RTM_DELNSID) return undefined
    const b = msg.body as Partial<NsidBody> | Uint8Array
    return b instanceof Uint8Array || b.nsid === undefined ? undefined : (b as Partial<NsidBody> & { nsid: number })
  }
}

const noop = (): void => {}

/**
 * ip/ipnexthop.c's nexthop cache as ip monitor keeps it: every RTM_NEWNEXTHOP it prints replaces
 * the entry, RTM_DELNEXTHOP drops it (ipnh_cache_process_nlmsg, after printing). `fallback` is
 * ipnh_cache_add's RTM_GETNEXTHOP for an id the cache does not hold; its answer is remembered.
 */
export class NexthopCache extends AskingCache<NexthopBody> implements NexthopLookup {
  learn(msg: Message): void {
    if (msg.type !== RTM_NEWNEXTHOP && msg.type !== RTM_DELNEXTHOP) return
    const b = msg.body as NexthopBody | Uint8Array
    if (b instanceof Uint8Array || b.id === undefined) return
    if (msg.type === RTM_DELNEXTHOP) this.entries.delete(b.id >>> 0)
    else this.entries.set(b.id >>> 0, b)
  }
}
