// A NETLINK_ROUTE socket owned by this process, through the `netlink` package's RawNetlinkSocket
// (its native part only: netlink/dist/raw.js, loaded on first use, so importing nlwire costs
// nothing until a socket is opened). In this process's network namespace (openDirect), or in
// another one (openInNetns): the thread enters the namespace, creates the socket and comes back
// (netns-window.ts); a netlink socket stays in the namespace it was created in.
//
// With koffi (sys.ts), the socket's descriptor is found and NETLINK_EXT_ACK set on it, so the
// kernel explains its refusals. The package does not tell the descriptor; the kernel gives a new
// socket the lowest free one, so it is predicted (dup, close) just before the socket is made and
// verified after (getsockname: a netlink socket bound to this socket's port). Only if another
// thread took that number meanwhile (libuv's pool opens files) are the process's fds scanned.
//
// Lifetime: the socket does not keep the process alive by itself. The client refs it while a
// request is pending or a subscription is open, and unrefs it when idle, like a timer that is
// only armed when needed: a script that forgets close() still exits when its work is done.
import { closeSync, constants as fsConstants, openSync, readdirSync } from 'node:fs'
import { createRequire } from 'node:module'
import { NETLINK_ROUTE } from '../../codecs/core/nlmsg.js'
import { CAP_SYS_ADMIN, hasCapability } from '../caps.js'
import { netnsLog } from '../debug.js'
import { NetlinkDroppedError, NetlinkSocketError, NetnsError } from '../errors.js'
import { errnoName } from '../errno.js'
import { netnsPath } from '../netns.js'
import { closeQuietly, insideNetns, openOwnNetns } from './netns-window.js'
import { openRelay } from './relay.js'
import { NETLINK_EXT_ACK, NETLINK_GET_STRICT_CHK, NETLINK_NO_ENOBUFS, SK_MEMINFO_DROPS, SOL_NETLINK, type Sys, SysError, sys } from './sys.js'
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

/** Makes the RawNetlinkSocket (tests substitute one that fails inside the namespace). */
export type SocketFactory = (opts: DirectOptions) => RawSocket

export const makeRawSocket: SocketFactory = (opts) => {
  const Raw = rawSocketClass()
  return new Raw(NETLINK_ROUTE, {
    ...READ_OPTIONS,
    recvBufferSize: opts.recvBufferSize ?? DEFAULT_RECV_BUFFER,
    ...(opts.sendBufferSize !== undefined ? { sendBufferSize: opts.sendBufferSize } : {}),
  })
}

/** How often a notification socket's drop counter is read when no datagram arrives (ms). */
export const DROP_CHECK_MS = 250

/** Descriptors of the sockets open transports own: never mistaken for a new one. */
const ownedFds = new Set<number>()

/** How the last socket's descriptor was found (for tests and the bench): 'predicted' or 'scan'. */
export let lastFdLookup: 'predicted' | 'scan' | 'none' = 'none'

/** The descriptor the next new file gets: the lowest free one (dup of any open fd, then close). */
function predictFd(s: Sys, anyFd: number): number | undefined {
  try {
    const fd = s.dup(anyFd)
    s.close(fd)
    return fd
  } catch {
    return undefined
  }
}

function locateFd(s: Sys, port: number, predicted: number | undefined): number | undefined {
  if (predicted !== undefined && !ownedFds.has(predicted) && s.netlinkAddress(predicted)?.port === port) {
    lastFdLookup = 'predicted'
    return predicted
  }
  lastFdLookup = 'scan'
  netnsLog('socket port %d is not on the predicted fd %s: scanning /proc/self/fd', port, predicted)
  for (const name of readdirSync('/proc/self/fd')) {
    const fd = Number(name)
    if (!ownedFds.has(fd) && s.netlinkAddress(fd)?.port === port) return fd
  }
  return undefined
}

/**
 * NETLINK_EXT_ACK: the kernel's own text and the offending attribute's offset in error replies.
 * NETLINK_GET_STRICT_CHK: dump requests checked strictly, and their filters applied by the kernel
 * (iproute2's rtnl_set_strict_dump). Answers whether strict checking is on.
 */
function setSocketOptions(s: Sys, fd: number): boolean {
  for (const [name, value] of [['NETLINK_EXT_ACK', NETLINK_EXT_ACK], ['NETLINK_GET_STRICT_CHK', NETLINK_GET_STRICT_CHK]] as const) {
    try {
      s.setsockoptInt(fd, SOL_NETLINK, value, 1)
    } catch (e) {
      netnsLog('setsockopt %s on fd %d failed: %s', name, fd, (e as Error).message)
      if (value === NETLINK_GET_STRICT_CHK) return false
    }
  }
  return true
}

/** Find the new socket's fd (the socket is bound to `port`) and set its options; no fd where koffi is absent. */
function adopt(s: Sys | undefined, port: number, predicted: number | undefined): { fd?: number; strictChecking: boolean } {
  if (s === undefined) return { strictChecking: false }
  const fd = locateFd(s, port, predicted)
  if (fd === undefined) return { strictChecking: false }
  return { fd, strictChecking: setSocketOptions(s, fd) }
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
export function openDirect(opts: DirectOptions = {}, factory: SocketFactory = makeRawSocket): DirectTransport {
  const s = sys()
  const predicted = s !== undefined ? predictAny(s) : undefined
  const sock = factory(opts)
  const port = sock.address().port
  return new DirectTransport(sock, { port, ...adopt(s, port, predicted) })
}

function predictAny(s: Sys): number | undefined {
  for (const fd of [0, 1, 2]) {
    const p = predictFd(s, fd)
    if (p !== undefined) return p
  }
  return undefined
}

/** The namespace file for a name (/run/netns/NAME) or an absolute path. */
export function netnsFile(netns: string): string {
  return netns.startsWith('/') ? netns : netnsPath(netns)
}

/**
 * Open a NETLINK_ROUTE socket inside another network namespace, from this thread (setns in,
 * socket, setns back). Needs koffi: callers check sys() first. Errors are NetnsError.
 */
export function openInNetns(netns: string, opts: DirectOptions = {}, factory: SocketFactory = makeRawSocket, label = netns): DirectTransport {
  const s = sys()
  if (s === undefined) throw new Error('openInNetns needs koffi (see netns.mechanism())')
  const file = netnsFile(netns)
  let home: number | undefined
  let target: number | undefined
  try {
    try {
      target = openSync(file, fsConstants.O_RDONLY | fsConstants.O_NONBLOCK)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code ?? 'EIO'
      if (code === 'ENOENT') throw new NetnsError('open', netns, 'ENOENT', `there is no network namespace ${netns} (no ${file})`)
      throw new NetnsError('open', netns, code, `cannot open ${file}: ${(e as Error).message}`)
    }
    home = openOwnNetns()
    let predicted: number | undefined
    let sock: RawSocket
    try {
      sock = insideNetns(s, target, home, () => {
        predicted = predictFd(s, target!)
        return factory(opts)
      })
    } catch (e) {
      if (e instanceof SysError && e.syscall === 'setns') throw setnsError(netns, file, e)
      throw e
    }
    const port = sock.address().port
    const adopted = adopt(s, port, predicted)
    netnsLog('socket in %s: port %d, fd %s', file, port, adopted.fd)
    return new DirectTransport(sock, { name: `netns:${label}`, port, ...adopted, netnsFile: file })
  } finally {
    closeQuietly(target)
    closeQuietly(home)
  }
}

function setnsError(netns: string, file: string, e: SysError): NetnsError {
  if (e.code === 'EINVAL') return new NetnsError('open', netns, 'EINVAL', `${file} is not a network namespace (setns: EINVAL)`)
  if (e.code === 'EPERM') {
    const why =
      hasCapability(CAP_SYS_ADMIN) === false
        ? 'entering a network namespace needs CAP_SYS_ADMIN, which this process does not have'
        : 'the kernel did not let this process enter it'
    return new NetnsError('open', netns, 'EPERM', `${why} (setns: EPERM)`)
  }
  return new NetnsError('open', netns, e.code, `cannot enter ${file}: ${e.message}`)
}

export interface DirectTransportInfo {
  /** 'direct' (this namespace) or 'netns:NAME'. */
  name?: string
  /** The socket's descriptor, when known (koffi found it). */
  fd?: number
  /** The namespace file the socket was made in; undefined: this process's namespace. */
  netnsFile?: string
  /** The socket's port, when the caller has asked already (saves a getsockname). */
  port?: number
  /** NETLINK_GET_STRICT_CHK was set on it (Transport.strictChecking). */
  strictChecking?: boolean
}

export class DirectTransport implements Transport {
  readonly name: string
  readonly portId: number
  /** The socket's descriptor (known when koffi is available). */
  readonly fd: number | undefined
  /** The namespace file the socket was created in (undefined: this process's own). */
  readonly netnsFile: string | undefined
  readonly strictChecking: boolean
  private messageCb: (buf: Uint8Array, from: Sender) => void = () => {}
  private errorCb: (err: TransportError, fatal: boolean) => void = () => {}
  private readonly fds = new Set<number>()
  private closed = false
  /** Drop watching (notification sockets, see watchDrops): the counter last seen, the timer. */
  private drops: number | undefined
  private dropTimer: ReturnType<typeof setInterval> | undefined
  private dropCheckQueued = false

  constructor(
    private readonly sock: RawSocket,
    info: DirectTransportInfo = {},
  ) {
    this.name = info.name ?? 'direct'
    this.fd = info.fd
    this.netnsFile = info.netnsFile
    this.strictChecking = info.strictChecking === true
    if (this.fd !== undefined) ownedFds.add(this.fd)
    this.portId = info.port ?? sock.address().port
    sock.on('message', (buf, rinfo) => {
      this.messageCb(buf, { port: rinfo.port, groups: rinfo.groups })
      if (this.drops !== undefined && !this.dropCheckQueued) {
        // After the burst this read is part of (the package reads up to 32 datagrams per poll).
        this.dropCheckQueued = true
        setImmediate(() => {
          this.dropCheckQueued = false
          this.checkDrops()
        })
      }
    })
    sock.on('truncatedMessage', (_buf, rinfo) =>
      this.errorCb(new NetlinkSocketError(90 /* EMSGSIZE */, 'recvmsg', `a ${rinfo.truncated ?? 'large'}-byte datagram did not fit the ${READ_OPTIONS.msgBufferSize}-byte read buffer and was dropped`), false),
    )
    sock.on('error', (err) => {
      const fatal = isFatal(err)
      if (fatal) this.markClosed()
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

  /**
   * Notifications get a socket of their own in the same namespace. With koffi it is this
   * process's, with NETLINK_NO_ENOBUFS set and its drop counter watched (watchDrops): an overrun
   * then never raises the socket error that makes the `netlink` package abort the process, and is
   * reported as NetlinkDroppedError. Without koffi, a relay child owns it (it may die of an
   * overrun instead; see Transport.openMonitor).
   */
  async openMonitor(opts: MonitorOptions): Promise<Transport> {
    const s = sys()
    if (s !== undefined && this.fd !== undefined) {
      const sizes = opts.recvBufferSize !== undefined ? { recvBufferSize: opts.recvBufferSize } : {}
      const t = this.netnsFile !== undefined ? openInNetns(this.netnsFile, sizes, makeRawSocket, `${this.name.replace(/^netns:/, '')}:monitor`) : openDirect(sizes)
      if (t.watchDrops()) return t
      await t.close()
    }
    return openRelay({ ...opts, ...(this.netnsFile !== undefined ? { netns: this.netnsFile } : {}) })
  }

  /**
   * NETLINK_NO_ENOBUFS on, and the socket's SO_MEMINFO drop counter checked after every burst of
   * datagrams and every DROP_CHECK_MS while open (unref'd); drops become a non-fatal
   * NetlinkDroppedError. False where that cannot be done (no koffi, fd unknown, setsockopt refused).
   */
  watchDrops(): boolean {
    const s = sys()
    if (s === undefined || this.fd === undefined || this.closed) return false
    try {
      s.setsockoptInt(this.fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, 1)
      this.drops = s.meminfo(this.fd)[SK_MEMINFO_DROPS]!
    } catch (e) {
      netnsLog('cannot watch drops on fd %d: %s', this.fd, (e as Error).message)
      return false
    }
    this.dropTimer = setInterval(() => this.checkDrops(), DROP_CHECK_MS)
    this.dropTimer.unref()
    return true
  }

  /** Report notifications the kernel dropped since the last check. */
  checkDrops(): number {
    const s = sys()
    if (this.closed || this.drops === undefined || s === undefined || this.fd === undefined) return 0
    let now: number
    try {
      now = s.meminfo(this.fd)[SK_MEMINFO_DROPS]!
    } catch {
      return 0
    }
    const lost = (now - this.drops) >>> 0
    if (lost === 0) return 0
    this.drops = now
    netnsLog('[%s] the kernel dropped %d notifications (SO_MEMINFO drops %d)', this.name, lost, now)
    this.errorCb(new NetlinkDroppedError(lost), false)
    return lost
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
    this.markClosed()
    this.sock.close()
  }

  private markClosed(): void {
    this.closed = true
    if (this.dropTimer !== undefined) clearInterval(this.dropTimer)
    this.dropTimer = undefined
    if (this.fd !== undefined) ownedFds.delete(this.fd)
  }
}
