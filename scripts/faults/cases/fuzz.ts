// The decoder fuzzer (npm run fuzz) as a case: captured and live messages, no exception but
// NetlinkDecodeError, no input slower than 50 ms.
import type { CaseResult, Ctx } from '../cases.js'
import { run } from '../util.js'

export async function fuzz(ctx: Ctx): Promise<CaseResult[]> {
  const count = ctx.quick ? 100_000 : 1_000_000
  const r = await run(process.execPath, ['--import', 'tsx', `${ctx.root}/scripts/fuzz/main.ts`, '--count', String(count), '--json'], { timeoutMs: 3600_000 })
  let s: Record<string, number | string> = {}
  try {
    s = JSON.parse(r.stdout.trim().split('\n').pop() ?? '{}') as Record<string, number | string>
  } catch {}
  const ok = r.code === 0 && s.failures === 0 && s.overLimit === 0
  return [
    {
      group: 'fuzz',
      name: `npm run fuzz -- --count ${count}: ${s.captured ?? '?'} captured sections and ${s.live ?? '?'} live datagrams, mutated, and random garbage`,
      ok,
      figure:
        s.cases !== undefined
          ? `${s.cases} cases in ${s.seconds} s: ${s.rejected} NetlinkDecodeError, ${s.decoded} decoded (${s.exact} re-encode byte for byte, ${s.padding} but for padding), ${s.failures} other exceptions or broken properties; slowest ${s.slowestMs} ms (${s.slowestSource})${Number(s.slowestRetimedMs) > 0 ? `, ${s.slowestRetimedMs} ms when timed again (best of 3: the first timing caught a pause of the machine)` : ''}, ${s.overLimit} over ${s.limitMs} ms when timed again`
          : `the fuzzer did not report (exit ${r.code}): ${r.stderr.slice(-300)}`,
    },
  ]
}
