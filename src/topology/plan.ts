// plan = the file's desired state against the machine's live state: the changes `up` would make,
// in the order it makes them. Reading the machine sends dumps and gets only; nothing here changes
// anything (the changes' operations run in apply.ts).
import type { Change } from './change.js'
import { desiredState } from './desired.js'
import { readLive, type LiveState } from './live.js'
import type { Machine } from './machine.js'
import type { Placement } from './names.js'
import * as op from './ops.js'
import { PlanBuilder, type PlanOptions } from './plan-context.js'
import { Buckets, InterfacePlanner } from './plan-interfaces.js'
import { planNamespaces, planNsids } from './plan-namespaces.js'
import { planRoutes } from './plan-routes.js'
import type { TopologySpec } from './spec.js'

export interface Plan {
  /** prefix + name: what the markers say. */
  topology: string
  changes: Change[]
  /** What stands in the way (names taken by what is not ours); up refuses while there are any. */
  conflicts: string[]
  /** The turns (progress groups) in order. */
  turns: string[]
  live: LiveState
}

export function usesOvs(spec: TopologySpec): boolean {
  return Object.values(spec.nodes).some((n) => Object.values(n.interfaces ?? {}).some((i) => i.kind === 'ovs-bridge' || i.kind === 'ovs-internal' || i.switch !== undefined))
}

export async function makePlan(machine: Machine, spec: TopologySpec, place: Placement, opts: PlanOptions = {}): Promise<Plan> {
  const live = await readLive(machine, place, { ovs: usesOvs(spec), scan: true, v6: (node) => usesV6(spec, node) })
  const desired = desiredState(spec, place)
  const b = new PlanBuilder(desired, live, place, opts, machine)
  planNamespaces(b)
  await planNsids(b, machine)
  const buckets = new Buckets()
  const ifs = new InterfacePlanner(b, buckets)
  for (const n of desired.nodes.values()) for (const d of n.interfaces.values()) ifs.planInterface(d)
  // The nsids that tell whether two live veths are joined, asked all at once (one round trip).
  await Promise.all(desired.cables.map((c) => (b.netns(c.a.node) !== b.netns(c.b.node) && live.nodes.get(c.a.node)!.exists && live.nodes.get(c.b.node)!.exists ? b.nsidOf(c.a.node, c.b.node) : undefined)))
  for (const c of desired.cables) await ifs.planCable(c)
  // Bridges before their ports, so that a port's master exists when it is enslaved.
  const all = [...desired.nodes.values()].flatMap((n) => [...n.interfaces.values()])
  const byKind = [...all.filter((d) => d.kind === 'bridge' || d.kind === 'ovs-bridge'), ...all.filter((d) => d.kind !== 'bridge' && d.kind !== 'ovs-bridge')]
  for (const d of byKind) ifs.planSettings(d)
  for (const d of all) ifs.planAddresses(d)
  for (const n of desired.nodes.values()) for (const c of planRoutes(b, n, ifs.gone.get(n.node))) buckets.put(c.turn, 'route', c)
  for (const t of desired.turns) for (const c of buckets.take(t)) b.add(c)
  for (const c of ifs.cleanupLinks()) b.add(c)
  planCleanupOvs(b)
  for (const s of live.strays) {
    b.add({ action: 'remove', object: 'namespace', node: s.netns!, name: s.netns!, text: `remove namespace ${s.netns} (not in the file)`, turn: 'cleanup', ops: [op.removeNamespace(s.netns!)] })
  }
  return { topology: place.id, changes: b.changes, conflicts: b.conflicts, turns: ['namespaces', 'nsids', ...desired.turns, 'cleanup'], live }
}

/** Open vSwitch bridges and ports of ours that the file no longer has. */
function planCleanupOvs(b: PlanBuilder): void {
  const ovs = b.live.ovs
  if (ovs === undefined) return
  const declared = new Map<string, string | undefined>()
  for (const n of b.desired.nodes.values()) for (const d of n.interfaces.values()) declared.set(d.name, d.kind === 'ovs-bridge' ? d.name : d.spec.switch)
  for (const br of ovs.bridges.values()) {
    if (br.owned && declared.get(br.name) !== br.name) {
      b.add({ action: 'remove', object: 'switch', node: 'host', name: br.name, text: `remove switch ${br.name} (not in the file)`, turn: 'cleanup', ops: [op.delSwitch(br.name)] })
      continue
    }
    for (const p of br.ports.values()) {
      if (!p.owned || p.name === br.name || declared.get(p.name) === br.name) continue
      b.add({ action: 'remove', object: 'port', node: 'host', name: p.name, text: `remove port ${p.name} from switch ${br.name} (not in the file)`, turn: 'cleanup', ops: [op.delPort(br.name, p.name, p.type)] })
    }
  }
}

/** The node has IPv6 addresses or routes (and so its IPv6 state must be read). */
function usesV6(spec: TopologySpec, node: string): boolean {
  const n = spec.nodes[node]
  if (n === undefined) return false
  return (n.routes ?? []).some((r) => `${r.dst}${r.via ?? ''}${r.src ?? ''}`.includes(':')) || Object.values(n.interfaces ?? {}).some((i) => (i.addresses ?? []).some((a) => a.includes(':')))
}

/** One line per change, as `nlwire plan` prints them. */
export function formatPlan(p: Plan): string {
  const lines = p.changes.map((c) => `${c.text}`)
  const counts = { create: 0, change: 0, remove: 0, other: 0 }
  for (const c of p.changes) {
    if (c.action === 'create') counts.create++
    else if (c.action === 'change') counts.change++
    else if (c.action === 'remove') counts.remove++
    else counts.other++
  }
  const summary =
    p.changes.length === 0
      ? `${p.topology}: the machine matches the file; up has nothing to do`
      : `${p.topology}: ${counts.create} to create, ${counts.change} to change, ${counts.remove} to remove${counts.other ? `, ${counts.other} to move or adopt` : ''}`
  const conflicts = p.conflicts.length ? [`${p.conflicts.length} conflict${p.conflicts.length === 1 ? '' : 's'}: up would refuse:`, ...p.conflicts.map((c) => `  ${c}`)] : []
  return [...lines, summary, ...conflicts].join('\n') + '\n'
}
