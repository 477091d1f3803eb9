// The socket's owner going away or stalling: a relay killed with requests in flight, a relay
// stopped (SIGSTOP) until the requests time out and then resumed, a namespace deleted while a
// handle in it is open.
import { existsSync } from 'node:fs'
import type { Netlink } from 'nlwire'
import { NetlinkTimeoutError, NlwireError, RelayError } from 'nlwire'
import { netns } from 'nlwire'
import type { CaseResult, Ctx } from '../cases.js'
import { childCount, ip, mechanismName, openVia, scratchNetns, sleep } from '../util.js'

/** The relay child's pid of a handle opened with { netns }, or undefined (an in-process socket). */
function relayPid(nl: Netlink): number | undefined {
  const pid = (nl.client.transport as { pid?: number }).pid
  return typeof pid === 'number' && pid > 0 ? pid : undefined
}

function classes(rs: PromiseSettledResult<unknown>[]): string {
  const m = new Map<string, number>()
  for (const r of rs) {
    const k = r.status === 'fulfilled' ? 'answered' : r.reason instanceof NlwireError ? (r.reason as Error).name : `untyped ${(r.reason as Error)?.name}`
    m.set(k, (m.get(k) ?? 0) + 1)
  }
  return [...m].map(([k, n]) => `${n} ${k}`).join(', ')
}

export async function relayDeath(ctx: Ctx): Promise<CaseResult[]> {
  const G = 'relay-death'
  const n = ctx.quick ? 100 : 500
  const ns = await scratchNetns('relaydeath')
  const children0 = childCount()
  const nl = await openVia('relay', ns, { maxInFlight: n })
  const pid = relayPid(nl)
  if (pid === undefined) return [{ group: G, name: 'relay killed with requests in flight', ok: true, figure: 'not applicable: open({ netns }) made an in-process socket (no relay)' }]
  const asked = Array.from({ length: n }, () => nl.link.get('lo'))
  process.kill(pid, 'SIGKILL')
  const t0 = performance.now()
  const rs = await Promise.race([Promise.allSettled(asked), sleep(10_000).then(() => undefined)])
  const ms = performance.now() - t0
  const after = await nl.link.get('lo').then(
    () => 'answered',
    (e: unknown) => (e instanceof NlwireError ? (e as Error).name : 'untyped'),
  )
  const closed = await Promise.race([nl.close().then(() => true, () => true), sleep(5000).then(() => false)])
  await sleep(200)
  const children1 = childCount()
  const settled = rs !== undefined
  const typed = settled && rs.every((r) => r.status === 'fulfilled' || r.reason instanceof RelayError)
  const sample = settled ? rs.find((r) => r.status === 'rejected') : undefined
  return [
    {
      group: G,
      name: `relay killed (SIGKILL) with ${n} link.get in flight`,
      ok: settled && typed && after === 'RelayError' && closed && children1 === children0,
      figure:
        `${settled ? classes(rs) : 'did NOT settle within 10 s'} ${ms.toFixed(0)} ms after the kill; the next request: ${after}; close() ${closed ? 'resolved' : 'hung'}; child processes ${children0} → ${children1}` +
        (sample && sample.status === 'rejected' ? `; e.g. "${(sample.reason as Error).message}"` : ''),
    },
  ]
}

export async function sigstop(ctx: Ctx): Promise<CaseResult[]> {
  const G = 'sigstop'
  const ns = await scratchNetns('sigstop')
  const timeout = 500
  const nl = await openVia('relay', ns, { timeout })
  const pid = relayPid(nl)
  const out: CaseResult[] = []
  try {
    if (pid === undefined) return [{ group: G, name: 'relay stopped', ok: true, figure: 'not applicable: no relay process' }]
    await nl.link.get('lo') // up and answering
    process.kill(pid, 'SIGSTOP')
    const t0 = performance.now()
    const err = await nl.link.add({ name: 'late0', kind: 'veth', peer: { name: 'late1' } }).then(() => undefined, (e: unknown) => e)
    const waited = performance.now() - t0
    const absent = !ip(ns, '-o', 'link').includes('late0')
    process.kill(pid, 'SIGCONT')
    const t1 = performance.now()
    let appeared = -1
    for (let i = 0; i < 100; i++) {
      if (ip(ns, '-o', 'link').includes('late0')) {
        appeared = performance.now() - t1
        break
      }
      await sleep(20)
    }
    const te = err as NetlinkTimeoutError | undefined
    out.push({
      group: G,
      name: `link.add through a stopped relay (timeout ${timeout} ms), then SIGCONT`,
      ok: te instanceof NetlinkTimeoutError && te.mayHaveTakenEffect && /may still carry it out/.test(te.message) && absent && appeared >= 0,
      figure:
        `${te instanceof NetlinkTimeoutError ? 'NetlinkTimeoutError' : `not a timeout: ${String(err)}`} after ${waited.toFixed(0)} ms, mayHaveTakenEffect ${te?.mayHaveTakenEffect}; ` +
        `late0 absent while stopped: ${absent}; after SIGCONT the kernel made it anyway, ${appeared >= 0 ? `${appeared.toFixed(0)} ms later` : 'NOT seen within 2 s'} — as the message says: "${te?.message ?? ''}"`,
    })
    // The late ack is dropped, the handle goes on; a read is not retried either.
    const next = await nl.link.get('late0').then((l) => l.name, (e: unknown) => `error ${(e as Error).message}`)
    process.kill(pid, 'SIGSTOP')
    const dumpErr = await nl.link.list().then(() => undefined, (e: unknown) => e)
    process.kill(pid, 'SIGCONT')
    await sleep(100)
    const after = await nl.link.list().then((ls) => ls.length, (e: unknown) => `error ${(e as Error).message}`)
    out.push({
      group: G,
      name: 'after the timeout: the late answer is dropped, a dump that timed out is not retried, the handle works',
      ok: next === 'late0' && dumpErr instanceof NetlinkTimeoutError && !(dumpErr as NetlinkTimeoutError).mayHaveTakenEffect && typeof after === 'number',
      figure: `link.get late0 → ${next}; link.list through a stopped relay → ${dumpErr instanceof NetlinkTimeoutError ? `NetlinkTimeoutError (a read: mayHaveTakenEffect false)` : String(dumpErr)}; after SIGCONT link.list → ${after} links`,
    })
  } finally {
    if (pid !== undefined) {
      try {
        process.kill(pid, 'SIGCONT')
      } catch {}
    }
    await nl.close()
  }
  return out
}

export async function deletedNetns(ctx: Ctx): Promise<CaseResult[]> {
  const G = 'netns-deleted'
  const out: CaseResult[] = []
  for (const via of ['auto', 'relay'] as const) {
    const ns = await scratchNetns('deleted')
    const nl = await openVia(via, ns)
    try {
      await nl.link.add({ name: 'keep0', kind: 'veth', peer: { name: 'keep1' } })
      await netns.del(ns)
      const gone = !existsSync(`/run/netns/${ns}`)
      const n = ctx.quick ? 20 : 100
      const rs = await Promise.allSettled(Array.from({ length: n }, () => nl.link.get('keep0')))
      const ok = rs.filter((r) => r.status === 'fulfilled').length
      const add = await nl.link.add({ name: 'after0', kind: 'bridge' }).then(() => 'made', (e: unknown) => (e as Error).message)
      const list = await nl.link.list().then((ls) => ls.map((l) => l.name).sort().join(' '), (e: unknown) => (e as Error).message)
      const reopen = await openVia(via, ns).then(
        async (h) => (await h.close(), 'opened (!)'),
        (e: unknown) => (e instanceof NlwireError ? `${(e as Error).name}: ${(e as Error).message}` : `untyped: ${String(e)}`),
      )
      out.push({
        group: G,
        name: `netns.del while a handle in it is open (${via === 'relay' ? 'relay process' : `open() on this machine: ${mechanismName()}`})`,
        ok: gone && ok === n && add === 'made' && /keep0/.test(list) && /^(NetnsError|RelayError|ApiError)/.test(reopen),
        figure: `/run/netns entry gone: ${gone}; the handle keeps the namespace alive: ${ok}/${n} requests answered, link.add ${add}, link.list: ${list}; opening it by name again: ${reopen}`,
      })
    } finally {
      await nl.close()
    }
  }
  return out
}
