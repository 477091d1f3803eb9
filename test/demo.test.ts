// `npm run demo`, the README's main command, as a test: it builds S5 in scratch namespaces, pings
// across the bridge, prints what it built and removes everything. (npm test has built dist/,
// which the example imports as 'nlwire'.)
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { needsRoot } from './helpers/scratch.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

t.test('npm run demo builds S5, pings, and leaves nothing behind', { skip: needsRoot }, async (t) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'examples/s5-bridge.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000 })
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /ping ns1 -> 192\.168\.88\.4: ok/)
  t.match(r.stdout, /ping ns2 -> 192\.168\.88\.3: ok/)
  t.match(r.stdout, /ping ns1 -> 192\.168\.88\.1: ok/)
  t.match(r.stdout, /route default via 192\.168\.88\.1 dev tap1/, 'devices by name')
  t.match(r.stdout, /S5 works/)
  const left = readdirSync('/run/netns').filter((n) => n.startsWith('nlw-demo-'))
  t.same(left, [], 'no demo namespace left')
})
