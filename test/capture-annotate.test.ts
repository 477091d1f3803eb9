// The fixtures' layout (scripts/capture/codec-annotator.ts): every message of every fixture is laid
// out by the codecs, the hex it writes is exactly the message, and the lines say what the bytes are.
import t from 'tap'
import { bytesEqual } from '../codecs/core/bytes.js'
import { annotate } from '../scripts/capture/codec-annotator.js'
import { frames } from '../scripts/capture/annotate.js'
import { listFixtures, loadFixture, parseNl } from './helpers/fixtures.js'

const hexOf = (lines: string[]): Uint8Array => parseNl(`## event 1: x\n${lines.join('\n')}\n`).sections[0]!.bytes

t.test('one line per field, attribute headers on their own line', async (t) => {
  // ip link add veth01 type veth peer name veth02 (s2 step 1, request 2), up to IFLA_LINKINFO's kind.
  const msg = Uint8Array.from(
    Buffer.from(
      '5c000000100005060c0d0e0f00000000' +
        '00000000000000000000000000000000' +
        '0b000300766574683031000030001200' +
        '08000100766574682400020020000100' +
        '00000000000000000000000000000000' +
        '0b0003007665746830320000',
      'hex',
    ),
  )
  const lines = annotate(msg)!
  t.ok(lines, 'the codecs read it')
  t.ok(bytesEqual(hexOf(lines), msg), 'the hex is the message')
  const text = lines.map((l) => l.replace(/\s+#/, '  #').trim())
  t.strictSame(text.slice(0, 6), [
    '5c 00 00 00  # nlmsg_len 92',
    '10 00  # nlmsg_type 16 RTM_NEWLINK',
    '05 06  # nlmsg_flags 0x0605 REQUEST|ACK|EXCL|CREATE',
    '0c 0d 0e 0f  # nlmsg_seq 252579084',
    '00 00 00 00  # nlmsg_pid 0',
    '# ifinfomsg',
  ])
  t.ok(text.includes('0b 00 03 00  # IFLA_IFNAME: nla_len 11, nla_type 3'))
  t.ok(text.includes('76 65 74 68 30 31 00  # "veth01"'))
  t.ok(text.includes('08 00 01 00  # IFLA_INFO_KIND: nla_len 8, nla_type 1'))
  t.ok(text.includes('76 65 74 68  # "veth"'), 'IFLA_INFO_KIND as iproute2 sends it: no NUL, no padding')
  t.ok(text.includes('20 00 01 00  # VETH_INFO_PEER: nla_len 32, nla_type 1'))
  const peerName = lines.find((l) => l.includes('"veth02"'))!
  const ownName = lines.find((l) => l.includes('"veth01"'))!
  t.ok(peerName.indexOf('76') > ownName.indexOf('76'), 'the peer nested deeper than the link itself')
})

t.test('malformed input falls back to the codec-free layout', async (t) => {
  const msg = Uint8Array.from([0x18, 0, 0, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8])
  t.equal(annotate(msg), null, 'an ifinfomsg cut short: null, the capture writes the plain layout')
})

t.test('every fixture message is laid out by the codecs, byte for byte', async (t) => {
  let messages = 0
  let plain = 0
  for (const p of listFixtures()) {
    const f = loadFixture(p)
    for (const s of f.sections) {
      for (const fr of frames(s.bytes) ?? []) {
        messages++
        const lines = annotate(fr.bytes)
        if (lines === null) {
          plain++
          t.fail(`${f.name} ${s.kind} ${s.n}: the codecs could not lay out a message they decode`)
          continue
        }
        if (!bytesEqual(hexOf(lines), fr.bytes)) t.fail(`${f.name} ${s.kind} ${s.n}: the hex differs from the message`)
      }
    }
  }
  t.ok(messages > 1000, `${messages} messages`)
  t.equal(plain, 0)
})
