// Multicast subscriptions against the fake transport: routing by group, the bounded queue,
// ENOBUFS surfaced in the iterator, and notifications that carry the seq of a pending request.
import t from 'tap'
import { NLM_F_ACK, NLM_F_ECHO, NLM_F_REQUEST, type Message } from '../codecs/core/nlmsg.js'
import { toHex } from '../codecs/core/bytes.js'
import { encode } from '../codecs/messages.js'
import { RTM_GETLINK, RTM_NEWLINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_LINK, RTNLGRP_STATS } from '../codecs/rtnetlink.js'
import { Client } from '../src/client/client.js'
import { NetlinkDroppedError, NetlinkOverrunError, NetlinkSocketError } from '../src/errors.js'
import { FakeTransport, ackFor, type FakeRequest } from '../src/transport/fake.js'
import { ifinfomsg } from './helpers/tlv.js'

const TEST = 500
const PORT = 4242

/** The nl_groups mask the kernel puts in recvmsg's address for a group. */
const mask = (group: number) => (1 << (group - 1)) >>> 0

function note(n: number, seq = 0, pid = 0): Message {
  return { type: TEST, flags: 0, seq, pid, body: new Uint8Array([n]) }
}

const body = (m: Message) => [...(m.body as Uint8Array)]

t.test('notifications arrive in order; other groups are not delivered', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const sub = await c.subscribe([RTNLGRP_LINK])
  t.strictSame([...fake.memberships], [RTNLGRP_LINK])
  fake.inject(note(1), { groups: mask(RTNLGRP_LINK) })
  fake.inject(note(2), { groups: mask(RTNLGRP_IPV4_IFADDR) })
  fake.inject([note(3), note(4)], { groups: mask(RTNLGRP_LINK) })
  const got: number[] = []
  for await (const m of sub) {
    got.push(body(m)[0]!)
    if (got.length === 3) break
  }
  t.strictSame(got, [1, 3, 4])
  t.strictSame([...fake.memberships], [], 'breaking out of for-await leaves the group')
  await c.close()
})

t.test('notifications(): each message beside the bytes it arrived as, a copy of the datagram', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const sub = await c.subscribe([RTNLGRP_LINK])
  const datagram = encode([note(5), note(6)])
  fake.inject(datagram, { groups: mask(RTNLGRP_LINK) })
  const got: { body: number[]; hex: string }[] = []
  for await (const { message, bytes } of sub.notifications()) {
    got.push({ body: body(message), hex: toHex(bytes) })
    if (got.length === 2) break
  }
  // Each message is 17 bytes (16 + its 1-byte body); the second starts after 3 bytes of padding.
  t.strictSame(got, [
    { body: [5], hex: toHex(datagram.subarray(0, 17)) },
    { body: [6], hex: toHex(datagram.subarray(20, 37)) },
  ])
  t.strictSame([...fake.memberships], [], 'breaking out leaves the group, as with the messages alone')
  await c.close()
})

t.test('groups above 32: the wrapped mask still reaches the subscriber', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const sub = await c.subscribe([RTNLGRP_STATS]) // 36: the kernel's 1 << 35 wraps to 1 << 3
  fake.inject(note(9), { groups: 1 << 3 })
  t.strictSame(body((await sub.next()).value as Message), [9])
  await c.close()
})

t.test('a multicast copy carrying a pending request’s seq is a notification, not the answer', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake)
  const sub = await c.subscribe([RTNLGRP_LINK])
  const p = c.request({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: ifinfomsg(1) })
  await new Promise((r) => setImmediate(r))
  const req = held[0]!
  // What the kernel does for a change we asked for: notify the group with our seq and port...
  fake.inject(note(7, req.message.seq, PORT), { groups: mask(RTNLGRP_LINK) })
  // ...then ack us.
  fake.inject(ackFor(req, PORT))
  t.strictSame(await p, [], 'the request got only its ack')
  const n = (await sub.next()).value as Message
  t.strictSame([body(n), n.seq], [[7], req.message.seq])
  await c.close()
})

t.test('NLM_F_ECHO: the copy for the requester, still marked with the group, is the answer', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake)
  const sub = await c.subscribe([RTNLGRP_LINK])
  const p = c.request({ type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO, seq: 0, pid: 0, body: ifinfomsg(1) })
  await new Promise((r) => setImmediate(r))
  const req = held[0]!
  // nlmsg_notify() multicasts the notification (skipping the requester's port), then unicasts
  // the same skb to the requester: it still names the group in recvmsg's address.
  fake.inject(note(7, req.message.seq, PORT), { groups: mask(RTNLGRP_LINK) })
  // Another socket's change with the same seq is not ours: a notification.
  fake.inject(note(8, req.message.seq, PORT + 1), { groups: mask(RTNLGRP_LINK) })
  fake.inject(ackFor(req, PORT))
  t.strictSame((await p).map(body), [[7]], 'the request got its echo')
  const n = (await sub.next()).value as Message
  t.strictSame(body(n), [8], 'the subscription got only the other one')
  await c.close()
})

t.test('two subscriptions share a group; it is left when the last one closes', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const a = await c.subscribe([RTNLGRP_LINK])
  const b = await c.subscribe([RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR])
  fake.inject(note(1), { groups: mask(RTNLGRP_LINK) })
  t.strictSame(body((await a.next()).value as Message), [1])
  t.strictSame(body((await b.next()).value as Message), [1])
  await a.close()
  t.strictSame([...fake.memberships].sort(), [RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR])
  await b.close()
  t.strictSame([...fake.memberships], [])
  await c.close()
})

t.test('queue overrun: the queued messages, then NetlinkOverrunError, then the end', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const sub = await c.subscribe([RTNLGRP_LINK], { queueSize: 3 })
  for (let i = 1; i <= 5; i++) fake.inject(note(i), { groups: mask(RTNLGRP_LINK) })
  const got: number[] = []
  const err = await (async () => {
    for await (const m of sub) got.push(body(m)[0]!)
  })().catch((e: unknown) => e)
  t.strictSame(got, [1, 2, 3])
  t.type(err, NetlinkOverrunError)
  t.equal((err as NetlinkOverrunError).code, 'ENOBUFS')
  t.match((err as Error).message, /notification queue is full \(3 messages unread\)/)
  t.strictSame(await sub.next(), { value: undefined, done: true })
  t.strictSame([...fake.memberships], [], 'the failed subscription left its group')
  await c.close()
})

t.test('ENOBUFS from the socket ends every subscription with a NetlinkSocketError', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const seen: Error[] = []
  c.onError((e) => seen.push(e))
  const sub = await c.subscribe([RTNLGRP_LINK])
  const waiting = sub.next()
  fake.emitError(new NetlinkSocketError(105, 'recvmsg'))
  const err = await waiting.catch((e: unknown) => e)
  t.type(err, NetlinkSocketError)
  t.equal((err as NetlinkSocketError).code, 'ENOBUFS')
  t.equal((err as NetlinkSocketError).syscall, 'recvmsg')
  t.match((err as Error).message, /^netlink socket recvmsg: ENOBUFS \(No buffer space available\): the socket receive buffer overflowed/)
  t.equal(seen.length, 1, 'error listeners hear it too')
  t.equal(c.closed, false, 'the client itself still works')
  await c.close()
})

/** A notification socket that keeps delivering what it had queued after close() was called, as a real one's last burst does. */
class LingeringCarrier extends FakeTransport {
  override async close(): Promise<void> {
    this.closeCalls++
  }
  closeCalls = 0
}

/** A main transport whose notifications get sockets of their own (openMonitor), as direct and relay do. */
class FakeWithCarriers extends FakeTransport {
  readonly carriers: LingeringCarrier[] = []
  async openMonitor(): Promise<FakeTransport> {
    const m = new LingeringCarrier()
    this.carriers.push(m)
    return m
  }
}

t.test('a notification socket that lost messages is retired: what it still delivers is stale and never reaches a later subscription', async (t) => {
  const main = new FakeWithCarriers()
  const c = new Client(main)
  const sub = await c.subscribe([RTNLGRP_LINK])
  const first = main.carriers[0]!
  t.strictSame([...first.memberships], [RTNLGRP_LINK], 'the group is joined on a socket of its own')
  const waiting = sub.next()
  first.emitError(new NetlinkDroppedError(7), false)
  const err = await waiting.catch((e: unknown) => e)
  t.type(err, NetlinkDroppedError, 'the subscription ends with the loss')
  t.equal(first.closeCalls, 1, 'the socket that lost messages is closed')
  // Subscribing again (as the monitor does before its resync dump) opens a fresh socket.
  const again = await c.subscribe([RTNLGRP_LINK])
  t.equal(main.carriers.length, 2, 'a new notification socket')
  const second = main.carriers[1]!
  t.strictSame([...second.memberships], [RTNLGRP_LINK], 'joined on the new socket')
  // The old socket's queue (notifications from before the loss) still drains: none is delivered.
  first.inject(note(1), { groups: mask(RTNLGRP_LINK) })
  first.emitError(new NetlinkDroppedError(3), false)
  second.inject(note(2), { groups: mask(RTNLGRP_LINK) })
  const got = await again.next()
  t.strictSame(got.done ? undefined : body(got.value), [2], 'only what the new socket carries')
  await again.return?.()
  t.strictSame([...second.memberships], [], 'ending it leaves the group on the new socket')
  t.equal(first.closeCalls, 1, 'the retired socket is not closed twice')
  await c.close()
})

t.test('close ends the iterators without an error', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const sub = await c.subscribe([RTNLGRP_LINK])
  const waiting = sub.next()
  await c.close()
  t.strictSame(await waiting, { value: undefined, done: true })
})
