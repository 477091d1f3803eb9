// Every link kind this kernel has, with non-default options, read two ways in the same moment:
// nlwire's dump (link.list(), decoded by the codecs) written in iproute2's JSON vocabulary, and
// `ip -d -j link show`. Field for field they must agree; and every reply re-encodes to its bytes.
// The fixtures cover what the scenarios touch; this covers kinds and options they do not.
import t from 'tap'
import { NLMSG_DONE, RTM_NEWLINK, decode, encode } from '../codecs/index.js'
import type { LinkMessage } from '../codecs/index.js'
import { dumpLinks } from '../src/api/link-requests.js'
import { openRelay } from '../src/transport/relay.js'
import { Scratch, inNetns, ipIn, needsRoot } from './helpers/scratch.js'
import { type Json, LINK_KEYS, countFields, linkJson, restrict } from './helpers/iproute2-json.js'

const BUILD: string[][] = [
  ['link', 'add', 'ifb7', 'type', 'ifb'],
  ['tuntap', 'add', 'dev', 'tp0', 'mode', 'tap'],
  ['tuntap', 'add', 'dev', 'tn0', 'mode', 'tun', 'multi_queue', 'user', '0', 'group', '0', 'vnet_hdr'],
  ['link', 'add', 'ua', 'type', 'veth', 'peer', 'name', 'ub'],
  ['link', 'set', 'ua', 'up'],
  ['link', 'add', 'mv1', 'link', 'ua', 'type', 'macvlan', 'mode', 'vepa'],
  ['link', 'add', 'mv2', 'link', 'ua', 'type', 'macvlan', 'mode', 'private'],
  ['link', 'add', 'mv3', 'link', 'ua', 'type', 'macvlan', 'mode', 'source'],
  ['link', 'add', 'mv4', 'link', 'ua', 'type', 'macvlan', 'mode', 'bridge', 'bcqueuelen', '2000'],
  ['link', 'add', 'mt1', 'link', 'ua', 'type', 'macvtap', 'mode', 'bridge'],
  ['link', 'add', 'vx1', 'type', 'vxlan', 'id', '7', 'dstport', '8472', 'group', '239.1.1.1', 'dev', 'ua', 'ttl', '5', 'tos', 'inherit', 'nolearning', 'ageing', '120', 'srcport', '1000', '2000', 'noudpcsum'],
  ['link', 'add', 'vx6', 'type', 'vxlan', 'id', '8', 'dstport', '4789', 'remote', '2001:db8::9', 'local', '2001:db8::1', 'udp6zerocsumtx', 'udp6zerocsumrx', 'df', 'set', 'ttl', 'auto'],
  ['link', 'add', 'br1', 'type', 'bridge', 'forward_delay', '400', 'hello_time', '300', 'max_age', '2500', 'ageing_time', '10000', 'priority', '100', 'group_fwd_mask', '0x4000', 'mcast_snooping', '0', 'mcast_hash_max', '1024', 'mcast_last_member_count', '3', 'mcast_querier', '1'],
  ['link', 'set', 'ub', 'master', 'br1'],
  ['link', 'set', 'dev', 'ub', 'type', 'bridge_slave', 'cost', '50', 'priority', '7', 'learning', 'off', 'flood', 'off', 'hairpin', 'on', 'guard', 'on', 'root_block', 'on', 'fastleave', 'on', 'isolated', 'on', 'bcast_flood', 'off', 'mcast_flood', 'off'],
  ['link', 'set', 'tp0', 'master', 'br1'],
  ['link', 'set', 'br1', 'up'],
  ['link', 'set', 'ifb7', 'mtu', '9000', 'txqueuelen', '77', 'group', '5', 'alias', 'an alias'],
]

t.test('other kinds and options: nlwire decodes what ip -d -j link show prints', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const ns = await s.netns('kinds')
  for (const step of BUILD) inNetns(ns, step)
  // The dump as the kernel sends it: datagrams off a socket in the namespace, decoded here.
  const transport = await openRelay({ netns: ns })
  t.teardown(() => transport.close())
  const datagrams: Uint8Array[] = []
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dump: no NLMSG_DONE within 10 s')), 10_000)
    transport.onMessage((buf) => {
      datagrams.push(buf.slice())
      if (decode(buf).some((m) => m.type === NLMSG_DONE)) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  await transport.send([encode({ ...dumpLinks(), seq: 1, pid: 0 })])
  await done
  const want = JSON.parse(ipIn(ns, '-d', '-j', 'link', 'show')) as Json[]

  // Byte for byte first: every datagram re-encodes from its decoded messages to the same bytes.
  for (const [i, d] of datagrams.entries()) t.strictSame(encode(decode(d)), d, `datagram ${i}: encode(decode(bytes)) is the bytes`)
  const replies = datagrams.flatMap((d) => decode(d)).filter((m): m is LinkMessage => m.type === RTM_NEWLINK)
  t.equal(replies.length, want.length, `${want.length} links both ways`)

  const names = new Map(want.map((j) => [j.ifindex as number, j.ifname as string]))
  const up = new Map(replies.map((m) => [m.body.ifiIndex, (m.body.ifiFlags & 1) !== 0]))
  let fields = 0
  const kinds = new Set<string>()
  for (const j of want) {
    const m = replies.find((r) => r.body.ifiIndex === j.ifindex)
    if (!t.ok(m, `${String(j.ifname)}: in nlwire's dump`)) continue
    const b = m!.body
    const got = restrict(linkJson(b, (i) => names.get(i) ?? `if${i}`, (i) => up.get(i)), LINK_KEYS)!
    const exp = restrict(j, LINK_KEYS)!
    // The bridge's timers tick between the two dumps.
    for (const o of [got, exp]) {
      const d = (o.linkinfo as Json | undefined)?.info_data as Json | undefined
      if (d) for (const k of ['hello_timer', 'tcn_timer', 'topology_change_timer', 'gc_timer']) delete d[k]
    }
    fields += countFields(exp)
    kinds.add(String(b.linkinfo?.kind ?? 'none'))
    t.strictSame(got, exp, `${String(j.ifname)} (${String(b.linkinfo?.kind ?? 'no kind')})`)
    t.equal(b.ifalias, j.ifalias, `${String(j.ifname)}: alias`)
  }
  t.ok(fields > 300, `${fields} fields compared over ${want.length} links; kinds ${[...kinds].sort().join(', ')}; ${datagrams.length} datagrams re-encoded`)
})
