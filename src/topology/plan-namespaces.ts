// Namespaces first (created, or adopted with --adopt), then the nsids the file fixes: the kernel
// gives a namespace an nsid by itself as soon as a link's peer is reported across namespaces, and
// an nsid cannot be changed once given, so they are set before any cable exists.
import type { Netlink } from '../api/netlink.js'
import type { Machine } from './machine.js'
import { createNamespace, netnsRef, setAlias, setNsid } from './ops.js'
import type { PlanBuilder } from './plan-context.js'
import { HOST } from './spec.js'

export function planNamespaces(b: PlanBuilder): void {
  for (const node of b.place.nodes()) {
    const ns = b.netns(node)
    const s = b.ns(node)
    if (ns === undefined) continue // the current namespace: always there, never ours
    const label = b.place.label(node)
    if (!s.exists) {
      b.newNamespaces.add(ns)
      b.add({ action: 'create', object: 'namespace', node, name: ns, text: `create namespace ${label}`, turn: 'namespaces', ops: createNamespace(ns, b.place.marker) })
    } else if (!s.owned) {
      if (node === HOST) continue // --host NETNS that exists: played as the host, never deleted
      const alias = s.byName.get('lo')?.alias
      if (b.opts.adopt) {
        b.add({ action: 'adopt', object: 'namespace', node, name: ns, text: `adopt namespace ${label} (down will delete it)`, turn: 'namespaces', ops: [setAlias(ns, 'lo', b.place.marker, alias)] })
      } else {
        b.conflict(`nodes.${node}: namespace ${ns} exists and is not this topology's (its lo has ${alias === undefined ? 'no alias' : `alias ${JSON.stringify(alias)}`}, not ${b.place.marker}); --adopt takes it over (down then deletes it)`)
      }
    }
  }
}

export async function planNsids(b: PlanBuilder, machine: Machine): Promise<void> {
  for (const [node, d] of b.desired.nodes) {
    for (const [other, id] of Object.entries(d.nsids)) {
      const ns = b.netns(node)
      const to = b.netns(other)
      const fresh = b.newNamespaces.has(ns) || b.newNamespaces.has(to)
      let now = -1
      if (!fresh) {
        const nl: Netlink = await machine.open(ns)
        now = await nl.nsid.get(netnsRef(to))
      }
      if (now === id) continue
      if (now !== -1) {
        b.conflict(`nodes.${node}.nsids.${other}: ${b.place.label(node)} already knows ${b.place.label(other)} as nsid ${now}; an nsid cannot change while both namespaces exist`)
        continue
      }
      b.add({ action: 'create', object: 'nsid', node, name: other, text: `create nsid ${id} for ${other} in ${node}`, to: { nsid: id }, turn: 'nsids', ops: [setNsid(ns, to, id, fresh)] })
    }
  }
}
