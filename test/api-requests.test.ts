// Every scenario step the API can do: its request bytes equal what iproute2 sent for the same
// command (fixtures/, seq and port id aside), and it understands the kernel's captured answers.
import t from 'tap'
import { NetlinkError } from '../src/errors.js'
import { toHex } from '../codecs/index.js'
import { type ReplayCase, checkReplay, replay } from './helpers/replay.js'

const cases: ReplayCase[] = [
  // S1: `ip netns list` asks the nsid of each namespace by fd (iproute2 6.1 asks twice: once to
  // fill its nsid map, once to print)
  { fixture: 's1/02-netns-list', fd: 6, select: [0], run: (nl) => nl.nsid.get('ns01') },
  { fixture: 's1/03-ns01-link-list', run: (nl) => nl.link.list() },
  // S2
  { fixture: 's2/01-link-add-veth', run: (nl) => nl.link.add({ name: 'veth01', kind: 'veth', peer: { name: 'veth02' } }) },
  { fixture: 's2/02-link-list', run: (nl) => nl.link.list() },
  // S3
  { fixture: 's3/01-link-set-veth01-netns', fd: 4, run: (nl) => nl.link.set('veth01', { netns: 'ns01' }) },
  { fixture: 's3/04-ns01-addr-add', run: (nl) => nl.addr.add('veth01', '100.2.96.2/16') },
  { fixture: 's3/05-ns01-link-set-up', run: (nl) => nl.link.set('veth01', { up: true }) },
  // S4
  { fixture: 's4/03-link-add-veth', run: (nl) => nl.link.add({ name: 'tap1', kind: 'veth', peer: { name: 'tap2' } }) },
  { fixture: 's4/04-link-set-tap1-netns', fd: 4, run: (nl) => nl.link.set('tap1', { netns: 'ns1' }) },
  { fixture: 's4/05-link-set-tap2-netns', fd: 4, run: (nl) => nl.link.set('tap2', { netns: 'ns2' }) },
  { fixture: 's4/06-ns1-link-set-up', run: (nl) => nl.link.set('tap1', { up: true }) },
  { fixture: 's4/07-ns2-link-set-up', run: (nl) => nl.link.set('tap2', { up: true }) },
  // S5
  { fixture: 's5/01-link-add-bridge', run: (nl) => nl.link.add({ name: 'br-test01', kind: 'bridge' }) },
  { fixture: 's5/02-link-set-bridge-stp-off', run: (nl) => nl.link.set('br-test01', { bridge: { stpState: 0 } }) },
  { fixture: 's5/03-link-set-bridge-up', run: (nl) => nl.link.set('br-test01', { up: true }) },
  { fixture: 's5/04-addr-add-bridge', run: (nl) => nl.addr.add('br-test01', '192.168.88.1/24') },
  { fixture: 's5/07-link-add-veth-1', run: (nl) => nl.link.add({ name: 'tap1', kind: 'veth', peer: { name: 'br-tap1' } }) },
  { fixture: 's5/08-link-set-master-1', run: (nl) => nl.link.set('br-tap1', { master: 'br-test01' }) },
  { fixture: 's5/09-link-set-netns-1', fd: 4, run: (nl) => nl.link.set('tap1', { netns: 'ns1' }) },
  { fixture: 's5/10-ns1-link-set-up', run: (nl) => nl.link.set('tap1', { up: true }) },
  { fixture: 's5/11-link-set-port-up-1', run: (nl) => nl.link.set('br-tap1', { up: true }) },
  { fixture: 's5/12-ns1-addr-add', run: (nl) => nl.addr.add('tap1', '192.168.88.3/24') },
  { fixture: 's5/13-ns1-route-add-default', run: (nl) => nl.route.add({ dst: 'default', via: '192.168.88.1' }) },
  { fixture: 's5/14-link-add-veth-2', run: (nl) => nl.link.add({ name: 'tap2', kind: 'veth', peer: { name: 'br-tap2' } }) },
  { fixture: 's5/15-link-set-master-2', run: (nl) => nl.link.set('br-tap2', { master: 'br-test01' }) },
  { fixture: 's5/16-link-set-netns-2', fd: 4, run: (nl) => nl.link.set('tap2', { netns: 'ns2' }) },
  { fixture: 's5/17-ns2-link-set-up', run: (nl) => nl.link.set('tap2', { up: true }) },
  { fixture: 's5/18-link-set-port-up-2', run: (nl) => nl.link.set('br-tap2', { up: true }) },
  { fixture: 's5/19-ns2-addr-add', run: (nl) => nl.addr.add('tap2', '192.168.88.4/24') },
  { fixture: 's5/20-ns2-route-add-default', run: (nl) => nl.route.add({ dst: 'default', via: '192.168.88.1' }) },
  // S8
  { fixture: 's8/01-link-add-veth', run: (nl) => nl.link.add({ name: 'veth0', kind: 'veth', peer: { name: 'veth1' } }) },
  { fixture: 's8/02-link-set-veth0-up', run: (nl) => nl.link.set('veth0', { up: true }) },
  { fixture: 's8/03-link-set-veth1-up', run: (nl) => nl.link.set('veth1', { up: true }) },
  { fixture: 's8/04-addr-add-veth0', run: (nl) => nl.addr.add('veth0', '192.168.100.11/24') },
  { fixture: 's8/06-addr-add-veth1', run: (nl) => nl.addr.add('veth1', '192.168.100.1/24') },
  // S9
  { fixture: 's9/02-link-add-bridge', run: (nl) => nl.link.add({ name: 'br0', kind: 'bridge' }) },
  { fixture: 's9/03-link-set-bridge-netns-fails', fd: 4, run: (nl) => nl.link.set('br0', { netns: 'ns1' }) },
  // Addresses
  { fixture: 'x-addr/04-addr-add-ipv4', run: (nl) => nl.addr.add('veth0', '192.0.2.1/24') },
  { fixture: 'x-addr/05-addr-add-ipv4-label', run: (nl) => nl.addr.add('veth0', '198.51.100.1/24', { label: 'veth0:1', broadcast: '198.51.100.255' }) },
  { fixture: 'x-addr/06-addr-add-ipv6', run: (nl) => nl.addr.add('veth0', '2001:db8::1/64') },
  { fixture: 'x-addr/07-addr-add-ipv6-nodad', run: (nl) => nl.addr.add('veth0', '2001:db8:1::1/64', { nodad: true }) },
  { fixture: 'x-addr/10-addr-del-ipv4', run: (nl) => nl.addr.del('veth0', '192.0.2.1/24') },
  { fixture: 'x-addr/11-addr-del-ipv6', run: (nl) => nl.addr.del('veth0', '2001:db8::1/64') },
  // Bridges
  { fixture: 'x-bridge/02-link-set-bridge-options', run: (nl) => nl.link.set('br0', { bridge: { forwardDelay: 400, ageingTime: 20000 } }) },
  { fixture: 'x-bridge/03-link-set-bridge-mcast-snooping', run: (nl) => nl.link.set('br0', { bridge: { mcastSnooping: 0 } }) },
  { fixture: 'x-bridge/05-link-set-master', run: (nl) => nl.link.set('veth0', { master: 'br0' }) },
  { fixture: 'x-bridge/06-link-set-port-cost', run: (nl) => nl.link.set('veth0', { bridgePort: { cost: 10 } }) },
  // `ip -d link show dev br0` looks br0 up, then asks for it in detail: the API asks once
  { fixture: 'x-bridge/07-link-show-bridge', select: [1], run: (nl) => nl.link.get('br0') },
  { fixture: 'x-bridge/08-link-set-nomaster', run: (nl) => nl.link.set('veth0', { master: null }) },
  { fixture: 'x-bridge/09-link-set-bridge-bad-igmp-version-fails', run: (nl) => nl.link.set('br0', { bridge: { mcastIgmpVersion: 4 } }) },
  // FDB (the bridge tool finds the port with a dump of all links; the API asks for it by name)
  { fixture: 'x-fdb/04-fdb-add-permanent', lookupDiffers: true, run: (nl) => nl.fdb.add({ dev: 'veth0', lladdr: '02:00:00:00:00:aa', master: true }) },
  { fixture: 'x-fdb/05-fdb-add-static', lookupDiffers: true, run: (nl) => nl.fdb.add({ dev: 'veth0', lladdr: '02:00:00:00:00:bb', master: true, state: 'static' }) },
  { fixture: 'x-fdb/07-fdb-del-permanent', lookupDiffers: true, run: (nl) => nl.fdb.del({ dev: 'veth0', lladdr: '02:00:00:00:00:aa', master: true }) },
  { fixture: 'x-fdb/08-fdb-del-static', lookupDiffers: true, run: (nl) => nl.fdb.del({ dev: 'veth0', lladdr: '02:00:00:00:00:bb', master: true, state: 'static' }) },
  // macvlan / macvtap
  { fixture: 'x-macvlan/02-link-add-macvlan', run: (nl) => nl.link.add({ name: 'macvlan0', kind: 'macvlan', link: 'veth0', macvlan: { mode: 'bridge' } }) },
  { fixture: 'x-macvlan/03-link-add-macvtap', run: (nl) => nl.link.add({ name: 'macvtap0', kind: 'macvtap', link: 'veth0', macvlan: { mode: 'bridge' } }) },
  { fixture: 'x-macvlan/04-link-set-macvlan-up', run: (nl) => nl.link.set('macvlan0', { up: true }) },
  { fixture: 'x-macvlan/06-link-del-macvtap', run: (nl) => nl.link.del('macvtap0') },
  { fixture: 'x-macvlan/07-link-del-macvlan', run: (nl) => nl.link.del('macvlan0') },
  // Neighbours (ip neigh also finds the device with a dump)
  { fixture: 'x-neigh/04-neigh-add-permanent', lookupDiffers: true, run: (nl) => nl.neigh.add({ dev: 'veth0', dst: '192.0.2.2', lladdr: '02:00:00:00:00:02' }) },
  { fixture: 'x-neigh/05-neigh-add-ipv6', lookupDiffers: true, run: (nl) => nl.neigh.add({ dev: 'veth0', dst: '2001:db8::2', lladdr: '02:00:00:00:00:02' }) },
  { fixture: 'x-neigh/07-neigh-del', lookupDiffers: true, run: (nl) => nl.neigh.del({ dev: 'veth0', dst: '192.0.2.2' }) },
  { fixture: 'x-neigh/08-neigh-del-ipv6', lookupDiffers: true, run: (nl) => nl.neigh.del({ dev: 'veth0', dst: '2001:db8::2' }) },
  // nsid
  { fixture: 'x-nsid/03-netns-set-id', fd: 6, run: (nl) => nl.nsid.set('ns1', 5) },
  // `ip netns list-id` first asks each named namespace's nsid (to print names), then dumps
  { fixture: 'x-nsid/04-netns-list-id', select: [2], run: (nl) => nl.nsid.list() },
  { fixture: 'x-nsid/05-link-add-veth-peer-netns', fd: 4, run: (nl) => nl.link.add({ name: 'veth0', kind: 'veth', peer: { name: 'veth1', netns: 'ns2' } }) },
  // Routes
  { fixture: 'x-route/10-route-add-default', run: (nl) => nl.route.add({ dst: 'default', via: '192.0.2.254' }) },
  { fixture: 'x-route/11-route-add-metric', run: (nl) => nl.route.add({ dst: '203.0.113.0/24', via: '192.0.2.254', metric: 100 }) },
  { fixture: 'x-route/12-route-add-table-100', run: (nl) => nl.route.add({ dst: '203.0.113.0/24', via: '198.51.100.254', table: 100 }) },
  { fixture: 'x-route/13-route-add-mtu-lock', run: (nl) => nl.route.add({ dst: '10.10.0.0/16', via: '192.0.2.254', mtu: 1400, mtuLock: true }) },
  {
    fixture: 'x-route/14-route-add-multipath',
    run: (nl) => nl.route.add({ dst: '10.20.0.0/16', nexthops: [{ via: '192.0.2.254', weight: 1 }, { via: '198.51.100.254', weight: 2 }] }),
  },
  { fixture: 'x-route/15-route-add-ipv6', run: (nl) => nl.route.add({ dst: '2001:db8:2::/64', via: '2001:db8::2', metric: 1024 }) },
  { fixture: 'x-route/19-route-del-metric', run: (nl) => nl.route.del({ dst: '203.0.113.0/24', via: '192.0.2.254', metric: 100 }) },
  { fixture: 'x-route/20-route-del-multipath', run: (nl) => nl.route.del({ dst: '10.20.0.0/16' }) },
  { fixture: 'x-route/21-route-del-default', run: (nl) => nl.route.del({ dst: 'default' }) },
  { fixture: 'x-route/22-route-add-bad-gateway-fails', run: (nl) => nl.route.add({ dst: '10.30.0.0/16', via: '203.0.113.99' }) },
  // vxlan
  { fixture: 'x-vxlan/05-link-add-vxlan', run: (nl) => nl.link.add({ name: 'vx0', kind: 'vxlan', vxlan: { id: 42, port: 4789, local: '10.0.0.1', dev: 'veth0' } }) },
  { fixture: 'x-vxlan/06-link-set-vxlan-up', run: (nl) => nl.link.set('vx0', { up: true }) },
  { fixture: 'x-vxlan/07-fdb-append-vxlan', lookupDiffers: true, run: (nl) => nl.fdb.add({ dev: 'vx0', lladdr: '00:00:00:00:00:00', dst: '10.0.0.2', append: true }) },
  { fixture: 'x-vxlan/10-link-del-vxlan', run: (nl) => nl.link.del('vx0') },
  // List filters the kernel applies under NETLINK_GET_STRICT_CHK. `ip link show`, `ip addr show`
  // and `ip route show` then ask for each printed link's details (and its peer's name): the API
  // does not print, so it asks only for the filter's device and the dump.
  { fixture: 'x-filter/16-link-show-master', select: [0, 1], run: (nl) => nl.link.list({ master: 'br0' }) },
  { fixture: 'x-filter/17-link-show-type', select: [0], run: (nl) => nl.link.list({ kind: 'veth' }) },
  { fixture: 'x-filter/18-link-show-nomaster', select: [0], run: (nl) => nl.link.list({ master: null }) },
  { fixture: 'x-filter/19-addr-show-dev', select: [0, 2], run: (nl) => nl.addr.list({ dev: 'v1' }) },
  { fixture: 'x-filter/20-route-show-table', select: [0], run: (nl) => nl.route.list({ family: 'inet', table: 100 }) },
  { fixture: 'x-filter/21-route-show-proto', select: [0], run: (nl) => nl.route.list({ family: 'inet', protocol: 'static' }) },
  { fixture: 'x-filter/22-route-show-dev', select: [0, 1], run: (nl) => nl.route.list({ family: 'inet', dev: 'v1' }) },
  { fixture: 'x-filter/23-route-show-table-all', select: [0], run: (nl) => nl.route.list({ table: 'all' }) },
  // ip neigh and bridge find the devices with a dump of every link; the API asks for each by name
  { fixture: 'x-filter/25-neigh-show-dev', lookupDiffers: true, run: (nl) => nl.neigh.list({ dev: 'v1' }) },
  { fixture: 'x-filter/26-neigh-show-master', lookupDiffers: true, run: (nl) => nl.neigh.list({ master: 'br0' }) },
  { fixture: 'x-filter/27-fdb-show-master', lookupDiffers: true, run: (nl) => nl.fdb.list({ master: 'br0' }) },
  { fixture: 'x-filter/28-fdb-show-dev', lookupDiffers: true, run: (nl) => nl.fdb.list({ dev: 'v0' }) },
]

let identical = 0
for (const c of cases) {
  t.test(c.fixture, async (t) => {
    if ((await checkReplay(t, c)).identical) identical++
  })
}

t.test('refusals read well: S9, an unreachable gateway', async (t) => {
  const s9 = await replay({ fixture: 's9/03-link-set-bridge-netns-fails', fd: 4, run: (nl) => nl.link.set('br0', { netns: 'ns1' }) })
  t.type(s9.error, NetlinkError)
  const e = s9.error as NetlinkError
  t.equal(e.code, 'EINVAL')
  t.equal(e.operation, 'link.set')
  t.equal(e.object, 'br0')
  t.match(e.message, /^link\.set br0: EINVAL \(Invalid argument\): br0 cannot change network namespace: it is netns-local \(IFLA_NETNS_IMMUTABLE/)
  // The captured reply carries the kernel's extended ack (iproute2 asked for it): shown too.
  t.match(e.message, /\(kernel: The interface netns is immutable\)/)
  const gw = await replay({ fixture: 'x-route/22-route-add-bad-gateway-fails', run: (nl) => nl.route.add({ dst: '10.30.0.0/16', via: '203.0.113.99' }) })
  t.match((gw.error as Error).message, /^route\.add 10\.30\.0\.0\/16: ENETUNREACH \(Network is unreachable\): gateway 203\.0\.113\.99 is not on any network/)
})

t.test('filtered lists: what the kernel answered iproute2, as the API reads it', async (t) => {
  const names = (v: unknown): string[] => (v as { name: string }[]).map((l) => l.name)
  t.strictSame(names((await replay({ fixture: 'x-filter/16-link-show-master', select: [0, 1], run: (nl) => nl.link.list({ master: 'br0' }) })).value), ['v0', 'v2'])
  t.strictSame(names((await replay({ fixture: 'x-filter/18-link-show-nomaster', select: [0], run: (nl) => nl.link.list({ master: null }) })).value), ['lo', 'br0', 'v1', 'v3'])
  const byDev = await replay({ fixture: 'x-filter/22-route-show-dev', select: [0, 1], run: (nl) => nl.route.list({ family: 'inet', dev: 'v1' }) })
  // The kernel's RTA_OIF filter keeps the multipath route with a nexthop through v1 (ip does not print it).
  t.strictSame((byDev.value as { dst: string }[]).map((r) => r.dst), ['10.20.0.0/16', '192.0.2.0/24', '203.0.113.0/24'])
  const fdb = await replay({ fixture: 'x-filter/27-fdb-show-master', lookupDiffers: true, run: (nl) => nl.fdb.list({ master: 'br0' }) })
  t.equal((fdb.value as unknown[]).length, 6, "br0's own entries and its ports', as bridge printed them")
})

t.test('a filtered route dump of a table that does not exist: the kernel says ENOENT, the API lists no routes', async (t) => {
  const c: ReplayCase = { fixture: 'x-filter/24-route-show-ipv6-missing-table-fails', run: (nl) => nl.route.list({ family: 'inet6', table: 100 }) }
  const r = await replay(c)
  t.strictSame(r.actual.map((b) => toHex(b)), r.expected.map((b) => toHex(b)), `request bytes equal iproute2's for: ${r.fixture.header.command}`)
  t.match(r.fixture.sidecar.exit.stderr, /FIB table does not exist/, 'iproute2 got the refusal')
  t.equal(r.error, undefined)
  t.strictSame(r.value, [])
})

t.test('summary', async (t) => {
  t.comment(`${identical} of ${cases.length} scenario steps: the API's requests are byte-identical to iproute2's`)
  t.equal(identical, cases.length)
})
