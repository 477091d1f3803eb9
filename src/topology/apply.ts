// Running a plan. Every operation that succeeds goes on a journal; when one fails, the journal
// is undone in reverse order (what was created is removed, what was changed is put back), and
// the error names the failed step and carries the original error. An undo that fails does not
// hide it: it is listed beside it, and the machine is reported as not restored.
import type { Netlink } from '../api/netlink.js'
import type { Switch } from '../ovs/index.js'
import type { Change, Ctx, Op } from './change.js'
import { NlwireError } from '../errors.js'
import { TopologyApplyError, TopologyOvsError, type RollbackFailure } from './errors.js'
import type { Machine } from './machine.js'
import type { Placement } from './names.js'

/** Told after each turn (a namespace, with what was made for it): a line, and how far along. */
export type Progress = (line: string, done: number, total: number) => void

export function makeCtx(machine: Machine, place: Placement): Ctx {
  const sw = async (): Promise<Switch> => {
    const s = await machine.ovs()
    if (s === undefined) throw new TopologyOvsError('ovs', place.id)
    return s
  }
  let queue: Promise<unknown> = Promise.resolve()
  // ifindexes by namespace and name: a number for a link this run made (the kernel's echo of its
  // creation said it), a lookup otherwise (in flight or done).
  const indexes = new Map<string, number | Promise<number>>()
  const key = (ns: string | undefined, name: string) => `${ns ?? ''}\0${name}`
  return {
    machine,
    place,
    nl: (ns: string | undefined): Promise<Netlink> => machine.open(ns),
    indexOf(ns, name) {
      const known = indexes.get(key(ns, name))
      if (known !== undefined) return Promise.resolve(known)
      const p = machine.open(ns).then(async (nl) => (await nl.link.get(name)).index)
      indexes.set(key(ns, name), p)
      p.catch(() => indexes.delete(key(ns, name)))
      return p
    },
    learn: (ns, name, index) => void indexes.set(key(ns, name), index),
    made(ns, name) {
      const known = indexes.get(key(ns, name))
      return typeof known === 'number' ? known : undefined
    },
    forget(ns, name) {
      if (name !== undefined) indexes.delete(key(ns, name))
      else for (const k of [...indexes.keys()]) if (k.startsWith(key(ns, ''))) indexes.delete(k)
    },
    sw,
    ovsChange<T>(fn: (s: Switch) => Promise<T>): Promise<T> {
      const run = queue.then(async () => fn(await sw()))
      queue = run.catch(() => undefined)
      return run
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
 * `rollback`, a failure undoes everything done so far, in the reverse of the order it was done
 * (turns that ran side by side touch different objects, so any interleaving reversed is sound).
 */
export async function applyChanges(
  ctx: Ctx,
  changes: readonly Change[],
  opts: { operation: string; rollback: boolean; progress?: Progress; host?: string },
): Promise<ApplyResult> {
  const journal: Done[] = []
  const turns: Turn[] = []
  changes.forEach((c, i) => {
    const last = turns[turns.length - 1]
    if (last !== undefined && last.turn === c.turn) last.changes.push({ c, i })
    else turns.push({ turn: c.turn, changes: [{ c, i }] })
  })
  let failed: { i: number; c: Change; e: unknown } | undefined
  let turnsDone = 0
  const runChange = async ({ c, i }: { c: Change; i: number }): Promise<boolean> => {
    for (const o of c.ops) {
      if (failed !== undefined) return false
      try {
        await o.run(ctx)
      } catch (e) {
        failed ??= { i, c, e }
        return false
      }
      journal.push({ op: o, change: c })
    }
    return true
  }
  const runTurn = async (t: Turn): Promise<void> => {
    if (t.turn === 'namespaces') {
      // Namespaces are independent of each other: made several at a time, and the machine may
      // make some ahead on a second thread (the kernel's unshare is most of their cost).
      const names = t.changes.flatMap(({ c }) => c.ops.flatMap((o) => (o.makesNetns !== undefined ? [o.makesNetns] : [])))
      const ahead = ctx.machine.netnsAhead?.(names)
      try {
        await pool(t.changes, CONCURRENT_TURNS, async (x) => void (await runChange(x)), () => failed !== undefined)
      } finally {
        await ahead?.close()
      }
    } else for (const x of t.changes) if (!(await runChange(x))) return
    if (failed !== undefined) return
    turnsDone++
    const n = t.changes.length
    try {
      opts.progress?.(`${opts.operation}: [${turnsDone}/${turns.length}] ${t.turn}: ${n} change${n === 1 ? '' : 's'}`, turnsDone, turns.length)
    } catch {
      // A progress line that cannot be shown changes nothing about the run.
    }
  }
  // Turns that only touch their own node's namespace and the host's interfaces made for them
  // (a star's ports) do not depend on each other: several run at once, each in its own order.
  // Any other turn waits for everything before it, and everything after waits for it.
  for (let k = 0; k < turns.length && failed === undefined; ) {
    const group: Turn[] = []
    while (k < turns.length && isolated(turns[k]!, opts.host ?? 'host')) group.push(turns[k++]!)
    if (group.length > 0) await pool(group, CONCURRENT_TURNS, runTurn, () => failed !== undefined)
    else await runTurn(turns[k++]!)
  }
  if (failed !== undefined) {
    const cause = failed.e instanceof Error ? failed.e : new Error(String(failed.e))
    const failures = opts.rollback ? await undo(ctx, journal) : []
    throw new TopologyApplyError(opts.operation, ctx.place.id, failed.i + 1, failed.c.text, cause, opts.rollback ? journal.length : 0, failures)
  }
  return { operations: journal.length }
}

interface Turn {
  turn: string
  changes: { c: Change; i: number }[]
}

/** Run `fn` on every item, at most `limit` at a time, starting no new one once `stop()`. */
async function pool<T>(items: readonly T[], limit: number, fn: (x: T) => Promise<void>, stop: () => boolean): Promise<void> {
  let next = 0
  const worker = async () => {
    while (next < items.length && !stop()) await fn(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** How many independent turns (or namespace creations) run at once. */
const CONCURRENT_TURNS = 8

/** A node's turn that changes only that node and, in the host, no route (a host route may need another turn's interface). */
function isolated(t: Turn, host: string): boolean {
  if (t.turn === host || t.turn === 'namespaces' || t.turn === 'nsids' || t.turn === 'cleanup') return false
  return t.changes.every(({ c }) => (c.touches ?? [c.node]).every((n) => n === t.turn || n === host) && !(c.object === 'route' && c.node === host))
}

async function undo(ctx: Ctx, journal: Done[]): Promise<RollbackFailure[]> {
  const failures: RollbackFailure[] = []
  for (const d of [...journal].reverse()) {
    const u = d.op.undo
    if (u === 'covered') continue
    if (u === undefined) {
      failures.push({ step: `${d.change.text} (${d.op.text})`, error: new NlwireError('this cannot be undone (what it removed does not come back)') })
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
