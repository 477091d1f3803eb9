// topology: networks as files. load/parse/validate a file, plan what `up` would do, bring it up
// (reconcile, with rollback on failure), take it down (what it owns, nothing else), and draw it.
//
//   import { topology } from 'nlwire'
//   const spec = await topology.load('examples/s5-bridge.yaml')
//   console.log(topology.formatPlan(await topology.plan(spec, { prefix: 'lab1-' })))
//   await topology.up(spec, { prefix: 'lab1-' })
//   await topology.down(spec, { prefix: 'lab1-' })
import { applyChanges, makeCtx, type Progress } from './apply.js'
import { changeJson, type Change } from './change.js'
import { makeTeardown } from './down.js'
import { TopologyConflictError } from './errors.js'
import { loadTopology, parseTopology } from './load.js'
import { LocalMachine, type Machine } from './machine.js'
import { Placement, type PlacementOptions } from './names.js'
import { formatPlan, makePlan, type Plan } from './plan.js'
import type { PlanOptions } from './plan-context.js'
import { jsonSchema } from './schema.js'
import type { TopologySpec } from './spec.js'
import { validateTopology } from './validate.js'

export interface TopologyOptions extends PlacementOptions, PlanOptions {
  /** The machine to work on (default: this one, through nlwire's API). */
  machine?: Machine
  /** ovsdb-server's socket (default $OVS_SOCKET, else /var/run/openvswitch/db.sock). */
  ovsSocket?: string
  /** Called with one line per namespace done. */
  progress?: Progress
}

export interface UpResult {
  topology: string
  /** What was done, one element per change (empty: the machine already matched). */
  changes: Record<string, unknown>[]
  operations: number
}

export interface DownResult {
  topology: string
  changes: Record<string, unknown>[]
  /** Named by the file but not the topology's: left as they are. */
  kept: string[]
  operations: number
}

async function withMachine<T>(opts: TopologyOptions, fn: (m: Machine) => Promise<T>): Promise<T> {
  const machine = opts.machine ?? new LocalMachine(opts.ovsSocket !== undefined ? { ovsSocket: opts.ovsSocket } : {})
  try {
    return await fn(machine)
  } finally {
    if (opts.machine === undefined) await machine.close()
  }
}

function placement(spec: TopologySpec, opts: TopologyOptions): { spec: TopologySpec; place: Placement } {
  const checked = validateTopology(spec, spec && typeof spec === 'object' && typeof spec.name === 'string' ? spec.name : 'topology')
  return { spec: checked, place: new Placement(checked, opts) }
}

/** What `up` would do, touching nothing (dumps and gets only). */
export async function plan(spec: TopologySpec, opts: TopologyOptions = {}): Promise<Plan> {
  const p = placement(spec, opts)
  return withMachine(opts, (m) => makePlan(m, p.spec, p.place, opts))
}

/** Make the machine match the file; on failure undo everything done, and throw TopologyApplyError. */
export async function up(spec: TopologySpec, opts: TopologyOptions = {}): Promise<UpResult> {
  const p = placement(spec, opts)
  return withMachine(opts, async (m) => {
    const pl = await makePlan(m, p.spec, p.place, opts)
    if (pl.conflicts.length > 0) throw new TopologyConflictError('up', pl.topology, pl.conflicts)
    const r = await applyChanges(makeCtx(m, p.place), pl.changes, { operation: 'up', rollback: true, ...(opts.progress ? { progress: opts.progress } : {}) })
    return { topology: pl.topology, changes: pl.changes.map(changeJson), operations: r.operations }
  })
}

/** Remove what the topology owns (and nothing else). */
export async function down(spec: TopologySpec, opts: TopologyOptions = {}): Promise<DownResult> {
  const p = placement(spec, opts)
  return withMachine(opts, async (m) => {
    const t = await makeTeardown(m, p.spec, p.place)
    const r = await applyChanges(makeCtx(m, p.place), t.changes, { operation: 'down', rollback: false, ...(opts.progress ? { progress: opts.progress } : {}) })
    return { topology: t.topology, changes: t.changes.map(changeJson), kept: t.kept, operations: r.operations }
  })
}

export { loadTopology as load, parseTopology as parse, validateTopology as validate, jsonSchema as schema, formatPlan }
export { LocalMachine, Placement, changeJson }
export type { Machine, Plan, Change, TopologySpec, PlacementOptions, PlanOptions, Progress }
export * from './errors.js'
export type * from './spec.js'
