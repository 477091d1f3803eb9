// Topologies: a star of N namespaces on one bridge (S5 with N ports) and S7 with M namespaces
// (Open vSwitch internal ports), brought up and torn down by `topology.up` / `topology.down`
// against a bash script of `ip` (and ovs-vsctl) commands that builds the same state, plus the
// no-op up (a second up on a machine that already matches). Everything in scratch namespaces:
// a scratch host (--host) and a prefix under this bench run's own (stale ones are swept).
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import * as topology from '../../src/topology/index.js'
import type { TopologySpec } from '../../src/topology/spec.js'
import { ovsSkipReason, startOvsSandbox, type OvsSandbox } from '../../test/helpers/ovs-sandbox.js'
import { median } from '../stats.js'
import { threadCpuNs, threadCpuSource } from '../thread-cpu.js'
import { type Ctx, type PeerId, type Row, type Workload, newRow, notApplicable } from './types.js'

const OTHERS: readonly PeerId[] = ['floor', 'netlink-npm', 'pyroute2']

/** S5 with `n` ports: br-test01 in the host, tapK in nsK with 10.88.x.y/16 and a default route. */
export function starSpec(n: number): TopologySpec {
  const ip = (k: number) => `10.88.${Math.floor(k / 250)}.${(k % 250) + 2}`
  const host: Record<string, object> = { 'br-test01': { kind: 'bridge', bridge: { stpState: 0 }, up: true, addresses: ['10.88.255.1/16'] } }
  const nodes: Record<string, object> = { host: { interfaces: host } }
  const cables: [string, string][] = []
  for (let k = 1; k <= n; k++) {
    host[`br-tap${k}`] = { master: 'br-test01', up: true }
    nodes[`ns${k}`] = { interfaces: { [`tap${k}`]: { up: true, addresses: [`${ip(k)}/16`] } }, routes: [{ dst: 'default', via: '10.88.255.1' }] }
    cables.push([`ns${k}:tap${k}`, `host:br-tap${k}`])
  }
  return { name: `star${n}`, nodes, cables } as TopologySpec
}

function starScript(n: number, prefix: string, host: string): string {
  const ip = (k: number) => `10.88.${Math.floor(k / 250)}.${(k % 250) + 2}`
  const lines = ['set -e', `H=${host}`, 'ip -n $H link add br-test01 type bridge stp_state 0', 'ip -n $H link set br-test01 up', 'ip -n $H addr add 10.88.255.1/16 dev br-test01']
  for (let k = 1; k <= n; k++) {
    const ns = `${prefix}ns${k}`
    lines.push(
      `ip netns add ${ns}`,
      `ip -n $H link add br-tap${k} type veth peer name tap${k} netns ${ns}`,
      `ip -n $H link set br-tap${k} master br-test01 up`,
      `ip -n ${ns} link set tap${k} up`,
      `ip -n ${ns} addr add ${ip(k)}/16 dev tap${k}`,
      `ip -n ${ns} route add default via 10.88.255.1`,
    )
  }
  return lines.join('\n')
}

function starTeardown(n: number, prefix: string, host: string): string {
  const lines = ['set -e', `ip -n ${host} link del br-test01`]
  for (let k = 1; k <= n; k++) lines.push(`ip -n ${host} link del br-tap${k}`, `ip netns del ${prefix}ns${k}`)
  return lines.join('\n')
}

/** S7 with `m` internal ports, each moved into its own namespace. */
export function s7Spec(m: number): TopologySpec {
  const host: Record<string, object> = { 'ovs-test2': { kind: 'ovs-bridge', ovs: { datapathType: 'netdev' }, up: true, addresses: ['192.168.90.1/24'] } }
  const nodes: Record<string, object> = { host: { interfaces: host } }
  for (let k = 1; k <= m; k++) nodes[`ovsns${k}`] = { interfaces: { [`veth${k}`]: { kind: 'ovs-internal', switch: 'ovs-test2', up: true, addresses: [`192.168.90.${k + 2}/24`] } } }
  return { name: `s7x${m}`, nodes } as TopologySpec
}

function s7Script(m: number, prefix: string, sb: OvsSandbox): string {
  const vsctl = `ovs-vsctl --db=unix:${sb.socket}`
  const lines = ['set -e', `H=${sb.netns}`, `${vsctl} add-br ovs-test2 -- set Bridge ovs-test2 datapath_type=netdev`, 'ip -n $H link set ovs-test2 up', 'ip -n $H addr add 192.168.90.1/24 dev ovs-test2']
  for (let k = 1; k <= m; k++) {
    const ns = `${prefix}ovsns${k}`
    lines.push(`ip netns add ${ns}`, `${vsctl} add-port ovs-test2 veth${k} -- set Interface veth${k} type=internal`, `ip -n $H link set veth${k} netns ${ns}`, `ip -n ${ns} link set veth${k} up`, `ip -n ${ns} addr add 192.168.90.${k + 2}/24 dev veth${k}`)
  }
  return lines.join('\n')
}

function s7Teardown(m: number, prefix: string, sb: OvsSandbox): string {
  const lines = ['set -e', `ovs-vsctl --db=unix:${sb.socket} del-br ovs-test2`]
  for (let k = 1; k <= m; k++) lines.push(`ip netns del ${prefix}ovsns${k}`)
  return lines.join('\n')
}

function bash(script: string, env: NodeJS.ProcessEnv = {}): number {
  const t0 = process.hrtime.bigint()
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', timeout: 600_000, env: { ...process.env, ...env } })
  const ns = Number(process.hrtime.bigint() - t0)
  if (r.status !== 0) throw new Error(`bash script failed: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`)
  return ns
}

/**
 * A pause before each timed up: deleting namespaces returns before the kernel has torn them down
 * (cleanup_net runs later on a kernel worker, taking the RTNL), so an up started right after the
 * previous teardown (the other peer's, or its own) would share the machine with it.
 */
const SETTLE_MS = 500
function settle(): Promise<void> {
  return new Promise((r) => setTimeout(r, SETTLE_MS))
}

/** Wall time of fn (ns); its main-thread CPU time (ns) goes on `cpu` when given. */
async function timed(fn: () => Promise<unknown>, cpu?: number[]): Promise<number> {
  const c0 = threadCpuNs()
  const t0 = process.hrtime.bigint()
  await fn()
  const ns = Number(process.hrtime.bigint() - t0)
  cpu?.push(threadCpuNs() - c0)
  return ns
}

function sweep(prefix: string): void {
  for (const n of readdirSync('/run/netns')) if (n.startsWith(prefix)) spawnSync('ip', ['netns', 'del', n], { timeout: 30_000 })
}

/** Only lo (and OVS's own device) left in the host, and no namespace with the prefix. */
function assertClean(host: string, prefix: string): void {
  const left = readdirSync('/run/netns').filter((n) => n.startsWith(prefix))
  const links = spawnSync('ip', ['-n', host, '-o', 'link'], { encoding: 'utf8' }).stdout.split('\n').filter((l) => l && !/: (lo|ovs-netdev):/.test(l))
  if (left.length || links.length) throw new Error(`teardown left ${left.length} namespaces and ${links.length} links behind`)
}

/** No-op ups timed per round (their median is the round's sample). */
const NOOPS = 5

interface Triple {
  up: Row
  noop: Row
  down: Row
  /** nlwire's main-thread CPU time per sample (ns), by row: the work itself, whatever else the machine runs. */
  cpu: Map<Row, number[]>
  /** The no-op up as a person runs it: `nlwire up FILE` in a new process (the built CLI). */
  cli?: CliNoop
}

interface CliNoop {
  row: Row
  /** argv of the no-op `nlwire up FILE ...`, and of Node's own start-up (the floor column). */
  argv: string[]
  floor: string[]
  /** The work's own time inside the CLI (its --json "ms"), one per round. */
  inside: number[]
}

/** NODE_EXTRA_CA_CERTS (set on these machines) makes every Node start read a CA bundle: not part of anyone's start-up. */
function startupEnv(): NodeJS.ProcessEnv {
  const env = { ...process.env }
  delete env.NODE_EXTRA_CA_CERTS
  return env
}

/** Wall time of one run of argv (ns) and its stdout; throws when it fails. */
function run(argv: string[]): { ns: number; stdout: string } {
  const t0 = process.hrtime.bigint()
  const r = spawnSync(argv[0]!, argv.slice(1), { encoding: 'utf8', timeout: 120_000, env: startupEnv() })
  const ns = Number(process.hrtime.bigint() - t0)
  if (r.status !== 0) throw new Error(`${argv.slice(1, 3).join(' ')} exited ${r.status}: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' | ')}`)
  return { ns, stdout: r.stdout }
}

function cliNoop(ctx: Ctx, id: string, what: string, file: string, where: string[]): CliNoop {
  const cli = join(ctx.repoRoot, 'dist', 'bundle', 'cli.js')
  const row = newRow(`${id}-noop-cli`, `nlwire up again (no change), the CLI: ${what}`, 'per run')
  for (const p of ['netlink-npm', 'pyroute2'] as const) notApplicable(row, p, 'not a topology tool')
  notApplicable(row, 'iproute2', 'a script has no no-op: run twice it fails on EEXIST')
  row.what.floor = "node, empty script (Node's own start-up)"
  row.what.nlwire = '`nlwire up FILE --prefix P --host H --json`, machine already matching (dist/bundle/cli.js)'
  row.samples.floor = []
  row.samples.nlwire = []
  if (!existsSync(cli)) for (const p of ['floor', 'nlwire'] as const) notApplicable(row, p, 'the CLI is not built (npm run build)')
  return { row, argv: [process.execPath, cli, 'up', file, ...where, '--json'], floor: [process.execPath, join(ctx.repoRoot, 'bench', 'startup', 'node-empty.mjs')], inside: [] }
}

function rows(id: string, what: string, scriptWhat: string): Triple {
  const up = newRow(`${id}-up`, `topology up: ${what}`, 'total')
  const noop = newRow(`${id}-noop`, `topology up again (no change): ${what}`, 'total')
  const down = newRow(`${id}-down`, `topology down: ${what}`, 'total')
  for (const r of [up, noop, down]) for (const p of OTHERS) notApplicable(r, p, 'not a topology tool')
  notApplicable(noop, 'iproute2', 'a script has no no-op: run twice it fails on EEXIST')
  up.what.iproute2 = scriptWhat
  down.what.iproute2 = 'bash: ip link del, ip netns del'
  up.what.nlwire = 'topology.up(spec, { prefix, host })'
  noop.what.nlwire = 'topology.up, machine already matching'
  down.what.nlwire = 'topology.down(spec, { prefix, host })'
  for (const r of [up, noop, down]) for (const p of ['iproute2', 'nlwire'] as const) r.samples[p] = []
  return { up, noop, down, cpu: new Map([up, noop, down].map((r) => [r, []])) }
}

async function measure(
  ctx: Ctx,
  t: Triple,
  spec: TopologySpec,
  opts: topology.TopologyOptions,
  script: { up: string; down: string },
  env: NodeJS.ProcessEnv,
  prefix: string,
  host: string,
): Promise<void> {
  // Round -1 warms both peers up, unrecorded (the page cache for ip and bash, V8's compiled code
  // for nlwire), as the other workloads do; the CLI row keeps the cold case.
  for (let r = -1; r < ctx.cfg.rounds; r++) {
    const order: ('iproute2' | 'nlwire')[] = r % 2 === 0 ? ['iproute2', 'nlwire'] : ['nlwire', 'iproute2']
    const keep = <T>(xs: T[] | undefined, x: T): void => void (r >= 0 && xs?.push(x))
    for (const peer of order) {
      try {
        await settle()
        if (peer === 'iproute2') {
          keep(t.up.samples.iproute2, bash(script.up, env))
          keep(t.down.samples.iproute2, bash(script.down, env))
        } else {
          keep(t.up.samples.nlwire, await timed(() => topology.up(spec, opts), r >= 0 ? t.cpu.get(t.up) : undefined))
          const again = await topology.up(spec, opts)
          if (again.changes.length !== 0) throw new Error(`the second up had ${again.changes.length} changes`)
          // The no-op in steady state: the median of NOOPS calls in a row (the first calls of a
          // process run code V8 has not compiled yet; the CLI row is that cold case, in full).
          const wall: number[] = []
          const cpu: number[] = []
          for (let k = 0; k < NOOPS; k++) wall.push(await timed(() => topology.up(spec, opts), cpu))
          keep(t.noop.samples.nlwire, median(wall))
          keep(t.cpu.get(t.noop), median(cpu))
          if (t.cli) {
            keep(t.cli.row.samples.floor, run(t.cli.floor).ns)
            const c = run(t.cli.argv)
            const out = JSON.parse(c.stdout) as { changes: unknown[]; ms: number }
            if (out.changes.length !== 0) throw new Error(`nlwire up (the CLI) had ${out.changes.length} changes`)
            keep(t.cli.row.samples.nlwire, c.ns)
            keep(t.cli.inside, out.ms * 1e6)
          }
          keep(t.down.samples.nlwire, await timed(() => topology.down(spec, opts), r >= 0 ? t.cpu.get(t.down) : undefined))
        }
        assertClean(host, prefix)
      } catch (err) {
        const msg = `failed: ${(err instanceof Error ? err.message : String(err)).slice(0, 160)}`
        ctx.log(`  ${t.up.id} / ${peer}: ${msg}`)
        t.up.status[peer] = msg
        sweep(prefix)
        spawnSync('ip', ['-n', host, 'link', 'del', 'br-test01'])
        return
      }
    }
  }
  for (const [row, xs] of t.cpu) {
    if (xs.length === 0) continue
    row.cpu = { nlwire: median(xs) }
    row.notes.push(`nlwire's main-thread CPU time (${threadCpuSource}): median ${(median(xs) / 1e6).toFixed(1)} ms, the work itself whatever else the machine runs.`)
  }
}

export const topologyBench: Workload = {
  name: 'topology',
  describe: 'topology up / up again / down (S5 star, S7 with OVS) against a bash script of ip commands',
  async run(ctx: Ctx): Promise<Row[]> {
    const n = ctx.cfg.quick ? 5 : 50
    const m = ctx.cfg.quick ? 2 : 10
    const out: Row[] = []
    // The star.
    const host = ctx.scratch.add('th')
    const prefix = `${ctx.scratch.prefix}tp-`
    const star = rows('topology-star', `S5 star, ${n} namespaces on one bridge`, `bash: ${6 * n + 3} ip commands`)
    const dir = mkdtempSync(join(tmpdir(), 'nlwt-'))
    const file = join(dir, `star${n}.json`)
    writeFileSync(file, JSON.stringify(starSpec(n)))
    const cli = cliNoop(ctx, 'topology-star', `S5 star, ${n} namespaces on one bridge`, file, ['--prefix', prefix, '--host', host])
    if (cli.row.status.nlwire === undefined) star.cli = cli
    try {
      await measure(ctx, star, starSpec(n), { prefix, host }, { up: starScript(n, prefix, host), down: starTeardown(n, prefix, host) }, {}, prefix, host)
    } finally {
      sweep(prefix)
      rmSync(dir, { recursive: true, force: true })
    }
    star.up.notes.push(`${n} namespaces, ${n} veth pairs (one end enslaved to the bridge in the host), ${n} addresses and default routes; the script is what a person writes with iproute2: \`ip netns add\`, \`ip link add ... peer name ... netns\`, \`ip link set ... master ... up\`, \`ip -n NS addr/route add\`. nlwire: in-process API call; the CLI adds Node's start-up. Both peers: one warm-up round first (unrecorded), and a ${SETTLE_MS} ms pause before each timed up, so that no up shares the machine with the kernel's clean-up of the namespaces the previous teardown deleted.`)
    star.noop.notes.push(`The in-process API call in a process that has run the topology before (what a test suite or a long-lived tool pays): each round's sample is the median of ${NOOPS} no-op ups in a row, after one checked to change nothing. The CLI row below is the same no-op in a new process (nothing compiled yet).`)
    out.push(star.up, star.noop)
    const inside = cli.inside.length ? `median ${(median(cli.inside) / 1e6).toFixed(0)} ms` : 'not measured'
    cli.row.notes.push(
      `A new process per run, as a person types it: Node's start-up (the floor column, an empty script), loading nlwire's bundle and koffi, and the no-op itself with nothing compiled yet. The work inside the CLI (its --json "ms": load the file to done): ${inside}. Run without NODE_EXTRA_CA_CERTS in the environment.`,
    )
    out.push(cli.row)
    out.push(star.down)
    // S7 over Open vSwitch.
    const s7 = rows('topology-s7', `S7, ${m} Open vSwitch internal ports in ${m} namespaces`, `bash: ovs-vsctl and ${4 * m + 2} ip commands`)
    const why = ovsSkipReason()
    if (why !== undefined) {
      for (const r of [s7.up, s7.noop, s7.down]) for (const p of ['iproute2', 'nlwire'] as const) notApplicable(r, p, why)
    } else {
      const sb = await startOvsSandbox()
      const p7 = `${ctx.scratch.prefix}t7-`
      try {
        await measure(ctx, s7, s7Spec(m), { prefix: p7, host: sb.netns, ovsSocket: sb.socket }, { up: s7Script(m, p7, sb), down: s7Teardown(m, p7, sb) }, {}, p7, sb.netns)
      } finally {
        sweep(p7)
        await sb.stop()
      }
      s7.noop.notes.push(`Each round's sample is the median of ${NOOPS} no-op ups in a row, as for the star.`)
      s7.up.notes.push('Against an ovsdb-server and ovs-vswitchd (userspace datapath) of the bench\'s own; every ovs-vsctl and every nlwire OVS change waits until ovs-vswitchd has applied it.')
    }
    out.push(s7.up, s7.noop, s7.down)
    return out
  },
}
