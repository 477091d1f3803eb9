// The ovs-vsctl-like operations against real ovsdb-server + ovs-vswitchd (userspace datapath) in
// a scratch namespace, and the faults the issue lists. ovs-vsctl, `ip` and the database itself are
// the oracles.
import t from 'tap'
import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { ovsSkipReason, startOvsSandbox, type OvsSandbox } from './helpers/ovs-sandbox.js'
import { connect, DEFAULT_OVSDB_SOCKET, type Switch } from '../src/ovs/index.js'
import {
  InterfaceError,
  OvsdbClosedError,
  OvsdbConnectionError,
  VsctlError,
  VswitchdTimeoutError,
} from '../src/ovs/errors.js'

function ip(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) =>
    execFile('ip', args, { timeout: 10000, encoding: 'utf8' }, (err, stdout, stderr) =>
      resolve({ code: err ? Number((err as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    ),
  )
}
const linkExists = async (netns: string, dev: string) => (await ip(['-n', netns, 'link', 'show', 'dev', dev])).code === 0

/** Counts of rows per table, straight from the database. */
async function rowCounts(sw: Switch): Promise<Record<string, number>> {
  const tables = ['Open_vSwitch', 'Bridge', 'Port', 'Interface']
  const r = await sw.client.transact('Open_vSwitch', tables.map((table) => ({ op: 'select' as const, table, where: [], columns: ['_uuid'] })))
  return Object.fromEntries(tables.map((tb, i) => [tb, r[i]!.rows!.length]))
}

/** ovs-vsctl's own message for the same refused command (it prints "ovs-vsctl: REASON"). */
async function vsctlRefusal(sb: OvsSandbox, args: string[]): Promise<string> {
  const r = await sb.vsctl(args)
  if (r.code === 0) throw new Error(`ovs-vsctl ${args.join(' ')} unexpectedly succeeded`)
  return r.stderr.trim().replace(/^ovs-vsctl: /, '')
}

const skip = ovsSkipReason()
if (skip) {
  t.plan(0, skip)
} else {
  t.test('ovsdb-server not running: the error names the socket path', async (t) => {
    const sb = await startOvsSandbox({ vswitchd: false })
    await sb.stop() // ovsdb-server removes its socket on exit
    const err = (await connect({ socket: sb.socket }).catch((e: unknown) => e)) as OvsdbConnectionError
    t.type(err, OvsdbConnectionError)
    t.equal(err.socket, sb.socket)
    t.equal(err.message, `cannot connect to ovsdb-server at unix:${sb.socket}: ENOENT: the socket does not exist (is ovsdb-server running, with --remote=punix:<this path>?)`)
    if (!existsSync(DEFAULT_OVSDB_SOCKET)) {
      const e2 = (await connect().catch((e: unknown) => e)) as OvsdbConnectionError
      t.type(e2, OvsdbConnectionError)
      t.match(e2.message, 'unix:/var/run/openvswitch/db.sock', 'the default socket when none is given')
    }
  })

  t.test('bridges and ports, as ovs-vswitchd applies them', async (t) => {
    const sb = await startOvsSandbox()
    t.teardown(() => sb.stop())
    const sw = await connect({ socket: sb.socket })
    t.teardown(() => sw.close())

    // A fresh database has no Open_vSwitch row; add-br creates it, as ovs-vsctl does.
    t.strictSame(await rowCounts(sw), { Open_vSwitch: 0, Bridge: 0, Port: 0, Interface: 0 })
    await sw.addBridge('br-t', { datapathType: 'netdev' })
    t.strictSame(await rowCounts(sw), { Open_vSwitch: 1, Bridge: 1, Port: 1, Interface: 1 })
    t.ok(await linkExists(sb.netns, 'br-t'), 'ovs-vswitchd created the bridge device when addBridge resolved')
    let show = await sw.show()
    t.match(show.bridges, [{ name: 'br-t', datapathType: 'netdev', ports: [{ name: 'br-t', interfaces: [{ name: 'br-t', type: 'internal', ofport: 65534, error: undefined }] }] }])

    // An internal port: ovs-vswitchd makes the device.
    await sw.addPort('br-t', 'int0', { type: 'internal' })
    t.ok(await linkExists(sb.netns, 'int0'), 'internal port device exists')
    // An existing device (one end of a veth in the sandbox namespace).
    t.equal((await ip(['-n', sb.netns, 'link', 'add', 'vth0', 'type', 'veth', 'peer', 'name', 'vth1'])).code, 0)
    await sw.addPort('br-t', 'vth0')
    t.strictSame(await sw.listBridges(), ['br-t'])
    t.strictSame(await sw.listPorts('br-t'), ['int0', 'vth0'])
    t.equal((await sb.vsctl(['list-ports', 'br-t'])).stdout, 'int0\nvth0\n', 'ovs-vsctl sees the same ports')
    show = await sw.show()
    const ofports = show.bridges[0]!.ports.flatMap((p) => p.interfaces.map((i) => [i.name, i.ofport]))
    for (const [name, ofport] of ofports) t.ok(typeof ofport === 'number' && ofport > 0, `${name} has ofport ${ofport}`)

    // --may-exist: no error, no change.
    const before = await rowCounts(sw)
    await sw.addBridge('br-t', { mayExist: true })
    await sw.addPort('br-t', 'int0', { mayExist: true })
    t.strictSame(await rowCounts(sw), before)

    // del-port removes the rows, and ovs-vswitchd removes the internal device.
    await sw.delPort('br-t', 'int0')
    t.strictSame(await sw.listPorts('br-t'), ['vth0'])
    t.notOk(await linkExists(sb.netns, 'int0'), 'internal device gone')
    await sw.delPort('br-t', 'int0', { ifExists: true })

    // A second bridge, then del-br takes its ports and interfaces along.
    await sw.addBridge('br-u', { datapathType: 'netdev' })
    await sw.addPort('br-u', 'int1', { type: 'internal' })
    await sw.delBridge('br-u')
    t.strictSame(await sw.listBridges(), ['br-t'])
    t.strictSame(await rowCounts(sw), { Open_vSwitch: 1, Bridge: 1, Port: 2, Interface: 2 })
    t.notOk(await linkExists(sb.netns, 'br-u'))
    t.notOk(await linkExists(sb.netns, 'int1'))
    await sw.delBridge('br-u', { ifExists: true })

    await sw.delBridge('br-t')
    t.strictSame(await rowCounts(sw), { Open_vSwitch: 1, Bridge: 0, Port: 0, Interface: 0 })
    t.notOk(await linkExists(sb.netns, 'br-t'))
  })

  t.test('refusals: the same checks and words as ovs-vsctl, nothing written', async (t) => {
    const sb = await startOvsSandbox()
    t.teardown(() => sb.stop())
    const sw = await connect({ socket: sb.socket })
    t.teardown(() => sw.close())
    await sw.addBridge('br0', { datapathType: 'netdev' })
    await sw.addPort('br0', 'p0', { type: 'internal' })
    const counts = await rowCounts(sw)

    const cases: [string, () => Promise<unknown>, string[]][] = [
      ['add-br br0', () => sw.addBridge('br0'), ['add-br', 'br0']],
      ['add-br p0', () => sw.addBridge('p0'), ['add-br', 'p0']],
      ['add-port br0 br0', () => sw.addPort('br0', 'br0'), ['add-port', 'br0', 'br0']],
      ['add-port br0 p0', () => sw.addPort('br0', 'p0'), ['add-port', 'br0', 'p0']],
      ['add-port nobr x', () => sw.addPort('nobr', 'x'), ['add-port', 'nobr', 'x']],
      ['del-br nobr', () => sw.delBridge('nobr'), ['del-br', 'nobr']],
      ['del-port br0 nop', () => sw.delPort('br0', 'nop'), ['del-port', 'br0', 'nop']],
      ['del-port br0 br0', () => sw.delPort('br0', 'br0'), ['del-port', 'br0', 'br0']],
    ]
    for (const [command, run, args] of cases) {
      const err = (await run().catch((e: unknown) => e)) as VsctlError
      t.type(err, VsctlError, command)
      t.equal(err.command, command)
      t.equal(err.reason, await vsctlRefusal(sb, args), `${command}: same reason as ovs-vsctl`)
    }
    t.equal(
      ((await sw.addPort('nobr', 'x').catch((e: unknown) => e)) as Error).message,
      'add-port nobr x: no bridge named nobr',
    )
    t.strictSame(await rowCounts(sw), counts, 'nothing was written')

    // A port that lives on another bridge.
    await sw.addBridge('br1', { datapathType: 'netdev' })
    const e = (await sw.delPort('br1', 'p0').catch((x: unknown) => x)) as VsctlError
    t.equal(e.reason, 'bridge br1 does not have a port p0')
    t.equal(e.reason, await vsctlRefusal(sb, ['del-port', 'br1', 'p0']))
    const e2 = (await sw.addPort('br1', 'p0', { mayExist: true }).catch((x: unknown) => x)) as VsctlError
    t.match(e2.reason, 'p0 is actually attached to bridge br0')
  })

  t.test('ovs-vswitchd reports a failure: rejected, where ovs-vsctl exits 0', async (t) => {
    const sb = await startOvsSandbox()
    t.teardown(() => sb.stop())
    const sw = await connect({ socket: sb.socket })
    t.teardown(() => sw.close())
    await sw.addBridge('br0', { datapathType: 'netdev' })

    const ref = await sb.vsctl(['add-port', 'br0', 'ghost1'])
    t.equal(ref.code, 0, 'ovs-vsctl add-port exits 0 although the device does not exist')
    t.match(ref.stderr, "Error detected while setting up 'ghost1': could not open network device ghost1 (No such device)")

    const err = (await sw.addPort('br0', 'ghost2').catch((e: unknown) => e)) as InterfaceError
    t.type(err, InterfaceError)
    t.strictSame(err.interfaces, [{ name: 'ghost2', error: 'could not open network device ghost2 (No such device)', ofport: -1 }])
    t.equal(err.message, "add-port br0 ghost2: ovs-vswitchd could not set up 'ghost2': could not open network device ghost2 (No such device)")
    // Like ovs-vsctl, the rows stay; the caller can remove them.
    t.strictSame(await sw.listPorts('br0'), ['ghost1', 'ghost2'])
    await sw.delPort('br0', 'ghost2')

    // The default ("system") datapath needs the openvswitch kernel module.
    if (!existsSync('/sys/module/openvswitch')) {
      const r = await sb.vsctl(['add-br', 'sys0'])
      t.equal(r.code, 0, 'ovs-vsctl add-br exits 0 although the bridge could not be created')
      t.match(r.stderr, "Error detected while setting up 'sys0'")
      const e2 = (await sw.addBridge('sys1').catch((e: unknown) => e)) as InterfaceError
      t.type(e2, InterfaceError)
      t.equal(e2.interfaces[0]!.name, 'sys1')
      t.notOk(await linkExists(sb.netns, 'sys1'))
    } else {
      await sw.addBridge('sys1')
      t.ok(await linkExists(sb.netns, 'sys1'), 'kernel datapath bridge created')
    }
  })

  t.test('ovs-vswitchd not running: a change times out with a clear message', async (t) => {
    const sb = await startOvsSandbox()
    t.teardown(() => sb.stop())
    const sw = await connect({ socket: sb.socket, applyTimeoutMs: 400 })
    t.teardown(() => sw.close())
    await sw.addBridge('br0', { datapathType: 'netdev' }) // applied while it runs
    await sb.stopVswitchd()

    const start = Date.now()
    const err = (await sw.addPort('br0', 'p1', { type: 'internal' }).catch((e: unknown) => e)) as VswitchdTimeoutError
    t.type(err, VswitchdTimeoutError)
    t.ok(Date.now() - start < 5000, 'bounded')
    t.equal(err.nextCfg, 2, 'add-br made it 1, add-port 2')
    t.equal(err.curCfg, 1, 'ovs-vswitchd applied 1 before it stopped')
    t.equal(
      err.message,
      `add-port br0 p1: ovs-vswitchd did not apply the change within 400 ms (Open_vSwitch next_cfg=2, cur_cfg=1); ` +
        `is ovs-vswitchd running and connected to unix:${sb.socket}? The database already holds the change.`,
    )
    t.strictSame(await sw.listPorts('br0'), ['p1'], 'the database holds the change')

    // --no-wait semantics: resolves as soon as the database has it.
    const nowait = await connect({ socket: sb.socket, wait: false })
    t.teardown(() => nowait.close())
    await nowait.addPort('br0', 'p2', { type: 'internal' })
    t.strictSame(await nowait.listPorts('br0'), ['p1', 'p2'])
  })

  t.test('concurrent changes from two connections all land (verify + retry)', async (t) => {
    const sb = await startOvsSandbox()
    t.teardown(() => sb.stop())
    const a = await connect({ socket: sb.socket })
    const b = await connect({ socket: sb.socket })
    t.teardown(() => Promise.all([a.close(), b.close()]))
    // Both see an empty database and race to create the Open_vSwitch row.
    await Promise.all([a.addBridge('bra', { datapathType: 'netdev' }), b.addBridge('brb', { datapathType: 'netdev' })])
    t.strictSame(await a.listBridges(), ['bra', 'brb'])
    t.equal((await rowCounts(a)).Open_vSwitch, 1, 'one Open_vSwitch row')
    const names = Array.from({ length: 8 }, (_, i) => `c${i}`)
    await Promise.all(names.map((n, i) => (i % 2 ? a : b).addPort('bra', n, { type: 'internal' })))
    t.strictSame(await b.listPorts('bra'), names)
    // Both ask for the same new name: one wins, the other re-reads and gets ovs-vsctl's refusal.
    const both = await Promise.allSettled([a.addBridge('same', { datapathType: 'netdev' }), b.addBridge('same', { datapathType: 'netdev' })])
    t.strictSame(both.map((r) => r.status).sort(), ['fulfilled', 'rejected'])
    const lost = both.find((r) => r.status === 'rejected') as PromiseRejectedResult
    t.type(lost.reason, VsctlError)
    t.equal((lost.reason as VsctlError).reason, 'cannot create a bridge named same because a bridge named same already exists')
  })

  t.test('close() ends the connection; later calls reject', async (t) => {
    const sb = await startOvsSandbox({ vswitchd: false })
    t.teardown(() => sb.stop())
    const sw = await connect({ socket: sb.socket })
    await sw.close()
    await sw.close()
    const err = (await sw.listBridges().catch((e: unknown) => e)) as OvsdbClosedError
    t.type(err, OvsdbClosedError)
    t.match(err.message, `transact on unix:${sb.socket} failed: connection closed by the client`)
  })
}
