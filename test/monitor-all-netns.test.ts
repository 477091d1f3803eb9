// nlwire monitor --all-netns beside `ip -d monitor all-nsid`, both started in a scratch "host"
// namespace A: A's own events ([nsid current]), events of a namespace B that A has nsid 5 for
// ([nsid 5]), and of a namespace C added while both run (nsid 7) — character for character. And
// the API's monitorAllNetns(): every event labelled with its namespace, C picked up as it appears.
//
// ip keeps one interface-name cache for all namespaces (an ifindex in B can name a link in A); the
// steps keep the namespaces' ifindexes apart so that the comparison is about the text, not that.
import { spawnSync } from 'node:child_process'
import t from 'tap'
import type * as Tap from 'tap'
import { monitorAllNetns, type NetnsEvent } from '../src/api/monitor-all.js'
import { netns } from '../src/netns.js'
import { needsRoot, inNetns, ip, scratchNetns, uniqueName, waitFor } from './helpers/scratch.js'
import { barrier, between, stop, watch } from './helpers/monitor-side-by-side.js'
import { fileURLToPath } from 'node:url'

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))

/**
 * nlwire's text without the events of named namespaces that have no nsid in A ([netns NAME]):
 * ip's all-nsid cannot see those, and other processes on the machine make and use namespaces.
 */
function seenByIp(text: string): string {
  const out: string[] = []
  let skipping = false
  for (const line of text.split('\n')) {
    if (line.startsWith('[netns ')) skipping = true
    else if (!/^\s/.test(line)) skipping = false
    if (!skipping) out.push(line)
  }
  return out.join('\n')
}

function compare(t: Tap.Test, label: string, expected: string, actual: string): void {
  actual = seenByIp(actual)
  const el = expected.split('\n')
  const al = actual.split('\n')
  const firstDiff = el.findIndex((l, i) => l !== al[i])
  t.ok(el.length > 3, `${label}: ip printed ${el.length} lines`)
  t.equal(actual, expected, firstDiff >= 0 ? `${label}: first difference at line ${firstDiff + 1}:\nip:     ${JSON.stringify(el[firstDiff])}\nnlwire: ${JSON.stringify(al[firstDiff])}` : `${label}: character for character`)
}

t.test('nlwire monitor --all-netns prints what ip -d monitor all-nsid prints', { skip: needsRoot }, async (t) => {
  const a = scratchNetns(t, 'ama')
  const b = scratchNetns(t, 'amb')
  const c = uniqueName('amc')
  t.teardown(() => void spawnSync('ip', ['netns', 'del', c]))
  ip('-n', a, 'netns', 'set', b, '5')
  // A's new links get ifindexes 2 and 3, B's 8 and 9 (B has 2..7 already, made before ip started
  // and so not in its cache): no ifindex names two links while both monitors run.
  for (const [x, y] of [['pre0', 'pre1'], ['pre2', 'pre3'], ['pre4', 'pre5']]) ip('-n', b, 'link', 'add', x!, 'type', 'veth', 'peer', 'name', y!)
  const ipmon = watch(t, 'ip', ['netns', 'exec', a, 'ip', '-d', 'monitor', 'all-nsid', 'link', 'address'])
  const nlw = watch(t, 'ip', ['netns', 'exec', a, process.execPath, '--import', 'tsx', MAIN, 'monitor', '--all-netns', 'link', 'address'])
  const start = await barrier(a, [ipmon, nlw])
  for (const s of [
    ['link', 'add', 'x0', 'type', 'veth', 'peer', 'name', 'x1'],
    ['link', 'set', 'x0', 'up'],
    ['addr', 'add', '10.5.0.1/24', 'dev', 'x0'],
  ]) inNetns(b, s)
  for (const s of [
    ['link', 'add', 'y0', 'type', 'veth', 'peer', 'name', 'y1'],
    ['link', 'set', 'y1', 'mtu', '1400'],
    ['addr', 'add', '10.6.0.1/24', 'dev', 'y0'],
  ]) inNetns(a, s)
  inNetns(b, ['link', 'del', 'x0'])
  const mid = await barrier(a, [ipmon, nlw])
  compare(t, 'A and B', between(ipmon.out(), start, mid), between(nlw.out(), start, mid))

  // C appears while both run; A gives it nsid 7 (ip all-nsid sees it from then on).
  ip('netns', 'add', c)
  // C's bridge gets ifindex 12, which neither A nor B uses.
  for (let i = 0; i < 5; i++) ip('-n', c, 'link', 'add', `cpre${i}`, 'type', 'veth', 'peer', 'name', `cpeer${i}`)
  ip('-n', a, 'netns', 'set', c, '7')
  const cStart = await barrier(c, [ipmon, nlw])
  inNetns(c, ['link', 'add', 'br7', 'type', 'bridge'])
  inNetns(c, ['addr', 'add', '10.7.0.1/24', 'dev', 'br7'])
  const cEnd = await barrier(c, [ipmon, nlw])
  compare(t, 'C, added later', between(ipmon.out(), cStart, cEnd), between(nlw.out(), cStart, cEnd))
  t.match(between(nlw.out(), cStart, cEnd), /^\[nsid 7\]12: br7: /m)
  t.match(between(nlw.out(), start, mid), /^\[nsid 5\]\d+: x0@x1: /m)
  t.match(between(nlw.out(), start, mid), /^\[nsid current\]\d+: y0@y1: /m)
  t.equal(await stop(nlw, 'SIGINT'), 0, 'Ctrl-C: nlwire monitor exits cleanly')
  await stop(ipmon, 'SIGTERM')
})

t.test('monitorAllNetns(): typed events labelled with their namespace, new namespaces picked up', { skip: needsRoot }, async (t) => {
  const b = scratchNetns(t, 'apb')
  const c = uniqueName('apc')
  t.teardown(() => netns.del(c).catch(() => {}))
  const m = monitorAllNetns(['link'])
  t.teardown(() => m.close())
  await m.ready
  const seen: NetnsEvent[] = []
  const reader = (async () => {
    for await (const ev of m) seen.push(ev)
  })()
  inNetns(b, ['link', 'add', 'nlwq0', 'type', 'veth', 'peer', 'name', 'nlwq1'])
  t.ok(await waitFor(() => seen.some((e) => e.netns === b && e.event.object === 'link' && e.event.link.name === 'nlwq0'), 10_000), `an event from ${b}, labelled`)
  await netns.add(c)
  let made = false
  let poke = 60000
  t.ok(
    await waitFor(() => {
      // The new namespace is attached asynchronously: poke it until an event arrives from it.
      if (!made) {
        const r = spawnSync('ip', ['-n', c, 'link', 'add', 'nlwr0', 'type', 'veth', 'peer', 'name', 'nlwr1'])
        made = r.status === 0
      } else spawnSync('ip', ['-n', c, 'link', 'set', 'lo', 'mtu', String(poke++)])
      return seen.some((e) => e.netns === c && e.event.object === 'link')
    }, 10_000, 200),
    `${c}, added later, is watched too`,
  )
  t.notOk(seen.some((e) => e.netns === null && e.event.object === 'link' && /^nlw[qr]/.test(e.event.link.name ?? '')), 'nothing from the scratch namespaces is labelled as the current one')
  await m.close()
  await reader
})
