// What the fault cases share: scratch namespaces (nlw-<pid>-<n>-faults-…, removed even when a case
// fails), the state of a namespace as `ip -d -j` sees it (to prove nothing changed), and the
// process's own counters (fds, child processes, RSS).
import { spawn, spawnSync } from 'node:child_process'
import { closeSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Netlink, netns, open, openRelay, type OpenOptions } from 'nlwire'

let counter = 0
const made = new Set<string>()

/** A fresh scratch namespace; removed by cleanup() (or dropNetns) whatever happens. */
export async function scratchNetns(label: string): Promise<string> {
  const name = `nlw-${process.pid}-${++counter}-faults-${label}`.slice(0, 60)
  made.add(name)
  await netns.add(name)
  return name
}

export async function dropNetns(name: string): Promise<void> {
  made.delete(name)
  await netns.del(name).catch(() => spawnSync('ip', ['netns', 'del', name], { timeout: 10_000 }))
}

export async function cleanup(): Promise<void> {
  for (const n of [...made]) await dropNetns(n)
}

/** `ip -n NS ARGS`; throws with stderr on failure. */
export function ip(ns: string, ...args: string[]): string {
  const r = spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8', timeout: 15_000 })
  if (r.status !== 0) throw new Error(`ip -n ${ns} ${args.join(' ')}: ${r.stderr || r.error?.message}`)
  return r.stdout
}

/** Run ip commands in a namespace from one `ip -batch` (fast set-up). */
export function ipBatch(ns: string, lines: string[]): void {
  const r = spawnSync('ip', ['-n', ns, '-batch', '-'], { input: lines.join('\n') + '\n', encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) throw new Error(`ip -n ${ns} -batch: ${r.stderr}`)
}

/** Fields that move without anyone changing anything (counters, timers, lifetimes). */
const VOLATILE = /^(stats64|stats|used|updated|confirmed|probes|refcnt|valid_life_time|preferred_life_time|expires|age|ageing_timer|hello_timer|tcn_timer|topology_change_timer|gc_timer|hold_timer|message_age_timer|forward_delay_timer|lastuse|uptime)$/

function strip(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(strip)
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) if (!VOLATILE.test(k)) o[k] = strip(x)
    return o
  }
  return v
}

/** Everything `ip -d -j` shows of a namespace: links, addresses, routes (all tables), neighbours, rules, nexthops. */
export function state(ns: string): string {
  const parts: Record<string, unknown> = {}
  const show = (key: string, ...args: string[]): void => {
    const r = spawnSync('ip', ['-n', ns, '-d', '-j', ...args], { encoding: 'utf8', timeout: 15_000 })
    parts[key] = r.status === 0 && r.stdout.trim() !== '' ? strip(JSON.parse(r.stdout)) : r.stderr.trim()
  }
  show('link', 'link', 'show')
  show('addr', 'addr', 'show')
  show('route4', 'route', 'show', 'table', 'all')
  show('route6', '-6', 'route', 'show', 'table', 'all')
  show('neigh', 'neigh', 'show')
  show('rule4', 'rule', 'show')
  show('rule6', '-6', 'rule', 'show')
  show('nexthop', 'nexthop', 'show')
  return JSON.stringify(parts)
}

/** A short description of how two states differ: the first key that does. */
export function stateDiff(a: string, b: string): string {
  const x = JSON.parse(a) as Record<string, unknown>
  const y = JSON.parse(b) as Record<string, unknown>
  for (const k of Object.keys(x)) if (JSON.stringify(x[k]) !== JSON.stringify(y[k])) return `${k} changed`
  return 'same'
}

/** Open file descriptors of this process. */
export function fdCount(): number {
  return readdirSync('/proc/self/fd').length
}

/** Live child processes of this process. */
export function childCount(): number {
  let n = 0
  for (const p of readdirSync('/proc')) {
    if (!/^\d+$/.test(p)) continue
    try {
      const stat = readFileSync(`/proc/${p}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      if (ppid === process.pid) n++
    } catch {}
  }
  return n
}

export function rssMiB(): number {
  return process.memoryUsage().rss / 1024 / 1024
}

/** A garbage collection, when node runs with --expose-gc (npm run faults does). */
export function gc(): void {
  ;(globalThis as { gc?: () => void }).gc?.()
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}

/** Does this text look like a JavaScript stack trace? */
export function hasStack(s: string): boolean {
  return /\n\s+at .+[(:]\d+/.test(s) || /^\s+at /m.test(s)
}

export interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
  /** Peak RSS of the process in MiB (from its own getrusage, see runNode). */
  peakMiB?: number
}

/**
 * Run a command to its end (bounded): stdin from `input` or the file `stdinFile`, stdout kept (its
 * first MiB; `discard`: to /dev/null, only counted). `peak`: preload peak-rss.mjs into a node
 * command and report its peak RSS.
 */
export function run(
  cmd: string,
  args: string[],
  opts: { input?: string | Uint8Array; stdinFile?: string; discard?: boolean; timeoutMs?: number; env?: NodeJS.ProcessEnv; peak?: boolean } = {},
): Promise<Run> {
  const t0 = performance.now()
  const peakFile = opts.peak ? join(tmpdir(), `nlw-${process.pid}-peak-${++runs}`) : undefined
  const argv = peakFile ? ['--import', new URL('./peak-rss.mjs', import.meta.url).href, ...args] : args
  const env = { ...(opts.env ?? process.env), ...(peakFile ? { NLWIRE_PEAK_RSS_FILE: peakFile } : {}) }
  const stdin = opts.stdinFile !== undefined ? openSync(opts.stdinFile, 'r') : 'pipe'
  const stdout = opts.discard ? openSync('/dev/null', 'w') : 'pipe'
  return new Promise((resolve) => {
    const child = spawn(cmd, argv, { stdio: [stdin, stdout, 'pipe'], env, timeout: opts.timeoutMs ?? 120_000, killSignal: 'SIGKILL' })
    if (typeof stdin === 'number') closeSync(stdin)
    if (typeof stdout === 'number') closeSync(stdout)
    let out = ''
    let err = ''
    child.stdout?.setEncoding('utf8').on('data', (x: string) => {
      if (out.length < 1 << 20) out += x // the start: big outputs are read, not kept
    })
    child.stderr?.setEncoding('utf8').on('data', (x: string) => (err += x))
    child.on('error', (e) => (err += `spawn: ${e.message}`))
    child.on('close', (code, signal) => {
      let peakMiB: number | undefined
      if (peakFile) {
        try {
          peakMiB = Number(readFileSync(peakFile, 'utf8')) / 1024
          rmSync(peakFile, { force: true })
        } catch {}
      }
      resolve({ code, signal, stdout: out, stderr: err, ms: performance.now() - t0, ...(peakMiB !== undefined ? { peakMiB } : {}) })
    })
    if (child.stdin) {
      child.stdin.on('error', () => {}) // a child that exits before reading all of it
      child.stdin.end(opts.input)
    }
  })
}

let runs = 0

/**
 * A handle in namespace `ns` through a relay process explicitly (the fallback transport, whatever
 * netns.mechanism() says), or as open() chooses ('auto': in-process setns where koffi loads).
 */
export async function openVia(via: 'relay' | 'auto', ns: string, opts: OpenOptions = {}): Promise<Netlink> {
  if (via === 'auto') return open({ ...opts, netns: ns })
  const { recvBufferSize, ...rest } = opts
  const transport = await openRelay({ netns: ns, ...(recvBufferSize !== undefined ? { recvBufferSize } : {}) })
  return new Netlink(new Client(transport, rest))
}

/** What open({ netns }) uses on this machine: 'setns' (in-process, koffi) or 'relay'. */
export function mechanismName(): string {
  return netns.mechanism().mechanism
}
