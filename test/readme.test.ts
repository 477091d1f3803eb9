// The README's examples run as written: every ```ts block marked `<!-- readme-example: NAME -->`
// is saved inside the package (so `import 'nlwire'` resolves to the built package, as for a user)
// and executed; `(root)` blocks need root and run in scratch namespaces of their own.
import t from 'tap'
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { FIXTURES_DIR, loadFixture } from './helpers/fixtures.js'
import { ovsSkipReason, startOvsSandbox } from './helpers/ovs-sandbox.js'
import { needsProgram } from './helpers/programs.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
const examples = [...readme.matchAll(/<!-- readme-example: ([\w-]+)(?: \(([\w, ]+)\))? -->\n```ts\n([\s\S]*?)```/g)].map((m) => ({
  name: m[1]!,
  root: (m[2] ?? '').includes('root'),
  ovs: (m[2] ?? '').includes('ovs'),
  ping: (m[2] ?? '').includes('ping'),
  code: m[3]!,
}))

const dir = join(ROOT, '.readme-examples')
mkdirSync(dir, { recursive: true })
t.teardown(() => rmSync(dir, { recursive: true, force: true }))

function run(name: string, code: string, env: Record<string, string> = {}) {
  const file = join(dir, `${name}.mts`)
  writeFileSync(file, code)
  return spawnSync(process.execPath, ['--import', 'tsx', file], { cwd: ROOT, encoding: 'utf8', timeout: 120000, env: { ...process.env, ...env } })
}

/**
 * The "Rules and nexthops" fragment, run as written: inside a scratch namespace where it finds the
 * `nl` and the link v0 (192.0.2.1/24) it assumes.
 */
t.test('README fragment: rules and nexthops', { skip: process.getuid?.() !== 0 ? 'needs root' : false }, async (t) => {
  const m = /### Rules and nexthops[\s\S]*?```ts\n([\s\S]*?)```/.exec(readme)
  if (!t.ok(m, 'the README has the fragment')) return
  const ns = `nlw-${process.pid}-readme-rules`
  const code = [
    "import { open, netns } from 'nlwire'",
    `await netns.add(${JSON.stringify(ns)})`,
    `const nl = await open({ netns: ${JSON.stringify(ns)} })`,
    'try {',
    "  await nl.link.add({ name: 'v0', kind: 'veth', peer: { name: 'v1' }, up: true })",
    "  await nl.link.set('v1', { up: true })",
    "  await nl.addr.add('v0', '192.0.2.1/24')",
    m![1]!,
    "  console.log('fragment ran')",
    '} finally {',
    '  await nl.close()',
    `  await netns.del(${JSON.stringify(ns)})`,
    '}',
  ].join('\n')
  const r = run('rules-nexthops', code)
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /fragment ran/)
  t.notMatch(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout, new RegExp(ns), 'its namespace is gone')
})

t.test('the README has its examples', async (t) => {
  t.strictSame(examples.map((e) => e.name).sort(), ['codecs', 's5-tour', 's6-ovs', 'topology'])
  t.strictSame(shells.map((e) => e.name), ['topology'])
})

// Shell blocks marked `<!-- readme-shell: NAME (root) -->`, run by bash -e from the package
// directory as written (npx finds the package's own nlwire bin).
const shells = [...readme.matchAll(/<!-- readme-shell: ([\w-]+)(?: \(([\w, ]+)\))? -->\n```sh\n([\s\S]*?)```/g)].map((m) => ({ name: m[1]!, code: m[3]! }))

for (const sh of shells) {
  t.test(`README shell block: ${sh.name}`, { skip: process.getuid?.() !== 0 ? 'needs root' : needsProgram('ping') }, async (t) => {
    const r = spawnSync('bash', ['-e', '-c', sh.code], { cwd: ROOT, encoding: 'utf8', timeout: 120000 })
    t.equal(r.status, 0, r.stderr)
    const pid = /lab-(\d+)-s5-bridge/.exec(r.stdout)?.[1]
    t.ok(pid, 'the prefix is lab-PID-')
    t.match(r.stdout, /^create cable ns1:tap1 <-> host:br-tap1 \(veth\); host:br-tap1: master br-test01, up true$/m)
    t.match(r.stdout, /: 11 to create, 0 to change, 0 to remove$/m, 'plan')
    t.match(r.stdout, /: 11 changes in \d+ ms$/m, 'up')
    t.match(r.stdout, /^64 bytes from 192\.168\.88\.4/m, 'the ping got through')
    t.match(r.stdout, /: the machine already matches the file$/m, 'second up')
    t.match(r.stdout, /^remove namespace lab-\d+-host \(the host of this topology\)$/m, 'down')
    t.notMatch(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout, new RegExp(`lab-${pid}-`), 'nothing left')
  })
}

for (const ex of examples) {
  const skip = (ex.ovs && ovsSkipReason()) || (ex.root && process.getuid?.() !== 0 && 'needs root') || (ex.ping && needsProgram('ping')) || false
  t.test(`README example: ${ex.name}`, { skip }, async (t) => {
    let env: Record<string, string> = {}
    if (ex.ovs) {
      // Its own ovsdb-server and ovs-vswitchd in a scratch namespace stand in for the machine's.
      const sb = await startOvsSandbox()
      t.teardown(() => sb.stop())
      env = { OVS_SOCKET: sb.socket, OVS_NETNS: sb.netns }
    }
    const r = run(ex.name, ex.code, env)
    t.equal(r.status, 0, r.stderr)
    if (ex.name === 's5-tour') {
      t.match(r.stdout, /^br-tap1 veth up$/m)
      t.match(r.stdout, /^br-tap2 veth up$/m)
      t.match(r.stdout, /ns1 reaches ns2 through the bridge/)
      const left = spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout
      t.notMatch(left, /tour-/, 'the tour removed its namespaces')
    }
    if (ex.name === 's6-ovs') {
      t.match(r.stdout, /Bridge ovs-test\n/)
      t.match(r.stdout, /Port ovs-veth03\n\s+Interface ovs-veth03\n/)
      t.match(r.stdout, /ovsns1 reaches ovsns2 through ovs-test/)
    }
    if (ex.name === 'topology') {
      t.match(r.stdout, /^11 changes planned$/m)
      t.match(r.stdout, /^second up: 0 changes$/m)
      t.match(r.stdout, /^remove namespace tour-\d+-ns1$/m)
      t.notMatch(spawnSync('ip', ['netns', 'list'], { encoding: 'utf8' }).stdout, /tour-/, 'nothing left')
    }
    if (ex.name === 'codecs') {
      const [hex, same] = r.stdout.trim().split('\n')
      // iproute2's request for `ip link add veth01 type veth peer name veth02`, with seq 1
      const fx = loadFixture(join(FIXTURES_DIR, 's2/01-link-add-veth.nl'))
      const req = Uint8Array.from(fx.sections.filter((s) => s.kind === 'request')[1]!.bytes)
      req.set([1, 0, 0, 0], 8)
      t.equal(hex, Buffer.from(req).toString('hex'))
      t.equal(same, 'true')
    }
  })
}
