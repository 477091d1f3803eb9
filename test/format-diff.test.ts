// The formatter's rarer branches against iproute2 itself: each message below is built by hand,
// encoded, written as an rtmon file and printed by `ip -d monitor file F` (the same print_*
// functions as the live monitor) inside a scratch namespace, where ifindex 1 is a down lo and no
// other ifindex exists. The fixtures cover what the scenarios produce; this covers the rest
// (metrics, cache info, flags, unknown states, other link kinds ...). Needs root (ip -n).
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Message } from '../codecs/core/nlmsg.js'
import { encode } from '../codecs/messages.js'
import '../codecs/families.js'
import { format, formatTimestamp } from '../codecs/iproute2/index.js'
import {
  RTM_DELNSID,
  RTM_DELROUTE,
  RTM_GETNEIGH,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWNETCONF,
  RTM_NEWROUTE,
} from '../codecs/rtnetlink.js'
import { needsRoot, scratchNetns } from './helpers/scratch.js'

/** What the formatter knows in the scratch namespace: lo, down (IFF_LOOPBACK only). */
const context = { links: new Map([[1, { name: 'lo', flags: 0x8, type: 772 }]]) }

const link = (extra: Record<string, unknown>): Message => ({
  type: RTM_NEWLINK,
  flags: 0,
  seq: 0,
  pid: 0,
  body: { ifiFamily: 0, ifiType: 1, ifiIndex: 7, ifiFlags: 0x1043, ifiChange: 0, ifname: 'x0', mtu: 1500, ...extra },
})

const route = (type: number, extra: Record<string, unknown>): Message => ({
  type,
  flags: 0,
  seq: 0,
  pid: 0,
  body: { rtmFamily: 2, rtmDstLen: 24, rtmSrcLen: 0, rtmTos: 0, rtmTable: 254, rtmProtocol: 4, rtmScope: 0, rtmType: 1, rtmFlags: 0, ...extra },
})

const CASES: [string, Message][] = [
  [
    'route: metrics (locked mtu, rtt, rttvar, hoplimit -1, features, congctl), tos, mark, realms, uid, cache info',
    route(RTM_NEWROUTE, {
      rtmTos: 0x20,
      table: 100,
      rtmTable: 100,
      dst: '10.1.2.0',
      oif: 1,
      prefsrc: '10.1.2.3',
      priority: 5,
      mark: 20,
      flow: (3 << 16) | 2,
      uid: 1000,
      cacheinfo: { rtaClntref: 0, rtaLastuse: 0, rtaExpires: 500, rtaError: 3, rtaUsed: 0, rtaId: 0x12, rtaTs: 0, rtaTsage: 7 },
      metrics: { lock: 1 << 2, mtu: 1400, rtt: 12000, rttvar: 400, hoplimit: 0xffffffff, features: 3, ccAlgo: 'cubic' },
    }),
  ],
  [
    'route: IPv6 multipath with flags, pref high, ttl-propagate',
    route(RTM_NEWROUTE, {
      rtmFamily: 10,
      rtmDstLen: 64,
      rtmProtocol: 3,
      dst: '2001:db8:0:0:1::',
      pref: 1,
      ttlPropagate: 0,
      multipath: [
        { rtnhFlags: 4, rtnhHops: 0, rtnhIfindex: 1, gateway: 'fe80::1' },
        { rtnhFlags: 1 | 16, rtnhHops: 4, rtnhIfindex: 9, gateway: '::102:304' },
      ],
    }),
  ],
  ['route: blackhole default, host scope, boot protocol, RTN type by name', route(RTM_NEWROUTE, { rtmDstLen: 0, rtmType: 6, rtmScope: 254, rtmProtocol: 3 })],
  ['route: deleted, a prefix length without RTA_DST', route(RTM_DELROUTE, { rtmDstLen: 8, rtmProtocol: 99, rtmScope: 200, rtmTable: 253 })],
  ['route: cloned routes are not printed', route(RTM_NEWROUTE, { rtmFlags: 0x200, dst: '10.0.0.0' })],
  [
    'link: unknown operstate, event number, group, master, alias, permaddr, protodown, altnames, port ids, netnsids',
    link({
      link: 1,
      operstate: 9,
      event: 7,
      group: 5,
      master: 999,
      qdisc: 'fq',
      address: '02:00:00:00:00:01',
      broadcast: 'ff:ff:ff:ff:ff:ff',
      permAddress: '02:00:00:00:00:02',
      ifalias: 'uplink',
      protoDown: 1,
      linkNetnsid: -1,
      newNetnsid: 7,
      newIfindex: 12,
      promiscuity: 2,
      allmulti: 0,
      numTxQueues: 4,
      physPortName: 'p0',
      physPortId: Uint8Array.of(0xab, 0x01),
      physSwitchId: Uint8Array.of(0x00, 0xff),
      propList: { altIfname: ['x0-alt', 'longer-alt-name'] },
    }),
  ],
  ['link: point-to-point peer, IFLA_LINK 0, unknown flag bits, XDP attached', link({ ifiFlags: 0x80011 | 0x40, link: 0, broadcast: '0a:0b:0c:0d:0e:0f', xdp: { attached: 1, progId: 17 } })],
  ['link: unknown link type, link-netnsid without a name', { ...link({ link: 3, linkNetnsid: 7 }), body: { ...(link({ link: 3, linkNetnsid: 7 }).body as object), ifiType: 0x1234 } }],
  [
    'link: vxlan over IPv6 with every flag',
    link({
      linkinfo: {
        kind: 'vxlan',
        data: {
          id: 7,
          group6: 'ff05::1',
          local6: '2001:db8::1',
          link: 1,
          portRange: { low: 1000, high: 2000 },
          port: 4790,
          learning: 0,
          proxy: 1,
          rsc: 1,
          l2miss: 1,
          l3miss: 1,
          tos: 1,
          ttlInherit: 1,
          df: 1,
          label: 0x12345,
          ageing: 0,
          limit: 10,
          udpCsum: 0,
          udpZeroCsum6Tx: 1,
          udpZeroCsum6Rx: 1,
          remcsumTx: 1,
          remcsumRx: 1,
          gbp: true,
          collectMetadata: 1,
        },
      },
    }),
  ],
  ['link: vxlan with an IPv4 multicast group and a plain ttl', link({ linkinfo: { kind: 'vxlan', data: { id: 9, group: '239.1.1.1', local: '0.0.0.0', ttl: 64, tos: 0x10, df: 2 } } })],
  [
    'link: macvlan in source mode with its addresses, flags',
    link({ linkinfo: { kind: 'macvlan', data: { mode: 16, flags: 3, macaddrCount: 2, macaddrData: { macaddr: ['02:00:00:00:00:0a', '02:00:00:00:00:0b'] }, bcQueueLen: 100 } } }),
  ],
  ['link: tun (tap, multi queue, persist, owner)', link({ linkinfo: { kind: 'tun', data: { type: 2, pi: 0, vnetHdr: 1, multiQueue: 1, numQueues: 4, numDisabledQueues: 1, persist: 1, owner: 4242 } } })],
  [
    'link: bridge with VLAN protocol, both bool options, default pvid',
    link({
      linkinfo: {
        kind: 'bridge',
        data: { vlanFiltering: 1, vlanProtocol: 0x88a8, vlanDefaultPvid: 1, vlanStatsEnabled: 0, groupFwdMask: 0x4000, multiBoolopt: { optval: 2, optmask: 3 }, helloTimer: 12345n },
      },
    }),
  ],
  [
    'link: bridge port with an unknown state, forward mask names, backup port',
    link({
      master: 1,
      linkinfo: { kind: 'veth', slaveKind: 'bridge', slaveData: { state: 9, priority: 63, cost: 100, groupFwdMask: 0x4005 | 0x10, backupPort: 1, locked: 1, mode: 1, holdTimer: 199n } },
    }),
  ],
  [
    'addr: IPv6 flags by name and in hex, dynamic, lifetimes',
    {
      type: RTM_NEWADDR,
      flags: 0,
      seq: 0,
      pid: 0,
      body: {
        ifaFamily: 10,
        ifaPrefixlen: 64,
        ifaFlags: 0,
        ifaScope: 0,
        ifaIndex: 1,
        address: '2001:db8::5',
        cacheinfo: { ifaPrefered: 1800, ifaValid: 3600, cstamp: 0, tstamp: 0 },
        flags: 0x40 | 0x02 | 0x100 | 0x01 | 0x1000,
      },
    },
  ],
  [
    'addr: IPv4 peer, metric, broadcast, anycast, label, deprecated lifetime',
    {
      type: RTM_NEWADDR,
      flags: 0,
      seq: 0,
      pid: 0,
      body: {
        ifaFamily: 2,
        ifaPrefixlen: 32,
        ifaFlags: 0x80 | 0x20,
        ifaScope: 253,
        ifaIndex: 5,
        local: '10.0.0.1',
        address: '10.0.0.2',
        rtPriority: 7,
        broadcast: '10.0.0.255',
        anycast: '10.0.0.254',
        label: 'lo:x',
        cacheinfo: { ifaPrefered: 0xfffffff0, ifaValid: 0xffffffff, cstamp: 0, tstamp: 0 },
      },
    },
  ],
  [
    'neigh: router, proxy, managed, learned, offloaded, several states, protocol',
    {
      type: RTM_NEWNEIGH,
      flags: 0,
      seq: 0,
      pid: 0,
      body: { ndmFamily: 10, ndmIfindex: 1, ndmState: 0x01 | 0x08, ndmFlags: 0x80 | 0x08 | 0x10 | 0x20, ndmType: 0, dst: 'fe80::9', lladdr: '02:00:00:00:00:09', protocol: 16, flagsExt: 1 },
    },
  ],
  ['neigh: a miss (RTM_GETNEIGH) on an unknown device', { type: RTM_GETNEIGH, flags: 0, seq: 0, pid: 0, body: { ndmFamily: 2, ndmIfindex: 77, ndmState: 0, ndmFlags: 0, ndmType: 0, dst: '10.9.9.9' } }],
  ['netconf: all, with rp_filter out of range and input', { type: RTM_NEWNETCONF, flags: 0, seq: 0, pid: 0, body: { ncmFamily: 2, ifindex: -1, rpFilter: 5, input: 1 } }],
  ['netconf: default, mpls family', { type: RTM_NEWNETCONF, flags: 0, seq: 0, pid: 0, body: { ncmFamily: 28, ifindex: -2, input: 0 } }],
  ['nsid: deleted, unassigned, with a current nsid', { type: RTM_DELNSID, flags: 0, seq: 0, pid: 0, body: { rtgenFamily: 0, nsid: -1, currentNsid: 3 } }],
]

t.test('hand-built messages print as ip -d monitor file prints them', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'fmt')
  const dir = mkdtempSync(join(tmpdir(), 'nlw-fmt-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  for (const [name, msg] of CASES) {
    const file = join(dir, 'm.rtmon')
    writeFileSync(file, encode(msg))
    const expected = execFileSync('ip', ['-n', ns, '-d', 'monitor', 'file', file], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    t.equal(format(msg, context), expected, name)
  }
})

t.test('timestamps as ip -t / -ts print them (in the local time zone)', async (t) => {
  const saved = process.env.TZ
  process.env.TZ = 'UTC'
  t.teardown(() => {
    if (saved === undefined) delete process.env.TZ
    else process.env.TZ = saved
  })
  t.equal(formatTimestamp({ sec: 0, usec: 5 }), 'Timestamp: Thu Jan  1 00:00:00 1970 5 usec\n')
  t.equal(formatTimestamp({ sec: 1709629623, usec: 42 }, 'short'), '[2024-03-05T09:07:03.000042] ')
})

t.test('label: the object name before each message, as ip monitor label prints it', async (t) => {
  const m = link({})
  t.match(format(m, { ...context, options: { label: true } }), /^\[LINK\]7: x0: </)
  t.match(format(CASES[0]![1], { ...context, options: { label: true } }), /^\[ROUTE\]unicast 10\.1\.2\.0\/24 /)
  t.equal(format(CASES[4]![1], { ...context, options: { label: true } }), '', 'a cloned route: nothing, no label either')
})
