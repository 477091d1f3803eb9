// The kinds a topology file can make beyond the scenarios — vxlan, macvlan, macvtap, bridge
// options, MTU, MAC, devconf, nsids — made on the kernel, read back by ip -d -j, and a second up
// that finds nothing to do (each option read back compares equal to what the file says).
import t from 'tap'
import { readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import * as topology from '../src/topology/index.js'
import type { TopologySpec } from '../src/topology/spec.js'
import { Scratch, ipJson, needsRoot, sysctl } from './helpers/scratch.js'

const SPEC: TopologySpec = {
  name: 'kinds',
  nodes: {
    host: {
      interfaces: {
        br0: { kind: 'bridge', up: true, mtu: 1400, bridge: { stpState: 0, ageingTime: 12000, forwardDelay: 400 } },
        up0: { master: 'br0', up: true, mtu: 1400 },
      },
    },
    ns1: {
      interfaces: {
        lo: { up: true },
        v1: { up: true, mac: '02:00:00:00:01:01', addresses: ['10.10.0.1/24', '2001:db8:10::1/64'], inet: { forwarding: 1, rpFilter: 2 } },
        vx0: { kind: 'vxlan', vxlan: { id: 42, remote: '10.10.0.2', port: 4789, dev: 'v1' }, up: true, addresses: ['10.20.0.1/24'] },
        mv0: { kind: 'macvlan', macvlan: { parent: 'v1', mode: 'bridge' }, up: true },
        mt0: { kind: 'macvtap', macvlan: { parent: 'v1', mode: 'vepa' } },
      },
      routes: [
        { dst: '10.30.0.0/16', via: '10.10.0.2', metric: 7 },
        { dst: '2001:db8:99::/48', via: '2001:db8:10::2' },
      ],
      nsids: { ns2: 17 },
    },
    ns2: { interfaces: { v2: { up: true, addresses: ['10.10.0.2/24'] } } },
  },
  cables: [
    ['ns1:v1', 'ns2:v2'],
    ['host:up0', 'ns2:v3'],
  ],
}

t.test('vxlan, macvlan, macvtap, bridge options, MTU, MAC, devconf, IPv6, nsids', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const prefix = `${s.name('k')}-`
  t.teardown(() => {
    for (const n of readdirSync('/run/netns')) if (n.startsWith(prefix)) spawnSync('ip', ['netns', 'del', n])
  })
  const opts = { prefix, host }
  const r = await topology.up(SPEC, opts)
  t.ok(r.changes.length > 0)
  const ns1 = `${prefix}ns1`
  const links = (ns: string) => ipJson<{ ifname: string; mtu: number; address: string; master?: string; linkinfo?: { info_kind?: string; info_data?: Record<string, unknown> } }[]>(ns, '-d', 'link', 'show')
  const by = (ns: string, n: string) => links(ns).find((l) => l.ifname === n)!
  const br = by(host, 'br0')
  t.equal(br.mtu, 1400)
  t.equal(br.linkinfo?.info_data?.ageing_time, 12000, 'ageing_time')
  t.equal(br.linkinfo?.info_data?.forward_delay, 400, 'forward_delay')
  t.equal(by(host, 'up0').master, 'br0')
  const vx = by(ns1, 'vx0').linkinfo!
  t.equal(vx.info_kind, 'vxlan')
  t.equal(vx.info_data?.id, 42)
  t.equal(vx.info_data?.remote, '10.10.0.2')
  t.equal(vx.info_data?.port, 4789)
  t.equal(by(ns1, 'mv0').linkinfo?.info_data?.mode, 'bridge')
  t.equal(by(ns1, 'mt0').linkinfo?.info_kind, 'macvtap')
  t.equal(by(ns1, 'v1').address, '02:00:00:00:01:01')
  t.equal(sysctl(ns1, 'net/ipv4/conf/v1/forwarding'), '1')
  t.equal(sysctl(ns1, 'net/ipv4/conf/v1/rp_filter'), '2')
  const routes = ipJson<{ dst: string; gateway?: string; metric?: number }[]>(ns1, 'route', 'show')
  t.ok(routes.some((x) => x.dst === '10.30.0.0/16' && x.gateway === '10.10.0.2' && x.metric === 7), 'the IPv4 route with its metric')
  const r6 = ipJson<{ dst: string; gateway?: string }[]>(ns1, '-6', 'route', 'show')
  t.ok(r6.some((x) => x.dst === '2001:db8:99::/48' && x.gateway === '2001:db8:10::2'), 'the IPv6 route')
  const ids = spawnSync('ip', ['-n', ns1, 'netns', 'list-id'], { encoding: 'utf8' }).stdout
  t.match(ids, /nsid 17 \(iproute2 netns name: [^)]*ns2\)/, 'ns1 knows ns2 as nsid 17')
  const again = await topology.up(SPEC, opts)
  t.strictSame(again.changes.map((c) => c.text), [], 'second up: every option reads back as the file says it')
  await topology.down(SPEC, opts)
  t.strictSame(readdirSync('/run/netns').filter((n) => n.startsWith(prefix)), [])
  t.strictSame(links(host).map((l) => l.ifname), ['lo'])
})
