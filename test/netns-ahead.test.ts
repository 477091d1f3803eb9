// Namespaces made ahead on the helper thread (src/transport/netns-helper.ts): what netns.add
// gives is the same whichever thread made the namespace, each name is made once, a namespace made
// ahead that nobody asked for is removed by close(), errors are netns.add's own, and topology up
// stopped by a failure leaves none behind.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import t from 'tap'
import type * as Tap from 'tap'
import { NetnsError } from '../src/errors.js'
import { ahead, netns } from '../src/netns.js'
import { TopologyApplyError } from '../src/topology/errors.js'
import * as topology from '../src/topology/index.js'
import { LocalMachine } from '../src/topology/machine.js'
import { AHEAD_MIN } from '../src/transport/netns-helper.js'
import { ip, ipIn, needsRoot, removeNetns, uniqueName, until } from './helpers/scratch.js'

const info = netns.mechanism()
const SETNS = needsRoot || (info.mechanism === 'setns' ? false : `the in-process path is not in use: ${info.reason}`)

/** Fresh names, removed in teardown whatever happens. */
function fresh(t: Tap.Test, purpose: string, n: number): string[] {
  const all = Array.from({ length: n }, () => uniqueName(purpose))
  t.teardown(() => all.forEach(removeNetns))
  return all
}

/** Which of these names `ip netns list` shows. */
const listed = (names: readonly string[]): string[] => {
  const all = new Set(ip('netns', 'list').split('\n').map((l) => l.split(' ')[0]!))
  return names.filter((n) => all.has(n))
}

/** The namespace's identity: the nsfs inode its file is bound to. */
const nsId = (file: string): number => statSync(file).ino

t.test('made ahead or here, each is a new namespace of its own, made once', { skip: SETNS }, async (t) => {
  const names = fresh(t, 'ahd', 8)
  const batch = ahead(names)
  if (batch === undefined) return t.fail('a batch of 8 is made ahead')
  // Let the helper get ahead, so that some are its and the rest are made here.
  t.ok(await until(() => batch.madeAhead() > 0, 10_000), 'the helper thread makes some')
  for (const n of names) await (batch.add(n) ?? t.fail(`${n} belongs to the batch`))
  const made = batch.madeAhead()
  await batch.close()
  t.ok(made > 0 && made <= names.length, `the helper made ${made} of ${names.length}; this thread the rest`)
  t.strictSame(listed(names), names, 'ip netns list shows every one')
  const ids = new Set(names.map((n) => nsId(`/run/netns/${n}`)))
  t.equal(ids.size, names.length, 'eight distinct namespaces')
  t.notOk(ids.has(nsId('/proc/thread-self/ns/net')), 'none of them is this thread’s own')
  for (const n of names) t.match(ipIn(n, 'link', 'show'), /^1: lo: <LOOPBACK> mtu 65536 .*state DOWN/, `${n}: a fresh namespace (only lo, down)`)
  t.equal(batch.add(names[0]!), undefined, 'a closed batch hands every name back to netns.add')
})

t.test('close() removes what was made ahead and not asked for; nothing else', { skip: SETNS }, async (t) => {
  const names = fresh(t, 'ahc', 8)
  const batch = ahead(names)
  if (batch === undefined) return t.fail('a batch of 8 is made ahead')
  await batch.add(names[0]!)
  await batch.add(names[1]!)
  t.ok(await until(() => batch.madeAhead() >= 6 || listed(names).length === names.length, 10_000), 'the helper makes the rest')
  await batch.close()
  t.strictSame(listed(names), names.slice(0, 2), 'only the two asked for are left')
})

t.test('errors are netns.add’s own: a name that exists already', { skip: SETNS }, async (t) => {
  const names = fresh(t, 'ahe', 6)
  await netns.add(names[4]!) // before the batch: the helper's create fails, and the batch leaves it as it was
  const before = nsId(`/run/netns/${names[4]}`)
  const batch = ahead(names)
  if (batch === undefined) return t.fail('a batch of 6 is made ahead')
  t.ok(await until(() => batch.madeAhead() >= 5, 10_000), 'the helper makes the other five')
  const alone = await netns.add(names[4]!).catch((e: unknown) => e)
  const via = await (batch.add(names[4]!) ?? Promise.resolve()).catch((e: unknown) => e)
  t.ok(via instanceof NetnsError, 'a NetnsError')
  t.strictSame({ code: (via as NetnsError).code, message: (via as Error).message }, { code: (alone as NetnsError).code, message: (alone as Error).message }, 'the same error as netns.add alone')
  t.equal((via as NetnsError).code, 'EEXIST')
  for (const n of names.filter((_, i) => i !== 4)) await batch.add(n)
  await batch.close()
  t.equal(nsId(`/run/netns/${names[4]}`), before, 'the namespace that was there is untouched')
  t.strictSame(listed(names), names, 'and the others are made')
})

t.test('few names, or invalid ones: nothing is made ahead', { skip: SETNS }, async (t) => {
  t.equal(ahead(['a', 'b', 'c'].slice(0, AHEAD_MIN - 1)), undefined, `fewer than ${AHEAD_MIN} names: netns.add alone`)
  const names = fresh(t, 'ahv', AHEAD_MIN)
  const batch = ahead([...names, 'bad/name'])
  if (batch === undefined) return t.fail('the valid names are a batch')
  t.equal(batch.add('bad/name'), undefined, 'an invalid name is left to netns.add, which says why')
  for (const n of names) await batch.add(n)
  await batch.close()
  t.strictSame(listed(names), names)
})

t.test('topology up stopped by a failure while namespaces are made leaves none behind', { skip: SETNS }, async (t) => {
  const prefix = `${uniqueName('aht')}-`
  const host = `${prefix}h`
  const nodes: Record<string, object> = {}
  for (let i = 1; i <= 10; i++) nodes[`ns${i}`] = {}
  const spec = { name: 'ahead', nodes }
  const all = [host, ...Object.keys(nodes).map((n) => prefix + n)]
  t.teardown(() => all.forEach(removeNetns))
  class Failing extends LocalMachine {
    override async netnsAdd(name: string): Promise<void> {
      if (name === `${prefix}ns3`) {
        // By now the helper has had time to make namespaces from the back of the list.
        await until(() => readdirSync('/run/netns').filter((n) => all.includes(n)).length >= 6, 5000)
        throw new NetnsError('netns.add', name, 'EIO', 'injected by the test')
      }
      return super.netnsAdd(name)
    }
  }
  const machine = new Failing()
  t.teardown(() => machine.close())
  const err = await topology.up(spec, { prefix, host, machine }).catch((e: unknown) => e)
  t.ok(err instanceof TopologyApplyError, 'up fails with the step')
  t.match((err as Error).message, /injected by the test/, 'and the original error')
  t.strictSame(listed(all), [], 'no namespace of the run is left: neither the made nor the made-ahead')
})

t.test('a batch nobody closed does not keep the process alive once the helper is done', { skip: SETNS }, async (t) => {
  const names = fresh(t, 'ahx', 6)
  // Held open by the worker, the child would be killed by spawnSync's timeout (status null).
  const code = `
    import { ahead } from './src/netns.ts'
    const b = ahead(${JSON.stringify(names)})
    console.log(b === undefined ? 'no batch' : 'batch')
  `
  const started = Date.now()
  const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', timeout: 30_000, cwd: process.cwd() })
  t.equal(r.status, 0, r.stderr)
  t.equal(r.stdout.trim(), 'batch')
  t.ok(Date.now() - started < 25_000, 'it exits by itself')
  // The helper finished its job before the process could exit: whatever it made is whole.
  for (const n of listed(names)) t.match(ipIn(n, 'link', 'show'), /^1: lo: /, `${n}: made whole`)
})

t.test('where koffi is not used, nothing is made ahead', { skip: needsRoot || (info.mechanism === 'relay' ? false : 'runs in the relay pass (NLWIRE_NETNS=relay)') }, async (t) => {
  t.equal(ahead(['a', 'b', 'c', 'd', 'e']), undefined)
})
