// encode() writes messages into pooled chunks and hands each one out as a view of its own bytes:
// a message handed out is never written again, whatever is encoded after it (bigger than a
// chunk, nested encodes, failed encodes, encodingLength), and each view holds exactly its bytes.
import t from 'tap'
import { toHex } from '../../codecs/core/bytes.js'
import { NetlinkEncodeError } from '../../codecs/core/errors.js'
import { Writer, withWriter } from '../../codecs/core/writer.js'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTM_NEWLINK } from '../../codecs/rtnetlink.js'
import { type LinkMessage, link } from '../../codecs/link/link.js'
import { encodingLength } from '../../codecs/messages.js'
import '../../codecs/families.js'

const FLAGS = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE

function veth(name: string, peer: string, seq: number): LinkMessage {
  return {
    type: RTM_NEWLINK,
    flags: FLAGS,
    seq,
    pid: 0,
    body: { ifiFamily: 0, ifiType: 0, ifiIndex: 0, ifiFlags: 0, ifiChange: 0, ifname: name, linkinfo: { kind: 'veth', data: { peer: { ifname: peer } } } },
  }
}

// `ip link add va00001 type veth peer name vb00001` with nlmsg_seq 1, as iproute2 6.1 sends it.
const IPROUTE2 =
  '5c000000100005060100000000000000000000000000000000000000000000000c000300766130303030310030001200' +
  '08000100766574682400020020000100000000000000000000000000000000000c0003007662303030303100'

t.test('each encoded message keeps its own bytes', async (t) => {
  const first = link.encode(veth('va00001', 'vb00001', 1))
  t.equal(toHex(first), IPROUTE2)
  const kept: [Uint8Array, string][] = []
  let lengthsRight = 0
  // Enough messages to go through several chunks, with a big one (a 40 KB alias) among them.
  for (let i = 0; i < 2000; i++) {
    const m = veth(`va${i}`, `vb${i}`, i)
    if (i === 700) m.body.ifalias = 'x'.repeat(40000)
    const b = link.encode(m)
    kept.push([b, toHex(Uint8Array.from(b))])
    if (b.length === new DataView(b.buffer, b.byteOffset, 4).getUint32(0, true)) lengthsRight++
    if (i % 97 === 0) encodingLength(veth('xx', 'yy', 0)) // measures on the shared writer, hands nothing out
    if (i % 113 === 0) t.throws(() => link.encode({ ...veth('bad', 'bad', 0), body: { ...veth('', '', 0).body, mtu: -1 } }), NetlinkEncodeError)
  }
  t.equal(lengthsRight, 2000, 'each view is exactly its message (nlmsg_len)')
  t.equal(toHex(first), IPROUTE2, 'the first message is unchanged')
  let same = 0
  for (const [b, hex] of kept) if (toHex(b) === hex) same++
  t.equal(same, kept.length, 'every message is unchanged after the ones encoded after it')
})

t.test('a message encoded inside an encoder gets its own buffer', async (t) => {
  let inner: Uint8Array | undefined
  const outer = withWriter((w) => {
    w.u32(0x11223344)
    inner = link.encode(veth('in', 'in2', 7))
    w.u32(0x55667788)
  })
  t.equal(toHex(outer), '4433221188776655')
  t.equal(toHex(inner!), toHex(link.encode(veth('in', 'in2', 7))))
})

t.test('a Writer made by hand starts at 0 and copies out', async (t) => {
  const w = new Writer(4)
  w.u32(1)
  w.u32(2) // grows
  t.equal(toHex(w.finish()), '0100000002000000')
  t.equal(w.length, 8)
  w.reset()
  t.equal(w.pos, 0)
})

t.test('transferring a message\'s ArrayBuffer away does not break later encodes', async (t) => {
  const a = link.encode(veth('ta', 'tb', 1))
  // structuredClone with a transfer list detaches the chunk the message views.
  structuredClone(a.buffer, { transfer: [a.buffer as ArrayBuffer] })
  t.equal(a.length, 0, 'the handed-out view is detached')
  const b = link.encode(veth('va00001', 'vb00001', 1))
  t.equal(toHex(b), IPROUTE2)
})

t.test('a zero-size Writer grows', async (t) => {
  const w = new Writer(0)
  w.u32(7)
  t.equal(toHex(w.finish()), '07000000')
})
