// RTM_*MDB golden tests on real bytes: requests iproute2 6.1 (`bridge mdb`) sent and the replies
// and notifications Linux 6.18 sent, as `npm run capture` recorded them (fixtures/x-mdb; the hex
// is copied from there). The text is checked against what `bridge -d monitor mdb` (file mode, in
// the capture) and `bridge -d mdb show` printed.
import t from 'tap'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_MULTI, NLM_F_REQUEST, NLMSG_ERROR } from '../../codecs/core/nlmsg.js'
import type { ErrorBody } from '../../codecs/core/nlmsgerr.js'
import { bodyFor, decode } from '../../codecs/index.js'
import { attributePathAt } from '../../codecs/attrpath.js'
import { format, formatMdb, formatMdbShow } from '../../codecs/iproute2/index.js'
import { ETH_P_IP, ETH_P_IPV6, MDB_PERMANENT, MDB_TEMPORARY } from '../../codecs/mdb/entry.js'
import { type MdbBody, type MdbMessage, mdb } from '../../codecs/mdb/mdb.js'
import { MDB_RTR_TYPE_PERM } from '../../codecs/link/bridge.js'
import { RTM_DELMDB, RTM_GETMDB, RTM_NEWMDB } from '../../codecs/rtnetlink.js'
import { AF_BRIDGE } from '../../codecs/address-families.js'
import { listFixtures, loadFixture, sectionsOf } from '../helpers/fixtures.js'
import { cacheFor } from '../helpers/monitor-replay.js'
import { type Tap, decodeError, hex, toHex } from './rtnl-golden.js'

const NEW = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL
const RTPROT_KERNEL = 2
const RTPROT_STATIC = 4
const entry = (addr: string, proto: number, state = MDB_PERMANENT, ifindex = 4) => ({ ifindex, state, flags: 0, vid: 0, addr, proto })

function both(t: Tap, bytes: Uint8Array, value: MdbMessage): void {
  t.equal(toHex(mdb.encode(value)), toHex(bytes), 'encode(expected) = captured bytes')
  const m = mdb.decode(bytes)
  t.strictSame(m, value, 'decode = expected')
  t.equal(toHex(mdb.encode(m)), toHex(bytes), 'encode(decode) = bytes')
}

t.test('bridge mdb add dev br0 port veth0 grp 239.1.1.1 permanent: request (MDBA_SET_ENTRY) and notification (MDBA_MDB)', async (t) => {
  both(t, hex('38000000540005061e6e116b00000000 0700000002000000 20000100 0400000001000000ef010101000000000000000000000000 08000000'), {
    type: RTM_NEWMDB,
    flags: NEW,
    seq: 0x6b116e1e,
    pid: 0,
    body: { family: AF_BRIDGE, ifindex: 2, entry: entry('239.1.1.1', ETH_P_IP) },
  })
  both(t, hex('5000000054000000 00000000 00000000 0700000002000000 38000100 34000100 30000100 0400000001000000ef0101010000000000000000000000000800 0000 0800010000000000 0500050004000000'), {
    type: RTM_NEWMDB,
    flags: 0,
    seq: 0,
    pid: 0,
    body: { family: AF_BRIDGE, ifindex: 2, mdb: { entry: [{ info: [{ ...entry('239.1.1.1', ETH_P_IP), timer: 0, rtprot: RTPROT_STATIC }] }] } },
  })
})

t.test('an (S, G) entry: MDBA_SET_ENTRY_ATTRS (NLA_F_NESTED, as iproute2 sets it) with MDBE_ATTR_SOURCE', async (t) => {
  both(t, hex('44000000540005061f6e116b00000000 0700000002000000 20000100 0400000001000000ef010102000000000000000000000000 08000000 0c000280 080001000a000001'), {
    type: RTM_NEWMDB,
    flags: NEW,
    seq: 0x6b116e1f,
    pid: 0,
    body: { family: AF_BRIDGE, ifindex: 2, entry: entry('239.1.1.2', ETH_P_IP), entryAttrs: { source: '10.0.0.1' } },
  })
  both(t, hex('5800000054000000 00000000 00000000 0700000002000000 40000100 3c000100 38000100 0400000001000000ef0101020000000000000000000000000800 0000 0800010000000000 080004000a000001 0500050004000000'), {
    type: RTM_NEWMDB,
    flags: 0,
    seq: 0,
    pid: 0,
    body: {
      family: AF_BRIDGE,
      ifindex: 2,
      mdb: { entry: [{ info: [{ ...entry('239.1.1.2', ETH_P_IP), timer: 0, source: '10.0.0.1', rtprot: RTPROT_STATIC }] }] },
    },
  })
})

t.test('L2 and IPv6 groups: the union read by addr.proto', async (t) => {
  both(t, hex('38000000540005061f6e116b00000000 0700000002000000 20000100 040000000100000001005e0101050000000000000000000000000000'), {
    type: RTM_NEWMDB,
    flags: NEW,
    seq: 0x6b116e1f,
    pid: 0,
    body: { family: AF_BRIDGE, ifindex: 2, entry: entry('01:00:5e:01:01:05', 0) },
  })
  // Snooping: the bridge joined the solicited-node group of its port's address (RTPROT_KERNEL).
  both(t, hex('5000000054000000 00000000 00000000 0700000002000000 38000100 34000100 30000100 0400000000000000ff0200000000000000000001fff39d2586dd 0000 0800010000000000 0500050002000000'), {
    type: RTM_NEWMDB,
    flags: 0,
    seq: 0,
    pid: 0,
    body: { family: AF_BRIDGE, ifindex: 2, mdb: { entry: [{ info: [{ ...entry('ff02::1:fff3:9d25', ETH_P_IPV6, MDB_TEMPORARY), timer: 0, rtprot: RTPROT_KERNEL }] }] } },
  })
})

t.test('bridge mdb del: RTM_DELMDB request and notification; a router port notification', async (t) => {
  both(t, hex('3800000055000500216e116b00000000 0700000002000000 20000100 0400000000000000ef01010100000000000000000000000008000000'), {
    type: RTM_DELMDB,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    seq: 0x6b116e21,
    pid: 0,
    body: { family: AF_BRIDGE, ifindex: 2, entry: entry('239.1.1.1', ETH_P_IP, MDB_TEMPORARY) },
  })
  both(t, hex('2400000054000000 00000000 00000000 0700000002000000 0c000200 0800010004000000'), {
    type: RTM_NEWMDB,
    flags: 0,
    seq: 0,
    pid: 0,
    body: { family: AF_BRIDGE, ifindex: 2, router: { port: [{ ifindex: 4 }] } },
  })
})

t.test('bridge -d mdb show: the dump request and the reply (the kernel answers RTM_GETMDB), entries and router ports', async (t) => {
  both(t, hex('1800000056000103 206e116b00000000 0700000000000000'), {
    type: RTM_GETMDB,
    flags: NLM_F_REQUEST | NLM_F_DUMP,
    seq: 0x6b116e20,
    pid: 0,
    body: { family: AF_BRIDGE, ifindex: 0 },
  })
  const f = loadFixture(listFixtures().find((p) => p.endsWith('x-mdb/12-mdb-show.nl'))!)
  const reply = sectionsOf(f, 'reply')[3]!.bytes
  const [m] = decode(reply) as MdbMessage[]
  t.equal(m!.type, RTM_GETMDB)
  t.equal(m!.flags, NLM_F_MULTI)
  const b = m!.body as MdbBody
  const infos = (b.mdb?.entry ?? []).map((e) => e.info)
  t.equal(infos.length, 7, 'seven groups')
  t.strictSame(infos[0], [{ ...entry('01:00:5e:01:01:05', 0), timer: 0, rtprot: RTPROT_STATIC }])
  t.strictSame(infos[1], [{ ...entry('239.1.1.2', ETH_P_IP), timer: 0, source: '10.0.0.1', rtprot: RTPROT_STATIC }])
  t.match(infos[2], [{ ...entry('ff0e::1', ETH_P_IPV6, MDB_TEMPORARY), rtprot: RTPROT_STATIC }])
  t.ok(infos[2]![0]!.timer! > 0, 'a temporary entry has time left')
  t.strictSame(b.router, { port: [{ ifindex: 4, timer: 0, type: MDB_RTR_TYPE_PERM, inetTimer: 0, inet6Timer: 0 }] })
  t.equal(toHex(mdb.encode(m!)), toHex(reply.subarray(0, 428)), 'encode(decode) = bytes')

  // stdout: the entries of the first dump, then the router ports of the second.
  const links = cacheFor(f.sidecar.context['root'])
  const dumps = sectionsOf(f, 'reply').flatMap((s) => decode(s.bytes)).filter((x) => x.type === RTM_GETMDB)
  t.equal(dumps.length, 2)
  t.equal(formatMdbShow(dumps[0]!, 'entries', { links }) + formatMdbShow(dumps[1]!, 'routers', { links }), f.sidecar.exit.stdout)
})

t.test('bridge -d monitor mdb prints what formatMdb prints, for every MDB notification recorded; ip monitor prints none', async (t) => {
  let n = 0
  for (const p of listFixtures()) {
    const f = loadFixture(p)
    const events = sectionsOf(f, 'event')
    const side = f.sidecar.sections.filter((s) => s.kind === 'event')
    for (const mon of f.sidecar.monitor) {
      if (mon.bridge === undefined) continue
      const i = events.findIndex((e) => e.n === mon.event)
      const links = cacheFor(f.sidecar.context[side[i]!.netns ?? 'root'])
      const msgs = decode(events[i]!.bytes)
      t.equal(msgs.map((m) => formatMdb(m, { links })).join(''), mon.bridge, `${f.name} event ${mon.event}`)
      t.equal(msgs.map((m) => format(m, { links })).join(''), '', 'ip monitor: nothing on stdout')
      n++
    }
  }
  t.ok(n >= 8, `${n} notifications`)
})

t.test('errors with an extended ack echo the MDB request, decoded as a request', async (t) => {
  const [m] = decode(
    hex(
      '7c00000002000002226e116b1b4c0000 eaffffff 3800000054000506226e116b00000000 0700000002000000 20000100 0400000001000000e000000100000000000000000000000008000000 30000100 4950763420656e7472792067726f75702061646472657373206973206c6f63616c206d756c74696361737400',
    ),
  )
  t.equal(m!.type, NLMSG_ERROR)
  const b = m!.body as ErrorBody
  t.equal(b.error, -22)
  t.strictSame(b.request.body, { family: AF_BRIDGE, ifindex: 2, entry: entry('224.0.0.1', ETH_P_IP) })
  t.equal(b.msg, 'IPv4 entry group address is local multicast')
})

t.test('an extended-ack offset inside an MDB request names its attributes (the request table, not the reply one)', async (t) => {
  const req = hex('44000000540005061f6e116b00000000 0700000002000000 20000100 0400000001000000ef010102000000000000000000000000 08000000 0c000280 080001000a000001')
  // MDBE_ATTR_SOURCE: after the header (16), br_port_msg (8), MDBA_SET_ENTRY (32), the nest's header (4).
  t.strictSame(
    attributePathAt(req, 60, bodyFor)?.map((s) => [s.name, s.offset]),
    [['MDBA_SET_ENTRY_ATTRS', 56], ['MDBE_ATTR_SOURCE', 60]],
  )
  t.strictSame(attributePathAt(req, 24, bodyFor)?.map((s) => s.name), ['MDBA_SET_ENTRY'])
})

t.test('unknown attributes and odd union bytes survive; malformed messages give NetlinkDecodeError with path and offset', async (t) => {
  // MDBA_MDB_EATTR type 99 after the timer; the union holds bytes after the IPv4 address.
  const odd = hex('5000000054000000 00000000 00000000 0700000002000000 38000100 34000100 30000100 0400000001000000ef010101ff0000000000000000000000080000ff 0800010000000000 0500630004000000')
  const m = mdb.decode(odd)
  const info = (m.body as MdbBody).mdb!.entry![0]!.info![0]!
  t.equal(info.addr, '239.1.1.1')
  t.equal(toHex(info.addrBytes!), 'ef010101ff0000000000000000000000080000ff')
  t.strictSame(info.unknown, [{ type: 99, data: hex('04') }])
  t.equal(toHex(mdb.encode(m)), toHex(odd), 'encode(decode) = bytes')

  const cases: [string, string, string[], number, RegExp][] = [
    ['br_port_msg cut short', '1400000054000000 00000000 00000000 07000000', [], 16, /br_port_msg: expected 8 bytes, got 4/],
    ['MDBA_SET_ENTRY of 20 bytes', '3000000054000506 00000000 00000000 0700000002000000 18000100 0400000001000000ef01010100000000 00000000', ['MDBA_SET_ENTRY'], 28, /br_mdb_entry: expected 28 bytes, got 20/],
    ['MDBA_MDB_ENTRY_INFO shorter than br_mdb_entry', '2800000054000000 00000000 00000000 0700000002000000 10000100 0c000100 08000100 04000000', ['MDBA_MDB', 'MDBA_MDB_ENTRY', 'MDBA_MDB_ENTRY_INFO'], 36, /br_mdb_entry: expected 28 bytes, got 4/],
    ['a router port without its ifindex', '2400000054000000 00000000 00000000 0700000002000000 08000200 04000100 00000000', ['MDBA_ROUTER', 'MDBA_ROUTER_PORT'], 32, /expected a 4-byte ifindex, got 0 bytes/],
  ]
  for (const [name, h, path, offset, reason] of cases) {
    const e = decodeError(() => mdb.decode(hex(h)))
    t.strictSame(e.path, path, `${name}: path`)
    t.equal(e.offset, offset, `${name}: offset`)
    t.match(e.reason, reason, `${name}: reason`)
  }
})
