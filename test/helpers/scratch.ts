// Scratch network namespaces for kernel tests: unique names (nlw-<pid>-<n>-<label>), removed in
// teardown even when the test fails, and `ip` as the oracle inside them.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { netns } from '../../src/netns.js'
import { open, type Netlink } from '../../src/api/netlink.js'
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
    const m = /^nlw-(\d+)-\d+-/.exec(n)
    if (!m || Number(m[1]) === process.pid || existsSync(`/proc/${m[1]}`)) continue
    spawnSync('ip', ['netns', 'del', n], { timeout: 10_000 })
  }
}

export const isRoot = process.getuid?.() === 0
export const needsRoot = isRoot ? false : 'needs root: creates network namespaces'

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
export function ip(ns: string, ...args: string[]): string {
  const r = spawnSync('ip', ['-n', ns, ...args], { encoding: 'utf8', timeout: 15000 })
  if (r.status !== 0) throw new Error(`ip -n ${ns} ${args.join(' ')}: ${r.stderr || r.error?.message}`)
  return r.stdout
}

export function ipJson<T = Record<string, unknown>[]>(ns: string, ...args: string[]): T {
  return JSON.parse(ip(ns, '-j', ...args)) as T
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
