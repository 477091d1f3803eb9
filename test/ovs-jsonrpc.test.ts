// JSON-RPC framing and the client's protocol handling, against a fake ovsdb-server on a unix
// socket (no root, no Open vSwitch needed).
import t, { type Test } from 'tap'
import { createServer, type Server, type Socket } from 'node:net'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { tmpdir } from 'node:os'
import { JsonStreamSplitter, JsonFramingError } from '../src/ovs/jsonrpc.js'
import { OvsdbClient } from '../src/ovs/client.js'
import {
  OvsdbClosedError,
  OvsdbConnectionError,
  OvsdbError,
  OvsdbProtocolError,
  OvsdbTimeoutError,
} from '../src/ovs/errors.js'
import type { Json, JsonObject } from '../src/ovs/types.js'

t.test('splitter: values cut at every possible chunk boundary', async (t) => {
  const a = '{"id":1,"result":["{not a brace}","[also not]"],"error":null}'
  const b = '{"method":"update","params":["m",{"T":{"u":{"new":{"s":"\\"}{\\\\"}}}}],"id":null}'
  const c = '[1,{"x":"é✓😀"}]'
  const stream = `${a}\n ${b}${c}  `
  for (let cut = 0; cut <= stream.length; cut++) {
    const s = new JsonStreamSplitter()
    const got = [...s.push(stream.slice(0, cut)), ...s.push(stream.slice(cut))]
    t.strictSame(got, [a, b, c], `cut at ${cut}`)
    t.equal(s.pending, false)
  }
  // And one character at a time.
  const s = new JsonStreamSplitter()
  const got: string[] = []
  for (const ch of stream) got.push(...s.push(ch))
  t.strictSame(got, [a, b, c])
  // The strings really contain what the splitter had to step over.
  t.strictSame(JSON.parse(b).params[1].T.u.new.s, '"}{\\')
})

t.test('splitter: escapes at the end of a chunk', async (t) => {
  const s = new JsonStreamSplitter()
  t.strictSame(s.push('{"a":"x\\'), [])
  t.equal(s.pending, true)
  t.strictSame(s.push('"}"}'), ['{"a":"x\\"}"}'])
  t.strictSame(s.push('{"b":"\\\\'), [])
  t.strictSame(s.push('"}'), ['{"b":"\\\\"}'])
  t.equal(s.pending, false)
})

t.test('splitter: garbage between messages is a framing error', async (t) => {
  t.throws(() => new JsonStreamSplitter().push('{"a":1} x'), JsonFramingError)
  t.throws(() => new JsonStreamSplitter().push('"just a string"'), /expected '\{'/)
  t.throws(() => new JsonStreamSplitter(10).push('{"a":"0123456789"'), /longer than 10/)
})

// ---- a fake ovsdb-server ----

interface Fake {
  path: string
  received: JsonObject[]
  /** Resolves with the next message the client sends (or one already received and not taken). */
  next(): Promise<JsonObject>
  send(msg: JsonObject | string): void
  conn(): Socket
  close(): Promise<void>
}

async function fakeServer(t: Test): Promise<Fake> {
  const dir = mkdtempSync(join(tmpdir(), 'nlwovs-fake-'))
  const path = join(dir, 'db.sock')
  const received: JsonObject[] = []
  const queue: JsonObject[] = []
  const waiters: ((m: JsonObject) => void)[] = []
  let sock: Socket | undefined
  const server: Server = createServer((s) => {
    sock = s
    const splitter = new JsonStreamSplitter()
    s.setEncoding('utf8')
    s.on('data', (chunk: string) => {
      for (const text of splitter.push(chunk)) {
        const m = JSON.parse(text) as JsonObject
        received.push(m)
        const w = waiters.shift()
        if (w) w(m)
        else queue.push(m)
      }
    })
    s.on('error', () => undefined)
  })
  await new Promise<void>((r) => server.listen(path, r))
  const fake: Fake = {
    path,
    received,
    next: () =>
      new Promise((resolve, reject) => {
        const m = queue.shift()
        if (m) return resolve(m)
        const timer = setTimeout(() => reject(new Error('fake server: no message within 2000 ms')), 2000)
        waiters.push((msg) => {
          clearTimeout(timer)
          resolve(msg)
        })
      }),
    send: (msg) => sock!.write(typeof msg === 'string' ? msg : JSON.stringify(msg)),
    conn: () => sock!,
    close: async () => {
      sock?.destroy()
      await new Promise<void>((r) => server.close(() => r()))
      rmSync(dir, { recursive: true, force: true })
    },
  }
  t.teardown(() => fake.close())
  return fake
}

async function connected(t: Test, opts: { requestTimeoutMs?: number } = {}) {
  const fake = await fakeServer(t)
  const client = await OvsdbClient.connect({ socket: fake.path, ...opts })
  t.teardown(() => client.close())
  return { fake, client }
}

t.test('requests carry increasing ids and replies are matched by id, in any order', async (t) => {
  const { fake, client } = await connected(t)
  const p1 = client.echo('first')
  const p2 = client.listDbs()
  const p3 = client.echo('third', 3)
  const m1 = await fake.next()
  const m2 = await fake.next()
  const m3 = await fake.next()
  t.strictSame(m1, { method: 'echo', params: ['first'], id: m1.id })
  t.strictSame(m2, { method: 'list_dbs', params: [], id: m2.id })
  t.strictSame(m3, { method: 'echo', params: ['third', 3], id: m3.id })
  t.ok((m1.id as number) < (m2.id as number) && (m2.id as number) < (m3.id as number))
  // Reply out of order, two replies in one write, the third split in the middle of a string.
  fake.send(JSON.stringify({ id: m3.id, result: ['third', 3], error: null }) + JSON.stringify({ id: m2.id, result: ['A', 'B'], error: null }))
  const last = JSON.stringify({ id: m1.id, result: ['first'], error: null })
  fake.send(last.slice(0, 20))
  await new Promise((r) => setTimeout(r, 20))
  fake.send(last.slice(20))
  t.strictSame(await p1, ['first'])
  t.strictSame(await p2, ['A', 'B'])
  t.strictSame(await p3, ['third', 3])
})

t.test("the server's echo request is answered with the same params and id", async (t) => {
  const { fake, client } = await connected(t)
  const mine = client.echo('hello')
  const first = await fake.next() // the client's own echo request
  t.strictSame(first, { method: 'echo', params: ['hello'], id: first.id })
  fake.send({ method: 'echo', params: ['probe', { n: 1 }], id: 'echo' })
  t.strictSame(await fake.next(), { result: ['probe', { n: 1 }], error: null, id: 'echo' })
  t.equal(client.echoRequestsAnswered, 1)
  fake.send({ id: first.id as number, result: ['hello'], error: null })
  t.strictSame(await mine, ['hello'])
})

t.test('an error reply becomes OvsdbError with the server error and details', async (t) => {
  const { fake, client } = await connected(t)
  const p = client.getSchema('nosuch')
  const m = await fake.next()
  t.strictSame(m.params, ['nosuch'])
  fake.send({ id: m.id as number, result: null, error: { error: 'unknown database', details: 'get_schema request specifies unknown database nosuch' } })
  const err = (await p.catch((e: unknown) => e)) as OvsdbError
  t.type(err, OvsdbError)
  t.equal(err.method, 'get_schema')
  t.equal(err.error, 'unknown database')
  t.equal(err.details, 'get_schema request specifies unknown database nosuch')
  t.equal(err.index, undefined)
  t.equal(err.message, 'get_schema failed: unknown database: get_schema request specifies unknown database nosuch')
})

t.test('transact: the failing operation index, the operation and the server details', async (t) => {
  const { fake, client } = await connected(t)
  const ops = [
    { op: 'comment' as const, comment: 'x' },
    { op: 'insert' as const, table: 'Bridge', row: { nosuch: 1 } },
    { op: 'select' as const, table: 'Bridge', where: [] },
  ]
  const p = client.transact('Open_vSwitch', ops)
  const m = await fake.next()
  t.strictSame(m, { method: 'transact', params: ['Open_vSwitch', ...ops], id: m.id })
  fake.send({ id: m.id as number, error: null, result: [{}, { error: 'unknown column', details: 'No column nosuch in table Bridge.' }, null] })
  const err = (await p.catch((e: unknown) => e)) as OvsdbError
  t.type(err, OvsdbError)
  t.equal(err.index, 1)
  t.strictSame(err.operation, ops[1])
  t.equal(err.error, 'unknown column')
  t.equal(err.message, 'transact: operation 1 (insert into Bridge) failed: unknown column: No column nosuch in table Bridge.')

  // All operations succeeded, the commit failed: one extra result.
  const p2 = client.transact('Open_vSwitch', [ops[0]!])
  const m2 = await fake.next()
  fake.send({ id: m2.id as number, error: null, result: [{}, { error: 'constraint violation', details: 'dup' }] })
  const err2 = (await p2.catch((e: unknown) => e)) as OvsdbError
  t.equal(err2.index, 1)
  t.equal(err2.operation, undefined)
  t.equal(err2.message, 'transact: commit after all 1 operations failed: constraint violation: dup')
})

t.test('monitor: initial contents, then updates for this monitor id only', async (t) => {
  const { fake, client } = await connected(t)
  const updates: Json[] = []
  const p = client.monitor('Open_vSwitch', { Bridge: { columns: ['name'] } }, (u) => updates.push(u as unknown as Json))
  const m = await fake.next()
  const id = (m.params as Json[])[1]
  t.equal(m.method, 'monitor')
  t.strictSame((m.params as Json[])[2], { Bridge: { columns: ['name'] } })
  fake.send({ id: m.id as number, error: null, result: { Bridge: { u1: { new: { name: 'br0' } } } } })
  const mon = await p
  t.strictSame(mon.initial, { Bridge: { u1: { new: { name: 'br0' } } } })
  fake.send({ method: 'update', params: ['someone-else', { Bridge: {} }], id: null })
  fake.send({ method: 'update', params: [id, { Bridge: { u1: { old: { name: 'br0' }, new: { name: 'br1' } } } }], id: null })
  // A round trip after the notifications: the server's writes arrive in order.
  const sync = client.echo('sync')
  const ms = await fake.next()
  fake.send({ id: ms.id as number, result: ['sync'], error: null })
  await sync
  t.strictSame(updates, [{ Bridge: { u1: { old: { name: 'br0' }, new: { name: 'br1' } } } }])
})

t.test('aborting a transact sends "cancel" with its request id and rejects at once', async (t) => {
  const { fake, client } = await connected(t)
  const ac = new AbortController()
  const p = client
    .transact('Open_vSwitch', [{ op: 'wait', table: 'Bridge', where: [], columns: ['name'], until: '==', rows: [{ name: 'x' }], timeout: 60000 }], { signal: ac.signal })
    .catch((e: unknown) => e)
  const m = await fake.next()
  ac.abort()
  const err = (await p) as OvsdbError
  t.type(err, OvsdbError)
  t.equal(err.error, 'canceled')
  t.strictSame(await fake.next(), { method: 'cancel', params: [m.id], id: null })
  // An RFC 7047 server would now reply "canceled"; that late reply is ignored.
  fake.send({ id: m.id as number, result: null, error: 'canceled' })
  const e2 = client.echo('ok')
  const m2 = await fake.next()
  fake.send({ id: m2.id as number, result: ['ok'], error: null })
  t.strictSame(await e2, ['ok'])
  // Already aborted: nothing is sent.
  const before = fake.received.length
  const e3 = (await client.transact('Open_vSwitch', [], { signal: ac.signal }).catch((e: unknown) => e)) as OvsdbError
  t.equal(e3.error, 'canceled')
  const e4 = client.echo('sync')
  const m4 = await fake.next()
  t.equal(m4.method, 'echo', 'the next thing the server sees is the echo, not a transact')
  t.equal(fake.received.length, before + 1)
  fake.send({ id: m4.id as number, result: ['sync'], error: null })
  await e4
})

t.test('close() rejects every pending request; later calls reject at once', async (t) => {
  const { fake, client } = await connected(t)
  const a = client.listDbs().catch((e: unknown) => e)
  const b = client.transact('Open_vSwitch', []).catch((e: unknown) => e)
  await fake.next()
  await fake.next()
  await client.close()
  for (const [p, method] of [[a, 'list_dbs'], [b, 'transact']] as const) {
    const err = (await p) as OvsdbClosedError
    t.type(err, OvsdbClosedError)
    t.equal(err.method, method)
    t.match(err.message, `${method} on unix:${fake.path} failed: connection closed by the client`)
  }
  t.equal(client.closed, true)
  await t.rejects(client.echo(), OvsdbClosedError)
  await client.close() // idempotent
})

t.test('the server going away rejects pending requests', async (t) => {
  const { fake, client } = await connected(t)
  const p = client.listDbs()
  await fake.next()
  fake.conn().end()
  const err = (await p.catch((e: unknown) => e)) as OvsdbClosedError
  t.type(err, OvsdbClosedError)
  t.match(err.message, /list_dbs on unix:.* failed: ovsdb-server closed the connection/)
})

t.test('no reply within the time limit: OvsdbTimeoutError, and a late reply is ignored', async (t) => {
  const { fake, client } = await connected(t, { requestTimeoutMs: 100 })
  const p = client.listDbs()
  const m = await fake.next()
  const err = (await p.catch((e: unknown) => e)) as OvsdbTimeoutError
  t.type(err, OvsdbTimeoutError)
  t.equal(err.message, `list_dbs on unix:${fake.path}: no reply from ovsdb-server within 100 ms`)
  fake.send({ id: m.id as number, result: ['late'], error: null })
  const p2 = client.echo('still alive')
  const m2 = await fake.next()
  fake.send({ id: m2.id as number, result: ['still alive'], error: null })
  t.strictSame(await p2, ['still alive'])
})

t.test('garbage from the server: OvsdbProtocolError for pending requests, connection closed', async (t) => {
  const { fake, client } = await connected(t)
  const p = client.listDbs()
  await fake.next()
  fake.send('{"id": 1, "result": [] } oops')
  const err = (await p.catch((e: unknown) => e)) as OvsdbProtocolError
  t.type(err, OvsdbProtocolError)
  t.match(err.message, /protocol error: expected '\{' at the start of a message, got "o"/)
  t.equal(client.closed, true)
})

t.test('connection errors name the socket path and the likely cause', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nlwovs-conn-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const missing = join(dir, 'db.sock')
  const e1 = (await OvsdbClient.connect({ socket: missing }).catch((e: unknown) => e)) as OvsdbConnectionError
  t.type(e1, OvsdbConnectionError)
  t.equal(e1.socket, missing)
  t.equal(e1.code, 'ENOENT')
  t.match(e1.message, `cannot connect to ovsdb-server at unix:${missing}: ENOENT`)
  t.match(e1.message, /is ovsdb-server running/)

  // A socket file nobody listens on any more (ovsdb-server died without removing it).
  const stale = join(dir, 'stale.sock')
  // A process that listens and is killed leaves its socket file behind, as a crashed server does.
  const r = spawnSync(process.execPath, ['-e', `require('net').createServer().listen(${JSON.stringify(stale)}, () => process.kill(process.pid, 'SIGKILL'))`], { timeout: 10000 })
  t.equal(r.signal, 'SIGKILL')
  t.ok(existsSync(stale), 'the stale socket file is there')
  const e2 = (await OvsdbClient.connect({ socket: stale }).catch((e: unknown) => e)) as OvsdbConnectionError
  t.type(e2, OvsdbConnectionError)
  t.equal(e2.code, 'ECONNREFUSED')
  t.match(e2.message, `unix:${stale}: ECONNREFUSED`)

  const regular = join(dir, 'file')
  writeFileSync(regular, '')
  const e3 = (await OvsdbClient.connect({ socket: regular }).catch((e: unknown) => e)) as OvsdbConnectionError
  t.type(e3, OvsdbConnectionError)
  t.match(e3.message, `unix:${regular}`)
})
