// Running a plan. Every operation that succeeds goes on a journal; when one fails, the journal
// is undone in reverse order (what was created is removed, what was changed is put back), and
// the error names the failed step and carries the original error. An undo that fails does not
// hide it: it is listed beside it, and the machine is reported as not restored.
import type { Netlink } from '../api/netlink.js'
import type { Switch } from '../ovs/index.js'
import type { Change, Ctx, Op } from './change.js'
import { TopologyApplyError, type RollbackFailure } from './errors.js'
import type { Machine } from './machine.js'
import type { Placement } from './names.js'

/** Told after each turn (a namespace, with what was made for it): a line, and how far along. */
export type Progress = (line: string, done: number, total: number) => void

export function makeCtx(machine: Machine, place: Placement): Ctx {
  return {
    machine,
    place,
    nl: (ns: string | undefined): Promise<Netlink> => machine.open(ns),
    sw: async (): Promise<Switch> => {
      const sw = await machine.ovs()
      if (sw === undefined) throw new Error('Open vSwitch is not reachable (no ovsdb-server answers)')
      return sw
    },
  }
}

interface Done {
  op: Op
  change: Change
}

export interface ApplyResult {
  /** Operations run. */
  operations: number
}

/**
 * Run the changes in order. `operation` names the command for errors ('up', 'down'). With
 * `rollback`, a failure undoes everything done so far.
 */
export async function applyChanges(
  ctx: Ctx,
  changes: readonly Change[],
  opts: { operation: string; rollback: boolean; progress?: Progress; parallel?: ReadonlySet<string> },
): Promise<ApplyResult> {
  const journal: Done[] = []
  const turns: { turn: string; changes: { c: Change; i: number }[] }[] = []
  changes.forEach((c, i) => {
    const last = turns[turns.length - 1]
    if (last !== undefined && last.turn === c.turn) last.changes.push({ c, i })
    else turns.push({ turn: c.turn, changes: [{ c, i }] })
  })
  const fail = async (i: number, c: Change, e: unknown): Promise<never> => {
    const cause = e instanceof Error ? e : new Error(String(e))
    const failures = opts.rollback ? await undo(ctx, journal) : []
    throw new TopologyApplyError(opts.operation, ctx.place.id, i + 1, c.text, cause, opts.rollback ? journal.length : 0, failures)
  }
  let turnsDone = 0
  for (const t of turns) {
    if (opts.parallel?.has(t.turn) && !opts.rollback) {
      // Independent removals (namespaces): all at once, a few at a time.
      let next = 0
      let failed: { i: number; c: Change; e: unknown } | undefined
      const worker = async () => {
        while (next < t.changes.length && failed === undefined) {
          const { c, i } = t.changes[next++]!
          try {
            for (const o of c.ops) {
              await o.run(ctx)
              journal.push({ op: o, change: c })
            }
          } catch (e) {
            failed ??= { i, c, e }
          }
        }
      }
      await Promise.all(Array.from({ length: Math.min(PARALLEL, t.changes.length) }, worker))
      if (failed !== undefined) await fail(failed.i, failed.c, failed.e)
    } else {
      for (const { c, i } of t.changes) {
        for (const o of c.ops) {
          try {
            await o.run(ctx)
          } catch (e) {
            await fail(i, c, e)
          }
          journal.push({ op: o, change: c })
        }
      }
    }
    turnsDone++
    const n = t.changes.length
    opts.progress?.(`${opts.operation}: [${turnsDone}/${turns.length}] ${t.turn}: ${n} change${n === 1 ? '' : 's'}`, turnsDone, turns.length)
  }
  return { operations: journal.length }
}

const PARALLEL = 8

async function undo(ctx: Ctx, journal: Done[]): Promise<RollbackFailure[]> {
  const failures: RollbackFailure[] = []
  for (const d of [...journal].reverse()) {
    const u = d.op.undo
    if (u === 'covered') continue
    if (u === undefined) {
      failures.push({ step: `${d.change.text} (${d.op.text})`, error: new Error('this cannot be undone') })
      continue
    }
    try {
      await u.run(ctx)
    } catch (e) {
      failures.push({ step: u.text, error: e instanceof Error ? e : new Error(String(e)) })
    }
  }
  return failures
}
