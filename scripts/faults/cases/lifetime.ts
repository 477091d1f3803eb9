// Lifetime: 1000 open/request/close cycles leave no fd, process or memory behind; 1000 requests in
// flight on one handle each get their own answer.
import { open } from 'nlwire'
import type { CaseResult, Ctx } from '../cases.js'
import { childCount, fdCount, gc, ip, ipBatch, mechanismName, openVia, rssMiB, scratchNetns, sleep } from '../util.js'

const G = 'cycles'

async function settle(): Promise<void> {
  // Let exited children be reaped and closed handles be collected.
  await sleep(200)
  gc()
  await sleep(50)
  gc()
}

export async function cycles(ctx: Ctx): Promise<CaseResult[]> {
  const out: CaseResult[] = []
  const other = await scratchNetns('cycles')
  const runs: [string, number, string | undefined, 'auto' | 'relay'][] = [
    ['a socket in this namespace', ctx.quick ? 200 : 1000, undefined, 'auto'],
    [`a named namespace, as open() does it here (${mechanismName()})`, ctx.quick ? 200 : 1000, other, 'auto'],
    ['a named namespace through a relay process (the fallback: one child per handle)', ctx.quick ? 30 : 1000, other, 'relay'],
  ]
  for (const [what, n, ns, via] of runs) {
    // A first cycle warms up (module loading, the relay's first spawn) before the baseline.
    const once = async (): Promise<void> => {
      const nl = ns !== undefined ? await openVia(via, ns) : await open()
      try {
        const lo = await nl.link.get('lo')
        if (lo.name !== 'lo') throw new Error(`link.get lo answered ${lo.name}`)
      } finally {
        await nl.close()
      }
    }
    await once()
    await settle()
    const before = { fds: fdCount(), children: childCount(), rss: rssMiB() }
    const t0 = performance.now()
    const samples: number[] = []
    for (let i = 0; i < n; i++) {
      await once()
      if ((i + 1) % Math.ceil(n / 4) === 0) {
        await settle()
        samples.push(rssMiB())
      }
    }
    const ms = performance.now() - t0
    await settle()
    const after = { fds: fdCount(), children: childCount(), rss: rssMiB() }
    // RSS: flat means no growth with the count — the last quarter no higher than the first (+8 MiB slack for the allocator).
    const growth = samples.length >= 2 ? samples[samples.length - 1]! - samples[0]! : 0
    const ok = after.fds === before.fds && after.children === before.children && growth < 8
    out.push({
      group: G,
      name: `${n} × open / link.get lo / close, ${what}`,
      ok,
      figure:
        `fds ${before.fds} → ${after.fds}, child processes ${before.children} → ${after.children}, ` +
        `RSS ${before.rss.toFixed(1)} → ${after.rss.toFixed(1)} MiB (at each quarter: ${samples.map((s) => s.toFixed(1)).join(', ')}), ${(ms / n).toFixed(2)} ms per cycle`,
    })
  }
  return out
}

export async function inFlight(ctx: Ctx): Promise<CaseResult[]> {
  const G2 = 'in-flight'
  const out: CaseResult[] = []
  const n = ctx.quick ? 300 : 1000
  const ns = await scratchNetns('inflight')
  // 25 veth pairs to ask about, and one link to put addresses on.
  ipBatch(ns, ['link add v0 type veth peer name v1', ...Array.from({ length: 25 }, (_, i) => `link add a${i} type veth peer name b${i}`)])
  const names = Array.from({ length: 25 }, (_, i) => [`a${i}`, `b${i}`]).flat()
  // Every request on the socket at once (the default window is 64).
  for (const maxInFlight of [64, n]) {
    const nl = await open({ netns: ns, maxInFlight, timeout: 30_000 })
    try {
      const t0 = performance.now()
      const asked = Array.from({ length: n }, (_, i) => names[(i * 7) % names.length]!)
      const got = await Promise.allSettled(asked.map((name) => nl.link.get(name)))
      const ms = performance.now() - t0
      const matched = got.filter((g, i) => g.status === 'fulfilled' && g.value.name === asked[i]).length
      out.push({ group: G2, name: `${n} link.get in flight at once (window ${maxInFlight}), 50 different links`, ok: matched === n, figure: `${matched}/${n} answers are the link asked for, ${ms.toFixed(0)} ms` })
    } finally {
      await nl.close()
    }
  }
  const nl = await open({ netns: ns, maxInFlight: n, timeout: 30_000 })
  try {
    const cidrs = Array.from({ length: n }, (_, i) => `10.77.${i >> 8}.${(i & 255) + 0}/32`)
    const t0 = performance.now()
    const acks = await Promise.allSettled(cidrs.map((c) => nl.addr.add('v0', c)))
    const ms = performance.now() - t0
    const acked = acks.filter((a) => a.status === 'fulfilled').length
    const kernel = new Set((JSON.parse(ip(ns, '-j', 'addr', 'show', 'dev', 'v0')) as { addr_info: { local: string; prefixlen: number }[] }[])[0]!.addr_info.map((a) => `${a.local}/${a.prefixlen}`))
    const present = cidrs.filter((c) => kernel.has(c)).length
    // And each one's ack belongs to it: deleting them all again, one refusal per address already gone.
    const dels = await Promise.allSettled(cidrs.map((c) => nl.addr.del('v0', c)))
    const again = await Promise.allSettled(cidrs.slice(0, 20).map((c) => nl.addr.del('v0', c)))
    const refusedRight = again.filter((a, i) => a.status === 'rejected' && (a.reason as { code?: string }).code === 'EADDRNOTAVAIL' && String((a.reason as Error).message).includes(cidrs[i]!)).length
    out.push({
      group: G2,
      name: `${n} addr.add in flight at once on one handle, then ${n} addr.del`,
      ok: acked === n && present === n && dels.every((d) => d.status === 'fulfilled') && refusedRight === 20,
      figure: `${acked}/${n} acked, ${present}/${n} in ip -j addr show, ${ms.toFixed(0)} ms; ${dels.filter((d) => d.status === 'fulfilled').length}/${n} deleted; 20/20 deletes of gone addresses refused naming their own address: ${refusedRight}/20`,
    })
  } finally {
    await nl.close()
  }
  return out
}

