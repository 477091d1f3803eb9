// An OVSDB client (RFC 7047 section 4.1): list_dbs, get_schema, transact, cancel, monitor,
// monitor_cond (ovsdb-server's conditional monitor with "update2" notifications), monitor_cancel
// and echo, over a unix socket. Replies are typed; failures become OvsdbError with the failing
// operation's index and the server's error/details.
import { JsonRpcConnection, JsonRpcReplyError, type JsonRpcOptions } from './jsonrpc.js'
import { OvsdbError, OvsdbProtocolError } from './errors.js'
import type {
  DatabaseSchema,
  Json,
  MonitorCondRequests,
  MonitorRequests,
  Operation,
  OperationResult,
  TableUpdates,
  TableUpdates2,
} from './types.js'

export const DEFAULT_OVSDB_SOCKET = '/var/run/openvswitch/db.sock'
export const DEFAULT_REQUEST_TIMEOUT_MS = 10000

export interface OvsdbConnectOptions extends JsonRpcOptions {
  /** Path of ovsdb-server's unix socket (its --remote=punix:PATH). */
  socket?: string
}

export interface TransactOptions {
  /**
   * Aborting sends RFC 7047 "cancel" for this request and rejects it at once with an OvsdbError
   * whose error is "canceled". (RFC 7047 says the server then replies "canceled"; ovsdb-server
   * drops the transaction without any reply, so nlwire does not wait for one.)
   */
  signal?: AbortSignal
  /** Time limit for the reply (ms). Defaults to the client's, plus the longest "wait" timeout. */
  timeoutMs?: number
}

/** A running monitor. Updates go to the callback given to monitor()/monitorCond(). */
export interface Monitor<U> {
  readonly id: string
  /** The table contents when the monitor started (RFC 7047 "initial"). */
  readonly initial: U
  /** monitor_cancel: the server stops sending updates for this monitor. */
  cancel(): Promise<void>
}

let monitorSeq = 0

export class OvsdbClient {
  private constructor(
    private readonly rpc: JsonRpcConnection,
    private readonly requestTimeoutMs: number,
  ) {}

  static async connect(opts: OvsdbConnectOptions = {}): Promise<OvsdbClient> {
    const requestTimeoutMs = opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS
    const rpc = await JsonRpcConnection.connect(opts.socket ?? DEFAULT_OVSDB_SOCKET, { ...opts, requestTimeoutMs })
    return new OvsdbClient(rpc, requestTimeoutMs)
  }

  get socketPath(): string {
    return this.rpc.socketPath
  }

  get closed(): boolean {
    return this.rpc.closed
  }

  /** How many "echo" requests from the server this client has answered. */
  get echoRequestsAnswered(): number {
    return this.rpc.echoRequestsAnswered
  }

  /** Runs `handler` once when the connection ends (close() or the server went away). */
  onClose(handler: (err: Error) => void): void {
    this.rpc.onClose(handler)
  }

  async listDbs(): Promise<string[]> {
    const r = await this.call('list_dbs', [])
    if (!Array.isArray(r) || !r.every((x) => typeof x === 'string')) throw this.badReply('list_dbs', r)
    return r as string[]
  }

  async getSchema(db: string): Promise<DatabaseSchema> {
    const r = await this.call('get_schema', [db])
    if (!isObject(r) || typeof r.name !== 'string' || !isObject(r.tables)) throw this.badReply('get_schema', r)
    return r as unknown as DatabaseSchema
  }

  /**
   * Runs the operations as one transaction. Resolves with one result per operation; rejects with
   * OvsdbError naming the failing operation (its index, the operation, the server's error and
   * details) when any operation or the commit fails.
   */
  async transact(db: string, ops: Operation[], opts: TransactOptions = {}): Promise<OperationResult[]> {
    const longestWait = ops.reduce((m, op) => (op.op === 'wait' && op.timeout ? Math.max(m, op.timeout) : m), 0)
    let requestId: number | undefined
    const onAbort = () => {
      if (requestId === undefined || this.rpc.closed) return
      this.rpc.notify('cancel', [requestId])
      this.rpc.abandon(requestId, new OvsdbError({ method: 'transact', error: 'canceled', details: 'aborted by the caller; "cancel" sent to ovsdb-server' }))
    }
    if (opts.signal?.aborted) throw new OvsdbError({ method: 'transact', error: 'canceled', details: 'aborted before sending' })
    opts.signal?.addEventListener('abort', onAbort, { once: true })
    let r: Json
    try {
      r = await this.call('transact', [db, ...(ops as unknown as Json[])], {
        // A blocking "wait" may legitimately hold the reply back for its own timeout.
        timeoutMs: opts.timeoutMs ?? (longestWait ? longestWait + this.requestTimeoutMs : undefined),
        onId: (id) => (requestId = id),
      })
    } finally {
      opts.signal?.removeEventListener('abort', onAbort)
    }
    if (!Array.isArray(r)) throw this.badReply('transact', r)
    const results = r as unknown as (OperationResult | null)[]
    // RFC 7047 4.1.3: the first failing operation carries "error" and later ones are null; a
    // result beyond the last operation reports a failure of the commit itself.
    for (let i = 0; i < results.length; i++) {
      const res = results[i]
      if (res && typeof res.error === 'string') {
        throw new OvsdbError({
          method: 'transact',
          error: res.error,
          details: res.details,
          index: i,
          operation: ops[i],
          operationCount: ops.length,
        })
      }
    }
    if (results.length < ops.length) throw this.badReply('transact', r)
    return results.slice(0, ops.length) as OperationResult[]
  }

  /** RFC 7047 "monitor": initial contents, then "update" notifications to `onUpdate`. */
  async monitor(db: string, requests: MonitorRequests, onUpdate: (u: TableUpdates) => void): Promise<Monitor<TableUpdates>> {
    return this.startMonitor<TableUpdates>('monitor', 'update', db, requests as unknown as Json, onUpdate)
  }

  /** ovsdb-server "monitor_cond": like monitor, with "where" conditions and "update2" notifications. */
  async monitorCond(
    db: string,
    requests: MonitorCondRequests,
    onUpdate: (u: TableUpdates2) => void,
  ): Promise<Monitor<TableUpdates2>> {
    return this.startMonitor<TableUpdates2>('monitor_cond', 'update2', db, requests as unknown as Json, onUpdate)
  }

  /** RFC 7047 "echo": the server returns the params unchanged. Useful as a liveness check. */
  async echo(...params: Json[]): Promise<Json[]> {
    const r = await this.call('echo', params)
    if (!Array.isArray(r)) throw this.badReply('echo', r)
    return r
  }

  /** Closes the connection; outstanding requests reject with OvsdbClosedError. Idempotent. */
  async close(): Promise<void> {
    await this.rpc.close()
  }

  private async startMonitor<U>(
    method: 'monitor' | 'monitor_cond',
    notification: 'update' | 'update2',
    db: string,
    requests: Json,
    onUpdate: (u: U) => void,
  ): Promise<Monitor<U>> {
    const id = `nlwire-${method}-${process.pid}-${++monitorSeq}`
    // Listen before asking, so no update between the reply and the listener can be lost.
    const off = this.rpc.onNotification((m, params) => {
      if (m === notification && params[0] === id && isObject(params[1])) onUpdate(params[1] as unknown as U)
    })
    let initial: Json
    try {
      initial = await this.call(method, [db, id, requests])
    } catch (err) {
      off()
      throw err
    }
    if (!isObject(initial)) {
      off()
      throw this.badReply(method, initial)
    }
    let cancelled = false
    return {
      id,
      initial: initial as unknown as U,
      cancel: async () => {
        if (cancelled) return
        cancelled = true
        off()
        if (!this.rpc.closed) await this.call('monitor_cancel', [id])
      },
    }
  }

  private async call(method: string, params: Json[], opts?: { timeoutMs?: number | undefined; onId?: (id: number) => void }): Promise<Json> {
    try {
      return await this.rpc.request(method, params, {
        ...(opts?.timeoutMs !== undefined ? { timeoutMs: opts.timeoutMs } : {}),
        ...(opts?.onId ? { onId: opts.onId } : {}),
      })
    } catch (err) {
      if (err instanceof JsonRpcReplyError) throw replyError(method, err.error)
      throw err
    }
  }

  private badReply(method: string, r: Json): OvsdbProtocolError {
    return new OvsdbProtocolError(this.socketPath, `unexpected ${method} reply: ${JSON.stringify(r).slice(0, 300)}`)
  }
}

function replyError(method: string, e: Json): OvsdbError {
  if (isObject(e) && typeof e.error === 'string') {
    return new OvsdbError({ method, error: e.error, details: typeof e.details === 'string' ? e.details : undefined })
  }
  return new OvsdbError({ method, error: typeof e === 'string' ? e : JSON.stringify(e) })
}

function isObject(v: Json | undefined): v is { [k: string]: Json } {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
