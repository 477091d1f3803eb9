// Child processes for the capture: every one bounded by a timeout, killed by its own pid.
import { spawn } from 'node:child_process'

export interface RunResult {
  code: number | null
  signal: string | null
  stdout: string
  stderr: string
  timedOut: boolean
}

export interface RunOptions {
  timeoutMs?: number
  input?: string
  env?: NodeJS.ProcessEnv
}

/** Run argv to completion (or until the timeout kills it) and collect its output as text. */
export function run(argv: readonly string[], opts: RunOptions = {}): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? 20_000
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: opts.env ?? process.env,
    })
    const out: Buffer[] = []
    const err: Buffer[] = []
    let timedOut = false
    const timer = setTimeout(() => {
      timedOut = true
      child.kill('SIGKILL')
    }, timeoutMs)
    child.stdout.on('data', (b: Buffer) => out.push(b))
    child.stderr.on('data', (b: Buffer) => err.push(b))
    child.on('error', (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on('close', (code, signal) => {
      clearTimeout(timer)
      resolve({
        code,
        signal,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        timedOut,
      })
    })
    child.stdin.on('error', () => {}) // the child may exit without reading its input
    child.stdin.end(opts.input ?? '')
  })
}

/** Run and insist on exit status 0; the error names the command and its stderr. */
export async function runOk(argv: readonly string[], opts: RunOptions = {}): Promise<string> {
  const r = await run(argv, opts)
  if (r.code !== 0) {
    const why = r.timedOut ? 'timed out' : `exited ${r.code ?? r.signal}`
    throw new Error(`${argv.join(' ')} ${why}: ${r.stderr.trim() || r.stdout.trim()}`)
  }
  return r.stdout
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Poll `check` every `everyMs` until it returns true or `timeoutMs` passes; returns its last answer. */
export async function waitFor(check: () => boolean | Promise<boolean>, timeoutMs: number, everyMs = 20): Promise<boolean> {
  const until = Date.now() + timeoutMs
  for (;;) {
    if (await check()) return true
    if (Date.now() >= until) return false
    await sleep(everyMs)
  }
}

// Long-lived children (listeners, ip monitors) are registered so that they are killed when the
// capture exits for any reason, and listed in the ledger the outer process checks afterwards.
const longLived = new Map<number, string>()
let ledger: ((line: string) => void) | undefined

export function setLedger(write: (line: string) => void): void {
  ledger = write
}

export function registerChild(pid: number | undefined, what: string): void {
  if (pid === undefined) return
  longLived.set(pid, what)
  ledger?.(JSON.stringify({ pid, what }))
}

export function unregisterChild(pid: number | undefined): void {
  if (pid !== undefined) longLived.delete(pid)
}

/** Kill every registered child still running (synchronous: safe in an 'exit' handler). */
export function killRegistered(): number {
  let n = 0
  for (const pid of longLived.keys()) {
    try {
      process.kill(pid, 'SIGKILL')
      n++
    } catch {
      // already gone
    }
  }
  longLived.clear()
  return n
}
