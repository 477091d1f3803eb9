// SCENARIOS.md S6 and S7 end to end: Open vSwitch bridges built with nlwire's OVSDB client, the
// namespaces/veths/addresses built with nlwire's rtnetlink API (test/helpers/s6-net-steps.ts), and
// ping between the namespaces through the bridge.
//
// Everything lives in scratch namespaces: the sandbox namespace runs ovsdb-server/ovs-vswitchd and
// holds the bridge's internal port (the tutorial's root namespace); ovsns1..4 are further scratch
// namespaces.
import t, { type Test } from 'tap'
import { execFile } from 'node:child_process'
import { ovsSkipReason, startOvsSandbox } from './helpers/ovs-sandbox.js'
import { netSteps } from './helpers/s6-net-steps.js'
import { connect, formatShow } from '../src/ovs/index.js'
import { needsProgram } from './helpers/programs.js'

function ping(netns: string, addr: string, count = 2, deadlineS = 5): Promise<{ ok: boolean; out: string }> {
  return new Promise((resolve) =>
    execFile(
      'ip',
      ['netns', 'exec', netns, 'ping', '-n', '-c', String(count), '-i', '0.2', '-w', String(deadlineS), addr],
      { timeout: (deadlineS + 5) * 1000, encoding: 'utf8' },
      (err, stdout, stderr) => resolve({ ok: !err, out: stdout + stderr }),
    ),
  )
}

function rootLinks(): Promise<string> {
  return new Promise((resolve) =>
    execFile('ip', ['-o', 'link', 'show'], { timeout: 10000, encoding: 'utf8' }, (_e, stdout) => resolve(stdout)),
  )
}

let seq = 0
/** A fresh OVS sandbox plus scratch namespaces, all removed in teardown (vswitchd first). */
async function world(t: Test, nsCount: number) {
  const sb = await startOvsSandbox()
  const id = ++seq
  const names = Array.from({ length: nsCount }, (_, i) => `nlwovs${process.pid}s${id}n${i + 1}`)
  t.teardown(async () => {
    await netSteps.closeAll()
    await sb.stop()
    for (const n of names) await netSteps.delNetns(n)
  })
  for (const n of names) await netSteps.addNetns(n)
  const sw = await connect({ socket: sb.socket })
  t.teardown(() => sw.close())
  return { sb, sw, ns: names, root: sb.netns }
}

// ping is the oracle for the traffic through the bridge.
const skip = ovsSkipReason() ?? (needsProgram('ping') || undefined)
if (skip) {
  t.plan(0, skip)
} else {
  t.test('S6: Open vSwitch bridge with two veth pairs', async (t) => {
    const { sb, sw, ns: [ovsns1, ovsns2], root } = await world(t, 2)

    // ovs-vsctl add-br ovs-test   (userspace datapath: this kernel has no openvswitch module)
    await sw.addBridge('ovs-test', { datapathType: 'netdev' })
    await netSteps.setUp(root, 'ovs-test')
    for (const [n, ns] of [['03', ovsns1!], ['04', ovsns2!]] as const) {
      await netSteps.addVeth(root, `veth${n}`, `ovs-veth${n}`)
      await sw.addPort('ovs-test', `ovs-veth${n}`) // ovs-vsctl add-port ovs-test ovs-vethNN
      await netSteps.moveToNetns(root, `veth${n}`, ns)
      await netSteps.setUp(root, `ovs-veth${n}`)
      await netSteps.setUp(ns, `veth${n}`)
    }
    await netSteps.addAddress(root, 'ovs-test', '192.168.89.1/24')
    await netSteps.addAddress(ovsns1!, 'veth03', '192.168.89.3/24')
    await netSteps.addAddress(ovsns2!, 'veth04', '192.168.89.4/24')

    // ovs-vsctl show
    const text = formatShow(await sw.show())
    t.equal(text, (await sb.vsctl(['show'])).stdout)
    t.match(text, /Bridge ovs-test\n\s+datapath_type: netdev/)
    t.strictSame((await sw.listPorts('ovs-test')).sort(), ['ovs-veth03', 'ovs-veth04'])

    for (const [from, to] of [[ovsns1!, '192.168.89.4'], [ovsns2!, '192.168.89.3'], [ovsns1!, '192.168.89.1']] as const) {
      const r = await ping(from, to)
      t.ok(r.ok, `ping ${to} from ${from}`, { out: r.out })
    }

    // The bridge is what carries the traffic: take ovsns2's port off it and the ping fails.
    await sw.delPort('ovs-test', 'ovs-veth04')
    const cut = await ping(ovsns1!, '192.168.89.4', 1, 1)
    t.notOk(cut.ok, 'no path once ovs-veth04 left the bridge')
    t.notMatch(await rootLinks(), /ovs-test|ovs-veth0|veth0[34]/, 'nothing in the root namespace')
  })

  t.test('S7: Open vSwitch internal ports moved into namespaces', async (t) => {
    const { sb, sw, ns: [ovsns3, ovsns4], root } = await world(t, 2)

    await sw.addBridge('ovs-test2', { datapathType: 'netdev' })
    await netSteps.setUp(root, 'ovs-test2')
    for (const [n, ns] of [['05', ovsns3!], ['06', ovsns4!]] as const) {
      // ovs-vsctl add-port ovs-test2 vethNN -- set Interface vethNN type=internal
      await sw.addPort('ovs-test2', `veth${n}`, { type: 'internal' })
      await netSteps.moveToNetns(root, `veth${n}`, ns)
      await netSteps.setUp(ns, `veth${n}`)
    }
    await netSteps.addAddress(root, 'ovs-test2', '192.168.90.1/24')
    await netSteps.addAddress(ovsns3!, 'veth05', '192.168.90.3/24')
    await netSteps.addAddress(ovsns4!, 'veth06', '192.168.90.4/24')

    const show = await sw.show()
    t.strictSame(
      show.bridges.flatMap((b) => b.ports.map((p) => [p.name, p.interfaces[0]!.type, p.interfaces[0]!.error])).sort(),
      [['ovs-test2', 'internal', undefined], ['veth05', 'internal', undefined], ['veth06', 'internal', undefined]],
    )
    t.equal(formatShow(show), (await sb.vsctl(['show'])).stdout)

    for (const [from, to] of [[ovsns3!, '192.168.90.4'], [ovsns4!, '192.168.90.3'], [ovsns3!, '192.168.90.1']] as const) {
      const r = await ping(from, to)
      t.ok(r.ok, `ping ${to} from ${from}`, { out: r.out })
    }
    await sw.delPort('ovs-test2', 'veth06')
    const cut = await ping(ovsns3!, '192.168.90.4', 1, 1)
    t.notOk(cut.ok, 'no path once veth06 left the bridge')
    t.notMatch(await rootLinks(), /ovs-test2|veth0[56]/, 'nothing in the root namespace')
  })
}
