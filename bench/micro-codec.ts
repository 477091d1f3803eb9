// Codec micro-benchmark (not a test, no kernel, no root): nlwire's codecs beside the `netlink`
// package's own codec, in one process, interleaved round by round.
//
//   node --import tsx bench/micro-codec.ts [--rounds N] [--ms M] [--only encode,decode,dump]
//
// Workloads:
//   encode  the veth-create RTM_NEWLINK of `ip link add va00001 type veth peer name vb00001`
//           (bench/nlwire-adapter.ts and bench/peers/netlink-npm.ts, as the bench times them)
//   decode  the kernel's 1496-byte RTM_NEWLINK for veth01 (fixtures/s2/01-link-add-veth.nl,
//           event 10), fully decoded by nlwire; netlink npm's rt.parseLinkMessage
//   dump    1001 link messages in one buffer (the fixture message re-encoded with other ifindex
//           and names, NLM_F_MULTI, ~1.5 MB): nlwire's decode(); netlink npm's parseMessages +
//           rt.parseLinkMessage per message
// Each round runs every (workload, peer) for about --ms milliseconds, in rotated order; the table
// gives the median µs/op over rounds and the median of the per-round ratios nlwire ÷ netlink npm.
// Time one workload at a time (--only) for numbers comparable with the bench's fresh child; all
// three in one process measure a JIT that has already seen many kinds of messages.
import { parseMessages, rt } from 'netlink'
import { decode as decodeAll, link, type LinkMessage } from '../codecs/index.js'
import { NLM_F_MULTI } from '../codecs/core/nlmsg.js'
import { concat } from '../codecs/core/bytes.js'
import { listFixtures, loadFixture } from '../test/helpers/fixtures.js'
import * as nlwire from './nlwire-adapter.js'
import * as npm from './peers/netlink-npm.js'

interface Args {
  rounds: number
  ms: number
  only: string[] | null
}

function parseArgs(argv: string[]): Args {
  const a: Args = { rounds: 7, ms: 300, only: null }
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i + 1]
    if (argv[i] === '--rounds' && v) (a.rounds = Number(v)), i++
    else if (argv[i] === '--ms' && v) (a.ms = Number(v)), i++
    else if (argv[i] === '--only' && v) (a.only = v.split(',')), i++
    else throw new Error(`usage: micro-codec.ts [--rounds N] [--ms M] [--only encode,decode,dump]`)
  }
  return a
}

/** Keeps results alive so the JIT cannot drop the work. */
let sink = 0
function consume(x: unknown): void {
  if (x instanceof Uint8Array) sink += x.length
  else if (Array.isArray(x)) sink += x.length
  else if (x !== null && typeof x === 'object') sink += 1
}

function veth01Notification(): Uint8Array {
  const path = listFixtures().find((p) => p.endsWith('s2/01-link-add-veth.nl'))
  if (path === undefined) throw new Error('fixtures/s2/01-link-add-veth.nl not found')
  const ev = loadFixture(path).sections.filter((s) => s.kind === 'event')[9]
  if (ev === undefined || ev.bytes.length !== 1496) throw new Error('expected event 10 of s2/01 to be the 1496-byte veth01 RTM_NEWLINK')
  return ev.bytes
}

/** 1001 link messages as a dump returns them: the fixture's link with ifindex/name/MAC varied. */
function dumpOf(one: Uint8Array, count: number): Uint8Array {
  const parts: Uint8Array[] = []
  for (let i = 0; i < count; i++) {
    const m = link.decode(one) as LinkMessage
    m.flags = NLM_F_MULTI
    m.seq = 77
    m.body.ifiIndex = 10 + i
    m.body.ifname = `va${String(i).padStart(5, '0')}`
    m.body.address = `02:00:00:00:${((i >> 8) & 0xff).toString(16).padStart(2, '0')}:${(i & 0xff).toString(16).padStart(2, '0')}`
    parts.push(link.encode(m))
  }
  return concat(parts)
}

interface Case {
  workload: string
  unit: string
  peers: Record<'nlwire' | 'netlink npm', () => unknown>
}

function cases(only: string[] | null): Case[] {
  const note = veth01Notification()
  const noteBuf = Buffer.from(note)
  // Built only when timed: making it encodes and decodes 1001 links, which also trains the JIT.
  let dumpBuf = Buffer.alloc(0)
  if (only === null || only.includes('dump')) {
    dumpBuf = Buffer.from(dumpOf(note, 1001))
    const n = decodeAll(dumpBuf).length
    if (n !== 1001) throw new Error(`dump decodes to ${n} messages`)
  }
  let seq = 1
  return [
    {
      workload: 'encode',
      unit: 'veth-create RTM_NEWLINK',
      peers: {
        nlwire: () => nlwire.encodeVethCreate('va00001', 'vb00001', seq++),
        'netlink npm': () => npm.encodeVethCreate('va00001', 'vb00001', seq++),
      },
    },
    {
      workload: 'decode',
      unit: '1496-byte veth RTM_NEWLINK',
      peers: {
        nlwire: () => nlwire.decodeLinkMessage(noteBuf),
        'netlink npm': () => npm.decodeLinkMessage(noteBuf),
      },
    },
    {
      workload: 'dump',
      unit: `1001 links (${dumpBuf.length} bytes)`,
      peers: {
        nlwire: () => decodeAll(dumpBuf),
        'netlink npm': () => parseMessages(dumpBuf).map((m) => rt.parseLinkMessage(m.data)),
      },
    },
  ]
}

/** Mean ns/op of fn over about `ms` milliseconds (batches of doubling size). */
function time(fn: () => unknown, ms: number): number {
  const budget = BigInt(ms) * 1_000_000n
  let ops = 0
  let batch = 1
  const t0 = process.hrtime.bigint()
  let spent = 0n
  while (spent < budget) {
    for (let i = 0; i < batch; i++) consume(fn())
    ops += batch
    spent = process.hrtime.bigint() - t0
    if (batch < 1 << 16) batch *= 2
  }
  return Number(spent) / ops
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

function fmt(ns: number): string {
  return ns >= 1e6 ? `${(ns / 1e6).toFixed(2)} ms` : `${(ns / 1e3).toFixed(2)} µs`
}

function main(): void {
  const args = parseArgs(process.argv.slice(2))
  const all = cases(args.only).filter((c) => args.only === null || args.only.includes(c.workload))
  const samples = new Map<string, { nlwire: number[]; npm: number[]; ratio: number[] }>()
  for (const c of all) samples.set(c.workload, { nlwire: [], npm: [], ratio: [] })
  // Warm-up: every function once through the JIT tiers before timing.
  for (const c of all) for (const fn of Object.values(c.peers)) time(fn, Math.min(args.ms, 200))
  for (let r = 0; r < args.rounds; r++) {
    for (const c of all) {
      const s = samples.get(c.workload)!
      const order = r % 2 === 0 ? (['nlwire', 'netlink npm'] as const) : (['netlink npm', 'nlwire'] as const)
      const t: Record<string, number> = {}
      for (const p of order) t[p] = time(c.peers[p], args.ms)
      s.nlwire.push(t.nlwire!)
      s.npm.push(t['netlink npm']!)
      s.ratio.push(t.nlwire! / t['netlink npm']!)
    }
  }
  console.log(`node ${process.version}, ${args.rounds} rounds × ~${args.ms} ms per cell; median (min–max)`)
  console.log('| workload | nlwire | netlink npm | nlwire ÷ netlink npm | netlink npm ÷ nlwire |')
  console.log('| --- | --- | --- | --- | --- |')
  for (const c of all) {
    const s = samples.get(c.workload)!
    const range = (xs: number[]) => `${fmt(median(xs))} (${fmt(Math.min(...xs))}–${fmt(Math.max(...xs))})`
    const r = median(s.ratio)
    console.log(`| ${c.workload}: ${c.unit} | ${range(s.nlwire)} | ${range(s.npm)} | ${r.toFixed(3)}× | ${(1 / r).toFixed(2)}× |`)
  }
  if (sink === 0.5) console.log('')
}

main()
