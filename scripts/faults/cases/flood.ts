// Notification floods: a consumer that does not keep up (this process's queue fills), and a
// notification socket the kernel overruns (a tiny SO_RCVBUF). The monitor reports the overrun as
// an 'overrun' event, subscribes again and dumps what it watches (events marked resync, then
// 'resynced'): a view built from the events alone must then equal `ip -j link show`, and the next
// change must arrive. With { resync: false } the overrun is the typed error that ends the loop.
import { NetlinkOverrunError, NetlinkSocketError, NlwireError, open, type Monitor, type Netlink, type NetlinkEvent } from 'nlwire'
import type { CaseResult, Ctx } from '../cases.js'
import { ip, ipBatch, scratchNetns, sleep } from '../util.js'

/** Links as the kernel lists them: "index name", sorted. */
function kernelLinks(ns: string): string {
  return (JSON.parse(ip(ns, '-j', 'link', 'show')) as { ifindex: number; ifname: string }[]).map((l) => `${l.ifindex} ${l.ifname}`).sort().join(',')
}

/** Make 2.5 notifications a pair: add/up veth pairs, delete every other one, in one ip -batch. */
function churn(ns: string, pairs: number, tag = 'f'): void {
  const lines: string[] = []
  for (let i = 0; i < pairs; i++) lines.push(`link add ${tag}${i} type veth peer name ${tag}g${i}`, `link set ${tag}${i} up`)
  for (let i = 0; i < pairs; i += 2) lines.push(`link del ${tag}${i}`)
  ipBatch(ns, lines)
}

interface Seen {
  before: number
  overruns: number
  dropped: number | undefined
  resynced: number
  view: Map<number, string>
  error?: unknown
}

/** Read events until 'resynced' (or `quiet` ms without any), keeping a view of the links. */
async function follow(m: Monitor, quiet: number, view = new Map<number, string>()): Promise<Seen> {
  const s: Seen = { before: 0, overruns: 0, dropped: undefined, resynced: -1, view }
  let resyncing = false
  try {
    for (;;) {
      const r = await Promise.race([m.next(), sleep(quiet).then(() => 'quiet' as const)])
      if (r === 'quiet' || r.done) break
      const e: NetlinkEvent = r.value
      if (e.object === 'overrun') {
        s.overruns++
        s.dropped = e.dropped
        resyncing = true
        view.clear() // the snapshot that follows replaces it
        continue
      }
      if (e.object === 'resynced') {
        s.resynced = e.count
        break
      }
      if (!resyncing) s.before++
      if (e.object !== 'link') continue
      if (e.action === 'new') view.set(e.link.index, e.link.name ?? '?')
      else view.delete(e.link.index)
    }
  } catch (err) {
    s.error = err
  }
  return s
}

const viewText = (v: Map<number, string>): string => [...v].map(([i, n]) => `${i} ${n}`).sort().join(',')

async function nextChange(m: Monitor, nl: Netlink, ns: string, name: string): Promise<boolean> {
  ipBatch(ns, [`link add ${name} type bridge`])
  for (let i = 0; i < 50; i++) {
    const r = await Promise.race([m.next(), sleep(5000).then(() => undefined)])
    if (r === undefined || r.done) return false
    if (r.value.object === 'link' && r.value.link.name === name) return true
  }
  void nl
  return false
}

export async function flood(ctx: Ctx): Promise<CaseResult[]> {
  const G = 'flood'
  const out: CaseResult[] = []
  const pairs = ctx.quick ? 100 : 400
  const n = pairs * 2.5
  {
    // This process's queue: 64 places, nobody reading while the burst comes.
    const ns = await scratchNetns('flood')
    const nl = await open({ netns: ns, queueSize: 64 })
    try {
      const m = nl.monitor(['link'])
      await m.ready
      // The view starts from a dump, as a consumer's would.
      const view = new Map((await nl.link.list()).map((l) => [l.index, l.name]))
      const t0 = performance.now()
      churn(ns, pairs)
      await sleep(300)
      const s = await follow(m, 5000, view)
      const ms = performance.now() - t0
      const same = viewText(s.view) === kernelLinks(ns)
      const seen = await nextChange(m, nl, ns, 'late0')
      await m.return()
      out.push({
        group: G,
        name: `${n} link notifications into a queue of 64 that nobody reads while they come`,
        ok: s.overruns >= 1 && s.resynced > 0 && same && seen && s.error === undefined,
        figure: `${s.before} events, then ${s.overruns} overrun event${s.overruns === 1 ? '' : 's'} (${s.dropped ?? '?'} notifications dropped), a resync of ${s.resynced} links (${(ms / 1000).toFixed(1)} s); the view built from events equals ip -j link show: ${same}; the next change arrives: ${seen}${s.error ? `; error: ${String(s.error)}` : ''}`,
      })
    } finally {
      await nl.close()
    }
  }
  {
    // { resync: false }: the overrun ends the loop with a typed error; a new monitor and a dump recover.
    const ns = await scratchNetns('flood3')
    const nl = await open({ netns: ns, queueSize: 64 })
    try {
      const m = nl.monitor(['link'], { resync: false })
      await m.ready
      churn(ns, pairs)
      await sleep(300)
      const s = await follow(m, 5000)
      const again = nl.monitor(['link'], { resync: false })
      await again.ready
      const same = (await nl.link.list()).map((l) => `${l.index} ${l.name}`).sort().join(',') === kernelLinks(ns)
      const seen = await nextChange(again, nl, ns, 'late1')
      await again.return()
      out.push({
        group: G,
        name: `the same with { resync: false }`,
        ok: s.error instanceof NetlinkOverrunError && s.before === 64 && same && seen,
        figure: `${s.before} queued events, then ${s.error instanceof NlwireError ? (s.error as Error).name : `untyped ${String(s.error)}`}: "${(s.error as Error)?.message}"; a new monitor and link.list() equal ip -j link show: ${same}; the next change arrives: ${seen}`,
      })
    } finally {
      await nl.close()
    }
  }
  return out
}

/** The kernel's side: a notification socket with SO_RCVBUF 4096, its reader held back by a burst. */
export async function floodKernel(ctx: Ctx): Promise<CaseResult[]> {
  const pairs = ctx.quick ? 100 : 400
  const ns = await scratchNetns('flood2')
  const nl = await open({ netns: ns, monitorRecvBufferSize: 4096, queueSize: 100_000 })
  try {
    const m = nl.monitor(['link'])
    await m.ready
    const view = new Map((await nl.link.list()).map((l) => [l.index, l.name]))
    churn(ns, pairs)
    await sleep(500)
    const s = await follow(m, 3000, view)
    const requestsOk = await nl.link.get('lo').then(() => true, () => false)
    const same = viewText(s.view) === kernelLinks(ns)
    const socketError = s.error instanceof NetlinkSocketError
    return [
      {
        group: 'flood-kernel',
        name: `${pairs * 2.5} link notifications onto a notification socket with SO_RCVBUF 4096`,
        ok: !socketError && s.error === undefined && requestsOk && same,
        figure:
          (s.overruns === 0 ? `no overrun: all ${s.before} events arrived` : `${s.before} events, ${s.overruns} overrun (ENOBUFS from the kernel), a resync of ${s.resynced} links`) +
          `; requests on the same handle still answered: ${requestsOk}; the view from events equals ip -j link show: ${same}`,
      },
    ]
  } finally {
    await nl.close()
  }
}
