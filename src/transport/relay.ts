// A netlink socket owned by a child process. A Node process cannot move one thread into a
// namespace (setns applies to the calling thread, and libuv's threads would stay behind), so a
// socket inside another network namespace lives in a child started as
//
//   nsenter --net=/run/netns/NAME -- node relay-child.js
//
// which only moves datagrams over stdio (relay-protocol.ts). All encoding and decoding stays here.
// Without a namespace the child is started directly and shares ours: that is how notification
// sockets are kept out of this process (see Transport.openMonitor).
//
// Running from TypeScript sources (tests under tsx): this file's URL ends in .ts, so the child is
// relay-child.ts and node gets `--import <tsx's loader, resolved from here>`. From the compiled
// package (dist/) it is plain `node relay-child.js`. `execArgv` overrides the choice.
//
// Lifetime: one RelayTransport owns one child. close() ends the child's stdin, and the child exits
// (killed after closeTimeout if it does not). If this process dies, its end of the pipe closes and
// the child exits too. If the child dies, every pending operation fails with RelayError, or with
// NetlinkSocketError ENOBUFS when it died of a socket overrun (the `netlink` package aborts the
// process on EPOLLERR; the child's stderr shows the C++ "terminate called ... Napi::Error").
import type { ChildProcessByStdio } from 'node:child_process'
import { createRequire } from 'node:module'
import { existsSync } from 'node:fs'
import type { Readable, Writable } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { NetlinkSocketError, NetnsError, RelayError } from '../errors.js'
import { netnsPath } from '../netns.js'
import { relayLog } from '../debug.js'
import { CAP_SYS_ADMIN, hasCapability } from '../caps.js'
import {
  type ControlOp,
  type ControlResult,
  FrameReader,
  type Hello,
  KIND_CONTROL,
  KIND_HELLO,
  KIND_MESSAGE,
  KIND_RESULT,
  KIND_SENT,
  KIND_SOCKET_ERROR,
  type SocketErrorReport,
  type WireError,
  jsonFrame,
  readJson,
  readMessage,
  readSent,
  sendFrame,
} from './relay-protocol.js'
import { DEFAULT_RECV_BUFFER, type MonitorOptions, type Sender, type Transport, type TransportError } from './types.js'

/** node:child_process, loaded when a relay is first started: importing nlwire need not pay for it. */
function childProcess(): typeof import('node:child_process') {
  return createRequire(import.meta.url)('node:child_process') as typeof import('node:child_process')
}

export interface RelayOptions {
  /**
   * A namespace name (/run/netns/NAME) or an absolute path to a namespace file (/proc/PID/ns/net);
   * absent: this process's own namespace (no nsenter).
   */
  netns?: string
  /** SO_RCVBUF asked for in the child (capped by net.core.rmem_max). */
  recvBufferSize?: number
  /** How long to wait for the child to come up, ms. */
  startTimeout?: number
  /** How long close() waits for the child before SIGKILL, ms. */
  closeTimeout?: number
  /** nsenter binary (util-linux). */
  nsenter?: string
  /** node binary for the child. */
  node?: string
  /** Arguments for node before the script; default: none from dist/, tsx's loader from sources. */
  execArgv?: string[]
}

const STDERR_KEEP = 4096

function childScript(): { script: string; execArgv: string[] } {
  const fromSources = import.meta.url.endsWith('.ts')
  const script = fileURLToPath(new URL(fromSources ? './relay-child.ts' : './relay-child.js', import.meta.url))
  if (!fromSources) return { script, execArgv: [] }
  return { script, execArgv: ['--import', import.meta.resolve('tsx')] }
}

function relayFailure(netns: string, e: WireError): Error {
  if (e.errno !== undefined) return new NetlinkSocketError(e.errno, e.syscall, e.message)
  return new RelayError({ netns, reason: e.message })
}

/** Start a relay child in the namespace; resolves once its socket is open. */
export async function openRelay(opts: RelayOptions = {}): Promise<RelayTransport> {
  let path: string | undefined
  if (opts.netns !== undefined) {
    path = opts.netns.startsWith('/') ? opts.netns : netnsPath(opts.netns)
    if (!existsSync(path)) {
      throw new NetnsError('relay', opts.netns, 'ENOENT', `there is no network namespace ${opts.netns} (no ${path})`)
    }
  }
  const { script, execArgv } = childScript()
  const node = [opts.node ?? process.execPath, ...(opts.execArgv ?? execArgv), script, `--rcvbuf=${opts.recvBufferSize ?? DEFAULT_RECV_BUFFER}`]
  const [cmd, ...args] = path === undefined ? node : [opts.nsenter ?? 'nsenter', `--net=${path}`, '--', ...node]
  const child = childProcess().spawn(cmd!, args, { stdio: ['pipe', 'pipe', 'pipe'] })
  const relay = new RelayTransport(opts.netns ?? 'self', path, child, opts.closeTimeout ?? 2000)
  await relay.started(opts.startTimeout ?? 10_000)
  return relay
}

/** The child died the way the `netlink` package dies when its socket reports EPOLLERR. */
function diedOfSocketError(signal: string | null, stderr: string): boolean {
  return signal === 'SIGABRT' && stderr.includes('Napi::Error')
}

type Pending = { resolve: (v: number | undefined) => void; reject: (e: Error) => void }

export class RelayTransport implements Transport {
  readonly name: string
  portId = 0
  /** The relay child's pid (nsenter execs node, so this is the node process). */
  readonly pid: number
  private messageCb: (buf: Uint8Array, from: Sender) => void = () => {}
  private errorCb: (err: TransportError, fatal: boolean) => void = () => {}
  private readonly pending = new Map<number, Pending>()
  private nextId = 1
  private stderrTail = ''
  private exited: TransportError | undefined
  private closing = false
  private readonly exitPromise: Promise<void>
  private hello: ((h: Hello) => void) | undefined

  constructor(
    /** The namespace name or path given, or 'self'. */
    readonly netns: string,
    /** The namespace file the child entered (undefined: this process's namespace). */
    readonly netnsFile: string | undefined,
    private readonly child: ChildProcessByStdio<Writable, Readable, Readable>,
    private readonly closeTimeout: number,
  ) {
    this.name = `relay:${netns}`
    this.pid = child.pid ?? -1
    const reader = new FrameReader((kind, payload) => this.onFrame(kind, payload))
    child.stdout.on('data', (chunk: Buffer) => {
      try {
        reader.push(chunk)
      } catch (e) {
        this.fail(new RelayError({ netns, reason: (e as Error).message }))
        child.kill('SIGKILL')
      }
    })
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      this.stderrTail = (this.stderrTail + s).slice(-STDERR_KEEP)
      relayLog('%s stderr: %s', this.name, s.trimEnd())
    })
    // Writing to a child that just died raises EPIPE here; the exit handler reports it.
    child.stdin.on('error', () => {})
    this.exitPromise = new Promise((resolve) => {
      child.on('error', (e) => {
        this.fail(new RelayError({ netns, reason: `cannot start nsenter: ${e.message}` }))
        resolve()
      })
      child.on('close', (code, signal) => {
        relayLog('%s exited code=%s signal=%s', this.name, code, signal)
        if (!this.closing && diedOfSocketError(signal, this.stderrTail)) {
          this.fail(
            new NetlinkSocketError(
              105,
              'recvmsg',
              `the relay's socket reported an error through poll (EPOLLERR: on netlink, a receive buffer ` +
                `overrun) and the netlink package aborted the relay process; notifications were lost. ` +
                `Re-read the state with a dump and subscribe again`,
            ),
          )
        } else {
          this.fail(
            new RelayError({
              netns,
              reason: this.closing ? 'the relay was closed' : exitReason(this.stderrTail),
              exitCode: code,
              signal,
              stderr: this.stderrTail,
            }),
          )
        }
        resolve()
      })
    })
  }

  /** Wait for the child's HELLO (its socket is open), failing on exit or timeout. */
  started(timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new RelayError({ netns: this.netns, reason: `the relay did not start within ${timeoutMs} ms`, stderr: this.stderrTail }))
        this.child.kill('SIGKILL')
      }, timeoutMs)
      this.hello = (h) => {
        clearTimeout(timer)
        this.portId = h.portId
        relayLog('%s up: pid %d port %d rcvbuf %d', this.name, h.pid, h.portId, h.recvBufferSize)
        resolve()
      }
      this.pending.set(0, {
        resolve: () => {},
        reject: (e) => {
          clearTimeout(timer)
          reject(e)
        },
      })
    })
  }

  private onFrame(kind: number, payload: Buffer): void {
    switch (kind) {
      case KIND_MESSAGE: {
        const { port, groups, datagram } = readMessage(payload)
        this.messageCb(datagram, { port, groups })
        return
      }
      case KIND_SENT: {
        const id = readSent(payload)
        const p = this.pending.get(id)
        if (p === undefined) return
        this.pending.delete(id)
        this.updateRef()
        p.resolve(undefined)
        return
      }
      case KIND_RESULT: {
        const r = readJson<ControlResult>(payload)
        const p = this.pending.get(r.id)
        if (p === undefined) return
        this.pending.delete(r.id)
        this.updateRef()
        if (r.ok) p.resolve(r.value)
        else p.reject(relayFailure(this.netns, r.error))
        return
      }
      case KIND_SOCKET_ERROR: {
        const r = readJson<SocketErrorReport>(payload)
        // Before HELLO nobody listens yet: keep the reason for the start-up error.
        if (this.hello !== undefined) this.stderrTail = `${this.stderrTail}${r.message}\n`.slice(-STDERR_KEEP)
        const err = r.errno !== undefined ? new NetlinkSocketError(r.errno, r.syscall) : new RelayError({ netns: this.netns, reason: r.message })
        this.errorCb(err, r.fatal)
        return
      }
      case KIND_HELLO: {
        this.pending.delete(0)
        this.hello?.(readJson<Hello>(payload))
        this.hello = undefined
        return
      }
    }
  }

  private fail(err: TransportError): void {
    if (this.exited !== undefined) return
    this.exited = err
    const waiting = [...this.pending.values()]
    this.pending.clear()
    for (const p of waiting) p.reject(err)
    if (!this.closing) this.errorCb(err, true)
  }

  /** A SEND (a datagram's pieces) or a CONTROL request; resolves with its answer. */
  private call(body: readonly Uint8Array[] | { op: ControlOp; arg?: number | string }): Promise<number | undefined> {
    if (this.exited !== undefined) return Promise.reject(this.exited)
    const id = this.nextId++
    if (this.nextId > 0xffffffff) this.nextId = 1
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject })
      this.updateRef()
      const buf = isDatagram(body) ? sendFrame(id, body) : jsonFrame(KIND_CONTROL, { id, ...body })
      this.child.stdin.write(buf)
    })
  }

  async send(frames: readonly Uint8Array[]): Promise<void> {
    await this.call(frames)
  }

  onMessage(cb: (buf: Uint8Array, from: Sender) => void): void {
    this.messageCb = cb
  }

  onError(cb: (err: TransportError, fatal: boolean) => void): void {
    this.errorCb = cb
  }

  async addMembership(group: number): Promise<void> {
    await this.call({ op: 'addMembership', arg: group })
  }

  async dropMembership(group: number): Promise<void> {
    await this.call({ op: 'dropMembership', arg: group })
  }

  async openNetnsFd(path: string): Promise<number> {
    const fd = await this.call({ op: 'openNetnsFd', arg: path })
    if (fd === undefined) throw new RelayError({ netns: this.netns, reason: 'openNetnsFd returned no descriptor' })
    return fd
  }

  async closeFd(fd: number): Promise<void> {
    await this.call({ op: 'closeFd', arg: fd })
  }

  /** The client wants the process kept alive (it has work); the relay also holds it while its own operations are out. */
  private wanted = true
  private holding = true

  ref(): void {
    this.wanted = true
    this.updateRef()
  }

  unref(): void {
    this.wanted = false
    this.updateRef()
  }

  private updateRef(): void {
    const hold = this.wanted || this.pending.size > 0
    if (hold === this.holding) return
    this.holding = hold
    const handles = [this.child, this.child.stdin, this.child.stdout, this.child.stderr] as unknown as { ref?(): void; unref?(): void }[]
    for (const h of handles) (hold ? h.ref : h.unref)?.call(h)
  }

  /** Another relay in the same namespace, for notifications (see Transport.openMonitor). */
  openMonitor(opts: MonitorOptions): Promise<Transport> {
    return openRelay({ ...opts, ...(this.netnsFile !== undefined ? { netns: this.netnsFile } : {}) })
  }

  /** Whether the child has exited (and why). */
  get exitReason(): TransportError | undefined {
    return this.exited
  }

  async close(): Promise<void> {
    if (this.exited === undefined) {
      this.closing = true
      this.ref() // the child's exit must be seen even if the client had unref'd us
      this.child.stdin.end()
      const timer = setTimeout(() => this.child.kill('SIGKILL'), this.closeTimeout)
      await this.exitPromise
      clearTimeout(timer)
    }
  }
}

function isDatagram(body: readonly Uint8Array[] | object): body is readonly Uint8Array[] {
  return Array.isArray(body)
}

/**
 * Why a relay exited, from what nsenter said: entering a namespace (setns) needs CAP_SYS_ADMIN,
 * and that is said only when /proc shows this process lacks it.
 */
function exitReason(stderr: string): string {
  if (/reassociate to namespace .* failed: Operation not permitted/.test(stderr) && hasCapability(CAP_SYS_ADMIN) === false) {
    return 'EPERM: entering the namespace (setns) needs CAP_SYS_ADMIN, which this process does not have; the relay process exited'
  }
  return 'the relay process exited'
}
