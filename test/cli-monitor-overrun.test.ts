// `nlwire monitor` survives a notification flood: with a 1-byte receive buffer (--recv-buffer 1)
// and the monitor stopped (SIGSTOP to its process group, relay children included) while
// `ip -batch` makes 150 veth pairs, notifications are lost; the monitor prints that one line (or
// an "overrun" JSON record), the snapshot of every link, "resync done" ("resynced"), and then
// later events as before, and exits 0 on Ctrl-C. CI runs it on both paths (in-process socket,
// relay children).
import { execFileSync } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import t from 'tap'
import type * as Tap from 'tap'
import { needsRoot, ipJson, scratchNetns, waitFor } from './helpers/scratch.js'
import { type Watched, barrier, watch } from './helpers/monitor-side-by-side.js'

const MAIN = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))
const PAIRS = 150

/** The CLI in a process group of its own (so that SIGSTOP reaches its relay children too). */
function start(t: Tap.Test, args: string[]): Watched {
  return watch(t, process.execPath, ['--import', 'tsx', MAIN, 'monitor', ...args], { group: true })
}

type Rec = { type: string; text?: string; resync?: boolean; count?: number; dropped?: number | null; body?: { ifname?: string } }

t.test('a flood: overrun reported, snapshot, later events, exit 0', { skip: needsRoot, timeout: 180_000 }, async (t) => {
  const ns = scratchNetns(t, 'cliflood')
  const json = start(t, ['link', '--netns', ns, '--json', '--recv-buffer', '1'])
  const text = start(t, ['link', '--netns', ns, '--recv-buffer', '1'])
  await barrier(ns, [json, text])
  const batch = `/tmp/nlw-cliflood-${process.pid}.batch`
  writeFileSync(batch, Array.from({ length: PAIRS }, (_, i) => `link add nlwca${i} type veth peer name nlwcb${i}`).join('\n') + '\n')
  t.teardown(() => rmSync(batch, { force: true }))
  for (const w of [json, text]) process.kill(-w.child.pid!, 'SIGSTOP')
  try {
    execFileSync('ip', ['-n', ns, '-batch', batch], { stdio: 'pipe', timeout: 60_000 })
  } finally {
    for (const w of [json, text]) process.kill(-w.child.pid!, 'SIGCONT')
  }
  const kernel = ipJson<{ ifname: string }[]>(ns, 'link', 'show').map((l) => l.ifname).sort()
  t.equal(kernel.length, 1 + 2 * PAIRS, 'lo and the veths in the kernel')

  // Complete lines only: the monitor may be half-way through writing the last one.
  const records = (): Rec[] => {
    const out = json.out()
    return out
      .slice(0, out.lastIndexOf('\n') + 1)
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Rec)
  }
  const settled = (): boolean => {
    const r = records()
    const o = r.map((x) => x.type).lastIndexOf('overrun')
    return o >= 0 && r.slice(o).some((x) => x.type === 'resynced') && /resync done/.test(text.out().slice(text.out().lastIndexOf('lost (')))
  }
  t.ok(await waitFor(settled, 60_000, 100), `both monitors reported an overrun and finished a resync after it (stderr: ${json.err()}${text.err()})`)
  // Later events still arrive after the snapshot.
  let marker: string
  try {
    marker = await barrier(ns, [json, text])
  } catch (e) {
    t.fail(`${(e as Error).message}; the monitors' output ends: ${json.out().slice(-300)} | ${text.out().slice(-300)}`)
    return
  }

  const r = records()
  const lastOverrun = r.map((x) => x.type).lastIndexOf('overrun')
  const end = r.findIndex((x, i) => i > lastOverrun && x.type === 'resynced')
  const snapshot = r.slice(lastOverrun + 1, end)
  t.ok(r[lastOverrun]!.dropped === null || (r[lastOverrun]!.dropped as number) > 0, `the overrun record (dropped: ${r[lastOverrun]!.dropped})`)
  t.ok(snapshot.every((x) => x.resync === true && x.type === 'RTM_NEWLINK'), "the snapshot: RTM_NEWLINK records marked resync")
  t.equal(r[end]!.count, snapshot.length, "'resynced' counts the snapshot")
  t.strictSame(snapshot.map((x) => x.body!.ifname!).sort(), kernel, "the snapshot after the last overrun is the kernel's links")
  t.ok(r.slice(end + 1).some((x) => x.resync === undefined && x.text?.includes(marker)), 'a later event after the snapshot')

  const out = text.out()
  t.match(out, /nlwire monitor: (\d+ notifications|notifications) lost \(.*\); a resync follows: a dump of link\n/, 'text: the overrun line')
  const tail = out.slice(out.lastIndexOf('notifications lost ('))
  t.match(tail, new RegExp(`nlwire monitor: resync done: ${kernel.length} objects re-read\\n`), 'text: the resync line, with the count')
  t.ok(tail.indexOf(marker) > tail.indexOf('resync done'), 'text: a later event after it')

  for (const w of [json, text]) {
    w.child.kill('SIGINT')
    t.equal(await Promise.race([w.exited, new Promise<string>((res) => setTimeout(() => res('timeout'), 15_000))]), 0, 'Ctrl-C: exit 0')
    t.notMatch(w.err(), /terminate called/, 'no abort')
  }
})
