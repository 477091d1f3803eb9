import t from 'tap'
import { type AttrSet, type AttrValues, decodeAttrs, encodeAttrs } from '../../codecs/core/attrs.js'
import { fromHex, toHex } from '../../codecs/core/bytes.js'
import { Decoder } from '../../codecs/core/decoder.js'
import { NetlinkEncodeError } from '../../codecs/core/errors.js'
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { withWriter } from '../../codecs/core/writer.js'
import { RTM_DELLINKPROP, RTM_NEWLINK, RTM_NEWLINKPROP, RTM_SETLINK } from '../../codecs/rtnetlink.js'
import { BRIDGE_VLAN_INFO_PVID, BRIDGE_VLAN_INFO_UNTAGGED } from '../../codecs/link/af-bridge.js'
import { type Ipv4Devconf, inetAttrs } from '../../codecs/link/inet.js'
import { inet6Attrs } from '../../codecs/link/inet6.js'
import { type LinkMessage, type LinkPropMessage, linkAttrs, link, linkProp } from '../../codecs/link/link.js'
import * as cap from './data/link-captures.js'
import '../helpers/bare-link.js'

// Attribute-level behaviour of the link tables: devconf arrays in both directions, structs that
// grow with the kernel, the 4-or-8-byte "uint", and the per-family layouts of IFLA_AF_SPEC.

const hex = (s: string) => fromHex(s)!
const IFI0 = { ifiFamily: 0, ifiType: 0, ifiIndex: 0, ifiFlags: 0, ifiChange: 0 }
const AF_BRIDGE = 7
const AF_INET6 = 10

/** One attribute as hex: header (length, type), payload, padding. */
function nla(type: number, payloadHex: string): string {
  const len = 4 + payloadHex.length / 2
  const pad = '00'.repeat((4 - (len & 3)) & 3)
  return u16(len) + u16(type) + payloadHex + pad
}
const u16 = (v: number) => toHex(new Uint8Array([v & 0xff, v >> 8]))
const u32 = (v: number) => toHex(new Uint8Array(new Uint32Array([v >>> 0]).buffer))
const u32s = (vs: number[]) => vs.map(u32).join('')

interface Ctx {
  request?: boolean
  family?: number
}

function dec(set: AttrSet, h: string, ctx: Ctx = {}): AttrValues {
  const b = hex(h)
  const d = new Decoder(b)
  d.request = ctx.request ?? false
  d.family = ctx.family ?? 0
  return decodeAttrs(d, set, 0, b.length)
}

function enc(set: AttrSet, v: AttrValues, ctx: Ctx = {}): string {
  return toHex(
    withWriter((w) => {
      w.request = ctx.request ?? false
      w.family = ctx.family ?? 0
      encodeAttrs(w, set, v)
    }),
  )
}

t.test('IFLA_INET_CONF as the kernel sends it: a u32 array of any length', async (t) => {
  // An older or trimmed kernel: three values.
  const short = nla(1, u32s([1, 0, 0]))
  const a = dec(inetAttrs, short)
  t.strictSame(a, { conf: { forwarding: 1, mcForwarding: 0, proxyArp: 0 } })
  t.equal(enc(inetAttrs, a), short)
  // A newer kernel: 34 values; the 34th has no name yet.
  const values = Array.from({ length: 34 }, (_, i) => i + 100)
  const long = nla(1, u32s(values))
  const b = dec(inetAttrs, long)
  const conf = b.conf as Ipv4Devconf
  t.equal(conf.forwarding, 100, 'IPV4_DEVCONF_FORWARDING = 1 is element 0')
  t.equal(conf.rpFilter, 107, 'IPV4_DEVCONF_RP_FILTER = 8')
  t.equal(conf.acceptLocal, 122, 'IPV4_DEVCONF_ACCEPT_LOCAL = 23')
  t.equal(conf.arpEvictNocarrier, 132, 'IPV4_DEVCONF_ARP_EVICT_NOCARRIER = 33')
  t.strictSame(conf.unknown, [{ type: 34, data: hex(u32(133)) }])
  t.equal(enc(inetAttrs, b), long)
})

t.test('a devconf object built by hand, in each direction', async (t) => {
  const conf: Ipv4Devconf = { rpFilter: 2, acceptLocal: 1 }
  // A request: a nest of (IPV4_DEVCONF_*, u32) attributes, in the order given.
  t.equal(enc(inetAttrs, { conf }, { request: true }), nla(1, nla(8, u32(2)) + nla(23, u32(1))))
  // Kernel direction: the array, up to the highest value present, zero elsewhere.
  const arr = Array.from({ length: 23 }, () => 0)
  arr[7] = 2
  arr[22] = 1
  t.equal(enc(inetAttrs, { conf }), nla(1, u32s(arr)))
  // Booleans are accepted for 0/1 settings.
  t.equal(enc(inetAttrs, { conf: { acceptLocal: true } as unknown as Ipv4Devconf }, { request: true }), nla(1, nla(23, u32(1))))
})

t.test('IFLA_INET_CONF in a request keeps devconf numbers it does not know', async (t) => {
  const h = nla(1, nla(23, u32(1)) + nla(99, u32(5)) + nla(8, u32(0)))
  const v = dec(inetAttrs, h, { request: true })
  t.strictSame(v, { conf: { acceptLocal: 1, unknown: [{ type: 99, data: hex(u32(5)) }], rpFilter: 0 } })
  t.equal(enc(inetAttrs, v, { request: true }), h, 're-encoded in wire order')
})

t.test('IFLA_INET6_CONF: s32 array from DEVCONF_FORWARDING = 0, extra values kept', async (t) => {
  const values = Array.from({ length: 61 }, (_, i) => i)
  values[7] = -1 // rtr_solicits
  const h = nla(2, u32s(values))
  const v = dec(inet6Attrs, h)
  const conf = v.conf as Record<string, unknown>
  t.equal(conf.forwarding, 0)
  t.equal(conf.hoplimit, 1)
  t.equal(conf.rtrSolicits, -1, 's32')
  t.equal(conf.acceptRaMinLft, 58)
  t.equal(conf.forceForwarding, 59)
  t.strictSame(conf.unknown, [{ type: 60, data: hex(u32(60)) }])
  t.equal(enc(inet6Attrs, v), h)
  t.equal(enc(inet6Attrs, v, { request: true }), h, 'the kernel never takes IPv6 devconf as a nest: same array in requests')
})

t.test('IFLA_STATS64 and IFLA_STATS from shorter and longer kernels', async (t) => {
  // 24 counters (before rx_otherhost_dropped).
  const old64 = nla(23, Array.from({ length: 24 }, (_, i) => u32(i + 1) + u32(0)).join(''))
  const a = dec(linkAttrs, old64)
  const s = a.stats64 as Record<string, unknown>
  t.equal(s.rxPackets, 1n)
  t.equal(s.rxNohandler, 24n)
  t.notOk('rxOtherhostDropped' in s)
  t.equal(enc(linkAttrs, a), old64)
  // 26 counters: a field this table does not know stays as `tail`.
  const new64 = nla(23, Array.from({ length: 26 }, (_, i) => u32(i + 1) + u32(0)).join(''))
  const b = dec(linkAttrs, new64)
  const s2 = b.stats64 as Record<string, unknown>
  t.equal(s2.rxOtherhostDropped, 25n)
  t.equal(toHex(s2.tail as Uint8Array), u32(26) + u32(0))
  t.equal(enc(linkAttrs, b), new64)
  // struct rtnl_link_stats before rx_nohandler: 23 u32.
  const old32 = nla(7, u32s(Array.from({ length: 23 }, (_, i) => i)))
  const c = dec(linkAttrs, old32)
  t.equal((c.stats as Record<string, unknown>).txCompressed, 22)
  t.equal(enc(linkAttrs, c), old32)
})

t.test('IFLA_MAP is the 32-byte struct rtnl_link_ifmap', async (t) => {
  const v = { map: { memStart: 1n, memEnd: 2n, baseAddr: 3n, irq: 4, dma: 5, port: 6 } }
  const h = enc(linkAttrs, v)
  t.equal(h, nla(14, u32(1) + u32(0) + u32(2) + u32(0) + u32(3) + u32(0) + '0400' + '05' + '06' + '00000000'))
  t.strictSame(dec(linkAttrs, h), v)
})

t.test('IFLA_MAX_PACING_OFFLOAD_HORIZON: u32 or u64 on the wire', async (t) => {
  const four = nla(66, u32(1000))
  t.strictSame(dec(linkAttrs, four), { maxPacingOffloadHorizon: 1000 })
  const eight = nla(66, u32(0) + u32(1))
  const v = dec(linkAttrs, eight)
  t.strictSame(v, { maxPacingOffloadHorizon: 0x100000000n })
  t.equal(enc(linkAttrs, v), eight)
  t.equal(enc(linkAttrs, { maxPacingOffloadHorizon: 2 ** 33 }), nla(66, u32(0) + u32(2)), 'a number past u32 takes 8 bytes')
  t.equal(enc(linkAttrs, { maxPacingOffloadHorizon: 7n }), nla(66, u32(7) + u32(0)), 'a bigint keeps 8 bytes')
})

t.test('iproute2: bridge vlan add dev veth0 vid 10 pvid untagged (AF_BRIDGE: IFLA_AF_SPEC holds IFLA_BRIDGE_*)', async (t) => {
  const b = hex(cap.BRIDGE_VLAN_ADD_REQUEST)
  const m = link.decode(b)
  const expected: LinkMessage = {
    type: RTM_SETLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    seq: 0x6b09d628,
    pid: 0,
    body: { ...IFI0, ifiFamily: AF_BRIDGE, ifiIndex: 5, afSpec: { vlanInfo: [{ flags: BRIDGE_VLAN_INFO_PVID | BRIDGE_VLAN_INFO_UNTAGGED, vid: 10 }] } },
  }
  t.strictSame(m, expected)
  t.equal(toHex(link.encode(m)), toHex(b))
  t.equal(toHex(link.encode(expected)), toHex(b))
  // Several VLANs and a tunnel mapping, built by hand, read back the same.
  const many: LinkMessage = {
    ...expected,
    body: {
      ...expected.body,
      afSpec: {
        flags: 1,
        vlanInfo: [
          { flags: 8, vid: 100 },
          { flags: 16, vid: 200 },
        ],
        vlanTunnelInfo: [{ id: 5000, vid: 100, flags: 0 }],
      },
    },
  }
  const again = link.decode(link.encode(many))
  t.strictSame(again, many)
})

t.test('iproute2: ip token set ::1a:2b/64 dev veth0 (AF_INET6 header, IFLA_AF_SPEC by family)', async (t) => {
  const b = hex(cap.TOKEN_SET_REQUEST)
  const m = link.decode(b)
  const expected: LinkMessage = {
    type: RTM_SETLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    seq: 0x6b09d70d,
    pid: 0,
    body: { ...IFI0, ifiFamily: AF_INET6, ifiIndex: 3, afSpec: { inet6: { token: '::1a:2b' } } },
  }
  t.strictSame(m, expected)
  t.equal(toHex(link.encode(m)), toHex(b))
  t.equal(toHex(link.encode(expected)), toHex(b))
})

t.test('iproute2: ip link property add/del altname (IFLA_PROP_LIST with NLA_F_NESTED)', async (t) => {
  const add = hex(cap.ALTNAME_ADD_REQUEST)
  const m = linkProp.decode(add)
  const expected: LinkPropMessage = {
    type: RTM_NEWLINKPROP,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE | NLM_F_APPEND,
    seq: 0x6b09d627,
    pid: 0,
    body: { ...IFI0, ifiIndex: 5, propList: { altIfname: ['nlw-alt-name0'] } },
  }
  t.strictSame(m, expected)
  t.equal(toHex(linkProp.encode(m)), toHex(add))
  t.equal(toHex(linkProp.encode(expected)), toHex(add), 'built by hand: NLA_F_NESTED set as iproute2 does')
  const del = hex(cap.ALTNAME_DEL_REQUEST)
  const d = linkProp.decode(del)
  t.strictSame(d, { ...expected, type: RTM_DELLINKPROP, flags: NLM_F_REQUEST | NLM_F_ACK })
  t.equal(toHex(linkProp.encode(d)), toHex(del))
})

t.test('IFLA_AF_SPEC: families without a table stay raw (AF_MPLS = 28)', async (t) => {
  const h = nla(26, nla(28, '0102030405') + nla(2, nla(1, u32s([1]))))
  const v = dec(linkAttrs, h)
  t.strictSame(v, { afSpec: { unknown: [{ type: 28, data: hex('0102030405') }], inet: { conf: { forwarding: 1 } } } })
  t.equal(enc(linkAttrs, v), h, 'in wire order')
})

t.test('IFLA_PROTINFO of a family without a table is raw bytes', async (t) => {
  const h = nla(12, '0500010001000000')
  const v = dec(linkAttrs, h)
  t.strictSame(v, { protinfo: hex('0500010001000000') })
  t.equal(enc(linkAttrs, v), h)
  t.throws(() => enc(linkAttrs, { protinfo: { state: 1 } }), NetlinkEncodeError, 'an object needs a table for the family')
  // AF_INET6: IFLA_INET6_* (the real thing is in the token list dump of link-index.test.ts).
  const six = nla(12, nla(8, '01'))
  const w = dec(linkAttrs, six, { family: AF_INET6 })
  t.strictSame(w, { protinfo: { addrGenMode: 1 } })
  t.equal(enc(linkAttrs, w, { family: AF_INET6 }), six)
})

t.test('values that cannot be encoded raise NetlinkEncodeError with the attribute path', async (t) => {
  const bad: [string, LinkMessage, RegExp][] = [
    ['mtu as text', { type: RTM_NEWLINK, flags: 1, seq: 0, pid: 0, body: { ...IFI0, mtu: 'x' as unknown as number } }, /^IFLA_MTU: expected a number/],
    ['bad MAC', { type: RTM_NEWLINK, flags: 1, seq: 0, pid: 0, body: { ...IFI0, address: 'zz:00' } }, /^IFLA_ADDRESS: expected a link-layer address/],
    [
      'peer name not a string',
      { type: RTM_NEWLINK, flags: 1, seq: 0, pid: 0, body: { ...IFI0, linkinfo: { kind: 'veth', data: { peer: { ...IFI0, ifname: 5 as unknown as string } } } } },
      /^IFLA_LINKINFO > IFLA_INFO_DATA > VETH_INFO_PEER > IFLA_IFNAME: expected a string/,
    ],
    [
      'devconf out of range',
      { type: RTM_SETLINK, flags: 1, seq: 0, pid: 0, body: { ...IFI0, afSpec: { inet: { conf: { rpFilter: -1 } } } } },
      /^IFLA_AF_SPEC > AF_INET > IFLA_INET_CONF > IPV4_DEVCONF_RP_FILTER: u32 out of range: -1/,
    ],
    [
      'unregistered kind with object data',
      { type: RTM_NEWLINK, flags: 1, seq: 0, pid: 0, body: { ...IFI0, linkinfo: { kind: 'nlw-none', data: { x: 1 } } } },
      /^IFLA_LINKINFO > IFLA_INFO_DATA: no table is registered for this kind/,
    ],
  ]
  for (const [name, msg, re] of bad) t.throws(() => link.encode(msg), re, name)
})
