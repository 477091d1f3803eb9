// Namespaces made ahead, on a second thread: the main thread's side. A run that is about to make
// many namespaces (topology up: one per node) says which; the helper thread (one per process,
// started on first need and kept; ref'd only while it works on a batch or netns.add waits on it,
// so that neither an idle helper nor a batch nobody closed keeps the process alive)
// makes some of them from the back of the list while netns.add makes the others from the front.
// netns.add(name) then either finds its namespace made (and claims it) or makes it itself:
// the outcome, and every error, is what netns.add alone gives. close() ends the batch: a
// namespace made ahead that nobody asked for (the run stopped on a failure) is deleted.
//
// Where the helper cannot run (no koffi, no worker threads, it failed to start) nothing is made
// ahead and netns.add does everything, as before.
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import type { Worker } from 'node:worker_threads'
import { netnsLog } from '../debug.js'
import { type AheadJob, type HelperMessage, SLOT_BUSY, SLOT_FAILED, SLOT_FREE, SLOT_MADE, SLOT_MAIN, SLOT_TAKEN } from './netns-ahead-protocol.js'

/** Below this many namespaces a batch is made on the main thread alone. */
export const AHEAD_MIN = 4
/** How long netns.add waits for the helper to finish the namespace it is making. */
export const HELPER_WAIT_MS = 10_000

interface Helper {
  worker: Worker
  alive: boolean
  /**
   * Why the worker is ref'd now: a job it has not finished (the process must not exit while it
   * makes a namespace) or netns.add waiting on a slot (Atomics.waitAsync keeps nothing alive).
   * At 0 it is unref'd: an idle helper, or a batch nobody closed, never holds the process.
   */
  holds: number
  /** Ids of the jobs posted and not yet done: each holds the worker once. */
  jobs: Set<number>
}

let nextJob = 1

function hold(h: Helper): void {
  if (h.holds++ === 0) h.worker.ref()
}

function release(h: Helper): void {
  if (--h.holds === 0) h.worker.unref()
}

/** The job is over (the helper said done, died, or the batch closed): its hold goes, once. */
function endJob(h: Helper, id: number): void {
  if (h.jobs.delete(id)) release(h)
}

let helper: Helper | undefined
let helperFailed: string | undefined

/** The started helper, or undefined where it cannot run (said once on nlwire:netns). */
function startHelper(): Helper | undefined {
  if (helper?.alive === true) return helper
  if (helperFailed !== undefined) return undefined
  try {
    const { Worker } = createRequire(import.meta.url)('node:worker_threads') as typeof import('node:worker_threads')
    const worker = new Worker(...helperScript())
    worker.unref()
    const h: Helper = { worker, alive: true, holds: 0, jobs: new Set() }
    const gone = (why: string) => {
      if (!h.alive) return
      h.alive = false
      helperFailed = why
      netnsLog('namespace helper thread: %s; namespaces are made on the main thread only', why)
      for (const id of [...h.jobs]) endJob(h, id)
    }
    worker.on('message', (m: HelperMessage) => {
      if ('unavailable' in m) gone(`it cannot make namespaces (${m.unavailable})`)
      else endJob(h, m.done)
    })
    worker.on('error', (e) => gone(`it failed: ${e.message}`))
    worker.on('exit', (code) => gone(`it exited (${code})`))
    helper = h
    return h
  } catch (e) {
    helperFailed = `it could not start: ${(e as Error).message}`
    netnsLog('namespace helper thread: %s', helperFailed)
    return undefined
  }
}

/**
 * The worker's script and options. From the compiled package: helper-thread.js beside this file
 * (dist/src/transport/, or dist/bundle/ where the bundle keeps it as its own entry point). From
 * the TypeScript sources (tests run them through tsx): tsx's require hook in an eval'd stub, as
 * Node 20 does not apply the main thread's module hooks to a worker's ES modules.
 */
function helperScript(): [string | URL, { eval?: boolean }] {
  if (!import.meta.url.endsWith('.ts')) return [new URL('./netns-helper-thread.js', import.meta.url), {}]
  const tsx = createRequire(import.meta.url).resolve('tsx/cjs/api')
  const file = fileURLToPath(new URL('./netns-helper-thread.ts', import.meta.url))
  return [`require(${JSON.stringify(tsx)}).require(${JSON.stringify(file)}, __filename)`, { eval: true }]
}

/** What a batch needs from netns.ts: its own add and del, for the namespaces the main thread makes or removes. */
export interface AheadHooks {
  add(name: string): Promise<void>
  del(name: string): Promise<void>
}

/** One run's namespaces, made from both ends. */
export class AheadBatch {
  private readonly index = new Map<string, number>()
  private readonly slots: Int32Array
  private closed = false
  private readonly jobId = nextJob++

  constructor(
    private readonly names: readonly string[],
    private readonly files: readonly string[],
    private readonly hooks: AheadHooks,
    private readonly h: Helper,
  ) {
    names.forEach((n, i) => this.index.set(n, i))
    this.slots = new Int32Array(new SharedArrayBuffer(4 * names.length))
    const job: AheadJob = { id: this.jobId, slots: this.slots, files: [...files] }
    hold(h)
    h.jobs.add(job.id)
    h.worker.postMessage(job)
  }

  /** How many the helper thread has made so far (asked for or not): for tests and traces. */
  madeAhead(): number {
    let n = 0
    for (let i = 0; i < this.names.length; i++) {
      const v = Atomics.load(this.slots, i)
      if (v === SLOT_MADE || v === SLOT_TAKEN) n++
    }
    return n
  }

  /** netns.add(name) for a name of this batch; undefined for any other name. */
  add(name: string): Promise<void> | undefined {
    const i = this.index.get(name)
    if (i === undefined || this.closed) return undefined
    if (Atomics.compareExchange(this.slots, i, SLOT_FREE, SLOT_MAIN) === SLOT_FREE) return this.hooks.add(name)
    return this.claim(name, i)
  }

  private async claim(name: string, i: number): Promise<void> {
    const state = await this.settled(i)
    if (state === SLOT_MADE) {
      Atomics.store(this.slots, i, SLOT_TAKEN)
      netnsLog('%s: made ahead by the helper thread', name)
      return
    }
    // SLOT_FAILED (nothing left behind), or SLOT_MAIN/SLOT_TAKEN for a name asked twice:
    // netns.add says what it says (EEXIST for the second).
    if (state === SLOT_FAILED) Atomics.store(this.slots, i, SLOT_MAIN)
    return this.hooks.add(name)
  }

  /** The slot's state once the helper is not working on it (bounded: HELPER_WAIT_MS). */
  private async settled(i: number): Promise<number> {
    const deadline = Date.now() + HELPER_WAIT_MS
    for (;;) {
      const state = Atomics.load(this.slots, i)
      if (state !== SLOT_BUSY) return state
      const left = deadline - Date.now()
      // A helper that died mid-step cannot say so through the slot: give up waiting on it then.
      if (left <= 0 || !this.h.alive) return SLOT_FAILED
      const w = waitAsync(this.slots, i, SLOT_BUSY, Math.min(left, 100))
      if (!w.async) continue
      hold(this.h)
      try {
        await w.value
      } finally {
        release(this.h)
      }
    }
  }

  /**
   * End the batch: what nobody started stays unmade, and the namespaces the helper made that
   * netns.add was not asked for are deleted. Never throws (a deletion that fails is traced).
   */
  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (let i = 0; i < this.names.length; i++) Atomics.compareExchange(this.slots, i, SLOT_FREE, SLOT_MAIN)
    for (let i = 0; i < this.names.length; i++) {
      if ((await this.settled(i)) !== SLOT_MADE) continue
      Atomics.store(this.slots, i, SLOT_TAKEN)
      await this.hooks.del(this.names[i]!).catch((e: unknown) => netnsLog('%s (made ahead, not asked for): %s', this.files[i], (e as Error).message))
    }
    // No slot is free or busy now, so the helper has nothing left to do in this job: a helper
    // still starting (~40 ms) must not hold the process until it has looked.
    endJob(this.h, this.jobId)
  }
}

/** Atomics.waitAsync (ES2024; in every Node nlwire supports, not yet in this project's lib). */
const waitAsync = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, ms: number): { async: boolean; value: unknown } }).waitAsync

/** A batch for these names (AHEAD_MIN or more), or undefined where the helper cannot run. */
export function aheadBatch(names: readonly string[], files: readonly string[], hooks: AheadHooks): AheadBatch | undefined {
  const h = startHelper()
  return h === undefined ? undefined : new AheadBatch(names, files, hooks, h)
}
