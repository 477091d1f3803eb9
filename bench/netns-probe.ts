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
 * ('floor'). Interleaved one operation at a time (named, current, floor, then the next, the order
 * rotated each time), each operation timed on its own: on a loaded machine the load drifts over
 * milliseconds, and peers timed in turns of whole batches measure different machines. Per peer,
 * the median operation; per pair of peers, the median of the ratios of operations run back to
 * back. 'create': n·subRounds veth pairs, each acked; after every n, the pairs made are deleted
 * (untimed, one group delete). 'set': link.set(NAME, { mtu }) n·subRounds times.
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
  const made: string[] = []
  const cleanup = async () => {
    if (made.length === 0) return
    await floor.run(made.map((nm) => Buffer.from(setGroupRequest(nm, GROUP, seq++))), { perSend: 1, window: 32 }, made.length)
    await floor.run([Buffer.from(delLinkByGroupRequest(GROUP, seq++))], ONE_BY_ONE, 1)
    made.length = 0
  }
  const peers = what === 'create' ? (['floor', 'named', 'current'] as const) : (['named', 'current'] as const)
  type Peer = (typeof peers)[number]
  let pair = 0
  /** The operation, ready to run: the floor's bytes are built here, before its timing starts. */
  const prepare = (peer: Peer, i: number): (() => Promise<unknown>) => {
    if (what === 'set') {
      const nl = peer === 'named' ? named : current
      const mtu = i % 2 === 0 ? 1500 : 1400
      return () => nl.link.set(args.name as string, { mtu })
    }
    const [a, b] = [`${prefix}${peer[0]}a${pair}`, `${prefix}${peer[0]}b${pair}`]
    pair++
    made.push(a)
    if (peer === 'floor') {
      const bytes = Buffer.from(vethCreateRequest(a, b, seq++))
      return () => floor.once(bytes)
    }
    const nl = peer === 'named' ? named : current
    return () => nl.link.add({ name: a, kind: 'veth', peer: { name: b } })
  }
  const once = (peer: Peer, i: number): Promise<unknown> => prepare(peer, i)()
  const wall: Record<string, number[]> = {}
  const cpu: Record<string, number[]> = {}
  const [c0, q0] = sched()
  try {
    // Warm, unrecorded: the JIT needs a few hundred calls to compile the codecs and the client
    // (the floor sends prebuilt bytes and needs none), the kernel its caches.
    const warm = (args.warm as number) ?? 0
    for (let i = 0; i < warm; i++) {
      for (const p of peers) await once(p, i)
      if ((i + 1) % n === 0) await cleanup()
    }
    await cleanup()
    for (let i = 0; i < n * subRounds; i++) {
      for (let k = 0; k < peers.length; k++) {
        const p = peers[(i + k) % peers.length]!
        const op = prepare(p, i)
        const c = threadCpuNs()
        const t = now()
        await op()
        const dt = since(t)
        ;(cpu[p] ??= []).push(threadCpuNs() - c)
        ;(wall[p] ??= []).push(dt)
      }
      if ((i + 1) % n === 0) await cleanup()
    }
  } finally {
    await cleanup().catch(() => {})
    await named.close()
    await current.close()
    floor.raw.close()
  }
  const [c1, q1] = sched()
  const ops = n * subRounds * peers.length
  const out: Record<string, unknown> = { mechanism: netns.mechanism(), ops: n * subRounds, runqShare: (q1 - q0) / ((c1 - c0) + (q1 - q0)) || 0 }
  for (const p of peers) out[p] = { ns: median(wall[p]!), cpu: median(cpu[p]!), runq: (q1 - q0) / ops }
  // Paired: named ÷ the other for operations run back to back, the median of those.
  for (const other of ['floor', 'current']) {
    if (wall[other] === undefined) continue
    out[`namedOver_${other}`] = {
      ns: median(wall.named!.map((t, i) => t / wall[other]![i]!)),
      cpu: median(cpu.named!.map((t, i) => t / cpu[other]![i]!)),
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
