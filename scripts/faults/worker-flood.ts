// Run by the flood cases in a child process, so that each flood runs on the path the environment
// chooses: open({ netns }) in-process (setns, koffi) by default, or through relay processes with
// NLWIRE_NETNS=relay (read once, when nlwire loads: hence a process of its own).
//
//   worker-flood.ts NS MODE PAIRS     MODE: queue | noresync | kernel
//
// queue:    a queue of 64 that nobody reads while 2.5 × PAIRS link notifications come (the event
//           loop is blocked by `ip -batch`); the monitor reports the overrun, resubscribes, dumps.
// noresync: the same with { resync: false }: the overrun is the typed error that ends the loop;
//           a new monitor and link.list() recover.
// kernel:   a notification socket with SO_RCVBUF 4096: the kernel overruns it (ENOBUFS), or not.
//
// The consumer keeps a view of the links as a user would (the README's pattern): a dump first,
// then every event; after an 'overrun' the events marked resync build a new view, which replaces
// the old one at 'resynced'. Several overruns may share one 'resynced' (an overrun while the
// monitor resubscribes is reported again), which always follows the latest. Reading goes on
// until nothing has come for a while and no resync is pending (bounded), then the view is
// compared with `ip -j link show`, and one more change must still arrive. Prints one JSON line.
import { spawnSync } from 'node:child_process'
import { NetlinkOverrunError, NlwireError, netns, open, type Monitor, type NetlinkEvent } from 'nlwire'

const [ns, mode, pairsArg] = process.argv.slice(2) as [string, 'queue' | 'noresync' | 'kernel', string]
const pairs = Number(pairsArg)

function ip(...args: string[]): string {
  const r = spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`ip -n ${ns} ${args.join(' ')}: ${r.stderr}`)
  return r.stdout
}

/** Links as the kernel lists them: "index name", sorted. */
const kernelLinks = (): string =>
  (JSON.parse(ip('-j', 'link', 'show')) as { ifindex: number; ifname: string }[])
    .map((l) => `${l.ifindex} ${l.ifname}`)
    .sort()
    .join(',')
const viewText = (v: Map<number, string>): string => [...v].map(([i, n]) => `${i} ${n}`).sort().join(',')

/** How a view differs from the kernel's links: the first few missing and extra. */
function diff(v: Map<number, string>): string {
  const k = new Set(kernelLinks().split(','))
  const w = new Set(viewText(v).split(','))
  const missing = [...k].filter((x) => !w.has(x))
  const extra = [...w].filter((x) => !k.has(x))
  return `${missing.length} missing (${missing.slice(0, 3).join(' ')}), ${extra.length} extra (${extra.slice(0, 3).join(' ')})`
}

/** 2.5 notifications a pair: add and up veth pairs, delete every other one, in one blocking ip -batch. */
function churn(tag: string): void {
  const lines: string[] = []
  for (let i = 0; i < pairs; i++) lines.push(`link add ${tag}${i} type veth peer name ${tag}g${i}`, `link set ${tag}${i} up`)
  for (let i = 0; i < pairs; i += 2) lines.push(`link del ${tag}${i}`)
  const r = spawnSync('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 120_000 })
  if (r.status !== 0) throw new Error(`ip -batch: ${r.stderr}`)
}

const sleep = (ms: number): Promise<'quiet'> => new Promise((r) => setTimeout(() => r('quiet'), ms))

interface Followed {
  /** Events before the first overrun. */
  before: number
  overruns: number
  /** The kernel's drop counters summed (undefined: never told, as for a queue overflow). */
  dropped: number | undefined
  /** 'resynced' events, and the objects each said it re-read. */
  resynced: number
  resyncCounts: number[]
  /** The last 'resynced' came after the last 'overrun' (or neither happened). */
  resyncedLast: boolean
  events: number
  error?: unknown
}

/** A monitor's next(), kept across waits that time out: a result is never dropped. */
class Reader {
  private pending: Promise<IteratorResult<NetlinkEvent>> | undefined
  constructor(private readonly m: Monitor) {}
  /** The next event, or 'quiet' after `ms` without one (the call stays pending for the next read). */
  async next(ms: number): Promise<IteratorResult<NetlinkEvent> | 'quiet'> {
    this.pending ??= this.m.next()
    const r = await Promise.race([this.pending, sleep(ms)])
    if (r !== 'quiet') this.pending = undefined
    return r
  }
}

/** Read until `quiet` ms pass with nothing and no resync pending (at most `limit` ms). */
async function follow(rd: Reader, view: Map<number, string>, quiet: number, limit = 90_000): Promise<Followed> {
  const f: Followed = { before: 0, overruns: 0, dropped: undefined, resynced: 0, resyncCounts: [], resyncedLast: true, events: 0 }
  let rebuilding: Map<number, string> | undefined
  const deadline = Date.now() + limit
  try {
    while (Date.now() < deadline) {
      const r = await rd.next(quiet)
      if (r === 'quiet') {
        if (rebuilding === undefined) break
        continue // a resync is under way: its snapshot is still to come
      }
      if (r.done) break
      const e = r.value
      f.events++
      if (e.object === 'overrun') {
        f.overruns++
        if (e.dropped !== undefined) f.dropped = (f.dropped ?? 0) + e.dropped
        f.resyncedLast = false
        rebuilding = new Map()
        continue
      }
      if (e.object === 'resynced') {
        f.resynced++
        f.resyncCounts.push(e.count)
        f.resyncedLast = true
        if (rebuilding !== undefined) {
          view.clear()
          for (const [k, v] of rebuilding) view.set(k, v)
        }
        rebuilding = undefined
        continue
      }
      if (f.overruns === 0) f.before++
      if (e.object !== 'link') continue
      const target = e.resync && rebuilding !== undefined ? rebuilding : view
      if (e.action === 'new') target.set(e.link.index, e.link.name ?? '?')
      else target.delete(e.link.index)
    }
  } catch (err) {
    f.error = err
  }
  return f
}

/** One more change after the flood: does its event arrive? */
async function nextChange(rd: Reader, name: string): Promise<boolean> {
  ip('link', 'add', name, 'type', 'bridge')
  for (let i = 0; i < 100; i++) {
    const r = await rd.next(10_000)
    if (r === 'quiet' || r.done) return false
    if (r.value.object === 'link' && r.value.link.name === name) return true
  }
  return false
}

const errText = (e: unknown): string => (e === undefined ? '' : e instanceof NlwireError ? `${(e as Error).name}: ${(e as Error).message}` : `untyped ${String(e)}`)

const mechanism = netns.mechanism().mechanism
const nl = await open(mode === 'kernel' ? { netns: ns, monitorRecvBufferSize: 4096, queueSize: 100_000 } : { netns: ns, queueSize: 64 })
let report: Record<string, unknown>
try {
  const m = nl.monitor(['link'], mode === 'noresync' ? { resync: false } : {})
  await m.ready
  const carrier = nl.client.notificationTransport?.name ?? '?'
  const view = new Map((await nl.link.list()).map((l) => [l.index, l.name]))
  const t0 = performance.now()
  const rd = new Reader(m)
  churn('f')
  // Nobody reads while they come: the burst is all in before the first next().
  await sleep(500)
  const f = await follow(rd, view, mode === 'noresync' ? 3000 : 4000)
  const ms = performance.now() - t0
  if (mode === 'noresync') {
    // The loop ended with the error: a new monitor and a dump are how a consumer recovers.
    const again = nl.monitor(['link'], { resync: false })
    await again.ready
    const listed = new Map((await nl.link.list()).map((l) => [l.index, l.name]))
    const same = viewText(listed) === kernelLinks()
    const seen = await nextChange(new Reader(again), 'late1')
    await again.return()
    report = { mechanism, carrier, ...f, error: errText(f.error), overrunError: f.error instanceof NetlinkOverrunError, typed: f.error instanceof NlwireError, same, seen, ms }
  } else {
    const same = viewText(view) === kernelLinks()
    const differs = same ? '' : diff(view)
    const requests = await nl.link.get('lo').then(() => true, () => false)
    const seen = await nextChange(rd, 'late0')
    await m.return()
    report = { mechanism, carrier, ...f, error: errText(f.error), same, differs, requests, seen, links: view.size, ms }
  }
} finally {
  await nl.close()
}
console.log(JSON.stringify(report))
