// Kernel tests: root only, inside scratch network namespaces with unique names (nlw-<pid>-<n>-<label>
// through Scratch, nlw<purpose>-<pid>-<n> through uniqueName), removed in teardown even when the test
// fails; `ip` is the oracle there, never the thing under test. The one helper for all of it.
import { execFileSync, spawn, spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { netns } from '../../src/netns.js'
import type { Netlink } from '../../src/api/netlink.js'
import { needsProgram } from './programs.js'

let counter = 0
let staleSwept = false

/**
 * Namespaces left by a test process that was killed before its teardown ran (nlw-<pid>-… whose
 * pid is gone): removed once per process, so one killed run does not pile up on the machine.
 */
function sweepStale(): void {
  if (staleSwept || !isRoot) return
  staleSwept = true
  let names: string[]
  try {
    names = readdirSync('/run/netns')
  } catch {
    return
  }
  for (const n of names) {
    const m = /^nlw-(\d+)-\d+-/.exec(n) ?? /^nlw[a-z]+-(\d+)-\d+$/.exec(n)
    if (!m || Number(m[1]) === process.pid || existsSync(`/proc/${m[1]}`)) continue
    spawnSync('ip', ['netns', 'del', n], { timeout: 10_000 })
  }
}

export const isRoot = process.getuid?.() === 0
/** The skip reason of a test that needs root (false: it may run). */
export const needsRoot = isRoot ? false : 'needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN): run the tests as root'

interface Teardown {
  teardown(fn: () => unknown): void
}

export class Scratch {
  private readonly made: string[] = []
  private readonly opened: Netlink[] = []

  constructor(t: Teardown) {
    sweepStale()
    t.teardown(() => this.cleanup())
  }

  /** A unique namespace name for `label` (not created). */
  name(label: string): string {
    return `nlw-${process.pid}-${++counter}-${label}`.slice(0, 60)
  }

  /** Create a namespace (through nlwire's netns.add) and remember it for teardown. */
  async netns(label: string): Promise<string> {
    const n = this.name(label)
    this.made.push(n)
    await netns.add(n)
    return n
  }

  /** Remember a namespace created some other way, for teardown. */
  own(name: string): void {
    this.made.push(name)
  }

  /** nlwire's API inside a namespace; closed at teardown. */
  async open(ns: string): Promise<Netlink> {
    // Loaded here, not at the top: importing the API registers its error wording, which tests of
    // the client alone must not get.
    const { open } = await import('../../src/api/netlink.js')
    const nl = await open({ netns: ns })
    this.opened.push(nl)
    return nl
  }

  async cleanup(): Promise<void> {
    for (const nl of this.opened.splice(0)) await nl.close().catch(() => {})
    for (const n of this.made.splice(0).reverse()) {
      await netns.del(n).catch(() => {
        spawnSync('ip', ['netns', 'del', n])
      })
    }
  }
}

/** `ip -n NS ARGS` (JSON when -j is among ARGS); throws with stderr on failure. */
export function ipIn(ns: string, ...args: string[]): string {
  const r = spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8', timeout: 15000 })
  if (r.status !== 0) throw new Error(`ip -n ${ns} ${args.join(' ')}: ${r.stderr || r.error?.message}`)
  return r.stdout
}

export function ipJson<T = Record<string, unknown>[]>(ns: string, ...args: string[]): T {
  return JSON.parse(ipIn(ns, '-j', ...args)) as T
}

/** Why ping-based checks cannot run here (iputils-ping missing), or false. */
export const pingSkip = needsProgram('ping')

/**
 * ping inside a namespace; true when it got replies. Throws without the ping binary (a test
 * must skip with pingSkip rather than read "no reply" into a missing program).
 */
export function ping(ns: string, to: string, extra: string[] = []): boolean {
  if (pingSkip) throw new Error(`ping: ${pingSkip}`)
  const r = spawnSync('ip', ['netns', 'exec', ns, 'ping', '-c', '2', '-W', '2', '-q', ...extra, to], { encoding: 'utf8', timeout: 20000 })
  return r.status === 0
}

/** Read a sysctl file inside a namespace (never writes). */
export function sysctl(ns: string, path: string): string {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'cat', `/proc/sys/${path}`], { encoding: 'utf8', timeout: 10000 })
  if (r.status !== 0) throw new Error(`cannot read ${path} in ${ns}: ${r.stderr}`)
  return r.stdout.trim()
}

/** Poll `fn` until it returns true (bounded); returns the last result. */
export async function until(fn: () => boolean, ms = 5000, step = 50): Promise<boolean> {
  const end = Date.now() + ms
  for (;;) {
    if (fn()) return true
    if (Date.now() > end) return false
    await new Promise((r) => setTimeout(r, step))
  }
}

// ---------------------------------------------------------------------------------------------
// Plain commands, and namespaces made with `ip netns add`

let uniqueCounter = 0

/** A name unique to this process and call: nlw<purpose>-<pid>-<n>. */
export function uniqueName(purpose: string): string {
  return `nlw${purpose}-${process.pid}-${uniqueCounter++}`
}

/** `ip netns add` a scratch namespace, deleted when the test ends. */
export function scratchNetns(t: Teardown, purpose: string): string {
  const name = uniqueName(purpose)
  execFileSync('ip', ['netns', 'add', name])
  t.teardown(() => removeNetns(name))
  return name
}

export function removeNetns(name: string): void {
  if (existsSync(`/run/netns/${name}`)) {
    try {
      execFileSync('ip', ['netns', 'del', name], { stdio: 'ignore' })
    } catch {}
  }
}

export function ip(...args: string[]): string {
  return execFileSync('ip', args, { encoding: 'utf8' })
}

/** One command in a namespace: `bridge -n NS ...` when the step starts with 'bridge', else `ip -n NS ...`. */
export function inNetns(ns: string, step: readonly string[]): void {
  const [cmd, args] = step[0] === 'bridge' ? ['bridge', step.slice(1)] : ['ip', step]
  execFileSync(cmd, ['-n', ns, ...args], { stdio: 'pipe' })
}

/** Interface names in a namespace, from `ip -n NS -o link`. */
export function linkNames(netns: string): string[] {
  return ip('-n', netns, '-o', 'link', 'show')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(':')[1]!.trim().split('@')[0]!)
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}

/** Poll until `cond` holds or `ms` pass; returns whether it held. */
export async function waitFor(cond: () => boolean, ms = 5000, step = 20): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (cond()) return true
    await new Promise((r) => setTimeout(r, step))
  }
  return cond()
}

/** Run a TypeScript helper script with node + tsx, optionally inside a namespace; resolves with its stdout. */
export function runScript(
  script: string,
  args: string[],
  opts: { netns?: string; wrap?: string[]; timeoutMs?: number } = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const node = [process.execPath, '--import', 'tsx', script, ...args]
  const inNs = opts.netns ? ['nsenter', `--net=/run/netns/${opts.netns}`, '--', ...node] : node
  const cmd = [...(opts.wrap ?? []), ...inNs]
  return new Promise((resolve) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], timeout: opts.timeoutMs ?? 60_000, killSignal: 'SIGKILL' })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
