// RTM_*ADDR golden tests on real bytes. Captured with
//   strace -f -x -s 65535 -e trace=sendmsg,sendto,recvmsg,recvfrom -e write=all -e read=all ip ...
// in a scratch netns (kernel 6.18, iproute2 6.1) holding veth v0 (ifindex 3) / v1 (2), both up;
// notifications with a RawNetlinkSocket joined to RTNLGRP_IPV4_IFADDR / RTNLGRP_IPV6_IFADDR.
import t from 'tap'
import {
  AF_INET,
  AF_INET6,
  AF_UNSPEC,
} from '../../codecs/address-families.js'
import {
  type AddrMessage,
  IFAPROT_KERNEL_LL,
  IFA_F_NODAD,
  IFA_F_PERMANENT,
  RT_SCOPE_HOST,
  RT_SCOPE_LINK,
  RT_SCOPE_UNIVERSE,
  addr,
} from '../../codecs/addr.js'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_DUMP_FILTERED, NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTM_GETADDR, RTM_NEWADDR } from '../../codecs/rtnetlink.js'
import { decodeAll, decodeError, encodeAll, hex, toHex } from './rtnl-golden.js'

const FOREVER = 0xffffffff

t.test('pyroute2 sample: RTM_NEWADDR for lo 127.0.0.1/8', async (t) => {
  // svinota/pyroute2 tests/test_unit/test_nlmsg/addrmsg_ipv4.dump (shared/corpora/pyroute2), another
  // tool's capture from another kernel.
  const bytes = hex(
    '4c:00:00:00:14:00:02:00:02:01:00:00:c5:4e:00:00:02:08:80:fe:01:00:00:00:08:00:01:00:7f:00:00:01:08:00:02:00:7f:00:00:01:07:00:03:00:6c:6f:00:00:08:00:08:00:80:00:00:00:14:00:06:00:ff:ff:ff:ff:ff:ff:ff:ff:05:01:00:00:05:01:00:00',
  )
  const m = addr.decode(bytes)
  t.strictSame(m, {
    type: RTM_NEWADDR,
    flags: NLM_F_MULTI,
    seq: 0x102,
    pid: 0x4ec5,
    body: {
      ifaFamily: AF_INET,
      ifaPrefixlen: 8,
      ifaFlags: IFA_F_PERMANENT,
      ifaScope: RT_SCOPE_HOST,
      ifaIndex: 1,
      address: '127.0.0.1',
      local: '127.0.0.1',
      label: 'lo',
      flags: IFA_F_PERMANENT,
      cacheinfo: { ifaPrefered: FOREVER, ifaValid: FOREVER, cstamp: 0x105, tstamp: 0x105 },
    },
  })
  t.strictSame(Object.keys(m.body), ['ifaFamily', 'ifaPrefixlen', 'ifaFlags', 'ifaScope', 'ifaIndex', 'address', 'local', 'label', 'flags', 'cacheinfo'])
  t.equal(toHex(addr.encode(m)), toHex(bytes))
  t.equal(addr.encodingLength(m), bytes.length)
})

t.test('ip addr add 192.168.88.1/24 dev v0', async (t) => {
  const request = hex('2800000014000506e4d1096b00000000 0218000003000000 08000200c0a85801 08000100c0a85801')
  const byHand: AddrMessage = {
    type: RTM_NEWADDR,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE,
    seq: 0x6b09d1e4,
    pid: 0,
    // iproute2 sends IFA_LOCAL first, then IFA_ADDRESS (the same address on a broadcast link).
    body: { ifaFamily: AF_INET, ifaPrefixlen: 24, ifaFlags: 0, ifaScope: RT_SCOPE_UNIVERSE, ifaIndex: 3, local: '192.168.88.1', address: '192.168.88.1' },
  }
  t.equal(toHex(addr.encode(byHand)), toHex(request))
  const m = addr.decode(request)
  t.strictSame(m, byHand)
  t.equal(toHex(addr.encode(m)), toHex(request))
})

t.test('ip -6 addr add 2001:db8::1/64 dev v0 nodad', async (t) => {
  const request = hex(
    '4000000014000506e4d1096b00000000 0a40020003000000 1400020020010db8000000000000000000000001 1400010020010db8000000000000000000000001',
  )
  const byHand: AddrMessage = {
    type: RTM_NEWADDR,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE,
    seq: 0x6b09d1e4,
    pid: 0,
    // Flags that fit in 8 bits go in ifa_flags; iproute2 adds IFA_FLAGS only for higher bits.
    body: { ifaFamily: AF_INET6, ifaPrefixlen: 64, ifaFlags: IFA_F_NODAD, ifaScope: RT_SCOPE_UNIVERSE, ifaIndex: 3, local: '2001:db8::1', address: '2001:db8::1' },
  }
  t.equal(toHex(addr.encode(byHand)), toHex(request))
  const m = addr.decode(request)
  t.strictSame(m, byHand)
  t.equal(toHex(addr.encode(m)), toHex(request))
})

t.test('ip -j addr show dev v0: the dump request and the three RTM_NEWADDR replies', async (t) => {
  const request = hex('1800000016000103e8d1096b00000000 0000000003000000')
  const byHand: AddrMessage = {
    type: RTM_GETADDR,
    flags: NLM_F_REQUEST | NLM_F_DUMP,
    seq: 0x6b09d1e8,
    pid: 0,
    // Strict dump filtering: the kernel only sends addresses of ifa_index.
    body: { ifaFamily: AF_UNSPEC, ifaPrefixlen: 0, ifaFlags: 0, ifaScope: 0, ifaIndex: 3 },
  }
  t.equal(toHex(addr.encode(byHand)), toHex(request))
  t.strictSame(addr.decode(request), byHand)

  // One recv (the NLMSG_DONE came in the next).
  const reply = hex(
    '4c00000014002200e8d1096baf220000021880000300000008000100c0a8580108000200c0a858010700030076300000080008008000000014000600ffffffffffffffffcefe0400cefe0400' +
      '4800000014002200e8d1096baf2200000a408200030000001400010020010db800000000000000000000000114000600ffffffffffffffffdefe0400defe04000800080082000000' +
      '5000000014002200e8d1096baf2200000a4080fd0300000014000100fe80000000000000c42adafffeb0a50b14000600ffffffffffffffffb4fe0400b4fe0400080008008000000005000b0003000000',
  )
  const msgs = decodeAll(addr, reply)
  const head = { type: RTM_NEWADDR, flags: NLM_F_MULTI | NLM_F_DUMP_FILTERED, seq: 0x6b09d1e8, pid: 0x22af }
  t.strictSame(msgs, [
    {
      ...head,
      body: {
        ifaFamily: AF_INET,
        ifaPrefixlen: 24,
        ifaFlags: IFA_F_PERMANENT,
        ifaScope: RT_SCOPE_UNIVERSE,
        ifaIndex: 3,
        address: '192.168.88.1',
        local: '192.168.88.1',
        label: 'v0',
        flags: IFA_F_PERMANENT,
        cacheinfo: { ifaPrefered: FOREVER, ifaValid: FOREVER, cstamp: 327374, tstamp: 327374 },
      },
    },
    {
      ...head,
      body: {
        ifaFamily: AF_INET6,
        ifaPrefixlen: 64,
        ifaFlags: IFA_F_PERMANENT | IFA_F_NODAD,
        ifaScope: RT_SCOPE_UNIVERSE,
        ifaIndex: 3,
        address: '2001:db8::1',
        cacheinfo: { ifaPrefered: FOREVER, ifaValid: FOREVER, cstamp: 327390, tstamp: 327390 },
        flags: IFA_F_PERMANENT | IFA_F_NODAD,
      },
    },
    {
      ...head,
      body: {
        ifaFamily: AF_INET6,
        ifaPrefixlen: 64,
        ifaFlags: IFA_F_PERMANENT,
        ifaScope: RT_SCOPE_LINK,
        ifaIndex: 3,
        address: 'fe80::c42a:daff:feb0:a50b',
        cacheinfo: { ifaPrefered: FOREVER, ifaValid: FOREVER, cstamp: 327348, tstamp: 327348 },
        flags: IFA_F_PERMANENT,
        proto: IFAPROT_KERNEL_LL,
      },
    },
  ])
  t.equal(encodeAll(addr, msgs), toHex(reply))

  // What iproute2 printed for the same bytes (ip -j addr show dev v0), field by field.
  const shown = JSON.parse(
    '[{"ifindex":3,"link":"v1","ifname":"v0","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1500,"qdisc":"noqueue","operstate":"UP","group":"default","txqlen":1000,"link_type":"ether","address":"c6:2a:da:b0:a5:0b","broadcast":"ff:ff:ff:ff:ff:ff","addr_info":[{"family":"inet","local":"192.168.88.1","prefixlen":24,"scope":"global","label":"v0","valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"2001:db8::1","prefixlen":64,"scope":"global","nodad":true,"valid_life_time":4294967295,"preferred_life_time":4294967295},{"family":"inet6","local":"fe80::c42a:daff:feb0:a50b","prefixlen":64,"scope":"link","valid_life_time":4294967295,"preferred_life_time":4294967295}]}]',
  ) as { ifindex: number; addr_info: Record<string, unknown>[] }[]
  const families: Record<string, number> = { inet: AF_INET, inet6: AF_INET6 }
  const scopes: Record<string, number> = { global: RT_SCOPE_UNIVERSE, link: RT_SCOPE_LINK, host: RT_SCOPE_HOST }
  t.equal(shown[0]!.addr_info.length, msgs.length)
  shown[0]!.addr_info.forEach((info, i) => {
    const b = msgs[i]!.body
    t.equal(b.ifaIndex, shown[0]!.ifindex)
    t.equal(b.ifaFamily, families[info.family as string])
    // iproute2 shows IFA_LOCAL, or IFA_ADDRESS when there is no IFA_LOCAL (IPv6).
    t.equal(b.local ?? b.address, info.local)
    t.equal(b.ifaPrefixlen, info.prefixlen)
    t.equal(b.ifaScope, scopes[info.scope as string])
    t.equal(b.label, info.label)
    t.equal(((b.flags ?? 0) & IFA_F_NODAD) !== 0, info.nodad === true)
    t.equal(b.cacheinfo?.ifaValid, info.valid_life_time)
    t.equal(b.cacheinfo?.ifaPrefered, info.preferred_life_time)
  })
})

t.test('RTM_NEWADDR notification for ip addr add 192.168.88.1/24 dev v0', async (t) => {
  // Notifications carry the requester's seq and port id, and no NLM_F_MULTI.
  const bytes = hex(
    '4c00000014000000e4d1096bda210000021880000300000008000100c0a8580108000200c0a858010700030076300000080008008000000014000600ffffffffffffffffcefe0400cefe0400',
  )
  const m = addr.decode(bytes)
  t.strictSame(m, {
    type: RTM_NEWADDR,
    flags: 0,
    seq: 0x6b09d1e4,
    pid: 0x21da,
    body: {
      ifaFamily: AF_INET,
      ifaPrefixlen: 24,
      ifaFlags: IFA_F_PERMANENT,
      ifaScope: RT_SCOPE_UNIVERSE,
      ifaIndex: 3,
      address: '192.168.88.1',
      local: '192.168.88.1',
      label: 'v0',
      flags: IFA_F_PERMANENT,
      cacheinfo: { ifaPrefered: FOREVER, ifaValid: FOREVER, cstamp: 327374, tstamp: 327374 },
    },
  })
  t.equal(toHex(addr.encode(m)), toHex(bytes))
})

t.test('malformed address messages: NetlinkDecodeError with path and offset', async (t) => {
  // The pyroute2 message with one thing broken at a time. Layout: nlmsghdr 0, ifaddrmsg 16,
  // IFA_ADDRESS 24, IFA_LOCAL 32, IFA_LABEL 40, IFA_FLAGS 48, IFA_CACHEINFO 56, end 76.
  const good =
    '4c000000 1400 0200 02010000 c54e0000 020880fe01000000 080001007f000001 080002007f000001 070003006c6f0000 0800080080000000 14000600ffffffffffffffff0501000005010000'
  t.doesNotThrow(() => addr.decode(hex(good)))
  const cases: [string, string, string[], number, RegExp][] = [
    ['ifaddrmsg cut to 6 bytes', '16000000 1400 0200 02010000 c54e0000 020880fe0100', [], 16, /ifaddrmsg: expected 8 bytes, got 6/],
    ['IFA_ADDRESS of 1 byte', good.replace('080001007f000001', '050001007f000000'), ['IFA_ADDRESS'], 24, /IPv4 \(4 bytes\) or IPv6 \(16 bytes\) address, got 1 bytes/],
    ['IFA_LABEL overruns the message', good.replace('070003006c6f0000', '400003006c6f0000'), ['IFA_LABEL'], 40, /attribute length 64 overruns its parent by 28 bytes/],
    ['IFA_FLAGS of 2 bytes', good.replace('0800080080000000', '0600080080000000'), ['IFA_FLAGS'], 48, /expected 4 bytes, got 2/],
    ['IFA_CACHEINFO of 10 bytes', good.replace('14000600ffff', '0e000600ffff'), ['IFA_CACHEINFO'], 60, /ifa_cacheinfo: 10 bytes end inside field cstamp/],
    ['nlmsg_len past the end', good.replace('4c000000', '50000000'), [], 0, /nlmsg_len 80 runs 4 bytes past the end/],
  ]
  for (const [name, h, path, offset, reason] of cases) {
    const e = decodeError(() => addr.decode(hex(h)))
    t.strictSame(e.path, path, `${name}: path`)
    t.equal(e.offset, offset, `${name}: offset`)
    t.match(e.reason, reason, `${name}: reason`)
  }
  const other = decodeError(() => addr.decode(hex('1400000018000000000000000000000000000000')))
  t.match(other.message, /message type 24 is not a addr message at offset 4/)
})
