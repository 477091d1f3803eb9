// The floor: prebuilt request bytes on the `netlink` package's RawNetlinkSocket, no codec and no
// request bookkeeping beyond counting acks. Any library built on that socket pays at least this.
// Runs inside the bench child (bench/child.ts), so the socket lives in the scratch namespace.
import { RawNetlinkSocket } from 'netlink'
import { NETLINK_ROUTE } from '../wire/constants.js'
import { errnoName, walkReplies } from '../wire/replies.js'

export interface SendPlan {
  /** Requests per sendmsg (>1 concatenates them into one datagram). */
  perSend: number
  /** Most requests sent but not yet acked (1 = strictly one by one). */
  window: number
}

/** The kernel never builds a dump datagram larger than 32 KiB (netlink_dump caps max_recvmsg_len). */
export const RECV_BUFFER = 32 * 1024

export const ONE_BY_ONE: SendPlan = { perSend: 1, window: 1 }

/** Requests grouped per sendmsg, prebuilt before timing so the timed loop only sends. */
export function prebuild(requests: Uint8Array[], plan: SendPlan): Buffer[] {
  const out: Buffer[] = []
  for (let i = 0; i < requests.length; i += plan.perSend) out.push(Buffer.concat(requests.slice(i, i + plan.perSend)))
  return out
}

export class FloorSocket {
  readonly raw: RawNetlinkSocket
  private onData: ((data: Buffer) => void) | null = null
  private failure: Error | null = null

  /** Datagrams received so far (a dump's count says how much the kernel packed per datagram). */
  datagrams = 0

  /**
   * `peek: false` (the floor): recvmsg straight into a 32 KiB buffer, as libmnl/iproute2 do. The
   * kernel sizes dump datagrams by the largest buffer the reader has offered (capped at 32 KiB), so
   * this gets ~20 links per datagram. `peek: true` is RawNetlinkSocket's default (MSG_PEEK with a
   * 1-byte buffer to learn the size, then the read): the kernel then packs ~2 links per datagram.
   */
  constructor(groups: number[] = [], opts: { peek?: boolean } = {}) {
    const recv = opts.peek ? {} : { messagePeeking: false, msgBufferSize: RECV_BUFFER }
    this.raw = new RawNetlinkSocket(NETLINK_ROUTE, { recvBufferSize: 4 << 20, sendBufferSize: 1 << 20, ...recv })
    for (const g of groups) this.raw.addMembership(g)
    this.raw.on('message', (data) => {
      this.datagrams++
      this.onData?.(data)
    })
    this.raw.on('truncatedMessage', () => {
      this.failure = new Error(`floor: a datagram did not fit the ${RECV_BUFFER}-byte receive buffer`)
    })
    this.raw.on('error', (err) => {
      this.failure = err
    })
  }

  /**
   * Send `sends` (each one or more requests, `perSend` each) keeping at most `window` requests
   * unacked; resolves when every request is acked, rejects on the first error reply.
   */
  run(sends: Buffer[], plan: SendPlan, totalRequests: number, timeoutMs = 60_000): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let next = 0
      let acked = 0
      let inFlight = 0
      const timer = setTimeout(() => finish(new Error(`floor: timed out with ${acked}/${totalRequests} acks`)), timeoutMs)
      const finish = (err?: Error) => {
        clearTimeout(timer)
        this.onData = null
        err ? reject(err) : resolve()
      }
      const pump = () => {
        while (next < sends.length && inFlight + plan.perSend <= Math.max(plan.window, plan.perSend)) {
          const buf = sends[next++]!
          inFlight += plan.perSend
          this.raw.send(buf, undefined, (err) => err && finish(err))
        }
      }
      let failed: Error | null = null
      this.onData = (data) => {
        walkReplies(data, {
          ack: (seq, errno) => {
            if (errno !== 0 && !failed) failed = new Error(`floor: request seq ${seq} failed: ${errnoName(errno)}`)
            acked++
            inFlight--
          },
        })
        if (failed) return finish(failed)
        if (this.failure) return finish(this.failure)
        if (acked >= totalRequests) return finish()
        pump()
      }
      pump()
    })
  }

  /** One dump: resolves with the number of messages once NLMSG_DONE arrives (bodies untouched). */
  dump(request: Uint8Array, timeoutMs = 30_000): Promise<number> {
    return new Promise<number>((resolve, reject) => {
      let count = 0
      let finished = false
      const timer = setTimeout(() => finish(new Error('floor: dump timed out')), timeoutMs)
      const finish = (err?: Error) => {
        clearTimeout(timer)
        this.onData = null
        err ? reject(err) : resolve(count)
      }
      this.onData = (data) => {
        if (this.failure && !finished) {
          finished = true
          return finish(this.failure)
        }
        walkReplies(data, {
          ack: (_seq, errno) => {
            if (!finished) {
              finished = true
              finish(new Error(`floor: dump failed: ${errnoName(errno)}`))
            }
          },
          message: () => {
            count++
          },
          done: () => {
            if (!finished) {
              finished = true
              finish()
            }
          },
        })
      }
      this.raw.send(request, undefined, (err) => err && finish(err))
    })
  }

  /** Collect everything this socket receives into `sink` (notifications) until stop() is called. */
  listen(sink: (data: Buffer) => void): () => void {
    this.onData = sink
    return () => {
      this.onData = null
    }
  }

  /**
   * One request already built, acked: the least a library can do per request (no timer, no
   * batching plan). For benches that time single requests interleaved with another peer's.
   */
  once(request: Buffer): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.onData = (data) => {
        let errno = -1
        walkReplies(data, { ack: (_seq, e) => void (errno = e) })
        if (errno < 0) return
        this.onData = null
        errno === 0 ? resolve() : reject(new Error(`floor: request failed: ${errnoName(errno)}`))
      }
      this.raw.send(request, undefined, (err) => {
        if (err) {
          this.onData = null
          reject(err)
        }
      })
    })
  }

  close(): void {
    this.raw.close()
  }
}
