// Interfaces and cables: for each, whether it is made, moved, replaced, adopted or left, then
// what differs on it (settings, OVS port, addresses). Changes go into buckets by turn and by
// category; plan.ts lays the buckets out in order.
import type { LinkAddOptions } from '../api/link.js'
import type { Link } from '../api/views.js'
import type { Change } from './change.js'
import type { Cable, DesiredIf } from './desired.js'
import { creationAttrs, linkDiff } from './link-diff.js'
import type { NsState } from './live.js'
import * as op from './ops.js'
import type { PlanBuilder } from './plan-context.js'
import { HOST } from './spec.js'

export const CATEGORIES = ['replace', 'switch', 'bridge', 'cable', 'internal', 'stacked', 'move', 'settings', 'port', 'address', 'route'] as const
export type Category = (typeof CATEGORIES)[number]

export class Buckets {
  private readonly m = new Map<string, Map<Category, Change[]>>()
  put(turn: string, cat: Category, c: Change): void {
    let t = this.m.get(turn)
    if (t === undefined) this.m.set(turn, (t = new Map()))
    let l = t.get(cat)
    if (l === undefined) t.set(cat, (l = []))
    l.push(c)
  }
  take(turn: string): Change[] {
    const t = this.m.get(turn)
    return t === undefined ? [] : CATEGORIES.flatMap((c) => t.get(c) ?? [])
  }
}

/** What became of an interface in this run, for the settings that follow. */
interface Fate {
  /** It is made by this run; these fields went into the request that makes it. */
  created?: { mtu?: boolean; address?: boolean; txqlen?: boolean; master?: boolean; up?: boolean; group?: boolean; bridge?: boolean }
  /** It is moved into its namespace by this run (its addresses stay behind: the kernel flushes them). */
  moved?: boolean
  /** The live link, where it stays. */
  live?: Link
  /** Taking it back is covered by the undo of its creation or move. */
  covered: boolean
  /** Something stands in the way: nothing more is planned for it. */
  blocked?: boolean
}

const CREATABLE = new Set(['veth', 'bridge', 'vxlan', 'macvlan', 'macvtap'])

export class InterfacePlanner {
  readonly fate = new Map<DesiredIf, Fate>()
  /** The change that makes an interface: its settings join it rather than make a line of their own. */
  private readonly maker = new Map<DesiredIf, Change>()
  /** Live links that the plan uses (moved, replaced): cleanup leaves them alone. */
  readonly claimed = new Set<Link>()
  /** Per node, the ifindexes that this run takes away (replaced, moved out): their routes go with them. */
  readonly gone = new Map<string, Set<number>>()

  private goes(node: string, l: Link): void {
    let g = this.gone.get(node)
    if (g === undefined) this.gone.set(node, (g = new Set()))
    g.add(l.index)
  }

  constructor(
    private readonly b: PlanBuilder,
    private readonly buckets: Buckets,
  ) {}

  private ns(node: string): NsState {
    return this.b.ns(node)
  }

  /** The live link of that name in the node's namespace; lo exists in a namespace being created. */
  private liveOf(d: { node: string; name: string }): Link | undefined {
    return this.ns(d.node).byName.get(d.name)
  }

  private change(d: DesiredIf, cat: Category, c: Omit<Change, 'turn' | 'node' | 'name'> & { name?: string }): Change {
    const full = { node: d.node, name: d.name, turn: d.turn, ...c }
    this.buckets.put(d.turn, cat, full)
    return full
  }

  /** This end in a namespace we do not own: it carries the marker and the group. */
  private markOf(d: DesiredIf): { alias?: string; group?: number } {
    // Only what the topology makes: a device that was there (lo, eth0) is configured, never
    // marked; Open vSwitch rows carry their own marker (external_ids).
    if (d.kind === undefined || d.kind === 'ovs-bridge' || d.kind === 'ovs-internal') return {}
    return this.b.needsMarker(d.node) ? { alias: this.b.place.marker, ...(d.node === HOST ? { group: this.b.place.group } : {}) } : {}
  }

  /** A live link in our way: remove it if it is ours, else it is a conflict. */
  private replace(d: DesiredIf, l: Link, why: string): boolean {
    if (!this.b.ownsLink(d.node, l)) {
      this.b.conflict(`${this.b.ifPath(d)}: ${d.node} has an interface ${d.name} (${l.kind ?? 'no kind'}) that is not this topology's, and ${why}`)
      return false
    }
    this.claimed.add(l)
    this.goes(d.node, l)
    this.change(d, 'replace', { action: 'remove', object: 'interface', text: `remove interface ${this.b.where(d)} (${l.kind ?? 'no kind'}: ${why}; it is made again)`, ops: [op.delLink(this.b.netns(d.node), d.name)] })
    return true
  }

  /** An existing link of the right kind that is not ours: adopt it (--adopt) or stop. */
  private adoptOrConflict(d: DesiredIf, l: Link): boolean {
    if (this.b.ownsLink(d.node, l)) return true
    if (!this.b.opts.adopt) {
      this.b.conflict(`${this.b.ifPath(d)}: ${d.node} already has an interface ${d.name} (${l.kind}) that is not this topology's (no alias ${this.b.place.marker}); --adopt takes it over (down then deletes it)`)
      return false
    }
    const m = this.markOf(d)
    const ops = m.alias !== undefined ? [op.setLink(this.b.netns(d.node), d.name, { alias: m.alias, ...(m.group !== undefined ? { group: m.group } : {}) }, { alias: l.alias ?? '', ...(m.group !== undefined ? { group: l.group ?? 0 } : {}) })] : []
    this.change(d, 'settings', { action: 'adopt', object: 'interface', text: `adopt interface ${this.b.where(d)} (${l.kind}; down will delete it)`, ops })
    return true
  }

  // ---- making things ----

  /** Interfaces other than cable ends. */
  planInterface(d: DesiredIf): void {
    if (d.kind === 'veth') return
    const l = this.liveOf(d)
    const ns = this.b.netns(d.node)
    const fresh = this.b.newNamespaces.has(ns)
    if (d.kind === undefined) {
      if (l === undefined && !(d.name === 'lo')) {
        this.b.conflict(`${this.b.ifPath(d)}: ${this.b.place.label(d.node)} has no interface ${d.name}, and without a kind nlwire cannot make one`)
        this.fate.set(d, { covered: false, blocked: true })
      } else this.fate.set(d, { ...(l !== undefined ? { live: l } : {}), covered: fresh })
      return
    }
    if (d.kind === 'ovs-bridge') return this.planSwitch(d, l)
    if (d.kind === 'ovs-internal') return this.planInternal(d, l)
    if (l !== undefined) {
      if (l.kind === d.kind) {
        if (this.adoptOrConflict(d, l)) this.fate.set(d, { live: l, covered: fresh })
        else this.fate.set(d, { covered: false, blocked: true })
        return
      }
      if (!this.replace(d, l, `the file makes it a ${d.kind}`)) return void this.fate.set(d, { covered: false, blocked: true })
    } else {
      const elsewhere = this.findMisplaced(d)
      if (elsewhere !== undefined) return this.planMove(d, elsewhere.node, elsewhere.link)
    }
    this.planCreate(d)
  }

  /** An owned link of that name and kind in another namespace of the topology. */
  private findMisplaced(d: DesiredIf): { node: string; link: Link } | undefined {
    for (const [node, s] of this.b.live.nodes) {
      if (node === d.node) continue
      const l = s.byName.get(d.name)
      if (l === undefined || l.kind !== d.kind || !this.b.ownsLink(node, l)) continue
      if (this.b.desired.nodes.get(node)?.interfaces.has(d.name)) continue
      return { node, link: l }
    }
    return undefined
  }

  private planMove(d: DesiredIf, from: string, l: Link): void {
    this.claimed.add(l)
    this.goes(from, l)
    const local = l.netnsImmutable ? ' (it is netns-local: the kernel will refuse)' : ''
    this.change(d, 'move', { action: 'move', object: 'interface', text: `move interface ${d.name} from ${from} to ${d.node}${local}`, from: { node: from }, to: { node: d.node }, ops: [op.moveLink(this.b.netns(from), d.name, this.b.netns(d.node))] })
    this.fate.set(d, { moved: true, live: l, covered: true })
  }

  private planCreate(d: DesiredIf): void {
    const ns = this.b.netns(d.node)
    const s = d.spec
    const m = this.markOf(d)
    const o: LinkAddOptions = { name: d.name, kind: d.kind!, ...creationAttrs(d) }
    if (m.group !== undefined) o.group = m.group
    if (s.master !== undefined) o.master = s.master
    if (s.up !== undefined) o.up = s.up
    if (d.kind === 'bridge' && s.bridge !== undefined) o.bridge = { ...s.bridge }
    if (d.kind === 'vxlan' && s.vxlan !== undefined) {
      const v = s.vxlan
      o.vxlan = { id: v.id, ...(v.port !== undefined ? { port: v.port } : {}), ...(v.dev !== undefined ? { dev: v.dev } : {}), ...(v.local !== undefined ? { local: v.local } : {}), ...(v.ttl !== undefined ? { ttl: v.ttl } : {}), ...(v.learning !== undefined ? { learning: v.learning ? 1 : 0 } : {}) }
      const group = v.remote ?? v.group
      if (group !== undefined) o.vxlan.group = group
    }
    if ((d.kind === 'macvlan' || d.kind === 'macvtap') && s.macvlan !== undefined) {
      o.link = s.macvlan.parent
      if (s.macvlan.mode !== undefined) o.macvlan = { mode: s.macvlan.mode }
    }
    const cat: Category = d.kind === 'bridge' ? 'bridge' : 'stacked'
    const what = [d.kind, ...(s.bridge?.stpState !== undefined ? [`stp_state ${s.bridge.stpState}`] : []), ...(s.vxlan ? [`id ${s.vxlan.id}`] : []), ...(s.macvlan ? [`on ${s.macvlan.parent}`] : [])].join(', ')
    this.maker.set(d, this.change(d, cat, { action: 'create', object: 'interface', text: `create interface ${this.b.where(d)} (${what})`, to: { kind: d.kind }, ops: [op.addLink(ns, o)] }))
    this.fate.set(d, { created: { mtu: true, address: true, txqlen: true, master: true, up: true, group: true, bridge: true }, covered: true })
  }

  private planSwitch(d: DesiredIf, l: Link | undefined): void {
    const ovs = this.b.live.ovs
    if (ovs === undefined) {
      this.b.conflict(`${this.b.ifPath(d)}: an ovs-bridge needs Open vSwitch: ${this.b.live.ovsMissing ?? 'not read'}`)
      return void this.fate.set(d, { covered: false, blocked: true })
    }
    const br = ovs.bridges.get(d.name)
    if (br === undefined) {
      if (l !== undefined) {
        this.b.conflict(`${this.b.ifPath(d)}: the host has an interface ${d.name} (${l.kind ?? 'no kind'}) that is not an Open vSwitch bridge`)
        return void this.fate.set(d, { covered: false, blocked: true })
      }
      const dp = d.spec.ovs?.datapathType
      this.maker.set(d, this.change(d, 'switch', { action: 'create', object: 'switch', text: `create switch ${d.name} (Open vSwitch bridge${dp ? `, datapath ${dp}` : ''})`, to: { datapathType: dp ?? 'system' }, ops: op.addSwitch(d.name, dp, this.owner()) }))
      return void this.fate.set(d, { created: {}, covered: true })
    }
    if (!br.owned && !this.b.opts.adopt) {
      this.b.conflict(`${this.b.ifPath(d)}: Open vSwitch already has a bridge ${d.name} that is not this topology's (no external_ids:nlwire-owner=${this.owner()}); --adopt takes it over`)
      return void this.fate.set(d, { covered: false, blocked: true })
    }
    if (!br.owned) this.change(d, 'switch', { action: 'adopt', object: 'switch', text: `adopt switch ${d.name} (down will delete it)`, ops: op.addSwitch(d.name, undefined, this.owner()).slice(1) })
    if (l === undefined) {
      this.b.conflict(`${this.b.ifPath(d)}: Open vSwitch has the bridge ${d.name} but ${this.b.place.label(HOST)} has no interface of that name (does ovs-vswitchd run in another namespace?)`)
      return void this.fate.set(d, { covered: false, blocked: true })
    }
    this.fate.set(d, { live: l, covered: false })
  }

  private planInternal(d: DesiredIf, l: Link | undefined): void {
    const ovs = this.b.live.ovs
    const sw = d.spec.switch!
    if (ovs === undefined) {
      this.b.conflict(`${this.b.ifPath(d)}: an ovs-internal port needs Open vSwitch: ${this.b.live.ovsMissing ?? 'not read'}`)
      return void this.fate.set(d, { covered: false, blocked: true })
    }
    const on = ovs.portBridge.get(d.name)
    const port = on !== undefined ? ovs.bridges.get(on)!.ports.get(d.name) : undefined
    const hostLink = d.node === HOST ? l : this.ns(HOST).byName.get(d.name)
    if (port === undefined || on !== sw) {
      if (port !== undefined && !port.owned) {
        this.b.conflict(`${this.b.ifPath(d)}: ${d.name} is a port of Open vSwitch bridge ${on} that is not this topology's`)
        return void this.fate.set(d, { covered: false, blocked: true })
      }
      if (port !== undefined) this.change(d, 'replace', { action: 'remove', object: 'port', text: `remove port ${d.name} from switch ${on} (the file puts it on ${sw})`, ops: [op.delPort(on!, d.name, port.type)] })
      else if (l !== undefined || hostLink !== undefined) {
        this.b.conflict(`${this.b.ifPath(d)}: an interface ${d.name} exists and is not an Open vSwitch port`)
        return void this.fate.set(d, { covered: false, blocked: true })
      }
      const ops = op.addPort(sw, d.name, 'internal', this.owner())
      if (d.node !== HOST) ops.push(op.moveLink(this.b.netns(HOST), d.name, this.b.netns(d.node)))
      this.maker.set(d, this.change(d, 'internal', { action: 'create', object: 'interface', text: `create interface ${this.b.where(d)} (ovs-internal port of ${sw})`, to: { kind: 'ovs-internal', switch: sw }, ops }))
      return void this.fate.set(d, { created: {}, covered: true })
    }
    if (!port.owned && !this.b.opts.adopt) {
      this.b.conflict(`${this.b.ifPath(d)}: ${d.name} is a port of ${sw} that is not this topology's; --adopt takes it over`)
      return void this.fate.set(d, { covered: false, blocked: true })
    }
    if (l !== undefined) return void this.fate.set(d, { live: l, covered: false })
    if (hostLink !== undefined && d.node !== HOST) {
      this.change(d, 'move', { action: 'move', object: 'interface', text: `move interface ${d.name} from host to ${d.node}`, ops: [op.moveLink(this.b.netns(HOST), d.name, this.b.netns(d.node))] })
      return void this.fate.set(d, { moved: true, live: hostLink, covered: true })
    }
    this.b.conflict(`${this.b.ifPath(d)}: ${d.name} is a port of ${sw} but its device is neither in ${d.node} nor in the host`)
    this.fate.set(d, { covered: false, blocked: true })
  }

  private owner(): string {
    return this.b.place.id
  }

  /** A cable: both ends there and joined to each other, or made (again). */
  async planCable(c: Cable): Promise<void> {
    const da = this.b.desired.nodes.get(c.a.node)!.interfaces.get(c.a.name)!
    const db = this.b.desired.nodes.get(c.b.node)!.interfaces.get(c.b.name)!
    const la = this.liveOf(da)
    const lb = this.liveOf(db)
    if (la !== undefined && lb !== undefined && la.kind === 'veth' && lb.kind === 'veth' && (await this.joined(c, la, lb))) {
      const okA = this.adoptOrConflict(da, la)
      const okB = this.adoptOrConflict(db, lb)
      this.fate.set(da, { live: la, covered: false, ...(okA ? {} : { blocked: true }) })
      this.fate.set(db, { live: lb, covered: false, ...(okB ? {} : { blocked: true }) })
      return
    }
    let ok = true
    for (const [d, l] of [[da, la], [db, lb]] as const) {
      if (l !== undefined && !this.replace(d, l, l.kind === 'veth' ? `its peer is not ${this.b.where(d === da ? db : da)}` : 'the file makes it a veth')) ok = false
    }
    if (!ok) {
      this.fate.set(da, { covered: false, blocked: true })
      this.fate.set(db, { covered: false, blocked: true })
      return
    }
    // One request makes both ends where they belong. The end that gets fewer settings afterwards
    // (a peer cannot be made up, enslaved, grouped or aliased by the request that creates it)
    // is the peer.
    const [main, peer] = this.postCost(da, db) <= this.postCost(db, da) ? [da, db] : [db, da]
    const m = this.markOf(main)
    const o: LinkAddOptions = {
      name: main.name,
      kind: 'veth',
      ...creationAttrs(main),
      ...(m.group !== undefined ? { group: m.group } : {}),
      ...(main.spec.master !== undefined ? { master: main.spec.master } : {}),
      ...(main.spec.up !== undefined ? { up: main.spec.up } : {}),
      peer: { name: peer.name, ...creationAttrs(peer), ...(main.node !== peer.node ? { netns: op.netnsRef(this.b.netns(peer.node)) } : {}) },
    }
    const made: Change = {
      action: 'create',
      object: 'cable',
      node: c.a.node,
      name: `${c.a.node}:${c.a.name}<->${c.b.node}:${c.b.name}`,
      text: `create cable ${this.b.where(da)} <-> ${this.b.where(db)} (veth)`,
      to: { a: this.b.where(da), b: this.b.where(db) },
      turn: c.turn,
      touches: [c.a.node, c.b.node],
      ops: [op.addLink(this.b.netns(main.node), o, this.b.netns(peer.node))],
    }
    this.buckets.put(c.turn, 'cable', made)
    this.maker.set(da, made)
    this.maker.set(db, made)
    this.fate.set(main, { created: { mtu: true, address: true, txqlen: true, master: true, up: true, group: true }, covered: true })
    this.fate.set(peer, { created: { mtu: true, address: true, txqlen: true }, covered: true })
  }

  /** Requests needed after creation with `main` as the request's link and `peer` as its peer. */
  private postCost(main: DesiredIf, peer: DesiredIf): number {
    const asMain = this.b.needsMarker(main.node) || main.spec.inet !== undefined ? 1 : 0
    const asPeer = peer.spec.up === true || peer.spec.master !== undefined || peer.spec.inet !== undefined || this.b.needsMarker(peer.node) ? 1 : 0
    return asMain + asPeer
  }

  /** The two live veths are each other's peer (ifindex, and the nsid naming the other's namespace). */
  private async joined(c: Cable, la: Link, lb: Link): Promise<boolean> {
    if (la.peer?.index !== lb.index || lb.peer?.index !== la.index) return false
    const na = this.b.netns(c.a.node)
    const nb = this.b.netns(c.b.node)
    if (na === nb) return la.peer.netnsid === undefined
    if (la.peer.netnsid === undefined) return false
    return (await this.b.nsidOf(c.a.node, c.b.node)) === la.peer.netnsid
  }

  // ---- what differs on each interface ----

  planSettings(d: DesiredIf): void {
    const f = this.fate.get(d)
    if (f === undefined || f.blocked) return
    const ns = this.b.netns(d.node)
    const s = this.ns(d.node)
    const live = f.created ? undefined : f.live
    const byName = (index: number | undefined) => (index === undefined ? undefined : (s.byIndex.get(index)?.name ?? `#${index}`))
    const diff = linkDiff(d, {
      live: f.moved ? { ...f.live!, master: undefined } : live,
      ns: s,
      ...(f.created ? { created: f.created } : {}),
      ...this.markOf(d),
      owned: f.created !== undefined || (live !== undefined && this.b.ownsLink(d.node, live)),
      masterName: f.moved ? () => undefined : byName,
    })
    if (d.kind === undefined && d.name === 'lo' && live === undefined) {
      // A namespace being made: its lo is DOWN, with no alias until the marker goes on.
      delete diff.set.alias
    }
    const maker = f.created ? this.maker.get(d) : undefined
    if (Object.keys(diff.set).length > 0 && maker !== undefined) {
      // Made by this run: what its creation request could not carry follows in the same change.
      maker.ops.push(op.setLink(ns, d.name, diff.set, 'covered'))
      const shown = diff.parts.filter((p) => !/^(alias|group) /.test(p)).map((p) => p.replace(/^(\S+) .* -> /, '$1 '))
      if (shown.length > 0) maker.text += `; ${this.b.where(d)}: ${shown.join(', ')}`
      maker.to = { ...maker.to, [d.name]: diff.to }
    } else if (Object.keys(diff.set).length > 0) {
      const back = f.covered ? ('covered' as const) : diff.back
      // A bridge port is enslaved before it goes up (as `ip link set X master B; ip link set X up`).
      this.change(d, 'settings', { action: 'change', object: 'interface', text: `change interface ${this.b.where(d)}: ${diff.parts.join(', ')}`, from: diff.from, to: diff.to, ops: [op.setLink(ns, d.name, diff.set, back)] })
    }
    this.planPort(d, f)
  }

  private planPort(d: DesiredIf, f: Fate): void {
    if (d.kind === 'ovs-internal' || d.kind === 'ovs-bridge') return
    const ovs = this.b.live.ovs
    const want = d.spec.switch
    const on = f.created ? undefined : ovs?.portBridge.get(d.name)
    if (want === on) return
    if (want !== undefined && ovs === undefined) return void this.b.conflict(`${this.b.ifPath(d)}.switch: needs Open vSwitch: ${this.b.live.ovsMissing ?? 'not read'}`)
    if (on !== undefined) {
      const port = ovs!.bridges.get(on)!.ports.get(d.name)!
      if (!port.owned && !(f.live !== undefined && this.b.ownsLink(d.node, f.live))) return void this.b.conflict(`${this.b.ifPath(d)}: ${d.name} is a port of Open vSwitch bridge ${on} that is not this topology's`)
      this.change(d, 'port', { action: 'remove', object: 'port', text: `remove port ${this.b.where(d)} from switch ${on}`, ops: [op.delPort(on, d.name, port.type)] })
    }
    if (want !== undefined) this.change(d, 'port', { action: 'create', object: 'port', text: `create port ${this.b.where(d)} on switch ${want}`, to: { switch: want }, ops: op.addPort(want, d.name, undefined, this.owner()) })
  }

  planAddresses(d: DesiredIf): void {
    const f = this.fate.get(d)
    if (f === undefined || f.blocked) return
    const ns = this.b.netns(d.node)
    const live = f.created || f.moved ? undefined : f.live
    const have = live === undefined ? [] : this.ns(d.node).addrs.filter((a) => a.index === live.index && a.scope === 'global').map((a) => a.cidr)
    for (const cidr of d.addresses) {
      if (have.includes(cidr)) continue
      this.change(d, 'address', { action: 'create', object: 'address', name: cidr, text: `create address ${this.b.where(d)} ${cidr}`, to: { address: cidr }, ops: [op.addAddr(ns, d.name, cidr, f.covered)] })
    }
    if (live === undefined || !this.b.ownsLink(d.node, live)) return
    for (const cidr of have) {
      if (d.addresses.includes(cidr)) continue
      this.change(d, 'address', { action: 'remove', object: 'address', name: cidr, text: `remove address ${this.b.where(d)} ${cidr} (not in the file)`, from: { address: cidr }, ops: [op.delAddr(ns, d.name, cidr)] })
    }
  }

  /** Live veth/bridge/... links that the file no longer has, in namespaces or with markers of ours. */
  cleanupLinks(): Change[] {
    const out: Change[] = []
    for (const [node, s] of this.b.live.nodes) {
      const declared = this.b.desired.nodes.get(node)!.interfaces
      const owned = this.b.ownsNode(node)
      for (const l of s.links) {
        if (declared.has(l.name) || this.claimed.has(l)) continue
        if (!(owned ? CREATABLE.has(l.kind ?? '') : l.alias === this.b.place.marker)) continue
        // A veth whose other end is declared goes with that cable's replacement.
        out.push({ action: 'remove', object: 'interface', node, name: l.name, text: `remove interface ${node}:${l.name} (${l.kind ?? 'no kind'}, not in the file)`, turn: 'cleanup', ops: [op.delLinkIfPresent(this.b.netns(node), l.name)] })
      }
    }
    return out
  }
}
