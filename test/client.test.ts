// The client against the fake transport: sequence numbers, matching, acks, dumps, retries,
// timeouts, batching, close. Replies use message type 500 ("TEST"), for which no codec exists,
// so the bodies stay bytes whatever families get registered later.
import t from 'tap'
import { toHex } from '../codecs/core/bytes.js'
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_DUMP_INTR, NLM_F_ECHO, NLM_F_REQUEST, type Message } from '../codecs/core/nlmsg.js'
import { RTM_GETLINK, RTM_NEWLINK } from '../codecs/rtnetlink.js'
import { encode } from '../codecs/messages.js'
import { Client } from '../src/client/client.js'
import { openClient } from '../src/client/open.js'
import {
  NetlinkClosedError,
  NetlinkDumpInterruptedError,
  NetlinkError,
  NetlinkTimeoutError,
  RelayError,
} from '../src/errors.js'
import { FakeTransport, ackFor, doneFor, errorFor, partFor, type FakeRequest } from '../src/transport/fake.js'
import { ifinfomsg } from './helpers/tlv.js'

const TEST = 500
const PORT = 4242

function getlink(flags = NLM_F_REQUEST | NLM_F_ACK, index = 0): Message {
  return { type: RTM_GETLINK, flags, seq: 0, pid: 0, body: ifinfomsg(index) }
}

/** A reply of type TEST whose body is one byte: `n`. */
function reply(req: FakeRequest, n: number, flags = 0): Message {
  return { type: TEST, flags, seq: req.message.seq, pid: PORT, body: new Uint8Array([n]) }
}

function body(m: Message): number[] {
  return [...(m.body as Uint8Array)]
}

t.test('requests get increasing sequence numbers and exactly the bytes asked for', async (t) => {
  const fake = new FakeTransport({ handler: (req) => [ackFor(req, PORT)] })
  const c = new Client(fake)
  t.strictSame(await c.request(getlink()), [])
  t.strictSame(await c.request(getlink(NLM_F_REQUEST | NLM_F_ACK, 7)), [])
  t.strictSame(fake.requests.map((r) => r.message.seq), [1, 2])
  // nlmsghdr: len 32, RTM_GETLINK (18), REQUEST|ACK, seq 2, pid 0; ifinfomsg with index 7.
  t.equal(toHex(fake.requests[1]!.bytes), '20000000' + '1200' + '0500' + '02000000' + '00000000' + '00000000' + '07000000' + '00000000' + '00000000')
  await c.close()
})

t.test('canned replies: the n-th request gets the n-th entry; requests are recorded for fixtures', async (t) => {
  // Canned replies are fixed bytes, as a captured kernel answer would be: seq 1 and 2, port 4242.
  const ack = (seq: number) =>
    encode({ type: 2, flags: 0x100, seq, pid: PORT, body: { error: 0, request: { len: 32, type: RTM_GETLINK, flags: 5, seq, pid: 0 } } })
  const fake = new FakeTransport({ replies: [[ack(1)], [ack(2)]] })
  const c = await openClient({ transport: fake })
  t.strictSame(await c.request(getlink()), [])
  t.strictSame(await c.request(getlink(NLM_F_REQUEST | NLM_F_ACK, 1)), [])
  t.strictSame(
    fake.requests.map((r) => toHex(r.bytes.subarray(16))),
    ['00000000000000000000000000000000', '00000000010000000000000000000000'],
    'the ifinfomsg of each request',
  )
  await c.close()
})

t.test('a request given as bytes is numbered in a copy', async (t) => {
  const fake = new FakeTransport({ handler: (req) => [ackFor(req, PORT)] })
  const c = new Client(fake)
  const mine = new Uint8Array(32)
  mine.set([32, 0, 0, 0, 18, 0, 5, 0, 0x99, 0, 0, 0])
  await c.request(mine)
  t.equal(fake.requests[0]!.message.seq, 1)
  t.equal(mine[8], 0x99, 'the caller’s buffer is untouched')
  const two = new Uint8Array(64)
  two.set(mine)
  two.set(mine, 32)
  await t.rejects(c.request(two), { name: 'TypeError', message: /exactly one message, not 2/ })
  await c.close()
})

t.test('out-of-order replies reach their own requests', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake)
  const a = c.request(getlink(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO))
  const b = c.request(getlink())
  const d = c.request(getlink(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO))
  await new Promise((r) => setImmediate(r))
  t.equal(held.length, 3)
  const [ra, rb, rd] = held as [FakeRequest, FakeRequest, FakeRequest]
  fake.inject([reply(rd, 3), ackFor(rd, PORT)])
  fake.inject(ackFor(rb, PORT))
  fake.inject(reply(ra, 1))
  fake.inject(ackFor(ra, PORT))
  t.strictSame((await d).map(body), [[3]])
  t.strictSame(await b, [])
  t.strictSame((await a).map(body), [[1]])
  await c.close()
})

t.test('hundreds of requests in flight, answered in a shuffled order', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake, { maxInFlight: 1000 })
  const N = 300
  const results = Array.from({ length: N }, () => c.request(getlink(NLM_F_REQUEST)))
  await new Promise((r) => setImmediate(r))
  t.equal(held.length, N)
  // A fixed permutation (multiplication by a unit mod N) so a failure is reproducible.
  for (let i = 0; i < N; i++) {
    const req = held[(i * 7) % N]!
    fake.inject(reply(req, req.message.seq % 256))
  }
  const got = await Promise.all(results)
  t.strictSame(
    got.map((r) => body(r[0]!)[0]),
    held.map((r) => r.message.seq % 256),
  )
  await c.close()
})

t.test('at most maxInFlight requests are out at once; a big batch goes out in pieces', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake, { maxInFlight: 4 })
  const singles = Array.from({ length: 3 }, () => c.request(getlink()))
  const batch = c.batch(Array.from({ length: 6 }, () => getlink()))
  await new Promise((r) => setImmediate(r))
  t.strictSame(held.map((r) => r.message.seq), [1, 2, 3, 4], 'four out: three singles and the first of the batch')
  fake.inject(ackFor(held[0]!, PORT))
  fake.inject(ackFor(held[1]!, PORT))
  await new Promise((r) => setImmediate(r))
  t.strictSame(held.map((r) => r.datagram), [0, 1, 2, 3, 4, 5], 'each answer made room for one more')
  for (let i = 2; i < 6; i++) fake.inject(ackFor(held[i]!, PORT))
  await new Promise((r) => setImmediate(r))
  t.equal(held.length, 9)
  for (let i = 6; i < 9; i++) fake.inject(ackFor(held[i]!, PORT))
  t.strictSame(await Promise.all([...singles, ...batch]), Array.from({ length: 9 }, () => []))
  await c.close()
})

t.test('a request without NLM_F_ACK resolves with its first answer', async (t) => {
  const fake = new FakeTransport({ handler: (req) => [reply(req, 9)] })
  const c = new Client(fake)
  t.strictSame((await c.request(getlink(NLM_F_REQUEST))).map(body), [[9]])
  await c.close()
})

t.test('a dump collects parts across several datagrams up to NLMSG_DONE', async (t) => {
  const fake = new FakeTransport({
    handler: (req) => [
      [partFor(req, PORT, TEST, new Uint8Array([1])), partFor(req, PORT, TEST, new Uint8Array([2]))],
      [partFor(req, PORT, TEST, new Uint8Array([3]))],
      [partFor(req, PORT, TEST, new Uint8Array([4])), doneFor(req, PORT)],
    ],
  })
  const c = new Client(fake)
  const parts = await c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP))
  t.strictSame(parts.map(body), [[1], [2], [3], [4]])
  t.equal(fake.datagrams.length, 1)
  await c.close()
})

t.test('NLM_F_DUMP_INTR: the dump is retried with a new seq, then succeeds', async (t) => {
  let attempt = 0
  const fake = new FakeTransport({
    handler: (req) => {
      attempt++
      const intr = attempt === 1 ? NLM_F_DUMP_INTR : 0
      return [[partFor(req, PORT, TEST, new Uint8Array([attempt]), intr), doneFor(req, PORT, 0, intr)]]
    },
  })
  const c = new Client(fake)
  const parts = await c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP))
  t.strictSame(parts.map(body), [[2]], 'only the clean attempt’s parts')
  t.strictSame(fake.requests.map((r) => r.message.seq), [1, 2])
  await c.close()
})

t.test('NLM_F_DUMP_INTR on every attempt: NetlinkDumpInterruptedError after the retries', async (t) => {
  const fake = new FakeTransport({
    handler: (req) => [[partFor(req, PORT, TEST, new Uint8Array([0])), doneFor(req, PORT, 0, NLM_F_DUMP_INTR)]],
  })
  const c = new Client(fake, { dumpRetries: 2 })
  const err = await c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP), { operation: 'link.list' }).catch((e: unknown) => e)
  t.type(err, NetlinkDumpInterruptedError)
  t.equal((err as NetlinkDumpInterruptedError).attempts, 3)
  t.match((err as Error).message, /^link\.list: the dump was interrupted .* on all 3 attempts/)
  t.equal(fake.requests.length, 3)
  await c.close()
})

t.test('an error inside a dump rejects it; so does NLMSG_DONE with an errno', async (t) => {
  let n = 0
  const fake = new FakeTransport({
    handler: (req) =>
      ++n === 1
        ? [[partFor(req, PORT, TEST, new Uint8Array([1]))], [errorFor(req, PORT, 22)]]
        : [[partFor(req, PORT, TEST, new Uint8Array([1])), doneFor(req, PORT, 95)]],
  })
  const c = new Client(fake)
  const e1 = await c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP)).catch((e: unknown) => e)
  t.type(e1, NetlinkError)
  t.equal((e1 as NetlinkError).code, 'EINVAL')
  const e2 = await c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP)).catch((e: unknown) => e)
  t.type(e2, NetlinkError)
  t.equal((e2 as NetlinkError).code, 'EOPNOTSUPP')
  await c.close()
})

t.test('dumps run one at a time: the second is sent after the first is done', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake)
  const first = c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP))
  const second = c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP))
  await new Promise((r) => setTimeout(r, 5))
  t.equal(held.length, 1, 'the second dump waits')
  fake.inject([partFor(held[0]!, PORT, TEST, new Uint8Array([1])), doneFor(held[0]!, PORT)])
  t.strictSame((await first).map(body), [[1]])
  await new Promise((r) => setTimeout(r, 5))
  t.equal(held.length, 2)
  fake.inject(doneFor(held[1]!, PORT))
  t.strictSame(await second, [])
  await c.close()
})

t.test('timeout: NetlinkTimeoutError; the late answer is dropped and the next request is fine', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake, { timeout: 20 })
  const err = await c.request(getlink(), { operation: 'link.get', object: 'eth9' }).catch((e: unknown) => e)
  t.type(err, NetlinkTimeoutError)
  t.equal((err as NetlinkTimeoutError).timeout, 20)
  t.equal((err as Error).message, 'link.get eth9: no answer from the kernel within 20 ms (RTM_GETLINK seq 1)')
  fake.inject(ackFor(held[0]!, PORT)) // late
  const next = c.request(getlink(), { timeout: 1000 })
  await new Promise((r) => setImmediate(r))
  fake.inject(reply(held[1]!, 5))
  fake.inject(ackFor(held[1]!, PORT))
  t.strictSame((await next).map(body), [[5]])
  await c.close()
})

t.test('timeout of a change: the message says the kernel may still carry it out; a queued one was never sent', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake, { timeout: 20, maxInFlight: 1 })
  const newlink: Message = { type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: ifinfomsg(0) }
  const [sent, queued] = await Promise.all([
    c.request(newlink, { operation: 'link.add', object: 'v0', timeout: 60 }).catch((e: unknown) => e),
    c.request(newlink, { operation: 'link.add', object: 'v1' }).catch((e: unknown) => e),
  ])
  t.type(sent, NetlinkTimeoutError)
  t.equal(
    (sent as Error).message,
    'link.add v0: no answer from the kernel within 60 ms (RTM_NEWLINK seq 1); it was sent, and the kernel may still carry it out (a timeout does not undo it): read the state back before trying again',
  )
  t.equal((sent as NetlinkTimeoutError).mayHaveTakenEffect, true)
  t.equal((queued as Error).message, 'link.add v1: no answer from the kernel within 20 ms (RTM_NEWLINK seq 2); it was still queued behind other requests and was never sent')
  t.equal((queued as NetlinkTimeoutError).sent, false)
  t.equal((queued as NetlinkTimeoutError).mayHaveTakenEffect, false)
  t.equal(held.length, 1, 'the queued request never reached the transport')
  await c.close()
})

t.test('NLM_F_DUMP_INTR on a request that is not a read: never sent again', async (t) => {
  const fake = new FakeTransport({ handler: (req) => [[doneFor(req, PORT, 0, NLM_F_DUMP_INTR)]] })
  const c = new Client(fake)
  // RTM_NEWLINK with NLM_F_DUMP's bits (NLM_F_REPLACE|NLM_F_EXCL for a NEW): whatever answers it, not resent.
  const odd: Message = { type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: ifinfomsg(0) }
  const err = await c.dump(odd, { operation: 'link.add' }).catch((e: unknown) => e)
  t.type(err, NetlinkDumpInterruptedError)
  t.match((err as Error).message, /RTM_NEWLINK is not a read, so nlwire did not send it again$/)
  t.equal(fake.requests.length, 1, 'sent once')
  await c.close()
})

t.test('a dump that timed out keeps the dump slot until the kernel finishes it', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake, { timeout: 20 })
  const err = await c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP)).catch((e: unknown) => e)
  t.type(err, NetlinkTimeoutError)
  const next = c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP), { timeout: 1000 })
  await new Promise((r) => setImmediate(r))
  t.equal(held.length, 1, 'not sent while the first dump may still run')
  fake.inject([partFor(held[0]!, PORT, TEST, new Uint8Array([1])), doneFor(held[0]!, PORT)])
  await new Promise((r) => setTimeout(r, 5))
  t.equal(held.length, 2)
  fake.inject(doneFor(held[1]!, PORT))
  t.strictSame(await next, [])
  await c.close()
})

t.test('batch: several requests in one datagram, one promise each', async (t) => {
  const fake = new FakeTransport({
    handler: (req) => (req.message.seq === 2 ? [errorFor(req, PORT, 17)] : [ackFor(req, PORT)]),
  })
  const c = new Client(fake)
  const [a, b, d] = c.batch([getlink(), { message: getlink(), operation: 'link.add', object: 'x' }, getlink()])
  t.strictSame(await a, [])
  const err = await b!.catch((e: unknown) => e)
  t.type(err, NetlinkError)
  t.equal((err as NetlinkError).code, 'EEXIST')
  t.strictSame(await d, [])
  t.equal(fake.datagrams.length, 1, 'one sendmsg')
  t.strictSame(fake.requests.map((r) => r.datagram), [0, 0, 0])
  await c.close()
})

t.test('batch with a dump', async (t) => {
  const fake = new FakeTransport({
    handler: (req) =>
      (req.message.flags & NLM_F_DUMP) === NLM_F_DUMP
        ? [[partFor(req, PORT, TEST, new Uint8Array([7])), doneFor(req, PORT)]]
        : [ackFor(req, PORT)],
  })
  const c = new Client(fake)
  const [a, b] = c.batch([getlink(), { message: getlink(NLM_F_REQUEST | NLM_F_DUMP), dump: true }])
  t.strictSame(await a, [])
  t.strictSame((await b!).map(body), [[7]])
  t.equal(fake.datagrams.length, 1)
  t.throws(() => c.batch([{ message: getlink(), dump: true }, { message: getlink(), dump: true }]), TypeError)
  await c.close()
})

t.test('only the kernel answers: datagrams from other ports are ignored', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake)
  const p = c.request(getlink())
  await new Promise((r) => setImmediate(r))
  fake.inject(errorFor(held[0]!, PORT, 1), { port: 31337 })
  fake.inject(ackFor(held[0]!, PORT))
  t.strictSame(await p, [])
  await c.close()
})

t.test('a message without NLM_F_REQUEST is refused before sending', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  await t.rejects(c.request(getlink(NLM_F_ACK)), TypeError)
  t.equal(fake.requests.length, 0)
  await c.close()
})

t.test('close rejects what is pending and refuses new requests', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const p = c.request(getlink(), { operation: 'link.get' })
  const d = c.dump(getlink(NLM_F_REQUEST | NLM_F_DUMP))
  await c.close()
  const e = await p.catch((x: unknown) => x)
  t.type(e, NetlinkClosedError)
  t.equal((e as Error).message, 'link.get: the netlink client was closed')
  await t.rejects(d, NetlinkClosedError)
  await t.rejects(c.request(getlink()), NetlinkClosedError)
  t.equal(fake.closed, true)
})

t.test('a fatal transport error (the relay died) fails everything pending with it', async (t) => {
  const fake = new FakeTransport()
  const c = new Client(fake)
  const p = c.request(getlink())
  await new Promise((r) => setImmediate(r))
  const dead = new RelayError({ netns: 'ns1', reason: 'the relay process exited', signal: 'SIGKILL' })
  fake.emitError(dead, true)
  t.equal(await p.catch((e: unknown) => e), dead)
  await t.rejects(c.request(getlink()), RelayError)
  t.equal(c.closed, true)
})

t.test('the transport is referenced only while there is work', async (t) => {
  const held: FakeRequest[] = []
  const fake = new FakeTransport({ handler: (req) => void held.push(req) })
  const c = new Client(fake)
  t.equal(fake.refed, false, 'idle after construction')
  const p = c.request(getlink())
  t.equal(fake.refed, true, 'busy while a request is pending')
  await new Promise((r) => setImmediate(r))
  fake.inject(ackFor(held[0]!, PORT))
  await p
  t.equal(fake.refed, false, 'idle again')
  const sub = await c.subscribe([1])
  t.equal(fake.refed, true, 'busy while subscribed')
  await sub.close()
  t.equal(fake.refed, false)
  await c.close()
})
