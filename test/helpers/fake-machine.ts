// A machine with no kernel behind it, for the topology layer's tests: namespaces, links (veth
// pairs across namespaces, bridges, masters, groups, aliases, devconf), addresses, routes and
// nsids, kept in memory and answered over FakeTransport as rtnetlink answers (the API's own
// requests, decoded by the codecs). It counts the requests that would change something, and can
// make the n-th of them fail, to prove rollback at every step.
import { Client } from '../../src/client/client.js'
import { Netlink } from '../../src/api/netlink.js'
import { FakeTransport, ackFor, doneFor, errorFor, partFor, type FakeRequest } from '../../src/transport/fake.js'
import { NetnsError } from '../../src/errors.js'
import type { Machine } from '../../src/topology/machine.js'
import type { Switch } from '../../src/ovs/index.js'
import { NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, type Message } from '../../codecs/core/nlmsg.js'
import { RTM_DELADDR, RTM_DELLINK, RTM_DELROUTE, RTM_GETADDR, RTM_GETLINK, RTM_GETNSID, RTM_GETROUTE, RTM_NEWADDR, RTM_NEWLINK, RTM_NEWNSID, RTM_NEWROUTE, RTM_SETLINK } from '../../codecs/rtnetlink.js'
import { parseIP } from '../../codecs/core/addresses.js'
import type { AddrBody, BridgeAttrs, Ipv4Devconf, LinkBody, NsidBody, RouteBody } from '../../codecs/index.js'

const EPERM = 1, ENOENT = 2, ESRCH = 3, EEXIST = 17, ENODEV = 19, EINVAL = 22, ENETUNREACH = 101, EADDRNOTAVAIL = 99, EOPNOTSUPP = 95
const IFF_UP = 1
const KINDS = new Set(['veth', 'bridge', 'vxlan', 'macvlan', 'macvtap'])

interface FLink {
  index: number
  name: string
  kind?: string
  up: boolean
  mtu: number
  address: string
  group: number
  alias?: string
  master?: number
  txqlen: number
  peer?: { ns: FNs; index: number }
  parent?: number
  inet: Ipv4Devconf
  bridge?: BridgeAttrs
}
interface FAddr { index: number; family: number; local: string; len: number }
interface FRoute { family: number; dst?: string; len: number; via?: string; dev?: number; table: number; metric?: number; protocol: number }
interface FNs {
  name: string
  links: Map<number, FLink>
  next: number
  addrs: FAddr[]
  routes: FRoute[]
  nsids: Map<FNs, number>
}

class Fail extends Error {
  constructor(readonly errno: number) {
    super(`errno ${errno}`)
  }
}

let macSeq = 0
function mac(): string {
  const n = ++macSeq
  return `02:fa:00:00:${((n >> 8) & 0xff).toString(16).padStart(2, '0')}:${(n & 0xff).toString(16).padStart(2, '0')}`
}

export class FakeMachine implements Machine {
  readonly current: FNs
  readonly named = new Map<string, FNs>()
  /** Requests (and namespace operations) that change something, counted since construction. */
  changeRequests = 0
  /** All requests, with their type, for the "plan sends only dumps and gets" proof. */
  readonly log: { type: number; flags: number; ns: string }[] = []
  /** Make the n-th change (1-based) fail with `errno`; 0: never. */
  failAt = 0
  failErrno = EPERM
  private readonly opened: Netlink[] = []

  constructor() {
    this.current = this.ns('(current)')
  }

  private ns(name: string): FNs {
    const s: FNs = { name, links: new Map(), next: 2, addrs: [], routes: [], nsids: new Map() }
    s.links.set(1, { index: 1, name: 'lo', up: false, mtu: 65536, address: '00:00:00:00:00:00', group: 0, txqlen: 1000, inet: {} })
    return s
  }

  /** A state snapshot to compare: everything but ifindexes, MACs and the order of things. */
  snapshot(): unknown {
    const all = [['(current)', this.current] as const, ...[...this.named].sort(([a], [b]) => a.localeCompare(b))]
    return all.map(([name, s]) => ({
      name,
      links: [...s.links.values()]
        .map((l) => ({ name: l.name, kind: l.kind, up: l.up, mtu: l.mtu, group: l.group, alias: l.alias, master: l.master && s.links.get(l.master)?.name, peer: l.peer && `${l.peer.ns.name}:${l.peer.ns.links.get(l.peer.index)?.name}`, inet: l.inet, bridge: l.bridge }))
        .sort((a, b) => a.name.localeCompare(b.name)),
      addrs: s.addrs.map((a) => `${s.links.get(a.index)?.name} ${a.local}/${a.len}`).sort(),
      routes: s.routes.map((r) => `${r.dst ?? 'default'}/${r.len} via ${r.via} dev ${r.dev && s.links.get(r.dev)?.name} table ${r.table}`).sort(),
      nsids: [...s.nsids].map(([o, id]) => `${o.name}=${id}`).sort(),
    }))
  }

  private count(): void {
    this.changeRequests++
    if (this.failAt > 0 && this.changeRequests === this.failAt) throw new Fail(this.failErrno)
  }

  async netnsList(): Promise<string[]> {
    return [...this.named.keys()].sort()
  }

  async netnsAdd(name: string): Promise<void> {
    if (this.named.has(name)) throw new NetnsError('netns.add', name, 'EEXIST', `a network namespace named ${name} already exists`)
    try {
      this.count()
    } catch {
      throw new NetnsError('netns.add', name, 'EPERM', 'injected failure')
    }
    this.named.set(name, this.ns(name))
  }

  async netnsDel(name: string): Promise<void> {
    const s = this.named.get(name)
    if (s === undefined) throw new NetnsError('netns.del', name, 'ENOENT', `there is no network namespace named ${name}`)
    try {
      this.count()
    } catch {
      throw new NetnsError('netns.del', name, 'EPERM', 'injected failure')
    }
    for (const l of [...s.links.values()]) if (l.kind !== undefined) this.destroy(s, l)
    this.named.delete(name)
    for (const o of [this.current, ...this.named.values()]) o.nsids.delete(s)
  }

  async ovs(): Promise<Switch | undefined> {
    return undefined
  }

  async open(name: string | undefined): Promise<Netlink> {
    const s = name === undefined ? this.current : this.named.get(name)
    if (s === undefined) throw new Error(`fake: no namespace ${name}`)
    const fake: FakeTransport = new FakeTransport({ handler: (req) => this.handle(s, req, fake) })
    const nl = new Netlink(new Client(fake, { timeout: 2000 }))
    this.opened.push(nl)
    return nl
  }

  async close(): Promise<void> {
    for (const nl of this.opened.splice(0)) await nl.close()
  }

  // ---- the kernel ----

  private resolveNs(fake: FakeTransport, b: LinkBody | NsidBody): FNs | undefined {
    const fd = 'netNsFd' in b ? b.netNsFd : (b as NsidBody).fd
    if (fd === undefined) return undefined
    const path = fake.openedFds.get(fd)
    if (path === undefined) throw new Fail(EINVAL)
    if (path.startsWith('/proc/')) return this.current
    const s = this.named.get(path.replace('/run/netns/', ''))
    if (s === undefined) throw new Fail(EINVAL)
    return s
  }

  private handle(s: FNs, req: FakeRequest, fake: FakeTransport): Message[][] {
    const m = req.message
    this.log.push({ type: m.type, flags: m.flags, ns: s.name })
    try {
      const parts = this.dispatch(s, m, req, fake)
      if (parts === 'ack') return [[ackFor(req, fake.portId)]]
      if ((m.flags & NLM_F_DUMP) === NLM_F_DUMP) return [[...parts.map((p) => partFor(req, fake.portId, p.type, p.body)), doneFor(req, fake.portId)]]
      return [parts.map((p) => ({ type: p.type, flags: 0, seq: m.seq, pid: fake.portId, body: p.body }))]
    } catch (e) {
      if (e instanceof Fail) return [[errorFor(req, fake.portId, e.errno)]]
      throw e
    }
  }

  private dispatch(s: FNs, m: Message, req: FakeRequest, fake: FakeTransport): { type: number; body: object }[] | 'ack' {
    const dump = (m.flags & NLM_F_DUMP) === NLM_F_DUMP
    switch (m.type) {
      case RTM_GETLINK: {
        const b = m.body as LinkBody
        if (dump) return [...s.links.values()].map((l) => ({ type: RTM_NEWLINK, body: this.linkBody(s, l) }))
        const l = b.ifname !== undefined ? this.byName(s, b.ifname) : s.links.get(b.ifiIndex)
        if (l === undefined) throw new Fail(ENODEV)
        return [{ type: RTM_NEWLINK, body: this.linkBody(s, l) }]
      }
      case RTM_GETADDR:
        return s.addrs.map((a) => ({ type: RTM_NEWADDR, body: { ifaFamily: a.family, ifaPrefixlen: a.len, ifaFlags: 0x80, ifaScope: 0, ifaIndex: a.index, address: a.local, local: a.local } satisfies AddrBody }))
      case RTM_GETROUTE:
        return s.routes.map((r) => ({ type: RTM_NEWROUTE, body: this.routeBody(r) }))
      case RTM_GETNSID: {
        const other = this.resolveNs(fake, m.body as NsidBody)
        return [{ type: RTM_NEWNSID, body: { rtgenFamily: 0, nsid: other !== undefined ? (s.nsids.get(other) ?? -1) : -1 } satisfies NsidBody }]
      }
    }
    this.count()
    switch (m.type) {
      case RTM_NEWLINK:
        if (m.flags & NLM_F_CREATE) this.newLink(s, m.body as LinkBody, fake)
        else this.setLink(s, m.body as LinkBody, fake)
        return 'ack'
      case RTM_SETLINK: {
        const b = m.body as LinkBody
        const l = s.links.get(b.ifiIndex)
        if (l === undefined) throw new Fail(ENODEV)
        const conf = (b.afSpec as { inet?: { conf?: Ipv4Devconf } } | undefined)?.inet?.conf
        if (conf !== undefined) Object.assign(l.inet, conf)
        return 'ack'
      }
      case RTM_DELLINK: {
        const b = m.body as LinkBody
        if (b.ifiIndex === 0 && b.group !== undefined) {
          for (const l of [...s.links.values()]) if (l.group === b.group && s.links.has(l.index)) this.destroy(s, l)
          return 'ack'
        }
        const l = s.links.get(b.ifiIndex)
        if (l === undefined) throw new Fail(ENODEV)
        if (l.kind === undefined) throw new Fail(EOPNOTSUPP)
        this.destroy(s, l)
        return 'ack'
      }
      case RTM_NEWADDR: {
        const b = m.body as AddrBody
        if (!s.links.has(b.ifaIndex)) throw new Fail(ENODEV)
        const local = b.local ?? b.address!
        if (s.addrs.some((a) => a.index === b.ifaIndex && a.local === local && a.len === b.ifaPrefixlen)) throw new Fail(EEXIST)
        s.addrs.push({ index: b.ifaIndex, family: b.ifaFamily, local, len: b.ifaPrefixlen })
        return 'ack'
      }
      case RTM_DELADDR: {
        const b = m.body as AddrBody
        const i = s.addrs.findIndex((a) => a.index === b.ifaIndex && a.local === (b.local ?? b.address) && a.len === b.ifaPrefixlen)
        if (i < 0) throw new Fail(EADDRNOTAVAIL)
        s.addrs.splice(i, 1)
        this.pruneRoutes(s)
        return 'ack'
      }
      case RTM_NEWROUTE: {
        const b = m.body as RouteBody
        const r: FRoute = { family: b.rtmFamily, len: b.rtmDstLen, table: b.table ?? b.rtmTable, protocol: b.rtmProtocol, ...(b.dst !== undefined ? { dst: b.dst } : {}), ...(b.gateway !== undefined ? { via: b.gateway } : {}), ...(b.oif !== undefined ? { dev: b.oif } : {}), ...(b.priority !== undefined ? { metric: b.priority } : {}) }
        if (r.via !== undefined) {
          const on = this.connected(s, r.via)
          if (on === undefined) throw new Fail(ENETUNREACH)
          r.dev ??= on
        }
        const same = s.routes.findIndex((x) => x.dst === r.dst && x.len === r.len && x.table === r.table && (x.metric ?? 0) === (r.metric ?? 0))
        if (same >= 0) {
          if (!(m.flags & NLM_F_REPLACE)) throw new Fail(EEXIST)
          s.routes[same] = r
        } else s.routes.push(r)
        return 'ack'
      }
      case RTM_DELROUTE: {
        const b = m.body as RouteBody
        const i = s.routes.findIndex((x) => x.dst === b.dst && x.len === b.rtmDstLen && (b.priority === undefined || (x.metric ?? 0) === b.priority))
        if (i < 0) throw new Fail(ESRCH)
        s.routes.splice(i, 1)
        return 'ack'
      }
      case RTM_NEWNSID: {
        const b = m.body as NsidBody
        const other = this.resolveNs(fake, b)
        if (other === undefined || b.nsid === undefined) throw new Fail(EINVAL)
        if (s.nsids.has(other) || [...s.nsids.values()].includes(b.nsid)) throw new Fail(EEXIST)
        s.nsids.set(other, b.nsid)
        return 'ack'
      }
    }
    void req
    throw new Fail(EOPNOTSUPP)
  }

  private byName(s: FNs, name: string): FLink | undefined {
    for (const l of s.links.values()) if (l.name === name) return l
    return undefined
  }

  private nsidFor(s: FNs, other: FNs): number {
    let id = s.nsids.get(other)
    if (id === undefined) {
      id = 0
      while ([...s.nsids.values()].includes(id)) id++
      s.nsids.set(other, id)
    }
    return id
  }

  private linkBody(s: FNs, l: FLink): LinkBody {
    const b: LinkBody = { ifiFamily: 0, ifiType: 1, ifiIndex: l.index, ifiFlags: l.up ? IFF_UP : 0, ifiChange: 0, ifname: l.name, mtu: l.mtu, address: l.address, group: l.group, txqlen: l.txqlen, operstate: l.up ? 6 : 2 }
    if (l.alias !== undefined) b.ifalias = l.alias
    if (l.master !== undefined) b.master = l.master
    if (l.peer !== undefined) {
      b.link = l.peer.index
      if (l.peer.ns !== s) b.linkNetnsid = this.nsidFor(s, l.peer.ns)
    }
    if (l.parent !== undefined) b.link = l.parent
    if (l.kind !== undefined) b.linkinfo = { kind: l.kind, ...(l.bridge ? { data: { ...l.bridge } } : {}) }
    if (l.kind === 'bridge' || l.name === 'lo') b.netnsImmutable = 1
    b.afSpec = { inet: { conf: { ...l.inet } } } as LinkBody['afSpec']
    return b
  }

  private routeBody(r: FRoute): RouteBody {
    const b: RouteBody = { rtmFamily: r.family, rtmDstLen: r.len, rtmSrcLen: 0, rtmTos: 0, rtmTable: r.table < 256 ? r.table : 0, rtmProtocol: r.protocol, rtmScope: 0, rtmType: 1, rtmFlags: 0, table: r.table }
    if (r.dst !== undefined) b.dst = r.dst
    if (r.via !== undefined) b.gateway = r.via
    if (r.dev !== undefined) b.oif = r.dev
    if (r.metric !== undefined) b.priority = r.metric
    return b
  }

  private add(s: FNs, l: Omit<FLink, 'index'>): FLink {
    if (this.byName(s, l.name) !== undefined) throw new Fail(EEXIST)
    const link = { ...l, index: s.next++ }
    s.links.set(link.index, link)
    return link
  }

  private newLink(s: FNs, b: LinkBody, fake: FakeTransport): void {
    const kind = b.linkinfo?.kind
    if (kind === undefined || !KINDS.has(kind)) throw new Fail(EOPNOTSUPP)
    const target = this.resolveNs(fake, b) ?? s
    const base = (x: LinkBody, name: string): Omit<FLink, 'index'> => ({ name, kind, up: (x.ifiFlags & IFF_UP) !== 0, mtu: x.mtu ?? 1500, address: x.address ?? mac(), group: x.group ?? 0, txqlen: x.txqlen ?? 1000, inet: {} })
    if (b.ifname === undefined) throw new Fail(EINVAL)
    if (kind === 'veth') {
      const p = (b.linkinfo?.data as { peer?: LinkBody } | undefined)?.peer
      const peerNs = (p !== undefined ? this.resolveNs(fake, p) : undefined) ?? s
      const peerName = p?.ifname ?? 'veth0'
      if (this.byName(target, b.ifname) !== undefined || this.byName(peerNs, peerName) !== undefined) throw new Fail(EEXIST)
      if (p !== undefined && (p.ifiFlags & IFF_UP) !== 0) throw new Fail(107) // ENOTCONN, as veth_open
      const a = this.add(target, base(b, b.ifname))
      const z = this.add(peerNs, base(p ?? { ifiFamily: 0, ifiType: 0, ifiIndex: 0, ifiFlags: 0, ifiChange: 0 }, peerName))
      a.peer = { ns: peerNs, index: z.index }
      z.peer = { ns: target, index: a.index }
      if (b.master !== undefined) this.enslave(target, a, b.master)
      return
    }
    const l: Omit<FLink, 'index'> = base(b, b.ifname)
    if (kind === 'bridge') l.bridge = { stpState: 0, forwardDelay: 1500, ...(b.linkinfo?.data as BridgeAttrs | undefined) }
    if (b.link !== undefined) l.parent = b.link
    const made = this.add(target, l)
    if (b.master !== undefined) this.enslave(target, made, b.master)
  }

  private enslave(s: FNs, l: FLink, master: number): void {
    if (master === 0) return void delete l.master
    const m = s.links.get(master)
    if (m === undefined) throw new Fail(ENODEV)
    if (m.kind !== 'bridge') throw new Fail(EOPNOTSUPP)
    l.master = master
  }

  private setLink(s: FNs, b: LinkBody, fake: FakeTransport): void {
    const l = s.links.get(b.ifiIndex)
    if (l === undefined) throw new Fail(ENODEV)
    const to = this.resolveNs(fake, b)
    if (to !== undefined && to !== s) {
      if (l.kind === 'bridge' || l.kind === undefined) throw new Fail(EINVAL)
      if (this.byName(to, l.name) !== undefined) throw new Fail(EEXIST)
      s.links.delete(l.index)
      s.addrs = s.addrs.filter((a) => a.index !== l.index)
      this.pruneRoutes(s)
      for (const x of s.links.values()) if (x.master === l.index) delete x.master
      delete l.master
      const old = l.index
      l.index = to.next++
      to.links.set(l.index, l)
      if (l.peer !== undefined) {
        const p = l.peer.ns.links.get(l.peer.index)
        if (p?.peer !== undefined && p.peer.index === old) p.peer = { ns: to, index: l.index }
      }
    }
    if (b.master !== undefined) this.enslave(s, l, b.master)
    if (b.ifalias !== undefined) {
      if (b.ifalias === '') delete l.alias
      else l.alias = b.ifalias
    }
    if (b.mtu !== undefined) l.mtu = b.mtu
    if (b.address !== undefined) l.address = b.address
    if (b.group !== undefined) l.group = b.group
    if (b.txqlen !== undefined) l.txqlen = b.txqlen
    if (b.linkinfo?.kind === 'bridge' && b.linkinfo.data !== undefined) l.bridge = { ...l.bridge, ...(b.linkinfo.data as BridgeAttrs) }
    if (b.ifiChange & IFF_UP) l.up = (b.ifiFlags & IFF_UP) !== 0
  }

  private destroy(s: FNs, l: FLink): void {
    s.links.delete(l.index)
    s.addrs = s.addrs.filter((a) => a.index !== l.index)
    for (const x of s.links.values()) {
      if (x.master === l.index) delete x.master
      if (x.parent === l.index) this.destroy(s, x)
    }
    this.pruneRoutes(s)
    if (l.peer !== undefined) {
      const p = l.peer.ns.links.get(l.peer.index)
      if (p !== undefined) {
        delete p.peer
        this.destroy(l.peer.ns, p)
      }
    }
  }

  /** The ifindex of a link with an address on the gateway's subnet. */
  private connected(s: FNs, gw: string): number | undefined {
    const g = parseIP(gw)
    if (g === null) return undefined
    for (const a of s.addrs) {
      const x = parseIP(a.local)
      if (x === null || x.length !== g.length) continue
      let ok = true
      for (let bit = 0; bit < a.len; bit++) {
        const i = bit >> 3
        const mask = 0x80 >> (bit & 7)
        if ((x[i]! & mask) !== (g[i]! & mask)) ok = false
      }
      if (ok) return a.index
    }
    return undefined
  }

  /** Routes whose device is gone or whose gateway is no longer on a connected subnet go. */
  private pruneRoutes(s: FNs): void {
    s.routes = s.routes.filter((r) => (r.dev === undefined || s.links.has(r.dev)) && (r.via === undefined || this.connected(s, r.via) !== undefined))
  }
}

export { EEXIST, ENOENT, EPERM }
export const CHANGE_TYPES = new Set([RTM_NEWLINK, RTM_DELLINK, RTM_SETLINK, RTM_NEWADDR, RTM_DELADDR, RTM_NEWROUTE, RTM_DELROUTE, RTM_NEWNSID])
export { NLM_F_EXCL }
