// A notification flood never kills the user's process: the monitor reports the overrun as an
// event, dumps what it watches, and the consumer's view ends equal to the kernel's. The flood: a
// 1-byte SO_RCVBUF (the kernel's minimum), 150 veth pairs made by `ip -batch` while the event
// loop is busy. Without NETLINK_NO_ENOBUFS the `netlink` package aborts the process here
// ("terminate called after throwing an instance of 'Napi::Error'", exit 134); on the in-process
// path the socket has it and the drop counter tells how many were lost.
import { spawn } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { netns } from '../src/netns.js'
import { needsRoot, scratchNetns } from './helpers/scratch.js'

const inProcess = netns.mechanism().mechanism === 'setns'
const helper = join(import.meta.dirname, 'helpers', 'monitor-flood.ts')

function flood(ns: string): Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', helper, ns, '150'], { stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, killSignal: 'SIGKILL' })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }))
  })
}

t.test(`a flood on a 1-byte receive buffer while the loop is busy (${inProcess ? 'in-process socket, NETLINK_NO_ENOBUFS' : 'relay child'})`, { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'fld')
  const r = await flood(ns)
  t.equal(r.signal, null, 'not killed')
  t.equal(r.code, 0, r.stderr)
  t.notMatch(r.stderr, /terminate called/, 'no abort from the netlink package')
  const out = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number | boolean | string>
  t.equal(out.alive, true)
  t.equal(out.ipExit, 0, 'ip -batch made all 150 pairs')
  t.equal(out.kernelLinks, 301, 'lo and 300 veths in the kernel')
  t.equal(out.same, true, `the consumer's view is the kernel's (${out.viewLinks} links seen, ${out.events} events)`)
  if (inProcess) {
    t.match(out.carrier, /^netns:.*:monitor$/, 'notifications on a socket of this process, no relay child')
    t.ok((out.overruns as number) >= 1, `overrun reported as an event (${out.overruns})`)
    t.ok((out.dropped as number) > 0, `the drop counter says how many were lost (${out.dropped})`)
  } else {
    t.comment(`relay path: ${out.overruns} overruns, ${out.resynced} resyncs`)
  }
  // An overrun while the monitor resubscribes is reported again; one snapshot follows the latest.
  const overruns = out.overruns as number
  const resynced = out.resynced as number
  if (overruns > 0) {
    t.ok(resynced >= 1 && resynced <= overruns, `between one and ${overruns} snapshots (${resynced})`)
    t.equal(out.resyncedAfterLastOverrun, true, "a 'resynced' follows the last 'overrun'")
  } else {
    t.equal(resynced, 0, 'no overrun, no snapshot')
  }
})
