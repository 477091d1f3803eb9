// A transport with no kernel behind it, for tests of the client and the API (like mdlayher's
// nltest): a fixed port id, every request recorded (bytes and decoded), replies produced by a
// handler function or taken from a list of canned replies, notifications injected by the test.
import { NLMSG_DONE, NLMSG_ERROR, NLM_F_ACK_TLVS, NLM_F_CAPPED, NLM_F_MULTI, type Message } from '../../codecs/core/nlmsg.js'
import type { ExtAck } from '../../codecs/core/nlmsgerr.js'
import { decodeOrRaw, frameHeader, frameSpans } from '../../codecs/frame.js'
import { encode } from '../../codecs/messages.js'
import { NetlinkSocketError } from '../errors.js'
import type { Sender, Transport, TransportError } from './types.js'

/** One request the client sent. */
export interface FakeRequest {
  /** The message's own bytes (one nlmsghdr and its payload). */
  bytes: Uint8Array
  /** Decoded; the body stays raw bytes when the codec rejects it. */
  message: Message
  /** Which send() call (datagram) carried it, from 0. */
  datagram: number
}

/** What a reply can be: raw bytes of a datagram, one message, or several messages in one datagram. */
export type FakeDatagram = Uint8Array | Message | readonly Message[]

/** Answers one request with datagrams (in order); nothing (undefined / []) to stay silent. */
export type FakeHandler = (req: FakeRequest, fake: FakeTransport) => FakeDatagram[] | undefined | void

export interface FakeOptions {
  portId?: number
  handler?: FakeHandler
  /** Canned replies: the n-th request gets the n-th entry (used after `handler`, if both). */
  replies?: FakeDatagram[][]
  /** The first descriptor number openNetnsFd() hands out (then counting up); 100 by default. */
  firstFd?: number
  /**
   * Act as a socket with NETLINK_GET_STRICT_CHK set: the API then leaves the filters it puts in
   * dump requests to the (fake) kernel, as with a real socket that has it. False by default.
   */
  strictChecking?: boolean
}

export class FakeTransport implements Transport {
  readonly name = 'fake'
  readonly portId: number
  /** As a socket with NETLINK_GET_STRICT_CHK set (FakeOptions.strictChecking). */
  readonly strictChecking: boolean
  readonly requests: FakeRequest[] = []
  /** Each send() call's buffers, concatenated: one entry per datagram. */
  readonly datagrams: Uint8Array[] = []
  readonly memberships = new Set<number>()
  readonly openedFds = new Map<number, string>()
  handler: FakeHandler | undefined
  private readonly canned: FakeDatagram[][]
  private messageCb: (buf: Uint8Array, from: Sender) => void = () => {}
  private errorCb: (err: TransportError, fatal: boolean) => void = () => {}
  private nextFd = 100
  closed = false
  refed = true

  constructor(opts: FakeOptions = {}) {
    this.portId = opts.portId ?? 4242
    this.strictChecking = opts.strictChecking === true
    this.handler = opts.handler
    this.canned = [...(opts.replies ?? [])]
    this.nextFd = opts.firstFd ?? 100
  }

  async send(frames: readonly Uint8Array[]): Promise<void> {
    if (this.closed) throw new NetlinkSocketError(9, 'sendmsg', 'the socket is closed')
    const datagram = concatBytes(frames)
    const index = this.datagrams.length
    this.datagrams.push(datagram)
    const replies: FakeDatagram[] = []
    for (const span of frameSpans(datagram)) {
      const bytes = datagram.slice(span.offset, span.offset + span.length)
      const req: FakeRequest = { bytes, message: decodeOrRaw(bytes), datagram: index }
      this.requests.push(req)
      const fromHandler = this.handler?.(req, this)
      const out = fromHandler ?? this.canned.shift()
      if (out) replies.push(...out)
    }
    // The kernel answers after sendmsg returns: deliver on a later tick, in order.
    if (replies.length > 0) setImmediate(() => replies.forEach((r) => this.inject(r)))
  }

  /** Deliver a datagram as if the kernel sent it (groups ≠ 0: a multicast notification). */
  inject(datagram: FakeDatagram, from: Partial<Sender> = {}): void {
    if (this.closed) return
    const bytes = datagram instanceof Uint8Array ? datagram : encode(datagram as Message | readonly Message[])
    this.messageCb(bytes, { port: from.port ?? 0, groups: from.groups ?? 0 })
  }

  /** Report a socket error as the real transports do (ENOBUFS: fatal = false). */
  emitError(err: TransportError, fatal = false): void {
    this.errorCb(err, fatal)
  }

  onMessage(cb: (buf: Uint8Array, from: Sender) => void): void {
    this.messageCb = cb
  }

  onError(cb: (err: TransportError, fatal: boolean) => void): void {
    this.errorCb = cb
  }

  async addMembership(group: number): Promise<void> {
    this.memberships.add(group)
  }

  async dropMembership(group: number): Promise<void> {
    this.memberships.delete(group)
  }

  async openNetnsFd(path: string): Promise<number> {
    const fd = this.nextFd++
    this.openedFds.set(fd, path)
    return fd
  }

  async closeFd(fd: number): Promise<void> {
    if (!this.openedFds.delete(fd)) throw new Error(`fd ${fd} was not opened by openNetnsFd`)
  }

  ref(): void {
    this.refed = true
  }

  unref(): void {
    this.refed = false
  }

  async close(): Promise<void> {
    this.closed = true
  }
}

function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!.slice()
  let n = 0
  for (const p of parts) n += p.length
  const out = new Uint8Array(n)
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

// Reply builders: the kernel's answers to `req`, with its seq and the client's port id.

/** NLMSG_ERROR with error 0: the ack (header-only echo, NLM_F_CAPPED, as with NETLINK_CAP_ACK). */
export function ackFor(req: FakeRequest, portId: number): Message {
  return errorFor(req, portId, 0)
}

/**
 * NLMSG_ERROR with -errno. The echoed request is the whole request (as the kernel does without
 * NETLINK_CAP_ACK); `extack` adds NLMSGERR_ATTR_* TLVs and NLM_F_ACK_TLVS.
 */
export function errorFor(req: FakeRequest, portId: number, errno: number, extack?: ExtAck): Message {
  const h = frameHeader(req.bytes)
  const hasTlvs = extack !== undefined && Object.keys(extack).length > 0
  const capped = errno === 0
  const flags = (capped ? NLM_F_CAPPED : 0) | (hasTlvs ? NLM_F_ACK_TLVS : 0)
  const request = capped
    ? { len: h.len, type: h.type, flags: h.flags, seq: h.seq, pid: h.pid }
    : { len: h.len, type: h.type, flags: h.flags, seq: h.seq, pid: h.pid, body: req.bytes.slice(16) }
  return { type: NLMSG_ERROR, flags, seq: h.seq, pid: portId, body: { error: -Math.abs(errno), request, ...extack } }
}

/** One part of a dump reply. */
export function partFor(req: FakeRequest, portId: number, type: number, body: Uint8Array | object, extraFlags = 0): Message {
  return { type, flags: NLM_F_MULTI | extraFlags, seq: req.message.seq, pid: portId, body }
}

/** NLMSG_DONE ending a dump (status 0, or -errno). */
export function doneFor(req: FakeRequest, portId: number, errno = 0, extraFlags = 0): Message {
  return { type: NLMSG_DONE, flags: NLM_F_MULTI | extraFlags, seq: req.message.seq, pid: portId, body: { error: -Math.abs(errno) } }
}
