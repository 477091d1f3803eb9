// One-shot bench helper for the namespace rows (issue 10): started by bench/workloads/netns.ts as
// `node --import tsx bench/netns-probe.ts '<json>'`, with or without NLWIRE_NETNS=relay, so that
// the in-process path and the relay path are measured the same way in a fresh process each. Runs
// in the root namespace, except op 'requests', which the bench starts inside its work namespace
// (`ip netns exec`) so that one process holds a socket made there the ordinary way (open(), the
// current namespace), one made through open({ netns }) and the floor's raw socket, and times them
// interleaved. Prints one JSON line. Namespaces it makes are named nlwb…, in /run/netns, and
// removed before it exits (also on failure).
//
// Every timed figure comes with this thread's CPU time and run-queue wait per operation
// (bench/thread-cpu.ts): on a loaded machine wall-clock time mostly measures the other processes,
// the CPU time the work.
import { closeSync, openSync, readdirSync, readFileSync, readlinkSync, statSync } from 'node:fs'
import { open, netns } from '../src/index.js'
import { makeRawSocket } from '../src/transport/direct.js'
import { insideNetns, openOwnNetns } from '../src/transport/netns-window.js'
import { sys } from '../src/transport/sys.js'
import { FloorSocket, ONE_BY_ONE } from './peers/floor.js'
import { runQueueNs, threadCpuNs } from './thread-cpu.js'
import { delLinkByGroupRequest, setGroupRequest, vethCreateRequest } from './wire/requests.js'

const args = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>
const now = () => process.hrtime.bigint()
const since = (t: bigint) => Number(process.hrtime.bigint() - t)
const made: string[] = []

/** Time per operation: wall, this thread on a CPU, this thread waiting for one (ns). */
export interface Timed {
  ns: number
  cpu: number
  runq: number
}

/** [CPU ns, run-queue wait ns] of this thread so far. */
function sched(): [number, number] {
  return [threadCpuNs(), runQueueNs()]
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

/** Run `fn` n times; the time per call. */
async function timed(n: number, fn: (i: number) => unknown): Promise<Timed> {
  const [c0, q0] = sched()
  const t0 = now()
  for (let i = 0; i < n; i++) await fn(i)
  const ns = since(t0)
  const [c1, q1] = sched()
  return { ns: ns / n, cpu: (c1 - c0) / n, runq: (q1 - q0) / n }
}

/** `batches` batches of n calls; the median batch of each figure. */
async function batched(batches: number, n: number, fn: (i: number) => unknown): Promise<Timed> {
  const all: Timed[] = []
  for (let b = 0; b < batches; b++) all.push(await timed(n, fn))
  return { ns: median(all.map((t) => t.ns)), cpu: median(all.map((t) => t.cpu)), runq: median(all.map((t) => t.runq)) }
}

function rssBytes(): number {
  return Number(/^VmRSS:\s+(\d+) kB$/m.exec(readFileSync('/proc/self/status', 'utf8'))?.[1] ?? 0) * 1024
}
function children(): number {
  return readdirSync(`/proc/${process.pid}/task`).reduce((n, tid) => n + readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).length, 0)
}
function guard(name: string): string {
  if (!name.startsWith('nlwb')) throw new Error(`refusing to touch non-bench namespace ${name}`)
  return name
}

async function main(): Promise<unknown> {
  const op = args.op as string
  const mechanism = netns.mechanism()
  if (op === 'open') {
    // Warm first (koffi, the addon, the codecs, the JIT: a program that opens many handles runs
    // this code hot), then the median of several batches.
    const ns = guard(args.ns as string)
    const warm = (args.warm as number) ?? 200
    for (let i = 0; i < warm; i++) await (await open({ netns: ns })).close()
    return { mechanism, ...(await batched(args.batches as number, args.n as number, async () => (await open({ netns: ns })).close())) }
  }
  if (op === 'floorOpen') {
    // The setns window alone, in JavaScript: open the namespace file and our own, setns, the same
    // RawNetlinkSocket, setns back, close everything. No fd lookup, no option, no client.
    const s = sys()
    if (s === undefined) throw new Error(`no koffi: ${mechanism.reason}`)
    const ns = guard(args.ns as string)
    const once = () => {
      const target = openSync(`/run/netns/${ns}`, 'r')
      const home = openOwnNetns()
      const sock = insideNetns(s, target, home, () => makeRawSocket({}))
      closeSync(target)
      closeSync(home)
      sock.close()
    }
    for (let i = 0; i < ((args.warm as number) ?? 200); i++) once()
    return { mechanism, ...(await batched(args.batches as number, args.n as number, once)) }
  }
  if (op === 'add') {
    const n = args.n as number
    const names = Array.from({ length: n }, (_, i) => guard(`${args.prefix as string}${i}`))
    await netns.add(guard(`${args.prefix as string}w`)) // warm: /run/netns shared, koffi loaded
    made.push(`${args.prefix as string}w`)
    const add = await timed(n, (i) => {
      made.push(names[i]!)
      return netns.add(names[i]!)
    })
    const del = await timed(n, (i) => netns.del(names[i]!))
    made.length = 1
    return { mechanism, add, del }
  }
  if (op === 'loUp') {
    const names = (args.names as string[]).map(guard)
    // Warm (the addon, koffi, the codecs' first use, the JIT): the same work on the first name.
    for (let i = 0; i < 20; i++) {
      const nl = await open({ netns: names[0]! })
      await nl.link.set('lo', { up: true })
      await nl.close()
    }
    const t0 = now()
    for (const nm of names) {
      const nl = await open({ netns: nm })
      await nl.link.set('lo', { up: true })
      await nl.close()
    }
    return { mechanism, ns: since(t0) / names.length }
  }
  if (op === 'handles') {
    const n = args.n as number
    const names = Array.from({ length: n }, (_, i) => guard(`${args.prefix as string}${i}`))
    for (const nm of names) {
      made.push(nm)
      await netns.add(nm)
    }
    await (await open({ netns: names[0]! })).close()
    global.gc?.()
    const rss0 = rssBytes()
    const fds0 = readdirSync('/proc/self/fd').length
    const t0 = now()
    const handles = []
    for (const nm of names) handles.push(await open({ netns: nm }))
    const openNs = since(t0) / n
    // Each handle answers (a link dump), so the handles are real, not lazily opened.
    for (const h of handles.slice(0, 10)) await h.link.list()
    global.gc?.()
    const out = { mechanism, n, openNs, rssGrowth: rssBytes() - rss0, fds: readdirSync('/proc/self/fd').length - fds0, children: children() }
    for (const h of handles) await h.close()
    return out
  }
  if (op === 'requests') return requests()
  throw new Error(`unknown op ${op}`)
}

/**
 * Started inside the namespace: the same requests through open({ netns: NS }) ('named'), through
 * open() ('current') and, for veth creation, as prebuilt bytes on the floor's raw socket
 * ('floor'), in interleaved sub-rounds (order rotated), each peer's median sub-round returned.
 * 'create': n veth pairs one by one, each acked, deleted (untimed, one group delete) after every
 * sub-round. 'set': link.set(NAME, { mtu }) n times.
 */
async function requests(): Promise<unknown> {
  const ns = guard(args.ns as string)
  const what = args.what as 'create' | 'set'
  const n = args.n as number
  const subRounds = args.subRounds as number
  const prefix = args.prefix as string
  // 'current' creates links in this process's namespace: it must be the bench's, never the root one.
  if (readlinkSync('/proc/thread-self/ns/net') !== `net:[${statSync(`/run/netns/${ns}`).ino}]`) {
    throw new Error(`op requests must run inside ${ns} (ip netns exec): refusing to create links here`)
  }
  const floor = new FloorSocket()
  const named = await open({ netns: ns, maxInFlight: 256 })
  const current = await open({ maxInFlight: 256 })
  let seq = 1
  const GROUP = 4093
  const cleanup = async (names: string[]) => {
    await floor.run(names.map((nm) => Buffer.from(setGroupRequest(nm, GROUP, seq++))), { perSend: 1, window: 32 }, names.length)
    await floor.run([Buffer.from(delLinkByGroupRequest(GROUP, seq++))], ONE_BY_ONE, 1)
  }
  const peers = what === 'create' ? (['floor', 'named', 'current'] as const) : (['named', 'current'] as const)
  const samples: Record<string, Timed[]> = {}
  try {
    const pairNames = (p: string, r: number) => Array.from({ length: n }, (_, i) => [`${prefix}${p}${r < 0 ? `w${-r}` : r}a${i}`, `${prefix}${p}${r < 0 ? `w${-r}` : r}b${i}`] as const)
    const runOnce = async (peer: (typeof peers)[number], r: number): Promise<Timed> => {
      if (what === 'set') {
        const nl = peer === 'named' ? named : current
        return timed(n, (i) => nl.link.set(args.name as string, { mtu: i % 2 === 0 ? 1500 : 1400 }))
      }
      const pairs = pairNames(peer[0]!, r)
      let t: Timed
      if (peer === 'floor') {
        const reqs = pairs.map(([a, b]) => Buffer.from(vethCreateRequest(a, b, seq++)))
        const [c0, q0] = sched()
        const t0 = now()
        await floor.run(reqs, ONE_BY_ONE, reqs.length)
        const ns_ = since(t0)
        const [c1, q1] = sched()
        t = { ns: ns_ / n, cpu: (c1 - c0) / n, runq: (q1 - q0) / n }
      } else {
        const nl = peer === 'named' ? named : current
        t = await timed(n, (i) => nl.link.add({ name: pairs[i]![0], kind: 'veth', peer: { name: pairs[i]![1] } }))
      }
      await cleanup(pairs.map(([a]) => a))
      return t
    }
    // Warm, unrecorded: the JIT needs a few hundred calls to compile the codecs and the client
    // (the floor sends prebuilt bytes and needs none), the kernel its caches.
    const warm = (args.warm as number) ?? 0
    for (let w = 0; w < Math.max(1, Math.ceil(warm / n)); w++) for (const p of peers) await runOnce(p, -1 - w)
    for (let r = 0; r < subRounds; r++) {
      for (let i = 0; i < peers.length; i++) {
        const p = peers[(i + r) % peers.length]!
        ;(samples[p] ??= []).push(await runOnce(p, r))
      }
    }
  } finally {
    await named.close()
    await current.close()
    floor.raw.close()
  }
  const out: Record<string, unknown> = { mechanism: netns.mechanism() }
  for (const [p, ts] of Object.entries(samples)) {
    out[p] = { ns: median(ts.map((t) => t.ns)), cpu: median(ts.map((t) => t.cpu)), runq: median(ts.map((t) => t.runq)) }
  }
  // Paired within each sub-round: named ÷ the other, the median of those.
  for (const other of ['floor', 'current']) {
    if (samples[other] === undefined) continue
    out[`namedOver_${other}`] = {
      ns: median(samples.named!.map((t, i) => t.ns / samples[other]![i]!.ns)),
      cpu: median(samples.named!.map((t, i) => t.cpu / samples[other]![i]!.cpu)),
    }
  }
  return out
}

main().then(
  async (r) => {
    for (const nm of made.splice(0)) await netns.del(nm).catch(() => {})
    console.log(JSON.stringify(r))
    process.exit(0)
  },
  async (e: unknown) => {
    for (const nm of made.splice(0)) await netns.del(nm).catch(() => {})
    console.log(JSON.stringify({ error: e instanceof Error ? e.message : String(e) }))
    process.exit(1)
  },
)
