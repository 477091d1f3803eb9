// A plan is a list of changes; a change is one line for people ("create cable ns1:tap1 <->
// host:br-tap1") and the operations that make it, each one request (or one OVSDB transaction)
// with the operation that takes it back. apply.ts runs them and journals what it did.
import type { Netlink } from '../api/netlink.js'
import type { Switch } from '../ovs/index.js'
import type { Machine } from './machine.js'
import type { Placement } from './names.js'

export type Action = 'create' | 'change' | 'remove' | 'adopt' | 'move'
export type ObjectKind = 'namespace' | 'nsid' | 'switch' | 'interface' | 'cable' | 'port' | 'address' | 'route'

/** What the operations run with: connections by namespace, opened on first use. */
export interface Ctx {
  machine: Machine
  place: Placement
  nl(netns: string | undefined): Promise<Netlink>
  sw(): Promise<Switch>
  /**
   * Run an Open vSwitch change alone: turns run side by side, but two changes to one bridge at
   * once only make each other retry (each verifies the bridge's ports it read), and ovs-vswitchd
   * applies them one after the other anyway.
   */
  ovsChange<T>(fn: (sw: Switch) => Promise<T>): Promise<T>
  /**
   * The ifindex of a link that others name as their master, asked of the kernel once per run:
   * a star's fifty ports share one bridge. Ops that delete, move or rename a link forget it.
   */
  indexOf(netns: string | undefined, name: string): Promise<number>
  /** Told the ifindex of a link this run made (the kernel's echo of its creation). */
  learn(netns: string | undefined, name: string, index: number): void
  /** The ifindex of a link this run made, when learned: later steps on it need no lookup. */
  made(netns: string | undefined, name: string): number | undefined
  forget(netns: string | undefined, name?: string): void
}

export interface Op {
  /** What it does, for errors: "link.add br-tap1 in host". */
  text: string
  /** The named namespace it makes (Machine.netnsAhead may start on it before it runs). */
  makesNetns?: string
  run(ctx: Ctx): Promise<void>
  /**
   * How to take it back. 'covered': a later undo in the journal's reverse order takes it back
   * with something else (a namespace's deletion covers the marker on its loopback). undefined:
   * it cannot be undone (a removed namespace does not come back).
   */
  undo?: Undo | 'covered'
}

export interface Undo {
  text: string
  run(ctx: Ctx): Promise<void>
}

export interface Change {
  action: Action
  object: ObjectKind
  /** The node it belongs to (or the namespace, for one found by the ownership scan). */
  node: string
  /** What it is about: an interface name, an address, a route's destination, a namespace. */
  name: string
  /** One line. */
  text: string
  /** For `--json`: the values before and after, where there are some. */
  from?: Record<string, unknown>
  to?: Record<string, unknown>
  /** The progress group it belongs to: a node name, 'namespaces' or 'cleanup'. */
  turn: string
  /** The nodes whose namespaces it changes, when more than `node` (a cable's two ends). */
  touches?: string[]
  ops: Op[]
}

/** The JSON form of a change (plan --json). */
export function changeJson(c: Change): Record<string, unknown> {
  return {
    action: c.action,
    object: c.object,
    node: c.node,
    name: c.name,
    text: c.text,
    ...(c.from !== undefined ? { from: c.from } : {}),
    ...(c.to !== undefined ? { to: c.to } : {}),
  }
}
