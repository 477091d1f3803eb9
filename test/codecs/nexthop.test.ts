// RTM_*NEXTHOP golden tests on real bytes: requests iproute2 6.1 sent and the notifications Linux
// 6.18 sent back, as `npm run capture` recorded them (fixtures/x-nexthop; the hex is copied from there).
import t from 'tap'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES, NHA_OP_FLAG_RESP_GRP_RESVD_0, type NexthopMessage, nexthop } from '../../codecs/nexthop.js'
import { RTM_DELNEXTHOP, RTM_NEWNEXTHOP } from '../../codecs/rtnetlink.js'
import { RTNH_F_ONLINK } from '../../codecs/route.js'
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../codecs/address-families.js'
import { type Tap, decodeError, hex, toHex } from './rtnl-golden.js'

const NEW = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
const RT_SCOPE_LINK = 253
const RTPROT_STATIC = 4
const nh = { nhScope: 0, nhProtocol: 0, nhFlags: 0 }
const member = (id: number, weight = 0) => ({ id, weight, weightHigh: 0, resvd2: 0 })

function both(t: Tap, bytes: Uint8Array, value: NexthopMessage): void {
  t.equal(toHex(nexthop.encode(value)), toHex(bytes), 'encode(expected) = captured bytes')
  const m = nexthop.decode(bytes)
  t.strictSame(m, value, 'decode = expected')
  t.equal(toHex(nexthop.encode(m)), toHex(bytes), 'encode(decode) = bytes')
}

t.test('ip nexthop add id 1 via 192.0.2.2 dev v0: request and notification', async (t) => {
  both(t, hex('3000000068000506f8170a6b00000000 0200000000000000 0800010001000000 08000600c0000202 0800050003000000'), {
    type: RTM_NEWNEXTHOP,
    flags: NEW,
    seq: 0x6b0a17f8,
    pid: 0,
    body: { nhFamily: AF_INET, ...nh, id: 1, gateway: '192.0.2.2', oif: 3 },
  })
  // The kernel echoes the request's flags in the notification and reports the scope it chose.
  both(t, hex('3000000068000506f8170a6bb4660000 02fd000000000000 0800010001000000 0800050003000000 08000600c0000202'), {
    type: RTM_NEWNEXTHOP,
    flags: NEW,
    seq: 0x6b0a17f8,
    pid: 0x66b4,
    body: { nhFamily: AF_INET, ...nh, nhScope: RT_SCOPE_LINK, id: 1, oif: 3, gateway: '192.0.2.2' },
  })
})

t.test('ip nexthop add id 10 group 1/2,3: struct nexthop_grp[], weights sent one less', async (t) => {
  both(t, hex('3400000068000506f9170a6b00000000 0000000000000000 080001000a000000 14000200 0100000000000000 0200000002000000'), {
    type: RTM_NEWNEXTHOP,
    flags: NEW,
    seq: 0x6b0a17f9,
    pid: 0,
    body: { nhFamily: AF_UNSPEC, ...nh, id: 10, group: [member(1), member(2, 2)] },
  })
  both(
    t,
    hex('4400000068000506f9170a6bd6660000 0000000000000000 080001000a000000 0600030000000000 14000200 0100000000000000 0200000002000000 08000e0000000080'),
    {
      type: RTM_NEWNEXTHOP,
      flags: NEW,
      seq: 0x6b0a17f9,
      pid: 0x66d6,
      body: { nhFamily: AF_UNSPEC, ...nh, id: 10, groupType: NEXTHOP_GRP_TYPE_MPATH, group: [member(1), member(2, 2)], opFlags: NHA_OP_FLAG_RESP_GRP_RESVD_0 },
    },
  )
  both(
    t,
    hex('4400000069000500fe170a6b91670000 0000000000000000 080001000a000000 0600030000000000 14000200 0100000000000000 0200000002000000 08000e0000000080'),
    {
      type: RTM_DELNEXTHOP,
      flags: NLM_F_REQUEST | NLM_F_ACK,
      seq: 0x6b0a17fe,
      pid: 0x6791,
      body: { nhFamily: AF_UNSPEC, ...nh, id: 10, groupType: NEXTHOP_GRP_TYPE_MPATH, group: [member(1), member(2, 2)], opFlags: NHA_OP_FLAG_RESP_GRP_RESVD_0 },
    },
  )
})

t.test('blackhole, IPv6 gateway, onlink with a protocol', async (t) => {
  both(t, hex('2400000068000506f9170a6be7660000 0200000000000000 0800010003000000 04000400'), {
    type: RTM_NEWNEXTHOP,
    flags: NEW,
    seq: 0x6b0a17f9,
    pid: 0x66e7,
    body: { nhFamily: AF_INET, ...nh, id: 3, blackhole: true },
  })
  both(t, hex('3c00000068000506fa170a6bf8660000 0afd000000000000 0800010006000000 0800050003000000 1400060020010db8000000000000000000000002'), {
    type: RTM_NEWNEXTHOP,
    flags: NEW,
    seq: 0x6b0a17fa,
    pid: 0x66f8,
    body: { nhFamily: AF_INET6, ...nh, nhScope: RT_SCOPE_LINK, id: 6, oif: 3, gateway: '2001:db8::2' },
  })
  both(t, hex('3000000068000506fa170a6b09670000 02fd040004000000 0800010004000000 0800050003000000 08000600c0000209'), {
    type: RTM_NEWNEXTHOP,
    flags: NEW,
    seq: 0x6b0a17fa,
    pid: 0x6709,
    body: { nhFamily: AF_INET, nhScope: RT_SCOPE_LINK, nhProtocol: RTPROT_STATIC, nhFlags: RTNH_F_ONLINK, id: 4, oif: 3, gateway: '192.0.2.9' },
  })
})

t.test('a resilient group: NHA_RES_GROUP nest (NLA_F_NESTED), timers in 1/100 s, a u64', async (t) => {
  both(
    t,
    hex(
      '6c00000068000506fb170a6b2b670000 0000000000000000 0800010014000000 0600030001000000 14000200 0100000000000000 0200000000000000' +
        '28000c80 0600010008000000 08000200e8030000 0800030000000000 0c0004000000000000000000 08000e0000000080',
    ),
    {
      type: RTM_NEWNEXTHOP,
      flags: NEW,
      seq: 0x6b0a17fb,
      pid: 0x672b,
      body: {
        nhFamily: AF_UNSPEC,
        ...nh,
        id: 20,
        groupType: NEXTHOP_GRP_TYPE_RES,
        group: [member(1), member(2)],
        resGroup: { buckets: 8, idleTimer: 1000, unbalancedTimer: 0, unbalancedTime: 0n },
        opFlags: NHA_OP_FLAG_RESP_GRP_RESVD_0,
      },
    },
  )
})

t.test('ip nexthop add id 31 group 30 fdb: NHA_FDB before the group', async (t) => {
  both(t, hex('4000000068000506fc170a6b4d670000 0000000000000000 080001001f000000 04000b00 0600030000000000 0c000200 1e00000000000000 08000e0000000080'), {
    type: RTM_NEWNEXTHOP,
    flags: NEW,
    seq: 0x6b0a17fc,
    pid: 0x674d,
    body: { nhFamily: AF_UNSPEC, ...nh, id: 31, fdb: true, groupType: NEXTHOP_GRP_TYPE_MPATH, group: [member(30)], opFlags: NHA_OP_FLAG_RESP_GRP_RESVD_0 },
  })
})

t.test('an attribute newer than this table stays raw and re-encodes byte for byte', async (t) => {
  const bytes = hex('2800000068000000 01000000 00000000 0000000000000000 0800010001000000 08003f00 01020304')
  const m = nexthop.decode(bytes)
  t.strictSame(m.body.unknown, [{ type: 63, data: hex('01020304') }])
  t.equal(toHex(nexthop.encode(m)), toHex(bytes))
})

t.test('malformed nexthop messages: NetlinkDecodeError with path and offset', async (t) => {
  const head = '0000000000000000'
  const cases: [string, string, string[], number, RegExp][] = [
    ['an nhmsg cut short', '1400000068000000 00000000 00000000 00000000', [], 16, /nhmsg: expected 8 bytes, got 4/],
    ['NHA_GROUP of 12 bytes', `2800000068000000 00000000 00000000 ${head} 10000200 010000000000000002000000`, ['NHA_GROUP'], 28, /12 bytes is not a whole number of 8-byte entries/],
    ['NHA_GATEWAY of 5 bytes', `2100000068000000 00000000 00000000 02000000 00000000 09000600 c000020201 000000`, ['NHA_GATEWAY'], 24, /IPv4 \(4 bytes\) or IPv6 \(16 bytes\) address, got 5 bytes/],
    ['NHA_RES_GROUP_BUCKETS of 4 bytes', `2400000068000000 00000000 00000000 ${head} 0c000c80 08000100 08000000`, ['NHA_RES_GROUP', 'NHA_RES_GROUP_BUCKETS'], 28, /expected 2 bytes, got 4/],
  ]
  for (const [name, h, path, offset, reason] of cases) {
    const e = decodeError(() => nexthop.decode(hex(h)))
    t.strictSame(e.path, path, `${name}: path`)
    t.equal(e.offset, offset, `${name}: offset`)
    t.match(e.reason, reason, `${name}: reason`)
  }
})
