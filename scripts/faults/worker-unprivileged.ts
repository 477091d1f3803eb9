// Run by the permissions case under setpriv (no capabilities, maybe not root), inside a scratch
// namespace: every API call that changes something, and a few that only read, each reported as
// one JSON line { call, ok, name, code, message, nlwire }. Never throws: a crash is the finding.
import { NlwireError, netns, open } from 'nlwire'

const [scratch] = process.argv.slice(2)
const lines: unknown[] = []
async function attempt(call: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn()
    lines.push({ call, ok: true })
  } catch (e) {
    const err = e as Error & { code?: string }
    lines.push({ call, ok: false, name: err?.name, code: err?.code, message: err?.message, nlwire: e instanceof NlwireError })
  }
}

const nl = await open({ timeout: 5000 })
try {
  await attempt('link.list', () => nl.link.list())
  await attempt('addr.list', () => nl.addr.list())
  await attempt('monitor', async () => {
    const m = nl.monitor(['link'])
    await m.ready
    await m.return()
  })
  await attempt('link.add', () => nl.link.add({ name: 'p0', kind: 'veth', peer: { name: 'p1' } }))
  await attempt('link.set', () => nl.link.set('lo', { mtu: 1400 }))
  await attempt('link.del', () => nl.link.del('v0'))
  await attempt('addr.add', () => nl.addr.add('lo', '10.1.1.1/8'))
  await attempt('route.add', () => nl.route.add({ dst: '10.2.0.0/16', dev: 'lo' }))
  await attempt('neigh.add', () => nl.neigh.add({ dev: 'v0', dst: '10.3.0.9', lladdr: '02:00:00:00:00:09' }))
  await attempt('rule.add', () => nl.rule.add({ from: '10.4.0.0/16', table: 100 }))
  await attempt('nexthop.add', () => nl.nexthop.add({ id: 7, blackhole: true }))
  await attempt('nsid.set', () => nl.nsid.set(scratch!, 9))
  await attempt('netns.add', () => netns.add(`nlw-${process.pid}-1-unpriv`))
  await attempt('open netns', async () => {
    const h = await open({ netns: scratch! })
    await h.close()
  })
} finally {
  await nl.close()
}
for (const l of lines) console.log(JSON.stringify(l))
