// The netlink client: the one place that knows sequence numbers. It numbers requests, matches
// the kernel's answers to them, collects dumps, retries interrupted dumps, times requests out,
// batches several requests into one sendmsg, and hands multicast notifications to subscribers.
//
// Matching rules:
//   - only datagrams from the kernel (sender port 0) count;
//   - multicast datagrams (nl_groups ≠ 0) are notifications, even when they carry the seq of one
//     of our requests (the kernel copies the requester's seq and port into the notifications a
//     request causes, and they arrive before its ack), except the NLM_F_ECHO copy of a request
//     that asked for one (see echoCopy);
//   - unicast messages go to the pending request with their seq; others (the late answer to a
//     request that timed out) are dropped, with a trace line.
//
// Completion rules, which leave the request's flags as the caller built them (byte-exact with
// iproute2):
//   - request() with NLM_F_ACK: the messages before the ack (NLM_F_ECHO copies, GET answers);
//     resolves with [] for a bare ack;
//   - request() without NLM_F_ACK: the first answer (a GET's reply); a request that gets no
//     answer without an ack can only time out, so set NLM_F_ACK on everything else;
//   - dump(): every part until NLMSG_DONE. One dump runs at a time per socket (the kernel allows
//     no more: a second one fails with EBUSY), so dumps queue behind each other.
// NLMSG_ERROR with an errno, or NLMSG_DONE with one, rejects with NetlinkError.
import { NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN, NLM_F_ACK, NLM_F_DUMP_INTR, NLM_F_ECHO, NLM_F_MULTI, NLM_F_REQUEST, type Message } from '../../codecs/core/nlmsg.js'
import type { DoneBody, ErrorBody } from '../../codecs/core/nlmsgerr.js'
import { type Framed, bareAckSeq, decodeDatagram, decodeFramed, decodeOrRaw, frameFlags, frameHeader, frameSpans, withHeaderIds } from '../../codecs/frame.js'
import { encode } from '../../codecs/messages.js'
import { clientLog, describeMessage, sendLog } from '../debug.js'
import {
  NetlinkClosedError,
  NetlinkDumpInterruptedError,
  NetlinkError,
  NetlinkTimeoutError,
  changesState,
  type NlwireError,
} from '../errors.js'
import { messageName as messageTypeName } from '../../codecs/core/nlmsg.js'
// Trace lines (DEBUG=nlwire:*) summarise kernel messages as ip monitor prints them.
import type { Sender, Transport, TransportError } from '../transport/types.js'
import { Notifications, traceReceived } from './notifications.js'
import { DEFAULT_QUEUE_SIZE, type Subscription } from './subscription.js'
import { type Deadline, Deadlines } from './deadlines.js'

// DEBUG=nlwire:* traces summarise messages with the ip-monitor formatter; it is only loaded when
// tracing is asked for (it is the largest part of start-up otherwise).
if (process.env.DEBUG !== undefined && /nlwire/.test(process.env.DEBUG)) await import('../debug-format.js')

export interface ClientOptions {
  /** Default per-request timeout in ms (0: none). */
  timeout?: number
  /** How many times an interrupted dump (NLM_F_DUMP_INTR) is retried before giving up. */
  dumpRetries?: number
  /** Default notification queue length per subscription. */
  queueSize?: number
  /**
   * Requests sent and not yet answered, at most; more wait their turn. Each answer occupies the
   * socket's receive buffer until read, and the kernel drops answers (ENOBUFS) that do not fit.
   */
  maxInFlight?: number
  /** SO_RCVBUF for the notification socket (see Transport.openMonitor). */
  monitorRecvBufferSize?: number
}

export interface RequestOptions {
  /** ms; 0 disables; default: the client's. */
  timeout?: number
  /** For error messages: 'link.add'. */
  operation?: string
  /** For error messages: 'veth01'. */
  object?: string
  /** Facts the API knows about the object (its MTU range, netns-immutability ...), for error wording. */
  details?: Readonly<Record<string, unknown>>
}

export interface DumpOptions extends RequestOptions {
  /** Retries after NLM_F_DUMP_INTR; default: the client's. */
  retries?: number
}

export interface SubscribeOptions {
  queueSize?: number
}

/** A request for batch(): a message or its bytes, and whether it is a dump. */
export interface BatchItem extends DumpOptions {
  message: Message | Uint8Array
  dump?: boolean
}

export type RequestInput = Message | Uint8Array

export const DEFAULT_TIMEOUT = 10_000
export const DEFAULT_DUMP_RETRIES = 3
export const DEFAULT_MAX_IN_FLIGHT = 64

/** A request ready to send: its seq, its bytes, and what errors will say about it. */
interface Prepared {
  seq: number
  bytes: Uint8Array
  message: Message | undefined
  opts: RequestOptions
}

interface DumpResult {
  parts: Message[]
  interrupted: boolean
}

interface Pending {
  prep: Prepared
  kind: 'request' | 'dump'
  ack: boolean
  replies: Message[]
  interrupted: boolean
  /** Its deadline (timeout), while one runs. */
  deadline: Deadline<Pending> | undefined
  /** The timeout in ms, for the error message. */
  timeoutMs: number
  /** A request resolves with its replies, a dump with a DumpResult. */
  resolve: (r: Message[] & DumpResult) => void
  reject: (e: Error) => void
  /** Timed out: still swallowing the kernel's late answers, holding the dump slot until done. */
  zombie: boolean
  /** Handed to the transport (counts against maxInFlight until finished). */
  sent: boolean
  /** The kernel is done with this request (answered, or given up on). */
  settled: boolean
  /** Called (as promise reactions would be) once settled; only dumps holding the slot wait. */
  onSettled: (() => void)[] | undefined
}

export class Client {
  readonly transport: Transport
  private readonly timeout: number
  private readonly dumpRetries: number
  private readonly maxInFlight: number
  private seq = 0
  private readonly pending = new Map<number, Pending>()
  private readonly notifications: Notifications
  /** Requests waiting for room in the window, in groups that share a sendmsg. */
  private readonly sendQueue: Prepared[][] = []
  private inFlight = 0
  private dumpSlot: Promise<void> = Promise.resolve()
  private closedWith: Error | undefined
  private refed = true
  private readonly deadlines = new Deadlines<Pending>((p) => this.expired(p))
  private errorListeners: ((err: TransportError) => void)[] = []

  constructor(transport: Transport, opts: ClientOptions = {}) {
    this.transport = transport
    this.timeout = opts.timeout ?? DEFAULT_TIMEOUT
    this.dumpRetries = opts.dumpRetries ?? DEFAULT_DUMP_RETRIES
    this.maxInFlight = Math.max(1, opts.maxInFlight ?? DEFAULT_MAX_IN_FLIGHT)
    this.notifications = new Notifications(
      transport,
      { queueSize: opts.queueSize ?? DEFAULT_QUEUE_SIZE, recvBufferSize: opts.monitorRecvBufferSize },
      () => this.updateRef(),
    )
    transport.onMessage((buf, from) => this.receive(buf, from))
    transport.onError((err, fatal) => this.socketError(err, fatal))
    this.updateRef()
  }

  /** The socket's netlink port id. */
  get portId(): number {
    return this.transport.portId
  }

  /** The transport carrying notifications while subscriptions exist (a relay for direct/relay clients). */
  get notificationTransport(): Transport | undefined {
    return this.notifications.current
  }

  get closed(): boolean {
    return this.closedWith !== undefined
  }

  /** Socket errors that are not fatal (ENOBUFS), besides ending subscriptions. */
  onError(cb: (err: TransportError) => void): void {
    this.errorListeners.push(cb)
  }

  /** Send one request; resolves with the messages that answered it ([] for a bare ack). */
  request(input: RequestInput, opts: RequestOptions = {}): Promise<Message[]> {
    let prep: Prepared
    try {
      prep = this.prepare(input, opts)
    } catch (e) {
      return Promise.reject(e)
    }
    const done = this.register(prep, 'request') as Promise<Message[]>
    this.transmitOne(prep)
    return done
  }

  /** Send a dump request; resolves with every part up to NLMSG_DONE, retrying NLM_F_DUMP_INTR. */
  async dump(input: RequestInput, opts: DumpOptions = {}): Promise<Message[]> {
    return this.withDumpSlot(async (hold) => {
      const prep = this.prepare(input, opts)
      const first = this.register(prep, 'dump') as Promise<DumpResult>
      hold(prep.seq)
      this.transmitOne(prep)
      return this.finishDump(first, input, opts, hold)
    })
  }

  /**
   * Send several requests in one sendmsg. Returns one promise per item, in order; each settles
   * like request() / dump() would. At most one dump per batch (the kernel runs one at a time).
   */
  batch(items: readonly (RequestInput | BatchItem)[], opts: RequestOptions = {}): Promise<Message[]>[] {
    const list: BatchItem[] = items.map((i) => (i instanceof Uint8Array || !('message' in i) ? { message: i } : i))
    const dumps = list.filter((i) => i.dump).length
    if (dumps > 1) throw new TypeError(`batch: ${dumps} dumps in one batch; the kernel runs one dump at a time per socket`)
    if (dumps === 0) {
      const preps = list.map((i) => this.prepare(i.message, { ...opts, ...i }))
      const results = preps.map((p) => this.register(p, 'request') as Promise<Message[]>)
      this.transmit(preps)
      return results
    }
    // A dump in the batch: wait for the dump slot, then send everything together.
    const settle: { resolve: (m: Message[]) => void; reject: (e: Error) => void }[] = []
    const results = list.map(() => new Promise<Message[]>((resolve, reject) => settle.push({ resolve, reject })))
    this.withDumpSlot(async (hold) => {
      const preps = list.map((i) => this.prepare(i.message, { ...opts, ...i }))
      const waits = preps.map((p, k) => this.register(p, list[k]!.dump ? 'dump' : 'request'))
      const d = list.findIndex((i) => i.dump)
      hold(preps[d]!.seq)
      this.transmit(preps)
      waits.forEach((w, k) => {
        if (k !== d) (w as Promise<Message[]>).then((r) => settle[k]!.resolve(r), (e: Error) => settle[k]!.reject(e))
      })
      try {
        settle[d]!.resolve(await this.finishDump(waits[d] as Promise<DumpResult>, list[d]!.message, { ...opts, ...list[d]! }, hold))
      } catch (e) {
        settle[d]!.reject(e as Error)
      }
    }).catch((e: Error) => settle.forEach((s) => s.reject(e)))
    return results
  }

  /**
   * Join multicast groups (RTNLGRP_*); iterate the result for notifications. On the direct and
   * relay transports they arrive on a separate socket in a relay process (Transport.openMonitor).
   */
  async subscribe(groups: readonly number[], opts: SubscribeOptions = {}): Promise<Subscription> {
    this.assertOpen('subscribe')
    return this.notifications.subscribe(groups, opts.queueSize)
  }

  /** Reject everything pending, end every subscription, close the transport. */
  async close(): Promise<void> {
    if (this.closedWith === undefined) this.shutdown(closedMarker(), false)
    await Promise.all([this.notifications.close(), this.transport.close()])
  }

  // --- sending ---------------------------------------------------------------------------------

  private nextSeq(): number {
    do {
      this.seq = this.seq >= 0xffffffff ? 1 : this.seq + 1
    } while (this.pending.has(this.seq))
    return this.seq
  }

  private prepare(input: RequestInput, opts: RequestOptions): Prepared {
    this.assertOpen(opts.operation ?? 'request')
    const seq = this.nextSeq()
    let bytes: Uint8Array
    let message: Message | undefined
    if (input instanceof Uint8Array) {
      const n = frameSpans(input).length
      if (n !== 1) throw new TypeError(`a request given as bytes must hold exactly one message, not ${n}; use batch() for several`)
      bytes = withHeaderIds(input, seq)
    } else {
      message = { ...input, seq }
      bytes = encode(message)
    }
    // A message encodes to at least its 16-byte header; bytes were checked by frameSpans above.
    const flags = frameFlags(bytes)
    if ((flags & NLM_F_REQUEST) === 0) {
      throw new TypeError(`${messageTypeName(frameHeader(bytes).type)}: NLM_F_REQUEST is not set; the kernel ignores such messages`)
    }
    return { seq, bytes, message, opts }
  }

  private register(prep: Prepared, kind: 'request' | 'dump'): Promise<Message[] | DumpResult> {
    return new Promise<Message[] & DumpResult>((resolve, reject) => {
      const p: Pending = {
        prep,
        kind,
        ack: (frameFlags(prep.bytes) & NLM_F_ACK) !== 0,
        replies: [],
        interrupted: false,
        deadline: undefined,
        timeoutMs: 0,
        resolve,
        reject,
        zombie: false,
        sent: false,
        settled: false,
        onSettled: undefined,
      }
      const timeout = prep.opts.timeout ?? this.timeout
      if (timeout > 0) {
        p.timeoutMs = timeout
        p.deadline = this.deadlines.add(p, timeout)
      }
      this.pending.set(prep.seq, p)
      if (!this.refed) this.updateRef()
    })
  }

  /** Queue requests that share one sendmsg; they go out as the in-flight window allows. */
  private transmit(preps: readonly Prepared[]): void {
    this.sendQueue.push([...preps])
    this.pump()
  }

  /** transmit() of one request: straight to the transport when nothing waits and there is room. */
  private transmitOne(prep: Prepared): void {
    if (this.sendQueue.length > 0 || this.inFlight >= this.maxInFlight) {
      this.transmit([prep])
      return
    }
    this.pending.get(prep.seq)!.sent = true
    this.inFlight++
    if (sendLog.enabled) sendLog('[%s] %s', this.transport.name, describeMessage('→', this.requestMessage(prep), prep.bytes.length))
    this.transport.send([prep.bytes]).catch((e: Error) => {
      const pend = this.pending.get(prep.seq)
      if (pend !== undefined && pend.prep === prep) this.finish(pend, e)
    })
  }

  private pump(): void {
    while (this.sendQueue.length > 0 && this.inFlight < this.maxInFlight) {
      const group = this.sendQueue[0]!
      // A batch larger than the room left goes out in pieces: netlink gives a datagram of
      // several requests no atomicity anyway, the kernel handles them one after the other.
      const chunk = group.splice(0, this.maxInFlight - this.inFlight)
      if (group.length === 0) this.sendQueue.shift()
      const live = chunk.filter((p) => this.pending.get(p.seq)?.prep === p)
      if (live.length === 0) continue
      for (const p of live) this.pending.get(p.seq)!.sent = true
      this.inFlight += live.length
      if (sendLog.enabled) for (const p of live) sendLog('[%s] %s', this.transport.name, describeMessage('→', this.requestMessage(p), p.bytes.length))
      this.transport.send(live.map((p) => p.bytes)).catch((e: Error) => {
        for (const p of live) {
          const pend = this.pending.get(p.seq)
          if (pend !== undefined && pend.prep === p) this.finish(pend, e)
        }
      })
    }
  }

  private async finishDump(
    first: Promise<DumpResult>,
    input: RequestInput,
    opts: DumpOptions,
    hold: (seq: number) => void,
  ): Promise<Message[]> {
    const retries = opts.retries ?? this.dumpRetries
    let result = await first
    for (let attempt = 1; result.interrupted; attempt++) {
      // Only a read is sent again: a request that changes state must never be resent blindly.
      const message = input instanceof Uint8Array ? decodeOrRaw(input) : input
      if (attempt > retries || changesState(message.type)) throw new NetlinkDumpInterruptedError(attempt, { ...opts, request: message })
      clientLog('[%s] dump interrupted (NLM_F_DUMP_INTR), retry %d of %d', this.transport.name, attempt, retries)
      const prep = this.prepare(input, opts)
      const next = this.register(prep, 'dump') as Promise<DumpResult>
      hold(prep.seq)
      this.transmitOne(prep)
      result = await next
    }
    return result.parts
  }

  /**
   * Run `fn` while holding the socket's one dump slot. `hold(seq)` names the dump request that
   * occupies it: the slot frees when the kernel is done with that request, which, after a
   * timeout, is later than when the caller gave up on it.
   */
  private async withDumpSlot<T>(fn: (hold: (seq: number) => void) => Promise<T>): Promise<T> {
    const before = this.dumpSlot
    let release!: () => void
    this.dumpSlot = new Promise<void>((r) => (release = r))
    await before
    let last: Pending | undefined
    try {
      return await fn((seq) => (last = this.pending.get(seq)))
    } finally {
      const held = last as Pending | undefined
      if (held === undefined) release()
      else if (held.settled) void Promise.resolve().then(release)
      else (held.onSettled ??= []).push(release)
    }
  }

  // --- receiving -------------------------------------------------------------------------------

  private receive(buf: Uint8Array, from: Sender): void {
    if (from.port !== 0) {
      clientLog('[%s] dropped a datagram from port %d (not the kernel)', this.transport.name, from.port)
      return
    }
    if (from.groups === 0 && this.bareAck(buf)) return
    // Notifications keep their bytes beside the decoded message (for pcap and hex in monitors).
    let decoded: { frames: Framed[] } | { msgs: Message[] }
    try {
      decoded = from.groups !== 0 ? { frames: decodeFramed(buf) } : { msgs: decodeDatagram(buf) }
    } catch (e) {
      // Not even the nlmsghdr framing holds: nothing can be matched to a request.
      clientLog('[%s] dropped an unreadable datagram of %d bytes: %s', this.transport.name, buf.length, (e as Error).message)
      return
    }
    traceReceived(this.transport, buf)
    if ('frames' in decoded) {
      const others = decoded.frames.filter((f) => !this.echoCopy(f.message))
      if (others.length > 0) this.notifications.deliver(others, from.groups)
    } else for (const m of decoded.msgs) this.answer(m)
  }

  /**
   * NLM_F_ECHO: the requester's copy is the notification itself, unicast to it after the
   * multicast (nlmsg_notify), so it arrives still marked with the group. It is the answer to a
   * pending request that asked for an echo, with that request's seq and this socket's port (the
   * multicast itself skips the requester's port). Answered here; false for anything else.
   */
  private echoCopy(m: Message): boolean {
    const p = this.pending.get(m.seq)
    if (p === undefined || m.pid !== this.transport.portId || (frameFlags(p.prep.bytes) & NLM_F_ECHO) === 0) return false
    this.answer(m)
    return true
  }

  /**
   * The common case without decoding: a datagram that is one bare ack (error 0, the request's
   * header echoed) for a pending request. Only its seq and errno matter, and the answer is what
   * decoding it would have given. Anything else (an error, TLVs, several messages) is decoded.
   */
  private bareAck(buf: Uint8Array): boolean {
    const seq = bareAckSeq(buf)
    const p = seq === undefined ? undefined : this.pending.get(seq)
    if (p === undefined) return false
    traceReceived(this.transport, buf)
    if (p.kind === 'request') this.finish(p)
    return true
  }

  private answer(m: Message): void {
    const p = this.pending.get(m.seq)
    if (p === undefined) {
      clientLog('[%s] dropped %s seq %d: no request is waiting for it', this.transport.name, messageTypeName(m.type), m.seq)
      return
    }
    if (m.type === NLMSG_ERROR) {
      const body = m.body as ErrorBody
      if (body.error === 0) {
        if (p.kind === 'request') this.finish(p)
        return
      }
      this.finish(p, this.netlinkError(p, body.error, body))
      return
    }
    if (m.type === NLMSG_DONE) {
      const body = m.body as DoneBody
      if ((m.flags & NLM_F_DUMP_INTR) !== 0) p.interrupted = true
      this.finish(p, body.error < 0 ? this.netlinkError(p, body.error, body) : undefined)
      return
    }
    if (m.type === NLMSG_NOOP || m.type === NLMSG_OVERRUN) return
    if ((m.flags & NLM_F_DUMP_INTR) !== 0) p.interrupted = true
    p.replies.push(m)
    if (p.kind === 'request' && !p.ack && (m.flags & NLM_F_MULTI) === 0) this.finish(p)
  }

  private finish(p: Pending, err?: Error): void {
    if (this.pending.get(p.prep.seq) !== p) return
    this.pending.delete(p.prep.seq)
    if (p.deadline !== undefined) this.deadlines.cancel(p.deadline)
    markSettled(p)
    if (p.sent) {
      this.inFlight--
      if (this.sendQueue.length > 0) this.pump()
    }
    if (this.pending.size === 0) this.updateRef()
    if (p.zombie) return
    if (err !== undefined) p.reject(err)
    else if (p.kind === 'request') p.resolve(p.replies as Message[] & DumpResult)
    else p.resolve({ parts: p.replies, interrupted: p.interrupted } as Message[] & DumpResult)
  }

  /** A deadline passed: the request timed out, or a timed-out dump's grace period ended. */
  private expired(p: Pending): void {
    p.deadline = undefined
    if (p.zombie) this.finish(p)
    else this.timedOut(p, p.timeoutMs)
  }

  private timedOut(p: Pending, timeout: number): void {
    if (this.pending.get(p.prep.seq) !== p) return
    clientLog('[%s] seq %d timed out after %d ms', this.transport.name, p.prep.seq, timeout)
    const err = new NetlinkTimeoutError(timeout, { ...p.prep.opts, request: this.requestMessage(p.prep), sent: p.sent })
    if (p.kind === 'request') {
      this.finish(p, err)
      return
    }
    // A dump that timed out may still be running in the kernel: keep swallowing its parts, and
    // keep the dump slot, until it ends or one more timeout passes.
    p.zombie = true
    p.reject(err)
    p.deadline = this.deadlines.add(p, timeout)
  }

  private netlinkError(p: Pending, errno: number, ext: ErrorBody | DoneBody): NetlinkError {
    const { msg, offs, missType, missNest, cookie, policy } = ext
    return new NetlinkError({
      errno,
      operation: p.prep.opts.operation,
      object: p.prep.opts.object,
      ...(p.prep.opts.details !== undefined ? { details: p.prep.opts.details } : {}),
      request: this.requestMessage(p.prep),
      requestBytes: p.prep.bytes,
      extack: pruneUndefined({ msg, offs, missType, missNest, cookie, policy }),
    })
  }

  private requestMessage(prep: Prepared): Message {
    return (prep.message ??= decodeOrRaw(prep.bytes))
  }

  // --- subscriptions, errors, lifetime ---------------------------------------------------------

  private socketError(err: TransportError, fatal: boolean): void {
    clientLog('[%s] socket error (%s): %s', this.transport.name, fatal ? 'fatal' : 'messages lost', err.message)
    if (fatal) {
      this.shutdown(err, true)
      void this.transport.close()
      return
    }
    this.notifications.fail(err)
    for (const cb of this.errorListeners) cb(err)
  }

  private shutdown(err: Error, failSubscriptions: boolean): void {
    this.closedWith = err
    const waiting = [...this.pending.values()]
    this.pending.clear()
    this.deadlines.clear()
    for (const p of waiting) {
      p.deadline = undefined
      markSettled(p)
      if (p.zombie) continue
      const what = p.prep.opts.operation ?? `${messageTypeName(frameHeader(p.prep.bytes).type)} seq ${p.prep.seq}`
      p.reject(err instanceof NetlinkClosedError ? new NetlinkClosedError(what) : err)
    }
    this.sendQueue.length = 0
    this.inFlight = 0
    if (failSubscriptions) this.notifications.fail(err as TransportError)
    void this.notifications.close()
    this.updateRef()
  }

  private assertOpen(what: string): void {
    if (this.closedWith === undefined) return
    if (this.closedWith instanceof NetlinkClosedError) throw new NetlinkClosedError(what)
    throw this.closedWith as NlwireError
  }

  /** Keep the process alive only while there is work: a pending request or a subscription. */
  private updateRef(): void {
    const busy = this.closedWith === undefined && (this.pending.size > 0 || this.notifications.active > 0)
    if (busy === this.refed) return
    this.refed = busy
    if (busy) this.transport.ref()
    else this.transport.unref()
  }
}

/**
 * What a client closed by close() records. Never thrown itself (assertOpen and shutdown throw a
 * NetlinkClosedError naming the operation), so one instance serves every client: an Error
 * captures a stack trace when made, which was a tenth of the cost of an open + close.
 */
let closed: NetlinkClosedError | undefined
function closedMarker(): NetlinkClosedError {
  return (closed ??= new NetlinkClosedError('netlink client'))
}

function markSettled(p: Pending): void {
  p.settled = true
  const waiters = p.onSettled
  if (waiters === undefined) return
  p.onSettled = undefined
  // As reactions to a settled promise would: after the current job.
  for (const w of waiters) queueMicrotask(w)
}

function pruneUndefined<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined) delete o[k]
  return o
}
