// The API against iproute2 for every kind this kernel has, with non-default options: the same
// device made with `ip` in one scratch namespace and with nlwire's API in another must look the
// same to `ip -d -j link show` (apart from what is random or per namespace: ifindex, MAC
// addresses, bridge ids, running timers).
import t from 'tap'
import type { Netlink } from '../src/api/netlink.js'
import { Scratch, inNetns, ipIn, needsRoot } from './helpers/scratch.js'

type Json = Record<string, unknown>

/** Keys that differ between two namespaces for reasons that are not the device's settings. */
const VOLATILE = /^(ifindex|link_index|address|broadcast|perm_address|bridge_id|root_id|designated_root|designated_bridge|.*_timer|stats64|stats|gc_timer|num_rx_queues|num_tx_queues)$/

function normalize(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(normalize)
  if (v === null || typeof v !== 'object') return v
  const out: Json = {}
  for (const [k, x] of Object.entries(v as Json)) if (!VOLATILE.test(k)) out[k] = normalize(x)
  return out
}

function show(ns: string, dev: string): Json {
  const [j] = JSON.parse(ipIn(ns, '-d', '-j', 'link', 'show', 'dev', dev)) as Json[]
  return normalize(j) as Json
}

interface Case {
  name: string
  /** What both namespaces need first (made with ip in both). */
  setup?: string[][]
  ip: string[][]
  api: (nl: Netlink) => Promise<void>
  /** The devices to compare. */
  devs: string[]
}

const PARENT = [['link', 'add', 'ua', 'type', 'veth', 'peer', 'name', 'ub'], ['link', 'set', 'ua', 'up']]

const CASES: Case[] = [
  {
    name: 'ifb with mtu, txqueuelen, group and alias',
    ip: [['link', 'add', 'ifb7', 'mtu', '9000', 'txqueuelen', '77', 'type', 'ifb'], ['link', 'set', 'ifb7', 'group', '5', 'alias', 'an alias']],
    api: async (nl) => {
      await nl.link.add({ name: 'ifb7', kind: 'ifb', mtu: 9000, txqlen: 77 })
      await nl.link.set('ifb7', { group: 5, alias: 'an alias' })
    },
    devs: ['ifb7'],
  },
  {
    name: 'macvlan in every mode this parent allows, and macvtap',
    setup: PARENT,
    ip: [
      ['link', 'add', 'mv1', 'link', 'ua', 'type', 'macvlan', 'mode', 'vepa'],
      ['link', 'add', 'mv2', 'link', 'ua', 'type', 'macvlan', 'mode', 'private'],
      ['link', 'add', 'mv3', 'link', 'ua', 'type', 'macvlan', 'mode', 'source'],
      ['link', 'add', 'mv4', 'link', 'ua', 'type', 'macvlan', 'mode', 'bridge', 'bcqueuelen', '2000'],
      ['link', 'add', 'mt1', 'link', 'ua', 'type', 'macvtap', 'mode', 'bridge'],
    ],
    api: async (nl) => {
      await nl.link.add({ name: 'mv1', kind: 'macvlan', link: 'ua', macvlan: { mode: 'vepa' } })
      await nl.link.add({ name: 'mv2', kind: 'macvlan', link: 'ua', macvlan: { mode: 'private' } })
      await nl.link.add({ name: 'mv3', kind: 'macvlan', link: 'ua', macvlan: { mode: 'source' } })
      await nl.link.add({ name: 'mv4', kind: 'macvlan', link: 'ua', macvlan: { mode: 'bridge', bcQueueLen: 2000 } })
      await nl.link.add({ name: 'mt1', kind: 'macvtap', link: 'ua', macvlan: { mode: 'bridge' } })
    },
    devs: ['mv1', 'mv2', 'mv3', 'mv4', 'mt1'],
  },
  {
    name: 'vxlan over IPv4 multicast with options, and over IPv6 unicast',
    setup: PARENT,
    ip: [
      ['link', 'add', 'vx1', 'type', 'vxlan', 'id', '7', 'dstport', '8472', 'group', '239.1.1.1', 'dev', 'ua', 'ttl', '5', 'tos', 'inherit', 'nolearning', 'ageing', '120', 'srcport', '1000', '2000', 'noudpcsum'],
      ['link', 'add', 'vx6', 'type', 'vxlan', 'id', '8', 'dstport', '4789', 'remote', '2001:db8::9', 'local', '2001:db8::1', 'udp6zerocsumtx', 'udp6zerocsumrx', 'df', 'set', 'ttl', 'auto'],
    ],
    api: async (nl) => {
      await nl.link.add({
        name: 'vx1',
        kind: 'vxlan',
        vxlan: { id: 7, port: 8472, group: '239.1.1.1', dev: 'ua', ttl: 5, tos: 1, learning: 0, ageing: 120, portRange: { low: 1000, high: 2000 }, udpCsum: 0 },
      })
      await nl.link.add({
        name: 'vx6',
        kind: 'vxlan',
        vxlan: { id: 8, port: 4789, group6: '2001:db8::9', local6: '2001:db8::1', udpZeroCsum6Tx: 1, udpZeroCsum6Rx: 1, df: 1, ttl: 0 },
      })
    },
    devs: ['vx1', 'vx6'],
  },
  {
    name: 'bridge with options, and a port with options',
    setup: PARENT,
    ip: [
      ['link', 'add', 'br1', 'type', 'bridge', 'forward_delay', '400', 'hello_time', '300', 'max_age', '2500', 'ageing_time', '10000', 'priority', '100', 'group_fwd_mask', '0x4000', 'mcast_snooping', '0', 'mcast_hash_max', '1024', 'mcast_querier', '1'],
      ['link', 'set', 'ub', 'master', 'br1'],
      ['link', 'set', 'dev', 'ub', 'type', 'bridge_slave', 'cost', '50', 'priority', '7', 'learning', 'off', 'flood', 'off', 'hairpin', 'on', 'guard', 'on', 'root_block', 'on', 'fastleave', 'on', 'isolated', 'on', 'bcast_flood', 'off', 'mcast_flood', 'off'],
      ['link', 'set', 'br1', 'up'],
    ],
    api: async (nl) => {
      await nl.link.add({
        name: 'br1',
        kind: 'bridge',
        bridge: { forwardDelay: 400, helloTime: 300, maxAge: 2500, ageingTime: 10000, priority: 100, groupFwdMask: 0x4000, mcastSnooping: 0, mcastHashMax: 1024, mcastQuerier: 1 },
      })
      await nl.link.set('ub', { master: 'br1' })
      await nl.link.set('ub', {
        bridgePort: { cost: 50, priority: 7, learning: 0, unicastFlood: 0, mode: 1, guard: 1, protect: 1, fastLeave: 1, isolated: 1, bcastFlood: 0, mcastFlood: 0 },
      })
      await nl.link.set('br1', { up: true })
    },
    devs: ['br1', 'ub'],
  },
]

for (const c of CASES) {
  t.test(`API = ip: ${c.name}`, { skip: needsRoot }, async (t) => {
    const s = new Scratch(t)
    const nsIp = await s.netns('kip')
    const nsApi = await s.netns('kapi')
    for (const step of c.setup ?? []) {
      inNetns(nsIp, step)
      inNetns(nsApi, step)
    }
    for (const step of c.ip) inNetns(nsIp, step)
    const nl = await s.open(nsApi)
    await c.api(nl)
    for (const dev of c.devs) {
      const want = show(nsIp, dev)
      const got = show(nsApi, dev)
      t.ok(Object.keys(want).length > 10, `${dev}: ip shows ${Object.keys(want).length} keys`)
      t.strictSame(got, want, `${dev}: the same to ip -d -j link show`)
    }
  })
}

t.test('link.add with echo: the kernel\'s copy of the new link, as ip -echo gets it', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const ns = await s.netns('kecho')
  const other = await s.netns('kecho2')
  const nl = await s.open(ns)
  t.equal(await nl.link.add({ name: 'ea', kind: 'veth', peer: { name: 'eb' } }), undefined, 'no echo asked: nothing but the ack')
  const made = await nl.link.add({ name: 'ec', kind: 'veth', up: true, peer: { name: 'ed', netns: other }, echo: true })
  t.ok(made !== undefined, 'the kernel (6.3 and later) echoes a link it made')
  const [ip] = JSON.parse(ipIn(ns, '-j', 'link', 'show', 'dev', 'ec')) as { ifindex: number; link_index: number; flags: string[] }[]
  const [peer] = JSON.parse(ipIn(other, '-j', 'link', 'show', 'dev', 'ed')) as { ifindex: number }[]
  t.strictSame([made?.name, made?.index, made?.up, made?.kind], ['ec', ip!.ifindex, true, 'veth'], 'its name, ifindex, state and kind as ip shows them')
  t.equal(made?.peer?.index, peer!.ifindex, "the peer's ifindex in the namespace it went to")
})
