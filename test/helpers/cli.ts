// Run the nlwire CLI from its TypeScript sources, as a user would run the installed bin.
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('../../src/cli/main.ts', import.meta.url))

export interface CliResult {
  status: number | null
  stdout: string
  stderr: string
}

export function runCli(args: string[], input?: string | Uint8Array, timeoutMs = 30000): CliResult {
  const r = spawnSync(process.execPath, ['--import', 'tsx', MAIN, ...args], {
    input,
    timeout: timeoutMs,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}
