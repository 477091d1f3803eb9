// Summarise a V8 .cpuprofile (written by the bench child under --profile): self time by script
// and by function, so BENCHMARKS.md can say where a peer's time goes.
import { readFileSync } from 'node:fs'

export interface CallFrame {
  functionName: string
  url: string
  lineNumber: number
}
interface CpuProfileNode {
  id: number
  callFrame: CallFrame
}
/** V8's CPU profile (Profiler.stop's result, the .cpuprofile file), the fields used here. */
export interface CpuProfile {
  nodes: CpuProfileNode[]
  samples: number[]
  timeDeltas: number[]
}

/** Each sampled node's self time (µs) with its call frame. */
export function selfTimes(p: CpuProfile): { frame: CallFrame; us: number }[] {
  const byId = new Map(p.nodes.map((n) => [n.id, n]))
  const self = new Map<number, number>()
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)))
  return [...self].map(([id, us]) => ({ frame: byId.get(id)!.callFrame, us }))
}

export interface ProfileLine {
  name: string
  ms: number
  share: number
}

function shortUrl(url: string, repoRoot: string): string {
  if (!url) return '(native / V8)'
  return url.replace(/^file:\/\//, '').replace(repoRoot + '/', '').replace(/^.*node_modules\//, 'node_modules/')
}

export function summarizeProfile(file: string, repoRoot: string, top = 15): { byScript: ProfileLine[]; byFunction: ProfileLine[]; totalMs: number } {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile
  let total = 0
  const scripts = new Map<string, number>()
  const funcs = new Map<string, number>()
  for (const { frame, us } of selfTimes(p)) {
    const fn = frame.functionName || '(anonymous)'
    if (fn === '(idle)' || fn === '(program)') continue
    total += us
    const script = shortUrl(frame.url, repoRoot)
    scripts.set(script, (scripts.get(script) ?? 0) + us)
    const key = `${fn} — ${script}${frame.url ? `:${frame.lineNumber + 1}` : ''}`
    funcs.set(key, (funcs.get(key) ?? 0) + us)
  }
  const lines = (m: Map<string, number>) =>
    [...m]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .map(([name, us]) => ({ name, ms: us / 1000, share: total > 0 ? us / total : 0 }))
  return { byScript: lines(scripts), byFunction: lines(funcs), totalMs: total / 1000 }
}

export function renderProfile(s: ReturnType<typeof summarizeProfile>): string {
  const table = (title: string, ls: ProfileLine[]) =>
    [`| ${title} | self time | share |`, '| --- | --- | --- |', ...ls.map((l) => `| ${l.name.replace(/\|/g, '\\|')} | ${l.ms.toFixed(1)} ms | ${(l.share * 100).toFixed(1)} % |`)].join('\n')
  return `Busy (non-idle) time of the Node bench child: ${s.totalMs.toFixed(0)} ms.\n\n${table('script', s.byScript)}\n\n${table('function', s.byFunction)}`
}
