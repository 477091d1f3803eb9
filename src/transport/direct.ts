// A NETLINK_ROUTE socket in this process's network namespace, through the `netlink` package's
// RawNetlinkSocket (its native part only: netlink/dist/raw.js, loaded on first use, so importing
// nlwire costs nothing until a socket is opened and the relay parent never loads the addon).
//
// Lifetime: the socket does not keep the process alive by itself. The client refs it while a
// request is pending or a subscription is open, and unrefs it when idle, like a timer that is
// only armed when needed: a script that forgets close() still exits when its work is done.
import { closeSync, constants as fsConstants, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import { NETLINK_ROUTE } from '../../codecs/core/nlmsg.js'
import { NetlinkSocketError } from '../errors.js'
import { errnoName } from '../errno.js'
import { openRelay } from './relay.js'
import { DEFAULT_RECV_BUFFER, type MonitorOptions, type Sender, type Transport, type TransportError } from './types.js'

/** The parts of netlink's RawNetlinkSocket this file uses. */
export interface RawSocket {
  on(event: 'message', cb: (msg: Buffer, rinfo: Sender & { truncated?: number }) => void): unknown
  on(event: 'truncatedMessage', cb: (msg: Buffer, rinfo: Sender & { truncated?: number }) => void): unknown
  on(event: 'error', cb: (err: ErrnoException) => void): unknown
  send(msg: Buffer | Buffer[], options: object | undefined, cb: (err?: ErrnoException) => void): void
  address(): { port: number; groups: number }
  addMembership(group: number): void
  dropMembership(group: number): void
  getRecvBufferSize(): number
  ref(): void
  unref(): void
  close(): void
}

interface ErrnoException extends Error {
  errno: number
  code: string
  syscall?: string
}

type RawSocketCtor = new (
  protocol: number,
  options: { recvBufferSize?: number; sendBufferSize?: number; messagePeeking?: boolean; msgBufferSize?: number },
) => RawSocket

/**
 * How the socket reads: one recvmsg into a 64 KiB buffer, no MSG_PEEK first. The kernel sizes
 * each dump datagram after the buffer the reader last offered (capped near 32 KiB): peeking with
 * an empty buffer made it send ~2 links per datagram, this ~20, and one syscall per datagram
 * instead of two. Netlink replies bigger than this do not occur in rtnetlink in practice; one
 * that did would arrive cut, and is reported as an error rather than decoded.
 */
export const READ_OPTIONS = { messagePeeking: false, msgBufferSize: 64 * 1024 } as const

let ctor: RawSocketCtor | undefined

function rawSocketClass(): RawSocketCtor {
  if (ctor === undefined) {
    const require = createRequire(import.meta.url)
    ctor = (require('netlink/dist/raw.js') as { RawNetlinkSocket: RawSocketCtor }).RawNetlinkSocket
  }
  return ctor
}

export interface DirectOptions {
  recvBufferSize?: number
  sendBufferSize?: number
}

/** Errors the package reports for a socket it has closed (poll failures). */
function isFatal(err: ErrnoException): boolean {
  return err.syscall === undefined || err.syscall === null || err.syscall === ''
}

export function socketError(err: ErrnoException): NetlinkSocketError {
  const errno = typeof err.errno === 'number' ? err.errno : 5 /* EIO */
  return new NetlinkSocketError(errno, err.syscall || undefined, errnoName(errno) === err.code ? undefined : err.message)
}

/** Wrap (not copy) a Uint8Array that is not a Buffer already. */
function asBuffer(f: Uint8Array): Buffer {
  return Buffer.isBuffer(f) ? f : Buffer.from(f.buffer, f.byteOffset, f.byteLength)
}

/** Open a NETLINK_ROUTE socket in this process's namespace. */
export function openDirect(opts: DirectOptions = {}): DirectTransport {
  const Raw = rawSocketClass()
  const sock = new Raw(NETLINK_ROUTE, {
    ...READ_OPTIONS,
    recvBufferSize: opts.recvBufferSize ?? DEFAULT_RECV_BUFFER,
    ...(opts.sendBufferSize !== undefined ? { sendBufferSize: opts.sendBufferSize } : {}),
  })
  return new DirectTransport(sock)
}

export class DirectTransport implements Transport {
  readonly name = 'direct'
  readonly portId: number
  private messageCb: (buf: Uint8Array, from: Sender) => void = () => {}
  private errorCb: (err: TransportError, fatal: boolean) => void = () => {}
  private readonly fds = new Set<number>()
  private closed = false

  constructor(private readonly sock: RawSocket) {
    this.portId = sock.address().port
    sock.on('message', (buf, rinfo) => this.messageCb(buf, { port: rinfo.port, groups: rinfo.groups }))
    sock.on('truncatedMessage', (_buf, rinfo) =>
      this.errorCb(new NetlinkSocketError(90 /* EMSGSIZE */, 'recvmsg', `a ${rinfo.truncated ?? 'large'}-byte datagram did not fit the ${READ_OPTIONS.msgBufferSize}-byte read buffer and was dropped`), false),
    )
    sock.on('error', (err) => {
      const fatal = isFatal(err)
      if (fatal) this.closed = true
      this.errorCb(socketError(err), fatal)
    })
  }

  /** The receive buffer the kernel granted (SO_RCVBUF, doubled by the kernel). */
  recvBufferSize(): number {
    return this.sock.getRecvBufferSize()
  }

  send(frames: readonly Uint8Array[]): Promise<void> {
    if (this.closed) return Promise.reject(new NetlinkSocketError(9, 'sendmsg', 'the socket is closed'))
    // The addon wants Buffers (one, or an array of them for one sendmsg with several iovecs).
    const data = frames.length === 1 ? asBuffer(frames[0]!) : frames.map(asBuffer)
    return new Promise((resolve, reject) => {
      this.sock.send(data, undefined, (err) => (err ? reject(socketError(err)) : resolve()))
    })
  }

  onMessage(cb: (buf: Uint8Array, from: Sender) => void): void {
    this.messageCb = cb
  }

  onError(cb: (err: TransportError, fatal: boolean) => void): void {
    this.errorCb = cb
  }

  async addMembership(group: number): Promise<void> {
    this.membership(group, true)
  }

  async dropMembership(group: number): Promise<void> {
    this.membership(group, false)
  }

  private membership(group: number, join: boolean): void {
    try {
      if (join) this.sock.addMembership(group)
      else this.sock.dropMembership(group)
    } catch (e) {
      throw socketError(e as ErrnoException)
    }
  }

  async openNetnsFd(path: string): Promise<number> {
    // O_NONBLOCK: opening a FIFO by mistake must not hang; namespace files ignore it.
    const fd = openSync(path, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK)
    this.fds.add(fd)
    return fd
  }

  async closeFd(fd: number): Promise<void> {
    if (!this.fds.delete(fd)) throw new Error(`fd ${fd} was not opened by openNetnsFd`)
    closeSync(fd)
  }

  /** Notifications go through a relay child in this same namespace (see Transport.openMonitor). */
  openMonitor(opts: MonitorOptions): Promise<Transport> {
    return openRelay({ ...opts })
  }

  ref(): void {
    if (!this.closed) this.sock.ref()
  }

  unref(): void {
    if (!this.closed) this.sock.unref()
  }

  async close(): Promise<void> {
    for (const fd of this.fds) closeSync(fd)
    this.fds.clear()
    if (this.closed) return
    this.closed = true
    this.sock.close()
  }
}
