// Notification floods: a consumer that does not keep up (this process's queue fills), and a
// notification socket the kernel overruns (a tiny SO_RCVBUF). The monitor reports the overrun as
// an 'overrun' event, subscribes again and dumps what it watches (events marked resync, then
// 'resynced'; several overruns may share one 'resynced', which follows the latest): a view built
// from the events alone must then equal `ip -j link show`, and the next change must arrive. With
// { resync: false } the overrun is the typed error that ends the loop. Each flood runs in a child
// (worker-flood.ts) twice: on the path open({ netns }) takes on this machine (in-process setns
// where koffi loads) and with NLWIRE_NETNS=relay (relay processes, the fallback).
import type { CaseResult, Ctx } from '../cases.js'
import { hasStack, run, scratchNetns } from '../util.js'

type Mode = 'queue' | 'noresync' | 'kernel'

interface Report {
  mechanism: string
  carrier: string
  before: number
  overruns: number
  dropped?: number
  resynced: number
  resyncCounts: number[]
  resyncedLast: boolean
  events: number
  error: string
  same: boolean
  seen: boolean
  requests?: boolean
  overrunError?: boolean
  typed?: boolean
  ms: number
}

const PATHS: [string, NodeJS.ProcessEnv][] = [
  ['open() as on this machine', {}],
  ['NLWIRE_NETNS=relay', { NLWIRE_NETNS: 'relay' }],
]

async function worker(ctx: Ctx, mode: Mode, pairs: number, env: NodeJS.ProcessEnv): Promise<{ r?: Report; problem?: string }> {
  const ns = await scratchNetns(`flood-${mode}`)
  const x = await run(process.execPath, ['--import', 'tsx', `${ctx.root}/scripts/faults/worker-flood.ts`, ns, mode, String(pairs)], { timeoutMs: 300_000, env: { ...process.env, ...env } })
  try {
    if (x.code !== 0 || hasStack(x.stderr)) throw new Error('')
    return { r: JSON.parse(x.stdout.trim().split('\n').pop() ?? '') as Report }
  } catch {
    return { problem: `the worker ended with ${x.signal ?? `exit ${x.code}`}: ${(x.stderr || x.stdout).slice(-400)}` }
  }
}

const plural = (n: number, w: string): string => `${n} ${w}${n === 1 ? '' : 's'}`

function resyncText(r: Report): string {
  const counts = r.resyncCounts.length > 0 ? ` of ${r.resyncCounts.join(', ')} links` : ''
  return `${plural(r.overruns, 'overrun event')} (${r.dropped !== undefined ? `${r.dropped} notifications dropped by the kernel's count` : 'drops not counted'}), ${plural(r.resynced, 'resync')}${counts}, a resync after the last overrun: ${r.resyncedLast}`
}

export async function flood(ctx: Ctx): Promise<CaseResult[]> {
  const G = 'flood'
  const out: CaseResult[] = []
  const pairs = ctx.quick ? 100 : 400
  for (const [path, env] of PATHS) {
    {
      const { r, problem } = await worker(ctx, 'queue', pairs, env)
      out.push({
        group: G,
        name: `${pairs * 2.5} link notifications into a queue of 64 that nobody reads while they come (${path}${r ? `: ${r.mechanism}` : ''})`,
        ok: r !== undefined && r.overruns >= 1 && r.resynced >= 1 && r.resynced <= r.overruns && r.resyncedLast && r.same && r.seen && r.requests === true && r.error === '',
        figure: r
          ? `${r.before} events, then ${resyncText(r)}; ${(r.ms / 1000).toFixed(1)} s; the view built from events equals ip -j link show: ${r.same}; requests answered: ${r.requests}; the next change arrives: ${r.seen}${r.error ? `; error: ${r.error}` : ''}`
          : problem!,
      })
    }
    {
      const { r, problem } = await worker(ctx, 'noresync', pairs, env)
      out.push({
        group: G,
        name: `the same with { resync: false } (${path}${r ? `: ${r.mechanism}` : ''})`,
        // The queue overflows first when the relay carries the notifications as quickly as they
        // come; if the kernel's socket overran first the error is its ENOBUFS: typed either way.
        ok: r !== undefined && r.typed === true && r.overruns === 0 && r.same && r.seen && (r.overrunError !== true || r.before === 64),
        figure: r ? `${r.before} queued events, then ${r.error || 'no error (!)'}; a new monitor and link.list() equal ip -j link show: ${r.same}; the next change arrives: ${r.seen}` : problem!,
      })
    }
  }
  return out
}

/** The kernel's side: a notification socket with SO_RCVBUF 4096, its reader held back by a burst. */
export async function floodKernel(ctx: Ctx): Promise<CaseResult[]> {
  const out: CaseResult[] = []
  const pairs = ctx.quick ? 100 : 400
  for (const [path, env] of PATHS) {
    const { r, problem } = await worker(ctx, 'kernel', pairs, env)
    out.push({
      group: 'flood-kernel',
      name: `${pairs * 2.5} link notifications onto a notification socket with SO_RCVBUF 4096 (${path}${r ? `: ${r.mechanism}, carried by ${r.carrier}` : ''})`,
      ok: r !== undefined && r.error === '' && r.requests === true && r.same && r.seen && r.resyncedLast,
      figure: r
        ? (r.overruns === 0 ? `no overrun: all ${r.before} events arrived` : `${r.before} events, then ${resyncText(r)}`) +
          `; ${(r.ms / 1000).toFixed(1)} s; requests on the same handle still answered: ${r.requests}; the view from events equals ip -j link show: ${r.same}; the next change arrives: ${r.seen}${r.error ? `; error: ${r.error}` : ''}`
        : problem!,
    })
  }
  return out
}
