// The bench child: a Node process started by the orchestrator with
// `ip netns exec <scratch ns> node --import tsx bench/child.ts`, so every socket it opens (floor,
// `netlink` package, nlwire) and every process it spawns (`ip -batch`, start-up commands) is in
// the scratch namespace. It answers JSON-lines requests (bench/rpc.ts) and times with
// process.hrtime.bigint() (CLOCK_MONOTONIC, the same clock in every process).
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as nlwire from './nlwire-adapter.js'
import { FloorSocket, ONE_BY_ONE, prebuild, type SendPlan } from './peers/floor.js'
import * as npm from './peers/netlink-npm.js'
import { netnsOf } from './netns.js'
import { vethPairs, type Pair } from './names.js'
import { serve } from './rpc.js'
import { IFLA_IFNAME, RTM_NEWLINK, RTNLGRP_LINK } from './wire/constants.js'
import { linkAttrString, walkReplies } from './wire/replies.js'
import { delLinkByGroupRequest, delLinkByNameRequest, linkDumpRequest, noopRequest, setGroupRequest, vethCreateRequest } from './wire/requests.js'
import { rawLeaves } from './raw-leaves.js'
import { breakdown } from './breakdown.js'
import { fileURLToPath } from 'node:url'

const repoRoot = fileURLToPath(new URL('..', import.meta.url)).replace(/\/$/, '')

const now = () => process.hrtime.bigint()
const elapsed = (t0: bigint) => Number(process.hrtime.bigint() - t0)
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

let seq = 1
const nextSeq = () => (seq = (seq + 1) >>> 0 || 1)

let floorSock: FloorSocket | null = null
const floor = () => (floorSock ??= new FloorSocket())
let peekSock: FloorSocket | null = null
const floorPeek = () => (peekSock ??= new FloorSocket([], { peek: true }))
let npmPeer: npm.NetlinkNpmPeer | null = null
const npmSock = () => (npmPeer ??= new npm.NetlinkNpmPeer())
let nlHandle: nlwire.NlwireHandle | null = null
const nl = async () => (nlHandle ??= await nlwire.openSocket())

/** Keeps codec results alive so the JIT cannot drop the work being timed. */
let sink = 0
function consume(x: unknown): void {
  if (x instanceof Uint8Array) sink += x.length
  else if (x !== null && typeof x === 'object') sink += 1
}

const CLEANUP_GROUP = 4094

type Peer = 'floor' | 'floor-peek' | 'netlink-npm' | 'netlink-npm-socket' | 'nlwire'

function planOf(mode: nlwire.SendMode, window: number, perSend: number): SendPlan {
  if (mode === 'one-by-one') return ONE_BY_ONE
  if (mode === 'pipelined') return { perSend: 1, window }
  return { perSend, window: Math.max(window, perSend) }
}

async function floorRun(requests: Uint8Array[], plan: SendPlan): Promise<number> {
  const sends = prebuild(requests, plan)
  const t0 = now()
  await floor().run(sends, plan, requests.length)
  return elapsed(t0)
}

/** Names of all links in this namespace (floor dump, untimed bookkeeping). */
async function linkNames(): Promise<string[]> {
  const names: string[] = []
  const sock = new FloorSocket()
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('linkNames: dump timed out')), 30_000)
      sock.listen((data) => {
        walkReplies(data, {
          ack: (_s, errno) => reject(new Error(`linkNames: dump failed (${errno})`)),
          message: (type, _s, d, off, len) => {
            if (type === RTM_NEWLINK) names.push(linkAttrString(d, off, len, IFLA_IFNAME) ?? '?')
          },
          done: () => {
            clearTimeout(timer)
            resolve()
          },
        })
      })
      sock.raw.send(linkDumpRequest(nextSeq()))
    })
  } finally {
    sock.close()
  }
  return names
}

const handlers = {
  info: () => ({ pid: process.pid, netns: netnsOf('self'), node: process.version }),

  encode: (a: Record<string, unknown>) => {
    const peer = a.peer as Peer
    const iterations = a.iterations as number
    const fn = peer === 'netlink-npm' ? npm.encodeVethCreate : nlwire.encodeVethCreate
    const first = fn('va00001', 'vb00001', 1) // throws NotWiredError for an unwired nlwire
    for (let i = 0; i < ((a.warmup as number) ?? 0); i++) consume(fn('va00001', 'vb00001', i))
    const t0 = now()
    for (let i = 0; i < iterations; i++) consume(fn('va00001', 'vb00001', i))
    return { nsPerOp: elapsed(t0) / iterations, hex: Buffer.from(first).toString('hex') }
  },

  decode: (a: Record<string, unknown>) => {
    const peer = a.peer as Peer
    const bytes = Buffer.from(a.hex as string, 'hex')
    const iterations = a.iterations as number
    const fn = peer === 'netlink-npm' ? npm.decodeLinkMessage : nlwire.decodeLinkMessage
    const first = fn(bytes)
    for (let i = 0; i < ((a.warmup as number) ?? 0); i++) consume(fn(bytes))
    const t0 = now()
    for (let i = 0; i < iterations; i++) consume(fn(bytes))
    return { nsPerOp: elapsed(t0) / iterations, rawLeaves: rawLeaves(first) }
  },

  create: async (a: Record<string, unknown>) => {
    const peer = a.peer as Peer
    const pairs = vethPairs(a.prefix as string, a.n as number)
    const mode = a.mode as nlwire.SendMode
    const window = (a.window as number) ?? 1
    const perSend = (a.perSend as number) ?? 1
    if (peer === 'floor') {
      const reqs = pairs.map(([x, y]) => vethCreateRequest(x, y, nextSeq()))
      return { ns: await floorRun(reqs, planOf(mode, window, perSend)) }
    }
    if (peer === 'netlink-npm') {
      if (mode === 'batched') throw new Error('netlink npm has no way to put several requests in one sendmsg')
      const t0 = now()
      await npmSock().createVeths(pairs, mode === 'one-by-one' ? 1 : window)
      return { ns: elapsed(t0) }
    }
    const h = await nl()
    const t0 = now()
    await nlwire.createVethPairs(h, pairs, mode, { window, perSend })
    return { ns: elapsed(t0) }
  },

  deleteLinks: async (a: Record<string, unknown>) => {
    const peer = a.peer as Peer
    const names = a.names as string[]
    if (peer === 'floor') return { ns: await floorRun(names.map((n) => delLinkByNameRequest(n, nextSeq())), ONE_BY_ONE) }
    if (peer === 'netlink-npm') {
      const t0 = now()
      await npmSock().deleteLinks(names)
      return { ns: elapsed(t0) }
    }
    const h = await nl()
    const t0 = now()
    await nlwire.deleteLinks(h, names)
    return { ns: elapsed(t0) }
  },

  deleteGroup: async (a: Record<string, unknown>) => {
    const peer = a.peer as Peer
    const group = a.group as number
    if (peer === 'floor') return { ns: await floorRun([delLinkByGroupRequest(group, nextSeq())], ONE_BY_ONE) }
    if (peer === 'netlink-npm') {
      const t0 = now()
      await npmSock().deleteGroup(group)
      return { ns: elapsed(t0) }
    }
    const h = await nl()
    const t0 = now()
    await nlwire.deleteByGroup(h, group)
    return { ns: elapsed(t0) }
  },

  dump: async (a: Record<string, unknown>) => {
    const peer = a.peer as Peer
    const repeats = a.repeats as number
    const expect = a.expect as number
    let run: () => Promise<number>
    let sock: FloorSocket | null = null
    if (peer === 'floor' || peer === 'floor-peek') {
      const req = linkDumpRequest(nextSeq())
      sock = peer === 'floor' ? floor() : floorPeek()
      run = () => sock!.dump(req)
    } else if (peer === 'netlink-npm') run = () => npmSock().dumpLinks()
    else if (peer === 'netlink-npm-socket') run = () => npmSock().dumpSocketOnly()
    else {
      const h = await nl()
      run = async () => (await nlwire.dumpLinks(h)).length
    }
    const check = (count: number) => {
      if (count !== expect) throw new Error(`${peer} dump returned ${count} links, expected ${expect}`)
    }
    check(await run()) // warm-up and count check
    const d0 = sock?.datagrams ?? 0
    const t0 = now()
    for (let i = 0; i < repeats; i++) check(await run())
    const ns = elapsed(t0) / repeats
    return sock ? { ns, datagramsPerDump: (sock.datagrams - d0) / repeats } : { ns }
  },

  /**
   * Round trips of NLMSG_NOOP with NLM_F_ACK, one at a time: the kernel acks without doing
   * anything, so this is what each library adds to every request (socket, bookkeeping, codec).
   */
  noop: async (a: Record<string, unknown>) => {
    const peer = a.peer as Peer
    const n = a.n as number
    if (peer === 'floor') {
      const reqs = Array.from({ length: n }, () => noopRequest(nextSeq()))
      return { ns: (await floorRun(reqs, ONE_BY_ONE)) / n }
    }
    if (peer === 'netlink-npm') {
      const t0 = now()
      await npmSock().noops(n)
      return { ns: elapsed(t0) / n }
    }
    const h = await nl()
    const t0 = now()
    await nlwire.noops(h, n)
    return { ns: elapsed(t0) / n }
  },

  /** One untimed pass of an nlwire workload under the profiler (bench/breakdown.ts). */
  breakdown: async (a: Record<string, unknown>) => {
    const h = await nl()
    const what = a.what as string
    if (what === 'create-one') {
      const pairs = vethPairs(a.prefix as string, a.n as number)
      return breakdown(`${pairs.length} veth pairs created one by one with link.add()`, pairs.length, 'pair', repoRoot, () =>
        nlwire.createVethPairs(h, pairs, 'one-by-one', { window: 1, perSend: 1 }),
      )
    }
    if (what === 'dump') {
      const repeats = a.repeats as number
      return breakdown(`${repeats} link.list() dumps of ${a.expect as number} links`, repeats, 'dump', repoRoot, async () => {
        for (let i = 0; i < repeats; i++) {
          const n = (await nlwire.dumpLinks(h)).length
          if (n !== a.expect) throw new Error(`breakdown dump: ${n} links, expected ${a.expect as number}`)
        }
      })
    }
    throw new Error(`breakdown: unknown workload ${what}`)
  },

  /** link.set(NAME, { mtu }) n times through nlwire in this (the current) namespace: per call. */
  linkSetMtu: async (a: Record<string, unknown>) => {
    const h = (await nl()) as unknown as { link: { set(n: string, o: { mtu: number }): Promise<void> } }
    const name = a.name as string
    const n = a.n as number
    for (let i = 0; i < 100; i++) await h.link.set(name, { mtu: i % 2 === 0 ? 1500 : 1400 }) // warm, as the probe
    const t0 = now()
    for (let i = 0; i < n; i++) await h.link.set(name, { mtu: i % 2 === 0 ? 1500 : 1400 })
    return { ns: elapsed(t0) / n }
  },

  /** Untimed set-up: create pairs quickly (floor, 32 in flight), optionally in IFLA_GROUP. */
  setup: async (a: Record<string, unknown>) => {
    const pairs = vethPairs(a.prefix as string, a.n as number)
    const group = a.group as number | undefined
    const reqs = pairs.map(([x, y]) => vethCreateRequest(x, y, nextSeq(), group === undefined ? {} : { group }))
    await floorRun(reqs, { perSend: 1, window: 32 })
    return { created: pairs.length }
  },

  /** Untimed clean-up: every link but lo into one group, then one group delete. */
  cleanup: async () => {
    const names = (await linkNames()).filter((n) => n !== 'lo')
    if (names.length > 0) {
      await floorRun(names.map((n) => setGroupRequest(n, CLEANUP_GROUP, nextSeq())), { perSend: 1, window: 32 })
      await floorRun([delLinkByGroupRequest(CLEANUP_GROUP, nextSeq())], ONE_BY_ONE)
    }
    const left = await linkNames()
    if (left.length !== 1) throw new Error(`cleanup left ${left.join(',')}`)
    return { removed: names.length }
  },

  count: async (a: Record<string, unknown>) => {
    const prefix = (a.prefix as string | undefined) ?? ''
    return { count: (await linkNames()).filter((n) => n.startsWith(prefix)).length }
  },

  /**
   * Poll (one link dump every pollMs) until no link named prefix* is left here; reply with the
   * CLOCK_MONOTONIC time it was first seen gone. Used to time a namespace deletion from outside.
   */
  waitGone: async (a: Record<string, unknown>) => {
    const prefix = a.prefix as string
    const deadline = Date.now() + ((a.timeoutMs as number) ?? 60_000)
    const req = () => linkDumpRequest(nextSeq())
    const sock = new FloorSocket()
    try {
      for (;;) {
        let left = 0
        await new Promise<void>((resolve, reject) => {
          sock.listen((data) =>
            walkReplies(data, {
              ack: (_s, errno) => reject(new Error(`waitGone: dump failed (${errno})`)),
              message: (type, _s, d, off, len) => {
                if (type === RTM_NEWLINK && (linkAttrString(d, off, len, IFLA_IFNAME) ?? '').startsWith(prefix)) left++
              },
              done: () => resolve(),
            }),
          )
          sock.raw.send(req())
        })
        if (left === 0) return { tEnd: String(now()) }
        if (Date.now() > deadline) throw new Error(`waitGone: ${left} ${prefix}* links still there`)
        await sleep((a.pollMs as number) ?? 2)
      }
    } finally {
      sock.close()
    }
  },

  /**
   * Run `ip -batch FILE` twice: with an empty file (process start, socket open, exit) and with
   * the lines; reply with both wall times so per-command cost excludes process start-up.
   */
  ipBatch: async (a: Record<string, unknown>) => {
    const lines = a.lines as string[]
    const dir = mkdtempSync(join(tmpdir(), 'nlwb-'))
    try {
      const empty = join(dir, 'empty')
      const file = join(dir, 'batch')
      writeFileSync(empty, '')
      writeFileSync(file, lines.join('\n') + '\n')
      const emptyNs = await timedSpawn('ip', ['-batch', empty])
      const ns = await timedSpawn('ip', ['-batch', file])
      return { ns, emptyNs }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  },

  /** One timed run of a command (start-up workload without hyperfine). */
  spawnTimed: async (a: Record<string, unknown>) => {
    const argv = a.argv as string[]
    const env = { ...process.env }
    for (const k of (a.unsetEnv as string[] | undefined) ?? []) delete env[k]
    return { ns: await timedSpawn(argv[0]!, argv.slice(1), (a.okExit as number[] | undefined) ?? [0], env) }
  },

  /** The kernel's RTM_NEWLINK notifications for a fresh veth pair, as bytes. */
  capture: async () => {
    const listener = new FloorSocket([RTNLGRP_LINK])
    const got: { name: string; hex: string; length: number }[] = []
    const stop = listener.listen((data) =>
      walkReplies(data, {
        ack: () => {},
        message: (type, _s, d, off, len) => {
          if (type === RTM_NEWLINK) got.push({ name: linkAttrString(d, off, len, IFLA_IFNAME) ?? '?', hex: Buffer.from(d.subarray(off, off + len)).toString('hex'), length: len })
        },
      }),
    )
    try {
      await floorRun([vethCreateRequest('ncapa0', 'ncapb0', nextSeq())], ONE_BY_ONE)
      for (let i = 0; i < 50 && got.length < 2; i++) await sleep(10)
      await sleep(50)
    } finally {
      stop()
      listener.close()
    }
    return { messages: got }
  },
}

function timedSpawn(cmd: string, args: string[], okExit: number[] = [0], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve, reject) => {
    let stderr = ''
    const t0 = now()
    const p = spawn(cmd, args, { stdio: ['ignore', 'ignore', 'pipe'], env })
    p.stderr!.on('data', (d: Buffer) => (stderr += d.toString()))
    const timer = setTimeout(() => p.kill('SIGKILL'), 120_000)
    p.on('error', reject)
    p.on('exit', (code, signal) => {
      const ns = elapsed(t0)
      clearTimeout(timer)
      if (code !== null && okExit.includes(code)) resolve(ns)
      else reject(new Error(`${cmd} ${args.join(' ')} → ${signal ?? code}: ${stderr.trim().slice(0, 300)}`))
    })
  })
}

// Pair tuples arrive over JSON as arrays; nothing else needs converting.
export type { Pair }

serve(handlers as Record<string, (a: Record<string, unknown>) => unknown>, nlwire.isNotWired, async () => {
  floorSock?.close()
  peekSock?.close()
  npmPeer?.close()
  if (nlHandle) await nlHandle.close()
  if (sink < 0) console.error(sink)
})
