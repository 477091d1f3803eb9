// nlwire leaves the same database as ovs-vsctl. The OVS commands of S6 and S7 run with ovs-vsctl
// in one sandbox and with nlwire in another; `ovsdb-client dump` of both databases (an independent
// reader) must agree on every configuration column of Open_vSwitch/Bridge/Port/Interface, with
// row uuids replaced by the names they point to. And nlwire's show() prints what `ovs-vsctl show`
// prints for the same database, in both sandboxes.
import t from 'tap'
import { execFile } from 'node:child_process'
import { ovsSkipReason, startOvsSandbox, type OvsSandbox } from './helpers/ovs-sandbox.js'
import { connect, formatShow } from '../src/ovs/index.js'
import type { Json } from '../src/ovs/types.js'

/** Columns the user configures (not the ones ovs-vswitchd fills in at run time, like mac_in_use). */
const COLUMNS: Record<string, string[]> = {
  Open_vSwitch: ['_uuid', 'bridges', 'next_cfg', 'cur_cfg', 'manager_options', 'ssl', 'other_config', 'external_ids'],
  Bridge: ['_uuid', 'name', 'datapath_type', 'ports', 'fail_mode', 'controller', 'mirrors', 'protocols',
    'stp_enable', 'rstp_enable', 'mcast_snooping_enable', 'other_config', 'external_ids', 'flood_vlans'],
  Port: ['_uuid', 'name', 'interfaces', 'tag', 'trunks', 'vlan_mode', 'fake_bridge', 'bond_fake_iface',
    'bond_mode', 'lacp', 'qos', 'other_config', 'external_ids'],
  Interface: ['_uuid', 'name', 'type', 'options', 'error', 'ofport_request', 'mtu_request', 'other_config', 'external_ids'],
}

function ovsdbClientDump(socket: string, table: string): Promise<Record<string, Json>[]> {
  return new Promise((resolve, reject) =>
    execFile('ovsdb-client', ['-f', 'json', 'dump', `unix:${socket}`, 'Open_vSwitch', table, ...COLUMNS[table]!], { timeout: 10000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err) return reject(new Error(`ovsdb-client dump ${table}: ${stderr || err.message}`))
      const { headings, data } = JSON.parse(stdout) as { headings: string[]; data: Json[][] }
      resolve(data.map((row) => Object.fromEntries(headings.map((h, i) => [h, row[i]!]))))
    }),
  )
}

/** The whole configuration, with uuids replaced by row names so two databases can be compared. */
async function configOf(socket: string) {
  const tables = Object.fromEntries(
    await Promise.all(Object.keys(COLUMNS).map(async (tb) => [tb, await ovsdbClientDump(socket, tb)] as const)),
  )
  const names = new Map<string, string>()
  for (const tb of ['Bridge', 'Port', 'Interface']) {
    for (const r of tables[tb]!) names.set((r._uuid as [string, string])[1], `${tb}:${r.name as string}`)
  }
  const deref = (v: Json): Json => {
    if (Array.isArray(v) && v[0] === 'uuid') return names.get(v[1] as string) ?? 'unknown-row'
    if (Array.isArray(v) && v[0] === 'set') return ['set', (v[1] as Json[]).map(deref).map(String).sort()]
    return v
  }
  const out: Record<string, Record<string, Json>[]> = {}
  for (const [tb, rows] of Object.entries(tables)) {
    out[tb] = rows
      .map((r) => Object.fromEntries(Object.entries(r).filter(([k]) => k !== '_uuid').map(([k, v]) => [k, deref(v)])))
      .sort((a, b) => String(a.name).localeCompare(String(b.name)))
  }
  return out
}

async function ip(netns: string, ...args: string[]) {
  await new Promise<void>((resolve, reject) =>
    execFile('ip', ['-n', netns, ...args], { timeout: 10000 }, (err, _o, stderr) => (err ? reject(new Error(`ip ${args.join(' ')}: ${stderr}`)) : resolve())),
  )
}

const skip = ovsSkipReason()
if (skip) {
  t.plan(0, skip)
} else {
  t.test('S6 + S7 OVS commands: nlwire and ovs-vsctl leave the same database', async (t) => {
    const ref: OvsSandbox = await startOvsSandbox()
    t.teardown(() => ref.stop())
    const mine: OvsSandbox = await startOvsSandbox()
    t.teardown(() => mine.stop())
    for (const sb of [ref, mine]) {
      await ip(sb.netns, 'link', 'add', 'veth03', 'type', 'veth', 'peer', 'name', 'ovs-veth03')
      await ip(sb.netns, 'link', 'add', 'veth04', 'type', 'veth', 'peer', 'name', 'ovs-veth04')
    }

    const vsctl = async (...args: string[]) => {
      const r = await ref.vsctl(args)
      t.equal(r.code, 0, `ovs-vsctl ${args.join(' ')}`)
      t.equal(r.stderr, '', 'no warning from ovs-vsctl')
    }
    // S6
    await vsctl('add-br', 'ovs-test', '--', 'set', 'Bridge', 'ovs-test', 'datapath_type=netdev')
    await vsctl('add-port', 'ovs-test', 'ovs-veth03')
    await vsctl('add-port', 'ovs-test', 'ovs-veth04')
    // S7
    await vsctl('add-br', 'ovs-test2', '--', 'set', 'Bridge', 'ovs-test2', 'datapath_type=netdev')
    await vsctl('add-port', 'ovs-test2', 'veth05', '--', 'set', 'Interface', 'veth05', 'type=internal')
    await vsctl('add-port', 'ovs-test2', 'veth06', '--', 'set', 'Interface', 'veth06', 'type=internal')

    const sw = await connect({ socket: mine.socket })
    t.teardown(() => sw.close())
    await sw.addBridge('ovs-test', { datapathType: 'netdev' })
    await sw.addPort('ovs-test', 'ovs-veth03')
    await sw.addPort('ovs-test', 'ovs-veth04')
    await sw.addBridge('ovs-test2', { datapathType: 'netdev' })
    await sw.addPort('ovs-test2', 'veth05', { type: 'internal' })
    await sw.addPort('ovs-test2', 'veth06', { type: 'internal' })

    const want = await configOf(ref.socket)
    const got = await configOf(mine.socket)
    t.strictSame(got, want, 'same configuration, column by column')
    // The comparison is not vacuous: it sees the bridges, their ports and the types.
    t.strictSame(want.Bridge!.map((b) => [b.name, b.datapath_type, b.ports]), [
      ['ovs-test', 'netdev', ['set', ['Port:ovs-test', 'Port:ovs-veth03', 'Port:ovs-veth04']]],
      ['ovs-test2', 'netdev', ['set', ['Port:ovs-test2', 'Port:veth05', 'Port:veth06']]],
    ])
    t.strictSame(want.Interface!.map((i) => [i.name, i.type]), [
      ['ovs-test', 'internal'], ['ovs-test2', 'internal'], ['ovs-veth03', ''], ['ovs-veth04', ''], ['veth05', 'internal'], ['veth06', 'internal'],
    ])
    t.strictSame(want.Open_vSwitch!.map((o) => [o.next_cfg, o.cur_cfg]), [[6, 6]], 'one reconfiguration per command, all applied')

    // show() renders exactly what ovs-vsctl show prints, for either database.
    for (const sb of [ref, mine]) {
      const c = await connect({ socket: sb.socket })
      const text = formatShow(await c.show())
      await c.close()
      const r = await sb.vsctl(['show'])
      t.equal(text, r.stdout, `show() == ovs-vsctl show (${sb === ref ? 'ovs-vsctl' : 'nlwire'} database)`)
    }

    // Deleting leaves the same database too.
    await vsctl('del-port', 'ovs-test', 'ovs-veth04')
    await vsctl('del-br', 'ovs-test2')
    await sw.delPort('ovs-test', 'ovs-veth04')
    await sw.delBridge('ovs-test2')
    t.strictSame(await configOf(mine.socket), await configOf(ref.socket), 'same after del-port and del-br')
  })

  t.test('show() matches ovs-vsctl show with managers, controllers, tags, trunks, options and errors', async (t) => {
    const sb = await startOvsSandbox()
    t.teardown(() => sb.stop())
    const r = await sb.vsctl([
      'add-br', 'br0', '--', 'set', 'Bridge', 'br0', 'datapath_type=netdev', 'fail_mode=secure',
      '--', 'set-controller', 'br0', 'tcp:127.0.0.1:6653',
      '--', 'add-port', 'br0', 'p1', 'tag=5', '--', 'set', 'Interface', 'p1', 'type=internal',
      // A patch pair (each the other's peer), one with a name that needs quoting.
      '--', 'add-port', 'br0', '1odd name', 'trunks=1,2', '--', 'set', 'Interface', '1odd name', 'type=patch', 'options:peer=p-b',
      '--', 'add-port', 'br0', 'p-b', '--', 'set', 'Interface', 'p-b', 'type=patch', 'options:peer="1odd name"',
      '--', 'add-port', 'br0', 'ghost',
      '--', 'set-manager', 'ptcp:6640:127.0.0.1',
      '--', 'set', 'Open_vSwitch', '.', 'ovs_version=3.1.0',
    ])
    t.equal(r.code, 0, r.stderr)
    const sw = await connect({ socket: sb.socket })
    t.teardown(() => sw.close())
    // Compare once the database is not changing between the three reads (ovs-vswitchd may still
    // be writing status columns such as Interface.error).
    let show = await sw.show()
    let text = ''
    let theirs = ''
    for (let i = 0; i < 50; i++) {
      const before = (await sb.vsctl(['show'])).stdout
      show = await sw.show()
      text = formatShow(show)
      theirs = (await sb.vsctl(['show'])).stdout
      if (before === theirs) break
      await new Promise((r) => setTimeout(r, 100))
    }
    t.equal(text, theirs)
    t.match(text, /options: \{peer="1odd name"\}/)
    t.match(text, /Port "1odd name"\n {12}trunks: \[1, 2\]/)
    t.match(text, /error: "could not open network device ghost \(No such device\)"/)
    t.equal(show.ovsVersion, '3.1.0')
    t.strictSame(show.managers.map((m) => m.target), ['ptcp:6640:127.0.0.1'])
    t.strictSame(show.bridges[0]!.controllers.map((c) => c.target), ['tcp:127.0.0.1:6653'])
  })
}
