// Notification floods: a consumer that does not keep up, and a socket the kernel overruns. Today
// (before the in-process namespaces of issue 10) a full queue ends the subscription with
// NetlinkOverrunError and a kernel overrun (ENOBUFS) with NetlinkSocketError; either way the
// consumer re-reads the state with a dump and subscribes again — checked here against `ip -j`.
import { open, type Netlink } from 'nlwire'
import { NetlinkOverrunError, NetlinkSocketError, NlwireError } from 'nlwire'
import type { CaseResult, Ctx } from '../cases.js'
import { ip, ipBatch, scratchNetns, sleep } from '../util.js'

/** Links as the kernel lists them: "index name" sorted. */
function kernelLinks(ns: string): string {
  return (JSON.parse(ip(ns, '-j', 'link', 'show')) as { ifindex: number; ifname: string }[]).map((l) => `${l.ifindex} ${l.ifname}`).sort().join(',')
}

async function ourLinks(nl: Netlink): Promise<string> {
  return (await nl.link.list()).map((l) => `${l.index} ${l.name}`).sort().join(',')
}

/** Make `n` link notifications (add/set/del of veth pairs) in one ip -batch. */
function churn(ns: string, pairs: number): void {
  const lines: string[] = []
  for (let i = 0; i < pairs; i++) lines.push(`link add f${i} type veth peer name g${i}`, `link set f${i} up`)
  for (let i = 0; i < pairs; i += 2) lines.push(`link del f${i}`)
  ipBatch(ns, lines)
}

export async function flood(ctx: Ctx): Promise<CaseResult[]> {
  const G = 'flood'
  const out: CaseResult[] = []
  const pairs = ctx.quick ? 100 : 400
  {
    const ns = await scratchNetns('flood')
    const nl = await open({ netns: ns, queueSize: 64 })
    try {
      const m = nl.monitor(['link'])
      await m.ready
      const t0 = performance.now()
      churn(ns, pairs)
      await sleep(300)
      let events = 0
      let err: unknown
      try {
        for (;;) {
          const r = await Promise.race([m.next(), sleep(5000).then(() => 'stalled' as const)])
          if (r === 'stalled') throw new Error('no event and no error within 5 s')
          if (r.done) break
          events++
        }
      } catch (e) {
        err = e
      }
      const ms = performance.now() - t0
      // Recovery: subscribe again, re-read; the state equals the kernel's.
      const again = nl.monitor(['link'])
      await again.ready
      const same = (await ourLinks(nl)) === kernelLinks(ns)
      ipBatch(ns, ['link add late0 type bridge'])
      const r = await Promise.race([again.next(), sleep(5000).then(() => undefined)])
      const seen = r !== undefined && !r.done && r.value.object === 'link' && (r.value as { link?: { name?: string } }).link?.name === 'late0'
      await again.return()
      out.push({
        group: G,
        name: `${pairs * 2.5} link notifications into a queue of 64 that nobody reads`,
        ok: err instanceof NetlinkOverrunError && events === 64 && same && seen,
        figure: `${events} queued events handed out, then ${err instanceof NlwireError ? (err as Error).name : `untyped ${String(err)}`} (${ms.toFixed(0)} ms): "${(err as Error)?.message}"; after subscribing again and link.list(): equal to ip -j link show: ${same}; the new subscription sees the next change: ${seen}`,
      })
    } finally {
      await nl.close()
    }
  }
  {
    // The kernel's side: a notification socket with a tiny receive buffer overflows (ENOBUFS).
    const ns = await scratchNetns('flood2')
    const nl = await open({ netns: ns, monitorRecvBufferSize: 4096, queueSize: 100_000 })
    try {
      const m = nl.monitor(['link'])
      await m.ready
      // Not read while the burst comes: the socket's buffer fills in the kernel.
      churn(ns, pairs)
      await sleep(500)
      let events = 0
      let err: unknown
      try {
        for (;;) {
          const r = await Promise.race([m.next(), sleep(3000).then(() => 'quiet' as const)])
          if (r === 'quiet' || r.done) break
          events++
        }
      } catch (e) {
        err = e
      }
      const requestsOk = await nl.link.get('lo').then(() => true, () => false)
      const same = (await ourLinks(nl)) === kernelLinks(ns)
      const ok = (err instanceof NetlinkSocketError && err.code === 'ENOBUFS') || (err === undefined && events >= pairs * 2.5)
      out.push({
        group: G,
        name: `${pairs * 2.5} link notifications onto a notification socket with SO_RCVBUF 4096, not read during the burst`,
        ok: ok && requestsOk && same,
        figure:
          (err === undefined
            ? `no overrun: all ${events} events arrived`
            : `${events} events, then ${err instanceof NlwireError ? (err as Error).name : 'untyped'} ${(err as { code?: string }).code ?? ''}: "${(err as Error).message}"`) +
          `; requests on the same handle still answered: ${requestsOk}; link.list() equals ip -j link show: ${same}`,
      })
    } finally {
      await nl.close()
    }
  }
  return out
}
