// `ip -d monitor` and `nlwire monitor` side by side on one scratch namespace: start both, run
// steps there, and compare what each printed between two barrier events, character for character.
// Shared by test/cli-monitor.test.ts and test/monitor-rule-nexthop.test.ts.
import type * as Tap from 'tap'
import { type ChildProcess, spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { inNetns, ip, processAlive, waitFor } from './scratch.js'

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

/** A process whose output we collect, killed by its pid in teardown if still running. */
export interface Watched {
  child: ChildProcess
  out: () => string
  err: () => string
  exited: Promise<number | null>
}

/**
 * Run `cmd` and collect its output; killed in teardown. `group`: in a process group of its own,
 * so that a signal to the group (SIGSTOP) reaches its children too, and teardown kills them all.
 */
export function watch(t: { teardown(fn: () => void): void }, cmd: string, args: string[], opts: { group?: boolean } = {}): Watched {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], detached: opts.group === true })
  let out = ''
  let err = ''
  child.stdout!.setEncoding('utf8').on('data', (s: string) => (out += s))
  child.stderr!.setEncoding('utf8').on('data', (s: string) => (err += s))
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  t.teardown(() => {
    if (child.pid === undefined || !processAlive(child.pid)) return
    if (!opts.group) {
      if (child.exitCode === null) child.kill('SIGKILL')
      return
    }
    try {
      process.kill(-child.pid, 'SIGCONT')
      process.kill(-child.pid, 'SIGKILL')
    } catch {}
  })
  return { child, out: () => out, err: () => err, exited }
}

/** `nlwire monitor ARGS`, from the sources. */
export function nlwireMonitor(t: { teardown(fn: () => void): void }, args: string[]): Watched {
  return watch(t, process.execPath, ['--import', 'tsx', MAIN, 'monitor', ...args])
}

let barrierMtu = 60000

/**
 * Change lo's MTU to a fresh value until every watcher has printed the RTM_NEWLINK for it (the
 * monitors need a moment to join their groups); returns the marker text "> mtu N ".
 */
export async function barrier(ns: string, watchers: Watched[]): Promise<string> {
  for (let i = 0; i < 20; i++) {
    const mtu = barrierMtu++
    ip('-n', ns, 'link', 'set', 'dev', 'lo', 'mtu', String(mtu))
    const marker = `> mtu ${mtu} `
    if (await waitFor(() => watchers.every((w) => w.out().includes(marker)), 1500)) return marker
  }
  throw new Error(`barrier: not every monitor printed lo's MTU change; stderr: ${watchers.map((w) => w.err()).join(' | ')}`)
}

/** Where the event carrying `marker` ends: lo's link event is two lines (no kind data). */
function eventEnd(text: string, marker: string): number {
  const i = text.indexOf(marker)
  if (i < 0) return -1
  const first = text.indexOf('\n', i)
  return text.indexOf('\n', first + 1) + 1
}

/** The text between the events carrying the two markers (the second one included). */
export function between(text: string, start: string, end: string): string {
  return text.slice(eventEnd(text, start), eventEnd(text, end))
}

export async function stop(w: Watched, signal: NodeJS.Signals): Promise<number | null> {
  w.child.kill(signal)
  const code = await Promise.race([w.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))])
  if (code === 'timeout') throw new Error(`${w.child.spawnfile} did not exit within 10 s of ${signal}`)
  return code
}

/**
 * A step: `ip -n NS ...` arguments, `['bridge', ...]` for `bridge -n NS ...`, or something to
 * await between two commands.
 */
export type Step = string[] | (() => Promise<void>)

/**
 * Both monitors watch `ns` while `steps` run there; between two barrier events they must print the
 * same text, character for character. Returns what nlwire printed.
 */
export async function sideBySide(t: Tap.Test, ns: string, steps: readonly Step[], minLines: number): Promise<string> {
  const ipmon = watch(t, 'ip', ['-n', ns, '-d', 'monitor'])
  const nlw = nlwireMonitor(t, ['--netns', ns])
  const start = await barrier(ns, [ipmon, nlw])
  for (const s of steps) typeof s === 'function' ? await s() : inNetns(ns, s)
  const end = await barrier(ns, [ipmon, nlw])
  t.equal(await stop(nlw, 'SIGINT'), 0, 'Ctrl-C: nlwire monitor exits cleanly')
  await stop(ipmon, 'SIGTERM')
  const expected = between(ipmon.out(), start, end)
  const actual = between(nlw.out(), start, end)
  t.ok(expected.split('\n').length > minLines, `ip monitor printed ${expected.split('\n').length} lines`)
  const el = expected.split('\n')
  const al = actual.split('\n')
  const firstDiff = el.findIndex((l, i) => l !== al[i])
  t.equal(firstDiff === -1 && el.length === al.length ? -1 : firstDiff, -1, firstDiff >= 0 ? `first difference at line ${firstDiff + 1}:\nip:     ${JSON.stringify(el[firstDiff])}\nnlwire: ${JSON.stringify(al[firstDiff])}` : 'same lines')
  t.equal(actual, expected, 'character for character')
  t.equal(nlw.err(), '', 'nothing on stderr')
  return actual
}
