// The client's request deadlines: one timer for all of them, expiring in deadline order, holding
// the process open only while one is live.
import { spawnSync } from 'node:child_process'
import t from 'tap'
import { Deadlines } from '../src/client/deadlines.js'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))

t.test('items expire in deadline order, whatever order they were added in', async (t) => {
  const expired: string[] = []
  const d = new Deadlines<string>((x) => expired.push(x))
  d.add('c', 60)
  d.add('a', 20)
  d.add('b', 40)
  await sleep(100)
  t.strictSame(expired, ['a', 'b', 'c'])
})

t.test('a cancelled item never expires; the others still do', async (t) => {
  const expired: string[] = []
  const d = new Deadlines<string>((x) => expired.push(x))
  const a = d.add('a', 20)
  d.add('b', 30)
  d.cancel(a)
  t.equal(a.item, undefined)
  await sleep(80)
  t.strictSame(expired, ['b'])
  d.cancel(a) // twice: no effect
})

t.test('an item added while others expire gets its own full delay', async (t) => {
  const expired: [string, number][] = []
  const t0 = performance.now()
  const d = new Deadlines<string>((x) => {
    expired.push([x, performance.now() - t0])
    if (x === 'first') d.add('second', 30)
  })
  d.add('first', 20)
  await sleep(100)
  t.strictSame(
    expired.map(([x]) => x),
    ['first', 'second'],
  )
  t.ok(expired[1]![1] >= expired[0]![1] + 29, 'second expired at least 30 ms after first')
})

t.test('nothing expires before its deadline', async (t) => {
  const t0 = performance.now()
  let at = 0
  const d = new Deadlines<string>(() => (at = performance.now() - t0))
  d.add('x', 25)
  await sleep(60)
  t.ok(at >= 25, `expired after ${at.toFixed(1)} ms`)
})

t.test('clear() cancels everything', async (t) => {
  const expired: string[] = []
  const d = new Deadlines<string>((x) => expired.push(x))
  const a = d.add('a', 10)
  d.add('b', 20)
  d.clear()
  t.equal(a.item, undefined)
  await sleep(50)
  t.strictSame(expired, [])
})

t.test('many items: each expires once, in order, and cancelled ones never', async (t) => {
  const expired: number[] = []
  const d = new Deadlines<number>((x) => expired.push(x))
  const entries = Array.from({ length: 3000 }, (_, i) => d.add(i, 5 + (i % 7)))
  for (let i = 0; i < entries.length; i += 2) d.cancel(entries[i]!)
  await sleep(80)
  const odd = Array.from({ length: 1500 }, (_, i) => 2 * i + 1)
  t.strictSame([...expired].sort((x, y) => x - y), odd)
  const deadlines = expired.map((i) => entries[i]!.at)
  t.ok(deadlines.every((at, k) => k === 0 || at >= deadlines[k - 1]!), 'in deadline order')
})

const child = (code: string) =>
  spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000, cwd: process.cwd() })

t.test('a live deadline keeps the process alive until it expires', async (t) => {
  const r = child(`
    import { Deadlines } from './src/client/deadlines.ts'
    const d = new Deadlines(() => console.log('expired'))
    d.add('x', 100)
  `)
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stdout.trim(), 'expired')
})

t.test('a cancelled deadline does not keep the process alive', async (t) => {
  // Held open, the child would be killed by spawnSync's 20 s timeout (status null).
  const r = child(`
    import { Deadlines } from './src/client/deadlines.ts'
    const d = new Deadlines(() => console.log('expired'))
    d.cancel(d.add('x', 60_000))
  `)
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stdout, '')
})
