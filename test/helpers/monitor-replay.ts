// Replaying a fixture's notifications the way the live `ip -d monitor` of the capture saw them:
// one MonitorState per namespace, its link cache starting from what the monitor knew when the
// command started (sidecar context.linksBefore), and an ifindex it did not know answered from the
// links as they were once the command's notifications had arrived (linksAfter) — what the
// monitor's RTM_GETLINK for that ifindex found.
import { decode } from '../../codecs/messages.js'
import '../../codecs/families.js'
import { LinkCache, MONITOR_ALL_GROUPS, MonitorState, flagsFromNames } from '../../codecs/format/index.js'
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

export function replayFixture(f: Fixture): ReplayedEvent[] {
  const events = sectionsOf(f, 'event')
  const side = f.sidecar.sections.filter((s) => s.kind === 'event')
  const states = new Map<string, MonitorState>()
  const stateOf = (ns: string): MonitorState => {
    let st = states.get(ns)
    if (st === undefined) {
      const ctx = f.sidecar.context[ns]
      const nsids = new Map(Object.entries(ctx?.nsids ?? {}).map(([k, v]) => [Number(k), v] as const))
      st = new MonitorState({ links: cacheFor(ctx), nsids })
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
