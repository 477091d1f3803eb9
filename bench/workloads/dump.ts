// Dump + decode every link of a namespace holding the 1001 links (500 veth pairs + lo),
// and the same dump through the transports alone (no rtnetlink decode).
import type { Breakdown } from '../breakdown.js'
import { IP_BATCH_NOTE, ipBatch } from '../peers/iproute2.js'
import { type Ctx, type Row, type Workload, newRow, notApplicable, runRounds, PEERS } from './types.js'

export const dump: Workload = {
  name: 'dump',
  describe: 'dump + decode 1001 links; the transports alone',
  async run(ctx: Ctx): Promise<Row[]> {
    const { dumpPairs, dumpRepeats, dumpRepeatsPy } = ctx.cfg.sizes
    const links = 2 * dumpPairs + 1
    const row = newRow('dump', `dump + decode ${links} links`, 'per dump')
    const transport = newRow('dump-transport', `dump ${links} links, transport only (no decode)`, 'per dump')
    const peek = newRow('dump-transport-peek', `dump ${links} links, transport only, RawNetlinkSocket's default MSG_PEEK reads`, 'per dump')
    for (const p of ['iproute2', 'pyroute2', 'nlwire'] as const) notApplicable(peek, p, 'transport variant of the floor only')
    notApplicable(peek, 'netlink-npm', 'its socket layer reads this way: row above')
    peek.what.floor = 'RawNetlinkSocket with messagePeeking (the package default), no decode'
    if (!ctx.py) row.status.pyroute2 = `skipped (${ctx.pySkip})`
    row.what.iproute2 = 'ip -batch: link show (text to /dev/null)'
    row.what.floor = 'raw socket, 32 KiB reads, no decode'
    transport.what.floor = 'raw socket, 32 KiB reads'
    transport.what['netlink-npm'] = 'NetlinkSocket.request (its socket layer alone)'
    notApplicable(transport, 'iproute2', 'decodes as it prints')
    notApplicable(transport, 'pyroute2', 'decodes as it receives')
    notApplicable(transport, 'nlwire', 'no transport-only entry point in the adapter')

    await ctx.node.call('setup', { prefix: 'l', n: dumpPairs }, 300_000)
    try {
      const { count } = await ctx.node.call<{ count: number }>('count', {})
      if (count !== links) throw new Error(`dump set-up: ${count} links, expected ${links}`)
      await runRounds(
        ctx,
        row,
        PEERS,
        ctx.cfg.rounds,
        async (peer) => {
          if (peer === 'iproute2') return (await ipBatch(ctx, new Array<string>(dumpRepeats).fill('link show'))) / dumpRepeats
          if (peer === 'pyroute2') return (await ctx.py!.call<{ ns: number }>('dump', { repeats: dumpRepeatsPy, expect: links }, 300_000)).ns
          return (await ctx.node.call<{ ns: number }>('dump', { peer, repeats: dumpRepeats, expect: links }, 300_000)).ns
        },
        { warmup: true },
      )
      const datagrams: Record<string, number> = {}
      const floorDump = async (peer: 'floor' | 'floor-peek') => {
        const r = await ctx.node.call<{ ns: number; datagramsPerDump: number }>('dump', { peer, repeats: dumpRepeats, expect: links }, 300_000)
        datagrams[peer] = r.datagramsPerDump
        return r.ns
      }
      await runRounds(
        ctx,
        transport,
        ['floor', 'netlink-npm'],
        ctx.cfg.rounds,
        async (peer) => {
          if (peer === 'floor') return floorDump('floor')
          return (await ctx.node.call<{ ns: number }>('dump', { peer: 'netlink-npm-socket', repeats: dumpRepeats, expect: links }, 300_000)).ns
        },
        { warmup: true },
      )
      try {
        row.breakdown = await ctx.node.call<Breakdown>('breakdown', { what: 'dump', repeats: dumpRepeats, expect: links }, 300_000)
      } catch (err) {
        row.notes.push(`No profile of this workload: ${err instanceof Error ? err.message : String(err)}.`)
      }
      await runRounds(ctx, peek, ['floor'], ctx.cfg.rounds, () => floorDump('floor-peek'), { warmup: true })
      peek.notes.push(
        `Datagrams per dump: ${datagrams['floor-peek'] ?? '?'} with MSG_PEEK reads, ${datagrams.floor ?? '?'} with 32 KiB reads. The kernel sizes each dump datagram by the largest buffer the reader has passed to recvmsg (capped at 32 KiB); a 1-byte peek keeps that at the minimum, so every datagram carries ~2 links and costs two recvmsg calls and one JS callback.`,
      )
    } finally {
      await ctx.node.call('cleanup', {}, 300_000)
    }
    row.notes.push(
      `One sample = mean of ${dumpRepeats} back-to-back dumps (pyroute2: ${dumpRepeatsPy}), each checked to return all ${links} links.`,
      'Requests as each peer sends them: ip and the floor ask for AF_PACKET with IFLA_EXT_MASK = RTEXT_FILTER_VF (`ip link show`), netlink npm for AF_UNSPEC without a mask (rt.getLinks()), pyroute2 IPRoute.get_links().',
      'netlink npm decodes with rt.parseLinkMessage, which leaves IFLA_LINKINFO, IFLA_AF_SPEC and IFLA_PROTINFO as bytes; pyroute2 decodes every nest; ip decodes and formats text.',
      IP_BATCH_NOTE,
    )
    transport.notes.push(
      'What a dump costs before any rtnetlink decode: the floor walks nlmsghdrs only; netlink npm\'s NetlinkSocket.request (MSG_PEEK reads, the package default) additionally parses every header into an object and groups the multipart reply.',
    )
    return [row, transport, peek]
  },
}
