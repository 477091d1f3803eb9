// Namespaces (issue 10): opening a handle in a named namespace, adding and deleting namespaces,
// holding many handles, and what requests cost through a handle in a named namespace against the
// same in the current namespace and against the floor there. nlwire runs in fresh processes of
// bench/netns-probe.ts, once on the in-process path (setns through koffi) and once with
// NLWIRE_NETNS=relay (a relay process per socket, util-linux for add/del).
//
// The floors of open({ netns }) and netns.add are the kernel's, measured by a small C program
// (bench/peers/netns-floor.c) that the bench compiles with the machine's cc into a temporary
// directory (no binary is kept); without a compiler those columns say so.
//
// Every nlwire, floor and C figure comes with the thread's CPU time per operation
// (bench/thread-cpu.ts; the C program's own CLOCK_THREAD_CPUTIME_ID): on a shared, loaded machine
// wall-clock medians measure mostly the other processes, so the notes and the goals give the CPU
// times and their ratios as well.
import { spawn, spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { formatDuration, median } from '../stats.js'
import { threadCpuSource } from '../thread-cpu.js'
import { vethPairs } from '../names.js'
import { type Ctx, type PeerId, type Row, type Workload, newRow, notApplicable, runRounds } from './types.js'

/** Per operation, ns: wall clock, this thread's CPU time, its wait for a CPU. */
interface Timed {
  ns: number
  cpu: number
  runq: number
}

interface ProbeResult extends Partial<Timed> {
  error?: string
  mechanism?: { mechanism: string; reason: string }
  add?: Timed
  del?: Timed
  openNs?: number
  rssGrowth?: number
  fds?: number
  children?: number
  n?: number
  floor?: Timed
  named?: Timed
  current?: Timed
  namedOver_floor?: { ns: number; cpu: number }
  namedOver_current?: { ns: number; cpu: number }
}

function probe(ctx: Ctx, args: Record<string, unknown>, relay = false, inNetns?: string): Promise<ProbeResult> {
  const script = join(ctx.repoRoot, 'bench', 'netns-probe.ts')
  const env = { ...process.env, NLWIRE_NETNS: relay ? 'relay' : '' }
  const node = [process.execPath, '--expose-gc', '--import', 'tsx', script, JSON.stringify(args)]
  const [cmd, ...argv] = inNetns !== undefined ? ['ip', 'netns', 'exec', inNetns, ...node] : node
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, argv, { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, killSignal: 'SIGKILL' })
    ctx.scratch.trackPid(child.pid)
    let out = ''
    let err = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (out += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (err += s))
    child.on('close', () => {
      ctx.scratch.untrackPid(child.pid)
      try {
        const r = JSON.parse(out.trim().split('\n').pop() ?? '') as ProbeResult
        if (r.error !== undefined) reject(new Error(r.error))
        else resolve(r)
      } catch {
        reject(new Error(`netns probe ${String(args.op)}: no result (${err.trim().split('\n').slice(-2).join(' | ')})`))
      }
    })
  })
}

/** Time one process run inside a shell: `ip ...` spawned per namespace, as a shell loop would. */
function timedSpawn(cmd: string, args: string[]): number {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(cmd, args, { stdio: 'ignore', timeout: 30_000 })
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.status})`)
  return Number(process.hrtime.bigint() - t0)
}

/** The C floor, compiled for this run; or why there is none. */
interface CFloor {
  bin?: string
  why?: string
  dir?: string
}

function buildCFloor(ctx: Ctx): CFloor {
  const dir = mkdtempSync(join(tmpdir(), 'nlwire-bench-floor-'))
  const bin = join(dir, 'netns-floor')
  const r = spawnSync('cc', ['-O2', '-o', bin, join(ctx.repoRoot, 'bench', 'peers', 'netns-floor.c')], { encoding: 'utf8', timeout: 120_000 })
  if (r.error !== undefined || r.status !== 0) {
    rmSync(dir, { recursive: true, force: true })
    const why = (r.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT' ? 'no C compiler (cc) to build bench/peers/netns-floor.c: apt-get install gcc' : `cc failed: ${(r.stderr ?? '').trim().split('\n')[0]}`
    ctx.log(`  netns: ${why}`)
    return { why }
  }
  return { bin, dir }
}

/** What the C program prints per operation, ns. */
interface CTimed {
  wall: number
  cpu: number
  runq: number
}

function runCFloor(floor: CFloor, args: string[]): Record<string, CTimed> {
  const r = spawnSync(floor.bin!, args, { encoding: 'utf8', timeout: 300_000 })
  const out = JSON.parse((r.stdout ?? '').trim().split('\n').pop() || '{}') as Record<string, CTimed> & { error?: string }
  if (r.status !== 0 || out.error !== undefined) throw new Error(`netns-floor ${args[0]}: ${out.error ?? r.stderr ?? r.status}`)
  return out
}

/** Keeps each round's CPU figures beside the row's wall-clock samples, for the notes. */
class CpuLog {
  readonly cpu: Partial<Record<string, number[]>> = {}
  readonly runq: Partial<Record<string, number[]>> = {}
  add(who: string, t: { cpu: number; runq?: number } | undefined): void {
    if (t === undefined) return
    ;(this.cpu[who] ??= []).push(t.cpu)
    if (typeof t.runq === 'number' && Number.isFinite(t.runq)) (this.runq[who] ??= []).push(t.runq)
  }
  /**
   * "Waiting for a CPU per namespace (run-queue delay, schedstat): nlwire 1.1 ms, C floor 1.0 ms."
   * Wall clock ≈ CPU time + this wait + time blocked: on a loaded machine the wait is most of it.
   */
  waitNote(what: string, labels: [string, string][]): string[] {
    const parts = labels.flatMap(([k, label]) => {
      const xs = this.runq[k]
      return xs && xs.length > 0 ? [`${label} ${formatDuration(median(xs))}`] : []
    })
    if (parts.length === 0) return []
    return [`Time the thread waited for a CPU ${what} (run-queue delay from /proc/thread-self/schedstat, median of rounds): ${parts.join(', ')}. Wall clock is CPU time + this wait + time blocked; on a quiet machine the wait goes to ~0 and the wall-clock cells approach the CPU times.`]
  }
  med(who: string): number | undefined {
    const xs = this.cpu[who]
    return xs && xs.length > 0 ? median(xs) : undefined
  }
  /** "on-CPU per op (this thread, median of N rounds): nlwire 38 µs, floor 16 µs; nlwire ÷ floor 2.4×". */
  /** Put the medians on the row (row.cpu), under the peers' column names. */
  toRow(row: Row, columns: Partial<Record<PeerId, string>>): void {
    for (const [peer, who] of Object.entries(columns) as [PeerId, string][]) {
      const m = this.med(who)
      if (m !== undefined) (row.cpu ??= {})[peer] = m
    }
  }
  note(what: string, labels: [string, string][], ratio?: [string, string]): string {
    const parts = labels.map(([k, label]) => [label, this.med(k)] as const).filter(([, v]) => v !== undefined).map(([l, v]) => `${l} ${formatDuration(v!)}`)
    let r = ''
    if (ratio !== undefined) {
      const [a, b] = [this.med(ratio[0]), this.med(ratio[1])]
      if (a !== undefined && b !== undefined && b > 0) r = `; ratio ${(a / b).toFixed(2)}×`
    }
    const n = Math.max(0, ...Object.values(this.cpu).map((x) => x?.length ?? 0))
    return `CPU time ${what} of the thread doing the work (${threadCpuSource}, median of ${n} rounds; far less dependent on the machine's load than the wall-clock cells, though shared caches still inflate it under load): ${parts.join(', ')}${r}.`
  }
}

const setSample = (row: Row, peer: PeerId, rounds: number, round: number, v: number | undefined) => {
  ;((row.samples[peer] ??= new Array(rounds).fill(undefined)) as (number | undefined)[])[round] = v
}

const MB = 1024 * 1024

/** "+1.2 MB", "-0.2 MB": a growth that can be negative (the garbage collector ran in between). */
const signedMB = (bytes: number): string => `${bytes < 0 ? '-' : '+'}${(Math.abs(bytes) / MB).toFixed(1)} MB`

/** "Calls run back to back, named ÷ current: median 1.01× wall, 1.00× on-CPU (median of 2 rounds)." */
function pairedNote(what: string, xs: { ns: number; cpu: number }[]): string {
  if (xs.length === 0) return `Operations run back to back, ${what}: n/a.`
  return `Operations run back to back, ${what}: median ${median(xs.map((x) => x.ns)).toFixed(2)}× wall clock, ${median(xs.map((x) => x.cpu)).toFixed(2)}× on-CPU (median over ${xs.length} round${xs.length === 1 ? '' : 's'} of each round's median ratio).`
}

export const netnsRows: Workload = {
  name: 'netns',
  describe: 'open({ netns }), netns.add/del, many handles, requests in a named namespace (in-process and relay paths)',
  async run(ctx: Ctx): Promise<Row[]> {
    const rows: Row[] = []
    const cFloor = buildCFloor(ctx)
    try {
      rows.push(...(await netnsRowsWith(ctx, cFloor)))
    } finally {
      if (cFloor.dir !== undefined) rmSync(cFloor.dir, { recursive: true, force: true })
    }
    return rows
  },
}

async function netnsRowsWith(ctx: Ctx, cFloor: CFloor): Promise<Row[]> {
  const q = ctx.cfg.quick
  const rows: Row[] = []
  const target = ctx.scratch.add('o')
  const relayOpens = q ? 5 : 20

  ctx.log('  netns: open({ netns })')
  // --- open({ netns }) ---------------------------------------------------------------------
  // nlwire: warmed, then the median of several batches of opens (a program that opens many
  // handles runs this code hot; one cold open is the start-up row's business).
  const openArgs = { ns: target, warm: q ? 200 : 500, batches: q ? 5 : 15, n: q ? 100 : 200 }
  const open = newRow('netns-open', 'open({ netns }) + close, in-process path', 'per open')
  open.what.floor = cFloor.bin
    ? 'C: open(ns file), open(/proc/thread-self/ns/net), setns, socket, bind, setns back, 3× close (bench/peers/netns-floor.c)'
    : `the same window in JavaScript (open ns file + own, setns, RawNetlinkSocket, setns back, close; ${cFloor.why})`
  notApplicable(open, 'iproute2', 'ip has no handle to open: a command per namespace (netns-lo-up row)')
  notApplicable(open, 'netlink-npm', 'no namespace support')
  const pyRoot = await ctx.pyRoot()
  if (!pyRoot) open.status.pyroute2 = `skipped (${ctx.pySkip})`
  open.what.pyroute2 = 'NetNS(name) + close (pyroute2 forks a helper process per handle)'
  const openCpu = new CpuLog()
  const jsWall: number[] = []
  await runRounds(
    ctx,
    open,
    ['floor', 'pyroute2', 'nlwire'],
    ctx.cfg.rounds,
    async (peer: PeerId) => {
      if (peer === 'floor') {
        // The JS window is measured beside the C floor, for the notes (what Node and the
        // `netlink` package's socket cost before nlwire does anything).
        const js = await probe(ctx, { op: 'floorOpen', ...openArgs })
        openCpu.add('js', js as Timed)
        jsWall.push(js.ns!)
        if (!cFloor.bin) {
          openCpu.add('floor', js as Timed)
          return js.ns!
        }
        const c = runCFloor(cFloor, ['open', `/run/netns/${target}`, String(openArgs.batches * openArgs.n * 2)]).open!
        openCpu.add('floor', c)
        return c.wall!
      }
      if (peer === 'pyroute2') return (await pyRoot!.call<{ ns: number }>('netnsOpen', { name: target, n: relayOpens }, 300_000)).ns
      const r = await probe(ctx, { op: 'open', ...openArgs })
      openCpu.add('nlwire', r as Timed)
      return r.ns!
    },
    { warmup: false },
  )
  open.notes.push(
    `nlwire: ${openArgs.warm} opens to warm up, then the median of ${openArgs.batches} batches of ${openArgs.n} (pyroute2: ${relayOpens} opens). Issue 10's goal: ≤ 0.2 ms.`,
    openCpu.note('per open', [['nlwire', 'nlwire'], ['floor', cFloor.bin ? 'C floor' : 'JS window'], ...(cFloor.bin ? ([['js', 'the same window in JavaScript']] as [string, string][]) : [])], ['nlwire', 'floor']),
    ...openCpu.waitNote('per open', [['nlwire', 'nlwire'], ['floor', cFloor.bin ? 'C floor' : 'JS window']]),
    ...(cFloor.bin && jsWall.length > 0 ? [`The window in JavaScript (no fd lookup, no socket option, no client), wall clock: ${formatDuration(median(jsWall))}.`] : []),
    'System calls per open + close (strace -c -f over 1000, 2026-12-04, this machine): 22 against the C floor\'s 9. The same 2 openat, 2 setns, socket, bind; then the `netlink` addon\'s own (SO_RCVBUF setsockopt, FIONBIO ioctl, getsockname for address(), 4 epoll_ctl for its poll handle), the descriptor\'s prediction and check (dup + close, getsockname) and NETLINK_EXT_ACK (setsockopt). No /proc reads, readlink or fstat.',
  )
  openCpu.toRow(open, { nlwire: 'nlwire', floor: 'floor' })
  rows.push(open)

  const openRelay = newRow('netns-open-relay', 'open({ netns }) + close, relay path (NLWIRE_NETNS=relay)', 'per open')
  for (const p of ['floor', 'iproute2', 'netlink-npm', 'pyroute2'] as const) notApplicable(openRelay, p, 'see the in-process row')
  await runRounds(ctx, openRelay, ['nlwire'], ctx.cfg.rounds, async () => (await probe(ctx, { op: 'open', ns: target, warm: 1, batches: 1, n: relayOpens }, true)).ns!, { warmup: false })
  openRelay.notes.push(`${relayOpens} opens per sample: each starts a relay child through nsenter.`)
  rows.push(openRelay)

  ctx.log('  netns: netns.add/del')
  // --- netns.add / del ----------------------------------------------------------------------
  const n = q ? 20 : 100
  const add = newRow('netns-add', `netns.add of ${n} namespaces, one by one`, 'per namespace')
  const del = newRow('netns-del', `netns.del of ${n} namespaces, one by one`, 'per namespace')
  for (const r of [add, del]) {
    notApplicable(r, 'floor', 'the kernel work is unshare(CLONE_NEWNET) + mount itself')
    notApplicable(r, 'netlink-npm', 'no namespace support')
    r.what.iproute2 = `ip netns ${r === add ? 'add' : 'del'} NAME, one process per namespace`
    r.what.pyroute2 = `pyroute2.netns.${r === add ? 'create' : 'remove'}(NAME)`
    if (!pyRoot) r.status.pyroute2 = `skipped (${ctx.pySkip})`
  }
  if (cFloor.bin) {
    add.what.floor = 'C, what ip netns add does after its start-up: create the file, open /proc/self/ns/net, unshare(CLONE_NEWNET), mount --bind, setns back (bench/peers/netns-floor.c)'
    del.what.floor = 'C: umount2(MNT_DETACH) + unlink'
  } else for (const r of [add, del]) r.status.floor = `– (${cFloor.why})`
  const addCpu = new CpuLog()
  const delCpu = new CpuLog()
  const relayAdd: number[] = []
  const relayDel: number[] = []
  for (let round = 0; round < ctx.cfg.rounds; round++) {
    const prefix = `${ctx.scratch.prefix}a${round}`
    const order: PeerId[] = cFloor.bin ? ['floor', 'iproute2', 'pyroute2', 'nlwire'] : ['iproute2', 'pyroute2', 'nlwire']
    for (const peer of order.map((_, i) => order[(i + round) % order.length]!)) {
      try {
        let a = 0
        let d = 0
        if (peer === 'floor') {
          // The bench's scratch registry does not know these names: the program deletes them
          // itself; a leftover (it died half-way) is removed as stale by the next bench run.
          const r = runCFloor(cFloor, ['add', `${prefix}c`, String(n)])
          addCpu.add('floor', r.add)
          delCpu.add('floor', r.del)
          a = r.add!.wall
          d = r.del!.wall
        } else if (peer === 'iproute2') {
          const names = Array.from({ length: n }, (_, i) => `${prefix}i${i}`)
          for (const nm of names) a += timedSpawn('ip', ['netns', 'add', nm])
          for (const nm of names) d += timedSpawn('ip', ['netns', 'del', nm])
          a /= n
          d /= n
        } else if (peer === 'pyroute2') {
          if (!pyRoot) continue
          const r = await pyRoot.call<{ add: number; del: number }>('netnsCycle', { prefix: `${prefix}p`, n }, 300_000)
          a = r.add
          d = r.del
        } else {
          const r = await probe(ctx, { op: 'add', prefix: `${prefix}n`, n })
          addCpu.add('nlwire', r.add)
          delCpu.add('nlwire', r.del)
          a = r.add!.ns
          d = r.del!.ns
        }
        setSample(add, peer, ctx.cfg.rounds, round, a)
        setSample(del, peer, ctx.cfg.rounds, round, d)
      } catch (e) {
        const msg = `failed: ${(e instanceof Error ? e.message : String(e)).slice(0, 160)}`
        add.status[peer] = msg
        del.status[peer] = msg
        delete add.samples[peer]
        delete del.samples[peer]
      }
    }
    const r = await probe(ctx, { op: 'add', prefix: `${prefix}r`, n: Math.min(n, 10) }, true).catch(() => undefined)
    if (r) {
      relayAdd.push(r.add!.ns)
      relayDel.push(r.del!.ns)
    }
  }
  const ms = (xs: number[]) => (xs.length === 0 ? 'n/a' : formatDuration(median(xs)))
  add.notes.push(
    addCpu.note('per namespace', [['nlwire', 'nlwire'], ['floor', 'C floor']], ['nlwire', 'floor']),
    ...addCpu.waitNote('per namespace', [['nlwire', 'nlwire'], ['floor', 'C floor']]),
    `nlwire relay path (NLWIRE_NETNS=relay: util-linux unshare/mount as subprocesses): add ${ms(relayAdd)}, del ${ms(relayDel)} per namespace (median of ${relayAdd.length} rounds of ${Math.min(n, 10)}).`,
    "Almost all of an add is the kernel creating the namespace inside unshare(CLONE_NEWNET) (the C floor's CPU time is that); ip netns add also pays a process start. On a loaded machine its wall time also waits on other processes (rtnl_lock, the namespace workqueue cleaning up deleted namespaces). Issue 10's goal: netns.add ≤ 1 ms.",
  )
  del.notes.push(
    delCpu.note('per namespace', [['nlwire', 'nlwire'], ['floor', 'C floor']], ['nlwire', 'floor']),
    "umount2 waits for an RCU grace period (synchronize_rcu_expedited in namespace_unlock): its wall time depends on what the other CPUs are doing, the CPU time does not.",
  )
  addCpu.toRow(add, { nlwire: 'nlwire', floor: 'floor' })
  delCpu.toRow(del, { nlwire: 'nlwire', floor: 'floor' })
  rows.push(add, del)

  ctx.log('  netns: ip -n loop')
  // --- a shell loop of ip -n --------------------------------------------------------------
  const loops = q ? 10 : 50
  const names = Array.from({ length: loops }, () => ctx.scratch.add('l'))
  const lo = newRow('netns-lo-up', `set lo up in each of ${loops} namespaces`, 'per namespace')
  lo.what.iproute2 = 'a shell loop of `ip -n NS link set lo up`'
  lo.what.pyroute2 = 'NetNS(NS).link("set", index=1, state="up"), close'
  lo.what.nlwire = 'open({ netns: NS }), link.set("lo", { up: true }), close'
  notApplicable(lo, 'floor', 'no floor for a whole command')
  notApplicable(lo, 'netlink-npm', 'no namespace support')
  if (!pyRoot) lo.status.pyroute2 = `skipped (${ctx.pySkip})`
  await runRounds(
    ctx,
    lo,
    ['iproute2', 'pyroute2', 'nlwire'],
    ctx.cfg.rounds,
    async (peer: PeerId) => {
      if (peer === 'iproute2') {
        const t0 = process.hrtime.bigint()
        const r = spawnSync('sh', ['-c', 'for ns in "$@"; do ip -n "$ns" link set lo up || exit 1; done', 'sh', ...names], { stdio: 'ignore', timeout: 120_000 })
        if (r.status !== 0) throw new Error('ip -n loop failed')
        return Number(process.hrtime.bigint() - t0) / loops
      }
      if (peer === 'pyroute2') return (await pyRoot!.call<{ ns: number }>('netnsLoUp', { names }, 300_000)).ns
      return (await probe(ctx, { op: 'loUp', names })).ns!
    },
    { warmup: false },
  )
  lo.notes.push('nlwire: one process for the whole loop (its start-up not counted), as pyroute2; the shell loop pays one ip process per namespace.')
  rows.push(lo)

  ctx.log('  netns: many handles')
  // --- many handles -------------------------------------------------------------------------
  const many = q ? 200 : 1000
  const relayMany = q ? 5 : 10
  const handles = newRow('netns-handles', `${many} namespaces, each with an open handle`, 'per handle opened')
  for (const p of ['floor', 'iproute2', 'netlink-npm', 'pyroute2'] as const) notApplicable(handles, p, 'nlwire only: see the notes')
  const h = await probe(ctx, { op: 'handles', prefix: `${ctx.scratch.prefix}h`, n: many }).catch((e: unknown) => ({ error: String(e) }) as ProbeResult)
  const hr = await probe(ctx, { op: 'handles', prefix: `${ctx.scratch.prefix}hr`, n: relayMany }, true).catch((e: unknown) => ({ error: String(e) }) as ProbeResult)
  if (h.error === undefined && h.openNs !== undefined) {
    handles.samples.nlwire = [h.openNs]
    handles.notes.push(
      `In-process path: ${many} handles grew RSS by ${(h.rssGrowth! / MB).toFixed(1)} MB (${((h.rssGrowth! / many) / 1024).toFixed(1)} KiB each), ${h.fds} more fds (${(h.fds! / many).toFixed(2)} per handle), ${h.children} child processes. Issue 10's goal: ≤ 100 MB for 1000, no child.`,
    )
  } else handles.status.nlwire = `failed: ${h.error}`
  if (hr.error === undefined && hr.openNs !== undefined) {
    handles.notes.push(
      `Relay path (NLWIRE_NETNS=relay), ${relayMany} handles: RSS of this process ${signedMB(hr.rssGrowth!)}, ${hr.children} child processes (each a Node relay of its own, not counted in that RSS), ${(hr.openNs / 1e6).toFixed(1)} ms per open.`,
    )
  }
  rows.push(handles)

  ctx.log('  netns: requests in a named namespace')
  // --- requests in a named namespace --------------------------------------------------------
  // One probe process per round, started inside the work namespace: it holds the handle made
  // through open({ netns }), one made by open() (the current namespace: the same namespace, the
  // ordinary way) and the floor's raw socket there, and times them one operation at a time,
  // interleaved, after a warm-up (the JIT compiles the codecs and the client; the floor's
  // prebuilt bytes need none). Same process, same socket options path, same bytes on the wire.
  const pairs = q ? 20 : 50
  const createArgs = { op: 'requests', what: 'create', ns: ctx.workNs, n: pairs, subRounds: q ? 3 : 7, warm: q ? 100 : 300, prefix: 'nq' }
  const create = newRow('netns-create', `create veth pairs one by one through open({ netns }) (in-process), ${createArgs.subRounds * pairs} per peer and round, interleaved`, 'per pair')
  create.what.floor = 'prebuilt bytes (iproute2\'s) on a raw socket in that namespace, in the same process'
  create.what.nlwire = 'link.add({ kind: "veth" }) through open({ netns })'
  for (const p of ['iproute2', 'netlink-npm', 'pyroute2'] as const) notApplicable(create, p, 'see the create rows')
  const createCpu = new CpuLog()
  const createCurrent: number[] = []
  const createPaired: { ns: number; cpu: number }[] = []
  const createPairedCurrent: { ns: number; cpu: number }[] = []
  for (let round = 0; round < ctx.cfg.rounds; round++) {
    try {
      const r = await probe(ctx, createArgs, false, ctx.workNs)
      setSample(create, 'floor', ctx.cfg.rounds, round, r.floor!.ns)
      setSample(create, 'nlwire', ctx.cfg.rounds, round, r.named!.ns)
      createCpu.add('floor', r.floor)
      createCpu.add('nlwire', r.named)
      createCpu.add('current', r.current)
      createCurrent.push(r.current!.ns)
      if (r.namedOver_floor) createPaired.push(r.namedOver_floor)
      if (r.namedOver_current) createPairedCurrent.push(r.namedOver_current)
    } catch (e) {
      create.status.nlwire = `failed: ${(e instanceof Error ? e.message : String(e)).slice(0, 160)}`
      delete create.samples.nlwire
      break
    }
  }
  create.notes.push(
    `Each peer's cell is its median pair; the three peers take turns pair by pair (order rotated), so the load the machine is under is the same for all three. nlwire through open() in the current namespace (same process): ${createCurrent.length > 0 ? formatDuration(median(createCurrent)) : 'n/a'} per pair. Issue 10's goal: ≤ 1.10× the floor.`,
    pairedNote('named ÷ floor', createPaired) + ' ' + pairedNote('named ÷ current', createPairedCurrent),
    createCpu.note('per pair', [['nlwire', 'nlwire (named)'], ['current', 'nlwire (current)'], ['floor', 'floor']], ['nlwire', 'floor']),
    "named ÷ current is what the named namespace costs a request (nothing: the socket is an ordinary one once made); named ÷ floor is nlwire's own work per request (option checks, encoding, the client), the same in the current namespace (the create rows of issue 6).",
    'Per request the two sockets make the same system calls (strace -c: one sendmsg, one recvmsg with data, one recvmsg EAGAIN per pair; NETLINK_EXT_ACK leaves a success ack at 36 bytes); veth creation itself is kernel CPU time on the sending thread.',
  )
  const relayCreate = await probe(ctx, { ...createArgs, subRounds: 1, warm: 10, n: Math.min(pairs, 20) }, true, ctx.workNs).catch((e: unknown) => ({ error: String(e) }) as ProbeResult)
  create.notes.push(
    relayCreate.error === undefined && relayCreate.named !== undefined
      ? `Relay path (NLWIRE_NETNS=relay), the same interleaving, ${Math.min(pairs, 20)} pairs: named ${formatDuration(relayCreate.named.ns)}, current ${formatDuration(relayCreate.current!.ns)}, floor ${formatDuration(relayCreate.floor!.ns)} per pair (named ÷ floor ${relayCreate.namedOver_floor!.ns.toFixed(2)}×).`
      : `Relay path (NLWIRE_NETNS=relay): failed: ${relayCreate.error}`,
  )
  createCpu.toRow(create, { nlwire: 'nlwire', floor: 'floor' })
  rows.push(create)

  const calls = q ? 200 : 500
  const [[dev]] = [vethPairs('ns', 1)]
  await ctx.node.call('setup', { prefix: 'ns', n: 1 }, 60_000)
  const setArgs = { op: 'requests', what: 'set', ns: ctx.workNs, name: dev![0], n: calls, subRounds: q ? 3 : 7, warm: q ? 500 : 1000, prefix: 'nq' }
  const set = newRow('netns-link-set', `link.set(name, { mtu }): named namespace (nlwire) vs the current namespace (floor column), ${setArgs.subRounds * calls} calls each per round, interleaved`, 'per call')
  set.what.floor = 'nlwire\'s link.set through open() (the current namespace), in the same process'
  set.what.nlwire = 'link.set through open({ netns }) (in-process path)'
  for (const p of ['iproute2', 'netlink-npm', 'pyroute2'] as const) notApplicable(set, p, 'nlwire against itself')
  const setCpu = new CpuLog()
  const setPaired: { ns: number; cpu: number }[] = []
  for (let round = 0; round < ctx.cfg.rounds; round++) {
    try {
      const r = await probe(ctx, setArgs, false, ctx.workNs)
      if (r.namedOver_current) setPaired.push(r.namedOver_current)
      setSample(set, 'floor', ctx.cfg.rounds, round, r.current!.ns)
      setSample(set, 'nlwire', ctx.cfg.rounds, round, r.named!.ns)
      setCpu.add('floor', r.current)
      setCpu.add('nlwire', r.named)
    } catch (e) {
      set.status.nlwire = `failed: ${(e instanceof Error ? e.message : String(e)).slice(0, 160)}`
      delete set.samples.nlwire
      break
    }
  }
  const relaySet = await probe(ctx, { ...setArgs, subRounds: 1, warm: 50, n: Math.min(calls, 100) }, true, ctx.workNs).catch(() => undefined)
  set.notes.push(
    "Here the 'floor' column is nlwire in the current namespace: the ratio is what a named namespace costs a request. link.set by name is two round trips (RTM_GETLINK for the index, then RTM_NEWLINK), in both columns. The two handles take turns call by call (order rotated); each cell is the median call. Issue 10's goal: ≤ 1.15×.",
    pairedNote('named ÷ current', setPaired),
    setCpu.note('per call', [['nlwire', 'named'], ['floor', 'current']], ['nlwire', 'floor']),
    `Relay path (NLWIRE_NETNS=relay): ${relaySet?.named !== undefined ? formatDuration(relaySet.named.ns) : 'n/a'} per call (current namespace in the same process: ${relaySet?.current !== undefined ? formatDuration(relaySet.current.ns) : 'n/a'}).`,
  )
  await ctx.node.call('cleanup', {}, 300_000)
  setCpu.toRow(set, { nlwire: 'nlwire', floor: 'floor' })
  rows.push(set)
  for (const nm of [...names, target]) ctx.scratch.del(nm)
  return rows
}
