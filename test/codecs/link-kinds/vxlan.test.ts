// IFLA_VXLAN_* against real bytes: iproute2 6.1.0's create requests and kernel 6.18.44's
// replies to `ip -d -j link show`, captured in a scratch network namespace with
//   strace -f -x -s 65535 -e trace=sendmsg,recvmsg -e write=all -e read=all <command>
// (IFLA_LINKINFO > IFLA_INFO_DATA payloads). The JSON objects are what the same
// `ip -d -j link show` process printed for the reply given.
import t from 'tap'
import { VXLAN_DF_INHERIT, VXLAN_DF_UNSET, type VxlanAttrs, vxlanAttrs } from '../../../codecs/link/vxlan.js'
import { decodeSet, encodeSet, hex, ipVxlanJson, toHex } from './helpers.js'

// ip link add vx0 type vxlan id 42 dstport 4789 local 10.0.0.1 ttl 64
const VX0_CREATE = hex('05000500 40000000 08000100 2a000000 08000400 0a000001 05000700 01000000 06000f00 12b50000')
const VX0_REPLY = hex(`
  08000100 2a000000 08000400 0a000001 05000500 40000000 05001c00 00000000
  05000600 00000000 05001d00 00000000 08001a00 00000000 08002000 00000000
  05000700 01000000 05000b00 00000000 05000c00 00000000 05000d00 00000000
  05000e00 00000000 05001900 00000000 08000800 2c010000 08000900 00000000
  06000f00 12b50000 05001200 01000000 05001300 00000000 05001400 00000000
  05001500 00000000 05001600 00000000 05001f00 01000000 08000a00 00000000
  0c002100 f7ffffff 000000ff
`)
const VX0_JSON = {
  id: 42,
  local: '10.0.0.1',
  port_range: { low: 0, high: 0 },
  port: 4789,
  learning: true,
  ttl: 64,
  df: 'unset',
  ageing: 300,
  udp_csum: true,
  udp_zero_csum6_tx: false,
  udp_zero_csum6_rx: false,
}
const VX0_DECODED: VxlanAttrs = {
  id: 42,
  local: '10.0.0.1',
  ttl: 64,
  // u8 in the reply (flag in requests, see VX1_CREATE)
  ttlInherit: 0,
  tos: 0,
  df: VXLAN_DF_UNSET,
  label: 0,
  labelPolicy: 0,
  learning: 1,
  proxy: 0,
  rsc: 0,
  l2miss: 0,
  l3miss: 0,
  collectMetadata: 0,
  ageing: 300,
  limit: 0,
  port: 4789,
  udpCsum: 1,
  udpZeroCsum6Tx: 0,
  udpZeroCsum6Rx: 0,
  remcsumTx: 0,
  remcsumRx: 0,
  localbypass: 1,
  portRange: { low: 0, high: 0 },
  reservedBits: { vxFlags: 0xf7ffffff, vxVni: 0x000000ff },
}

// ip link add vx1 type vxlan id 7 remote 2001:db8::9 local 2001:db8::8 dstport 4790
//   srcport 1000 2000 ttl inherit gbp noudpcsum df inherit flowlabel 0x11 nolearning
const VX1_CREATE = hex(`
  08000a00 03e807d0 04001c00 04001700 05001200 00000000 05001d00 02000000
  08001a00 00000011 08000100 07000000 14001100 20010db8 00000000 00000000
  00000008 14001000 20010db8 00000000 00000000 00000009 05000700 00000000
  06000f00 12b60000
`)
const VX1_REPLY = hex(`
  08000100 07000000 14001000 20010db8 00000000 00000000 00000009 14001100
  20010db8 00000000 00000000 00000008 05000500 00000000 05001c00 01000000
  05000600 00000000 05001d00 02000000 08001a00 00000011 08002000 00000000
  05000700 00000000 05000b00 00000000 05000c00 00000000 05000d00 00000000
  05000e00 00000000 05001900 00000000 08000800 2c010000 08000900 00000000
  06000f00 12b60000 05001200 00000000 05001300 00000000 05001400 00000000
  05001500 00000000 05001600 00000000 05001f00 01000000 08000a00 03e807d0
  04001700 0c002100 77000000 000000ff
`)
const VX1_JSON = {
  id: 7,
  remote6: '2001:db8::9',
  local6: '2001:db8::8',
  port_range: { low: 1000, high: 2000 },
  port: 4790,
  learning: false,
  df: 'inherit',
  label: '0x11',
  ageing: 300,
  udp_csum: false,
  udp_zero_csum6_tx: false,
  udp_zero_csum6_rx: false,
  gbp: true,
}

t.test('vxlan (IPv4): kernel reply and iproute2 create request', async (t) => {
  const v = decodeSet<VxlanAttrs>(vxlanAttrs, VX0_REPLY)
  t.strictSame(v, VX0_DECODED)
  t.strictSame(ipVxlanJson(v), VX0_JSON, 'what ip -d -j link show printed')
  t.equal(encodeSet(vxlanAttrs, v), toHex(VX0_REPLY))

  const create: VxlanAttrs = { ttl: 64, id: 42, local: '10.0.0.1', learning: 1, port: 4789 }
  t.equal(encodeSet(vxlanAttrs, create), toHex(VX0_CREATE))
  t.strictSame(decodeSet(vxlanAttrs, VX0_CREATE), create)
})

t.test('vxlan (IPv6): GROUP6/LOCAL6, port range, GBP flag, TTL_INHERIT by direction', async (t) => {
  const v = decodeSet<VxlanAttrs>(vxlanAttrs, VX1_REPLY)
  t.strictSame(v, {
    id: 7,
    group6: '2001:db8::9',
    local6: '2001:db8::8',
    ttl: 0,
    ttlInherit: 1,
    tos: 0,
    df: VXLAN_DF_INHERIT,
    label: 0x11,
    labelPolicy: 0,
    learning: 0,
    proxy: 0,
    rsc: 0,
    l2miss: 0,
    l3miss: 0,
    collectMetadata: 0,
    ageing: 300,
    limit: 0,
    port: 4790,
    udpCsum: 0,
    udpZeroCsum6Tx: 0,
    udpZeroCsum6Rx: 0,
    remcsumTx: 0,
    remcsumRx: 0,
    localbypass: 1,
    portRange: { low: 1000, high: 2000 },
    gbp: true,
    reservedBits: { vxFlags: 0x77000000, vxVni: 0x000000ff },
  })
  t.strictSame(ipVxlanJson(v), VX1_JSON, 'what ip -d -j link show printed')
  t.equal(encodeSet(vxlanAttrs, v), toHex(VX1_REPLY))

  const create: VxlanAttrs = {
    portRange: { low: 1000, high: 2000 },
    ttlInherit: true,
    gbp: true,
    udpCsum: 0,
    df: VXLAN_DF_INHERIT,
    label: 0x11,
    id: 7,
    local6: '2001:db8::8',
    group6: '2001:db8::9',
    learning: 0,
    port: 4790,
  }
  t.equal(encodeSet(vxlanAttrs, create), toHex(VX1_CREATE))
  t.strictSame(decodeSet(vxlanAttrs, VX1_CREATE), create)
})
