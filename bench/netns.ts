// Scratch network namespaces for a bench run. Every namespace and child process the bench makes
// is registered here and removed on the way out — normal end, error, Ctrl-C, SIGTERM — and stale
// ones from a bench run that was SIGKILLed (name prefix nlwb<pid>-, pid no longer alive) are
// removed at start. Nothing here touches the root namespace's interfaces.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, readlinkSync } from 'node:fs'

const PREFIX = 'nlwb'

export function listNamespaces(): string[] {
  const r = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8', timeout: 10_000 })
  return (r.stdout ?? '')
    .split('\n')
    .map((l) => l.split(' ')[0]!.trim())
    .filter((n) => n.length > 0)
}

function pidAlive(pid: number): boolean {
  try {
    // A killed orchestrator can linger as a zombie until its parent reaps it.
    if (/^\d+ \(.*\) Z/.test(readFileSync(`/proc/${pid}/stat`, 'utf8'))) return false
  } catch {
    return false
  }
  try {
    process.kill(pid, 0)
    return true
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM'
  }
}

/** The network namespace inode of a process ("net:[4026531840]"). */
export function netnsOf(pid: number | 'self'): string {
  return readlinkSync(`/proc/${pid}/ns/net`)
}

export class Scratch {
  readonly prefix = `${PREFIX}${process.pid}-`
  private readonly namespaces = new Set<string>()
  private readonly pids = new Set<number>()
  private counter = 0
  private cleaned = false

  constructor() {
    this.removeStale()
    const onSignal = (sig: NodeJS.Signals) => {
      process.stderr.write(`\nbench: ${sig}, cleaning up scratch namespaces…\n`)
      this.cleanupSync()
      process.exit(sig === 'SIGINT' ? 130 : 143)
    }
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    process.once('SIGHUP', onSignal)
    process.once('exit', () => this.cleanupSync())
  }

  /** Namespaces left by a bench run that died without cleaning up (its pid is gone). */
  private removeStale(): void {
    for (const name of listNamespaces()) {
      const m = /^nlwb(\d+)-/.exec(name)
      if (m && Number(m[1]) !== process.pid && !pidAlive(Number(m[1]))) {
        spawnSync('ip', ['netns', 'del', name], { timeout: 30_000 })
        process.stderr.write(`bench: removed stale scratch namespace ${name}\n`)
      }
    }
  }

  /** Create a fresh namespace `nlwb<pid>-<purpose><n>` and bring its lo up. */
  add(purpose: string): string {
    const name = `${this.prefix}${purpose}${this.counter++}`
    this.namespaces.add(name)
    execFileSync('ip', ['netns', 'add', name], { timeout: 30_000 })
    execFileSync('ip', ['-n', name, 'link', 'set', 'lo', 'up'], { timeout: 30_000 })
    return name
  }

  /** Forget a namespace that something else (a timed peer) just deleted. */
  forget(name: string): void {
    this.namespaces.delete(name)
  }

  del(name: string): void {
    spawnSync('ip', ['netns', 'del', name], { timeout: 30_000 })
    this.namespaces.delete(name)
  }

  trackPid(pid: number | undefined): void {
    if (pid !== undefined) this.pids.add(pid)
  }

  untrackPid(pid: number | undefined): void {
    if (pid !== undefined) this.pids.delete(pid)
  }

  /** Synchronous, so it also works from 'exit' and signal handlers. Idempotent. */
  cleanupSync(): void {
    if (this.cleaned) return
    this.cleaned = true
    for (const pid of this.pids) {
      try {
        process.kill(pid, 'SIGKILL')
      } catch {
        // already gone
      }
    }
    this.pids.clear()
    for (const name of this.namespaces) spawnSync('ip', ['netns', 'del', name], { timeout: 30_000 })
    this.namespaces.clear()
  }

  /** Our namespaces still listed by `ip netns list` (should be none after cleanup). */
  leftovers(): string[] {
    return listNamespaces().filter((n) => n.startsWith(this.prefix))
  }
}
