// SCENARIOS.md S1–S5, S8, S9 built with nlwire's API only, in scratch namespaces; iproute2's
// `ip -j` and ping are the oracle.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { NetlinkError } from '../src/errors.js'
import { netns } from '../src/netns.js'
import { Scratch, ipIn, ipJson, needsRoot, ping, pingSkip, sysctl, until } from './helpers/scratch.js'

interface IpLink {
  ifindex: number
  ifname: string
  flags: string[]
  operstate: string
  link?: string
  link_index?: number
  master?: string
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string }
}
interface IpAddr {
  ifname: string
  flags: string[]
  operstate: string
  addr_info: { family: string; local: string; prefixlen: number }[]
}

const links = (ns: string, ...args: string[]) => ipJson<IpLink[]>(ns, '-d', 'link', 'show', ...args)

t.test('S1: a named network namespace', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const ns01 = await s.netns('ns01')
  t.ok((await netns.list()).includes(ns01), 'netns.list() sees it')
  t.ok(await netns.exists(ns01))
  const listed = ipIn(ns01, 'link', 'show') // `ip -n` enters it: the file is a network namespace
  t.match(listed, /1: lo: <LOOPBACK> mtu 65536 .* state DOWN/)
  const rootList = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout
  t.ok(rootList.includes(ns01), '`ip netns list` sees the namespace nlwire made')
  const nl = await s.open(ns01)
  const all = await nl.link.list()
  t.strictSame(
    all.map((l) => [l.name, l.up, l.operstate]),
    [['lo', false, 'DOWN']],
    'inside: only lo, DOWN',
  )
})

t.test('S2: a veth pair', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const nl = await s.open(host)
  await nl.link.add({ name: 'veth01', kind: 'veth', peer: { name: 'veth02' } })
  const veths = await nl.link.list({ kind: 'veth' })
  t.strictSame(veths.map((l) => l.name).sort(), ['veth01', 'veth02'])
  const byName = new Map(veths.map((l) => [l.name, l]))
  t.equal(byName.get('veth01')!.peer?.index, byName.get('veth02')!.index, "veth01's peer is veth02")
  const oracle = links(host)
  const v1 = oracle.find((l) => l.ifname === 'veth01')!
  t.equal(v1.link, 'veth02', 'ip shows veth01@veth02')
  t.equal(v1.operstate, 'DOWN')
  t.equal(v1.linkinfo?.info_kind, 'veth')
  t.equal(oracle.find((l) => l.ifname === 'veth02')!.link, 'veth01')
  const got = await nl.link.get('veth01')
  t.equal(got.index, v1.ifindex, 'link.get by name agrees with ip')
  t.equal(got.kind, 'veth')
})

t.test('S3: move one end into a namespace, configure it', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const ns01 = await s.netns('ns01')
  const nl = await s.open(host)
  await nl.link.add({ name: 'veth01', kind: 'veth', peer: { name: 'veth02' } })
  await nl.link.set('veth01', { netns: ns01 })
  t.strictSame(links(host).map((l) => l.ifname), ['lo', 'veth02'], 'host: veth02 only')
  t.strictSame(links(ns01).map((l) => l.ifname), ['lo', 'veth01'], 'ns01: lo and veth01')
  const inside = await s.open(ns01)
  await inside.addr.add('veth01', '100.2.96.2/16')
  await inside.link.set('veth01', { up: true })
  const addrs = ipJson<IpAddr[]>(ns01, 'addr', 'show', 'veth01')
  t.ok(addrs[0]!.flags.includes('NO-CARRIER'), 'NO-CARRIER until veth02 is up')
  t.strictSame(addrs[0]!.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`), ['100.2.96.2/16'])
  const mine = await inside.addr.list({ dev: 'veth01', family: 'inet' })
  t.strictSame(mine.map((a) => a.cidr), ['100.2.96.2/16'], 'addr.list agrees')
  await nl.link.set('veth02', { up: true })
  t.ok(await until(() => ipJson<IpAddr[]>(ns01, 'addr', 'show', 'veth01')[0]!.operstate === 'UP'), 'carrier once veth02 is up')
  const peer = (await inside.link.get('veth01')).peer
  t.ok(peer !== undefined && peer.netnsid !== undefined, 'veth01 reports its peer in another namespace (by nsid)')
})

t.test('S4: two namespaces joined by one veth pair', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const ns1 = await s.netns('ns1')
  const ns2 = await s.netns('ns2')
  const nl = await s.open(host)
  await nl.link.add({ name: 'tap1', kind: 'veth', peer: { name: 'tap2' } })
  await nl.link.set('tap1', { netns: ns1 })
  await nl.link.set('tap2', { netns: ns2 })
  await (await s.open(ns1)).link.set('tap1', { up: true })
  await (await s.open(ns2)).link.set('tap2', { up: true })
  t.strictSame(links(host).map((l) => l.ifname), ['lo'], 'nothing left in the host namespace')
  t.ok(await until(() => links(ns1, 'dev', 'tap1')[0]!.operstate === 'UP' && links(ns2, 'dev', 'tap2')[0]!.operstate === 'UP'), 'both ends UP')
  t.equal(links(ns1, 'dev', 'tap1')[0]!.linkinfo?.info_kind, 'veth')
})

t.test('S5: a Linux bridge with two veth pairs, traffic across it', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const ns = [await s.netns('ns1'), await s.netns('ns2')]
  const nl = await s.open(host)
  await nl.link.add({ name: 'br-test01', kind: 'bridge' })
  await nl.link.set('br-test01', { bridge: { stpState: 0 } })
  await nl.link.set('br-test01', { up: true })
  await nl.addr.add('br-test01', '192.168.88.1/24')
  for (const i of [1, 2]) {
    await nl.link.add({ name: `tap${i}`, kind: 'veth', peer: { name: `br-tap${i}` } })
    await nl.link.set(`br-tap${i}`, { master: 'br-test01' })
    await nl.link.set(`tap${i}`, { netns: ns[i - 1]! })
    const inside = await s.open(ns[i - 1]!)
    await inside.link.set(`tap${i}`, { up: true })
    await nl.link.set(`br-tap${i}`, { up: true })
    await inside.addr.add(`tap${i}`, `192.168.88.${i + 2}/24`)
    await inside.route.add({ dst: 'default', via: '192.168.88.1' })
  }
  const br = links(host, 'dev', 'br-test01')[0]!
  t.equal(br.linkinfo?.info_kind, 'bridge')
  t.equal(br.linkinfo?.info_data?.['stp_state'], 0, 'stp off')
  for (const i of [1, 2]) {
    const port = links(host, 'dev', `br-tap${i}`)[0]!
    t.equal(port.master, 'br-test01', `br-tap${i} is a port of br-test01`)
    t.equal(port.linkinfo?.info_slave_kind, 'bridge')
  }
  const ports = await nl.link.list({ master: 'br-test01' })
  t.strictSame(ports.map((l) => l.name).sort(), ['br-tap1', 'br-tap2'], 'link.list({ master }) agrees')
  t.strictSame((await nl.link.get('br-test01')).bridge?.stpState, 0, 'link.get reads the bridge options')
  const routes = ipJson<{ dst: string; gateway?: string }[]>(ns[0]!, 'route', 'show')
  t.ok(routes.some((r) => r.dst === 'default' && r.gateway === '192.168.88.1'), 'default route via the bridge in ns1')
  await t.test('traffic across the bridge (ping)', { skip: pingSkip }, async (t) => {
    t.ok(await until(() => ping(ns[0]!, '192.168.88.4'), 10000, 200), 'ns1 → ns2 through the bridge')
    t.ok(ping(ns[1]!, '192.168.88.3'), 'ns2 → ns1')
    t.ok(ping(ns[0]!, '192.168.88.1'), 'ns1 → the bridge address')
  })
})

t.test('S8: both ends in one namespace, devconf through netlink only', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const nl = await s.open(host)
  // The scenario runs on a host whose lo is up (the replies come back through it); a fresh
  // namespace's lo is down.
  await nl.link.set('lo', { up: true })
  await nl.link.add({ name: 'veth0', kind: 'veth', peer: { name: 'veth1' } })
  await nl.link.set('veth0', { up: true })
  await nl.link.set('veth1', { up: true })
  await nl.addr.add('veth0', '192.168.100.11/24')
  await t.test('before: nobody answers (ping)', { skip: pingSkip }, async (t) => {
    t.notOk(ping(host, '192.168.100.1', ['-c', '1', '-W', '1']), 'nobody answers for 192.168.100.1 yet')
  })
  await nl.addr.add('veth1', '192.168.100.1/24')
  await t.test('without accept_local (ping -I)', { skip: pingSkip }, async (t) => {
    t.notOk(ping(host, '192.168.100.1', ['-I', 'veth0', '-c', '1', '-W', '1']), 'without accept_local the kernel drops its own source address arriving on veth1')
  })
  for (const dev of ['veth0', 'veth1']) await nl.link.set(dev, { inet: { acceptLocal: 1, rpFilter: 0 } })
  for (const dev of ['veth0', 'veth1']) {
    t.equal(sysctl(host, `net/ipv4/conf/${dev}/accept_local`), '1', `${dev} accept_local = 1 (set over rtnetlink)`)
    t.equal(sysctl(host, `net/ipv4/conf/${dev}/rp_filter`), '0', `${dev} rp_filter = 0`)
  }
  const l = await nl.link.get('veth0')
  t.equal(l.inet?.acceptLocal, 1, 'link.get reads the devconf back')
  t.equal(sysctl(host, 'net/ipv4/conf/all/rp_filter'), '0', "the namespace's all.rp_filter is 0 (a fresh namespace's default)")
  await t.test('with accept_local (ping -I)', { skip: pingSkip }, async (t) => {
    t.ok(await until(() => ping(host, '192.168.100.1', ['-I', 'veth0']), 10000, 200), 'ping -I veth0 192.168.100.1 succeeds')
  })
})

t.test('S9: devices that cannot change namespace', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const ns1 = await s.netns('ns1')
  const nl = await s.open(host)
  await nl.link.add({ name: 'br0', kind: 'bridge' })
  t.equal((await nl.link.get('br0')).netnsImmutable, true, 'the kernel reports the bridge as netns-immutable')
  const err = await nl.link.set('br0', { netns: ns1 }).then(
    () => undefined,
    (e: unknown) => e,
  )
  t.type(err, NetlinkError)
  const e = err as NetlinkError
  t.equal(e.code, 'EINVAL')
  t.match(e.message, /^link\.set br0: EINVAL \(Invalid argument\): br0 cannot change network namespace/)
  t.strictSame(links(host).map((l) => l.ifname), ['lo', 'br0'], 'br0 is still where it was')
  t.strictSame(links(ns1).map((l) => l.ifname), ['lo'], 'nothing arrived in ns1')
  const lo = await nl.link.set('lo', { netns: ns1 }).then(
    () => undefined,
    (x: unknown) => x,
  )
  t.match((lo as Error).message, /lo cannot change network namespace/, 'loopback too')
})

t.test('errors users hit, worded', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const nl = await s.open(host)
  await nl.link.add({ name: 'v0', kind: 'veth', peer: { name: 'v1' } })
  const fail = (p: Promise<unknown>) => p.then(() => new Error('expected a failure'), (e: unknown) => e as Error)
  t.match((await fail(nl.link.add({ name: 'v0', kind: 'veth', peer: { name: 'v2' } }))).message, /^link\.add v0: EEXIST \(File exists\): a link named v0 already exists/)
  t.match((await fail(nl.link.set('nope0', { up: true }))).message, /^link\.set nope0: ENODEV \(No such device\): there is no link named nope0 in this network namespace/)
  t.match((await fail(nl.link.set('v0', { mtu: 70000 }))).message, /^link\.set v0: EINVAL \(Invalid argument\): mtu 70000 is outside v0's range 68\.\.65535/)
  t.match((await fail(nl.link.add({ name: 'd0', kind: 'dummy' }))).message, /^link\.add d0: EOPNOTSUPP \(Operation not supported\): this kernel does not know link kind 'dummy'/)
  t.match((await fail(nl.link.add({ name: 'this-name-is-too-long', kind: 'veth' }))).message, /longer than 15 bytes/)
  t.match(
    (await fail(nl.link.add({ name: 'v5', kind: 'veth', peer: { name: 'v6', up: true } }))).message,
    /^link\.add v5: ENOTCONN \(Transport endpoint is not connected\): the veth peer v6 cannot be brought up by the request that creates it/,
  )
  t.match((await fail(nl.addr.add('v0', '300.1.2.3/24'))).message, /not an IPv4 or IPv6 address/)
  t.strictSame(links(host).map((l) => l.ifname).sort(), ['lo', 'v0', 'v1'], 'no partial state left behind')
})

t.test('link groups: create many, delete them in one request', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const nl = await s.open(host)
  for (let i = 0; i < 20; i++) await nl.link.add({ name: `g${i}a`, kind: 'veth', group: 7, peer: { name: `g${i}b` } })
  t.equal((await nl.link.list({ kind: 'veth' })).length, 40)
  t.equal((await nl.link.list()).filter((l) => l.group === 7).length, 20, 'the group was set on one end of each pair')
  await nl.link.del({ group: 7 })
  t.strictSame(links(host).map((l) => l.ifname), ['lo'], 'one RTM_DELLINK by group removed every pair')
})

t.test('monitor(): typed events for what the API does', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const nl = await s.open(host)
  const events = nl.monitor(['link', 'addr'])
  await events.ready
  const first = events.next()
  await nl.link.add({ name: 'm0', kind: 'veth', peer: { name: 'm1' } })
  await nl.addr.add('m0', '10.9.0.1/24')
  const seen: string[] = []
  const deadline = Date.now() + 5000
  let r = await first
  while (!r.done && Date.now() < deadline) {
    const ev = r.value
    if (ev.object === 'link') seen.push(`link ${ev.action} ${ev.link.name} ${ev.link.kind ?? ''}`)
    if (ev.object === 'addr') seen.push(`addr ${ev.action} ${ev.address.cidr}`)
    if (seen.includes('addr new 10.9.0.1/24') && seen.includes('link new m0 veth') && seen.includes('link new m1 veth')) break
    r = await events.next()
  }
  await events.return()
  t.ok(seen.includes('link new m0 veth'), 'RTM_NEWLINK for m0, typed')
  t.ok(seen.includes('link new m1 veth'), 'and for its peer')
  t.ok(seen.includes('addr new 10.9.0.1/24'), 'RTM_NEWADDR, typed')
})

t.test('monitor(): rules and nexthops as typed events', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const nl = await s.open(host)
  await nl.link.add({ name: 'r0', kind: 'veth', peer: { name: 'r1' }, up: true })
  await nl.link.set('r1', { up: true })
  await nl.addr.add('r0', '192.0.2.1/24')
  const events = nl.monitor(['rule', 'nexthop'])
  await events.ready
  const pending = events.next()
  await nl.rule.add({ from: '10.1.0.0/16', table: 100, priority: 1000 })
  await nl.nexthop.add({ id: 1, via: '192.0.2.2', dev: 'r0' })
  await nl.rule.del({ from: '10.1.0.0/16', table: 100, priority: 1000 })
  const want = ['rule new 1000 10.1.0.0/16', 'nexthop new 1 192.0.2.2', 'rule del 1000 10.1.0.0/16']
  const seen: string[] = []
  const deadline = Date.now() + 5000
  let next: Promise<IteratorResult<unknown>> = pending
  while (!want.every((w) => seen.includes(w)) && Date.now() < deadline) {
    const r = await Promise.race([next, new Promise<'timeout'>((res) => setTimeout(() => res('timeout'), Math.max(1, deadline - Date.now())))])
    if (r === 'timeout' || r.done) break
    const ev = r.value as Awaited<ReturnType<typeof events.next>>['value']
    if (ev && ev.object === 'rule') seen.push(`rule ${ev.action} ${ev.rule.priority} ${ev.rule.from}`)
    if (ev && ev.object === 'nexthop') seen.push(`nexthop ${ev.action} ${ev.nexthop.id} ${ev.nexthop.via}`)
    next = events.next()
  }
  await events.return()
  for (const w of want) t.ok(seen.includes(w), w)
})
