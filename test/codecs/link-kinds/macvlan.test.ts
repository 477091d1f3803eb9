// IFLA_MACVLAN_* against real bytes, for kinds "macvlan" and "macvtap" (one attribute set).
// Captured on kernel 6.18.44 with iproute2 6.1.0 in a scratch network namespace
// (strace -f -x -s 65535 -e trace=sendmsg,recvmsg -e write=all -e read=all), on top of
//   ip link add vb0 address 02:00:00:00:00:01 type veth peer name vb1 address 02:00:00:00:00:02
// The JSON objects are what the same `ip -d -j link show` process printed for the reply given.
import t from 'tap'
import {
  MACVLAN_MACADDR_SET,
  MACVLAN_MODE_BRIDGE,
  MACVLAN_MODE_SOURCE,
  type MacvlanAttrs,
  macvlanAttrs,
} from '../../../codecs/link/macvlan.js'
import { decodeSet, encodeSet, hex, ipMacvlanJson, toHex } from './helpers.js'

// ip link add mv0 link vb1 address 02:00:00:00:00:03 type macvlan mode bridge
// ip link add mvt0 link vb1 address 02:00:00:00:00:04 type macvtap mode bridge
// (iproute2 sends the same INFO_DATA for both, and the kernel answers both with the same bytes)
const BRIDGE_MODE_CREATE = hex('08000100 04000000')
const BRIDGE_MODE_REPLY = hex(`
  08000100 04000000 06000200 00000000 08000600 00000000 08000700 e8030000
  08000800 e8030000
`)
const BRIDGE_MODE_JSON = { mode: 'bridge', bcqueuelen: 1000, usedbcqueuelen: 1000 }

// ip link add mvs link vb1 address 02:00:00:00:00:05 type macvlan mode source
// ip link set mvs type macvlan macaddr set 02:00:00:00:00:0a 02:00:00:00:00:0b bcqueuelen 64
const SOURCE_CREATE = hex('08000100 10000000')
const SOURCE_SET = hex(`
  08000300 03000000 1c000500 0a000400 02000000 000a0000 0a000400 02000000
  000b0000 08000700 40000000
`)
const SOURCE_REPLY = hex(`
  08000100 10000000 06000200 00000000 08000600 02000000 1c000500 0a000400
  02000000 000b0000 0a000400 02000000 000a0000 08000700 40000000 08000800
  e8030000
`)
const SOURCE_JSON = {
  mode: 'source',
  bcqueuelen: 64,
  usedbcqueuelen: 1000,
  macaddr_count: 2,
  macaddr_data: ['02:00:00:00:00:0b', '02:00:00:00:00:0a'],
}

t.test('macvlan and macvtap, mode bridge: kernel reply and create request', async (t) => {
  const v = decodeSet<MacvlanAttrs>(macvlanAttrs, BRIDGE_MODE_REPLY)
  t.strictSame(v, { mode: MACVLAN_MODE_BRIDGE, flags: 0, macaddrCount: 0, bcQueueLen: 1000, bcQueueLenUsed: 1000 })
  t.strictSame(ipMacvlanJson(v), BRIDGE_MODE_JSON, 'what ip -d -j link show printed (mv0 and mvt0 alike)')
  t.equal(encodeSet(macvlanAttrs, v), toHex(BRIDGE_MODE_REPLY))

  const create: MacvlanAttrs = { mode: MACVLAN_MODE_BRIDGE }
  t.equal(encodeSet(macvlanAttrs, create), toHex(BRIDGE_MODE_CREATE))
  t.strictSame(decodeSet(macvlanAttrs, BRIDGE_MODE_CREATE), create)
})

t.test('macvlan mode source: MACADDR_DATA nest of repeated MACADDR, both directions', async (t) => {
  const v = decodeSet<MacvlanAttrs>(macvlanAttrs, SOURCE_REPLY)
  t.strictSame(v, {
    mode: MACVLAN_MODE_SOURCE,
    flags: 0,
    macaddrCount: 2,
    macaddrData: { macaddr: ['02:00:00:00:00:0b', '02:00:00:00:00:0a'] },
    bcQueueLen: 64,
    bcQueueLenUsed: 1000,
  })
  t.strictSame(ipMacvlanJson(v), SOURCE_JSON, 'what ip -d -j link show printed')
  t.equal(encodeSet(macvlanAttrs, v), toHex(SOURCE_REPLY))

  t.equal(encodeSet(macvlanAttrs, { mode: MACVLAN_MODE_SOURCE }), toHex(SOURCE_CREATE))
  const set: MacvlanAttrs = {
    macaddrMode: MACVLAN_MACADDR_SET,
    macaddrData: { macaddr: ['02:00:00:00:00:0a', '02:00:00:00:00:0b'] },
    bcQueueLen: 64,
  }
  t.equal(encodeSet(macvlanAttrs, set), toHex(SOURCE_SET))
  t.strictSame(decodeSet(macvlanAttrs, SOURCE_SET), set)
})

t.test('macvlan BC_CUTOFF is signed (not in the captures: hand-built)', async (t) => {
  const v: MacvlanAttrs = { bcCutoff: -1 }
  t.equal(encodeSet(macvlanAttrs, v), '08000900ffffffff')
  t.strictSame(decodeSet(macvlanAttrs, hex('08000900 ffffffff')), v)
})
