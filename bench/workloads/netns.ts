// Namespaces (issue 10): opening a handle in a named namespace, adding and deleting namespaces,
// holding many handles, and what requests cost through a handle in a named namespace against the
// same in the current namespace and against the floor there. nlwire runs in fresh processes of
// bench/netns-probe.ts (root namespace), once on the in-process path (setns through koffi) and
// once with NLWIRE_NETNS=relay (a relay process per socket, util-linux for add/del).
import { spawn, spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { vethPairs } from '../names.js'
import { type Ctx, type PeerId, type Row, type Workload, newRow, notApplicable, runRounds } from './types.js'

interface ProbeResult {
  error?: string
  mechanism?: { mechanism: string; reason: string }
  ns?: number
  add?: number
  del?: number
  openNs?: number
  rssGrowth?: number
  fds?: number
  children?: number
  n?: number
}

function probe(ctx: Ctx, args: Record<string, unknown>, relay = false): Promise<ProbeResult> {
  const script = join(ctx.repoRoot, 'bench', 'netns-probe.ts')
  const env = { ...process.env, NLWIRE_NETNS: relay ? 'relay' : '' }
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--expose-gc', '--import', 'tsx', script, JSON.stringify(args)], { env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 600_000, killSignal: 'SIGKILL' })
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

const MB = 1024 * 1024

export const netnsRows: Workload = {
  name: 'netns',
  describe: 'open({ netns }), netns.add/del, many handles, requests in a named namespace (in-process and relay paths)',
  async run(ctx: Ctx): Promise<Row[]> {
    const q = ctx.cfg.quick
    const rows: Row[] = []
    const target = ctx.scratch.add('o')
    const opens = q ? 200 : 1000
    const relayOpens = q ? 5 : 20

    // --- open({ netns }) ---------------------------------------------------------------------
    const open = newRow('netns-open', 'open({ netns }) + close, in-process path', 'per open')
    open.what.floor = 'open ns file + own, setns, RawNetlinkSocket, setns back, close (koffi, no client)'
    notApplicable(open, 'iproute2', 'ip has no handle to open: a command per namespace (netns-lo-up row)')
    notApplicable(open, 'netlink-npm', 'no namespace support')
    const pyRoot = await ctx.pyRoot()
    if (!pyRoot) open.status.pyroute2 = `skipped (${ctx.pySkip})`
    open.what.pyroute2 = 'NetNS(name) + close (pyroute2 forks a helper process per handle)'
    await runRounds(
      ctx,
      open,
      ['floor', 'pyroute2', 'nlwire'],
      ctx.cfg.rounds,
      async (peer: PeerId) => {
        if (peer === 'floor') return (await probe(ctx, { op: 'floorOpen', ns: target, n: opens })).ns!
        if (peer === 'pyroute2') return (await pyRoot!.call<{ ns: number }>('netnsOpen', { name: target, n: relayOpens }, 300_000)).ns
        return (await probe(ctx, { op: 'open', ns: target, n: opens })).ns!
      },
      { warmup: false },
    )
    open.notes.push(`${opens} opens per sample (pyroute2: ${relayOpens}); the floor is the setns window alone, in the same process kind; issue 10's goal: ≤ 0.2 ms.`)
    rows.push(open)

    const openRelay = newRow('netns-open-relay', 'open({ netns }) + close, relay path (NLWIRE_NETNS=relay)', 'per open')
    for (const p of ['floor', 'iproute2', 'netlink-npm', 'pyroute2'] as const) notApplicable(openRelay, p, 'see the in-process row')
    await runRounds(ctx, openRelay, ['nlwire'], ctx.cfg.rounds, async () => (await probe(ctx, { op: 'open', ns: target, n: relayOpens }, true)).ns!, { warmup: false })
    openRelay.notes.push(`${relayOpens} opens per sample: each starts a relay child through nsenter.`)
    rows.push(openRelay)

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
    const relayAdd: number[] = []
    const relayDel: number[] = []
    for (let round = 0; round < ctx.cfg.rounds; round++) {
      const prefix = `${ctx.scratch.prefix}a${round}`
      const order: PeerId[] = ['iproute2', 'pyroute2', 'nlwire']
      for (const peer of order.map((_, i) => order[(i + round) % order.length]!)) {
        try {
          let a = 0
          let d = 0
          if (peer === 'iproute2') {
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
            a = r.add!
            d = r.del!
          }
          ;((add.samples[peer] ??= new Array(ctx.cfg.rounds).fill(undefined)) as (number | undefined)[])[round] = a
          ;((del.samples[peer] ??= new Array(ctx.cfg.rounds).fill(undefined)) as (number | undefined)[])[round] = d
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
        relayAdd.push(r.add!)
        relayDel.push(r.del!)
      }
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
    const ms = (v: number | undefined) => (v === undefined ? 'n/a' : `${(v / 1e6).toFixed(2)} ms`)
    add.notes.push(
      `nlwire relay path (NLWIRE_NETNS=relay: util-linux unshare/mount as subprocesses): add ${ms(med(relayAdd))}, del ${ms(med(relayDel))} per namespace (median of ${relayAdd.length} rounds of ${Math.min(n, 10)}).`,
      'Most of an add is the kernel creating the namespace (unshare(CLONE_NEWNET)); ip netns add also pays a process start. Issue 10\'s goal: netns.add ≤ 1 ms.',
    )
    rows.push(add, del)

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
        `Relay path (NLWIRE_NETNS=relay), ${relayMany} handles: RSS of this process +${(hr.rssGrowth! / MB).toFixed(1)} MB, ${hr.children} child processes (each a Node relay of its own), ${(hr.openNs / 1e6).toFixed(1)} ms per open.`,
      )
    }
    rows.push(handles)

    // --- requests in a named namespace --------------------------------------------------------
    const pairs = q ? 20 : 100
    const create = newRow('netns-create', `create ${pairs} veth pairs one by one through open({ netns }) (in-process)`, 'per pair')
    create.what.floor = 'prebuilt bytes on a raw socket in that namespace (bench child)'
    for (const p of ['iproute2', 'netlink-npm', 'pyroute2'] as const) notApplicable(create, p, 'see the create rows')
    await runRounds(
      ctx,
      create,
      ['floor', 'nlwire'],
      ctx.cfg.rounds,
      async (peer: PeerId) => {
        if (peer === 'floor') return (await ctx.node.call<{ ns: number }>('create', { peer: 'floor', prefix: 'nc', n: pairs, mode: 'one-by-one' }, 300_000)).ns / pairs
        return (await probe(ctx, { op: 'create', ns: ctx.workNs, prefix: 'nn', n: pairs })).ns!
      },
      { warmup: false, after: async () => void (await ctx.node.call('cleanup', {}, 300_000)) },
    )
    create.notes.push("nlwire's handle is opened in the root namespace on the bench's scratch namespace; the floor's socket lives there. Issue 10's goal: ≤ 1.10× the floor.")
    rows.push(create)

    const calls = q ? 200 : 1000
    const [[dev]] = [vethPairs('ns', 1)]
    await ctx.node.call('setup', { prefix: 'ns', n: 1 }, 60_000)
    const set = newRow('netns-link-set', `link.set(name, { mtu }) ${calls} times: named namespace (nlwire) vs the current namespace (floor column)`, 'per call')
    set.what.floor = "nlwire's own link.set from a process inside that namespace (open())"
    set.what.nlwire = 'link.set through open({ netns }) from the root namespace (in-process path)'
    for (const p of ['iproute2', 'netlink-npm', 'pyroute2'] as const) notApplicable(set, p, 'nlwire against itself')
    await runRounds(
      ctx,
      set,
      ['floor', 'nlwire'],
      ctx.cfg.rounds,
      async (peer: PeerId) => {
        if (peer === 'floor') return (await ctx.node.call<{ ns: number }>('linkSetMtu', { name: dev![0], n: calls }, 300_000)).ns
        return (await probe(ctx, { op: 'linkSet', ns: ctx.workNs, name: dev![0], n: calls })).ns!
      },
      { warmup: false },
    )
    const relaySet = await probe(ctx, { op: 'linkSet', ns: ctx.workNs, name: dev![0], n: Math.min(calls, 200) }, true).catch(() => undefined)
    set.notes.push(
      "Here the 'floor' column is nlwire in the current namespace: the ratio is what a named namespace costs a request. Issue 10's goal: ≤ 1.15×.",
      `Relay path (NLWIRE_NETNS=relay): ${relaySet?.ns !== undefined ? `${(relaySet.ns / 1000).toFixed(0)} µs` : 'n/a'} per call.`,
    )
    await ctx.node.call('cleanup', {}, 300_000)
    rows.push(set)
    for (const nm of [...names, target]) ctx.scratch.del(nm)
    return rows
  },
}
