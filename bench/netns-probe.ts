// One-shot bench helper for the namespace rows (issue 10): started by bench/workloads/netns.ts as
// `node --import tsx bench/netns-probe.ts '<json>'`, in the root namespace, with or without
// NLWIRE_NETNS=relay, so that the in-process path and the relay path are measured the same way in
// a fresh process each. Prints one JSON line. Namespaces it makes are named nlwb…, in /run/netns,
// and removed before it exits (also on failure).
import { readdirSync, readFileSync, closeSync, openSync } from 'node:fs'
import { open, netns } from '../src/index.js'
import { makeRawSocket } from '../src/transport/direct.js'
import { insideNetns, openOwnNetns } from '../src/transport/netns-window.js'
import { sys } from '../src/transport/sys.js'

const args = JSON.parse(process.argv[2] ?? '{}') as Record<string, unknown>
const now = () => process.hrtime.bigint()
const since = (t: bigint) => Number(process.hrtime.bigint() - t)
const made: string[] = []

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
    const ns = guard(args.ns as string)
    const n = args.n as number
    await (await open({ netns: ns })).close() // warm: koffi, the addon, the codecs
    const t0 = now()
    for (let i = 0; i < n; i++) await (await open({ netns: ns })).close()
    return { mechanism, ns: since(t0) / n }
  }
  if (op === 'floorOpen') {
    // The floor of open({ netns }): the window alone — open the namespace file and our own, setns,
    // the same RawNetlinkSocket, setns back, close everything. No fd lookup, no option, no client.
    const s = sys()
    if (s === undefined) throw new Error(`no koffi: ${mechanism.reason}`)
    const ns = guard(args.ns as string)
    const n = args.n as number
    const once = () => {
      const target = openSync(`/run/netns/${ns}`, 'r')
      const home = openOwnNetns()
      const sock = insideNetns(s, target, home, () => makeRawSocket({}))
      closeSync(target)
      closeSync(home)
      sock.close()
    }
    once()
    const t0 = now()
    for (let i = 0; i < n; i++) once()
    return { mechanism, ns: since(t0) / n }
  }
  if (op === 'add') {
    const n = args.n as number
    const names = Array.from({ length: n }, (_, i) => guard(`${args.prefix as string}${i}`))
    await netns.add(guard(`${args.prefix as string}w`)) // warm: /run/netns shared, koffi loaded
    made.push(`${args.prefix as string}w`)
    const t0 = now()
    for (const nm of names) {
      made.push(nm)
      await netns.add(nm)
    }
    const add = since(t0) / n
    const t1 = now()
    for (const nm of names) await netns.del(nm)
    made.length = 1
    return { mechanism, add, del: since(t1) / n }
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
  if (op === 'create') {
    const ns = guard(args.ns as string)
    const n = args.n as number
    const nl = await open({ netns: ns, maxInFlight: 256 })
    try {
      // Warm: create and delete a few pairs the same way first (the bench child's floor is warm).
      for (let i = 0; i < 10; i++) {
        await nl.link.add({ name: `${args.prefix as string}w${i}`, kind: 'veth', peer: { name: `${args.prefix as string}v${i}` } })
        await nl.link.del(`${args.prefix as string}w${i}`)
      }
      const t0 = now()
      for (let i = 0; i < n; i++) await nl.link.add({ name: `${args.prefix as string}a${i}`, kind: 'veth', peer: { name: `${args.prefix as string}b${i}` } })
      return { mechanism, ns: since(t0) / n }
    } finally {
      await nl.close()
    }
  }
  if (op === 'linkSet') {
    const ns = guard(args.ns as string)
    const n = args.n as number
    const nl = await open({ netns: ns })
    try {
      for (let i = 0; i < 100; i++) await nl.link.set(args.name as string, { mtu: i % 2 === 0 ? 1500 : 1400 }) // warm
      const t0 = now()
      for (let i = 0; i < n; i++) await nl.link.set(args.name as string, { mtu: i % 2 === 0 ? 1500 : 1400 })
      return { mechanism, ns: since(t0) / n }
    } finally {
      await nl.close()
    }
  }
  throw new Error(`unknown op ${op}`)
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
