// `npm run demo`, the README's main command, as a test: it builds S5 in scratch namespaces, proves
// traffic across the bridge, prints what it built and removes everything — with ping, and on a
// machine without iputils-ping (PATH without it here) with a UDP echo between Node processes in
// the namespaces. (npm test has built dist/, which the example imports as 'nlwire'.)
import t from 'tap'
import type * as Tap from 'tap'
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { needsRoot } from './helpers/scratch.js'
import { needsProgram, pathWithout } from './helpers/programs.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

function demo(env: NodeJS.ProcessEnv = process.env) {
  return spawnSync(process.execPath, ['--import', 'tsx', 'examples/s5-bridge.ts'], { cwd: ROOT, encoding: 'utf8', timeout: 120_000, env })
}

/** The demo's own namespaces are gone (nlw-demo-PID-*: other test runs may be running a demo too). */
function leftNothing(t: Tap.Test, pid: number | undefined): void {
  const left = readdirSync('/run/netns').filter((n) => n.startsWith(`nlw-demo-${pid}-`))
  t.strictSame(left, [], 'no demo namespace left')
}

t.test('npm run demo builds S5, pings, and leaves nothing behind', { skip: needsRoot || needsProgram('ping') }, async (t) => {
  const r = demo()
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /ping ns1 -> 192\.168\.88\.4: ok/)
  t.match(r.stdout, /ping ns2 -> 192\.168\.88\.3: ok/)
  t.match(r.stdout, /ping ns1 -> 192\.168\.88\.1: ok/)
  t.match(r.stdout, /route default via 192\.168\.88\.1 dev tap1/, 'devices by name')
  t.match(r.stdout, /S5 works/)
  leftNothing(t, r.pid)
})

t.test('without iputils-ping the demo proves traffic with a UDP echo', { skip: needsRoot }, async (t) => {
  const bare = pathWithout(/^ping[46]?$/)
  t.teardown(bare.cleanup)
  const r = demo({ ...process.env, PATH: bare.path })
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /ping is not installed — apt-get install iputils-ping/)
  t.match(r.stdout, /udp ns1 -> 192\.168\.88\.4: ok/)
  t.match(r.stdout, /udp ns2 -> 192\.168\.88\.3: ok/)
  t.match(r.stdout, /udp ns1 -> 192\.168\.88\.1: ok/)
  t.match(r.stdout, /S5 works/)
  leftNothing(t, r.pid)
})
