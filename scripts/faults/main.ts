// npm run faults [-- --quick] [--only NAME,...] [--out FILE]
//
// A fault campaign of our own (issue 12): bad input for every option of every API call and every
// CLI flag, permissions, relay death and SIGSTOP with requests in flight, a namespace deleted
// under an open handle, notification floods, dumps interrupted by churn, 1000 open/request/close
// cycles, 1000 requests in flight on one handle, the decoder fuzzer, and hostile CLI inputs.
// Each case prints one line with its figure; the full run writes FAULTS.md (date and machine at
// the top). Root only; everything happens in scratch namespaces (nlw-<pid>-…), removed at the
// end even when a case fails: the campaign itself runs inside a scratch "home" namespace, so
// even its sockets without a namespace never see the machine's own. Bounded: every wait has a
// deadline. --quick (CI) is the same cases with smaller counts.
import { spawnSync } from 'node:child_process'
import { cpus, hostname, loadavg, release, totalmem } from 'node:os'
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { netns } from 'nlwire'
import { CASES, type CaseResult, type Ctx } from './cases.js'
import { cleanup } from './util.js'

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
    inside: { type: 'string' },
  },
})

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

async function outer(): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('npm run faults needs root: it creates network namespaces (and drops privileges itself where a case needs it)')
    return 2
  }
  const home = `nlw-${process.pid}-0-faults-home`
  await netns.add(home)
  try {
    const argv = process.argv.slice(2)
    const r = spawnSync('nsenter', [`--net=/run/netns/${home}`, '--', process.execPath, '--expose-gc', '--import', 'tsx', fileURLToPath(import.meta.url), ...argv, '--inside', home], {
      cwd: ROOT,
      stdio: 'inherit',
      timeout: 3 * 3600_000,
      killSignal: 'SIGKILL',
    })
    return r.status ?? 1
  } finally {
    await netns.del(home).catch(() => spawnSync('ip', ['netns', 'del', home]))
    // Anything a killed case left behind (nlw-<this pid>-…).
    const left = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout.split('\n').map((l) => l.split(' ')[0]!).filter((n) => n.startsWith(`nlw-${process.pid}-`))
    for (const n of left) spawnSync('ip', ['netns', 'del', n])
  }
}

function machine(): string {
  const cpu = cpus()
  const lsb = spawnSync('sh', ['-c', '. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME"'], { encoding: 'utf8' }).stdout.trim()
  return `${hostname()}: Linux ${release()}, ${lsb || 'unknown distribution'}, ${cpu.length} × ${cpu[0]?.model.trim() ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB, Node ${process.version}`
}

/** The machine's load averages (1, 5, 15 min): figures taken under load are indicative only. */
function load(): string {
  return loadavg().map((x) => x.toFixed(2)).join(', ')
}

async function inside(home: string): Promise<number> {
  const ctx: Ctx = { quick: args.quick ?? false, home, root: ROOT }
  const only = args.only?.split(',')
  const results: CaseResult[] = []
  const started = new Date()
  const loadBefore = load()
  console.log(`nlwire fault campaign${ctx.quick ? ' (quick)' : ''}: ${machine()}; load average ${loadBefore}`)
  for (const c of CASES) {
    if (only && !only.includes(c.name)) continue
    const t0 = performance.now()
    let rs: CaseResult[]
    try {
      rs = await c.run(ctx)
    } catch (e) {
      rs = [{ group: c.name, name: `${c.name}: the case itself failed`, ok: false, figure: e instanceof Error ? (e.stack ?? e.message) : String(e) }]
    } finally {
      await cleanup()
    }
    const secs = ((performance.now() - t0) / 1000).toFixed(1)
    for (const r of rs) console.log(`${r.ok ? 'ok  ' : c.timing ? 'FAIL (timing: not fatal)' : 'FAIL'}  ${r.name} — ${r.figure}`)
    console.log(`      (${c.name}: ${secs} s)`)
    for (const r of rs) if (c.timing) timing.add(r)
    results.push(...rs)
  }
  const failed = results.filter((r) => !r.ok).length
  const fatal = results.filter((r) => !r.ok && !timing.has(r)).length
  console.log(`${results.length - failed} held, ${failed} failed${failed > fatal ? ` (${failed - fatal} of them timing-dependent, not fatal)` : ''}`)
  const out = args.out ?? (ctx.quick || only ? undefined : `${ROOT}/FAULTS.md`)
  const minutes = (Date.now() - started.getTime()) / 60_000
  if (out) writeFileSync(out, report(results, started, ctx, { loadBefore, loadAfter: load(), minutes }))
  return fatal === 0 ? 0 : 1
}

/** Results of cases whose outcome depends on timing (Case.timing). */
const timing = new Set<CaseResult>()

function report(results: CaseResult[], started: Date, ctx: Ctx, run: { loadBefore: string; loadAfter: string; minutes: number }): string {
  const failed = results.filter((r) => !r.ok).length
  const lines = [
    '# Fault campaign',
    '',
    '<!-- generated by `npm run faults` (scripts/faults/): do not edit; run it again -->',
    '',
    `Run ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC${ctx.quick ? ' (quick)' : ''} on ${machine()}, in ${run.minutes.toFixed(0)} min.`,
    `Load average (1, 5, 15 min) ${run.loadBefore} at the start and ${run.loadAfter} at the end, with ${cpus().length} CPUs shared with other`,
    'work: times here are what this machine did under that load, indicative only (BENCHMARKS.md has the quiet figures).',
    `**${results.length - failed} of ${results.length} cases held${failed ? `, ${failed} failed` : ''}.**`,
    '',
    'Each case is a fault nlwire must survive with a typed error (an `NlwireError` naming the call, the object',
    'and the value), nothing created or changed that was not asked for (the namespace as `ip -d -j` shows it,',
    'before and after), nothing left running, and bounded time and memory. Everything runs in scratch',
    'namespaces; the campaign itself runs inside one. Cases marked timing-dependent (floods, dumps the kernel',
    'marks interrupted, memory over many cycles) report a failure without failing the run.',
    '',
  ]
  let group = ''
  for (const r of results) {
    if (r.group !== group) {
      group = r.group
      lines.push('', `## ${CASES.find((c) => c.name === group)?.title ?? group}`, '')
    }
    lines.push(`- ${r.ok ? '✓' : timing.has(r) ? '✗ **FAILED** (timing-dependent)' : '✗ **FAILED**'} ${r.name} — ${r.figure.replace(/\n/g, ' ')}`)
  }
  return lines.join('\n') + '\n'
}

process.exitCode = args.inside !== undefined ? await inside(args.inside) : await outer()
