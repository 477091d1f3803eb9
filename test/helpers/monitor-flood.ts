// Run by test/monitor-overrun.test.ts in a child: a link monitor with a tiny receive buffer in a
// namespace, 150 veth pairs made by `ip -batch` while this event loop is busy (nothing reads the
// socket), then the consumer's view rebuilt from events — overrun, resync snapshot, later events —
// compared with the kernel's links. Prints a JSON report; that it prints at all shows the process
// survived the overrun.
import { spawn } from 'node:child_process'
import { rmSync, writeFileSync } from 'node:fs'
import { open } from '../../src/api/netlink.js'
import type { NetlinkEvent } from '../../src/api/monitor.js'

const [ns, countArg] = process.argv.slice(2)
const pairs = Number(countArg ?? 150)
const nl = await open({ netns: ns!, monitorRecvBufferSize: 1 })
const view = new Map<number, string>()
for (const l of await nl.link.list()) view.set(l.index, l.name)
const m = nl.monitor(['link'])
await m.ready
const carrier = nl.client.notificationTransport?.name

const batch = `/tmp/nlw-flood-${process.pid}.batch`
writeFileSync(batch, Array.from({ length: pairs }, (_, i) => `link add nlwfa${i} type veth peer name nlwfb${i}`).join('\n') + '\n')
const ip = spawn('ip', ['-n', ns!, '-batch', batch], { stdio: 'ignore' })
const ipDone = new Promise<number | null>((r) => ip.on('close', r))
const busyUntil = Date.now() + 3000
while (Date.now() < busyUntil) {} // the event loop is busy: nothing reads the notification socket

const events: string[] = []
let overruns = 0
let dropped = 0
let rebuilding: Map<number, string> | null = null
let resynced = 0
const apply = (ev: NetlinkEvent) => {
  if (ev.object === 'overrun') {
    overruns++
    dropped += ev.dropped ?? 0
    rebuilding = new Map()
  } else if (ev.object === 'resynced') {
    resynced++
    if (rebuilding !== null) {
      view.clear()
      for (const [k, v] of rebuilding) view.set(k, v)
    }
    rebuilding = null
  } else if (ev.object === 'link') {
    const target = ev.resync && rebuilding !== null ? rebuilding : view
    if (ev.action === 'new') target.set(ev.link.index, ev.link.name ?? '')
    else target.delete(ev.link.index)
  }
  events.push(ev.object)
}
// Read until ip is done and nothing has arrived for a while (bounded).
let ipExit: number | null | undefined
void ipDone.then((c) => (ipExit = c))
const deadline = Date.now() + 60_000
let last = Date.now()
const it = m[Symbol.asyncIterator]()
let pending: Promise<IteratorResult<NetlinkEvent>> | undefined
while (Date.now() < deadline) {
  const quietFor = Date.now() - last
  if (ipExit !== undefined && quietFor > 1500 && rebuilding === null) break
  pending ??= it.next() // kept across ticks: a result is never dropped
  const next = await Promise.race([pending, new Promise<'tick'>((r) => setTimeout(() => r('tick'), 250))])
  if (next === 'tick') continue
  pending = undefined
  if (next.done) break
  apply(next.value)
  last = Date.now()
}
await m.return()
const kernel = new Map((await nl.link.list()).map((l) => [l.index, l.name] as const))
const same = kernel.size === view.size && [...kernel].every(([k, v]) => view.get(k) === v)
await nl.close()
rmSync(batch, { force: true })
const missing = [...kernel].filter(([k, v]) => view.get(k) !== v).map(([k, v]) => `${k}:${v}`)
const extra = [...view].filter(([k]) => !kernel.has(k)).map(([k, v]) => `${k}:${v}`)
// The contract: a snapshot follows the latest overrun (an overrun before or during a snapshot is
// reported again and the snapshot starts over, so there may be fewer 'resynced' than 'overrun').
const resyncedAfterLastOverrun = events.lastIndexOf('resynced') > events.lastIndexOf('overrun')
console.log(JSON.stringify({ missing, extra, alive: true, carrier, ipExit, overruns, dropped, resynced, resyncedAfterLastOverrun, events: events.length, kernelLinks: kernel.size, viewLinks: view.size, same }))
process.exit(0)
