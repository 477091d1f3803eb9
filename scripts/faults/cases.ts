// The campaign's cases, in the order they run. Each returns one result per line of FAULTS.md.
import { badInput } from './cases/bad-input.js'
import { cliInputs } from './cases/cli-inputs.js'
import { dumpsUnderChurn } from './cases/dumps.js'
import { flood, floodKernel } from './cases/flood.js'
import { fuzz } from './cases/fuzz.js'
import { cycles, inFlight } from './cases/lifetime.js'
import { permissions } from './cases/permissions.js'
import { deletedNetns, relayDeath, sigstop } from './cases/transport.js'

export interface Ctx {
  quick: boolean
  /** The scratch namespace the campaign runs in. */
  home: string
  /** The repository. */
  root: string
}

export interface CaseResult {
  group: string
  name: string
  ok: boolean
  /** What was measured: counts, times, sizes. */
  figure: string
}

export interface Case {
  name: string
  title: string
  /**
   * Its outcome depends on timing or on what the kernel happens to do under load (a flood's
   * overrun, a dump the kernel marks interrupted, allocator noise in RSS): a failure is reported
   * but does not fail the run. Every other case must hold on any machine like CI's.
   */
  timing?: boolean
  run(ctx: Ctx): Promise<CaseResult[]>
}

export const CASES: Case[] = [
  { name: 'bad-input', title: 'Bad input: every option of every API call, values the kernel refuses, every CLI flag', run: badInput },
  { name: 'permissions', title: 'Permissions: an unprivileged process (setpriv)', run: permissions },
  { name: 'relay-death', title: 'Relay death with requests in flight', run: relayDeath },
  { name: 'sigstop', title: 'SIGSTOP: timeouts, and what a timeout means', run: sigstop },
  { name: 'netns-deleted', title: 'A namespace deleted while a handle is open', run: deletedNetns },
  { name: 'flood', title: 'Notification floods: a queue that overflows', run: flood },
  { name: 'flood-kernel', title: 'Notification floods: a socket the kernel overruns', timing: true, run: floodKernel },
  { name: 'dumps', title: 'Interrupted dumps under churn', timing: true, run: dumpsUnderChurn },
  { name: 'cycles', title: '1000 open/request/close cycles', timing: true, run: cycles },
  { name: 'in-flight', title: '1000 requests in flight on one handle', run: inFlight },
  { name: 'fuzz', title: 'Decoder fuzz (npm run fuzz)', run: fuzz },
  { name: 'cli-inputs', title: 'CLI: empty, random, binary, huge and truncated inputs', run: cliInputs },
]
