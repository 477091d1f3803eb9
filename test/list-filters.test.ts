// List filters against the real kernel, in a scratch namespace: each filtered list equals the
// unfiltered list filtered by hand, and what `ip -j` / `bridge -j` print for the same filter. On
// the in-process path (NETLINK_GET_STRICT_CHK set) the kernel's own answer to the API's request
// is already filtered; on the fallback path (NLWIRE_NETNS=relay: no socket option) the kernel
// ignores most filters and the API applies them itself, with the same result. CI runs this file
// on both paths.
import { execFileSync } from 'node:child_process'
import t from 'tap'
import { NLM_F_DUMP_FILTERED, type Message } from '../codecs/index.js'
import { RTM_NEWADDR, RTM_NEWLINK, RTM_NEWNEIGH, RTM_NEWROUTE } from '../codecs/rtnetlink.js'
import type { Netlink } from '../src/api/netlink.js'
import { dumpAddrs } from '../src/api/addr-requests.js'
import { dumpLinks } from '../src/api/link-requests.js'
import { dumpFdb, dumpNeigh } from '../src/api/neigh-requests.js'
import { dumpRoutes } from '../src/api/route-requests.js'
import { netns } from '../src/netns.js'
import { Scratch, ipIn, needsRoot } from './helpers/scratch.js'
import { needsProgram } from './helpers/programs.js'

const skip = needsRoot || needsProgram('bridge')
const strict = netns.mechanism().mechanism === 'setns'

function setup(ns: string): void {
  const steps = [
    'link add br0 type bridge',
    'link add v0 type veth peer name v1',
    'link add v2 type veth peer name v3',
    'link set v0 master br0',
    'link set v2 master br0',
    'link set v1 up',
    'link set v3 up',
    'addr add 192.0.2.1/24 dev v1',
    'addr add 198.51.100.1/24 dev v3',
    'addr add 2001:db8::1/64 dev v1 nodad',
    'route add 203.0.113.0/24 via 192.0.2.2 proto static',
    'route add 10.1.0.0/16 via 198.51.100.2 table 100',
    'route add 10.20.0.0/16 nexthop via 192.0.2.2 nexthop via 198.51.100.2',
    'neigh add 192.0.2.2 lladdr 02:00:00:00:00:02 dev v1 nud permanent',
    'neigh add 198.51.100.2 lladdr 02:00:00:00:00:03 dev v3 nud permanent',
    'neigh add 192.0.2.9 lladdr 02:00:00:00:00:09 dev v0 nud permanent',
  ]
  for (const s of steps) ipIn(ns, ...s.split(' '))
  execFileSync('bridge', ['-n', ns, 'fdb', 'add', '02:00:00:00:00:aa', 'dev', 'v0', 'master', 'static'])
}

const bridgeJson = (ns: string, ...args: string[]): Record<string, unknown>[] =>
  JSON.parse(execFileSync('bridge', ['-n', ns, '-j', ...args], { encoding: 'utf8' })) as Record<string, unknown>[]
const ipJ = (ns: string, ...args: string[]): Record<string, unknown>[] => JSON.parse(ipIn(ns, '-j', ...args)) as Record<string, unknown>[]
const sorted = <T>(xs: T[]): T[] => [...xs].sort()

/** The kernel's own answer to a request, on the API's socket: the replies of type `type`. */
async function kernelAnswer(nl: Netlink, req: Message, type: number): Promise<Message[]> {
  return (await nl.client.dump(req)).filter((m) => m.type === type)
}

t.test('list filters: the kernel applies them where the socket asks, the API where it does not, and the answer is the same', { skip }, async (t) => {
  const s = new Scratch(t)
  const ns = await s.netns('filters')
  setup(ns)
  const nl = await s.open(ns)
  t.equal(nl.client.transport.strictChecking === true, strict, `NETLINK_GET_STRICT_CHK ${strict ? 'set (in-process socket)' : 'not set (relay path)'}`)
  const links = await nl.link.list()
  const idx = (name: string): number => links.find((l) => l.name === name)!.index
  const nameOf = (i: number): string => links.find((l) => l.index === i)!.name
  const br0 = idx('br0')

  t.test('links by master, no master, kind', async (t) => {
    const ports = await nl.link.list({ master: 'br0' })
    t.strictSame(ports.map((l) => l.name), links.filter((l) => l.master === br0).map((l) => l.name), 'master br0: the unfiltered list filtered by hand')
    t.strictSame(sorted(ports.map((l) => l.name)), sorted(ipJ(ns, 'link', 'show', 'master', 'br0').map((l) => l.ifname as string)), '= ip link show master br0')
    t.strictSame(sorted(ports.map((l) => l.name)), ['v0', 'v2'])
    const none = await nl.link.list({ master: null })
    t.strictSame(none.map((l) => l.name), links.filter((l) => l.master === undefined).map((l) => l.name), 'no master: by hand')
    t.strictSame(sorted(none.map((l) => l.name)), sorted(ipJ(ns, 'link', 'show', 'nomaster').map((l) => l.ifname as string)), '= ip link show nomaster')
    const veths = await nl.link.list({ kind: 'veth' })
    t.strictSame(veths.map((l) => l.name), links.filter((l) => l.kind === 'veth').map((l) => l.name), 'kind veth: by hand')
    t.strictSame(sorted(veths.map((l) => l.name)), sorted(ipJ(ns, 'link', 'show', 'type', 'veth').map((l) => l.ifname as string)), '= ip link show type veth')
    t.strictSame(await nl.link.list({ kind: 'no-such-kind' }), [], 'a kind the kernel does not know (which it does not filter on): nothing')
    t.strictSame((await nl.link.list({ master: 'br0', up: false })).map((l) => l.name).sort(), ['v0', 'v2'], 'with up (filtered here)')
    // The link dump's master and kind filters hold with or without strict checking.
    t.equal((await kernelAnswer(nl, dumpLinks({ master: br0 }), RTM_NEWLINK)).length, 2, "the kernel's own answer has only the ports")
  })

  t.test('addresses by device', async (t) => {
    const all = await nl.addr.list()
    const v1 = await nl.addr.list({ dev: 'v1' })
    t.strictSame(v1, all.filter((a) => a.index === idx('v1')), 'dev v1: by hand')
    const oracle = ipJ(ns, 'addr', 'show', 'dev', 'v1').flatMap((l) => (l.addr_info as { local: string; prefixlen: number }[]).map((a) => `${a.local}/${a.prefixlen}`))
    t.strictSame(sorted(v1.map((a) => `${a.address}/${a.prefixlen}`)), sorted(oracle), '= ip addr show dev v1')
    const answer = await kernelAnswer(nl, dumpAddrs(0, idx('v1')), RTM_NEWADDR)
    if (strict) {
      t.equal(answer.length, v1.length, "strict: the kernel's own answer has only v1's addresses")
      t.ok(answer.every((m) => (m.flags & NLM_F_DUMP_FILTERED) !== 0), 'each marked NLM_F_DUMP_FILTERED')
    } else t.equal(answer.length, all.length, 'no strict checking: the kernel ignores ifa_index, the API filtered')
  })

  t.test('routes by table, protocol, device', async (t) => {
    const all = await nl.route.list({ table: 'all' })
    const key = (r: { dst: string; table: number; family: string }): string => `${r.family} ${r.dst} ${r.table}`
    const t100 = await nl.route.list({ table: 100 })
    t.strictSame(t100.map(key), all.filter((r) => r.table === 100).map(key), 'table 100: by hand')
    t.strictSame(t100.map((r) => r.dst), ipJ(ns, 'route', 'show', 'table', '100').map((r) => r.dst as string), '= ip route show table 100')
    const main = await nl.route.list()
    t.strictSame(main.map(key), all.filter((r) => r.table === 254).map(key), 'the main table by default: by hand')
    const stat = await nl.route.list({ protocol: 'static' })
    t.strictSame(stat.map(key), all.filter((r) => r.table === 254 && r.protocol === 'static').map(key), 'proto static: by hand')
    t.strictSame(stat.map((r) => r.dst), ipJ(ns, 'route', 'show', 'proto', 'static').map((r) => r.dst as string), '= ip route show proto static')
    t.strictSame(await nl.route.list({ protocol: 4 }), stat, 'the protocol by number')
    const v1 = await nl.route.list({ family: 'inet', dev: 'v1' })
    const uses = (r: (typeof all)[number], i: number): boolean => r.dev === i || (r.nexthops?.some((n) => n.dev === i) ?? false)
    t.strictSame(v1.map(key), all.filter((r) => r.family === 'inet' && r.table === 254 && uses(r, idx('v1'))).map(key), 'dev v1 (a nexthop through it counts): by hand')
    // ip prints the routes whose own device is v1; the kernel's filter also keeps the multipath route.
    t.strictSame(v1.filter((r) => r.nexthops === undefined).map((r) => r.dst), ipJ(ns, 'route', 'show', 'dev', 'v1').map((r) => r.dst as string), '= ip route show dev v1 (single-path routes)')
    t.ok(v1.some((r) => r.dst === '10.20.0.0/16'), 'the multipath route with a nexthop through v1')
    t.strictSame(await nl.route.list({ family: 'inet6', table: 100 }), [], 'a table that does not exist in a family: no routes (strict: the kernel says ENOENT)')
    const answer = await kernelAnswer(nl, dumpRoutes(2, { table: 100 }), RTM_NEWROUTE)
    if (strict) t.equal(answer.length, 1, "strict: the kernel's own answer has table 100's one route")
    else t.ok(answer.length > 1, 'no strict checking: the kernel ignores RTA_TABLE, the API filtered')
  })

  t.test('neighbours by device and master', async (t) => {
    // Compared by what identifies an entry: its timers (cacheinfo) move between two dumps.
    const nkey = (n: { dst?: string; index: number; lladdr?: string; state: string[] }): string => `${n.dst} ${n.index} ${n.lladdr} ${n.state.join(',')}`
    const all = (await nl.neigh.list()).map(nkey)
    const v1 = await nl.neigh.list({ dev: 'v1' })
    t.strictSame(v1.map(nkey), (await nl.neigh.list()).filter((n) => n.index === idx('v1')).map(nkey), 'dev v1: by hand')
    t.strictSame(sorted(v1.map((n) => n.dst!)), sorted(ipJ(ns, 'neigh', 'show', 'dev', 'v1', 'nud', 'all').map((n) => n.dst as string)), '= ip neigh show dev v1 nud all')
    t.ok(v1.some((n) => n.dst === '192.0.2.2'))
    const onPorts = await nl.neigh.list({ master: 'br0' })
    t.strictSame(onPorts.map(nkey), (await nl.neigh.list()).filter((n) => links.find((l) => l.index === n.index)?.master === br0).map(nkey), 'master br0: by hand')
    t.ok(all.length > onPorts.length + v1.length, 'the filters left entries out')
    t.strictSame(sorted(onPorts.map((n) => n.dst!)), sorted(ipJ(ns, 'neigh', 'show', 'master', 'br0', 'nud', 'all').map((n) => n.dst as string)), '= ip neigh show master br0 nud all')
    t.strictSame(onPorts.map((n) => n.dst), ['192.0.2.9'], 'the entry on port v0')
    t.equal((await kernelAnswer(nl, dumpNeigh(0, { dev: idx('v1') }), RTM_NEWNEIGH)).length, v1.length, "the kernel's own answer has only v1's entries")
  })

  t.test('FDB by master and by device', async (t) => {
    const all = await nl.fdb.list()
    // An entry of the bridge's table carries NDA_MASTER; the device's own (self) entries do not.
    const entry = (n: { lladdr?: string; index: number; master?: number }): string => `${n.lladdr} ${nameOf(n.index)} ${n.master !== undefined ? 'master' : 'self'}`
    const ofBr = await nl.fdb.list({ master: 'br0' })
    const portOrBridge = (i: number): boolean => i === br0 || links.find((l) => l.index === i)?.master === br0
    t.strictSame(ofBr.map(entry), all.filter((n) => portOrBridge(n.index)).map(entry), "br0's and its ports' entries: by hand")
    // bridge -j leaves out the device it was asked for (dev v0).
    const oracle = (rows: Record<string, unknown>[], dev?: string): string[] => sorted(rows.map((r) => `${r.mac} ${(r.ifname as string | undefined) ?? dev} ${r.master !== undefined ? 'master' : 'self'}`))
    t.strictSame(sorted(ofBr.map(entry)), oracle(bridgeJson(ns, 'fdb', 'show', 'br', 'br0')), '= bridge fdb show br br0')
    t.ok(ofBr.some((n) => n.lladdr === '02:00:00:00:00:aa'), 'the static entry on v0')
    const v0 = await nl.fdb.list({ dev: 'v0' })
    t.strictSame(v0.map(entry), all.filter((n) => n.index === idx('v0')).map(entry), 'dev v0: by hand')
    t.strictSame(sorted(v0.map(entry)), oracle(bridgeJson(ns, 'fdb', 'show', 'dev', 'v0'), 'v0'), '= bridge fdb show dev v0')
    const answer = await kernelAnswer(nl, dumpFdb({ dev: idx('v0') }), RTM_NEWNEIGH)
    if (strict) t.equal(answer.length, v0.length, "strict: the kernel's own answer has only v0's entries")
    else t.equal(answer.length, all.length, 'no strict checking: the kernel ignores ndm_ifindex, the API filtered')
  })
})
