// The topology layer on a fake machine (test/helpers/fake-machine.ts): plan sends only dumps and
// gets, a second up sends no change request, drift is repaired, a failure injected at every step
// of S5 leaves the machine as it was with the original error and the step reported, conflicts
// touch nothing, and down leaves nothing.
import t from 'tap'
import { fileURLToPath } from 'node:url'
import * as topology from '../src/topology/index.js'
import { TopologyApplyError, TopologyConflictError } from '../src/topology/errors.js'
import { CHANGE_TYPES, FakeMachine } from './helpers/fake-machine.js'

const S5 = fileURLToPath(new URL('../examples/s5-bridge.yaml', import.meta.url))

/** Both ways of running: the host is the current namespace (markers), or a named one up creates. */
const PLACEMENTS = [
  { label: 'host = the current namespace', opts: { prefix: 'lab-' } },
  { label: 'host = --host NETNS, created', opts: { prefix: 'lab-', host: 'lab-host' } },
] as const

for (const { label, opts } of PLACEMENTS) {
  t.test(`S5, ${label}`, async (t) => {
    const spec = await topology.load(S5)
    const m = new FakeMachine()
    t.teardown(() => m.close())
    const before = m.snapshot()

    const p = await topology.plan(spec, { ...opts, machine: m })
    t.equal(m.changeRequests, 0, 'plan changes nothing')
    t.strictSame(m.log.filter((r) => CHANGE_TYPES.has(r.type)), [], 'plan sends dumps and gets only')
    t.ok(p.changes.length >= 10, `${p.changes.length} changes planned`)
    t.strictSame(p.conflicts, [])
    t.match(topology.formatPlan(p), /create cable ns1:tap1 <-> host:br-tap1 \(veth\)/)

    const r = await topology.up(spec, { ...opts, machine: m })
    t.equal(r.changes.length, p.changes.length, 'up did what plan said')
    const made = m.changeRequests
    t.ok(made > 0)
    const built = m.snapshot() as { name: string; links: { name: string; master?: string; up: boolean; alias?: string }[]; addrs: string[]; routes: string[] }[]
    const ns1 = built.find((n) => n.name === 'lab-ns1')!
    t.strictSame(ns1.addrs, ['tap1 192.168.88.3/24'])
    t.match(ns1.routes, [/^default\/0 via 192.168.88.1 dev tap1/])
    const host = built.find((n) => n.name === ('host' in opts ? 'lab-host' : '(current)'))!
    t.strictSame(host.links.filter((l) => l.master === 'br-test01').map((l) => l.name), ['br-tap1', 'br-tap2'])
    if (!('host' in opts)) t.ok(host.links.filter((l) => l.name !== 'lo').every((l) => l.alias === 'nlwire:lab-s5-bridge'), 'our links in the host carry the marker')

    const again = await topology.up(spec, { ...opts, machine: m })
    t.strictSame(again.changes, [], 'second up: nothing to do')
    t.equal(m.changeRequests, made, 'second up sends no change request')

    const d = await topology.down(spec, { ...opts, machine: m })
    t.ok(d.changes.length >= 2)
    t.strictSame(m.snapshot(), before, 'down leaves the machine as it was')
  })
}

t.test('S5: a failure injected at every step is rolled back', async (t) => {
  const spec = await topology.load(S5)
  for (const { label, opts } of PLACEMENTS) {
    const probe = new FakeMachine()
    await topology.up(spec, { ...opts, machine: probe })
    const steps = probe.changeRequests
    await probe.close()
    t.ok(steps >= 10, `${label}: ${steps} change requests in a full up`)
    for (let k = 1; k <= steps; k++) {
      const m = new FakeMachine()
      const before = m.snapshot()
      m.failAt = k
      const err = await topology.up(spec, { ...opts, machine: m }).then(() => undefined, (e: unknown) => e)
      if (!(err instanceof TopologyApplyError)) {
        t.fail(`${label}, step ${k}: expected TopologyApplyError, got ${String(err)}`)
        continue
      }
      const ok = err.restored && JSON.stringify(m.snapshot()) === JSON.stringify(before) && /EPERM|injected/.test(err.cause.message) && err.message.includes(err.cause.message) && err.stepNumber >= 1
      t.ok(ok, `${label}, failure at request ${k}: "${err.step}" reported, original error kept, machine as before`, ok ? {} : { message: err.message, now: m.snapshot(), before })
      await m.close()
    }
  }
})

t.test('drift is repaired: a deleted veth, a removed and an added address', async (t) => {
  const spec = await topology.load(S5)
  const m = new FakeMachine()
  t.teardown(() => m.close())
  await topology.up(spec, { prefix: 'd-', machine: m })
  const host = await m.open(undefined)
  const ns1 = await m.open('d-ns1')
  await host.link.del('br-tap2')
  await ns1.addr.del('tap1', '192.168.88.3/24')
  await ns1.addr.add('tap1', '10.9.9.9/24')
  const p = await topology.plan(spec, { prefix: 'd-', machine: m })
  const texts = p.changes.map((c) => c.text)
  t.ok(texts.includes('create cable ns2:tap2 <-> host:br-tap2 (veth); host:br-tap2: master br-test01, up true'), 'the veth is made again')
  t.ok(texts.includes('create address ns1:tap1 192.168.88.3/24'))
  t.ok(texts.includes('remove address ns1:tap1 10.9.9.9/24 (not in the file)'))
  t.ok(texts.includes('create route ns1: default via 192.168.88.1'), 'the default route went with the address; it comes back')
  await topology.up(spec, { prefix: 'd-', machine: m })
  t.strictSame((await topology.plan(spec, { prefix: 'd-', machine: m })).changes, [], 'after up the machine matches')
})

t.test('a name taken by an interface that is not ours: conflict, nothing touched; --adopt takes it', async (t) => {
  const spec = await topology.load(S5)
  const m = new FakeMachine()
  t.teardown(() => m.close())
  const host = await m.open(undefined)
  await host.link.add({ name: 'br-test01', kind: 'bridge' })
  const before = m.snapshot()
  const n = m.changeRequests
  const err = await topology.up(spec, { prefix: 'c-', machine: m }).then(() => undefined, (e: unknown) => e)
  t.type(err, TopologyConflictError)
  t.match((err as Error).message, /nodes\.host\.interfaces\.br-test01: host already has an interface br-test01 \(bridge\) that is not this topology's/)
  t.equal(m.changeRequests, n, 'no change request sent')
  t.strictSame(m.snapshot(), before)
  await topology.up(spec, { prefix: 'c-', machine: m, adopt: true })
  t.strictSame((await topology.plan(spec, { prefix: 'c-', machine: m })).changes, [])
  await topology.down(spec, { prefix: 'c-', machine: m })
  t.strictSame((m.snapshot() as { links: unknown[] }[])[0]!.links.length, 1, 'down removed the adopted bridge too')
})

t.test('a namespace that is not ours is not used without --adopt', async (t) => {
  const spec = await topology.load(S5)
  const m = new FakeMachine()
  t.teardown(() => m.close())
  await m.netnsAdd('x-ns1')
  const err = await topology.plan(spec, { prefix: 'x-', machine: m })
  t.match(err.conflicts, [/^nodes\.ns1: namespace x-ns1 exists and is not this topology's/])
  await t.rejects(topology.up(spec, { prefix: 'x-', machine: m }), TopologyConflictError)
  t.strictSame(await m.netnsList(), ['x-ns1'], 'nothing created')
})

t.test('reconcile: a node removed from the file goes at the next up', async (t) => {
  const spec = await topology.load(S5)
  const m = new FakeMachine()
  t.teardown(() => m.close())
  await topology.up(spec, { prefix: 'r-', machine: m })
  const smaller = structuredClone(spec)
  delete smaller.nodes.ns2
  delete smaller.nodes.host!.interfaces!['br-tap2']
  smaller.cables = smaller.cables!.slice(0, 1)
  const p = await topology.plan(smaller, { prefix: 'r-', machine: m })
  t.strictSame(p.changes.map((c) => c.text), ['remove interface host:br-tap2 (veth, not in the file)', 'remove namespace r-ns2 (not in the file)'])
  await topology.up(smaller, { prefix: 'r-', machine: m })
  t.strictSame(await m.netnsList(), ['r-ns1'])
})

t.test('progress: one line per turn; a callback that throws changes nothing', async (t) => {
  const spec = await topology.load(S5)
  const m = new FakeMachine()
  t.teardown(() => m.close())
  const lines: string[] = []
  await topology.up(spec, {
    prefix: 'p-',
    machine: m,
    progress: (line, done, total) => {
      lines.push(`${done}/${total} ${line}`)
      throw new Error('the terminal went away')
    },
  })
  t.strictSame(lines.map((l) => l.split(' ')[0]), ['1/4', '2/4', '3/4', '4/4'], 'done/total counts up')
  t.strictSame(lines.map((l) => /\] (\S+):/.exec(l)![1]).sort(), ['host', 'namespaces', 'ns1', 'ns2'], 'one line per turn (ns1 and ns2 run side by side)')
  t.strictSame((await topology.plan(spec, { prefix: 'p-', machine: m })).changes, [], 'the up completed')
})
