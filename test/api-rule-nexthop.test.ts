// nl.rule and nl.nexthop against the captured iproute2 commands (fixtures/x-rule, x-nexthop):
// every command the API can express sends iproute2's request bytes (seq and port id aside), and
// the kernel's captured answers come back as the expected views and errors.
import t from 'tap'
import { NetlinkError } from '../src/errors.js'
import { ApiError } from '../src/api/errors.js'
import type { Nexthop, Rule } from '../src/api/views.js'
import { type ReplayCase, checkReplay, replay } from './helpers/replay.js'

const rules: ReplayCase[] = [
  { fixture: 'x-rule/01-rule-add-from-table', run: (nl) => nl.rule.add({ from: '10.1.0.0/16', table: 100, priority: 1000 }) },
  { fixture: 'x-rule/02-rule-add-fwmark-mask', run: (nl) => nl.rule.add({ fwmark: 0x10, fwmask: 0xff, table: 200 }) },
  { fixture: 'x-rule/03-rule-add-iif-ipproto-dport', run: (nl) => nl.rule.add({ iif: 'lo', ipproto: 'tcp', dport: 80, table: 300 }) },
  { fixture: 'x-rule/04-rule-add-ipv6-to', run: (nl) => nl.rule.add({ to: '2001:db8::/32', table: 400 }) },
  { fixture: 'x-rule/05-rule-add-uidrange-prohibit', run: (nl) => nl.rule.add({ uidrange: [1000, 2000], action: 'prohibit' }) },
  { fixture: 'x-rule/06-rule-add-suppress-prefixlength', run: (nl) => nl.rule.add({ from: 'all', table: 'main', suppressPrefixlength: 0 }) },
  { fixture: 'x-rule/07-rule-add-oif-sport-range', run: (nl) => nl.rule.add({ oif: 'lo', ipproto: 'udp', sport: [1000, 2000], table: 500, priority: 2000 }) },
  { fixture: 'x-rule/08-rule-add-not-goto', run: (nl) => nl.rule.add({ not: true, from: '10.9.0.0/16', goto: 2000, priority: 1500 }) },
  { fixture: 'x-rule/09-rule-add-tos-blackhole', run: (nl) => nl.rule.add({ tos: 0x10, action: 'blackhole', priority: 1600 }) },
  { fixture: 'x-rule/10-rule-add-unreachable-protocol', run: (nl) => nl.rule.add({ fwmark: 5, action: 'unreachable', priority: 1700, protocol: 'static' }) },
  { fixture: 'x-rule/11-rule-add-l3mdev', run: (nl) => nl.rule.add({ l3mdev: true, priority: 1800 }) },
  { fixture: 'x-rule/12-rule-add-host-from-to', run: (nl) => nl.rule.add({ from: '192.0.2.1', to: '198.51.100.7', table: 10, priority: 1900 }) },
  { fixture: 'x-rule/13-rule-add-realms-nop', run: (nl) => nl.rule.add({ ipproto: 200, realms: [3, 4], action: 'nop', priority: 2100 }) },
  { fixture: 'x-rule/14-rule-add-tun-id', run: (nl) => nl.rule.add({ tunId: 7, table: 5, priority: 2200 }) },
  { fixture: 'x-rule/15-rule-add-suppress-ifgroup', run: (nl) => nl.rule.add({ suppressIfgroup: 3, table: 'main', priority: 2300 }) },
  { fixture: 'x-rule/16-rule-list', run: (nl) => nl.rule.list() },
  { fixture: 'x-rule/17-rule-list-ipv6', run: (nl) => nl.rule.list({ family: 'inet6' }) },
  { fixture: 'x-rule/18-rule-del-priority', run: (nl) => nl.rule.del({ priority: 1000 }) },
  { fixture: 'x-rule/19-rule-del-ipv6', run: (nl) => nl.rule.del({ to: '2001:db8::/32', table: 400 }) },
  { fixture: 'x-rule/20-rule-del-missing-fails', run: (nl) => nl.rule.del({ priority: 4242 }) },
]

const nexthops: ReplayCase[] = [
  { fixture: 'x-nexthop/06-nexthop-add-1', run: (nl) => nl.nexthop.add({ id: 1, via: '192.0.2.2', dev: 'v0' }) },
  { fixture: 'x-nexthop/07-nexthop-add-2', run: (nl) => nl.nexthop.add({ id: 2, via: '192.0.2.3', dev: 'v0' }) },
  { fixture: 'x-nexthop/08-nexthop-add-group', run: (nl) => nl.nexthop.add({ id: 10, group: [{ id: 1 }, { id: 2, weight: 3 }] }) },
  { fixture: 'x-nexthop/09-nexthop-add-blackhole', run: (nl) => nl.nexthop.add({ id: 3, blackhole: true }) },
  { fixture: 'x-nexthop/10-nexthop-add-ipv6', run: (nl) => nl.nexthop.add({ id: 6, via: '2001:db8::2', dev: 'v0', family: 'inet6' }) },
  { fixture: 'x-nexthop/11-nexthop-add-onlink-protocol', run: (nl) => nl.nexthop.add({ id: 4, via: '192.0.2.9', dev: 'v0', onlink: true, protocol: 'static' }) },
  { fixture: 'x-nexthop/12-nexthop-add-dev-only', run: (nl) => nl.nexthop.add({ id: 5, dev: 'v0' }) },
  {
    fixture: 'x-nexthop/13-nexthop-add-resilient-group',
    run: (nl) => nl.nexthop.add({ id: 20, group: [{ id: 1 }, { id: 2 }], type: 'resilient', buckets: 8, idleTimer: 10 }),
  },
  { fixture: 'x-nexthop/14-nexthop-add-fdb', run: (nl) => nl.nexthop.add({ id: 30, via: '192.0.2.30', fdb: true }) },
  { fixture: 'x-nexthop/15-nexthop-add-fdb-group', run: (nl) => nl.nexthop.add({ id: 31, group: [{ id: 30 }], fdb: true }) },
  { fixture: 'x-nexthop/16-route-add-nhid', run: (nl) => nl.route.add({ dst: '198.51.100.0/24', nhid: 10 }) },
  // `ip nexthop list` then asks for v0 by index to print its name: the API leaves ifindexes as they are
  { fixture: 'x-nexthop/17-nexthop-list', select: [0], run: (nl) => nl.nexthop.list() },
  { fixture: 'x-nexthop/18-nexthop-replace', run: (nl) => nl.nexthop.add({ id: 2, via: '192.0.2.4', dev: 'v0', replace: true }) },
  { fixture: 'x-nexthop/19-nexthop-del-group', run: (nl) => nl.nexthop.del(10) },
  { fixture: 'x-nexthop/20-nexthop-del-member', run: (nl) => nl.nexthop.del(1) },
  { fixture: 'x-nexthop/21-nexthop-add-unreachable-gateway-fails', run: (nl) => nl.nexthop.add({ id: 7, via: '203.0.113.1', dev: 'v0' }) },
]

const cases = [...rules, ...nexthops]
const values = new Map<string, unknown>()
let identical = 0

for (const c of cases) {
  t.test(c.fixture, async (t) => {
    const { result: r, identical: same } = await checkReplay(t, c)
    values.set(c.fixture, r.error ?? r.value)
    if (same) identical++
  })
}

t.test('rule.list: the captured dumps as views', async (t) => {
  const v4 = values.get('x-rule/16-rule-list') as Rule[]
  t.ok(Array.isArray(v4) && v4.length > 3, 'IPv4 rules')
  t.ok(v4.every((r) => r.family === 'inet'))
  const byPref = new Map(v4.map((r) => [r.priority, r]))
  t.match(byPref.get(0), { from: 'all', table: 255, action: 'lookup', protocol: 'kernel', not: false })
  t.match(byPref.get(1000), { from: '10.1.0.0/16', table: 100, action: 'lookup' })
  t.match(byPref.get(1500), { not: true, from: '10.9.0.0/16', action: 'goto', goto: 2000 })
  t.match(byPref.get(1600), { tos: 0x10, action: 'blackhole' })
  t.match(byPref.get(1700), { fwmark: 5, action: 'unreachable', protocol: 'static' })
  t.match(byPref.get(1900), { from: '192.0.2.1', to: '198.51.100.7', table: 10 })
  t.match(byPref.get(2000), { oif: 'lo', ipproto: 17, sport: [1000, 2000], table: 500 })
  t.match(byPref.get(2100), { ipproto: 200, realms: [3, 4], action: 'nop' })
  t.match(byPref.get(2200), { tunId: 7n, table: 5 })
  t.match(byPref.get(2300), { suppressIfgroup: 3, table: 254 })
  t.equal(byPref.get(1000)!.suppressPrefixlength, undefined, "the kernel's -1 (unset) is left out")
  const uid = v4.find((r) => r.uidrange !== undefined)
  t.match(uid, { uidrange: [1000, 2000], action: 'prohibit' })
  t.ok(v4.some((r) => r.fwmark === 0x10 && r.fwmask === 0xff && r.table === 200), 'fwmark/mask')
  t.ok(v4.some((r) => r.iif === 'lo' && r.dport?.[0] === 80 && r.table === 300), 'iif, dport')
  t.ok(v4.some((r) => r.suppressPrefixlength === 0 && r.table === 254), 'suppress_prefixlength 0')
  t.ok(v4.every((r) => r.raw !== undefined))
  const v6 = values.get('x-rule/17-rule-list-ipv6') as Rule[]
  t.ok(v6.every((r) => r.family === 'inet6'))
  t.ok(v6.some((r) => r.to === '2001:db8::/32' && r.table === 400), 'the IPv6 rule, table 400 from FRA_TABLE')
})

t.test('nexthop.list: the captured dump as views', async (t) => {
  const nhs = values.get('x-nexthop/17-nexthop-list') as Nexthop[]
  const byId = new Map(nhs.map((n) => [n.id, n]))
  t.match(byId.get(1), { family: 'inet', via: '192.0.2.2', dev: 3, blackhole: false, fdb: false, scope: 'link' })
  t.match(byId.get(3), { blackhole: true })
  t.match(byId.get(4), { via: '192.0.2.9', flags: ['onlink'], protocol: 'static' })
  t.match(byId.get(5), { dev: 3, scope: 'host' })
  t.match(byId.get(6), { family: 'inet6', via: '2001:db8::2' })
  t.strictSame(byId.get(10)?.group, [{ id: 1, weight: 1 }, { id: 2, weight: 3 }])
  t.equal(byId.get(10)?.groupType, 'mpath')
  t.match(byId.get(20), { groupType: 'resilient', resilient: { buckets: 8, idleTimer: 10 } })
  t.match(byId.get(30), { via: '192.0.2.30', fdb: true })
  t.match(byId.get(31), { fdb: true, group: [{ id: 30, weight: 1 }] })
})

t.test('refusals read well', async (t) => {
  const missing = values.get('x-rule/20-rule-del-missing-fails') as NetlinkError
  t.equal(missing.code, 'ENOENT')
  t.equal(missing.operation, 'rule.del')
  t.match(missing.message, /^rule\.del pref 4242: ENOENT \(No such file or directory\): there is no rule matching pref 4242/)
  const gw = values.get('x-nexthop/21-nexthop-add-unreachable-gateway-fails') as NetlinkError
  t.equal(gw.operation, 'nexthop.add')
  t.match(gw.message, /^nexthop\.add id 7: ENETUNREACH/)
  t.match(gw.message, /Nexthop has invalid gateway/)
})

t.test('bad options are refused before anything is sent', async (t) => {
  const r = await replay({ fixture: 'x-rule/18-rule-del-priority', run: (nl) => nl.rule.add({ from: '10.0.0.0/8', family: 'inet6' }) })
  t.type(r.error, ApiError)
  t.strictSame(r.actual, [], 'nothing sent')
  const checks: [string, () => Promise<unknown>][] = [
    ['rule goto without a target', async () => (await replay({ fixture: 'x-rule/18-rule-del-priority', run: (nl) => nl.rule.add({ action: 'goto' }) })).error],
    ['nexthop with via and group', async () => (await replay({ fixture: 'x-nexthop/19-nexthop-del-group', run: (nl) => nl.nexthop.add({ id: 9, via: '192.0.2.1', group: [{ id: 1 }] }) })).error],
    ['group weight 0', async () => (await replay({ fixture: 'x-nexthop/19-nexthop-del-group', run: (nl) => nl.nexthop.add({ id: 9, group: [{ id: 1, weight: 0 }] }) })).error],
    ['nexthop id 0', async () => (await replay({ fixture: 'x-nexthop/19-nexthop-del-group', run: (nl) => nl.nexthop.del(0) })).error],
    ['route with nhid and via', async () => (await replay({ fixture: 'x-nexthop/16-route-add-nhid', run: (nl) => nl.route.add({ dst: '198.51.100.0/24', nhid: 10, via: '192.0.2.2' }) })).error],
  ]
  for (const [what, f] of checks) t.type(await f(), ApiError, what)
})

t.test('summary', async (t) => {
  t.comment(`${identical} of ${cases.length} rule/nexthop commands: the API's requests are byte-identical to iproute2's`)
  t.equal(identical, cases.length)
})
