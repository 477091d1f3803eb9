import { readFileSync } from 'node:fs'
import t, { type Test } from 'tap'
import { fromHex, toHex } from '../../codecs/core/bytes.js'
import { Decoder } from '../../codecs/core/decoder.js'
import { type BodyCodec, type BodyLookup, NLMSG_ERROR, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST, decodeFrames, encodeFrame } from '../../codecs/core/nlmsg.js'
import { errorBodyCodec } from '../../codecs/core/nlmsgerr.js'
import { withWriter } from '../../codecs/core/writer.js'
import type { ErrorMessage } from '../../codecs/messages.js'
import '../helpers/bare-link.js'
import { RTM_DELLINK, RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK } from '../../codecs/rtnetlink.js'
import {
  ARPHRD_ETHER,
  IFF_BROADCAST,
  IFF_LOWER_UP,
  IFF_MULTICAST,
  IFF_RUNNING,
  IFF_UP,
  IF_OPER_DOWN,
  IF_OPER_LOWERLAYERDOWN,
  IF_OPER_UP,
  type LinkBody,
  type LinkMessage,
  LINK_TYPES,
  RTEXT_FILTER_VF,
  link,
  linkBody,
} from '../../codecs/link/link.js'
import type { VethInfo } from '../../codecs/link/veth.js'
import type { AfSpecAttrs } from '../../codecs/link/af-spec.js'
import * as cap from './data/link-captures.js'

// Golden tests both ways on real kernel / iproute2 bytes (see data/link-captures.ts for how each
// was produced): decode equals the value written here, and encode gives the bytes back.

const hex = (s: string) => fromHex(s)!
const AF_PACKET = 17

function reencodes(t: Test, bytes: Uint8Array, msg: LinkMessage): void {
  t.equal(toHex(link.encode(msg)), toHex(bytes), 'encode(decode(bytes)) gives the bytes back')
  t.equal(link.encodingLength(msg), bytes.length, 'encodingLength')
}

/** An all-zero ifinfomsg, as iproute2 starts every request. */
const IFI0 = { ifiFamily: 0, ifiType: 0, ifiIndex: 0, ifiFlags: 0, ifiChange: 0 }

t.test('iproute2: ip link add veth01 type veth peer name veth02', async (t) => {
  const b = hex(cap.VETH_ADD_REQUEST)
  const m = link.decode(b)
  const expected: LinkMessage = {
    type: RTM_NEWLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE,
    seq: 0x6b09d2f4,
    pid: 0,
    body: { ...IFI0, ifname: 'veth01', linkinfo: { kind: 'veth', data: { peer: { ...IFI0, ifname: 'veth02' } } } },
  }
  t.strictSame(m, expected)
  t.equal(((m.body.linkinfo!.data as VethInfo<LinkBody>).peer!).ifname, 'veth02')
  reencodes(t, b, m)
  // The same request written by hand encodes to iproute2's bytes.
  t.equal(toHex(link.encode(expected)), toHex(b))
})

t.test('iproute2: veth with its peer created in another namespace (peer IFLA_NET_NS_FD)', async (t) => {
  const b = hex(cap.VETH_PEER_NETNS_REQUEST)
  const m = link.decode(b)
  const expected: LinkMessage = {
    type: RTM_NEWLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE,
    seq: 0x6b09d627,
    pid: 0,
    body: { ...IFI0, ifname: 'tap1', linkinfo: { kind: 'veth', data: { peer: { ...IFI0, netNsFd: 4, ifname: 'tap2' } } } },
  }
  t.strictSame(m, expected)
  reencodes(t, b, m)
  t.equal(toHex(link.encode(expected)), toHex(b))
})

t.test('kernel: RTM_NEWLINK of a veth with traffic, every attribute', async (t) => {
  const b = hex(cap.VETH_MTU_NOTIFICATION)
  const m = link.decode(b)
  t.strictSame(m, EXPECTED_VETH_MTU)
  t.equal(m.body.stats64!.rxBytes, 516n, 'u64 counters are bigint')
  t.equal(m.body.stats!.rxBytes, 516, 'u32 counters are numbers')
  const af = m.body.afSpec as AfSpecAttrs
  t.equal(af.inet!.conf!.rpFilter, 0)
  t.equal(af.inet!.conf!.acceptLocal, 0)
  t.equal(af.inet6!.conf!.hoplimit, 64)
  t.equal(af.inet6!.conf!.forceForwarding, 0, 'DEVCONF_FORCE_FORWARDING (6.17) is the 60th value')
  reencodes(t, b, m)
})

t.test('kernel: RTM_NEWLINK for a new veth end', async (t) => {
  const b = hex(cap.VETH_NEW_NOTIFICATION)
  const m = link.decode(b)
  t.match(m, {
    type: RTM_NEWLINK,
    flags: 0,
    body: {
      ifiType: ARPHRD_ETHER,
      ifiIndex: 3,
      ifiFlags: IFF_BROADCAST | IFF_MULTICAST,
      ifiChange: 0xffffffff,
      ifname: 'veth01',
      txqlen: 1000,
      operstate: IF_OPER_DOWN,
      mtu: 1500,
      numTxQueues: 2,
      numRxQueues: 2,
      address: '1a:12:74:61:85:e2',
      broadcast: 'ff:ff:ff:ff:ff:ff',
      linkinfo: { kind: 'veth' },
      link: 2,
      qdisc: 'noop',
      headroom: 0,
      tailroom: 0,
      netnsImmutable: 0,
    },
  })
  t.strictSame(m.body.linkinfo, { kind: 'veth' }, 'notifications carry no IFLA_INFO_DATA for veth')
  t.equal(m.body.linkNetnsid, undefined, 'the peer is in the same namespace')
  t.strictSame(Object.keys(m.body), KEYS_OF_A_VETH)
  reencodes(t, b, m)
})

t.test('kernel: RTM_NEWLINK for a bridge port whose peer lives in another namespace', async (t) => {
  const b = hex(cap.VETH_PORT_NOTIFICATION)
  const m = link.decode(b)
  t.match(m.body, {
    ifiIndex: 2,
    ifiFlags: IFF_UP | IFF_BROADCAST | IFF_MULTICAST,
    ifiChange: IFF_UP,
    ifname: 'veth02',
    operstate: IF_OPER_LOWERLAYERDOWN,
    master: 4,
    promiscuity: 1,
    linkNetnsid: 0,
    link: 3,
  })
  const info = m.body.linkinfo!
  t.equal(info.kind, 'veth')
  t.equal(info.slaveKind, 'bridge')
  t.type(info.slaveData, Uint8Array, 'IFLA_INFO_SLAVE_DATA stays raw while no bridge port table is registered')
  t.equal((info.slaveData as Uint8Array).length, 332)
  reencodes(t, b, m)
})

t.test('kernel: RTM_NEWLINK for a new bridge', async (t) => {
  const b = hex(cap.BRIDGE_NEW_NOTIFICATION)
  const m = link.decode(b)
  t.match(m.body, { ifiIndex: 4, ifname: 'br0', operstate: IF_OPER_DOWN, netnsImmutable: 1, address: 'ea:1c:f5:7b:81:bc' })
  t.equal(m.body.linkinfo!.kind, 'bridge')
  t.type(m.body.linkinfo!.data, Uint8Array, 'IFLA_INFO_DATA stays raw while no bridge table is registered')
  t.equal((m.body.linkinfo!.data as Uint8Array).length, 392)
  reencodes(t, b, m)
})

t.test('kernel: AF_BRIDGE RTM_NEWLINK for a bridge port (IFLA_PROTINFO)', async (t) => {
  const b = hex(cap.BRIDGE_PORT_NOTIFICATION)
  const m = link.decode(b)
  const { protinfo, ...rest } = m.body
  t.strictSame(rest, {
    ifiFamily: 7,
    ifiType: ARPHRD_ETHER,
    ifiIndex: 2,
    ifiFlags: IFF_UP | IFF_BROADCAST | IFF_MULTICAST,
    ifiChange: 0,
    ifname: 'veth02',
    master: 4,
    mtu: 1500,
    operstate: IF_OPER_LOWERLAYERDOWN,
    address: 'e2:0c:45:15:d9:ed',
    link: 3,
  })
  t.type(protinfo, Uint8Array, 'IFLA_PROTINFO of AF_BRIDGE stays raw while no bridge port table is registered')
  // The same port settings as the IFLA_INFO_SLAVE_DATA of the AF_UNSPEC message sent with it.
  const port = link.decode(hex(cap.VETH_PORT_NOTIFICATION)).body.linkinfo!.slaveData as Uint8Array
  t.equal(toHex(protinfo as Uint8Array), toHex(port))
  // The kernel set NLA_F_NESTED on IFLA_PROTINFO (0x800c): kept on re-encode.
  t.equal(toHex(b.subarray(88, 92)), '50010c80')
  reencodes(t, b, m)
})

t.test('kernel: RTM_DELLINK when a veth end leaves for another namespace', async (t) => {
  const b = hex(cap.VETH_DEL_NOTIFICATION)
  const m = link.decode(b)
  t.equal(m.type, RTM_DELLINK)
  t.match(m.body, { ifiIndex: 3, ifname: 'veth01', newNetnsid: 0, newIfindex: 3, link: 2, afSpec: {} })
  t.strictSame(m.body.devlinkPort, hex(''), 'IFLA_DEVLINK_PORT (62) is sent as an empty nest')
  t.strictSame(m.body.dpllPin, hex(''), 'IFLA_DPLL_PIN (65) is sent as an empty nest')
  reencodes(t, b, m)
})

t.test('iproute2: RTM_GETLINK by name (ip link show veth02)', async (t) => {
  const b = hex(cap.GETLINK_BY_NAME_REQUEST)
  const m = link.decode(b)
  const expected: LinkMessage = {
    type: RTM_GETLINK,
    flags: NLM_F_REQUEST,
    seq: 0x6b09d370,
    pid: 0,
    body: { ...IFI0, ifiFamily: AF_PACKET, ifname: 'veth02', extMask: RTEXT_FILTER_VF },
  }
  t.strictSame(m, expected)
  reencodes(t, b, m)
  t.equal(toHex(link.encode(expected)), toHex(b))
})

t.test('kernel: RTM_NEWLINK reply with IFLA_LINK_NETNSID', async (t) => {
  const b = hex(cap.GETLINK_REPLY_NETNSID)
  const m = link.decode(b)
  t.match(m, {
    type: RTM_NEWLINK,
    seq: 0x6b09d370,
    pid: 16326,
    body: { ifiIndex: 2, ifname: 'veth02', linkNetnsid: 0, link: 3, linkinfo: { kind: 'veth' }, operstate: IF_OPER_DOWN },
  })
  t.strictSame(Object.keys(m.body), [...KEYS_OF_A_VETH.slice(0, 39), 'linkNetnsid', ...KEYS_OF_A_VETH.slice(39)])
  reencodes(t, b, m)
})

t.test('iproute2: small RTM_NEWLINK / RTM_DELLINK requests', async (t) => {
  const F = NLM_F_REQUEST | NLM_F_ACK
  const cases: [string, string, LinkMessage][] = [
    ['ip link set veth01 netns NSB', cap.SETNS_REQUEST, { type: RTM_NEWLINK, flags: F, seq: 0x6b09d370, pid: 0, body: { ...IFI0, ifiIndex: 3, netNsFd: 4 } }],
    ['ip link set veth02 master br0', cap.MASTER_REQUEST, { type: RTM_NEWLINK, flags: F, seq: 0x6b09d370, pid: 0, body: { ...IFI0, ifiIndex: 2, master: 4 } }],
    ['ip link set veth02 up', cap.UP_REQUEST, { type: RTM_NEWLINK, flags: F, seq: 0x6b09d371, pid: 0, body: { ...IFI0, ifiIndex: 2, ifiFlags: IFF_UP, ifiChange: IFF_UP } }],
    ['ip link del veth0', cap.DELLINK_REQUEST, { type: RTM_DELLINK, flags: F, seq: 0x6b09d627, pid: 0, body: { ...IFI0, ifiIndex: 5 } }],
    ['ip link set br0 netns NS2', cap.BRIDGE_NETNS_REQUEST, { type: RTM_NEWLINK, flags: F, seq: 0x6b09d627, pid: 0, body: { ...IFI0, ifiIndex: 3, netNsFd: 4 } }],
    [
      'ip link set veth0 addrgenmode none',
      cap.ADDRGENMODE_REQUEST,
      { type: RTM_NEWLINK, flags: F, seq: 0x6b09d627, pid: 0, body: { ...IFI0, ifiIndex: 5, afSpec: { inet6: { addrGenMode: 1 } } } },
    ],
    ['ip link set veth0 alias uplink-to-ns1', cap.ALIAS_REQUEST, { type: RTM_NEWLINK, flags: F, seq: 0x6b09d6d4, pid: 0, body: { ...IFI0, ifiIndex: 4, ifalias: 'uplink-to-ns1' } }],
    [
      'ip link set veth0 type bridge_slave cost 5',
      cap.BRIDGE_SLAVE_COST_REQUEST,
      {
        type: RTM_NEWLINK,
        flags: F,
        seq: 0x6b09d6d4,
        pid: 0,
        // IFLA_BRPORT_COST (3) = 5, raw: no bridge port table is registered in this test.
        body: { ...IFI0, ifiIndex: 4, linkinfo: { kind: 'bridge_slave', slaveData: hex('0800030005000000') } },
      },
    ],
  ]
  for (const [cmd, h, expected] of cases) {
    const b = hex(h)
    const m = link.decode(b)
    t.strictSame(m, expected, cmd)
    t.equal(toHex(link.encode(m)), toHex(b), `${cmd}: re-encodes`)
    t.equal(toHex(link.encode(expected)), toHex(b), `${cmd}: built by hand`)
  }
})

t.test('RTM_SETLINK with IFLA_INET_CONF written as a request nest (accepted by kernel 6.18)', async (t) => {
  const b = hex(cap.SETLINK_INET_CONF_REQUEST)
  const m = link.decode(b)
  const expected: LinkMessage = {
    type: RTM_SETLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    seq: 1,
    pid: 0,
    body: { ...IFI0, ifiIndex: 2, afSpec: { inet: { conf: { acceptLocal: 1, rpFilter: 0 } } } },
  }
  t.strictSame(m, expected)
  reencodes(t, b, m)
  t.equal(toHex(link.encode(expected)), toHex(b))
  // The nest: [IPV4_DEVCONF_ACCEPT_LOCAL = 23] 1, [IPV4_DEVCONF_RP_FILTER = 8] 0, in the order given.
  t.equal(toHex(b.subarray(32)), '1c001a00' + '18000200' + '14000100' + '0800170001000000' + '0800080000000000')
})

/** pyroute2's commented strace dump: every \xNN before a '#' comment, in order. */
function pyroute2Dump(text: string): Uint8Array {
  const bytes: number[] = []
  for (const line of text.split('\n')) {
    const code = line.split('#')[0]!
    for (const m of code.matchAll(/\\x([0-9a-fA-F]{2})/g)) bytes.push(parseInt(m[1]!, 16))
  }
  return new Uint8Array(bytes)
}

t.test('pyroute2 sample: an older iproute2 creating a GRE tunnel', async (t) => {
  // Only the link family and NLMSG_ERROR, no kind tables: this file imports link.ts, not
  // codecs/index.ts (whose decode() knows every family and kind).
  const lookup: BodyLookup = (type) => (LINK_TYPES.includes(type) ? linkBody : type === NLMSG_ERROR ? (errorBody as BodyCodec) : undefined)
  const errorBody = errorBodyCodec(lookup)
  const text = readFileSync(new URL('../data/pyroute2/gre_01.dump', import.meta.url), 'utf8')
  const b = pyroute2Dump(text)
  const [req, ack] = decodeFrames(new Decoder(b), 0, b.length, lookup)
  const r = req as LinkMessage
  t.equal(r.type, RTM_NEWLINK)
  t.equal(r.flags, 0x0605)
  t.equal(r.seq, 0x55036149)
  t.equal(r.body.ifname, 'mgre0')
  t.equal(r.body.linkinfo!.kind, 'gre')
  t.type(r.body.linkinfo!.data, Uint8Array, 'IFLA_INFO_DATA stays raw until a gre table is registered')
  t.equal((r.body.linkinfo!.data as Uint8Array).length, 72)
  t.equal(ack!.type, NLMSG_ERROR)
  t.equal((ack as ErrorMessage).body.error, 0)
  const again = withWriter((w) => {
    encodeFrame(w, req!, lookup)
    w.pad()
    encodeFrame(w, ack!, lookup)
  })
  t.equal(toHex(again), toHex(b), 're-encodes byte for byte (its kind "gre" carries a NUL, unlike iproute2 6.1)')
})

const KEYS_OF_A_VETH = [
  'ifiFamily', 'ifiType', 'ifiIndex', 'ifiFlags', 'ifiChange',
  'ifname', 'txqlen', 'operstate', 'linkmode', 'netnsImmutable', 'mtu', 'minMtu', 'maxMtu', 'group',
  'promiscuity', 'allmulti', 'numTxQueues', 'gsoMaxSegs', 'gsoMaxSize', 'groMaxSize', 'gsoIpv4MaxSize',
  'groIpv4MaxSize', 'tsoMaxSize', 'tsoMaxSegs', 'maxPacingOffloadHorizon', 'numRxQueues', 'carrier',
  'carrierChanges', 'carrierUpCount', 'carrierDownCount', 'headroom', 'tailroom', 'protoDown', 'address',
  'broadcast', 'stats64', 'stats', 'xdp', 'linkinfo', 'link', 'qdisc', 'afSpec', 'map', 'devlinkPort', 'dpllPin',
]

const EXPECTED_VETH_MTU: LinkMessage = {
    type: RTM_NEWLINK,
    flags: 0,
    seq: 0,
    pid: 0,
    body: {
      ifiFamily: 0,
      ifiType: ARPHRD_ETHER,
      ifiIndex: 3,
      ifiFlags: IFF_UP | IFF_BROADCAST | IFF_RUNNING | IFF_MULTICAST | IFF_LOWER_UP,
      ifiChange: 0,
      ifname: 'veth0',
      txqlen: 1000,
      operstate: IF_OPER_UP,
      linkmode: 0,
      netnsImmutable: 0,
      mtu: 1400,
      minMtu: 68,
      maxMtu: 65535,
      group: 0,
      promiscuity: 0,
      allmulti: 0,
      numTxQueues: 2,
      gsoMaxSegs: 65535,
      gsoMaxSize: 65536,
      groMaxSize: 65536,
      gsoIpv4MaxSize: 65536,
      groIpv4MaxSize: 65536,
      tsoMaxSize: 524280,
      tsoMaxSegs: 65535,
      maxPacingOffloadHorizon: 0,
      numRxQueues: 2,
      carrier: 1,
      carrierChanges: 2,
      carrierUpCount: 1,
      carrierDownCount: 1,
      headroom: 0,
      tailroom: 0,
      protoDown: 0,
      address: '8e:5c:13:6b:6b:42',
      broadcast: 'ff:ff:ff:ff:ff:ff',
      stats64: {
        rxPackets: 6n,
        txPackets: 6n,
        rxBytes: 516n,
        txBytes: 516n,
        rxErrors: 0n,
        txErrors: 0n,
        rxDropped: 0n,
        txDropped: 0n,
        multicast: 0n,
        collisions: 0n,
        rxLengthErrors: 0n,
        rxOverErrors: 0n,
        rxCrcErrors: 0n,
        rxFrameErrors: 0n,
        rxFifoErrors: 0n,
        rxMissedErrors: 0n,
        txAbortedErrors: 0n,
        txCarrierErrors: 0n,
        txFifoErrors: 0n,
        txHeartbeatErrors: 0n,
        txWindowErrors: 0n,
        rxCompressed: 0n,
        txCompressed: 0n,
        rxNohandler: 0n,
        rxOtherhostDropped: 0n,
      },
      stats: {
        rxPackets: 6,
        txPackets: 6,
        rxBytes: 516,
        txBytes: 516,
        rxErrors: 0,
        txErrors: 0,
        rxDropped: 0,
        txDropped: 0,
        multicast: 0,
        collisions: 0,
        rxLengthErrors: 0,
        rxOverErrors: 0,
        rxCrcErrors: 0,
        rxFrameErrors: 0,
        rxFifoErrors: 0,
        rxMissedErrors: 0,
        txAbortedErrors: 0,
        txCarrierErrors: 0,
        txFifoErrors: 0,
        txHeartbeatErrors: 0,
        txWindowErrors: 0,
        rxCompressed: 0,
        txCompressed: 0,
        rxNohandler: 0,
      },
      xdp: { attached: 0 },
      linkinfo: { kind: 'veth' },
      link: 2,
      qdisc: 'noqueue',
      afSpec: {
        inet: {
          conf: {
            forwarding: 0,
            mcForwarding: 0,
            proxyArp: 0,
            acceptRedirects: 1,
            secureRedirects: 1,
            sendRedirects: 1,
            sharedMedia: 1,
            rpFilter: 0,
            acceptSourceRoute: 1,
            bootpRelay: 0,
            logMartians: 0,
            tag: 0,
            arpfilter: 0,
            mediumId: 0,
            noxfrm: 0,
            nopolicy: 0,
            forceIgmpVersion: 0,
            arpAnnounce: 0,
            arpIgnore: 0,
            promoteSecondaries: 0,
            arpAccept: 0,
            arpNotify: 0,
            acceptLocal: 0,
            srcVmark: 0,
            proxyArpPvlan: 0,
            routeLocalnet: 0,
            igmpv2UnsolicitedReportInterval: 10000,
            igmpv3UnsolicitedReportInterval: 1000,
            ignoreRoutesWithLinkdown: 0,
            dropUnicastInL2Multicast: 0,
            dropGratuitousArp: 0,
            bcForwarding: 0,
            arpEvictNocarrier: 1,
          },
        },
        inet6: {
          flags: 0x80000010, // IF_READY | IF_RS_SENT
          cacheinfo: { maxReasmLen: 65535, tstamp: 407429, reachableTime: 33560, retransTime: 1000 },
          conf: {
            forwarding: 0,
            hoplimit: 64,
            mtu6: 1500,
            acceptRa: 1,
            acceptRedirects: 1,
            autoconf: 1,
            dadTransmits: 1,
            rtrSolicits: -1,
            rtrSolicitInterval: 4000,
            rtrSolicitDelay: 1000,
            useTempaddr: 0,
            tempValidLft: 604800,
            tempPreferedLft: 86400,
            regenMaxRetry: 3,
            maxDesyncFactor: 600,
            maxAddresses: 16,
            forceMldVersion: 0,
            acceptRaDefrtr: 1,
            acceptRaPinfo: 1,
            acceptRaRtrPref: 1,
            rtrProbeInterval: 60000,
            acceptRaRtInfoMaxPlen: 0,
            proxyNdp: 0,
            optimisticDad: 0,
            acceptSourceRoute: 0,
            mcForwarding: 0,
            disableIpv6: 0,
            acceptDad: 1,
            forceTllao: 0,
            ndiscNotify: 0,
            mldv1UnsolicitedReportInterval: 10000,
            mldv2UnsolicitedReportInterval: 1000,
            suppressFragNdisc: 1,
            acceptRaFromLocal: 0,
            useOptimistic: 0,
            acceptRaMtu: 1,
            stableSecret: 0,
            useOifAddrsOnly: 0,
            acceptRaMinHopLimit: 1,
            ignoreRoutesWithLinkdown: 0,
            dropUnicastInL2Multicast: 0,
            dropUnsolicitedNa: 0,
            keepAddrOnDown: 0,
            rtrSolicitMaxInterval: 3600000,
            seg6Enabled: 0,
            seg6RequireHmac: 0,
            enhancedDad: 1,
            addrGenMode: 0,
            disablePolicy: 0,
            acceptRaRtInfoMinPlen: 0,
            ndiscTclass: 0,
            rplSegEnabled: 0,
            raDefrtrMetric: 1024,
            ioam6Enabled: 0,
            ioam6Id: 65535,
            ioam6IdWide: -1,
            ndiscEvictNocarrier: 1,
            acceptUntrackedNa: 0,
            acceptRaMinLft: 0,
            forceForwarding: 0,
          },
          stats: [
            38n, 6n, 432n, 0n, 6n, 0n, 0n, 0n, 6n, 6n, 432n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n,
            0n, 0n, 0n, 0n, 0n, 0n, 0n, 6n, 6n, 0n, 0n, 432n, 432n, 0n, 0n, 0n, 0n,
          ],
          icmp6stats: [7n, 0n, 0n, 6n, 0n, 0n, 0n],
          token: '::',
          addrGenMode: 0,
        },
      },
      map: { memStart: 0n, memEnd: 0n, baseAddr: 0n, irq: 0, dma: 0, port: 0 },
      devlinkPort: hex(''),
      dpllPin: hex(''),
    },
  }
