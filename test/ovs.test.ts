// The OVSDB client against a real ovsdb-server (RFC 7047 methods), in a scratch sandbox without
// ovs-vswitchd. ovs-vsctl --no-wait and ovsdb-tool serve as the independent oracle.
import t from 'tap'
import { execFileSync } from 'node:child_process'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import { ovsSkipReason, startOvsSandbox, VSWITCH_SCHEMA, type OvsSandbox } from './helpers/ovs-sandbox.js'
import { OvsdbClient } from '../src/ovs/client.js'
import { OvsdbClosedError, OvsdbError } from '../src/ovs/errors.js'
import {
  map,
  namedUuid,
  set,
  uuid,
  uuidElements,
  type Operation,
  type TableUpdates,
  type TableUpdates2,
} from '../src/ovs/types.js'

const skip = ovsSkipReason()
if (skip) {
  t.plan(0, skip)
} else {
  let sb: OvsSandbox
  let client: OvsdbClient
  t.before(async () => {
    sb = await startOvsSandbox({ vswitchd: false })
    client = await OvsdbClient.connect({ socket: sb.socket })
  })
  t.teardown(async () => {
    await client?.close()
    await sb?.stop()
  })
  const DB = 'Open_vSwitch'
  const vsctl = async (...args: string[]) => {
    const r = await sb.vsctl(['--no-wait', ...args])
    if (r.code !== 0) throw new Error(`ovs-vsctl ${args.join(' ')}: ${r.stderr}`)
    return r.stdout
  }
  /** Round trip until every update the server sent before now has been handled. */
  const settle = () => client.echo('settle')

  t.test('list_dbs', async (t) => {
    t.strictSame((await client.listDbs()).sort(), ['Open_vSwitch', '_Server'])
  })

  t.test('get_schema matches the schema file ovsdb-server was created from', async (t) => {
    const schema = await client.getSchema(DB)
    t.equal(schema.name, 'Open_vSwitch')
    t.equal(schema.version, execFileSync('ovsdb-tool', ['schema-version', VSWITCH_SCHEMA], { encoding: 'utf8' }).trim())
    t.equal(schema.cksum, execFileSync('ovsdb-tool', ['schema-cksum', VSWITCH_SCHEMA], { encoding: 'utf8' }).trim())
    t.strictSame(schema.tables.Bridge!.indexes, [['name']])
    t.strictSame(schema.tables.Bridge!.columns.datapath_type, { type: 'string' })
    const err = (await client.getSchema('nosuch').catch((e: unknown) => e)) as OvsdbError
    t.type(err, OvsdbError)
    t.equal(err.method, 'get_schema')
    t.equal(err.error, 'unknown database')
    t.match(err.details, /nosuch/)
  })

  t.test('transact: insert, select, update, mutate, wait, delete', async (t) => {
    // insert: the Open_vSwitch root row referencing a new bridge, in one transaction.
    const ins = await client.transact(DB, [
      { op: 'insert', table: 'Bridge', row: { name: 'br-a' }, 'uuid-name': 'bra' },
      { op: 'insert', table: DB, row: { bridges: set(namedUuid('bra')) } },
      { op: 'select', table: 'Bridge', where: [['name', '==', 'br-a']], columns: ['name', 'datapath_type'] },
    ])
    t.match(ins[0], { uuid: ['uuid', /^[0-9a-f-]{36}$/] })
    t.strictSame(ins[2], { rows: [{ name: 'br-a', datapath_type: '' }] })
    t.equal(await vsctl('list-br'), 'br-a\n')
    const brUuid = ins[0]!.uuid!

    // update: a map column, checked with ovs-vsctl.
    const upd = await client.transact(DB, [
      { op: 'update', table: 'Bridge', where: [['_uuid', '==', brUuid]], row: { external_ids: map({ owner: 'nlwire', n: '1' }) } },
    ])
    t.strictSame(upd, [{ count: 1 }])
    t.equal(await vsctl('br-get-external-id', 'br-a', 'owner'), 'nlwire\n')

    // mutate: integer and map mutators.
    const mut = await client.transact(DB, [
      { op: 'mutate', table: DB, where: [], mutations: [['next_cfg', '+=', 5]] },
      { op: 'mutate', table: 'Bridge', where: [['name', '==', 'br-a']], mutations: [['external_ids', 'delete', set('n')]] },
      { op: 'select', table: DB, where: [], columns: ['next_cfg'] },
      { op: 'select', table: 'Bridge', where: [['name', '==', 'br-a']], columns: ['external_ids'] },
    ])
    t.strictSame(mut, [{ count: 1 }, { count: 1 }, { rows: [{ next_cfg: 5 }] }, { rows: [{ external_ids: ['map', [['owner', 'nlwire']]] }] }])

    // wait: satisfied now → succeeds; not satisfied with timeout 0 → fails at its index.
    const ok = await client.transact(DB, [
      { op: 'wait', table: 'Bridge', where: [['name', '==', 'br-a']], columns: ['name'], until: '==', rows: [{ name: 'br-a' }], timeout: 0 },
    ])
    t.strictSame(ok, [{}])
    const waitOps: Operation[] = [
      { op: 'comment', comment: 'first' },
      { op: 'wait', table: 'Bridge', where: [['name', '==', 'br-a']], columns: ['name'], until: '!=', rows: [{ name: 'br-a' }], timeout: 0 },
    ]
    const err = (await client.transact(DB, waitOps).catch((e: unknown) => e)) as OvsdbError
    t.type(err, OvsdbError)
    t.equal(err.index, 1)
    t.equal(err.error, 'timed out')
    t.strictSame(err.operation, waitOps[1])

    // delete: the bridge row and the reference to it.
    const del = await client.transact(DB, [
      { op: 'mutate', table: DB, where: [], mutations: [['bridges', 'delete', set(brUuid)]] },
      { op: 'delete', table: 'Bridge', where: [['_uuid', '==', brUuid]] },
    ])
    t.strictSame(del, [{ count: 1 }, { count: 1 }])
    t.equal(await vsctl('list-br'), '')
  })

  t.test('transact failures: the failing index, the server error and details, nothing committed', async (t) => {
    const ops: Operation[] = [
      { op: 'insert', table: 'Bridge', row: { name: 'br-never' }, 'uuid-name': 'b' },
      { op: 'mutate', table: DB, where: [], mutations: [['bridges', 'insert', set(namedUuid('b'))]] },
      { op: 'insert', table: 'Port', row: { name: 'p', nosuch_column: 1 } },
      { op: 'select', table: 'Bridge', where: [] },
    ]
    const err = (await client.transact(DB, ops).catch((e: unknown) => e)) as OvsdbError
    t.type(err, OvsdbError)
    t.equal(err.method, 'transact')
    t.equal(err.index, 2)
    t.strictSame(err.operation, ops[2])
    t.equal(err.error, 'unknown column')
    t.match(err.details, /nosuch_column/)
    t.match(err.message, /^transact: operation 2 \(insert into Port\) failed: unknown column: .*nosuch_column/)
    t.equal(await vsctl('list-br'), '', 'the transaction was rolled back')

    // Every operation succeeds but the commit breaks Bridge's unique name index.
    const dup: Operation[] = [
      { op: 'insert', table: 'Bridge', row: { name: 'twin' }, 'uuid-name': 'b1' },
      { op: 'insert', table: 'Bridge', row: { name: 'twin' }, 'uuid-name': 'b2' },
      { op: 'mutate', table: DB, where: [], mutations: [['bridges', 'insert', set(namedUuid('b1'), namedUuid('b2'))]] },
    ]
    const e2 = (await client.transact(DB, dup).catch((e: unknown) => e)) as OvsdbError
    t.type(e2, OvsdbError)
    t.equal(e2.index, 3, 'index == number of operations: the commit failed')
    t.equal(e2.operation, undefined)
    t.equal(e2.error, 'constraint violation')
    t.match(e2.details, /twin/)
    t.match(e2.message, /^transact: commit after all 3 operations failed: constraint violation/)
  })

  t.test('monitor: initial rows, then insert/modify/delete updates; monitor_cancel stops them', async (t) => {
    await vsctl('add-br', 'mon0')
    const updates: TableUpdates[] = []
    const mon = await client.monitor(DB, { Bridge: { columns: ['name', 'datapath_type'] } }, (u) => updates.push(u))
    const ids = Object.keys(mon.initial.Bridge!)
    t.equal(ids.length, 1)
    t.strictSame(mon.initial.Bridge![ids[0]!], { new: { name: 'mon0', datapath_type: '' } })

    await vsctl('add-br', 'mon1')
    await vsctl('set', 'Bridge', 'mon1', 'datapath_type=netdev')
    await vsctl('del-br', 'mon0')
    await settle()
    const flat = updates.map((u) => Object.values(u.Bridge!)[0])
    t.strictSame(flat, [
      { new: { name: 'mon1', datapath_type: '' } },
      { old: { datapath_type: '' }, new: { name: 'mon1', datapath_type: 'netdev' } },
      { old: { name: 'mon0', datapath_type: '' } },
    ])
    await mon.cancel()
    await vsctl('del-br', 'mon1')
    await settle()
    t.equal(updates.length, 3, 'no update after monitor_cancel')
  })

  t.test('monitor_cond: only matching rows, update2 carries changed columns only', async (t) => {
    const updates: TableUpdates2[] = []
    await vsctl('add-br', 'cond-a', '--', 'add-br', 'cond-b')
    const mon = await client.monitorCond(
      DB,
      { Bridge: { columns: ['name', 'datapath_type', 'external_ids'], where: [['name', '==', 'cond-b']] } },
      (u) => updates.push(u),
    )
    t.strictSame(Object.values(mon.initial.Bridge!), [{ initial: { name: 'cond-b' } }], 'default values are left out')
    await vsctl('set', 'Bridge', 'cond-a', 'datapath_type=netdev') // not watched
    await vsctl('set', 'Bridge', 'cond-b', 'external_ids:k=v')
    await vsctl('del-br', 'cond-b')
    await settle()
    t.strictSame(updates.map((u) => Object.values(u.Bridge!)[0]), [
      { modify: { external_ids: ['map', [['k', 'v']]] } },
      { delete: null },
    ])
    await mon.cancel()
    await vsctl('del-br', 'cond-a')
  })

  t.test('echo returns its params', async (t) => {
    t.strictSame(await client.echo('a', 1, { x: [true, null] }), ['a', 1, { x: [true, null] }])
  })

  t.test("ovsdb-server's inactivity probe: nlwire answers, a silent client is dropped", async (t) => {
    // A Manager row gives a second listening socket with a 1 s inactivity probe.
    execFileSync('ovs-appctl', ['-t', join(sb.dir, 'ovsdb-server.ctl'), 'ovsdb-server/add-remote', 'db:Open_vSwitch,Open_vSwitch,manager_options'], { timeout: 5000 })
    const probeSock = join(sb.dir, 'probe.sock')
    await vsctl('--', '--id=@m', 'create', 'Manager', `target="punix:${probeSock}"`, 'inactivity_probe=1000', '--', 'add', 'Open_vSwitch', '.', 'manager_options', '@m')
    let listening = false
    for (let i = 0; i < 100 && !listening; i++) {
      listening = await OvsdbClient.connect({ socket: probeSock }).then((c) => c.close().then(() => true), () => false)
      if (!listening) await new Promise((r) => setTimeout(r, 20))
    }
    t.ok(listening, 'the probe socket is up')
    const nl = await OvsdbClient.connect({ socket: probeSock })
    const silent = createConnection({ path: probeSock })
    silent.on('data', () => undefined) // reads the echo requests, never answers them
    const silentClosed = new Promise<number>((resolve) => {
      const start = Date.now()
      silent.on('close', () => resolve(Date.now() - start))
      silent.on('error', () => undefined)
    })
    const silentMs = await Promise.race([silentClosed, new Promise<number>((r) => setTimeout(() => r(-1), 6000))])
    silent.destroy()
    t.not(silentMs, -1, 'the server dropped the client that did not answer its echo')
    t.ok(nl.echoRequestsAnswered >= 1, `nlwire answered ${nl.echoRequestsAnswered} echo request(s)`)
    t.equal(nl.closed, false, 'nlwire is still connected')
    t.strictSame(await nl.listDbs().then((d) => d.sort()), ['Open_vSwitch', '_Server'])
    await nl.close()
  })

  t.test('concurrent requests resolve with their own replies', async (t) => {
    const n = 64
    const work = Array.from({ length: n }, (_, i) =>
      i % 2
        ? client.echo(`e${i}`, i).then((r) => r[0])
        : client.transact(DB, [{ op: 'select', table: 'Bridge', where: [['name', '==', `none-${i}`]] }, { op: 'comment', comment: `c${i}` }]).then((r) => `t${i}:${r[0]!.rows!.length}`),
    )
    const got = await Promise.all(work)
    t.strictSame(got, Array.from({ length: n }, (_, i) => (i % 2 ? `e${i}` : `t${i}:0`)))
  })

  t.test('a large reply arrives in many chunks and is reassembled', async (t) => {
    const big = Object.fromEntries(Array.from({ length: 4000 }, (_, i) => [`key-${i}`, `{"value":[${i}]}\\`.repeat(20)]))
    await client.transact(DB, [
      { op: 'insert', table: 'Bridge', row: { name: 'big', external_ids: map(big) }, 'uuid-name': 'b' },
      { op: 'mutate', table: DB, where: [], mutations: [['bridges', 'insert', set(namedUuid('b'))]] },
    ])
    const r = await client.transact(DB, [{ op: 'select', table: 'Bridge', where: [['name', '==', 'big']], columns: ['external_ids'] }])
    const got = Object.fromEntries((r[0]!.rows![0]!.external_ids as ['map', [string, string][]])[1])
    t.ok(JSON.stringify(r).length > 1_000_000, 'more than 1 MB of JSON')
    t.strictSame(got, big)
    await vsctl('del-br', 'big')
  })

  t.test('cancel: an aborted blocking transaction is dropped by the server', async (t) => {
    // wait (blocks until a bridge "gate" exists) + insert a bridge "late". If the server still held
    // the transaction after "cancel", creating "gate" would let it commit and "late" would appear.
    const ac = new AbortController()
    const start = Date.now()
    const p = client.transact(
      DB,
      [
        { op: 'wait', table: 'Bridge', where: [['name', '==', 'gate']], columns: ['name'], until: '==', rows: [{ name: 'gate' }], timeout: 30000 },
        { op: 'insert', table: 'Bridge', row: { name: 'late' }, 'uuid-name': 'l' },
        { op: 'mutate', table: DB, where: [], mutations: [['bridges', 'insert', set(namedUuid('l'))]] },
      ],
      { signal: ac.signal },
    )
    await settle() // the transaction is at the server, blocked
    ac.abort()
    const err = (await p.catch((e: unknown) => e)) as OvsdbError
    t.type(err, OvsdbError)
    t.equal(err.error, 'canceled')
    t.ok(Date.now() - start < 10000, 'well before the wait timeout')
    await vsctl('add-br', 'gate')
    await settle()
    t.equal(await vsctl('list-br'), 'gate\n', 'the canceled transaction never committed')
    await vsctl('del-br', 'gate')
  })

  t.test('close() rejects a request the server is still holding', async (t) => {
    const c2 = await OvsdbClient.connect({ socket: sb.socket })
    const p = c2
      .transact(DB, [{ op: 'wait', table: 'Bridge', where: [['name', '==', 'never']], columns: ['name'], until: '==', rows: [{ name: 'never' }], timeout: 30000 }])
      .catch((e: unknown) => e)
    await c2.echo('sent') // the transact is at the server now
    await c2.close()
    const err = (await p) as OvsdbClosedError
    t.type(err, OvsdbClosedError)
    t.equal(err.method, 'transact')
    t.match(err.message, `transact on unix:${sb.socket} failed: connection closed by the client`)
    t.strictSame(await client.listDbs().then((d) => d.length), 2, 'other connections are unaffected')
  })

  t.test('uuid helpers read what the server sends', async (t) => {
    const r = await client.transact(DB, [{ op: 'select', table: DB, where: [], columns: ['_uuid', 'bridges'] }])
    const row = r[0]!.rows![0]!
    t.equal(uuidElements(row._uuid).length, 1)
    t.strictSame(uuidElements(row.bridges), [], 'an empty set')
    t.strictSame(uuid('x'), ['uuid', 'x'])
  })
}
