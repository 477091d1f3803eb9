// After an overrun the monitor re-reads netconf too: its snapshot dumps RTM_GETNETCONF as
// `ip netconf show` does (fixtures/x-netconf/08, the same bytes, seq and port id aside), and the
// kernel's captured answer comes back as netconf events marked resync, then 'resynced'.
import t from 'tap'
import { type Message, NLM_F_DUMP, decode, encode, toHex } from '../codecs/index.js'
import { RTM_GETNETCONF, RTM_NEWNETCONF } from '../codecs/rtnetlink.js'
import { Client } from '../src/client/client.js'
import { Netlink } from '../src/api/netlink.js'
import type { NetlinkEvent } from '../src/api/monitor.js'
import { dumpNetconf } from '../src/api/netconf-requests.js'
import { NetlinkDroppedError } from '../src/errors.js'
import { FakeTransport } from '../src/transport/fake.js'
import { FIXTURES_DIR, loadFixture, sectionsOf } from './helpers/fixtures.js'
import { walkMessages } from './helpers/tlv.js'
import { join } from 'node:path'

const fixture = loadFixture(join(FIXTURES_DIR, 'x-netconf/08-netconf-show-all.nl'))
const messages = (b: Uint8Array): { msg: Message; bytes: Uint8Array }[] => walkMessages(b, b.length).messages.map((m) => ({ msg: decode(m.bytes)[0]!, bytes: m.bytes }))
const captured = sectionsOf(fixture, 'request').flatMap((s) => messages(s.bytes)).find((m) => m.msg.type === RTM_GETNETCONF)!
const replies = sectionsOf(fixture, 'reply')
  .flatMap((s) => messages(s.bytes))
  .map((m) => m.msg)
  .filter((m) => m.seq === captured.msg.seq)
const zero = (b: Uint8Array): string => {
  const c = Uint8Array.from(b)
  c.fill(0, 8, 16)
  return toHex(c)
}

t.test("dumpNetconf() is ip netconf show's request", async (t) => {
  t.equal(fixture.header.command, 'ip netconf show')
  t.ok((captured.msg.flags & NLM_F_DUMP) === NLM_F_DUMP, 'a dump')
  t.equal(zero(encode(dumpNetconf())), zero(captured.bytes), 'the same bytes, seq and port id aside')
})

t.test('an overrun: the snapshot re-reads netconf', async (t) => {
  const sent: string[] = []
  const fake = new FakeTransport({
    handler: (req, f) => {
      if (req.message.type !== RTM_GETNETCONF) return []
      sent.push(zero(req.bytes))
      return [encode(replies.map((r) => ({ ...r, seq: req.message.seq, pid: f.portId })))]
    },
  })
  const nl = new Netlink(new Client(fake, { timeout: 2000 }))
  t.teardown(() => nl.close())
  const m = nl.monitor(['netconf'])
  await m.ready
  fake.emitError(new NetlinkDroppedError(3))
  const events: NetlinkEvent[] = []
  for await (const ev of m) {
    events.push(ev)
    if (ev.object === 'resynced') break
  }
  const entries = replies.filter((r) => r.type === RTM_NEWNETCONF).length
  t.ok(entries > 0, `the captured answer has ${entries} netconf entries`)
  t.strictSame(sent, [zero(captured.bytes)], "one RTM_GETNETCONF dump, ip netconf show's bytes")
  t.equal(events[0]!.object, 'overrun')
  t.equal((events[0] as { dropped?: number }).dropped, 3)
  const snapshot = events.slice(1, -1)
  t.equal(snapshot.length, entries)
  t.ok(snapshot.every((e) => e.object === 'netconf' && e.resync === true), 'netconf events marked resync')
  t.strictSame(events.at(-1), { object: 'resynced', objects: ['netconf'], count: entries })
})
