import t from 'tap'
import { Decoder } from '../../codecs/core/decoder.js'
import { decodeAttrs, defineAttrs, encodeAttrs, canonical } from '../../codecs/core/attrs.js'
import { withWriter } from '../../codecs/core/writer.js'
import { NetlinkDecodeError } from '../../codecs/core/errors.js'
import { fromHex, toHex } from '../../codecs/core/bytes.js'
import { decode, encode } from '../../codecs/messages.js'
import { formatIPv6, parseIPv6 } from '../../codecs/core/addresses.js'

const inner = defineAttrs('inner', 'T_IN_', [
  [1, 'T_IN_HELLO_TIME', 'u32'],
  [2, 'T_IN_NAME', 'string'],
])
const outer = defineAttrs('outer', 'T_', [
  [1, 'T_MTU', 'u32'],
  [2, 'T_NEST', 'nest', { nest: inner }],
  [3, 'T_ADDR', 'lladdr'],
  [4, 'T_ON', 'flag'],
  [5, 'T_BIG', 'u64'],
])

const hex = (s: string) => fromHex(s)!

t.test('attributes decode in wire order and re-encode exactly', async (t) => {
  // T_ADDR, unknown type 9, T_MTU, T_NEST{NAME "ab" without NUL, HELLO_TIME} with NLA_F_NESTED
  const b = hex(
    '0a000300 0200000000 01 0000' + // lladdr 02:00:00:00:00:01 (len 10)
      '06000900 beef 0000' + // unknown
      '08000100 dc050000' + // mtu 1500
      '14000280 06000200 6162 0000 08000100 c8000000', // nest w/ NLA_F_NESTED
  )
  const d = new Decoder(b)
  const v = decodeAttrs(d, outer, 0, b.length)
  t.strictSame(Object.keys(v), ['addr', 'unknown', 'mtu', 'nest'])
  t.equal(v.addr, '02:00:00:00:00:01')
  t.equal(v.mtu, 1500)
  t.strictSame(v.nest, { name: 'ab', helloTime: 200 })
  t.strictSame(v.unknown, [{ type: 9, data: fromHex('beef')! }], 'bytes as the codecs make them (a Buffer under Node)')
  const again = withWriter((w) => encodeAttrs(w, outer, v))
  t.equal(toHex(again), toHex(b))
  // Canonical form: NUL-terminated string, no NLA_F_NESTED, unknown last.
  canonical(v)
  canonical(v.nest as object)
  const c = withWriter((w) => encodeAttrs(w, outer, v))
  t.equal(
    toHex(c),
    toHex(hex('0a000300 020000000001 0000 08000100 dc050000 14000200 07000200 616200 00 08000100 c8000000 06000900 beef 0000')),
  )
})

t.test('malformed attributes raise NetlinkDecodeError with path and offset', async (t) => {
  const cases: [string, string, RegExp][] = [
    ['short u32', '06000100 dc05 0000', /^T_MTU: expected 4 bytes, got 2 at offset 0$/],
    ['len below header', '02000100', /attribute length 2 is below the 4-byte header .* at offset 0/],
    ['overrun', '08000100 dc050000 10000100 00000000', /T_MTU: attribute length 16 overruns its parent by 8 bytes at offset 8/],
    ['nested overrun', '0c000200 0c000100 00000000', /T_NEST > T_IN_HELLO_TIME: attribute length 12 overruns its parent by 4 bytes at offset 4/],
    ['nested short', '0c000200 06000100 0000 0000', /^T_NEST > T_IN_HELLO_TIME: expected 4 bytes, got 2 at offset 4$/],
    ['truncated header', '08000100 dc050000 0400', /truncated attribute header: 2 bytes left at offset 8/],
    ['flag with payload', '05000400 01000000', /T_ON: expected 0 bytes, got 1 at offset 0/],
  ]
  for (const [name, h, re] of cases) {
    const b = hex(h)
    t.throws(() => decodeAttrs(new Decoder(b), outer, 0, b.length), re, name)
    try {
      decodeAttrs(new Decoder(b), outer, 0, b.length)
    } catch (e) {
      t.type(e, NetlinkDecodeError, name)
    }
  }
})

t.test('u64 values are bigint', async (t) => {
  const b = hex('0c000500 ffffffffffffffff')
  const v = decodeAttrs(new Decoder(b), outer, 0, b.length)
  t.equal(v.big, 0xffffffffffffffffn)
})

t.test('ack and error messages', async (t) => {
  // pyroute2 corpus: the kernel's ack to an RTM_NEWLINK (old kernel: no NLM_F_CAPPED, header only)
  const ack = hex('240000000200000049610355f52f000000000000840000001000050649610355 00000000')
  const [m] = decode(ack)
  t.match(m, { type: 2, flags: 0, seq: 0x55036149, pid: 0x2ff5, body: { error: 0, request: { len: 0x84, type: 16, flags: 0x605 } } })
  t.equal(toHex(encode(m!)), toHex(ack))
})

t.test('IPv6 text is RFC 5952', async (t) => {
  const cases = ['::', '::1', 'fe80::1', '2001:db8::1:0:0:1', '2001:db8:0:1:1:1:1:1', '::ffff:192.0.2.1', '2001:db8::']
  for (const c of cases) t.equal(formatIPv6(parseIPv6(c)!), c)
  t.equal(formatIPv6(parseIPv6('2001:0DB8:0000:0000:0000:0000:0000:0001')!), '2001:db8::1')
  t.equal(formatIPv6(parseIPv6('2001:db8:0:0:1:0:0:1')!), '2001:db8::1:0:0:1')
})

t.test('one errno table: codecs and src name kernel-internal errnos alike; texts stay glibc\'s', async (t) => {
  const codecs = await import('../../codecs/core/errno.js')
  const src = await import('../../src/errno.js')
  for (const n of [1, 17, 95, 512, 524, 999]) t.equal(codecs.errnoName(-n), src.errnoName(n), `errno ${n}`)
  t.equal(codecs.errnoName(524), 'ENOTSUPP')
  t.equal(codecs.errnoNumber('ENOTSUPP'), 524)
  t.equal(codecs.errnoText(524), 'Unknown error 524', "what iproute2 prints (glibc's strerror)")
  t.equal(src.errnoText(524), 'Operation is not supported (kernel-internal ENOTSUPP)')
  t.equal(codecs.errnoName(999), 'E999')
})
