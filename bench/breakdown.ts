// Where nlwire's time goes in a workload: one extra, untimed pass run under the V8 sampling
// profiler (node:inspector, in the bench child itself), its self time sorted into buckets — the
// kernel and the `netlink` addon, the codecs, nlwire's client/transport/API, GC, Node — plus the
// process's user and system CPU time for the same pass. BENCHMARKS.md prints it under each goal.
import { Session } from 'node:inspector/promises'
import { type CallFrame, type CpuProfile, selfTimes } from './profile-summary.js'

export interface Share {
  name: string
  /** Self time, ms. */
  ms: number
}

export interface Breakdown {
  /** What ran: "100 veth pairs created one by one with link.add()". */
  what: string
  /** Operations in the pass (pairs, dumps), to show per-operation numbers. */
  ops: number
  opUnit: string
  wallMs: number
  userMs: number
  systemMs: number
  buckets: Share[]
  top: Share[]
}

/** Generated codecs (new Function: no script url) are named shape_*, read_*, write_*. */
const GENERATED = /^(shape|read|write|decode|encode)_/

const PROFILER = 'the profiler itself (left out)'

function bucketOf(f: CallFrame, repoRoot: string): string {
  const url = f.url.replace(/^file:\/\//, '')
  const fn = f.functionName
  if (fn === '(garbage collector)') return 'garbage collection'
  if (fn === '(idle)') return 'idle (waiting for the kernel\'s answer)'
  if (fn === '(program)') return 'native code outside JS (libuv, the addon\'s recvmsg)'
  // The inspector session's own synchronous dispatch (Profiler.start/stop): the profiler, not the work.
  if ((url === '' && fn === 'dispatch') || url.startsWith('node:inspector')) return PROFILER
  // The addon's native methods carry its class name: sendmsg/recvmsg, the kernel work inside them.
  if (url === '' && fn === 'NativeNetlink') return 'kernel, inside sendmsg (the request\'s own work)'
  if (url.includes('/node_modules/netlink/')) {
    // RawNetlinkSocket.send's self time is the addon's sendmsg: the kernel handles a netlink
    // request inside sendmsg (creating the veth, filling the first dump datagram).
    return fn === 'send' ? 'kernel, inside sendmsg (the request\'s own work)' : '`netlink` package JS'
  }
  if (url === '' && GENERATED.test(fn)) return 'nlwire codecs (decode/encode)'
  if (url.startsWith(`${repoRoot}/codecs/`)) return 'nlwire codecs (decode/encode)'
  if (url.startsWith(`${repoRoot}/src/api/`)) return 'nlwire API (link.add, views)'
  if (url.startsWith(`${repoRoot}/src/`)) return 'nlwire client + transport'
  if (url.startsWith(`${repoRoot}/bench/`)) return 'bench driver'
  if (url.startsWith('node:') || url === '') return 'Node internals (promises, timers, Buffer)'
  return 'other'
}

function label(f: CallFrame, repoRoot: string): string {
  const url = f.url.replace(/^file:\/\//, '').replace(`${repoRoot}/`, '').replace(/^.*node_modules\//, '')
  return `${f.functionName || '(anonymous)'}${url ? ` (${url}:${f.lineNumber + 1})` : ''}`
}

function summarize(p: CpuProfile, repoRoot: string): { buckets: Share[]; top: Share[] } {
  const buckets = new Map<string, number>()
  const fns = new Map<string, number>()
  for (const { frame: f, us } of selfTimes(p)) {
    const b = bucketOf(f, repoRoot)
    if (b === PROFILER) continue
    buckets.set(b, (buckets.get(b) ?? 0) + us)
    if (f.functionName === '(idle)' || f.functionName === '(program)') continue
    const k = label(f, repoRoot)
    fns.set(k, (fns.get(k) ?? 0) + us)
  }
  const sorted = (m: Map<string, number>) => [...m].sort((a, b) => b[1] - a[1]).map(([name, us]) => ({ name, ms: us / 1000 }))
  return { buckets: sorted(buckets), top: sorted(fns).slice(0, 10) }
}

/** Run `fn` once under the sampling profiler (100 µs interval). */
export async function breakdown(what: string, ops: number, opUnit: string, repoRoot: string, fn: () => Promise<void>): Promise<Breakdown> {
  const session = new Session()
  session.connect()
  try {
    await session.post('Profiler.enable')
    await session.post('Profiler.setSamplingInterval', { interval: 100 })
    await session.post('Profiler.start')
    const c0 = process.cpuUsage()
    const t0 = process.hrtime.bigint()
    let failure: Error | undefined
    try {
      await fn()
    } catch (e) {
      failure = e as Error
    }
    const wallNs = Number(process.hrtime.bigint() - t0)
    const cpu = process.cpuUsage(c0)
    const { profile } = (await session.post('Profiler.stop')) as { profile: CpuProfile }
    if (failure !== undefined) throw failure
    return { what, ops, opUnit, wallMs: wallNs / 1e6, userMs: cpu.user / 1000, systemMs: cpu.system / 1000, ...summarize(profile, repoRoot) }
  } finally {
    session.disconnect()
  }
}
