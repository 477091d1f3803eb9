// Multicast for one client: which socket carries the notifications, which groups it has joined
// (counted across subscriptions), and which subscriptions get each datagram.
//
// When the transport offers openMonitor() (direct and relay do), notifications get a socket of
// their own in a relay process, opened with the first subscription and closed after the last:
// a notification flood can then overrun only that socket, and its death ends the subscriptions
// with a typed error instead of taking the requests, or this process, with it (see
// Transport.openMonitor). Without openMonitor (the fake), the client's own transport is used.
//
// A carrier that lost messages is retired, not reused: what it still holds was queued before the
// loss (the kernel reports ENOBUFS ahead of the queued datagrams, and the drop counter is read
// after a burst, with more of the old ones behind it), so a subscription made after the overrun
// would get those stale notifications after its resync dump, and apply a 'new' whose 'del' was
// dropped. The next subscription opens a fresh socket that holds only what comes after it.
import { type Framed, decodeEach, decodeFramed } from '../../codecs/frame.js'
import { clientLog, describeMessage, recvLog } from '../debug.js'
import { NetlinkClosedError } from '../errors.js'
import type { Sender, Transport, TransportError } from '../transport/types.js'
import { Subscription } from './subscription.js'

export interface NotificationOptions {
  queueSize: number
  /** SO_RCVBUF for the notification socket. */
  recvBufferSize: number | undefined
}

export function traceReceived(transport: Transport, buf: Uint8Array): void {
  if (!recvLog.enabled) return
  for (const { message, bytes } of decodeEach(buf)) recvLog('[%s] %s', transport.name, describeMessage('←', message, bytes.length))
}

export class Notifications {
  private readonly subs = new Set<Subscription>()
  private readonly groupRefs = new Map<number, number>()
  /** The socket carrying notifications, once asked for. */
  private carrier: Promise<Transport> | undefined
  /** The carrier once open (for debugging and tests: a RelayTransport has the child's pid). */
  current: Transport | undefined
  /** subscribe() calls still joining groups: the carrier must not be closed under them. */
  private joining = 0

  constructor(
    private readonly main: Transport,
    private readonly opts: NotificationOptions,
    /** Told whenever the number of subscriptions changes. */
    private readonly changed: () => void,
  ) {}

  get active(): number {
    return this.subs.size
  }

  async subscribe(groups: readonly number[], queueSize = this.opts.queueSize): Promise<Subscription> {
    const sub = new Subscription([...groups], queueSize, (s) => this.unsubscribe(s))
    this.joining++
    const joined: number[] = []
    let t: Transport | undefined
    try {
      t = await this.transport()
      if (this.closed !== undefined) throw new NetlinkClosedError('subscribe')
      for (const g of new Set(groups)) {
        // Counted before the join is awaited, so that a leave() in flight sees it (below).
        const n = this.groupRefs.get(g) ?? 0
        this.groupRefs.set(g, n + 1)
        joined.push(g)
        if (n === 0) await t.addMembership(g)
        // Retired while joining: its counts are gone with it, and it carries nothing any more.
        if (this.retired.has(t)) throw this.retired.get(t)!
      }
    } catch (e) {
      if (t === undefined || !this.retired.has(t)) for (const g of joined) await this.leave(g)
      throw e
    } finally {
      this.joining--
    }
    this.subs.add(sub)
    this.changed()
    return sub
  }

  /** A multicast datagram's messages, each beside its bytes (from the client's own transport, or the carrier). */
  deliver(frames: readonly Framed[], mask: number): void {
    for (const f of frames) for (const s of this.subs) if (s.matches(mask)) s.push(f)
  }

  /** Messages were lost on the carrying socket, or it died: every subscription ends with `err`. */
  fail(err: TransportError): void {
    for (const s of [...this.subs]) s.fail(err)
  }

  private closed: Promise<void> | undefined

  /** End every subscription (no error) and close the notification socket. Final. */
  close(): Promise<void> {
    if (this.closed === undefined) {
      for (const s of [...this.subs]) s.end()
      this.subs.clear()
      this.groupRefs.clear()
      this.closed = this.closeCarrier()
    }
    return this.closed
  }

  private transport(): Promise<Transport> {
    if (this.carrier === undefined) {
      const open = this.main.openMonitor
      if (open === undefined) {
        this.current = this.main
        this.carrier = Promise.resolve(this.main)
      } else {
        const size = this.opts.recvBufferSize
        this.carrier = open.call(this.main, size !== undefined ? { recvBufferSize: size } : {}).then((t) => {
          t.onMessage((buf, from) => this.receive(t, buf, from))
          t.onError((err, fatal) => this.monitorError(t, err, fatal))
          this.current = t
          return t
        })
        this.carrier.catch(() => (this.carrier = undefined))
      }
    }
    return this.carrier
  }

  private receive(t: Transport, buf: Uint8Array, from: Sender): void {
    if (from.port !== 0 || from.groups === 0) return // only multicast from the kernel is expected here
    if (this.retired.has(t)) return // queued before its overrun: stale (see the top of the file)
    traceReceived(t, buf)
    try {
      this.deliver(decodeFramed(buf), from.groups)
    } catch (e) {
      clientLog('[%s] dropped an unreadable datagram of %d bytes: %s', t.name, buf.length, (e as Error).message)
    }
  }

  private monitorError(t: Transport, err: TransportError, fatal: boolean): void {
    if (this.retired.has(t)) return
    clientLog('[%s] notification socket error (%s): %s', t.name, fatal ? 'fatal' : 'messages lost, socket retired', err.message)
    // Either way this socket is done: gone with its memberships (fatal), or holding notifications
    // from before a loss (see the top of the file). Its subscriptions end with the error; the next
    // subscription opens a new socket.
    this.retired.set(t, err)
    this.carrier = undefined
    this.current = undefined
    this.groupRefs.clear()
    const subs = [...this.subs]
    this.subs.clear() // their ends must not leave groups of the next socket
    for (const s of subs) s.fail(err)
    this.changed()
    if (!fatal) void t.close().catch(() => {})
  }

  /** Carriers that failed, with the error they failed with. */
  private readonly retired = new WeakMap<Transport, TransportError>()

  private async unsubscribe(sub: Subscription): Promise<void> {
    if (!this.subs.delete(sub)) return
    this.changed()
    for (const g of new Set(sub.groups)) await this.leave(g)
    if (this.subs.size === 0 && this.joining === 0) await this.closeCarrier()
  }

  private async leave(group: number): Promise<void> {
    const n = (this.groupRefs.get(group) ?? 0) - 1
    if (n > 0) {
      this.groupRefs.set(group, n)
      return
    }
    if (!this.groupRefs.delete(group)) return
    const t = await this.carrier?.catch(() => undefined)
    // A subscribe() while this awaited (a monitor subscribing again right after an overrun ended
    // the old subscription) has joined the group again: leaving now would leave it for them.
    if (this.groupRefs.has(group)) return
    await t?.dropMembership(group).catch(() => {})
  }

  private async closeCarrier(): Promise<void> {
    const c = this.carrier
    this.carrier = undefined
    this.current = undefined
    const t = await c?.catch(() => undefined)
    if (t !== undefined && t !== this.main) await t.close()
  }
}
