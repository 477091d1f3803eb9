// Replaying a fixture's notifications the way the live `ip -d monitor` of the capture saw them:
// one MonitorState per namespace, its link cache starting from what the monitor knew when the
// command started (sidecar context.linksBefore), and an ifindex it did not know answered from the
// links as they were once the command's notifications had arrived (linksAfter) — what the
// monitor's RTM_GETLINK for that ifindex found. Its nexthop cache starts empty and a miss is
// answered from the nexthops as the command left them (context.nexthops), as RTM_GETNEXTHOP would.
import { decode } from '../../codecs/messages.js'
import '../../codecs/families.js'
import { LinkCache, MONITOR_ALL_GROUPS, MonitorState, NexthopCache, NsidCache, flagsFromNames } from '../../codecs/iproute2/index.js'
import { nexthopFromJson } from './nexthop-json.js'
import { RTM_NEWNSID } from '../../codecs/rtnetlink.js'
import type { NsidBody } from '../../codecs/nsid.js'
import type { Message } from '../../codecs/core/nlmsg.js'
import { type Fixture, type NetnsContext, sectionsOf } from './fixtures.js'

export interface ReplayedEvent {
  fixture: string
  /** 1-based event number in the fixture. */
  event: number
  netns: string
  /** What ip -d monitor printed (null: not printed / not recorded). */
  expected: string | null
  /** What the formatter printed; null when ip monitor did not receive the event (group not joined). */
  actual: string | null
  messages: Message[]
}

/** The live monitor's link cache for one namespace at the start of a command. */
export function cacheFor(ctx: NetnsContext | undefined): LinkCache {
  const after = ctx?.linksAfter ?? {}
  const names = ctx?.links ?? {}
  const cache = new LinkCache((ifindex) => {
    const a = after[String(ifindex)]
    if (a !== undefined) return { name: a.name, flags: flagsFromNames(a.flags) }
    const n = names[String(ifindex)]
    return n === undefined ? undefined : { name: n, flags: 0 }
  })
  for (const [idx, e] of Object.entries(ctx?.linksBefore ?? {})) cache.set(Number(idx), { name: e.name, flags: flagsFromNames(e.flags) })
  return cache
}

/** The monitor's nexthop cache at the start of a command: empty, misses answered from the state after it. */
export function nexthopCacheFor(ctx: NetnsContext | undefined): NexthopCache {
  const known = ctx?.nexthops ?? {}
  return new NexthopCache((id) => {
    const j = known[String(id)]
    return j === undefined ? undefined : nexthopFromJson(j, ctx?.links ?? {})
  })
}

/**
 * The monitor's nsid cache at the start: the recorded names (before ∪ after) less the nsids this
 * command allocated (an RTM_NEWNSID in the window: nsids are never re-announced), which the
 * monitor learned by looking them up when their RTM_NEWNSID arrived (the fallback).
 */
export function nsidCacheFor(ctx: NetnsContext | undefined, announced: ReadonlySet<number>): NsidCache {
  const all = new Map(Object.entries(ctx?.nsids ?? {}).map(([k, v]) => [Number(k), v] as const))
  const cache = new NsidCache((nsid) => all.get(nsid))
  for (const [nsid, name] of all) if (!announced.has(nsid)) cache.set(nsid, name)
  return cache
}

function announcedNsids(f: Fixture, ns: string): Set<number> {
  const side = f.sidecar.sections.filter((s) => s.kind === 'event')
  const out = new Set<number>()
  sectionsOf(f, 'event').forEach((sec, i) => {
    if ((side[i]!.netns ?? 'root') !== ns) return
    for (const m of decode(sec.bytes)) if (m.type === RTM_NEWNSID && !(m.body instanceof Uint8Array)) {
      const id = (m.body as NsidBody).nsid
      if (id !== undefined) out.add(id)
    }
  })
  return out
}

export function replayFixture(f: Fixture): ReplayedEvent[] {
  const events = sectionsOf(f, 'event')
  const side = f.sidecar.sections.filter((s) => s.kind === 'event')
  const states = new Map<string, MonitorState>()
  const stateOf = (ns: string): MonitorState => {
    let st = states.get(ns)
    if (st === undefined) {
      const ctx = f.sidecar.context[ns]
      st = new MonitorState({ links: cacheFor(ctx), nsids: nsidCacheFor(ctx, announcedNsids(f, ns)), nexthops: nexthopCacheFor(ctx) })
      states.set(ns, st)
    }
    return st
  }
  const out: ReplayedEvent[] = []
  events.forEach((sec, i) => {
    const meta = side[i]!
    const ns = meta.netns ?? 'root'
    const mon = f.sidecar.monitor.find((m) => m.event === sec.n)
    const messages = decode(sec.bytes)
    const joined = meta.group !== undefined && meta.group !== null && MONITOR_ALL_GROUPS.includes(meta.group)
    let actual: string | null = null
    if (joined) {
      const st = stateOf(ns)
      actual = messages.map((m) => st.render(m)).join('')
    }
    out.push({ fixture: f.name, event: sec.n, netns: ns, expected: mon?.text ?? null, actual, messages })
  })
  return out
}
