// JSON-RPC 1.0 over a stream socket, as ovsdb-server speaks it (RFC 7047 section 4).
//
// Messages are JSON objects written back to back with no delimiter, so the reader has to find
// where one object ends: JsonStreamSplitter tracks nesting depth, strings and escapes, and cuts the
// text at each top-level closing brace. The connection matches replies to requests by id, answers
// the server's "echo" requests (ovsdb-server drops clients that do not), and hands notifications
// ("update", "update2", "locked", ...) to a callback.
import { createRequire } from 'node:module'
import type { Socket } from 'node:net'
import {
  OvsError,
  OvsdbClosedError,
  OvsdbConnectionError,
  OvsdbProtocolError,
  OvsdbTimeoutError,
} from './errors.js'
import type { Json, JsonObject } from './types.js'

const OPEN_BRACE = 0x7b
const CLOSE_BRACE = 0x7d
const OPEN_BRACKET = 0x5b
const CLOSE_BRACKET = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c

export class JsonFramingError extends OvsError {
  override name = 'JsonFramingError'
}

/**
 * Cuts a stream of concatenated JSON objects/arrays into one text per value.
 * Feed it decoded text (a socket with setEncoding('utf8') never splits a character).
 * Scanning resumes where the previous chunk stopped, so a large message arriving in many
 * chunks is scanned once.
 */
export class JsonStreamSplitter {
  private buf = ''
  private scanned = 0
  private depth = 0
  private inString = false
  private escaped = false

  constructor(private readonly maxMessageLength = 64 * 1024 * 1024) {}

  /** Returns the complete values now available, in order. Throws JsonFramingError on garbage. */
  push(chunk: string): string[] {
    const out: string[] = []
    let b = this.buf + chunk
    let start = 0 // where the value being scanned begins (meaningful when depth > 0)
    for (let i = this.scanned; i < b.length; i++) {
      const c = b.charCodeAt(i)
      if (this.inString) {
        if (this.escaped) this.escaped = false
        else if (c === BACKSLASH) this.escaped = true
        else if (c === QUOTE) this.inString = false
        continue
      }
      if (this.depth === 0) {
        if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) continue
        if (c !== OPEN_BRACE && c !== OPEN_BRACKET) {
          throw new JsonFramingError(
            `expected '{' at the start of a message, got ${JSON.stringify(b[i])} ` +
              `(context: ${JSON.stringify(b.slice(Math.max(0, i - 20), i + 20))})`,
          )
        }
        start = i
      }
      if (c === QUOTE) this.inString = true
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) this.depth++
      else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
        this.depth--
        if (this.depth === 0) {
          out.push(b.slice(start, i + 1))
          start = i + 1
        }
      }
    }
    if (this.depth === 0) {
      b = '' // only whitespace can be left over
    } else {
      b = b.slice(start)
      if (b.length > this.maxMessageLength) {
        throw new JsonFramingError(`message longer than ${this.maxMessageLength} characters`)
      }
    }
    this.buf = b
    this.scanned = b.length
    return out
  }

  /** True when a value has started but not ended (useful to detect truncation at EOF). */
  get pending(): boolean {
    return this.depth > 0
  }
}

export type NotificationHandler = (method: string, params: Json[]) => void

interface Pending {
  method: string
  resolve: (result: Json) => void
  reject: (err: Error) => void
  timer: NodeJS.Timeout
}

export interface JsonRpcOptions {
  /** Default per-request time limit (ms). */
  requestTimeoutMs?: number
  /** Time limit for the socket connection itself (ms). */
  connectTimeoutMs?: number
}

/** The error member of a JSON-RPC reply, as ovsdb-server sends it ({error, details} or a string). */
export class JsonRpcReplyError extends OvsError {
  override name = 'JsonRpcReplyError'
  constructor(readonly method: string, readonly error: Json) {
    super(`${method}: ${typeof error === 'string' ? error : JSON.stringify(error)}`)
  }
}

export class JsonRpcConnection {
  private readonly pending = new Map<number, Pending>()
  private readonly splitter = new JsonStreamSplitter()
  private readonly notificationHandlers = new Set<NotificationHandler>()
  private readonly closeHandlers = new Set<(err: Error) => void>()
  private nextId = 1
  private closeError: Error | undefined
  private readonly closedPromise: Promise<void>
  /** Number of echo requests the server sent us (and we answered). */
  echoRequestsAnswered = 0

  private constructor(
    private readonly socket: Socket,
    readonly socketPath: string,
    private readonly requestTimeoutMs: number,
  ) {
    socket.setEncoding('utf8')
    socket.on('data', (chunk: string) => this.onData(chunk))
    this.closedPromise = new Promise((resolve) => socket.once('close', () => resolve()))
    socket.on('error', (err: NodeJS.ErrnoException) =>
      this.shutdown(new OvsdbClosedError(socketPath, undefined, `connection error: ${err.code ?? err.message}`)),
    )
    socket.on('end', () => {
      const reason = this.splitter.pending ? 'ovsdb-server closed the connection in the middle of a message'
        : 'ovsdb-server closed the connection'
      this.shutdown(new OvsdbClosedError(socketPath, undefined, reason))
    })
    socket.on('close', () => this.shutdown(new OvsdbClosedError(socketPath, undefined, 'connection closed')))
  }

  static connect(socketPath: string, opts: JsonRpcOptions = {}): Promise<JsonRpcConnection> {
    const connectTimeoutMs = opts.connectTimeoutMs ?? 5000
    const requestTimeoutMs = opts.requestTimeoutMs ?? 10000
    return new Promise((resolve, reject) => {
      const socket = (createRequire(import.meta.url)('node:net') as typeof import('node:net')).createConnection({ path: socketPath })
      const timer = setTimeout(() => {
        socket.destroy()
        reject(new OvsdbConnectionError(socketPath, 'ETIMEDOUT', `no connection within ${connectTimeoutMs} ms`))
      }, connectTimeoutMs)
      socket.once('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer)
        socket.destroy()
        reject(new OvsdbConnectionError(socketPath, err.code, explainConnectError(err)))
      })
      socket.once('connect', () => {
        clearTimeout(timer)
        socket.removeAllListeners('error')
        resolve(new JsonRpcConnection(socket, socketPath, requestTimeoutMs))
      })
    })
  }

  get closed(): boolean {
    return this.closeError !== undefined
  }

  onNotification(handler: NotificationHandler): () => void {
    this.notificationHandlers.add(handler)
    return () => this.notificationHandlers.delete(handler)
  }

  /** Called once, with the reason, when the connection ends for any reason. */
  onClose(handler: (err: Error) => void): void {
    if (this.closeError) handler(this.closeError)
    else this.closeHandlers.add(handler)
  }

  /**
   * Sends a request and resolves with its "result". A reply whose "error" is not null rejects
   * with JsonRpcReplyError. `onId` learns the id before the request is sent (for "cancel").
   */
  request(method: string, params: Json[], opts: { timeoutMs?: number; onId?: (id: number) => void } = {}): Promise<Json> {
    if (this.closeError) {
      return Promise.reject(this.closedFor(method))
    }
    const id = this.nextId++
    opts.onId?.(id)
    const timeoutMs = opts.timeoutMs ?? this.requestTimeoutMs
    return new Promise<Json>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new OvsdbTimeoutError(this.socketPath, method, timeoutMs))
      }, timeoutMs)
      this.pending.set(id, { method, resolve, reject, timer })
      this.write({ method, params, id })
    })
  }

  /** Sends a notification (a request with a null id, never answered). */
  notify(method: string, params: Json[]): void {
    if (this.closeError) throw this.closedFor(method)
    this.write({ method, params, id: null })
  }

  /** Stops waiting for the reply to request `id` and rejects it with `err`; a later reply is ignored. */
  abandon(id: number, err: Error): void {
    const p = this.pending.get(id)
    if (!p) return
    this.pending.delete(id)
    clearTimeout(p.timer)
    p.reject(err)
  }

  /** Closes the socket, rejects everything outstanding, and resolves once the socket is closed. */
  async close(): Promise<void> {
    this.shutdown(new OvsdbClosedError(this.socketPath, undefined, 'connection closed by the client'))
    this.socket.destroy()
    await this.closedPromise
  }

  /** The error for a call made on (or cut short by) a closed connection, naming the method. */
  private closedFor(method: string): Error {
    const err = this.closeError!
    return err instanceof OvsdbClosedError ? new OvsdbClosedError(this.socketPath, method, reasonOf(err)) : err
  }

  private write(msg: JsonObject): void {
    this.socket.write(JSON.stringify(msg))
  }

  private onData(chunk: string): void {
    let texts: string[]
    try {
      texts = this.splitter.push(chunk)
    } catch (err) {
      this.fail(new OvsdbProtocolError(this.socketPath, (err as Error).message))
      return
    }
    for (const text of texts) {
      let msg: Json
      try {
        msg = JSON.parse(text) as Json
      } catch (err) {
        this.fail(new OvsdbProtocolError(this.socketPath, `invalid JSON: ${(err as Error).message}`))
        return
      }
      this.dispatch(msg)
      if (this.closeError) return
    }
  }

  private dispatch(msg: Json): void {
    if (msg === null || typeof msg !== 'object' || Array.isArray(msg)) {
      this.fail(new OvsdbProtocolError(this.socketPath, `message is not a JSON object: ${JSON.stringify(msg).slice(0, 200)}`))
      return
    }
    if (typeof msg.method === 'string') {
      const params = Array.isArray(msg.params) ? msg.params : []
      if (msg.id === null || msg.id === undefined) {
        for (const h of this.notificationHandlers) h(msg.method, params)
      } else if (msg.method === 'echo') {
        // RFC 7047 4.1.11: reply with the same params, or ovsdb-server's inactivity probe drops us.
        this.echoRequestsAnswered++
        this.write({ result: params, error: null, id: msg.id })
      } else {
        this.write({ result: null, error: `unknown method ${msg.method}`, id: msg.id })
      }
      return
    }
    if (typeof msg.id !== 'number') return // a reply to nothing we sent: ignore, as ovsdb clients do
    const p = this.pending.get(msg.id)
    if (!p) return // late reply after a local timeout
    this.pending.delete(msg.id)
    clearTimeout(p.timer)
    if (msg.error !== null && msg.error !== undefined) p.reject(new JsonRpcReplyError(p.method, msg.error))
    else p.resolve(msg.result ?? null)
  }

  private fail(err: Error): void {
    this.shutdown(err)
    this.socket.destroy()
  }

  private shutdown(err: Error): void {
    if (this.closeError) return
    this.closeError = err
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      this.pending.delete(id)
      p.reject(this.closedFor(p.method))
    }
    for (const h of this.closeHandlers) h(err)
    this.closeHandlers.clear()
  }
}

function reasonOf(err: OvsdbClosedError): string {
  const prefix = `unix:${err.socket}: `
  return err.message.startsWith(prefix) ? err.message.slice(prefix.length) : err.message
}

function explainConnectError(err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'ENOENT':
      return 'ENOENT: the socket does not exist (is ovsdb-server running, with --remote=punix:<this path>?)'
    case 'ECONNREFUSED':
      return 'ECONNREFUSED: nothing is listening on the socket (ovsdb-server not running, or a stale socket file)'
    case 'EACCES':
      return 'EACCES: permission denied (ovsdb-server sockets usually need root)'
    case 'ENOTSOCK':
      return 'ENOTSOCK: the path is not a unix socket'
    default:
      return `${err.code ?? ''} ${err.message}`.trim()
  }
}
