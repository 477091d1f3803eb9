// `nlwire monitor` against the real thing: `ip -d monitor` and `nlwire monitor` watch the same
// scratch namespace while a scenario runs there; they must print the same text. And a pcap
// written by `nlwire monitor --pcap` reads back in tshark and in `nlwire decode`; and
// `nlwire decode` reads every fixture's hex. Root only for the kernel parts.
import t from 'tap'
import type * as Tap from 'tap'
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runCli } from './helpers/cli.js'
import { needsProgram } from './helpers/programs.js'
import { FIXTURES_DIR, listFixtures } from './helpers/fixtures.js'
import { decodeCmd } from '../src/cli/decode-cmd.js'
import { needsRoot, ip, scratchNetns, waitFor } from './helpers/scratch.js'
import { barrier, nlwireMonitor, sideBySide, stop } from './helpers/monitor-side-by-side.js'
import { parseMonitorArgs } from '../src/cli/monitor.js'
import { RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_IFADDR, RTNLGRP_IPV6_ROUTE, RTNLGRP_LINK, RTNLGRP_MPLS_ROUTE, RTNLGRP_NEIGH, RTNLGRP_STATS } from '../codecs/rtnetlink.js'
import { MONITOR_ALL_GROUPS } from '../codecs/iproute2/index.js'


t.test('argument parsing follows ip monitor', async (t) => {
  const all = parseMonitorArgs([])
  t.not(all, 'help')
  if (all === 'help') return
  t.strictSame(all.groups, MONITOR_ALL_GROUPS, 'no object: every group ip monitor joins')
  t.notOk(all.groups.includes(RTNLGRP_STATS), 'stats only when asked for, as ip does')
  const some = parseMonitorArgs(['link', 'addr', '-t', '--json', '--netns', 'ns1'])
  if (some === 'help') return t.fail('help')
  t.strictSame(some.groups, [RTNLGRP_LINK, RTNLGRP_IPV4_IFADDR, RTNLGRP_IPV6_IFADDR])
  t.equal(some.timestamp, 'long')
  t.equal(some.json, true)
  t.equal(some.netns, 'ns1')
  t.equal(parseMonitorArgs(['--help']), 'help')
  const abbrev = parseMonitorArgs(['l', 'n', 'ro'])
  if (abbrev === 'help') return t.fail('help')
  t.equal(abbrev.label, true, "'l' is label, as ip matches it before link")
  t.strictSame(abbrev.groups, [RTNLGRP_NEIGH, RTNLGRP_IPV4_ROUTE, RTNLGRP_IPV6_ROUTE, RTNLGRP_MPLS_ROUTE], "'n' is neigh, 'ro' route")
  t.throws(() => parseMonitorArgs(['bogus']), /unknown object 'bogus'/)
  t.throws(() => parseMonitorArgs(['--count', '0']), /positive integer/)
})

t.test('help: every command lists its usage and examples', async (t) => {
  const top = runCli(['--help'])
  t.equal(top.status, 0)
  t.match(top.stdout, /nlwire decode/)
  t.match(top.stdout, /nlwire monitor/)
  t.match(top.stdout, /Examples:/)
  for (const cmd of ['decode', 'monitor']) {
    const r = runCli([cmd, '--help'])
    t.equal(r.status, 0, `${cmd} --help`)
    t.match(r.stdout, new RegExp(`^nlwire ${cmd} `), `${cmd} --help starts with its usage`)
    t.equal(runCli(['help', cmd]).stdout, r.stdout, `help ${cmd} is the same text`)
  }
  t.match(runCli(['monitor', '--help']).stdout, /Examples:/)
  const bad = runCli(['monitor', 'bogus'])
  t.equal(bad.status, 2)
  t.match(bad.stderr, /unknown object 'bogus'/)
})

t.test('nlwire decode reads every fixture (commented hex) and exits 0', async (t) => {
  const files = listFixtures()
  t.ok(files.length >= 144, `${files.length} fixtures`)
  // Every fixture through the command's own code, in-process (a process each would take minutes) ...
  const failed: string[] = []
  for (const f of files) {
    let err = ''
    const code = await decodeCmd([f], { out: () => {}, err: (s) => (err += s) })
    if (code !== 0) failed.push(`${f}: exit ${code} ${err}`)
  }
  t.strictSame(failed, [], 'every fixture decodes')
  // ... and the installed command on one of each kind: dump requests with a zero tail, an error
  // reply with an extended ack, a command without netlink messages.
  const zero = runCli(['decode', join(FIXTURES_DIR, 'x-route/16-route-show.nl')])
  t.equal(zero.status, 0, zero.stderr)
  t.match(zero.stdout, /^0024  0078  zero tail \(120 bytes after the last message: the kernel stops at nlmsg_len 0\)$/m)
  const ext = runCli(['decode', join(FIXTURES_DIR, 'x-bridge/10-link-set-bad-gso-max-size-fails.nl')])
  t.equal(ext.status, 0, ext.stderr)
  t.match(ext.stdout, /IFLA_GSO_MAX_SIZE.*<-- kernel:/)
  const none = runCli(['decode', join(FIXTURES_DIR, 's1/01-netns-add-ns01.nl')])
  t.equal(none.status, 0)
  t.match(none.stdout, /without sections/)
})

/** The side-by-side of helpers/monitor-side-by-side.ts in a fresh namespace, with a second one for veth peers. */
async function sideBySideIn(t: Tap.Test, label: string, steps: (ns: string, peerNs: string) => string[][], minLines: number): Promise<string> {
  const ns = scratchNetns(t, label)
  const peerNs = scratchNetns(t, `${label}p`)
  return sideBySide(t, ns, steps(ns, peerNs), minLines)
}

t.test('live: nlwire monitor prints what ip -d monitor prints', { skip: needsRoot }, async (t) => {
  // The scenario: S5 and S3 in miniature, plus what the other families print.
  const actual = await sideBySideIn(
    t,
    'mon',
    (_ns, peerNs) => [
      ['link', 'add', 'va', 'type', 'veth', 'peer', 'name', 'vb'],
      ['link', 'set', 'va', 'up'],
      ['link', 'set', 'vb', 'up'],
      ['addr', 'add', '192.0.2.1/24', 'dev', 'va'],
      ['-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'va', 'nodad'],
      ['route', 'add', '198.51.100.0/24', 'via', '192.0.2.254', 'metric', '10'],
      ['route', 'add', '203.0.113.0/24', 'via', '192.0.2.254', 'mtu', 'lock', '1400'],
      ['neigh', 'add', '192.0.2.7', 'lladdr', '02:00:00:00:00:07', 'dev', 'va', 'nud', 'permanent'],
      ['link', 'add', 'br0', 'type', 'bridge'],
      ['link', 'set', 'vb', 'master', 'br0'],
      ['link', 'set', 'br0', 'up'],
      ['link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'local', '192.0.2.1', 'dev', 'va'],
      ['link', 'add', 'vc', 'type', 'veth', 'peer', 'name', 'vd', 'netns', peerNs],
      ['neigh', 'del', '192.0.2.7', 'dev', 'va'],
      ['route', 'del', '198.51.100.0/24'],
      ['addr', 'del', '192.0.2.1/24', 'dev', 'va'],
      ['link', 'set', 'vb', 'nomaster'],
      ['link', 'del', 'vx0'],
      ['link', 'del', 'br0'],
      ['link', 'del', 'va'],
      ['link', 'del', 'vc'],
    ],
    60,
  )
  t.match(actual, /link-netns /, 'an nsid name was looked up (veth peer in another namespace)')
})

t.test('live: other kinds and options print as ip -d monitor prints them', { skip: needsRoot }, async (t) => {
  // Every kind this kernel has besides veth (ifb, tun/tap, macvlan/macvtap in each mode, vxlan and
  // bridge with non-default options, bridge ports with options), addresses with lifetimes and
  // labels, IPv6 and multipath routes, other tables, FDB entries.
  await sideBySideIn(
    t,
    'monk',
    () => [
      ['link', 'add', 'ifb7', 'type', 'ifb'],
      ['tuntap', 'add', 'dev', 'tp0', 'mode', 'tap'],
      ['tuntap', 'add', 'dev', 'tn0', 'mode', 'tun', 'multi_queue'],
      ['link', 'add', 'ua', 'type', 'veth', 'peer', 'name', 'ub'],
      ['link', 'set', 'ua', 'up'],
      ['link', 'add', 'mv1', 'link', 'ua', 'type', 'macvlan', 'mode', 'vepa'],
      ['link', 'add', 'mv2', 'link', 'ua', 'type', 'macvlan', 'mode', 'private'],
      ['link', 'add', 'mv3', 'link', 'ua', 'type', 'macvlan', 'mode', 'source'],
      ['link', 'set', 'mv3', 'type', 'macvlan', 'macaddr', 'add', '02:00:00:00:00:33'],
      ['link', 'add', 'mt1', 'link', 'ua', 'type', 'macvtap', 'mode', 'bridge'],
      ['link', 'add', 'vx1', 'type', 'vxlan', 'id', '7', 'dstport', '8472', 'group', '239.1.1.1', 'dev', 'ua', 'ttl', '5', 'tos', 'inherit', 'nolearning', 'ageing', '120', 'srcport', '1000', '2000', 'noudpcsum'],
      ['link', 'add', 'vx6', 'type', 'vxlan', 'id', '8', 'dstport', '4789', 'remote', '2001:db8::9', 'local', '2001:db8::1', 'udp6zerocsumtx', 'udp6zerocsumrx', 'df', 'set', 'ttl', 'auto'],
      ['link', 'add', 'br1', 'type', 'bridge', 'forward_delay', '400', 'hello_time', '300', 'max_age', '2500', 'ageing_time', '10000', 'priority', '100', 'group_fwd_mask', '0x4000', 'mcast_snooping', '0', 'mcast_hash_max', '1024'],
      ['link', 'set', 'ub', 'master', 'br1'],
      ['link', 'set', 'dev', 'ub', 'type', 'bridge_slave', 'cost', '50', 'priority', '7', 'learning', 'off', 'flood', 'off', 'hairpin', 'on', 'guard', 'on', 'root_block', 'on', 'fastleave', 'on', 'isolated', 'on', 'bcast_flood', 'off', 'mcast_flood', 'off'],
      ['link', 'set', 'tp0', 'master', 'br1'],
      ['link', 'set', 'br1', 'up'],
      ['link', 'set', 'tp0', 'up'],
      ['addr', 'add', '10.9.0.1/24', 'dev', 'ua', 'label', 'ua:lab', 'valid_lft', '3000', 'preferred_lft', '2000'],
      ['addr', 'add', '10.9.1.1', 'peer', '10.9.1.2', 'dev', 'ua'],
      ['-6', 'addr', 'add', '2001:db8:9::1/64', 'dev', 'ua', 'nodad'],
      ['route', 'add', '10.77.0.0/16', 'table', '100', 'proto', 'static', 'scope', 'link', 'dev', 'ua'],
      ['route', 'add', '10.78.0.0/16', 'nexthop', 'via', '10.9.0.2', 'weight', '2', 'nexthop', 'via', '10.9.0.3'],
      ['-6', 'route', 'add', '2001:db8:77::/48', 'via', '2001:db8:9::2', 'metric', '300'],
      ['route', 'add', 'blackhole', '10.79.0.0/16'],
      ['bridge', 'fdb', 'add', '02:00:00:00:00:44', 'dev', 'ub', 'master', 'static'],
      ['neigh', 'add', '10.9.0.8', 'lladdr', '02:00:00:00:00:08', 'dev', 'ua', 'nud', 'stale'],
      ['bridge', 'fdb', 'del', '02:00:00:00:00:44', 'dev', 'ub', 'master'],
      ['route', 'del', '10.78.0.0/16'],
      ['route', 'flush', 'table', '100'],
      ['link', 'set', 'tp0', 'nomaster'],
      ['link', 'del', 'br1'],
      ['link', 'del', 'vx1'],
      ['link', 'del', 'vx6'],
      ['link', 'del', 'mt1'],
      ['link', 'del', 'mv1'],
      ['tuntap', 'del', 'dev', 'tp0', 'mode', 'tap'],
      ['tuntap', 'del', 'dev', 'tn0', 'mode', 'tun', 'multi_queue'],
      ['link', 'del', 'ifb7'],
      ['link', 'del', 'ua'],
    ],
    80,
  )
})

t.test('--json: one object per event with the text', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'monj')
  const nlw = nlwireMonitor(t, ['--netns', ns, '--json', 'link'])
  // The JSON line of lo's MTU change carries the text, which is what we wait for.
  let joined = false
  for (let i = 0; i < 20 && !joined; i++) {
    ip('-n', ns, 'link', 'set', 'dev', 'lo', 'mtu', String(62000 + i))
    joined = await waitFor(() => nlw.out().includes(`mtu ${62000 + i} `), 1500)
  }
  t.ok(joined, 'the monitor printed the MTU change')
  ip('-n', ns, 'link', 'add', 'ja', 'type', 'veth', 'peer', 'name', 'jb')
  t.ok(await waitFor(() => nlw.out().includes('"ifname":"ja"'), 5000), 'the new link arrives')
  t.equal(await stop(nlw, 'SIGINT'), 0)
  const lines = nlw.out().trim().split('\n')
  const objs = lines.map((l) => JSON.parse(l) as { type: string; group: string; body: { ifname?: string; stats64?: { rxBytes?: unknown } }; text: string })
  const ja = objs.find((o) => o.body.ifname === 'ja')!
  t.equal(ja.type, 'RTM_NEWLINK')
  t.equal(ja.group, 'RTNLGRP_LINK')
  t.match(ja.text, /^\d+: ja@(jb|NONE): <BROADCAST,MULTICAST(,M-DOWN)?> mtu 1500 /)
  t.equal(typeof ja.body.stats64?.rxBytes, 'string', 'u64 counters as decimal strings')
})

t.test('--pcap: tshark and nlwire decode read what nlwire monitor wrote', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'monc')
  const dir = mkdtempSync(join(tmpdir(), 'nlw-mon-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const pcap = join(dir, 'rtnl.pcap')
  const nlw = nlwireMonitor(t, ['--netns', ns, '--pcap', pcap])
  await barrier(ns, [nlw])
  ip('-n', ns, 'link', 'add', 'pcapveth0', 'type', 'veth', 'peer', 'name', 'pcapveth1')
  ip('-n', ns, 'addr', 'add', '192.0.2.9/24', 'dev', 'pcapveth0')
  await barrier(ns, [nlw])
  t.equal(await stop(nlw, 'SIGINT'), 0)
  const bytes = readFileSync(pcap)
  t.ok(bytes.length > 24 + 16, `${bytes.length} bytes written`)

  const dec = runCli(['decode', pcap], undefined, 60_000)
  t.equal(dec.status, 0, dec.stderr)
  t.match(dec.stdout, /RTM_NEWLINK/)
  t.match(dec.stdout, /IFLA_IFNAME  "pcapveth0"/)
  t.match(dec.stdout, /RTM_NEWADDR/)

  await t.test('tshark dissects it', { skip: needsProgram('tshark') }, async (t) => {
    const ts = execFileSync('tshark', ['-r', pcap, '-V'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 })
    t.match(ts, /Linux rtnetlink \(route netlink\) protocol/)
    // Wireshark 4.0 names type 16 by its meaning; newer ones by RTM_NEWLINK.
    t.match(ts, /Message type: (RTM_NEWLINK|Create network interface) \(16\)/)
    t.match(ts, /Device name: pcapveth0/)
    t.notMatch(ts, /Malformed/, 'no malformed packet')
  })
})
