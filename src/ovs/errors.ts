// Errors of the OVSDB client and of the ovs-vsctl-like operations. Every message names the
// socket or the command so that a log line alone says what failed where.
import { NlwireError } from '../errors.js'
import type { Operation } from './types.js'

/** Every OVS error is an NlwireError: `err instanceof NlwireError` catches these too. */
export class OvsError extends NlwireError {
  override name = 'OvsError'
}

/** The unix socket could not be reached (ovsdb-server not running, wrong path, permissions). */
export class OvsdbConnectionError extends OvsError {
  override name = 'OvsdbConnectionError'
  constructor(readonly socket: string, readonly code: string | undefined, reason: string) {
    super(`cannot connect to ovsdb-server at unix:${socket}: ${reason}`)
  }
}

/** The connection ended (close() or the server went away) while a request was outstanding. */
export class OvsdbClosedError extends OvsError {
  override name = 'OvsdbClosedError'
  constructor(readonly socket: string, readonly method: string | undefined, reason: string) {
    super(method ? `${method} on unix:${socket} failed: ${reason}` : `unix:${socket}: ${reason}`)
  }
}

/** No reply within the request's time limit. */
export class OvsdbTimeoutError extends OvsError {
  override name = 'OvsdbTimeoutError'
  constructor(readonly socket: string, readonly method: string, readonly timeoutMs: number) {
    super(`${method} on unix:${socket}: no reply from ovsdb-server within ${timeoutMs} ms`)
  }
}

/** The peer broke JSON-RPC framing or sent something that is not JSON-RPC 1.0. */
export class OvsdbProtocolError extends OvsError {
  override name = 'OvsdbProtocolError'
  constructor(readonly socket: string, reason: string) {
    super(`unix:${socket}: protocol error: ${reason}`)
  }
}

/**
 * The server answered with an error. For `transact`, `index` is the position of the failing
 * operation in the request; `index === operations.length` means every operation succeeded and the
 * commit itself failed (for example a uniqueness constraint checked at commit time).
 */
export class OvsdbError extends OvsError {
  override name = 'OvsdbError'
  readonly method: string
  readonly error: string
  readonly details: string | undefined
  readonly index: number | undefined
  readonly operation: Operation | undefined
  constructor(args: {
    method: string
    error: string
    details?: string | undefined
    index?: number | undefined
    operation?: Operation | undefined
    operationCount?: number
  }) {
    const where =
      args.index === undefined
        ? args.method
        : args.operation
          ? `${args.method}: operation ${args.index} (${describeOp(args.operation)})`
          : `${args.method}: commit after all ${args.operationCount ?? args.index} operations`
    super(`${where} failed: ${args.error}${args.details ? `: ${args.details}` : ''}`)
    this.method = args.method
    this.error = args.error
    this.details = args.details
    this.index = args.index
    this.operation = args.operation
  }
}

function describeOp(op: Operation): string {
  switch (op.op) {
    case 'insert': return `insert into ${op.table}`
    case 'select': return `select from ${op.table}`
    case 'update': return `update ${op.table}`
    case 'mutate': return `mutate ${op.table}`
    case 'delete': return `delete from ${op.table}`
    case 'wait': return `wait on ${op.table}`
    default: return op.op
  }
}

/** An ovs-vsctl-level refusal, checked before anything is written (the same checks ovs-vsctl makes). */
export class VsctlError extends OvsError {
  override name = 'VsctlError'
  constructor(readonly command: string, readonly reason: string) {
    super(`${command}: ${reason}`)
  }
}

/** The database was changed but ovs-vswitchd did not apply it (cur_cfg) in time. */
export class VswitchdTimeoutError extends OvsError {
  override name = 'VswitchdTimeoutError'
  constructor(
    readonly command: string,
    readonly socket: string,
    readonly nextCfg: number,
    readonly curCfg: number | undefined,
    readonly timeoutMs: number,
  ) {
    super(
      `${command}: ovs-vswitchd did not apply the change within ${timeoutMs} ms ` +
        `(Open_vSwitch next_cfg=${nextCfg}, cur_cfg=${curCfg ?? 'unset'}); is ovs-vswitchd running ` +
        `and connected to unix:${socket}? The database already holds the change.`,
    )
  }
}

export interface InterfaceProblem {
  name: string
  /** The Interface row's `error` column, as ovs-vswitchd wrote it. */
  error: string | undefined
  /** -1 or undefined when ovs-vswitchd could not attach the interface. */
  ofport: number | undefined
}

/**
 * ovs-vswitchd applied the change but could not set up one or more of the new interfaces.
 * `ovs-vsctl` prints a warning and still exits 0 here; nlwire rejects. The rows stay in the
 * database (as with ovs-vsctl); remove them with delPort/delBridge if unwanted.
 */
export class InterfaceError extends OvsError {
  override name = 'InterfaceError'
  constructor(readonly command: string, readonly interfaces: InterfaceProblem[]) {
    super(
      `${command}: ovs-vswitchd could not set up ` +
        interfaces
          .map((i) => `'${i.name}'${i.error ? `: ${i.error}` : i.ofport === -1 ? ' (ofport -1)' : ' (no ofport)'}`)
          .join('; '),
    )
  }
}
