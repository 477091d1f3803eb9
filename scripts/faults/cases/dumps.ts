// Dumps interrupted by churn: while `ip -batch` makes and undoes changes as fast as the kernel
// takes them, dumps must each be a complete list — every object that was there all along is in
// it, nothing twice — or NetlinkDumpInterruptedError; nothing else. The kernel marks a dump that
// raced a change with NLM_F_DUMP_INTR (between two of its datagrams); nlwire reads it again, up
// to 3 times.
import { spawn } from 'node:child_process'
import { writeFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Client, Netlink, NetlinkDumpInterruptedError, NlwireError, openRelay } from 'nlwire'
import type { CaseResult, Ctx } from '../cases.js'
import { ipBatch, scratchNetns } from '../util.js'

const NLM_F_DUMP_INTR = 0x10

export async function dumpsUnderChurn(ctx: Ctx): Promise<CaseResult[]> {
  const G = 'dumps'
  const ns = await scratchNetns('dumps')
  // Dumps of several datagrams: 1500 addresses, 1500 nexthops, 122 links.
  const stable = 1500
  const pairs = 60
  const addr = (i: number): string => `10.88.${i >> 8}.${i & 255}/32`
  ipBatch(ns, [
    'link set lo up',
    'link add v0 type veth peer name v1',
    'link set v0 up',
    'link set v1 up',
    ...Array.from({ length: stable }, (_, i) => `addr add ${addr(i)} dev v0`),
    ...Array.from({ length: stable }, (_, i) => `nexthop add id ${i + 1} blackhole`),
    ...Array.from({ length: pairs }, (_, i) => `link add s${i} type veth peer name t${i}`),
  ])
  const batch = join(tmpdir(), `nlw-${process.pid}-churn.batch`)
  const lines: string[] = []
  for (let k = 0; k < 40_000; k++) {
    lines.push(`nexthop add id ${5000 + (k % 10)} blackhole`, `nexthop del id ${5000 + (k % 10)}`, `addr add 10.99.0.${(k % 200) + 1}/32 dev v1`, `addr del 10.99.0.${(k % 200) + 1}/32 dev v1`)
    if (k % 20 === 0) lines.push(`link add c${k % 4} type bridge`, `link del c${k % 4}`)
  }
  writeFileSync(batch, lines.join('\n') + '\n')
  // A client whose transport notes the dump attempts the kernel marked interrupted.
  const marked = new Set<number>()
  const transport = await openRelay({ netns: ns })
  const onMessage = transport.onMessage.bind(transport)
  transport.onMessage = (cb) =>
    onMessage((buf, from) => {
      for (let o = 0; o + 16 <= buf.length; ) {
        const len = (buf[o]! | (buf[o + 1]! << 8) | (buf[o + 2]! << 16) | (buf[o + 3]! << 24)) >>> 0
        const flags = buf[o + 6]! | (buf[o + 7]! << 8)
        if ((flags & NLM_F_DUMP_INTR) !== 0) marked.add((buf[o + 8]! | (buf[o + 9]! << 8) | (buf[o + 10]! << 16) | (buf[o + 11]! << 24)) >>> 0)
        if (len < 16) break
        o += (len + 3) & ~3
      }
      cb(buf, from)
    })
  const reader = new Netlink(new Client(transport, { dumpRetries: 3 }))
  // The churn runs for as long as the dumps do (one ip -batch after the other).
  let churn: ReturnType<typeof spawn> | undefined
  let stopChurn = false
  const startChurn = (): void => {
    if (stopChurn) return
    churn = spawn('ip', ['-n', ns, '-force', '-batch', batch], { stdio: 'ignore' })
    churn.on('exit', startChurn)
  }
  startChurn()
  // At least n dumps, and on until the kernel has marked a few (it does so only when a change
  // falls between two datagrams of one dump), within a time budget.
  const n = ctx.quick ? 60 : 300
  const wantMarked = ctx.quick ? 3 : 20
  const budget = (ctx.quick ? 30 : 120) * 1000
  const res = { complete: 0, interrupted: 0, incomplete: 0, other: [] as string[] }
  let total = 0
  const t0 = performance.now()
  const has = <T>(list: T[], want: T[]): boolean => {
    const s = new Set(list)
    return s.size === list.length && want.every((x) => s.has(x))
  }
  const wantAddrs = Array.from({ length: stable }, (_, i) => addr(i))
  const wantNh = Array.from({ length: stable }, (_, i) => i + 1)
  const wantLinks = ['lo', 'v0', 'v1', ...Array.from({ length: pairs }, (_, i) => [`s${i}`, `t${i}`]).flat()]
  try {
    for (let i = 0; i < n || (marked.size < wantMarked && performance.now() - t0 < budget); i++) {
      total = i + 1
      try {
        const k = i % 3
        const ok =
          k === 0
            ? has((await reader.addr.list({ family: 'inet' })).map((a) => a.cidr).filter((c) => c.startsWith('10.88.')), wantAddrs)
            : k === 1
              ? has((await reader.nexthop.list()).map((x) => x.id).filter((id) => id < 5000), wantNh)
              : has((await reader.link.list()).map((l) => l.name).filter((x) => !/^c\d$/.test(x)), wantLinks)
        if (ok) res.complete++
        else res.incomplete++
      } catch (e) {
        if (e instanceof NetlinkDumpInterruptedError) res.interrupted++
        else res.other.push(e instanceof NlwireError ? `${(e as Error).name}: ${(e as Error).message}` : `untyped ${String(e)}`)
      }
    }
  } finally {
    stopChurn = true
    churn?.kill()
    await reader.close()
    rmSync(batch, { force: true })
  }
  const secs = (performance.now() - t0) / 1000
  return [
    {
      group: G,
      name: `${total} dumps (${stable} addresses, ${stable} nexthops, ${pairs * 2 + 3} links, in turn) while ip -batch makes and undoes changes`,
      ok: res.incomplete === 0 && res.other.length === 0 && marked.size > 0,
      figure:
        `${res.complete} complete lists, ${res.interrupted} NetlinkDumpInterruptedError (marked on all 4 attempts), ${res.incomplete} incomplete or with duplicates, ${res.other.length} other errors${res.other.length ? ` (${res.other[0]})` : ''}; ` +
        `the kernel marked ${marked.size} dump attempts NLM_F_DUMP_INTR, each read again or reported; ${secs.toFixed(1)} s`,
    },
  ]
}
