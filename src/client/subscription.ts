// A multicast subscription: an async iterator over notification messages with a bounded queue.
// When the queue overflows, or the socket reports ENOBUFS, the iterator first hands out what it
// had queued and then throws the error: notifications were lost, and the consumer must re-read
// the state (dump) and subscribe again. close() (or breaking out of for-await) ends it.
// Each notification keeps the bytes it arrived as beside its decoded value: iterate
// `notifications()` for both (a monitor writing pcap or hex), the subscription itself for the
// messages alone.
import { type Message, netlinkGroupMask } from '../../codecs/core/nlmsg.js'
import type { Framed } from '../../codecs/frame.js'
import { NetlinkOverrunError } from '../errors.js'

/** A notification as it arrived: the decoded message and its own bytes (nlmsg_len of them). */
export type Notification = Framed

type Waiter = { resolve: (r: IteratorResult<Notification>) => void; reject: (e: Error) => void }

export const DEFAULT_QUEUE_SIZE = 4096

export class Subscription implements AsyncIterableIterator<Message> {
  /** RTNLGRP_* numbers this subscription joined. */
  readonly groups: readonly number[]
  private readonly queue: Notification[] = []
  private readonly waiters: Waiter[] = []
  private error: Error | undefined
  private ended = false
  private detached = false

  constructor(
    groups: readonly number[],
    private readonly queueSize: number,
    /** Called once when the subscription ends (leave the groups). */
    private readonly onEnd: (sub: Subscription) => Promise<void>,
  ) {
    this.groups = groups
  }

  /** Whether a multicast datagram with this nl_groups mask is for us. */
  matches(mask: number): boolean {
    for (const g of this.groups) if ((mask & netlinkGroupMask(g)) !== 0) return true
    return false
  }

  /** Queue a notification (from the client). */
  push(n: Notification): void {
    if (this.ended) return
    const w = this.waiters.shift()
    if (w !== undefined) {
      w.resolve({ value: n, done: false })
      return
    }
    if (this.queue.length >= this.queueSize) {
      this.fail(new NetlinkOverrunError(this.queueSize))
      return
    }
    this.queue.push(n)
  }

  /** End with an error, after the queued messages (from the client). */
  fail(err: Error): void {
    if (this.ended) return
    this.error = err
    this.ended = true
    const w = this.waiters.shift()
    if (w !== undefined) {
      this.error = undefined
      w.reject(err)
    }
    this.finishWaiters()
    void this.detach()
  }

  /** End without an error (client closed, or the consumer is done). */
  end(): void {
    if (this.ended) return
    this.ended = true
    this.finishWaiters()
    void this.detach()
  }

  async next(): Promise<IteratorResult<Message>> {
    const r = await this.nextNotification()
    return r.done ? r : { value: r.value.message, done: false }
  }

  /** The next notification with its bytes (what next() gives, and the bytes it came as). */
  nextNotification(): Promise<IteratorResult<Notification>> {
    const n = this.queue.shift()
    if (n !== undefined) return Promise.resolve({ value: n, done: false })
    if (this.error !== undefined) {
      const e = this.error
      this.error = undefined
      return Promise.reject(e)
    }
    if (this.ended) return Promise.resolve({ value: undefined, done: true })
    return new Promise((resolve, reject) => this.waiters.push({ resolve, reject }))
  }

  async return(): Promise<IteratorResult<Message>> {
    await this.close()
    return { value: undefined, done: true }
  }

  [Symbol.asyncIterator](): this {
    return this
  }

  /** The same stream, each message beside its bytes: `for await (const { message, bytes } of sub.notifications())`. */
  notifications(): AsyncIterableIterator<Notification> {
    const it: AsyncIterableIterator<Notification> = {
      next: () => this.nextNotification(),
      return: async () => {
        await this.close()
        return { value: undefined, done: true }
      },
      [Symbol.asyncIterator]: () => it,
    }
    return it
  }

  /** Stop: leave the groups, drop what is queued, end the iterator. */
  async close(): Promise<void> {
    this.queue.length = 0
    this.error = undefined
    this.end()
    await this.detach()
  }

  /** Messages waiting to be read. */
  get pending(): number {
    return this.queue.length
  }

  private finishWaiters(): void {
    for (const w of this.waiters.splice(0)) w.resolve({ value: undefined, done: true })
  }

  private detachPromise: Promise<void> | undefined

  private detach(): Promise<void> {
    if (!this.detached) {
      this.detached = true
      this.detachPromise = this.onEnd(this).catch(() => {})
    }
    return this.detachPromise ?? Promise.resolve()
  }
}
