// S6 and S7 as topology files, against an Open vSwitch of the test's own (ovsdb-server and
// ovs-vswitchd, userspace datapath, in a scratch namespace that plays the host): up, ovs-vsctl
// show and pings as the proof, a second up that does nothing, down leaving nothing (no bridge,
// no port, no namespace, only lo and OVS's own devices in the host).
import t, { type Test } from 'tap'
import { execFile } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import * as topology from '../src/topology/index.js'
import { discover } from '../src/topology/discover.js'
import { graphToTopology } from '../src/topology/render/topology.js'
import { ovsSkipReason, startOvsSandbox } from './helpers/ovs-sandbox.js'
import { ipJson } from './helpers/scratch.js'
import { needsProgram } from './helpers/programs.js'

const example = (f: string) => fileURLToPath(new URL(`../examples/${f}`, import.meta.url))

function ping(netns: string, addr: string): Promise<boolean> {
  return new Promise((resolve) =>
    execFile('ip', ['netns', 'exec', netns, 'ping', '-n', '-c', '2', '-i', '0.2', '-w', '5', addr], { timeout: 10000 }, (err) => resolve(!err)),
  )
}

let seq = 0
async function world(t: Test) {
  const sb = await startOvsSandbox()
  const prefix = `nlw-${process.pid}-${++seq}-o-`
  t.teardown(async () => {
    for (const n of readdirSync('/run/netns')) if (n.startsWith(prefix)) spawnSync('ip', ['netns', 'del', n])
    await sb.stop()
  })
  return { sb, prefix, opts: { prefix, host: sb.netns, ovsSocket: sb.socket } }
}

const hostLinks = (ns: string) => ipJson<{ ifname: string }[]>(ns, 'link', 'show').map((l) => l.ifname).filter((n) => n !== 'ovs-netdev')

const skip = ovsSkipReason()
if (skip) t.plan(0, `${skip}`)
else {
  for (const [file, bridge, ports, pings] of [
    ['s6-ovs-veth.yaml', 'ovs-test', ['ovs-veth03', 'ovs-veth04'], [['ovsns1', '192.168.89.4'], ['ovsns2', '192.168.89.3'], ['ovsns1', '192.168.89.1']]],
    ['s7-ovs-internal.yaml', 'ovs-test2', ['veth05', 'veth06'], [['ovsns3', '192.168.90.4'], ['ovsns4', '192.168.90.3'], ['ovsns3', '192.168.90.1']]],
  ] as const) {
    t.test(file, async (t) => {
      const { sb, prefix, opts } = await world(t)
      const spec = await topology.load(example(file))
      const before = hostLinks(sb.netns)
      const r = await topology.up(spec, opts)
      t.ok(r.changes.length > 0, `up: ${r.changes.length} changes`)
      t.strictSame((await sb.vsctl(['list-ports', bridge])).stdout.trim().split('\n'), [...ports], `ovs-vsctl list-ports ${bridge}`)
      const show = (await sb.vsctl(['show'])).stdout
      t.match(show, new RegExp(`Bridge ${bridge}\\n\\s+datapath_type: netdev`))
      t.equal((await sb.vsctl(['get', 'Bridge', bridge, 'external_ids:nlwire-owner'])).stdout.trim().replace(/^"(.*)"$/, '$1'), `${prefix}${spec.name}`, 'the bridge is marked as the topology’s')
      if (file.startsWith('s7')) {
        for (const [p, ns] of [['veth05', 'ovsns3'], ['veth06', 'ovsns4']] as const) {
          t.ok(ipJson<{ ifname: string }[]>(`${prefix}${ns}`, 'link', 'show').some((l) => l.ifname === p), `internal port ${p} is in ${ns}`)
        }
      }
      await t.test('traffic', { skip: needsProgram('ping') }, async (t) => {
        for (const [from, to] of pings) t.ok(await ping(`${prefix}${from}`, to), `${from} → ${to}`)
      })
      const m = new topology.LocalMachine({ ovsSocket: sb.socket })
      const live = await discover(m, { prefix, host: sb.netns }).finally(() => m.close())
      t.strictSame(live.switches.map((s) => [s.name, s.ports.map((p) => p.name).sort()]), [[bridge, [...ports]]], 'show --live finds the switch and its ports')
      t.strictSame((await topology.plan(graphToTopology(live, spec.name), opts)).changes, [], 'show --live --format topology: up finds it matching')
      const again = await topology.up(spec, opts)
      t.strictSame(again.changes, [], 'second up: nothing to do')
      t.equal(again.operations, 0)
      await topology.down(spec, opts)
      t.strictSame((await sb.vsctl(['list-br'])).stdout.trim(), '', 'no bridge left')
      t.strictSame(readdirSync('/run/netns').filter((n) => n.startsWith(prefix)), [], 'no namespace left')
      t.strictSame(hostLinks(sb.netns), before, 'the host as before')
    })
  }
}
