// DEBUG=nlwire:* tracing: one line per message, with type, flags, seq, length and a summary.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { NLMSG_DONE, NLM_F_ACK, NLM_F_MULTI, NLM_F_REQUEST } from '../codecs/core/nlmsg.js'
import { RTM_GETLINK } from '../codecs/rtnetlink.js'
import { defaultSummary, describeMessage, setMessageSummary } from '../src/debug.js'

t.test('DEBUG=nlwire:send,nlwire:recv prints one line per message', async (t) => {
  const script = join(import.meta.dirname, 'helpers', 'debug-run.ts')
  const r = spawnSync(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, DEBUG: 'nlwire:send,nlwire:recv', DEBUG_COLORS: 'no', DEBUG_HIDE_DATE: 'yes' },
    encoding: 'utf8',
  })
  t.equal(r.status, 0, r.stderr)
  const lines = r.stderr.split('\n').filter((l) => l.includes('nlwire:'))
  t.equal(lines.length, 2)
  // The summary of the request depends on whether a link codec is registered: not checked here.
  t.match(lines[0], /^nlwire:send \[fake\] → RTM_GETLINK flags=0x0005 REQUEST\|ACK seq=1 pid=0 len=32 \| /)
  t.equal(lines[1], 'nlwire:recv [fake] ← NLMSG_ERROR flags=0x0200 ACK_TLVS seq=1 pid=4242 len=72 | ENODEV (No such device) for RTM_GETLINK seq 1: "no such thing"')
})

t.test('without DEBUG nothing is printed', async (t) => {
  const env = { ...process.env }
  delete env.DEBUG
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'debug-run.ts')], { env, encoding: 'utf8' })
  t.equal(r.status, 0)
  t.equal(r.stderr, '')
})

t.test('the summary is pluggable', async (t) => {
  const done = { type: NLMSG_DONE, flags: NLM_F_MULTI, seq: 3, pid: 9, body: { error: 0 } }
  t.equal(describeMessage('←', done, 20), '← NLMSG_DONE flags=0x0002 MULTI seq=3 pid=9 len=20 | end of dump')
  setMessageSummary((m) => (m.type === RTM_GETLINK ? 'get a link' : defaultSummary(m)))
  t.teardown(() => setMessageSummary(defaultSummary))
  const req = { type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 1, pid: 0, body: new Uint8Array(16) }
  t.equal(describeMessage('→', req, 32), '→ RTM_GETLINK flags=0x0005 REQUEST|ACK seq=1 pid=0 len=32 | get a link')
  t.equal(defaultSummary({ ...req, body: { ifiIndex: 1, ifname: 'lo', mtu: 65536, nest: { a: 1 } } }), 'ifiIndex=1 ifname="lo" mtu=65536')
})
