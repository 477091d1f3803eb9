// RTM_*NETCONF golden tests on real bytes. Captured with
//   strace -f -x -s 65535 -e trace=sendmsg,sendto,recvmsg,recvfrom -e write=all -e read=all ip ...
// in a scratch netns (kernel 6.18, iproute2 6.1) holding lo (1), veth v1 (2) / v0 (3), bridge br0 (4)
// and veth p1 (5) / p0 (6).
import t from 'tap'
import { NLMSG_DONE, NLM_F_ACK, NLM_F_DUMP, NLM_F_MULTI, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT, type NetconfBody, type NetconfMessage, netconf } from '../../codecs/netconf.js'
import { RTM_GETNETCONF, RTM_NEWNETCONF } from '../../codecs/rtnetlink.js'
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../codecs/address-families.js'
import { decodeError, encodeAll, frames, hex, toHex } from './rtnl-golden.js'

t.test('ip -4 netconf show dev v0: RTM_GETNETCONF for one device, and the reply', async (t) => {
  // struct netconfmsg is one byte; NETCONFA_IFINDEX starts at the next 4-byte boundary.
  const request = hex('1c00000052000500 00000000 00000000 02000000 0800010003000000')
  const byHand: NetconfMessage = { type: RTM_GETNETCONF, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: { ncmFamily: AF_INET, ifindex: 3 } }
  t.equal(toHex(netconf.encode(byHand)), toHex(request))
  t.strictSame(netconf.decode(request), byHand)
  t.equal(toHex(netconf.encode(netconf.decode(request))), toHex(request))

  const reply = hex(
    '4c00000050000000 00000000 8b220000 02000000 0800010003000000 0800020000000000 0800030000000000 0800040000000000 0800080000000000 0800050000000000 0800060000000000',
  )
  const m = netconf.decode(reply)
  t.strictSame(m, {
    type: RTM_NEWNETCONF,
    flags: 0,
    seq: 0,
    pid: 0x228b,
    body: { ncmFamily: AF_INET, ifindex: 3, forwarding: 0, rpFilter: 0, mcForwarding: 0, bcForwarding: 0, proxyNeigh: 0, ignoreRoutesWithLinkdown: 0 },
  })
  t.equal(toHex(netconf.encode(m)), toHex(reply))
  // iproute2 printed (no JSON for a single device in 6.1):
  const shown = 'inet v0 forwarding off rp_filter off mc_forwarding off proxy_neigh off ignore_routes_with_linkdown off '
  const onOff = (v: number | undefined) => (v ? 'on' : 'off')
  const b = m.body
  t.equal(
    `inet v0 forwarding ${onOff(b.forwarding)} rp_filter ${b.rpFilter === 0 ? 'off' : b.rpFilter === 1 ? 'strict' : 'loose'} mc_forwarding ${onOff(b.mcForwarding)} proxy_neigh ${onOff(b.proxyNeigh)} ignore_routes_with_linkdown ${onOff(b.ignoreRoutesWithLinkdown)} `,
    shown,
  )
})

t.test('ip -j netconf show dev v0: a dump of every family and device, filtered by iproute2', async (t) => {
  const request = hex('1400000052000103e7d1096b00000000 00000000')
  const byHand: NetconfMessage = { type: RTM_GETNETCONF, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0x6b09d1e7, pid: 0, body: { ncmFamily: AF_UNSPEC } }
  t.equal(toHex(netconf.encode(byHand)), toHex(request))
  t.strictSame(netconf.decode(request), byHand)

  const v4 = (ifindex: string) => `4c00000050000200e7d1096b7b22000002000000 08000100${ifindex} 0800020000000000 0800030000000000 0800040000000000 0800080000000000 0800050000000000 0800060000000000`
  const v6 = (ifindex: string) => `3c00000050000200e7d1096b7b2200000a000000 08000100${ifindex} 0800020000000000 0800040000000000 0800050000000000 0800060000000000`
  const ids = ['01000000', '02000000', '03000000', '04000000', '05000000', '06000000', 'ffffffff', 'feffffff']
  const reply = hex(ids.map(v4).join('') + ids.map(v6).join(''))
  const msgs = frames(reply).map((f) => netconf.decode(reply, f.offset))
  // IPv4 has rp_filter and bc_forwarding, IPv6 not; "all" and "default" come as -1 and -2.
  const ipv4 = { forwarding: 0, rpFilter: 0, mcForwarding: 0, bcForwarding: 0, proxyNeigh: 0, ignoreRoutesWithLinkdown: 0 }
  const ipv6 = { forwarding: 0, mcForwarding: 0, proxyNeigh: 0, ignoreRoutesWithLinkdown: 0 }
  const ifindexes = [1, 2, 3, 4, 5, 6, NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT]
  const head = { type: RTM_NEWNETCONF, flags: NLM_F_MULTI, seq: 0x6b09d1e7, pid: 0x227b }
  t.strictSame(msgs, [
    ...ifindexes.map((ifindex) => ({ ...head, body: { ncmFamily: AF_INET, ifindex, ...ipv4 } })),
    ...ifindexes.map((ifindex) => ({ ...head, body: { ncmFamily: AF_INET6, ifindex, ...ipv6 } })),
  ])
  t.equal(encodeAll(netconf, msgs), toHex(reply))
  t.equal(frames(hex('1400000003000200e7d1096b7b22000000000000'))[0]!.type, NLMSG_DONE) // the next recv

  const shown = JSON.parse(
    '[{"family":"inet","interface":"v0","forwarding":false,"rp_filter":"off","mc_forwarding":false,"proxy_neigh":false,"ignore_routes_with_linkdown":false},{"family":"inet6","interface":"v0","forwarding":false,"mc_forwarding":false,"proxy_neigh":false,"ignore_routes_with_linkdown":false}]',
  ) as Record<string, unknown>[]
  const v0 = msgs.filter((m) => m.body.ifindex === 3).map((m) => m.body)
  t.equal(v0.length, shown.length)
  v0.forEach((b: NetconfBody, i) => {
    const s = shown[i]!
    t.equal(b.ncmFamily, s.family === 'inet' ? AF_INET : AF_INET6)
    t.equal(b.forwarding === 1, s.forwarding)
    t.equal(b.mcForwarding === 1, s.mc_forwarding)
    t.equal(b.proxyNeigh === 1, s.proxy_neigh)
    t.equal(b.ignoreRoutesWithLinkdown === 1, s.ignore_routes_with_linkdown)
    t.equal(b.rpFilter === undefined ? undefined : b.rpFilter === 0 ? 'off' : 'on', s.rp_filter)
  })
})

t.test('malformed netconf messages: NetlinkDecodeError with path and offset', async (t) => {
  const cases: [string, string, string[], number, RegExp][] = [
    ['a reply without its netconfmsg', '1000000050000000 00000000 00000000', [], 16, /netconfmsg: expected 1 bytes, got 0/],
    ['NETCONFA_IFINDEX of 2 bytes', '1c00000050000000 00000000 00000000 02000000 06000100 0300 0000', ['NETCONFA_IFINDEX'], 20, /expected 4 bytes, got 2/],
    ['NETCONFA_RP_FILTER overruns the message', '2400000050000000 00000000 00000000 02000000 0800010003000000 10000300 00000000', ['NETCONFA_RP_FILTER'], 28, /overruns its parent by 8 bytes/],
    ['attribute length below its header', '1c00000050000000 00000000 00000000 02000000 02000100 03000000', [], 20, /attribute length 2 is below the 4-byte header/],
  ]
  for (const [name, h, path, offset, reason] of cases) {
    const e = decodeError(() => netconf.decode(hex(h)))
    t.strictSame(e.path, path, `${name}: path`)
    t.equal(e.offset, offset, `${name}: offset`)
    t.match(e.reason, reason, `${name}: reason`)
  }
})
