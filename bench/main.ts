// `npm run bench [-- --quick] [--only a,b] [--topology] [--rounds N] [--write] [--profile] [--json FILE] [--no-install]`
// Orchestrator, in the root namespace: installs the Debian peers if missing, makes the scratch
// namespaces, starts the bench children inside them, runs the workloads, prints one table and
// (with --write) rewrites BENCHMARKS.md. Not part of `npm test`.
import { mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describeDifference } from './compare-bytes.js'
import { PYTHON, ensureHyperfine, ensurePyroute2 } from './install.js'
import { describeMachine } from './machine.js'
import { renderProfile, summarizeProfile } from './profile-summary.js'
import { Scratch, netnsOf } from './netns.js'
import { RpcClient } from './rpc.js'
import { renderAnalysis, renderBreakdowns, renderGoals, renderMarkdown, renderNotes, renderTable } from './report.js'
import { captureIproute2VethCreate } from './wire/iproute2-capture.js'
import { vethCreateRequest } from './wire/requests.js'
import { codecs } from './workloads/codec.js'
import { create } from './workloads/create.js'
import { dump } from './workloads/dump.js'
import { startup } from './workloads/startup.js'
import { teardown } from './workloads/teardown.js'
import { netnsRows } from './workloads/netns.js'
import { topologyBench } from './workloads/topology.js'
import type { Config, Ctx, Row, Sizes, Workload } from './workloads/types.js'

const WORKLOADS: Workload[] = [codecs, create, teardown, dump, startup, netnsRows, topologyBench]

const FULL: Sizes = {
  codecIterations: 20_000,
  noops: 2_000,
  codecIterationsPy: 300,
  createPairs: 100,
  deleteOnePairs: 10,
  teardownPairs: 500,
  teardownOneByOneRounds: 3,
  dumpPairs: 500,
  dumpRepeats: 10,
  dumpRepeatsPy: 2,
  startupRuns: 20,
  window: 16,
  perSend: 16,
}

const QUICK: Sizes = {
  codecIterations: 2_000,
  noops: 200,
  codecIterationsPy: 30,
  createPairs: 20,
  deleteOnePairs: 2,
  teardownPairs: 50,
  teardownOneByOneRounds: 1,
  dumpPairs: 50,
  dumpRepeats: 3,
  dumpRepeatsPy: 1,
  startupRuns: 3,
  window: 16,
  perSend: 16,
}

interface Args {
  quick: boolean
  only: string[] | null
  rounds: number | null
  write: boolean
  profile: boolean
  install: boolean
  json: string | null
}

const USAGE = `usage: npm run bench -- [--quick] [--only ${WORKLOADS.map((w) => w.name).join(',')}] [--topology (= --only topology)] [--rounds N] [--write] [--profile] [--json FILE] [--no-install]`

function parseArgs(argv: string[]): Args {
  const a: Args = { quick: false, only: null, rounds: null, write: false, profile: false, install: true, json: null }
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    const value = () => {
      const v = argv[++i]
      if (v === undefined) throw new Error(`${arg} needs a value\n${USAGE}`)
      return v
    }
    if (arg === '--quick') a.quick = true
    else if (arg === '--topology') a.only = [...(a.only ?? []), 'topology']
    else if (arg === '--only') a.only = [...(a.only ?? []), ...value().split(',')]
    else if (arg === '--rounds') a.rounds = Number(value())
    else if (arg === '--write') a.write = true
    else if (arg === '--profile') a.profile = true
    else if (arg === '--no-install') a.install = false
    else if (arg === '--json') a.json = value()
    else if (arg === '--help' || arg === '-h') {
      console.log(USAGE)
      process.exit(0)
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`)
  }
  if (a.rounds !== null && !(Number.isInteger(a.rounds) && a.rounds >= 1 && a.rounds <= 50)) throw new Error('--rounds: an integer from 1 to 50')
  for (const o of a.only ?? []) if (!WORKLOADS.some((w) => w.name === o)) throw new Error(`--only: no workload "${o}"\n${USAGE}`)
  return a
}

const log = (m: string) => process.stderr.write(m + '\n')

async function main(): Promise<number> {
  let args: Args
  try {
    args = parseArgs(process.argv.slice(2))
  } catch (err) {
    log(`bench: ${err instanceof Error ? err.message : String(err)}`)
    return 2
  }
  if (process.getuid?.() !== 0) {
    log('bench: needs root (CAP_NET_ADMIN) to make scratch network namespaces; not running.')
    return 1
  }
  const started = Date.now()
  const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..')
  const cfg: Config = { quick: args.quick, rounds: args.rounds ?? (args.quick ? 2 : 7), sizes: args.quick ? QUICK : FULL }
  // Bounds: past the soft budget remaining workloads are skipped; past the hard one the run is
  // abandoned (scratch namespaces still removed by the exit handler).
  const softBudgetMs = (args.quick ? 60 : 600) * 1000
  const hardBudgetMs = (args.quick ? 180 : 1200) * 1000
  const watchdog = setTimeout(() => {
    log(`bench: hard time limit (${hardBudgetMs / 1000} s) reached, giving up`)
    process.exit(2)
  }, hardBudgetMs)
  watchdog.unref()

  const py2 = ensurePyroute2(args.install, log)
  const hyperfine = ensureHyperfine(args.install, log)
  const machine = describeMachine(py2.version, hyperfine)
  const scratch = new Scratch()
  const rootNetns = netnsOf('self')
  const children: RpcClient[] = []
  const startChild = (label: string, ns: string | null, argv: string[]) => {
    const full = ns ? ['netns', 'exec', ns, ...argv] : argv
    const c = new RpcClient(label, ns ? 'ip' : full[0]!, ns ? full : full.slice(1), (l) => log(`  [${label}] ${l}`))
    scratch.trackPid(c.pid)
    children.push(c)
    return c
  }

  const profileDir = join(repoRoot, 'bench', 'profiles')
  const runStart = Date.now()
  const rows: Row[] = []
  const skipped: string[] = []
  const preamble: string[] = []
  try {
    const workNs = scratch.add('w')
    log(`bench: scratch namespace ${workNs}; ${args.quick ? 'quick' : 'full'} mode, ${cfg.rounds} rounds`)
    const nodeArgs = [process.execPath]
    if (args.profile) {
      const dir = profileDir
      mkdirSync(dir, { recursive: true })
      nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${dir}`)
    }
    const node = startChild('node', workNs, [...nodeArgs, '--import', 'tsx', join(repoRoot, 'bench', 'child.ts')])
    const info = await node.call<{ netns: string }>('info', {}, 60_000)
    if (info.netns === rootNetns) throw new Error('bench child is in the root namespace; refusing to run')

    let py: RpcClient | null = null
    let pySkip = py2.reason
    if (py2.ok) {
      try {
        py = startChild('pyroute2', workNs, [PYTHON, join(repoRoot, 'bench', 'peers', 'pyroute2_peer.py')])
        const pi = await py.call<{ netns: string }>('info', {}, 60_000)
        if (pi.netns === rootNetns) throw new Error('pyroute2 child is in the root namespace')
      } catch (err) {
        pySkip = `pyroute2 child failed: ${err instanceof Error ? err.message : String(err)}`
        py = null
      }
    }
    if (!py) log(`bench: pyroute2 skipped: ${pySkip}`)
    let pyRootClient: RpcClient | null = null
    const pyRoot = async () => {
      if (!py) return null
      pyRootClient ??= startChild('pyroute2-root', null, [PYTHON, join(repoRoot, 'bench', 'peers', 'pyroute2_peer.py')])
      return pyRootClient
    }

    // References captured from the real thing, not hard-coded.
    const cap = captureIproute2VethCreate(workNs, 'va00001', 'vb00001')
    if (cap.bytes) {
      const floorSame = describeDifference(vethCreateRequest('va00001', 'vb00001', 1), cap.bytes)
      preamble.push(`Floor request bytes vs \`ip link add va00001 type veth peer name vb00001\` (strace): ${floorSame}.`)
      if (!floorSame.startsWith('same')) log(`bench: WARNING floor bytes ${floorSame}`)
    } else preamble.push(`Floor request bytes not compared with iproute2: ${cap.note}.`)
    const capture = await node.call<{ messages: { name: string; hex: string; length: number }[] }>('capture', {}, 60_000)
    await node.call('cleanup', {}, 120_000)
    const notification = capture.messages.find((m) => m.name === 'ncapa0') ?? capture.messages[0]
    if (!notification) throw new Error('no RTM_NEWLINK notification captured for the decode workload')

    const ctx: Ctx = {
      cfg,
      node,
      py,
      pySkip,
      pyRoot,
      scratch,
      workNs,
      repoRoot,
      hyperfine,
      notification,
      iproute2VethCreate: cap.bytes,
      iproute2CaptureNote: cap.note,
      log,
    }

    for (const w of WORKLOADS) {
      if (args.only && !args.only.includes(w.name)) continue
      if (Date.now() - started > softBudgetMs) {
        skipped.push(`${w.name} (time budget of ${softBudgetMs / 1000} s used up)`)
        continue
      }
      const t0 = Date.now()
      log(`bench: ${w.name}: ${w.describe}…`)
      try {
        rows.push(...(await w.run(ctx)))
      } catch (err) {
        const msg = err instanceof Error ? err.message : String(err)
        log(`bench: ${w.name} failed: ${msg}`)
        skipped.push(`${w.name} (failed: ${msg.slice(0, 200)})`)
        await node.call('cleanup', {}, 120_000).catch(() => {})
      }
      log(`bench: ${w.name} done in ${((Date.now() - t0) / 1000).toFixed(1)} s`)
    }
  } finally {
    for (const c of children) {
      await c.close().catch(() => {})
      scratch.untrackPid(c.pid)
    }
    scratch.cleanupSync()
    const left = scratch.leftovers()
    if (left.length > 0) log(`bench: WARNING scratch namespaces left: ${left.join(', ')}`)
  }

  // The child writes its profile when it exits (after close() above): the newest one is this run's.
  let profile: string | null = null
  if (args.profile) {
    const files = readdirSync(profileDir)
      .filter((f) => /\.0\.\d+\.cpuprofile$/.test(f)) // thread 0: the main thread, not tsx's loader worker
      .map((f) => join(profileDir, f))
      .filter((f) => statSync(f).mtimeMs >= runStart)
      .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)
    if (files[0]) {
      profile = `Profile: ${files[0].replace(repoRoot + '/', '')} (\`--only ${(args.only ?? ['all']).join(',')}\`).\n\n${renderProfile(summarizeProfile(files[0], repoRoot))}`
      console.log('\n' + profile)
    } else log('bench: --profile: no .cpuprofile written by the child')
  }
  const durationS = (Date.now() - started) / 1000
  console.log(renderTable(rows))
  console.log('\n' + renderGoals(rows))
  console.log('\n' + renderAnalysis(rows) + '\n\n' + renderBreakdowns(rows))
  console.log('\nNotes:\n' + preamble.map((p) => `- ${p}`).join('\n') + '\n' + renderNotes(rows))
  if (skipped.length > 0) console.log(`\nNot run: ${skipped.join('; ')}`)
  console.log(`\n${durationS.toFixed(0)} s, ${cfg.rounds} rounds, ${machine.nproc} CPUs, kernel ${machine.kernel}, node ${machine.node}`)

  if (args.json) writeFileSync(args.json, JSON.stringify({ machine, cfg, rows }, null, 2))
  if (args.write) {
    const md = renderMarkdown(rows, {
      date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
      argv: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(),
      quick: args.quick,
      rounds: cfg.rounds,
      machine,
      durationS,
      skipped,
      preamble,
      profile,
    })
    writeFileSync(join(repoRoot, 'BENCHMARKS.md'), md)
    log('bench: wrote BENCHMARKS.md')
  }
  clearTimeout(watchdog)
  return skipped.some((s) => s.includes('failed')) ? 1 : 0
}

main().then(
  (code) => process.exit(code),
  (err) => {
    log(`bench: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    process.exit(1)
  },
)
