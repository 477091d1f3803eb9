// What the topology layer throws. Each names the operation and what it was about, and says what
// state the machine was left in (nothing touched, rolled back, or what is left).
import { NlwireError } from '../errors.js'

/** One problem in a topology file: where, and what is wrong with the value there. */
export interface Problem {
  path: string
  message: string
}

/** The file does not describe a topology (parse error, shape, references). Nothing was touched. */
export class TopologyFileError extends NlwireError {
  override name = 'TopologyFileError'
  readonly code = 'EINVAL'
  readonly operation = 'topology.load'
  constructor(readonly source: string, readonly problems: readonly Problem[]) {
    super(`${source}: ${problems.length === 1 ? 'invalid topology' : `${problems.length} problems`}:\n${problems.map((p) => `  ${p.path}: ${p.message}`).join('\n')}`)
  }
}

/** What is on the machine stands in the way (a name taken by something not ours). Nothing was touched. */
export class TopologyConflictError extends NlwireError {
  override name = 'TopologyConflictError'
  readonly code = 'EEXIST'
  constructor(readonly operation: string, readonly topology: string, readonly conflicts: readonly string[]) {
    super(`${operation} ${topology}: nothing was changed:\n${conflicts.map((c) => `  ${c}`).join('\n')}`)
  }
}

/** Open vSwitch was needed by a step and no ovsdb-server answered (it went away after the plan). */
export class TopologyOvsError extends NlwireError {
  override name = 'TopologyOvsError'
  readonly code = 'ECONNREFUSED'
  constructor(readonly operation: string, readonly topology: string) {
    super(`${operation} ${topology}: Open vSwitch is not reachable (no ovsdb-server answers; --ovs-socket PATH?)`)
  }
}

/** One undo that did not work during a rollback. */
export interface RollbackFailure {
  /** The undo step's text. */
  step: string
  error: Error
}

/** A step of up or down failed. For up, everything done before it was undone in reverse order. */
export class TopologyApplyError extends NlwireError {
  override name = 'TopologyApplyError'
  constructor(
    readonly operation: string,
    readonly topology: string,
    /** 1-based number of the failed step (a change of the plan), and its text. */
    readonly stepNumber: number,
    readonly step: string,
    /** The original error, as the API threw it. */
    override readonly cause: Error,
    /** Operations (requests, OVSDB transactions, namespace creations) done before the failure and undone. */
    readonly rolledBack: number,
    readonly rollbackFailures: readonly RollbackFailure[],
  ) {
    const tail =
      operation !== 'up'
        ? ''
        : rollbackFailures.length === 0
          ? `\n${rolledBack === 0 ? 'nothing had been changed before it' : `rolled back: the ${rolledBack} operation${rolledBack === 1 ? '' : 's'} done before it ${rolledBack === 1 ? 'was' : 'were'} undone in reverse order`}`
          : `\nrolled back ${rolledBack - rollbackFailures.length} of ${rolledBack} operations; these could not be undone:\n${rollbackFailures.map((f) => `  ${f.step}: ${f.error.message}`).join('\n')}`
    super(`${operation} ${topology}: step ${stepNumber} (${step}) failed: ${cause.message}${tail}`)
  }

  /** The machine is as it was before (everything done was undone). */
  get restored(): boolean {
    return this.rollbackFailures.length === 0
  }
}
