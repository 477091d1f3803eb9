// nl.rule and nl.nexthop against a real kernel: rules and nexthops built with the API in a scratch
// namespace are what `ip -j rule show` / `ip -j nexthop show` report, and they are gone after the
// API deletes them. Root only; the root namespace is never touched.
import t from 'tap'
import { NetlinkError } from '../src/errors.js'
import { Scratch, ipJson, needsRoot } from './helpers/scratch.js'

type Json = Record<string, unknown>

t.test('rules and nexthops, built and deleted through the API', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const ns = await s.netns('rulenh')
  const nl = await s.open(ns)
  await nl.link.add({ name: 'v0', kind: 'veth', peer: { name: 'v1' } })
  await nl.link.set('v0', { up: true })
  await nl.link.set('v1', { up: true })
  // A blackhole nexthop goes through lo, which must be up.
  await nl.link.set('lo', { up: true })
  await nl.addr.add('v0', '192.0.2.1/24')

  // Rules
  await nl.rule.add({ from: '10.1.0.0/16', table: 100, priority: 1000 })
  await nl.rule.add({ fwmark: 0x10, fwmask: 0xff, table: 200, priority: 1100 })
  await nl.rule.add({ iif: 'lo', ipproto: 'tcp', dport: [80, 90], table: 300, priority: 1200 })
  await nl.rule.add({ not: true, from: '10.9.0.0/16', goto: 1400, priority: 1300 })
  await nl.rule.add({ uidrange: [1000, 2000], action: 'prohibit', priority: 1400 })
  await nl.rule.add({ to: '2001:db8::/32', table: 400, priority: 1500 })
  const v4 = new Map(ipJson<Json[]>(ns, 'rule', 'show').map((r) => [r.priority, r]))
  t.match(v4.get(1000), { src: '10.1.0.0', srclen: 16, table: '100' }, 'from/table/pref')
  t.match(v4.get(1100), { fwmark: '0x10', fwmask: '0xff', table: '200' }, 'fwmark/mask')
  t.match(v4.get(1200), { iif: 'lo', ipproto: 'tcp', dport_start: 80, dport_end: 90, table: '300' }, 'iif, ipproto, dport range')
  t.match(v4.get(1300), { not: null, src: '10.9.0.0', srclen: 16, goto: 1400 }, 'not, goto')
  t.match(v4.get(1400), { uid_start: 1000, uid_end: 2000, action: 'prohibit' }, 'uidrange, prohibit')
  const v6 = ipJson<Json[]>(ns, '-6', 'rule', 'show')
  t.ok(v6.some((r) => r.priority === 1500 && r.dst === '2001:db8::' && r.dstlen === 32 && r.table === '400'), 'the IPv6 rule (family from its address)')
  const listed = await nl.rule.list({ family: 'all' })
  t.match(listed.find((r) => r.priority === 1200), { family: 'inet', iif: 'lo', ipproto: 6, dport: [80, 90], table: 300 }, 'nl.rule.list sees them too')
  t.match(listed.find((r) => r.priority === 1500), { family: 'inet6', to: '2001:db8::/32', table: 400 })

  // Nexthops and a route using a group
  await nl.nexthop.add({ id: 1, via: '192.0.2.2', dev: 'v0' })
  await nl.nexthop.add({ id: 2, via: '192.0.2.3', dev: 'v0' })
  await nl.nexthop.add({ id: 3, blackhole: true })
  await nl.nexthop.add({ id: 10, group: [{ id: 1 }, { id: 2, weight: 3 }] })
  await nl.route.add({ dst: '198.51.100.0/24', nhid: 10 })
  const nhs = new Map(ipJson<Json[]>(ns, 'nexthop', 'show').map((n) => [n.id, n]))
  t.match(nhs.get(1), { gateway: '192.0.2.2', dev: 'v0' }, 'nexthop 1')
  t.match(nhs.get(3), { blackhole: null }, 'blackhole')
  t.strictSame(nhs.get(10)?.group, [{ id: 1 }, { id: 2, weight: 3 }], 'the group and its weights')
  const routes = ipJson<Json[]>(ns, 'route', 'show', '198.51.100.0/24')
  t.match(routes[0], { dst: '198.51.100.0/24', nhid: 10 }, 'the route uses the group')
  t.match(await nl.nexthop.get(10), { id: 10, group: [{ id: 1, weight: 1 }, { id: 2, weight: 3 }], groupType: 'mpath' }, 'nl.nexthop.get')
  t.match((await nl.route.list()).find((r) => r.dst === '198.51.100.0/24'), { nhid: 10 }, 'the route view carries nhid')
  await nl.nexthop.add({ id: 2, via: '192.0.2.4', dev: 'v0', replace: true })
  t.match(ipJson<Json[]>(ns, 'nexthop', 'show', 'id', '2')[0], { gateway: '192.0.2.4' }, 'replace')

  // Delete everything again
  await nl.route.del({ dst: '198.51.100.0/24' })
  for (const id of [10, 1, 2, 3]) await nl.nexthop.del(id)
  // The spec it was added with deletes it too (iproute2 sends the same selector, no default table).
  await nl.rule.del({ fwmark: 0x10, fwmask: 0xff, table: 200, priority: 1100 })
  for (const priority of [1000, 1200, 1300, 1400]) await nl.rule.del({ priority })
  await nl.rule.del({ to: '2001:db8::/32', table: 400 })
  t.strictSame(await nl.nexthop.list(), [], 'no nexthops left (nl)')
  t.strictSame(ipJson(ns, 'nexthop', 'show'), [], 'no nexthops left (ip)')
  const left = [...ipJson<Json[]>(ns, 'rule', 'show'), ...ipJson<Json[]>(ns, '-6', 'rule', 'show')].map((r) => r.priority)
  t.strictSame(left.sort((a, b) => Number(a) - Number(b)), [0, 0, 32766, 32766, 32767], 'only the default rules left')

  // Errors
  const missing = await nl.rule.del({ priority: 4242 }).catch((e: unknown) => e)
  t.type(missing, NetlinkError)
  t.match(missing, { code: 'ENOENT', operation: 'rule.del' })
  t.match((missing as Error).message, /^rule\.del pref 4242: ENOENT .*there is no rule matching pref 4242/)
  const nh = await nl.nexthop.get(99).catch((e: unknown) => e)
  t.match(nh, { code: 'ENOENT', operation: 'nexthop.get' })
  const dup = await nl.nexthop.add({ id: 5, dev: 'v0' }).then(() => nl.nexthop.add({ id: 5, dev: 'v0' })).catch((e: unknown) => e)
  t.match(dup, { code: 'EEXIST', operation: 'nexthop.add' })
  t.match((dup as Error).message, /nexthop id 5 already exists \(pass replace: true/)
})

t.test('a backward goto is refused with a readable error', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const nl = await s.open(await s.netns('rulegoto'))
  const e = await nl.rule.add({ goto: 100, priority: 200 }).catch((x: unknown) => x)
  t.match(e, { code: 'EINVAL', operation: 'rule.add' })
  t.match((e as Error).message, /goto 100 must name a later rule/)
})
