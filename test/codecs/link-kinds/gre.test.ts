// IFLA_GRE_* against requests written by iproute2. No GRE module is loaded on the development
// machine ("Error: Unknown device type."), so there are no kernel replies; the inputs are
//   - pyroute2's gre_01.dump (test/data/pyroute2, an older iproute2's request for
//     `ip link add mgre0 type gre local 192.168.122.1 remote 192.168.122.60 ttl 16`), and
//   - iproute2 6.1.0's requests for gretap and ip6gre, captured with
//     strace -f -x -s 65535 -e trace=sendmsg -e write=all <command> (the kernel refused them).
import { readFileSync } from 'node:fs'
import t from 'tap'
import {
  GRE_CSUM,
  GRE_KEY,
  type GreAttrs,
  TUNNEL_ENCAP_FLAG_CSUM6,
  TUNNEL_ENCAP_NONE,
  greAttrs,
} from '../../../codecs/link/gre.js'
import { decodeSet, encodeSet, hex, toHex } from './helpers.js'
import { walkAttrs } from '../../helpers/tlv.js'

const IFLA_LINKINFO = 18
const IFLA_INFO_DATA = 2

/** The bytes of pyroute2's commented `\x` hex: comments dropped, every \xNN kept in order. */
function parseBackslashHex(text: string): Uint8Array {
  const bytes: number[] = []
  for (const line of text.split('\n')) {
    const code = line.replace(/#.*/, '')
    for (const m of code.matchAll(/\\x([0-9a-fA-F]{2})/g)) bytes.push(parseInt(m[1]!, 16))
  }
  return Uint8Array.from(bytes)
}

/** Payload [start, end) of the first attribute of `type` in [from, to), by plain TLV walking. */
function findAttr(b: Uint8Array, from: number, to: number, type: number): [number, number] {
  const a = walkAttrs(b, from, to).find((x) => x.type === type)
  if (a === undefined) throw new Error(`attribute ${type} not found`)
  return [a.offset + 4, a.offset + a.len]
}

t.test('pyroute2 gre_01.dump: the INFO_DATA of an older iproute2 request', async (t) => {
  const all = parseBackslashHex(readFileSync(new URL('../../data/pyroute2/gre_01.dump', import.meta.url), 'utf8'))
  const dv = new DataView(all.buffer, all.byteOffset, all.byteLength)
  const msgLen = dv.getUint32(0, true)
  t.equal(msgLen, 0x84, 'first message: the RTM_NEWLINK request')
  t.equal(dv.getUint16(4, true), 16, 'RTM_NEWLINK')
  // nlmsghdr (16) + ifinfomsg (16), then attributes
  const [liStart, liEnd] = findAttr(all, 32, msgLen, IFLA_LINKINFO)
  const [start, end] = findAttr(all, liStart, liEnd, IFLA_INFO_DATA)
  const data = all.slice(start, end)
  t.equal(data.length, 0x48)

  const v = decodeSet<GreAttrs>(greAttrs, data)
  const expected: GreAttrs = {
    ikey: 0,
    okey: 0,
    iflags: 0,
    oflags: 0,
    local: '192.168.122.1',
    remote: '192.168.122.60',
    pmtudisc: 1,
    ttl: 16,
    tos: 0,
  }
  t.strictSame(v, expected)
  t.equal(encodeSet(greAttrs, v), toHex(data), 'encode(decode(bytes)) === bytes')
  t.equal(encodeSet(greAttrs, expected), toHex(data), 'the same value built by hand encodes the same')
})

// ip link add gt0 type gretap local 10.1.0.1 remote 10.1.0.2 key 42 csum ttl 8 tos 0x10 nopmtudisc
const GRETAP_CREATE = hex(`
  08000400 0000002a 08000500 0000002a 06000200 a0000000 06000300 a0000000
  08000600 0a010001 08000700 0a010002 05000a00 00000000 05000900 10000000
  05000800 08000000 08001400 00000000 06000e00 00000000 06000f00 00000000
  06001000 00000000 06001100 00000000
`)

// ip link add g6 type ip6gre local 2001:db8::1 remote 2001:db8::2 encaplimit 4
//   flowlabel 0x12345 hoplimit 9
const IP6GRE_CREATE = hex(`
  08000400 00000000 08000500 00000000 06000200 00000000 06000300 00000000
  14000600 20010db8 00000000 00000000 00000001 14000700 20010db8 00000000
  00000000 00000002 05000800 09000000 05000b00 04000000 08000c00 00012345
  08000d00 00000000 08001400 00000000 05001600 01000000 06000e00 00000000
  06000f00 02000000 06001000 00000000 06001100 00000000
`)

t.test('iproute2 6.1 gretap request: keys and GRE flags big-endian', async (t) => {
  const value: GreAttrs = {
    ikey: 42,
    okey: 42,
    iflags: GRE_CSUM | GRE_KEY,
    oflags: GRE_CSUM | GRE_KEY,
    local: '10.1.0.1',
    remote: '10.1.0.2',
    pmtudisc: 0,
    tos: 0x10,
    ttl: 8,
    fwmark: 0,
    encapType: TUNNEL_ENCAP_NONE,
    encapFlags: 0,
    encapSport: 0,
    encapDport: 0,
  }
  t.strictSame(decodeSet(greAttrs, GRETAP_CREATE), value)
  t.equal(encodeSet(greAttrs, value), toHex(GRETAP_CREATE))
})

t.test('iproute2 6.1 ip6gre request: IPv6 addresses in the same table', async (t) => {
  const value: GreAttrs = {
    ikey: 0,
    okey: 0,
    iflags: 0,
    oflags: 0,
    local: '2001:db8::1',
    remote: '2001:db8::2',
    ttl: 9,
    encapLimit: 4,
    flowinfo: 0x12345,
    flags: 0,
    fwmark: 0,
    erspanVer: 1,
    encapType: TUNNEL_ENCAP_NONE,
    encapFlags: TUNNEL_ENCAP_FLAG_CSUM6,
    encapSport: 0,
    encapDport: 0,
  }
  t.strictSame(decodeSet(greAttrs, IP6GRE_CREATE), value)
  t.equal(encodeSet(greAttrs, value), toHex(IP6GRE_CREATE))
})
