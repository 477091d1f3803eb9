// What the planners share: the file's desired state, the machine's live state, the placement,
// and the list being built. Conflicts (the machine stands in the way) are collected, not thrown,
// so that plan can show them all.
import type { Link } from '../api/views.js'
import type { Change } from './change.js'
import type { Desired, DesiredIf } from './desired.js'
import type { LiveState, NsState } from './live.js'
import type { Machine } from './machine.js'
import type { Placement } from './names.js'
import { netnsRef } from './ops.js'

export interface PlanOptions {
  /** Take over namespaces and interfaces of the file's names that exist and are not ours. */
  adopt?: boolean
}

export class PlanBuilder {
  readonly changes: Change[] = []
  readonly conflicts: string[] = []
  /** Namespaces this run creates: everything in them is new, and goes with them on rollback. */
  readonly newNamespaces = new Set<string | undefined>()

  constructor(
    readonly desired: Desired,
    readonly live: LiveState,
    readonly place: Placement,
    readonly opts: PlanOptions,
    private readonly machine: Machine,
  ) {}

  private readonly nsids = new Map<string, Promise<number>>()

  /** The nsid by which `from`'s namespace knows `to`'s (-1: none), asked once. */
  nsidOf(from: string, to: string): Promise<number> {
    const key = `${from}\0${to}`
    let p = this.nsids.get(key)
    if (p === undefined) {
      p = this.machine.open(this.netns(from)).then((nl) => nl.nsid.get(netnsRef(this.netns(to))))
      this.nsids.set(key, p)
    }
    return p
  }

  add(c: Change): void {
    this.changes.push(c)
  }

  conflict(text: string): void {
    this.conflicts.push(text)
  }

  ns(node: string): NsState {
    return this.live.nodes.get(node)!
  }

  netns(node: string): string | undefined {
    return this.place.netns(node)
  }

  /** The namespace is the topology's (created by this run, before, or adopted). */
  ownsNode(node: string): boolean {
    const s = this.ns(node)
    return this.newNamespaces.has(this.netns(node)) || s.owned
  }

  /** The topology owns this live link: it is in a namespace of ours, carries the marker, or is an OVS port of ours. */
  ownsLink(node: string, l: Link): boolean {
    if (this.ownsNode(node)) return true
    if (l.alias === this.place.marker) return true
    const bridge = this.live.ovs?.portBridge.get(l.name)
    if (bridge !== undefined) {
      const b = this.live.ovs!.bridges.get(bridge)!
      return b.ports.get(l.name)?.owned === true || (b.owned && b.name === l.name)
    }
    return false
  }

  /** Interfaces in our own namespaces need no marker: the namespace's is theirs. */
  needsMarker(node: string): boolean {
    return !this.ownsNode(node)
  }

  /** `host:br-tap1` as people read it. */
  where(d: { node: string; name: string }): string {
    return `${d.node}:${d.name}`
  }

  ifPath(d: DesiredIf): string {
    return `nodes.${d.node}.interfaces.${d.name}`
  }
}
