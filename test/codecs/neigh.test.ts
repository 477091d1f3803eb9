// RTM_*NEIGH golden tests on real bytes: ARP/NDP neighbours and bridge FDB entries. Captured with
//   strace -f -x -s 65535 -e trace=sendmsg,sendto,recvmsg,recvfrom -e write=all -e read=all ip|bridge ...
// in a scratch netns (kernel 6.18, iproute2 6.1) holding veth v0 (ifindex 3) / v1 (2) with
// 192.168.88.1/24 on v0, and bridge br0 (4) with port p0 (6, veth peer p1 = 5), all up;
// notifications with a RawNetlinkSocket joined to RTNLGRP_NEIGH.
import t from 'tap'
import { NLMSG_DONE, NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_DUMP_FILTERED, NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import {
  FDB_NOTIFY_BIT,
  NTF_MASTER,
  NTF_SELF,
  NUD_NOARP,
  NUD_PERMANENT,
  NUD_REACHABLE,
  type NeighMessage,
  neigh,
} from '../../codecs/neigh.js'
import { RTN_MULTICAST, RTN_UNICAST } from '../../codecs/route.js'
import { RTM_GETNEIGH, RTM_NEWNEIGH } from '../../codecs/rtnetlink.js'
import { AF_BRIDGE, AF_INET, AF_INET6, AF_UNSPEC } from '../../codecs/address-families.js'
import { type Tap, decodeError, encodeAll, frames, hex, toHex } from './rtnl-golden.js'

const NEW = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE
const DEV: Record<number, string> = { 2: 'v1', 3: 'v0', 4: 'br0', 5: 'p1', 6: 'p0' }

function request(t: Tap, bytes: Uint8Array, byHand: NeighMessage): void {
  t.equal(toHex(neigh.encode(byHand)), toHex(bytes), 'encode(by hand) = iproute2')
  const m = neigh.decode(bytes)
  t.strictSame(m, byHand, 'decode(iproute2) = by hand')
  t.equal(toHex(neigh.encode(m)), toHex(bytes), 'encode(decode) = iproute2')
}

/** The neighbour messages of one recv buffer; anything else in it must be the closing NLMSG_DONE. */
function replies(t: Tap, buf: Uint8Array): NeighMessage[] {
  const all = frames(buf)
  const mine = all.filter((f) => neigh.types.includes(f.type))
  t.ok(all.length === mine.length || (all.length === mine.length + 1 && all.at(-1)!.type === NLMSG_DONE), 'only neighbours, then NLMSG_DONE')
  return mine.map((f) => neigh.decode(buf, f.offset))
}

t.test('ip neigh add 192.168.88.9 lladdr 02:00:00:00:00:09 dev v0', async (t) => {
  request(t, hex('300000001c000506e6d1096b00000000 0200000003000000 80000000 08000100c0a85809 0a000200020000000009 0000'), {
    type: RTM_NEWNEIGH,
    flags: NEW,
    seq: 0x6b09d1e6,
    pid: 0,
    body: { ndmFamily: AF_INET, ndmIfindex: 3, ndmState: NUD_PERMANENT, ndmFlags: 0, ndmType: 0, dst: '192.168.88.9', lladdr: '02:00:00:00:00:09' },
  })
})

t.test('ip -j neigh show dev v0: dump request and replies (ARP entry, NDP multicast entries)', async (t) => {
  request(t, hex('240000001e000103e9d1096b00000000 000000000000000000000000 0800080003000000'), {
    type: RTM_GETNEIGH,
    flags: NLM_F_REQUEST | NLM_F_DUMP,
    seq: 0x6b09d1e9,
    pid: 0,
    // Strict dump filtering by device: NDA_IFINDEX.
    body: { ndmFamily: AF_UNSPEC, ndmIfindex: 0, ndmState: 0, ndmFlags: 0, ndmType: 0, ifindex: 3 },
  })
  const neighbours =
    '4c0000001c002200e9d1096bef22000002000000030000008000000108000100c0a858090a0002000200000000090000080004000000000014000300f5000000f5000000f500000000000000' +
    '580000001c002200e9d1096bef2200000a000000030000004000000514000100ff0200000000000000000001ffb0a50b0a0002003333ffb0a50b00000800040000000000140003009b1800002b0100002b01000000000000' +
    '580000001c002200e9d1096bef2200000a000000030000004000000514000100ff0200000000000000000000000000020a000200333300000002000008000400000000001400030034180000c4000000c400000000000000' +
    '580000001c002200e9d1096bef2200000a000000030000004000000514000100ff0200000000000000000000000000160a0002003333000000160000080004000000000014000300e8180000780100007801000000000000'
  const done = '1400000003000200e9d1096bef22000000000000'
  const msgs = replies(t, hex(neighbours + done))
  const head = { type: RTM_NEWNEIGH, flags: NLM_F_MULTI | NLM_F_DUMP_FILTERED, seq: 0x6b09d1e9, pid: 0x22ef }
  const ndp = { ndmFamily: AF_INET6, ndmIfindex: 3, ndmState: NUD_NOARP, ndmFlags: 0, ndmType: RTN_MULTICAST }
  t.strictSame(msgs, [
    {
      ...head,
      body: {
        ndmFamily: AF_INET,
        ndmIfindex: 3,
        ndmState: NUD_PERMANENT,
        ndmFlags: 0,
        ndmType: RTN_UNICAST,
        dst: '192.168.88.9',
        lladdr: '02:00:00:00:00:09',
        probes: 0,
        cacheinfo: { confirmed: 245, used: 245, updated: 245, refcnt: 0 },
      },
    },
    { ...head, body: { ...ndp, dst: 'ff02::1:ffb0:a50b', lladdr: '33:33:ff:b0:a5:0b', probes: 0, cacheinfo: { confirmed: 6299, used: 299, updated: 299, refcnt: 0 } } },
    { ...head, body: { ...ndp, dst: 'ff02::2', lladdr: '33:33:00:00:00:02', probes: 0, cacheinfo: { confirmed: 6196, used: 196, updated: 196, refcnt: 0 } } },
    { ...head, body: { ...ndp, dst: 'ff02::16', lladdr: '33:33:00:00:00:16', probes: 0, cacheinfo: { confirmed: 6376, used: 376, updated: 376, refcnt: 0 } } },
  ])
  t.equal(encodeAll(neigh, msgs), toHex(hex(neighbours)))

  // iproute2 hides NUD_NOARP entries unless asked for `nud all`; the rest it shows like this.
  const shown = JSON.parse('[{"dst":"192.168.88.9","lladdr":"02:00:00:00:00:09","state":["PERMANENT"]}]') as { dst: string; lladdr: string; state: string[] }[]
  const visible = msgs.filter((m) => (m.body.ndmState & NUD_NOARP) === 0)
  t.equal(visible.length, shown.length)
  visible.forEach((m, i) => {
    t.equal(m.body.dst, shown[i]!.dst)
    t.equal(m.body.lladdr, shown[i]!.lladdr)
    t.strictSame(m.body.ndmState === NUD_PERMANENT ? ['PERMANENT'] : [], shown[i]!.state)
  })
})

t.test('bridge fdb add 02:00:00:00:00:09 dev p0 master', async (t) => {
  request(t, hex('280000001c000506e6d1096b00000000 0700000006000000 c0000400 0a000200020000000009 0000'), {
    type: RTM_NEWNEIGH,
    flags: NEW,
    seq: 0x6b09d1e6,
    pid: 0,
    // The bridge's FDB (NTF_MASTER) of port p0; `bridge` marks a static entry NUD_NOARP as well.
    body: { ndmFamily: AF_BRIDGE, ndmIfindex: 6, ndmState: NUD_PERMANENT | NUD_NOARP, ndmFlags: NTF_MASTER, ndmType: 0, lladdr: '02:00:00:00:00:09' },
  })
})

t.test('bridge -j fdb show dev p0: dump request and the six FDB entries', async (t) => {
  request(t, hex('1c0000001e000103e9d1096b00000000 0700000006000000 00000000'), {
    type: RTM_GETNEIGH,
    flags: NLM_F_REQUEST | NLM_F_DUMP,
    seq: 0x6b09d1e9,
    pid: 0,
    body: { ndmFamily: AF_BRIDGE, ndmIfindex: 6, ndmState: 0, ndmFlags: 0, ndmType: 0 },
  })
  const reply = hex(
    '4c0000001c000200e9d1096bff2200000700000006000000800000000a0002000200000000090000080009000400000008000f00000000001400030000000000f2000000f200000000000000' +
      '4c0000001c000200e9d1096bff2200000700000006000000020000000a000200725bffe706540000080009000400000008000f0000000000140003000000000086010000d300000000000000' +
      '4c0000001c000200e9d1096bff2200000700000006000000800000000a0002006e0b90565f5a0000080009000400000008000f00000000001400030000000000890100008901000000000000' +
      '280000001c000200e9d1096bff2200000700000006000000800002000a0002003333000000010000' +
      '280000001c000200e9d1096bff2200000700000006000000800002000a00020001005e0000010000' +
      '280000001c000200e9d1096bff2200000700000006000000800002000a0002003333ff565f5a0000',
  )
  const msgs = replies(t, reply)
  // The bridge's own entries (NTF_MASTER dumps) carry NDA_MASTER, NDA_FLAGS_EXT and NDA_CACHEINFO;
  // the port's own (NTF_SELF) multicast addresses only the MAC.
  const head = { type: RTM_NEWNEIGH, flags: NLM_F_MULTI, seq: 0x6b09d1e9, pid: 0x22ff }
  const fdb = { ndmFamily: AF_BRIDGE, ndmIfindex: 6, ndmType: 0 }
  t.strictSame(msgs, [
    { ...head, body: { ...fdb, ndmState: NUD_PERMANENT, ndmFlags: 0, lladdr: '02:00:00:00:00:09', master: 4, flagsExt: 0, cacheinfo: { confirmed: 0, used: 242, updated: 242, refcnt: 0 } } },
    { ...head, body: { ...fdb, ndmState: NUD_REACHABLE, ndmFlags: 0, lladdr: '72:5b:ff:e7:06:54', master: 4, flagsExt: 0, cacheinfo: { confirmed: 0, used: 390, updated: 211, refcnt: 0 } } },
    { ...head, body: { ...fdb, ndmState: NUD_PERMANENT, ndmFlags: 0, lladdr: '6e:0b:90:56:5f:5a', master: 4, flagsExt: 0, cacheinfo: { confirmed: 0, used: 393, updated: 393, refcnt: 0 } } },
    { ...head, body: { ...fdb, ndmState: NUD_PERMANENT, ndmFlags: NTF_SELF, lladdr: '33:33:00:00:00:01' } },
    { ...head, body: { ...fdb, ndmState: NUD_PERMANENT, ndmFlags: NTF_SELF, lladdr: '01:00:5e:00:00:01' } },
    { ...head, body: { ...fdb, ndmState: NUD_PERMANENT, ndmFlags: NTF_SELF, lladdr: '33:33:ff:56:5f:5a' } },
  ])
  t.equal(encodeAll(neigh, msgs), toHex(reply))

  const shown = JSON.parse(
    '[{"mac":"02:00:00:00:00:09","flags":[],"master":"br0","state":"permanent"},{"mac":"72:5b:ff:e7:06:54","flags":[],"master":"br0","state":""},{"mac":"6e:0b:90:56:5f:5a","flags":[],"master":"br0","state":"permanent"},{"mac":"33:33:00:00:00:01","flags":["self"],"state":"permanent"},{"mac":"01:00:5e:00:00:01","flags":["self"],"state":"permanent"},{"mac":"33:33:ff:56:5f:5a","flags":["self"],"state":"permanent"}]',
  ) as { mac: string; flags: string[]; master?: string; state: string }[]
  t.equal(msgs.length, shown.length)
  msgs.forEach((m, i) => {
    const s = shown[i]!
    t.equal(m.body.lladdr, s.mac)
    t.equal(m.body.master === undefined ? undefined : DEV[m.body.master], s.master)
    t.strictSame(m.body.ndmFlags & NTF_SELF ? ['self'] : [], s.flags)
    t.equal(m.body.ndmState & NUD_PERMANENT ? 'permanent' : '', s.state)
  })
})

t.test('RTM_NEWNEIGH notifications: the ARP entry and the FDB entry', async (t) => {
  const arp = hex('4c0000001c000000000000004b22000002000000030000008000000108000100c0a858090a000200020000000009000008000400000000001400030000000000000000000000000001000000')
  const m1 = neigh.decode(arp)
  t.strictSame(m1, {
    type: RTM_NEWNEIGH,
    flags: 0,
    seq: 0,
    pid: 0x224b,
    body: {
      ndmFamily: AF_INET,
      ndmIfindex: 3,
      ndmState: NUD_PERMANENT,
      ndmFlags: 0,
      ndmType: RTN_UNICAST,
      dst: '192.168.88.9',
      lladdr: '02:00:00:00:00:09',
      probes: 0,
      cacheinfo: { confirmed: 0, used: 0, updated: 0, refcnt: 1 },
    },
  })
  t.equal(toHex(neigh.encode(m1)), toHex(arp))
  const fdb = hex('4c0000001c00000000000000000000000700000006000000800000000a0002000200000000090000080009000400000008000f00000000001400030000000000000000000000000000000000')
  const m2 = neigh.decode(fdb)
  t.strictSame(m2, {
    type: RTM_NEWNEIGH,
    flags: 0,
    seq: 0,
    pid: 0,
    body: {
      ndmFamily: AF_BRIDGE,
      ndmIfindex: 6,
      ndmState: NUD_PERMANENT,
      ndmFlags: 0,
      ndmType: 0,
      lladdr: '02:00:00:00:00:09',
      master: 4,
      flagsExt: 0,
      cacheinfo: { confirmed: 0, used: 0, updated: 0, refcnt: 0 },
    },
  })
  t.equal(toHex(neigh.encode(m2)), toHex(fdb))
})

t.test('NDA_FDB_EXT_ATTRS built by hand is a nest with NLA_F_NESTED, like the kernel sends it', async (t) => {
  // iproute2 6.1 has no option for it; the layout is the kernel's (nla_nest_start + NFEA_* u8/flag).
  const m: NeighMessage = {
    type: RTM_NEWNEIGH,
    flags: NEW,
    seq: 1,
    pid: 0,
    body: {
      ndmFamily: AF_BRIDGE,
      ndmIfindex: 6,
      ndmState: NUD_REACHABLE,
      ndmFlags: NTF_MASTER,
      ndmType: 0,
      lladdr: '02:00:00:00:00:0a',
      fdbExtAttrs: { activityNotify: FDB_NOTIFY_BIT, dontRefresh: true },
    },
  }
  const bytes = neigh.encode(m)
  t.equal(
    toHex(bytes),
    toHex(hex('380000001c0005060100000000000000 0700000006000000 02000400 0a00020002000000000a0000 10000e80 0500010001000000 04000200')),
  )
  t.strictSame(neigh.decode(bytes), m)
})

t.test('malformed neighbour messages: NetlinkDecodeError with path and offset', async (t) => {
  // The ARP notification with one thing broken at a time. Layout: nlmsghdr 0, ndmsg 16,
  // NDA_DST 28, NDA_LLADDR 36, NDA_PROBES 48, NDA_CACHEINFO 56, end 76.
  const good = '4c0000001c0000000000 00004b220000 0200000003000000 80000001 08000100c0a85809 0a0002000200000000090000 0800040000000000 1400030000000000000000000000000001000000'
  t.doesNotThrow(() => neigh.decode(hex(good)))
  const cases: [string, string, string[], number, RegExp][] = [
    ['ndmsg cut to 8 bytes', '180000001c0000000000 00004b220000 0200000003000000', [], 16, /ndmsg: expected 12 bytes, got 8/],
    ['NDA_LLADDR overruns the message', good.replace('0a00020002000000', '4a00020002000000'), ['NDA_LLADDR'], 36, /attribute length 74 overruns its parent by 34 bytes/],
    ['NDA_PROBES of 8 bytes', good.replace('0800040000000000 1400', '0c00040000000000 1400'), ['NDA_PROBES'], 48, /expected 4 bytes, got 8/],
    ['NDA_CACHEINFO of 14 bytes', good.replace('14000300', '12000300'), ['NDA_CACHEINFO'], 60, /nda_cacheinfo: 14 bytes end inside field refcnt/],
    ['NDA_DST of 3 bytes', good.replace('08000100c0a85809', '07000100c0a85809'), ['NDA_DST'], 28, /got 3 bytes/],
  ]
  for (const [name, h, path, offset, reason] of cases) {
    const e = decodeError(() => neigh.decode(hex(h)))
    t.strictSame(e.path, path, `${name}: path`)
    t.equal(e.offset, offset, `${name}: offset`)
    t.match(e.reason, reason, `${name}: reason`)
  }
  // Inside the FDB extension nest: NFEA_ACTIVITY_NOTIFY (u8) given 2 bytes; NDA_VLAN (u16) given 4.
  const ext = '300000001c0000000000000000000000 0700000006000000 80000000 0c000e80 06000100 0100 0000 08000500 01000000'
  const e1 = decodeError(() => neigh.decode(hex(ext)))
  t.strictSame([e1.path, e1.offset, e1.reason], [['NDA_FDB_EXT_ATTRS', 'NFEA_ACTIVITY_NOTIFY'], 32, 'expected 1 bytes, got 2'])
  const e2 = decodeError(() => neigh.decode(hex(ext.replace('0c000e80 06000100 0100 0000', '0c000e80 05000100 01000000'))))
  t.strictSame([e2.path, e2.offset, e2.reason], [['NDA_VLAN'], 40, 'expected 2 bytes, got 4'])
})
