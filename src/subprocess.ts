// Running the util-linux helpers netns.ts needs (unshare, mount, umount): bounded in time, output
// captured for error messages, never through a shell.
import { createRequire } from 'node:module'

/** node:child_process, loaded on first use: importing nlwire need not pay for it. */
function childProcess(): typeof import('node:child_process') {
  return createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')
}

export interface RunResult {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  /** Set when the program could not be started at all (ENOENT: not installed). */
  spawnError?: NodeJS.ErrnoException
}

export function run(cmd: string, args: readonly string[], timeoutMs = 10_000): Promise<RunResult> {
  return new Promise((resolve) => {
    const child = childProcess().spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs, killSignal: 'SIGKILL' })
    let stdout = ''
    let stderr = ''
    let spawnError: NodeJS.ErrnoException | undefined
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('error', (e: NodeJS.ErrnoException) => (spawnError = e))
    child.on('close', (code, signal) => {
      const r: RunResult = { code, signal, stdout, stderr }
      if (spawnError !== undefined) r.spawnError = spawnError
      resolve(r)
    })
  })
}

/** "exit code 1: unshare: mount /run/netns/x failed: Permission denied" */
export function describeFailure(cmd: string, r: RunResult): string {
  if (r.spawnError !== undefined) {
    return r.spawnError.code === 'ENOENT' ? `${cmd} is not installed (util-linux)` : `${cmd} could not start: ${r.spawnError.message}`
  }
  const how = r.signal ? `killed by ${r.signal}` : `exit code ${r.code}`
  const err = r.stderr.trim()
  return `${cmd} failed (${how})${err ? `: ${err}` : ''}`
}
