// Tearing veths down: one pair at a time (each delete waits out the kernel's RCU grace period),
// the 500 pairs one by one, with one group delete (IFLA_GROUP), and by deleting the
// namespace that holds one end of each pair.
import { spawn } from 'node:child_process'
import { writeFileSync, rmSync, mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as nlwire from '../nlwire-adapter.js'
import { vethPairs } from '../names.js'
import { IP_BATCH_NOTE, ipBatch } from '../peers/iproute2.js'
import { type Ctx, type PeerId, type Row, type Workload, NOT_WIRED, newRow, notApplicable, runRounds, PEERS } from './types.js'

const GROUP = 4242
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

async function setup(ctx: Ctx, prefix: string, n: number, group?: number): Promise<void> {
  await ctx.node.call('setup', group === undefined ? { prefix, n } : { prefix, n, group }, 300_000)
}

async function assertEmpty(ctx: Ctx): Promise<void> {
  const { count } = await ctx.node.call<{ count: number }>('count', {})
  if (count !== 1) throw new Error(`teardown left ${count - 1} links behind`)
}

async function deleteOnePair(ctx: Ctx): Promise<Row> {
  const k = ctx.cfg.sizes.deleteOnePairs
  const row = newRow('delete-one', `delete one veth pair (${k} deleted one by one, each acked)`, 'per pair')
  if (!ctx.py) row.status.pyroute2 = `skipped (${ctx.pySkip})`
  const names = vethPairs('d', k).map(([a]) => a)
  await runRounds(
    ctx,
    row,
    PEERS,
    ctx.cfg.rounds,
    async (peer) => {
      await setup(ctx, 'd', k)
      let ns: number
      if (peer === 'iproute2') ns = await ipBatch(ctx, names.map((n) => `link del ${n}`))
      else if (peer === 'pyroute2') ns = (await ctx.py!.call<{ ns: number }>('deleteLinks', { names }, 300_000)).ns
      else ns = (await ctx.node.call<{ ns: number }>('deleteLinks', { peer, names }, 300_000)).ns
      await assertEmpty(ctx)
      return ns / k
    },
    { warmup: false, after: async () => void (await ctx.node.call('cleanup', {}, 300_000)) },
  )
  row.notes.push('Each pair deleted through its first end by name (`ip link del NAME`); the kernel removes the peer with it.', IP_BATCH_NOTE)
  return row
}

async function teardownOneByOne(ctx: Ctx): Promise<Row> {
  const n = ctx.cfg.sizes.teardownPairs
  const rounds = Math.min(ctx.cfg.rounds, ctx.cfg.sizes.teardownOneByOneRounds)
  const row = newRow('teardown-one-by-one', `delete ${n} veth pairs one by one`, `total for ${n} pairs`)
  for (const p of ['iproute2', 'netlink-npm', 'pyroute2'] as const) notApplicable(row, p, 'per-pair cost is the row above')
  const names = vethPairs('t', n).map(([a]) => a)
  await runRounds(
    ctx,
    row,
    ['floor', 'nlwire'],
    rounds,
    async (peer) => {
      await setup(ctx, 't', n)
      const { ns } = await ctx.node.call<{ ns: number }>('deleteLinks', { peer, names }, 600_000)
      await assertEmpty(ctx)
      return ns
    },
    { warmup: false, after: async () => void (await ctx.node.call('cleanup', {}, 300_000)) },
  )
  row.notes.push(`${rounds} rounds (each ≈ ${n} × the kernel's per-unregister RCU wait). The baseline for the issue's "30× faster than one by one" goal.`)
  return row
}

async function teardownGroup(ctx: Ctx): Promise<Row> {
  const n = ctx.cfg.sizes.teardownPairs
  const row = newRow('teardown-group', `delete ${n} veth pairs with one group delete`, `total for ${n} pairs`)
  if (!ctx.py) row.status.pyroute2 = `skipped (${ctx.pySkip})`
  row.what.iproute2 = `ip link del group ${GROUP}`
  await runRounds(
    ctx,
    row,
    PEERS,
    ctx.cfg.rounds,
    async (peer) => {
      await setup(ctx, 'g', n, GROUP)
      let ns: number
      if (peer === 'iproute2') ns = await ipBatch(ctx, [`link del group ${GROUP}`])
      else if (peer === 'pyroute2') ns = (await ctx.py!.call<{ ns: number }>('deleteGroup', { group: GROUP }, 300_000)).ns
      else ns = (await ctx.node.call<{ ns: number }>('deleteGroup', { peer, group: GROUP }, 300_000)).ns
      await assertEmpty(ctx)
      return ns
    },
    { warmup: false, after: async () => void (await ctx.node.call('cleanup', {}, 300_000)) },
  )
  row.notes.push(
    `Pairs created with IFLA_GROUP ${GROUP} on their first end; one RTM_DELLINK {ifi_index 0, IFLA_GROUP ${GROUP}}, timed until its ack.`,
    'netlink npm: rt.delLink({}, { group }); pyroute2: IPRoute.link("del", group=…).',
  )
  return row
}

function runIp(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn('ip', args, { stdio: ['ignore', 'ignore', 'pipe'] })
    let err = ''
    p.stderr!.on('data', (d: Buffer) => (err += d.toString()))
    const timer = setTimeout(() => p.kill('SIGKILL'), 300_000)
    p.on('error', reject)
    p.on('exit', (code) => {
      clearTimeout(timer)
      code === 0 ? resolve() : reject(new Error(`ip ${args.join(' ')}: ${code} ${err.trim()}`))
    })
  })
}

/** Try nlwire.deleteNamespace on an empty scratch namespace first: no 500-pair set-up to learn it is not wired. */
async function probeNlwireDeleteNamespace(ctx: Ctx, row: Row): Promise<void> {
  const ns = ctx.scratch.add('probe')
  try {
    await nlwire.deleteNamespace(ns)
    ctx.scratch.forget(ns)
  } catch (err) {
    ctx.scratch.del(ns)
    if (nlwire.isNotWired(err)) row.status.nlwire = NOT_WIRED
    else row.status.nlwire = `failed: ${err instanceof Error ? err.message : String(err)}`
  }
}

async function teardownNetns(ctx: Ctx): Promise<Row> {
  const n = ctx.cfg.sizes.teardownPairs
  const row = newRow('teardown-netns', `delete ${n} veth pairs by deleting their namespace`, `total for ${n} pairs`)
  notApplicable(row, 'floor', 'a namespace is deleted by umount + unlink, not by a netlink request')
  notApplicable(row, 'netlink-npm', 'no namespace API')
  if (!ctx.py) row.status.pyroute2 = `skipped (${ctx.pySkip})`
  row.what.iproute2 = 'ip -batch: netns del NAME'
  row.what.pyroute2 = 'pyroute2.netns.remove(NAME)'
  await probeNlwireDeleteNamespace(ctx, row)
  const dir = mkdtempSync(join(tmpdir(), 'nlwb-'))
  try {
    await runRounds(
      ctx,
      row,
      ['iproute2', 'pyroute2', 'nlwire'],
      ctx.cfg.rounds,
      async (peer) => {
        const victim = ctx.scratch.add('del')
        let deleted = false
        try {
          // One end (x…a) in the victim namespace, the peer end (x…b) in the work namespace.
          const file = join(dir, 'setup')
          writeFileSync(file, vethPairs('x', n).map(([a, b]) => `link add ${b} type veth peer name ${a} netns ${victim}`).join('\n') + '\n')
          await runIp(['-n', ctx.workNs, '-batch', file])
          const { count } = await ctx.node.call<{ count: number }>('count', { prefix: 'x' })
          if (count !== n) throw new Error(`set-up made ${count} of ${n} pairs`)
          const gone = ctx.node.call<{ tEnd: string }>('waitGone', { prefix: 'x', pollMs: 2, timeoutMs: 120_000 }, 150_000)
          gone.catch(() => {}) // awaited below on success; on failure the finally block waits instead
          await sleep(30) // let the watcher start polling before the clock starts
          let t0: bigint
          if (peer === 'iproute2') {
            const delFile = join(dir, 'del')
            writeFileSync(delFile, `netns del ${victim}\n`)
            const emptyFile = join(dir, 'empty')
            writeFileSync(emptyFile, '')
            // Same rule as every ip -batch row: start the clock after ip's own start-up, measured
            // as an empty batch just before.
            const e0 = process.hrtime.bigint()
            await runIp(['-batch', emptyFile])
            const empty = process.hrtime.bigint() - e0
            t0 = process.hrtime.bigint() + empty
            await runIp(['-batch', delFile])
          } else if (peer === 'pyroute2') {
            const py = await ctx.pyRoot()
            if (!py) throw new Error('pyroute2 not available')
            t0 = BigInt((await py.call<{ t0: string }>('netnsRemove', { name: victim })).t0)
          } else {
            t0 = process.hrtime.bigint()
            await nlwire.deleteNamespace(victim)
          }
          deleted = true
          ctx.scratch.forget(victim)
          const { tEnd } = await gone
          return Number(BigInt(tEnd) - t0)
        } finally {
          if (!deleted) {
            ctx.scratch.del(victim)
            // A failed peer leaves the watcher waiting; wait for it to see the links go.
            await ctx.node.call('waitGone', { prefix: 'x', pollMs: 10, timeoutMs: 120_000 }, 150_000).catch(() => {})
          }
        }
      },
      { warmup: false },
    )
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  row.notes.push(
    `Each pair has one end in the namespace being deleted and its peer in the bench's work namespace; the clock runs from the delete call until a link dump in the work namespace (every 2 ms) finds none of the ${n} peers left — the kernel tears a namespace down asynchronously, after the delete call has returned.`,
  )
  return row
}

export const teardown: Workload = {
  name: 'teardown',
  describe: 'delete one pair; delete 500 pairs one by one, by group, by deleting the namespace',
  async run(ctx: Ctx): Promise<Row[]> {
    const rows: Row[] = []
    rows.push(await deleteOnePair(ctx))
    rows.push(await teardownOneByOne(ctx))
    rows.push(await teardownGroup(ctx))
    rows.push(await teardownNetns(ctx))
    return rows
  },
}

export type { PeerId }
