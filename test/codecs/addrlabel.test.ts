// RTM_*ADDRLABEL golden tests on real bytes: requests iproute2 6.1 sent and the replies Linux 6.18
// sent back, as `npm run capture` recorded them (fixtures/x-addrlabel; the hex is copied from
// there). The listing's text is checked against what `ip addrlabel list` printed.
import t from 'tap'
import { type AddrlabelMessage, addrlabel } from '../../codecs/addrlabel.js'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST, NLMSG_ERROR } from '../../codecs/core/nlmsg.js'
import { decode } from '../../codecs/index.js'
import { format } from '../../codecs/iproute2/index.js'
import { RTM_DELADDRLABEL, RTM_GETADDRLABEL, RTM_NEWADDRLABEL } from '../../codecs/rtnetlink.js'
import { AF_INET6 } from '../../codecs/address-families.js'
import { zeroTail } from '../../codecs/inputs/hex.js'
import type { ErrorBody } from '../../codecs/core/nlmsgerr.js'
import { listFixtures, loadFixture, sectionsOf } from '../helpers/fixtures.js'
import { cacheFor } from '../helpers/monitor-replay.js'
import { type Tap, decodeError, encodeAll, hex, toHex } from './rtnl-golden.js'

const NEW = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
const hdr = { ifalFlags: 0, ifalIndex: 0, ifalSeq: 0 }

function both(t: Tap, bytes: Uint8Array, value: AddrlabelMessage): void {
  t.equal(toHex(addrlabel.encode(value)), toHex(bytes), 'encode(expected) = captured bytes')
  const m = addrlabel.decode(bytes)
  t.strictSame(m, value, 'decode = expected')
  t.equal(toHex(addrlabel.encode(m)), toHex(bytes), 'encode(decode) = bytes')
}

t.test('ip addrlabel add prefix 2001:db8::/32 label 100: the request (IFAL_LABEL before IFAL_ADDRESS)', async (t) => {
  both(t, hex('3800000048000506106e116b00000000 0a00200000000000 00000000 0800020064000000 1400010020010db8000000000000000000000000'), {
    type: RTM_NEWADDRLABEL,
    flags: NEW,
    seq: 0x6b116e10,
    pid: 0,
    body: { ifalFamily: AF_INET6, ifalPrefixlen: 32, ...hdr, label: 100, address: '2001:db8::' },
  })
})

t.test('ip addrlabel add ... dev veth0 label 200, and del', async (t) => {
  both(t, hex('3800000048000506116e116b00000000 0a00300003000000 00000000 08000200c8000000 1400010020010db8000100000000000000000000'), {
    type: RTM_NEWADDRLABEL,
    flags: NEW,
    seq: 0x6b116e11,
    pid: 0,
    body: { ifalFamily: AF_INET6, ifalPrefixlen: 48, ifalFlags: 0, ifalIndex: 3, ifalSeq: 0, label: 200, address: '2001:db8:1::' },
  })
  both(t, hex('3800000049000500126e116b00000000 0a00200000000000 00000000 0800020064000000 1400010020010db8000000000000000000000000'), {
    type: RTM_DELADDRLABEL,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    seq: 0x6b116e12,
    pid: 0,
    body: { ifalFamily: AF_INET6, ifalPrefixlen: 32, ...hdr, label: 100, address: '2001:db8::' },
  })
})

t.test("ip addrlabel list: the dump request and the kernel's default table (RFC 6724)", async (t) => {
  both(t, hex('1c0000004a0001030f6e116b00000000 0a00000000000000 00000000'), {
    type: RTM_GETADDRLABEL,
    flags: NLM_F_REQUEST | NLM_F_DUMP,
    seq: 0x6b116e0f,
    pid: 0,
    body: { ifalFamily: AF_INET6, ifalPrefixlen: 0, ...hdr },
  })
  const f = loadFixture(listFixtures().find((p) => p.endsWith('x-addrlabel/01-addrlabel-list.nl'))!)
  const reply = sectionsOf(f, 'reply')[0]!.bytes
  // The buffer ends with the dump's NLMSG_DONE.
  const msgs = decode(reply).filter((m) => m.type === RTM_NEWADDRLABEL) as AddrlabelMessage[]
  const table: [string, number, number][] = [
    ['::1', 128, 0], ['::', 96, 3], ['::ffff:0.0.0.0', 96, 4], ['2001::', 32, 6], ['2001:10::', 28, 7],
    ['3ffe::', 16, 12], ['2002::', 16, 2], ['fec0::', 10, 11], ['fc00::', 7, 5], ['::', 0, 1],
  ]
  t.strictSame(
    msgs,
    table.map(([address, ifalPrefixlen, label]) => ({
      type: RTM_NEWADDRLABEL,
      flags: NLM_F_MULTI,
      seq: 0x6b116e0f,
      pid: 0x48a0,
      body: { ifalFamily: AF_INET6, ifalPrefixlen, ifalFlags: 0, ifalIndex: 0, ifalSeq: 10, address, label },
    })),
  )
  t.equal(encodeAll(addrlabel, msgs) + toHex(reply.subarray(msgs.length * 56)), toHex(reply))
})

t.test('ip addrlabel list prints what print_addrlabel makes of the replies (the formatter), for every listing', async (t) => {
  let checked = 0
  for (const p of listFixtures().filter((p) => /x-addrlabel\/.*list/.test(p))) {
    const f = loadFixture(p)
    const links = cacheFor(f.sidecar.context['root'])
    const text = sectionsOf(f, 'reply')
      .flatMap((s) => decode(s.bytes, 0, zeroTail(s.bytes).end))
      // ip addrlabel list also dumps the links first (ll_init_map), to name devices.
      .filter((m) => m.type === RTM_NEWADDRLABEL)
      .map((m) => format(m, { links }))
      .join('')
    t.equal(text, f.sidecar.exit.stdout, f.name)
    checked++
  }
  t.equal(checked, 2)
  // As ip monitor prints a deletion (print_addrlabel's "Deleted ").
  const del = addrlabel.decode(hex('3800000049000500126e116b00000000 0a00300003000000 0c000000 08000200c8000000 1400010020010db8000100000000000000000000'))
  t.equal(format(del, { links: new Map([[3, { name: 'veth0', flags: 0 }]]) }), 'Deleted prefix 2001:db8:1::/48 dev veth0 label 200 \n')
})

t.test('the EEXIST reply echoes the whole request, decoded', async (t) => {
  const [m] = decode(hex('4c00000002000000126e116b50490000 efffffff 3800000048000506126e116b00000000 0a00300003000000 00000000 08000200c9000000 1400010020010db8000100000000000000000000'))
  t.equal(m!.type, NLMSG_ERROR)
  const b = m!.body as ErrorBody
  t.equal(b.error, -17)
  t.strictSame(b.request.body, { ifalFamily: AF_INET6, ifalPrefixlen: 48, ifalFlags: 0, ifalIndex: 3, ifalSeq: 0, label: 201, address: '2001:db8:1::' })
})

t.test('unknown attributes survive; malformed messages give NetlinkDecodeError with path and offset', async (t) => {
  const withUnknown = hex('3400000048000000 00000000 00000000 0a00300003000000 0c000000 0800020064000000 0800630001020304 08000200c8000000')
  const m = addrlabel.decode(withUnknown)
  t.strictSame(m.body.unknown, [{ type: 99, data: hex('01020304') }, { type: 2, data: hex('c8000000') }])
  t.equal(toHex(addrlabel.encode(m)), toHex(withUnknown), 'unknown and repeated attributes re-encode byte for byte')
  const cases: [string, string, string[], number, RegExp][] = [
    ['ifaddrlblmsg cut short', '1800000048000000 00000000 00000000 0a003000 03000000', [], 16, /ifaddrlblmsg: expected 12 bytes, got 8/],
    ['IFAL_ADDRESS of 4 bytes', '2400000048000000 00000000 00000000 0a00200000000000 00000000 08000100c0000201', ['IFAL_ADDRESS'], 28, /expected 16 bytes, got 4/],
    ['IFAL_LABEL of 2 bytes', '2400000048000000 00000000 00000000 0a00200000000000 00000000 060002006400 0000', ['IFAL_LABEL'], 28, /expected 4 bytes, got 2/],
  ]
  for (const [name, h, path, offset, reason] of cases) {
    const e = decodeError(() => addrlabel.decode(hex(h)))
    t.strictSame(e.path, path, `${name}: path`)
    t.equal(e.offset, offset, `${name}: offset`)
    t.match(e.reason, reason, `${name}: reason`)
  }
})
