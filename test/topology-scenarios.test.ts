// Every example topology of SCENARIOS.md (S1–S5, S8, S9; S6/S7 in topology-ovs.test.ts) on the
// real kernel: brought up in scratch namespaces (a scratch host given as --host, a unique
// --prefix), proved with `ip -d -j` and the scenario's pings, brought up a second time (nothing to
// do), and taken down, leaving nothing. Plus a failure halfway (a name taken by an interface the
// topology does not own) rolled back on the kernel, and the CLI itself.
import t, { type Test } from 'tap'
import { execFileSync, spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as topology from '../src/topology/index.js'
import { TopologyApplyError, TopologyConflictError } from '../src/topology/errors.js'
import { Scratch, ipIn, ipJson, needsRoot, ping, sysctl, until } from './helpers/scratch.js'
import { runCli } from './helpers/cli.js'
import { needsProgram } from './helpers/programs.js'

const example = (f: string) => fileURLToPath(new URL(`../examples/${f}`, import.meta.url))

interface IpLink {
  ifname: string
  flags: string[]
  operstate: string
  link?: string
  master?: string
  group?: string | number
  ifalias?: string
  link_netnsid?: number
  linkinfo?: { info_kind?: string; info_data?: Record<string, unknown>; info_slave_kind?: string }
}
interface IpAddr {
  ifname: string
  addr_info: { family: string; local: string; prefixlen: number; scope: string }[]
}

const links = (ns: string) => ipJson<IpLink[]>(ns, '-d', 'link', 'show')
const link = (ns: string, name: string) => links(ns).find((l) => l.ifname === name)
const v4 = (ns: string, dev: string) =>
  ipJson<IpAddr[]>(ns, 'addr', 'show', 'dev', dev)[0]!.addr_info.filter((a) => a.family === 'inet').map((a) => `${a.local}/${a.prefixlen}`)

/** A scratch host, a unique prefix, and a teardown that removes whatever has the prefix. */
async function lab(t: Test) {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const prefix = `${s.name('t')}-`
  t.teardown(() => {
    for (const n of readdirSync('/run/netns')) if (n.startsWith(prefix)) spawnSync('ip', ['netns', 'del', n])
  })
  const opts = { prefix, host }
  const ns = (node: string) => `${prefix}${node}`
  return { s, host, prefix, opts, ns }
}

/** up, then the proof, then a second up that does nothing, then down leaving only lo in the host. */
async function cycle(t: Test, file: string, prove: (l: Awaited<ReturnType<typeof lab>>) => Promise<void> | void, kept: string[] = []) {
  const l = await lab(t)
  const spec = await topology.load(example(file))
  const first = await topology.up(spec, l.opts)
  t.ok(first.changes.length > 0, `up: ${first.changes.length} changes, ${first.operations} operations`)
  await prove(l)
  const second = await topology.up(spec, l.opts)
  t.strictSame(second.changes, [], 'second up: no change')
  t.equal(second.operations, 0, 'second up: no operation run (only dumps and gets were sent)')
  const down = await topology.down(spec, l.opts)
  t.ok(down.changes.length > 0, `down: ${down.changes.map((c) => c.text).join('; ')}`)
  t.strictSame(readdirSync('/run/netns').filter((n) => n.startsWith(l.prefix)), [], 'no namespace of the topology left')
  t.strictSame(links(l.host).map((x) => x.ifname), ['lo'], 'nothing left in the host')
  // What the file set on a device that was there before (S8's lo) stays: it is not the topology's.
  const again = (await topology.plan(spec, l.opts)).changes.map((c) => c.text)
  t.strictSame(again, first.changes.map((c) => String(c.text)).filter((x) => !kept.includes(x)), `a plan after down is the first plan again${kept.length ? ` but for ${kept.join(', ')}` : ''}`)
}

t.test('S1: a named network namespace', { skip: needsRoot }, (t) =>
  cycle(t, 's1-namespace.yaml', ({ ns }) => {
    t.ok(readdirSync('/run/netns').includes(ns('ns01')), 'ip netns list shows it')
    t.strictSame(links(ns('ns01')).map((l) => [l.ifname, l.operstate]), [['lo', 'DOWN']], 'only lo, DOWN')
    t.equal(link(ns('ns01'), 'lo')!.ifalias, 'nlwire:' + ns('s1-namespace'), "its lo carries the topology's marker")
  }),
)

t.test('S2: a veth pair', { skip: needsRoot }, (t) =>
  cycle(t, 's2-veth-pair.yaml', ({ host, prefix }) => {
    const a = link(host, 'veth01')!
    const b = link(host, 'veth02')!
    t.equal(a.link, 'veth02', 'veth01@veth02')
    t.equal(b.link, 'veth01', 'veth02@veth01')
    t.equal(a.linkinfo?.info_kind, 'veth')
    t.strictSame([a.operstate, b.operstate], ['DOWN', 'DOWN'])
    t.equal(a.ifalias, `nlwire:${prefix}s2-veth-pair`, 'marked as the topology’s (IFLA_IFALIAS)')
    t.equal(String(a.group), String(new topology.Placement({ name: 's2-veth-pair', nodes: {} }, { prefix }).group), 'in the topology’s link group')
  }),
)

t.test('S3: one end in a namespace, configured', { skip: needsRoot }, (t) =>
  cycle(t, 's3-move-configure.yaml', async ({ host, ns }) => {
    // The kernel takes the carrier's loss into operstate a moment after the link goes up
    // (linkwatch); until then ip shows it UP without NO-CARRIER. Bounded wait for it.
    let v!: IpLink
    await until(() => (v = link(ns('ns01'), 'veth01')!).operstate !== 'UNKNOWN', 5000)
    t.ok(v.flags.includes('UP') && v.flags.includes('NO-CARRIER'), 'veth01 UP, NO-CARRIER while veth02 is down', { flags: v.flags, operstate: v.operstate })
    t.strictSame(v4(ns('ns01'), 'veth01'), ['100.2.96.2/16'])
    t.equal(link(host, 'veth02')!.operstate, 'DOWN')
    t.strictSame(links(host).map((l) => l.ifname), ['lo', 'veth02'], 'host: veth02 only')
  }),
)

t.test('S4: two namespaces joined by one veth pair', { skip: needsRoot }, (t) =>
  cycle(t, 's4-two-namespaces.yaml', async ({ host, ns }) => {
    t.ok(await until(() => link(ns('ns1'), 'tap1')!.operstate === 'UP' && link(ns('ns2'), 'tap2')!.operstate === 'UP'), 'both ends UP')
    t.ok(link(ns('ns1'), 'tap1')!.link_netnsid !== undefined, 'tap1’s peer is in another namespace')
    t.strictSame(links(host).map((l) => l.ifname), ['lo'], 'nothing in the host')
  }),
)

t.test('S5: a bridge with two veth pairs, traffic across it', { skip: needsRoot }, (t) =>
  cycle(t, 's5-bridge.yaml', async ({ host, ns }) => {
    const br = link(host, 'br-test01')!
    t.equal(br.linkinfo?.info_kind, 'bridge')
    t.equal(br.linkinfo?.info_data?.stp_state, 0, 'stp off')
    t.strictSame(v4(host, 'br-test01'), ['192.168.88.1/24'])
    for (const i of [1, 2]) {
      t.equal(link(host, `br-tap${i}`)!.master, 'br-test01', `br-tap${i} is a port of br-test01`)
      t.strictSame(v4(ns(`ns${i}`), `tap${i}`), [`192.168.88.${i + 2}/24`])
      const routes = ipJson<{ dst: string; gateway?: string }[]>(ns(`ns${i}`), 'route', 'show')
      t.ok(routes.some((r) => r.dst === 'default' && r.gateway === '192.168.88.1'), `default via the bridge in ns${i}`)
    }
    await t.test('traffic', { skip: needsProgram('ping') }, async (t) => {
      t.ok(await until(() => ping(ns('ns1'), '192.168.88.4'), 10000, 200), 'ns1 → ns2 through the bridge')
      t.ok(ping(ns('ns2'), '192.168.88.3'), 'ns2 → ns1')
      t.ok(ping(ns('ns1'), '192.168.88.1'), 'ns1 → the bridge address')
    })
  }),
)

t.test('S8: both ends in one namespace, devconf over rtnetlink', { skip: needsRoot }, (t) =>
  cycle(t, 's8-both-ends.yaml', async ({ host }) => {
    for (const dev of ['veth0', 'veth1']) {
      t.equal(sysctl(host, `net/ipv4/conf/${dev}/accept_local`), '1', `${dev} accept_local 1`)
      t.equal(sysctl(host, `net/ipv4/conf/${dev}/rp_filter`), '0', `${dev} rp_filter 0`)
    }
    t.strictSame(v4(host, 'veth0'), ['192.168.100.11/24'])
    await t.test('traffic', { skip: needsProgram('ping') }, async (t) => {
      t.ok(await until(() => ping(host, '192.168.100.1', ['-I', 'veth0']), 10000, 200), 'ping -I veth0 192.168.100.1')
    })
  }, ['change interface host:lo: up false -> true']),
)

t.test('S9: a bridge cannot move namespace: up fails with the reason and rolls back', { skip: needsRoot }, async (t) => {
  const l = await lab(t)
  const first = await topology.load(example('s9-netns-local.yaml'))
  const moved = await topology.load(example('s9-netns-local-move.yaml'))
  await topology.up(first, l.opts)
  t.equal(link(l.host, 'br0')!.linkinfo?.info_kind, 'bridge', 'br0 in the host')
  const p = await topology.plan(moved, l.opts)
  t.strictSame(p.changes.map((c) => c.text), ['create namespace ns2 (' + l.ns('ns2') + ')', 'move interface br0 from host to ns1 (it is netns-local: the kernel will refuse)'])
  const err = await topology.up(moved, l.opts).then(() => undefined, (e: unknown) => e)
  t.type(err, TopologyApplyError)
  const e = err as TopologyApplyError
  t.equal(e.stepNumber, 2)
  t.match(e.cause.message, /^link\.set br0: EINVAL \(Invalid argument\): br0 cannot change network namespace: it is netns-local/)
  t.match(e.message, /step 2 \(move interface br0 from host to ns1 .*\) failed: link\.set br0: EINVAL/)
  t.ok(e.restored, 'rolled back completely')
  t.notOk(readdirSync('/run/netns').includes(l.ns('ns2')), 'the namespace up had created is gone again')
  t.ok(link(l.host, 'br0'), 'br0 is still in the host')
  t.strictSame(links(l.ns('ns1')).map((x) => x.ifname), ['lo'], 'nothing arrived in ns1')
  await topology.down(first, l.opts)
  t.strictSame(links(l.host).map((x) => x.ifname), ['lo'])
  t.strictSame(readdirSync('/run/netns').filter((n) => n.startsWith(l.prefix)), [])
})

t.test('real kernel: a name taken by an interface not ours', { skip: needsRoot }, async (t) => {
  const spec = await topology.load(example('s5-bridge.yaml'))
  await t.test('before up: a conflict, nothing touched', async (t) => {
    const l = await lab(t)
    ipIn(l.host, 'link', 'add', 'br-tap2', 'type', 'veth', 'peer', 'name', 'intruder')
    const err = await topology.up(spec, l.opts).then(() => undefined, (e: unknown) => e)
    t.type(err, TopologyConflictError)
    t.match((err as Error).message, /nodes\.host\.interfaces\.br-tap2: host has an interface br-tap2 \(veth\) that is not this topology's/)
    t.strictSame(links(l.host).map((x) => x.ifname).sort(), ['br-tap2', 'intruder', 'lo'])
    t.strictSame(readdirSync('/run/netns').filter((n) => n.startsWith(l.prefix)), [])
  })
  await t.test('taken while up runs: the kernel refuses, everything is rolled back', async (t) => {
    const l = await lab(t)
    let taken = false
    // Once the host's bridge is made and before the cables are, someone else makes a link named
    // br-tap2 in the host.
    const progress = (line: string) => {
      if (!taken && / host: /.test(line)) {
        taken = true
        execFileSync('ip', ['-n', l.host, 'link', 'add', 'br-tap2', 'type', 'veth', 'peer', 'name', 'intruder'])
      }
    }
    const err = await topology.up(spec, { ...l.opts, progress }).then(() => undefined, (e: unknown) => e)
    t.ok(taken, 'the name was taken halfway')
    t.type(err, TopologyApplyError)
    const e = err as TopologyApplyError
    t.match(e.step, /^create cable ns2:tap2 <-> host:br-tap2/, 'the failed step is named')
    t.match(e.cause.message, /EEXIST \(File exists\)/, 'the original error, as the kernel gave it')
    t.ok(e.restored, `rolled back: ${e.rolledBack} operations undone`)
    t.strictSame(links(l.host).map((x) => x.ifname).sort(), ['br-tap2', 'intruder', 'lo'], 'the host holds only what was not ours')
    t.strictSame(readdirSync('/run/netns').filter((n) => n.startsWith(l.prefix)), [], 'the namespaces up created are gone')
  })
})

t.test('the CLI: plan --json, up, up again, down, exit codes', { skip: needsRoot }, async (t) => {
  const l = await lab(t)
  const args = [example('s5-bridge.yaml'), '--prefix', l.prefix, '--host', l.host]
  const plan = runCli(['plan', ...args, '--json'])
  t.equal(plan.status, 0, plan.stderr)
  const planned = JSON.parse(plan.stdout) as { changes: { action: string; object: string; text: string }[]; conflicts: string[] }
  t.equal(planned.changes.length, 10, 'one element per change')
  t.strictSame(planned.changes[0], { action: 'create', object: 'namespace', node: 'ns1', name: l.ns('ns1'), text: `create namespace ns1 (${l.ns('ns1')})` })
  const up = runCli(['up', ...args])
  t.equal(up.status, 0, up.stderr)
  t.match(up.stdout, /10 changes in \d+ ms/)
  const again = runCli(['plan', ...args, '--json'])
  t.strictSame(JSON.parse(again.stdout).changes, [], 'plan --json: empty changes when the machine matches')
  const noop = runCli(['up', ...args])
  t.match(noop.stdout, /the machine already matches the file/)
  const bad = runCli(['up', example('s5-bridge.yaml'), '--prefix', 'x/'])
  t.equal(bad.status, 3, 'an unusable prefix: invalid (3)')
  const down = runCli(['down', ...args])
  t.equal(down.status, 0, down.stderr)
  t.strictSame(links(l.host).map((x) => x.ifname), ['lo'])
  t.equal(runCli(['up']).status, 2, 'no file: usage (2)')
})
