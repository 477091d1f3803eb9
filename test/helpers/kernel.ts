// Kernel tests: root only, inside scratch network namespaces with unique names, removed in
// t.teardown whatever happens. `ip` is the oracle here, never the thing under test.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'

export const isRoot = process.getuid?.() === 0
export const NOT_ROOT = isRoot ? false : 'needs root (CAP_NET_ADMIN, CAP_SYS_ADMIN): run the tests as root'

let counter = 0

/** A name unique to this process and call: nlw<purpose>-<pid>-<n>. */
export function uniqueName(purpose: string): string {
  return `nlw${purpose}-${process.pid}-${counter++}`
}

interface Teardown {
  teardown(fn: () => void | Promise<void>): void
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
