// npm run capture [-- --scenario s2[,s5] [--step N] [--out DIR] [--annotator MODULE|plain] [--list] [--readme] [--reannotate]]
//
// Regenerates fixtures/ from the real kernel and iproute2 (see fixtures/README.md). Needs root,
// iproute2, strace and util-linux (unshare, nsenter, mount). Not part of `npm test`.
// --reannotate needs none of that: it rewrites the hex layout of the fixtures already in --out
// from their own bytes (after a change to the codecs or the annotator), checking every section
// reads back byte for byte.
//
// The process re-executes itself in a private mount namespace (sandbox.ts) and does all the work
// there; this outer process then checks that nothing outlived it: no namespace it created, no
// child it started, no new interface or /run/netns entry on the machine.
import { appendFileSync, existsSync, mkdtempSync, readFileSync, readlinkSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { spawn } from 'node:child_process'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { loadAnnotator } from './annotate.js'
import { reannotateFixture } from './fixture.js'
import { listFixtures } from '../../test/helpers/fixtures.js'
import { capture, plan } from './capture.js'
import { killRegistered, run, setLedger } from './proc.js'
import { writeReadme } from './readme.js'
import { ROOT, Sandbox } from './sandbox.js'
import { SCENARIOS, stepBase } from './scenarios.js'

const INNER_ENV = 'NLWCAP_WORKDIR'
const OUTER_MNT_ENV = 'NLWCAP_OUTER_MNT'
const HERE = fileURLToPath(import.meta.url)
const REPO = resolve(fileURLToPath(new URL('../..', import.meta.url)))

interface Args {
  scenarios?: string[]
  step?: number
  out: string
  annotator?: string
  list: boolean
  readme: boolean
  reannotate: boolean
}

function parseArgs(argv: string[]): Args {
  const a: Args = { out: join(REPO, 'fixtures'), list: false, readme: false, reannotate: false }
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i]!
    const v = (): string => {
      const x = argv[++i]
      if (x === undefined) throw new Error(`${k} needs a value`)
      return x
    }
    if (k === '--scenario') a.scenarios = v().split(',').filter(Boolean)
    else if (k === '--step') a.step = Number(v())
    else if (k === '--out') a.out = resolve(v())
    else if (k === '--annotator') {
      const m = v()
      a.annotator = m === 'plain' ? m : pathToFileURL(resolve(m)).href
    } else if (k === '--reannotate') a.reannotate = true
    else if (k === '--list') a.list = true
    else if (k === '--readme') a.readme = true
    else throw new Error(`unknown option ${k} (see scripts/capture/main.ts)`)
  }
  if (a.step !== undefined && !(Number.isInteger(a.step) && a.step >= 1)) throw new Error('--step takes a step number from 1')
  return a
}

async function producer(): Promise<Record<string, string>> {
  const first = async (argv: string[]): Promise<string> => (await run(argv)).stdout.split('\n')[0]!.trim()
  return {
    ip: await first(['ip', '-V']),
    bridge: await first(['bridge', '-V']),
    kernel: await first(['uname', '-r']),
    strace: await first(['strace', '-V']),
    node: process.version,
  }
}

async function preflight(): Promise<void> {
  if (process.getuid?.() !== 0) throw new Error('npm run capture needs root (it creates network namespaces)')
  const missing: string[] = []
  for (const [prog, pkg] of [['ip', 'iproute2'], ['bridge', 'iproute2'], ['strace', 'strace'], ['unshare', 'util-linux'], ['nsenter', 'util-linux'], ['mount', 'mount']]) {
    if ((await run(['sh', '-c', `command -v ${prog}`])).code !== 0) missing.push(`${prog} (apt package ${pkg})`)
  }
  if (missing.length > 0) throw new Error(`missing: ${missing.join(', ')}`)
}

async function hostView(): Promise<{ links: string[]; netns: string[] }> {
  const links = (await run(['ip', '-o', 'link', 'show'])).stdout.split('\n').map((l) => /^\d+: ([^:@]+)/.exec(l)?.[1] ?? '').filter(Boolean)
  const netns = (await run(['ip', 'netns', 'list'])).stdout.split('\n').map((l) => l.split(' ')[0]!).filter(Boolean)
  return { links, netns }
}

/** Outer process: start the inner one in a private mount namespace, then check for leftovers. */
async function outer(args: string[]): Promise<number> {
  await preflight()
  const before = await hostView()
  const work = mkdtempSync('/tmp/nlwcap-')
  let code = 1
  try {
    code = await new Promise<number>((res) => {
      const child = spawn('unshare', ['--mount', '--propagation', 'private', '--', process.execPath, '--import', 'tsx', HERE, ...args], {
        stdio: 'inherit',
        env: { ...process.env, [INNER_ENV]: work, [OUTER_MNT_ENV]: readlinkSync('/proc/self/ns/mnt') },
      })
      const forward = (sig: NodeJS.Signals): void => {
        child.kill(sig)
      }
      process.on('SIGINT', forward)
      process.on('SIGTERM', forward)
      child.on('exit', (c, s) => res(c ?? (s ? 128 : 1)))
    })
    const problems = await leakCheck(work, before)
    for (const p of problems) console.error(`capture: LEFT BEHIND: ${p}`)
    if (problems.length === 0) console.error('capture: leak check passed: no namespace, process, interface or /run/netns entry left behind')
    else code = code || 1
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
  return code
}

async function leakCheck(work: string, before: { links: string[]; netns: string[] }): Promise<string[]> {
  const problems: string[] = []
  const ledgerPath = join(work, 'ledger.jsonl')
  const entries = existsSync(ledgerPath)
    ? readFileSync(ledgerPath, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as { pid?: number; what?: string; inode?: number })
    : []
  // Children: a registered pid still running the same kind of program is ours; kill it by pid.
  for (const e of entries) {
    if (e.pid === undefined) continue
    let cmd = ''
    try {
      cmd = readFileSync(`/proc/${e.pid}/cmdline`, 'utf8').replace(/\0/g, ' ')
    } catch {
      continue
    }
    if (/listener\.ts|ip -t -d monitor/.test(cmd)) {
      problems.push(`${e.what} (pid ${e.pid}) was still running; killed`)
      try {
        process.kill(e.pid, 'SIGKILL')
      } catch {
        // gone meanwhile
      }
    }
  }
  // Namespaces: none of ours may still be reachable through a process.
  const inodes = new Set(entries.filter((e) => e.inode !== undefined).map((e) => e.inode!))
  const lsns = await run(['lsns', '-t', 'net', '-n', '-o', 'NS'])
  for (const ns of lsns.stdout.split('\n').map((l) => Number(l.trim())).filter((n) => n > 0)) {
    if (inodes.has(ns)) problems.push(`network namespace ${ns} (created by the capture) still exists`)
  }
  // The machine's own view: no new interface in the root namespace, no new /run/netns entry with a scenario's name.
  const after = await hostView()
  const ours = new Set(SCENARIOS.flatMap((s) => s.steps.flatMap((st) => st.cmd.split(/\s+/))))
  for (const l of after.links) if (!before.links.includes(l)) problems.push(`new interface ${l} in the machine's root namespace`)
  for (const n of after.netns) if (!before.netns.includes(n) && ours.has(n)) problems.push(`new /run/netns/${n}`)
  return problems
}

/** Inner process: everything, inside the private mount namespace. */
async function inner(work: string, a: Args): Promise<number> {
  // Never mount over /run/netns in the machine's own mount namespace.
  // The outer process passed its own mount namespace; ours must differ.
  if (readlinkSync('/proc/self/ns/mnt') === process.env[OUTER_MNT_ENV]) throw new Error('not in a private mount namespace; run through npm run capture')
  if (process.env[OUTER_MNT_ENV] === undefined) throw new Error(`${OUTER_MNT_ENV} unset; run through npm run capture`)
  const ledgerPath = join(work, 'ledger.jsonl')
  setLedger((l) => appendFileSync(ledgerPath, l + '\n'))
  process.on('exit', () => killRegistered())
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.on(sig, () => process.exit(130))

  const sb = new Sandbox(join(work, 'mnt'))
  await sb.setup()
  try {
    const chains = plan(a.scenarios, a.step)
    const prod = await producer()
    const annotate = await loadAnnotator(a.annotator)
    const results = await capture(
      {
        sandbox: sb,
        scratchDir: join(work, 'mnt'),
        outDir: a.out,
        annotate,
        producer: prod,
        capturedAt: new Date().toISOString().slice(0, 10),
        log: (l) => console.error(l),
      },
      chains,
    )
    const written = results.filter((r) => r.file !== undefined).length
    console.error(`capture: wrote ${written} fixtures to ${a.out}`)
    writeReadme(a.out)
    return 0
  } finally {
    for (const ino of sb.inodes) appendFileSync(ledgerPath, JSON.stringify({ inode: ino }) + '\n')
    killRegistered()
    await sb.close()
  }
}

function list(): void {
  for (const s of SCENARIOS) {
    console.log(`${s.id}  ${s.title}${s.after ? ` (after ${s.after})` : ''}`)
    s.steps.forEach((st, i) => console.log(`  ${String(i + 1).padStart(2)}  ${stepBase(st, i)}.nl  ${st.cmd}`))
  }
  console.log(`(every scenario runs in its own scratch "${ROOT}" namespace)`)
}

/** Rewrite every fixture's hex layout from its own bytes (no capture, no root). */
async function reannotate(a: Args): Promise<number> {
  const annotate = await loadAnnotator(a.annotator)
  const paths = listFixtures(a.out)
  let changed = 0
  for (const p of paths) if (reannotateFixture(p, annotate)) changed++
  console.error(`capture: re-annotated ${paths.length} fixtures in ${a.out} (${changed} changed); every section reads back byte for byte`)
  return 0
}

async function main(): Promise<number> {
  const argv = process.argv.slice(2)
  const a = parseArgs(argv)
  if (a.list) {
    list()
    return 0
  }
  if (a.readme) {
    writeReadme(a.out)
    return 0
  }
  if (a.reannotate) return reannotate(a)
  const work = process.env[INNER_ENV]
  return work === undefined ? outer(argv) : inner(work, a)
}

main().then(
  (code) => process.exit(code),
  (e: unknown) => {
    console.error(`capture: ${e instanceof Error ? e.message : String(e)}`)
    process.exit(1)
  },
)
