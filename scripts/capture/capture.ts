// Runs the scenarios and records one fixture per command. For each command:
//   1. observers (watch.ts) run in every namespace of the scenario; a barrier in each takes
//      whatever arrived since the last command out of the way (recorded as "stray");
//   2. the command runs as typed (`sh -c`) in the scratch root namespace, under strace;
//   3. a barrier marks the notifications caused synchronously; then the capture waits for the
//      asynchronous ones (linkwatch, IPv6 DAD: quiet for a while and no tentative address on a
//      running link), and a last barrier closes the command's window;
//   4. each event gets its ip -d monitor text; the state of every namespace is read back, and a
//      barrier sets apart what those state queries caused.
import { readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import type { NetnsState, OffWindowEvents, Sidecar } from '../../test/helpers/fixtures.js'
import { RTM_DELLINK, RTM_NEWLINK } from '../../codecs/rtnetlink.js'
import type { Annotator } from './annotate.js'
import { writeFixture } from './fixture.js'
import { monitorTexts } from './montext.js'
import { run, sleep, waitFor } from './proc.js'
import { type Observation, type Window, describe, offWindow, sectionsOf } from './record.js'
import { ROOT, type Sandbox } from './sandbox.js'
import { type Scenario, SCENARIOS, prerequisites, scenarioById, stepBase } from './scenarios.js'
import { snapshotAll } from './state.js'
import { parseStrace } from './strace.js'
import { type RawEvent, Watch } from './watch.js'

/** No notification for this long (after the first barrier) means the asynchronous ones are in. */
const QUIET_MS = 300
/**
 * The same once a link notification was seen: carrier and operstate changes go through
 * linkwatch, which runs a non-urgent device (a bridge) at most once per second.
 */
const QUIET_AFTER_LINK_MS = 1100
/** Longest wait for asynchronous notifications (IPv6 DAD takes 1–2 s per link). */
const SETTLE_MAX_MS = 12_000
const COMMAND_TIMEOUT_MS = 60_000

export interface CaptureOptions {
  sandbox: Sandbox
  /** tmpfs scratch directory (strace output, single-event files for ip monitor). */
  scratchDir: string
  outDir: string
  annotate: Annotator
  producer: Record<string, string>
  capturedAt: string
  log: (line: string) => void
}

export interface PlannedScenario {
  scenario: Scenario
  record: boolean
  /** Record only this step (1-based) and stop after it. */
  onlyStep?: number
}

/** Scenarios grouped into chains that share one scratch root (s1 → s2 → s3 build on each other). */
export function plan(ids: readonly string[] | undefined, step: number | undefined): PlannedScenario[][] {
  const wanted = new Set(ids ?? SCENARIOS.map((s) => s.id))
  for (const id of wanted) if (!scenarioById(id)) throw new Error(`no scenario "${id}" (have ${SCENARIOS.map((s) => s.id).join(', ')})`)
  if (step !== undefined && wanted.size !== 1) throw new Error('--step needs exactly one --scenario')
  const chains: PlannedScenario[][] = []
  for (const sc of SCENARIOS) {
    if (sc.after !== undefined) continue // part of its root's chain
    const members = [sc, ...SCENARIOS.filter((x) => x !== sc && prerequisites(x)[0] === sc)]
    const lastWanted = members.map((m) => wanted.has(m.id)).lastIndexOf(true)
    if (lastWanted < 0) continue
    chains.push(
      members.slice(0, lastWanted + 1).map((m) => ({
        scenario: m,
        record: wanted.has(m.id),
        ...(step !== undefined && wanted.has(m.id) ? { onlyStep: step } : {}),
      })),
    )
  }
  return chains
}

const available = new Map<string, boolean>()
async function installed(program: string): Promise<boolean> {
  if (!available.has(program)) available.set(program, (await run(['sh', '-c', `command -v ${program}`])).code === 0)
  return available.get(program)!
}

export interface StepResult {
  scenario: string
  step: number
  file?: string
  skipped?: string
  sidecar?: Sidecar
}

export async function capture(opts: CaptureOptions, chains: PlannedScenario[][]): Promise<StepResult[]> {
  const results: StepResult[] = []
  for (const chain of chains) {
    const runner = new ChainRunner(opts, chain[0]!.scenario.id)
    try {
      await runner.start()
      for (const p of chain) {
        if (p.record && p.onlyStep === undefined) rmSync(join(opts.outDir, p.scenario.id), { recursive: true, force: true })
        for (let i = 0; i < p.scenario.steps.length; i++) {
          if (p.onlyStep !== undefined && i + 1 > p.onlyStep) break
          const record = p.record && (p.onlyStep === undefined || p.onlyStep === i + 1)
          results.push(await runner.step(p.scenario, i, record))
        }
      }
    } finally {
      await runner.stop()
    }
  }
  return results
}

class ChainRunner {
  private readonly watches = new Map<string, Watch>()
  private readonly processed = new Map<string, number>()
  private state: Record<string, NetnsState> = {}
  private readonly sb: Sandbox

  constructor(
    private readonly opts: CaptureOptions,
    private readonly label: string,
  ) {
    this.sb = opts.sandbox
  }

  async start(): Promise<void> {
    await this.sb.newRoot(this.label)
    await this.syncWatches()
    this.state = await snapshotAll(this.sb, this.namespaces())
  }

  async stop(): Promise<void> {
    for (const w of this.watches.values()) w.stop()
    this.watches.clear()
    await sleep(50)
    await this.sb.teardown()
  }

  private namespaces(): string[] {
    return [ROOT, ...this.sb.named()]
  }

  /** Observe every namespace that exists now; forget those that are gone. */
  private async syncWatches(): Promise<void> {
    const names = this.namespaces()
    for (const [n, w] of this.watches) {
      if (!names.includes(n)) {
        w.stop()
        this.watches.delete(n)
      }
    }
    for (const n of names) {
      if (this.watches.has(n)) continue
      this.sb.noteInode(n)
      this.watches.set(n, await Watch.start(this.sb, n))
      this.processed.set(n, 0)
    }
  }

  private async barrierAll(): Promise<Map<string, number>> {
    const marks = new Map<string, number>()
    await Promise.all([...this.watches].map(async ([n, w]) => marks.set(n, await w.listener.barrier())))
    return marks
  }

  /** Wait until notifications stop and no running link has an IPv6 address still in DAD. */
  private async settle(since: number): Promise<string[]> {
    const deadline = Date.now() + SETTLE_MAX_MS
    const from = new Map([...this.watches.keys()].map((n) => [n, this.processed.get(n) ?? 0]))
    const isLink = (e: RawEvent): boolean => {
      const type = e.bytes[4]! | (e.bytes[5]! << 8)
      return type === RTM_NEWLINK || type === RTM_DELLINK
    }
    const linkEvent = (): boolean => [...this.watches].some(([n, w]) => w.listener.events.slice(from.get(n) ?? 0).some(isLink))
    for (;;) {
      const lastEvent = (): number => Math.max(since, ...[...this.watches.values()].map((w) => w.listener.lastEventAt))
      const quiet = (): number => (linkEvent() ? QUIET_AFTER_LINK_MS : QUIET_MS)
      await waitFor(() => Date.now() - lastEvent() >= quiet(), Math.max(0, deadline - Date.now()), 20)
      const pending = await this.tentative()
      if (pending.length === 0) return []
      if (Date.now() >= deadline) return [`stopped waiting for IPv6 DAD after ${SETTLE_MAX_MS} ms: ${pending.join(', ')}`]
      await sleep(200)
    }
  }

  private async tentative(): Promise<string[]> {
    const out: string[] = []
    for (const n of this.watches.keys()) {
      const r = await this.sb.exec(n, ['ip', '-j', '-6', 'addr', 'show'], { timeoutMs: 10_000 })
      let links: { ifname?: string; flags?: string[]; addr_info?: { local?: string; tentative?: boolean; dadfailed?: boolean }[] }[] = []
      try {
        links = JSON.parse(r.stdout || '[]') as typeof links
      } catch {
        continue
      }
      for (const l of links) {
        if (!l.flags?.includes('UP') || !l.flags.includes('LOWER_UP')) continue
        for (const a of l.addr_info ?? []) if (a.tentative && !a.dadfailed) out.push(`${n}/${l.ifname} ${a.local}`)
      }
    }
    return out
  }

  private scratch(name: string): string {
    return join(this.opts.scratchDir, name)
  }

  /** Give every event since the last window its monitor text, then move past them. */
  private async take(marks: Map<string, number>, syncMarks?: Map<string, number>): Promise<Window[]> {
    const out: Window[] = []
    for (const [n, w] of this.watches) {
      const from = this.processed.get(n) ?? 0
      const to = marks.get(n) ?? from
      const events = w.listener.events.slice(from, to)
      const texts = await monitorTexts(this.sb, w, events, this.scratch('event.bin'))
      const sync = syncMarks?.get(n) ?? to
      out.push({
        netns: n,
        events,
        syncCount: Math.max(0, Math.min(to, sync) - from),
        texts,
      })
      this.processed.set(n, to)
    }
    return out
  }

  async step(sc: Scenario, index: number, record: boolean): Promise<StepResult> {
    const step = sc.steps[index]!
    const base = stepBase(step, index)
    for (const prog of step.needs ?? []) {
      if (!(await installed(prog))) {
        this.opts.log(`${sc.id}/${base}: skipped, ${prog} is not installed`)
        return { scenario: sc.id, step: index + 1, skipped: `${prog} is not installed` }
      }
    }
    const t0 = Date.now()
    await this.syncWatches()
    const stray = await this.take(await this.barrierAll())
    const before = this.state

    const traceFile = this.scratch('trace.txt')
    rmSync(traceFile, { force: true })
    const strace = [
      'strace', '-f', '-x', '-s', '1048576',
      '-e', 'trace=socket,close,setsockopt,sendmsg,recvmsg,sendto,recvfrom',
      '-e', 'write=all', '-e', 'read=all', '-o', traceFile,
    ]
    const res = await this.sb.exec(ROOT, [...strace, 'sh', '-c', step.cmd], {
      timeoutMs: COMMAND_TIMEOUT_MS,
      env: { ...process.env, LC_ALL: 'C' },
    })
    const syncAt = Date.now()
    const syncMarks = await this.barrierAll()
    const notes = await this.settle(syncAt)
    const windows = await this.take(await this.barrierAll(), syncMarks)
    const after = await snapshotAll(this.sb, this.namespaces())
    this.state = after
    const queryEvents = offWindow(await this.take(await this.barrierAll()))

    const traced = parseStrace(readFileSync(traceFile, 'utf8'))
    if (res.timedOut) notes.push(`the command timed out after ${COMMAND_TIMEOUT_MS} ms`)
    for (const w of this.watches.values()) for (const e of w.listener.errors.splice(0)) notes.push(`listener in ${w.netns}: ${e}`)
    const obs: Observation = { res, traced, windows, stray: offWindow(stray), queryEvents, before, after, notes }
    const { sections, monitor, counts } = sectionsOf(obs)

    const secs = ((Date.now() - t0) / 1000).toFixed(1)
    const extra = (what: string, l: OffWindowEvents[]): string => (l.length ? `, ${what}: ${l.map((w) => `${w.netns} ${w.types.join(' ')}`).join('; ')}` : '')
    this.opts.log(`${sc.id}/${base}: ${counts.request} requests, ${counts.reply} replies, ${counts.event} events, exit ${res.code} (${secs} s)${extra('stray', obs.stray)}${extra('from state queries', queryEvents)}`)
    if (!record) return { scenario: sc.id, step: index + 1 }

    const file = join(this.opts.outDir, sc.id, `${base}.nl`)
    const { header, sidecar } = describe(sc, index, obs, monitor, counts, this.opts)
    const written = writeFixture({ path: file, header, sections, sidecar, annotate: this.opts.annotate })
    return { scenario: sc.id, step: index + 1, file, sidecar: written }
  }
}
