// Process start-up to an open rtnetlink socket, each command started inside the work namespace.
// With hyperfine (apt: hyperfine): `ip netns exec NS hyperfine -N …`, one sample per run;
// without it the bench child spawns the commands itself, interleaved.
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PYTHON } from '../install.js'
import { type Ctx, type PeerId, type Row, type Workload, NOT_WIRED, newRow, runRounds } from './types.js'

interface HyperfineJson {
  results: { command: string; times: number[] }[]
}

function commands(ctx: Ctx): Partial<Record<PeerId, string[]>> {
  const node = process.execPath
  const s = (f: string) => join(ctx.repoRoot, 'bench', 'startup', f)
  const cmds: Partial<Record<PeerId, string[]>> = {
    floor: [node, s('node-empty.mjs')],
    iproute2: ['ip', 'link', 'show', 'lo'],
    'netlink-npm': [node, s('netlink-npm.mjs')],
    nlwire: [node, s('nlwire.mjs')],
  }
  if (ctx.py) cmds.pyroute2 = [PYTHON, s('pyroute2_open.py')]
  return cmds
}

export const startup: Workload = {
  name: 'startup',
  describe: 'process start-up to an open socket',
  async run(ctx: Ctx): Promise<Row[]> {
    const runs = ctx.cfg.sizes.startupRuns
    const row = newRow('startup', 'process start-up to an open socket', 'per start')
    row.what.floor = 'node, empty script (Node\'s own start-up)'
    row.what.iproute2 = 'ip link show lo'
    if (!ctx.py) row.status.pyroute2 = `skipped (${ctx.pySkip})`
    const cmds = commands(ctx)
    // NODE_EXTRA_CA_CERTS (set on these machines) makes every Node start read a CA bundle; it is
    // not part of Node's or any library's start-up, so the commands run without it.
    const env = { ...process.env }
    delete env.NODE_EXTRA_CA_CERTS

    // nlwire's script exits 3 while nlwire is not built/wired: learn that once, untimed.
    const probe = spawnSync('ip', ['netns', 'exec', ctx.workNs, ...cmds.nlwire!], { encoding: 'utf8', env, timeout: 60_000 })
    if (probe.status === 3) row.status.nlwire = NOT_WIRED
    else if (probe.status !== 0) row.status.nlwire = `failed: ${(probe.stderr ?? '').trim().slice(0, 160)}`
    const peers = (Object.keys(cmds) as PeerId[]).filter((p) => row.status[p] === undefined)

    if (ctx.hyperfine) {
      const dir = mkdtempSync(join(tmpdir(), 'nlwb-'))
      try {
        const out = join(dir, 'hyperfine.json')
        const args = ['netns', 'exec', ctx.workNs, ctx.hyperfine, '-N', '--style', 'none', '--warmup', '3', '--runs', String(runs), '--export-json', out]
        for (const p of peers) args.push('-n', p, cmds[p]!.join(' '))
        const r = spawnSync('ip', args, { encoding: 'utf8', env, timeout: 600_000 })
        if (r.status !== 0) throw new Error(`hyperfine failed: ${(r.stderr ?? '').trim().slice(0, 300)}`)
        const json = JSON.parse(readFileSync(out, 'utf8')) as HyperfineJson
        peers.forEach((p, i) => (row.samples[p] = json.results[i]!.times.map((t) => t * 1e9)))
      } finally {
        rmSync(dir, { recursive: true, force: true })
      }
      row.notes.push(`hyperfine -N (no shell), 3 warm-up runs, ${runs} runs per command, inside the work namespace; ratios pair run i of nlwire with run i of each peer.`)
    } else {
      await runRounds(ctx, row, peers, runs, async (peer) => (await ctx.node.call<{ ns: number }>('spawnTimed', { argv: cmds[peer], unsetEnv: ['NODE_EXTRA_CA_CERTS'] }, 60_000)).ns, { warmup: true })
      row.notes.push(`hyperfine not available: each command spawned ${runs} times by the bench child (interleaved), from spawn() to exit; includes Node's spawn overhead, the same for every peer.`)
    }
    row.notes.push(
      'netlink npm: import the package, createRtNetlink(), close. pyroute2: import, IPRoute(), close (Debian\'s /usr/bin/python3). nlwire: the built package (dist/), see bench/startup/nlwire.mjs.',
      '`ip link show lo` also sends one request and prints; ip cannot just open a socket.',
      'Run without NODE_EXTRA_CA_CERTS in the environment (it adds a CA-bundle read to every Node start on these machines).',
    )
    return [row]
  },
}
