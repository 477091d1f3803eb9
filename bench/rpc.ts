// JSON lines over stdio between the orchestrator and its bench children (the Node child and the
// pyroute2 child, each started inside a scratch namespace). One request line {id, op, args}, one
// reply line {id, ok, result} | {id, ok: false, error, notWired?}. A child exits when its stdin
// closes, so it cannot outlive the orchestrator.
import { spawn, type ChildProcess } from 'node:child_process'
import { createInterface } from 'node:readline'

export interface RpcReply {
  id: number
  ok: boolean
  result?: unknown
  error?: string
  notWired?: boolean
}

export class RpcError extends Error {
  constructor(
    message: string,
    readonly notWired = false,
  ) {
    super(message)
    this.name = 'RpcError'
  }
}

export class RpcClient {
  readonly child: ChildProcess
  private nextId = 1
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void; timer: NodeJS.Timeout }>()
  private exited: Error | null = null
  readonly stderrTail: string[] = []

  constructor(
    readonly label: string,
    command: string,
    args: string[],
    private readonly onStderr: (line: string) => void = () => {},
  ) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] })
    createInterface({ input: this.child.stdout! }).on('line', (line) => this.onLine(line))
    createInterface({ input: this.child.stderr! }).on('line', (line) => {
      this.stderrTail.push(line)
      if (this.stderrTail.length > 20) this.stderrTail.shift()
      this.onStderr(line)
    })
    this.child.on('error', (err) => this.fail(new Error(`${label}: ${err.message}`)))
    this.child.on('exit', (code, signal) => this.fail(new Error(`${label} exited (${signal ?? code}); last stderr: ${this.stderrTail.slice(-5).join(' | ')}`)))
    this.child.stdin!.on('error', () => {}) // EPIPE after the child died is reported by 'exit'
  }

  get pid(): number | undefined {
    return this.child.pid
  }

  private onLine(line: string): void {
    let reply: RpcReply
    try {
      reply = JSON.parse(line) as RpcReply
    } catch {
      this.onStderr(`[${this.label} stdout] ${line}`)
      return
    }
    const p = this.pending.get(reply.id)
    if (!p) return
    this.pending.delete(reply.id)
    clearTimeout(p.timer)
    if (reply.ok) p.resolve(reply.result)
    else p.reject(new RpcError(`${this.label}: ${reply.error ?? 'failed'}`, reply.notWired === true))
  }

  private fail(err: Error): void {
    this.exited ??= err
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer)
      p.reject(err)
      this.pending.delete(id)
    }
  }

  call<T>(op: string, args: Record<string, unknown> = {}, timeoutMs = 120_000): Promise<T> {
    if (this.exited) return Promise.reject(this.exited)
    const id = this.nextId++
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id)
        reject(new Error(`${this.label}: ${op} timed out after ${timeoutMs} ms`))
      }, timeoutMs)
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, timer })
      this.child.stdin!.write(JSON.stringify({ id, op, args }) + '\n')
    })
  }

  /** Close stdin (the child exits by itself), then SIGKILL this child's pid if it lingers. */
  async close(graceMs = 5_000): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return
    const gone = new Promise<void>((resolve) => this.child.once('exit', () => resolve()))
    this.child.stdin!.end()
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs)
    await gone
    clearTimeout(timer)
  }
}

export type Handler = (args: Record<string, unknown>) => Promise<unknown> | unknown

/** Child side: answer requests from stdin until it closes, then run `onEnd` and exit. */
export function serve(handlers: Record<string, Handler>, isNotWired: (e: unknown) => boolean, onEnd: () => void | Promise<void>): void {
  const rl = createInterface({ input: process.stdin })
  let queue = Promise.resolve()
  rl.on('line', (line) => {
    // Requests run one at a time, in order: a measurement never shares the event loop with another.
    queue = queue.then(async () => {
      const { id, op, args } = JSON.parse(line) as { id: number; op: string; args: Record<string, unknown> }
      let reply: RpcReply
      try {
        const h = handlers[op]
        if (!h) throw new Error(`unknown op ${op}`)
        reply = { id, ok: true, result: await h(args) }
      } catch (err) {
        reply = { id, ok: false, error: err instanceof Error ? err.message : String(err), notWired: isNotWired(err) }
      }
      process.stdout.write(JSON.stringify(reply) + '\n')
    })
  })
  rl.on('close', () => {
    // stdin closed: the orchestrator is done or dead. Give a running request a second to finish,
    // then go; an orphaned child must not keep working for minutes.
    const grace = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref())
    void Promise.race([queue, grace]).then(async () => {
      await onEnd()
      process.exit(0)
    })
  })
}
