// down: remove what the topology owns, nothing else, fast. Open vSwitch first (its ports name
// devices that are about to go), then the host's interfaces of ours in one RTM_DELLINK by group
// when the group holds nothing else, then each namespace of ours as a whole (its interfaces go
// with it, and a veth's other end with them).
import type { Change } from './change.js'
import { readLive, type LiveState } from './live.js'
import type { Machine } from './machine.js'
import { HOST } from './spec.js'
import type { Placement } from './names.js'
import * as op from './ops.js'
import type { TopologySpec } from './spec.js'

export interface Teardown {
  topology: string
  changes: Change[]
  /** What stays although the file names it: namespaces and switches that are not ours. */
  kept: string[]
  live: LiveState
}

export async function makeTeardown(machine: Machine, spec: TopologySpec, place: Placement): Promise<Teardown> {
  // Enough to know what is ours: the host's links (markers, group), each other namespace's lo.
  const live = await readLive(machine, place, { ovs: true, scan: true, depth: (node) => (node === HOST ? 'links' : 'owner') })
  const changes: Change[] = []
  const kept: string[] = []
  const ovs = live.ovs
  if (ovs !== undefined) {
    for (const br of ovs.bridges.values()) {
      if (br.owned) {
        changes.push({ action: 'remove', object: 'switch', node: HOST, name: br.name, text: `remove switch ${br.name}`, turn: 'switches', ops: [op.delSwitch(br.name)] })
        continue
      }
      for (const p of br.ports.values()) {
        if (p.owned) changes.push({ action: 'remove', object: 'port', node: HOST, name: p.name, text: `remove port ${p.name} from switch ${br.name}`, turn: 'switches', ops: [op.delPort(br.name, p.name, p.type)] })
      }
    }
  }
  const namespaces: string[] = []
  for (const node of place.nodes()) {
    const s = live.nodes.get(node)!
    const ns = place.netns(node)
    if (!s.exists) continue
    if (s.owned && ns !== undefined) {
      if (node !== HOST) namespaces.push(ns)
      continue
    }
    if (node !== HOST) {
      kept.push(`namespace ${place.label(node)} (not this topology's)`)
      continue
    }
    // The host, which is not ours: our interfaces in it, by group where the group is all ours.
    const mine = s.links.filter((l) => l.alias === place.marker)
    const inGroup = s.links.filter((l) => l.group === place.group)
    const byGroup = inGroup.length > 1 && inGroup.every((l) => l.alias === place.marker)
    if (byGroup) {
      changes.push({ action: 'remove', object: 'interface', node, name: `group ${place.group}`, text: `remove ${inGroup.map((l) => `${node}:${l.name}`).join(', ')} (link group ${place.group})`, turn: HOST, ops: [op.delLinkGroup(ns, place.group)] })
    }
    for (const l of mine) {
      if (byGroup && l.group === place.group) continue
      changes.push({ action: 'remove', object: 'interface', node, name: l.name, text: `remove interface ${node}:${l.name} (${l.kind ?? 'no kind'})`, turn: HOST, ops: [op.delLinkIfPresent(ns, l.name)] })
    }
  }
  for (const s of live.strays) namespaces.push(s.netns!)
  for (const ns of namespaces) changes.push({ action: 'remove', object: 'namespace', node: ns, name: ns, text: `remove namespace ${ns}`, turn: 'namespaces', ops: [op.removeNamespace(ns)] })
  const host = live.nodes.get(HOST)!
  const hostNs = place.netns(HOST)
  if (host.exists && host.owned && hostNs !== undefined) changes.push({ action: 'remove', object: 'namespace', node: HOST, name: hostNs, text: `remove namespace ${hostNs} (the host of this topology)`, turn: 'host namespace', ops: [op.removeNamespace(hostNs)] })
  return { topology: place.id, changes, kept, live }
}
