// Named namespaces: ours and iproute2's are the same thing (/run/netns/NAME), names are checked
// before anything touches the file system, and a failed add leaves nothing behind.
import { execFileSync } from 'node:child_process'
import { chmodSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { NetnsError } from '../src/errors.js'
import { NETNS_RUN_DIR, netns } from '../src/netns.js'
import { needsRoot, ip, linkNames, removeNetns, uniqueName } from './helpers/scratch.js'

const ipList = () =>
  ip('netns', 'list')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.split(' ')[0]!)

const listing = () => (existsSync(NETNS_RUN_DIR) ? readdirSync(NETNS_RUN_DIR).sort() : [])

t.test('invalid names are refused before the file system is touched', async (t) => {
  const bad: [unknown, RegExp][] = [
    ['', /the name is empty/],
    ['.', /"\." is a directory entry/],
    ['..', /"\.\." is a directory entry/],
    ['a/b', /cannot contain "\/"/],
    ['../nlw-escape', /cannot contain "\/"/],
    ['a\0b', /cannot contain a NUL byte/],
    ['x'.repeat(256), /the name is 256 bytes long; the limit is 255 \(NAME_MAX\)/],
    ['é'.repeat(128), /the name is 256 bytes long/],
    [42, /must be a string, not number/],
  ]
  for (const [name, why] of bad) {
    for (const [op, call] of [
      ['netns.add', () => netns.add(name as string)],
      ['netns.del', () => netns.del(name as string)],
      ['netns.exists', () => netns.exists(name as string)],
      ['netns.path', async () => netns.path(name as string)],
    ] as const) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      )
      t.type(err, NetnsError, `${op} ${JSON.stringify(name)}`)
      t.equal((err as NetnsError).code, 'EINVAL')
      t.match((err as Error).message, why)
      t.ok((err as Error).message.startsWith(`${op} `), (err as Error).message)
    }
  }
  // Other processes may add namespaces meanwhile, so look for what these names would have made.
  t.equal(existsSync('/run/netns/a'), false, 'no /run/netns/a (from "a/b")')
  t.equal(existsSync('/run/nlw-escape'), false, 'nothing created outside /run/netns')
  t.notOk(listing().some((n) => n.startsWith('x'.repeat(200)) || n.startsWith('é') || n.startsWith('a\0')), 'none of the other names')
})

t.test('netns.path', async (t) => {
  t.equal(netns.path('ns1'), '/run/netns/ns1')
})

t.test('add, list, exists, del: seen by `ip netns`', { skip: needsRoot }, async (t) => {
  const name = uniqueName('ns')
  t.teardown(() => removeNetns(name))
  t.equal(await netns.exists(name), false)
  await netns.add(name)
  t.ok(ipList().includes(name), '`ip netns list` shows ours')
  t.ok((await netns.list()).includes(name))
  t.equal(await netns.exists(name), true)
  t.strictSame(linkNames(name), ['lo'], 'a real namespace: only lo inside')
  const again = await netns.add(name).catch((e: unknown) => e)
  t.match(again, { name: 'NetnsError', code: 'EEXIST', message: `netns.add "${name}": EEXIST: a network namespace named ${name} already exists (/run/netns/${name})` })
  t.strictSame(linkNames(name), ['lo'], 'the failed add left the existing namespace alone')
  await netns.del(name)
  t.notOk(ipList().includes(name), '`ip netns list` no longer shows it')
  t.equal(await netns.exists(name), false)
  const missing = await netns.del(name).catch((e: unknown) => e)
  t.match(missing, { name: 'NetnsError', code: 'ENOENT' })
})

t.test('namespaces made by `ip netns add` are ours to see and delete', { skip: needsRoot }, async (t) => {
  const name = uniqueName('ip')
  t.teardown(() => removeNetns(name))
  ip('netns', 'add', name)
  t.ok((await netns.list()).includes(name))
  t.equal(await netns.exists(name), true)
  await netns.del(name)
  t.notOk(ipList().includes(name))
})

t.test('the longest name (255 bytes) works', { skip: needsRoot }, async (t) => {
  const name = `${uniqueName('long')}-`.padEnd(255, 'x')
  t.teardown(() => removeNetns(name))
  await netns.add(name)
  t.ok(ipList().includes(name))
  await netns.del(name)
  t.equal(existsSync(`/run/netns/${name}`), false)
})

// On the in-process path netns.add runs no unshare(1): test/netns-inprocess.test.ts makes its
// unshare(2) fail (EPERM, without CAP_SYS_ADMIN) instead. This one runs in the relay pass.
const UTIL_LINUX = needsRoot || (netns.mechanism().mechanism === 'relay' ? false : 'netns.add uses unshare(2) here, not util-linux unshare(1)')

t.test('if unshare fails, the namespace file is removed again', { skip: UTIL_LINUX }, async (t) => {
  const name = uniqueName('fail')
  t.teardown(() => removeNetns(name))
  // A PATH whose `unshare` fails the way a real one would without privileges.
  const bin = mkdtempSync(join(tmpdir(), 'nlw-bin-'))
  t.teardown(() => rmSync(bin, { recursive: true, force: true }))
  writeFileSync(join(bin, 'unshare'), '#!/bin/sh\necho "unshare: unshare failed: Operation not permitted" >&2\nexit 1\n')
  chmodSync(join(bin, 'unshare'), 0o755)
  const path = process.env.PATH
  process.env.PATH = `${bin}:${path}`
  let err: unknown
  try {
    err = await netns.add(name).catch((e: unknown) => e)
  } finally {
    process.env.PATH = path
  }
  t.type(err, NetnsError)
  t.equal((err as NetnsError).code, 'EPERM')
  t.match((err as Error).message, /could not create the namespace: unshare failed \(exit code 1\): unshare: unshare failed: Operation not permitted/)
  t.equal(existsSync(`/run/netns/${name}`), false, 'no file left behind')
  t.notOk(ipList().includes(name))
})

t.test('first use: /run/netns becomes a shared mount point (in a private mount namespace)', { skip: needsRoot }, async (t) => {
  const name = uniqueName('fresh')
  const script = join(import.meta.dirname, 'helpers', 'netns-fresh.ts')
  const shell = `mount -t tmpfs nlw-test /run && exec "$0" --import tsx "$1" "$2"`
  const out = execFileSync('unshare', ['--mount', '--propagation', 'private', 'sh', '-c', shell, process.execPath, script, name], {
    encoding: 'utf8',
  })
  const r = JSON.parse(out) as { before: string[]; after: string[]; listed: string; links: number; left: string[] }
  // The host's own /run/netns mount may be listed, hidden under the tmpfs: only the new one counts.
  t.equal(r.after.length, r.before.length + 1, `one new mount on /run/netns (before ${r.before}, after ${r.after})`)
  t.equal(r.after[r.after.length - 1], 'shared', 'bind-mounted on itself and shared, like `ip netns add` does')
  t.equal(r.listed.trim(), name, '`ip netns list` there sees it')
  t.equal(r.links, 1, 'lo only')
  t.strictSame(r.left, [], 'deleted')
})

t.test('/run/netns is a shared mount point, as iproute2 leaves it', { skip: needsRoot }, async (t) => {
  const name = uniqueName('mnt')
  t.teardown(() => removeNetns(name))
  await netns.add(name)
  const line = execFileSync('findmnt', ['-n', '-o', 'PROPAGATION', NETNS_RUN_DIR], { encoding: 'utf8' }).trim().split('\n')[0]
  t.equal(line, 'shared')
  await netns.del(name)
})
