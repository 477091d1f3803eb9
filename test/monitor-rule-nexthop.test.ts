// `nlwire monitor` against `ip -d monitor` for fib rules and nexthop objects: both watch one
// scratch namespace while rule and nexthop commands run there, and must print the same text. The
// monitor helpers are test/helpers/monitor-side-by-side.ts. Root only.
import t from 'tap'
import { needsRoot, ip, scratchNetns, waitFor } from './helpers/scratch.js'
import { sideBySide } from './helpers/monitor-side-by-side.js'

t.test('live: rules print as ip -d monitor prints them', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'monrule')
  const actual = await sideBySide(
    t,
    ns,
    [
      ['rule', 'add', 'from', '10.1.0.0/16', 'table', '100', 'priority', '1000'],
      ['rule', 'add', 'fwmark', '0x10/0xff', 'lookup', '200'],
      ['rule', 'add', 'fwmark', '0', 'lookup', '201', 'pref', '1001'],
      ['rule', 'add', 'iif', 'lo', 'ipproto', 'tcp', 'dport', '80', 'table', '300'],
      ['-6', 'rule', 'add', 'to', '2001:db8::/32', 'table', '400'],
      ['-6', 'rule', 'add', 'from', '2001:db8::1', 'iif', 'lo', 'table', '401'],
      ['rule', 'add', 'uidrange', '1000-2000', 'prohibit'],
      ['rule', 'add', 'from', 'all', 'lookup', 'main', 'suppress_prefixlength', '0'],
      ['rule', 'add', 'oif', 'lo', 'ipproto', 'udp', 'sport', '1000-2000', 'table', '500', 'pref', '2000'],
      ['rule', 'add', 'not', 'from', '10.9.0.0/16', 'goto', '2000', 'pref', '1500'],
      ['rule', 'add', 'goto', '2500', 'pref', '1550'],
      ['rule', 'add', 'tos', '0x10', 'blackhole', 'pref', '1600'],
      ['rule', 'add', 'fwmark', '5', 'unreachable', 'pref', '1700', 'protocol', 'static'],
      ['rule', 'add', 'l3mdev', 'pref', '1800'],
      ['rule', 'add', 'from', '192.0.2.1', 'to', '198.51.100.7', 'table', '10', 'pref', '1900'],
      ['rule', 'add', 'ipproto', '200', 'realms', '3/4', 'nop', 'pref', '2100'],
      ['rule', 'add', 'realms', '7', 'table', '7', 'pref', '2150'],
      ['rule', 'add', 'tun_id', '7', 'table', '5', 'pref', '2200'],
      ['rule', 'add', 'suppress_ifgroup', '3', 'table', 'main', 'pref', '2300'],
      ['rule', 'add', 'dport', '443-8443', 'ipproto', '132', 'table', 'local', 'pref', '2400'],
      ['rule', 'del', 'priority', '1000'],
      ['rule', 'del', 'pref', '1550'],
      ['-6', 'rule', 'del', 'to', '2001:db8::/32', 'table', '400'],
    ],
    22,
  )
  t.match(actual, /^Deleted 1000:\tfrom 10\.1\.0\.0\/16 lookup 100 proto unspec$/m, 'a deletion')
  t.match(actual, /goto 2500 \[unresolved\]/, 'an unresolved goto')
})

t.test('live: nexthops, and a route using one, print as ip -d monitor prints them', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'monnh')
  for (const s of [
    ['link', 'set', 'lo', 'up'], // a blackhole nexthop lives on lo
    ['link', 'add', 'v0', 'type', 'veth', 'peer', 'name', 'v1'],
    ['link', 'set', 'v0', 'up'],
    ['link', 'set', 'v1', 'up'],
    ['addr', 'add', '192.0.2.1/24', 'dev', 'v0'],
    ['-6', 'addr', 'add', '2001:db8::1/64', 'dev', 'v0', 'nodad'],
  ]) ip('-n', ns, ...s)
  // A nexthop needs its device's carrier, which veth reports a moment later (linkwatch).
  t.ok(await waitFor(() => !ip('-n', ns, 'link', 'show', 'dev', 'v0').includes('NO-CARRIER'), 5000), 'v0 has carrier')
  // Made before the monitors start: their caches do not know it, so each asks the kernel for it
  // when a route names it (ip's ipnh_cache_add, nlwire's RTM_GETNEXTHOP).
  ip('-n', ns, 'nexthop', 'add', 'id', '50', 'via', '192.0.2.50', 'dev', 'v0')
  const actual = await sideBySide(
    t,
    ns,
    [
      ['nexthop', 'add', 'id', '1', 'via', '192.0.2.2', 'dev', 'v0'],
      ['nexthop', 'add', 'id', '2', 'via', '192.0.2.3', 'dev', 'v0'],
      ['nexthop', 'add', 'id', '10', 'group', '1/2,3'],
      ['nexthop', 'add', 'id', '3', 'blackhole'],
      ['-6', 'nexthop', 'add', 'id', '6', 'via', '2001:db8::2', 'dev', 'v0'],
      ['nexthop', 'add', 'id', '4', 'via', '192.0.2.9', 'dev', 'v0', 'onlink', 'protocol', 'static'],
      ['nexthop', 'add', 'id', '5', 'dev', 'v0'],
      ['nexthop', 'add', 'id', '20', 'group', '1/2', 'type', 'resilient', 'buckets', '8', 'idle_timer', '10'],
      ['nexthop', 'add', 'id', '30', 'via', '192.0.2.30', 'fdb'],
      ['nexthop', 'add', 'id', '31', 'group', '30', 'fdb'],
      ['route', 'add', '198.51.100.0/24', 'nhid', '10'],
      ['route', 'add', '203.0.113.0/24', 'nhid', '50'],
      ['-6', 'route', 'add', '2001:db8:5::/48', 'nhid', '6'],
      ['nexthop', 'replace', 'id', '2', 'via', '192.0.2.4', 'dev', 'v0'],
      ['nexthop', 'del', 'id', '10'],
      ['nexthop', 'del', 'id', '1'],
      ['nexthop', 'del', 'id', '50'],
    ],
    18,
  )
  t.match(actual, /\n\tnh_info id 10 group 1\/2,3 scope global proto unspec \n/, "a route's group, from the nexthop cache")
  t.match(actual, /\n\tnh_info id 50 via 192\.0\.2\.50 dev v0 scope link proto unspec \n/, 'a nexthop the monitors had to ask the kernel for')
  t.match(actual, /^Deleted id 10 group 1\/2,3 scope global proto unspec $/m, 'a deletion')
})
