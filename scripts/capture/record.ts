// Turns what the capture observed for one command into a fixture's sections, header and sidecar.
// Pure: no processes, no files.
import { toHex } from '../../codecs/core/bytes.js'
import type { MonitorEntry, NetnsContext, NetnsState, OffWindowEvents, Sidecar } from '../../test/helpers/fixtures.js'
import { describeMessages, type CapturedSection } from './fixture.js'
import type { MonitorText } from './montext.js'
import { messageName as typeName } from '../../codecs/index.js'
import { eventGroup, groupName } from './names.js'
import type { RunResult } from './proc.js'
import { ROOT } from './sandbox.js'
import type { Scenario } from './scenarios.js'
import { contextOf } from './state.js'
import type { StraceParse } from './strace.js'
import type { RawEvent } from './watch.js'

/** One namespace's notifications in a window, with their monitor texts. */
export interface Window {
  netns: string
  events: RawEvent[]
  /** How many of `events` arrived before the barrier sent right after the command exited. */
  syncCount: number
  texts: MonitorText[]
}

export interface Observation {
  res: RunResult
  traced: StraceParse
  windows: Window[]
  stray: OffWindowEvents[]
  queryEvents: OffWindowEvents[]
  before: Record<string, NetnsState>
  after: Record<string, NetnsState>
  notes: string[]
}

export interface Counts {
  request: number
  reply: number
  event: number
}

export function offWindow(windows: readonly Window[]): OffWindowEvents[] {
  return windows
    .filter((w) => w.events.length > 0)
    .map((w) => ({
      netns: w.netns,
      types: w.events.map((e) => typeName(e.bytes[4]! | (e.bytes[5]! << 8))),
      monitor: w.texts.map((t) => t.text),
      hex: w.events.map((e) => toHex(e.bytes)),
    }))
}

/** iplink_have_newlink(): an RTM_NEWLINK with an all-zero ifinfomsg, NLM_F_REQUEST|NLM_F_ACK, seq 0. */
export function isProbe(b: Uint8Array): boolean {
  if (b.length !== 32) return false
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  return v.getUint32(0, true) === 32 && v.getUint16(4, true) === 16 && v.getUint16(6, true) === 5 && v.getUint32(8, true) === 0 && b.subarray(16).every((x) => x === 0)
}

/** An NLMSG_ERROR echoing an RTM_NEWLINK with seq 0: the kernel's answer to the probe. */
export function answersProbe(b: Uint8Array): boolean {
  if (describeMessages(b).types[0] !== 'NLMSG_ERROR' || b.length < 36) return false
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
  return v.getUint16(24, true) === 16 && v.getUint32(28, true) === 0
}

/** Requests and replies in strace's order, then each namespace's events in arrival order. */
export function sectionsOf(obs: Observation): { sections: CapturedSection[]; monitor: MonitorEntry[]; counts: Counts } {
  const counts: Counts = { request: 0, reply: 0, event: 0 }
  const sections: CapturedSection[] = []
  let probeUnanswered = false
  for (const b of obs.traced.buffers) {
    counts[b.kind]++
    const meta = { syscall: b.syscall, socket: b.socket }
    if (b.kind === 'request' && isProbe(b.bytes)) {
      sections.push({ kind: 'request', bytes: b.bytes, meta: { ...meta, probe: true }, what: "iproute2's capability probe (iplink_have_newlink)" })
      probeUnanswered = true
    } else if (b.kind === 'reply' && probeUnanswered && answersProbe(b.bytes)) {
      sections.push({ kind: 'reply', bytes: b.bytes, meta, what: 'answer to the capability probe' })
      probeUnanswered = false
    } else sections.push({ kind: b.kind, bytes: b.bytes, meta })
  }
  const monitor: MonitorEntry[] = []
  for (const w of obs.windows) {
    w.events.forEach((e, i) => {
      counts.event++
      const g = eventGroup(e.bytes, e.groups)
      sections.push({
        kind: 'event',
        bytes: e.bytes,
        meta: { netns: w.netns, group: g.group, groupName: groupName(g.group), groupFrom: g.from, phase: i < w.syncCount ? 'sync' : 'settle' },
      })
      monitor.push({ event: counts.event, netns: w.netns, ...w.texts[i]! })
    })
  }
  return { sections, monitor, counts }
}

export interface Producer {
  producer: Record<string, string>
  capturedAt: string
}

/** The .nl header lines and the sidecar (all but its sections) of step `index` of `sc`. */
export function describe(
  sc: Scenario,
  index: number,
  obs: Observation,
  monitor: MonitorEntry[],
  counts: Counts,
  p: Producer,
): { header: [string, string][]; sidecar: Omit<Sidecar, 'sections'> } {
  const step = sc.steps[index]!
  const { res, traced, before, after } = obs
  const notes = [...obs.notes]
  if (step.fails === true && res.code === 0) notes.push('expected to fail, but exited 0')
  if (step.fails !== true && res.code !== 0) notes.push(`exited ${res.code}: ${res.stderr.trim()}`)
  for (const s of traced.skipped) notes.push(`strace: ${s.syscall} on fd ${s.fd} not recorded (${s.why})`)
  for (const proto of new Set(traced.otherSockets)) notes.push(`the command also opened a ${proto} socket; its traffic is not recorded`)

  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])]
  const netns: Record<string, string> = {}
  const context: Record<string, NetnsContext> = {}
  for (const n of names) {
    netns[n] = n === ROOT ? "the scenario's scratch network namespace (unnamed: not in /run/netns)" : `${n} in the capture's private /run/netns`
    context[n] = contextOf(before[n], after[n])
  }
  const sidecar: Omit<Sidecar, 'sections'> = {
    format: 1,
    command: step.cmd,
    scenario: sc.id,
    scenarioTitle: sc.title,
    step: index + 1,
    slug: step.slug,
    ...(step.note !== undefined ? { note: step.note } : {}),
    ranIn: ROOT,
    producer: p.producer,
    capturedAt: p.capturedAt,
    netns,
    exit: { code: res.code, stdout: res.stdout, stderr: res.stderr, ...(step.fails ? { expectedFailure: true } : {}) },
    ...(traced.options.length > 0 ? { socketOptions: traced.options } : {}),
    monitor,
    context,
    state: after,
    ...(obs.stray.length > 0 ? { stray: obs.stray } : {}),
    ...(obs.queryEvents.length > 0 ? { stateQueryEvents: obs.queryEvents } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  }
  const header: [string, string][] = [
    ['command', step.cmd],
    ['scenario', sc.id],
    ['scenario title', sc.title],
    ['step', String(index + 1)],
    ['steps in scenario', String(sc.steps.length)],
    ['ran in', `${ROOT} (sh -c, in the scenario's scratch network namespace)`],
    ['netns', names.map((n) => (n === ROOT ? `${ROOT} = scratch namespace, unnamed` : `${n} = ${n} (private /run/netns)`)).join('; ')],
    ['exit', `${res.code ?? res.signal}${step.fails ? ' (expected failure)' : ''}`],
    ['ip', p.producer['ip']!],
    ['bridge', p.producer['bridge']!],
    ['kernel', p.producer['kernel']!],
    ['strace', p.producer['strace']!],
    ['captured', p.capturedAt],
    ['sections', `${counts.request} requests, ${counts.reply} replies, ${counts.event} events`],
  ]
  return { header, sidecar }
}
