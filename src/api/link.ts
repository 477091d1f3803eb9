// nl.link: create, change, look up, list and delete links.
import type { BridgeAttrs, BridgePortAttrs, Ipv4Devconf, LinkMessage, MacvlanAttrs, VxlanAttrs } from '../../codecs/index.js'
import { MACVLAN_MODE_BRIDGE, MACVLAN_MODE_PASSTHRU, MACVLAN_MODE_PRIVATE, MACVLAN_MODE_SOURCE, MACVLAN_MODE_VEPA } from '../../codecs/link/macvlan.js'
import { RTM_NEWLINK } from '../../codecs/rtnetlink.js'
import { type ApiContext, type LinkRef, type NetnsHandle, type NetnsRef, validateLinkName } from './context.js'
import { ApiError } from './errors.js'
import {
  type CommonLinkAttrs,
  type KindSpec,
  type NewLinkSpec,
  type PeerSpec,
  delLink,
  delLinkGroup,
  dumpLinks,
  getLinkDetails,
  newLink,
  setInetDevconf,
  setLink,
} from './link-requests.js'
import { type Link, toLink } from './views.js'

/** Options every link takes, at creation or later. */
export interface LinkCommonOptions {
  mtu?: number
  /** MAC address '02:00:00:00:00:01'. */
  address?: string
  broadcast?: string
  txqlen?: number
  /** Link group (IFLA_GROUP): delete a whole group at once with link.del({ group }). */
  group?: number
  alias?: string
  /** Enslave to this bridge (a name or ifindex); `null` releases (nomaster). */
  master?: LinkRef | null
  /** Move to (or create in) this namespace: a /run/netns name, { pid }, { fd } or { path }. */
  netns?: NetnsRef
  /** Administratively up (true) or down (false). */
  up?: boolean
}

export interface VethPeerOptions extends Omit<LinkCommonOptions, 'master' | 'group' | 'alias'> {
  name?: string
}

export type MacvlanMode = 'private' | 'vepa' | 'bridge' | 'passthru' | 'source'

export interface VxlanOptions extends Omit<VxlanAttrs, 'link' | 'port'> {
  /** VNI (IFLA_VXLAN_ID). */
  id: number
  /** UDP destination port (4789 is IANA's; the kernel's default is 8472). */
  port?: number
  /** Underlying device (a name or ifindex). */
  dev?: LinkRef
}

export interface LinkAddOptions extends LinkCommonOptions {
  name: string
  /** 'veth', 'bridge', 'vxlan', 'macvlan', 'macvtap', or any kind this kernel knows. */
  kind: string
  /** veth: the other end. */
  peer?: VethPeerOptions
  /** bridge: IFLA_BR_* options ({ stpState: 0, forwardDelay: 400 ... }). */
  bridge?: BridgeAttrs
  vxlan?: VxlanOptions
  /** macvlan/macvtap: the mode, and `link` the parent. */
  macvlan?: { mode?: MacvlanMode } & Omit<MacvlanAttrs, 'mode'>
  /** The parent device (macvlan, macvtap). */
  link?: LinkRef
}

export interface LinkSetOptions extends LinkCommonOptions {
  /** Rename. */
  name?: string
  /** Bridge options (the link must be a bridge). */
  bridge?: BridgeAttrs
  /** Bridge port options (the link must be enslaved to a bridge). */
  bridgePort?: BridgePortAttrs
  /** IPv4 devconf (net.ipv4.conf.DEV.*) through rtnetlink, no /proc: { rpFilter: 0, acceptLocal: 1 }. */
  inet?: Ipv4Devconf
}

export interface LinkListFilter {
  kind?: string
  /** Ports of this master (a name or ifindex). */
  master?: LinkRef
  up?: boolean
}

const MACVLAN_MODES: Readonly<Record<MacvlanMode, number>> = {
  private: MACVLAN_MODE_PRIVATE,
  vepa: MACVLAN_MODE_VEPA,
  bridge: MACVLAN_MODE_BRIDGE,
  passthru: MACVLAN_MODE_PASSTHRU,
  source: MACVLAN_MODE_SOURCE,
}

export class LinkApi {
  constructor(private readonly ctx: ApiContext) {}

  /** `ip link add`: a new link; resolves once the kernel acked it. */
  async add(o: LinkAddOptions): Promise<void> {
    const op = 'link.add'
    validateLinkName(o.name, op)
    if (typeof o.kind !== 'string' || o.kind === '') throw new ApiError(`${op} ${o.name}: kind is required ('veth', 'bridge', 'vxlan' ...)`)
    if (o.peer?.name !== undefined) validateLinkName(o.peer.name, op)
    const handles: NetnsHandle[] = []
    try {
      // Awaits only where there is something to look up or open: a plain `ip link add` goes
      // straight to the one request.
      const master = o.master !== undefined && o.master !== null ? await this.ctx.index(o.master, op) : undefined
      const common = o.netns !== undefined ? await this.common(o, master, handles, op) : commonAttrs(o, master, undefined)
      let kind: KindSpec
      if (o.kind === 'veth') {
        const p = o.peer
        let peer: PeerSpec | undefined
        if (p !== undefined) {
          peer = p.netns !== undefined ? await this.common(p, undefined, handles, op) : commonAttrs(p, undefined, undefined)
          if (p.name !== undefined) peer.name = p.name
          if (p.up !== undefined) peer.up = p.up
        }
        kind = peer ? { kind: 'veth', peer } : { kind: 'veth' }
      } else if (o.kind === 'bridge') kind = { kind: 'bridge', ...(o.bridge ? { bridge: o.bridge } : {}) }
      else if (o.kind === 'vxlan') {
        if (o.vxlan === undefined) throw new ApiError(`${op} ${o.name}: a vxlan link needs vxlan: { id }`)
        const { dev, port, ...rest } = o.vxlan
        const attrs: VxlanAttrs = { ...rest }
        if (dev !== undefined) attrs.link = await this.ctx.index(dev, op)
        if (port !== undefined) attrs.port = port
        kind = { kind: 'vxlan', vxlan: attrs }
      } else if (o.kind === 'macvlan' || o.kind === 'macvtap') {
        const { mode, ...rest } = o.macvlan ?? {}
        const attrs: MacvlanAttrs = { ...(mode !== undefined ? { mode: macvlanMode(mode, op) } : {}), ...rest }
        kind = { kind: o.kind, macvlan: attrs }
      } else kind = { kind: o.kind }
      const parent = o.link !== undefined ? await this.ctx.index(o.link, op) : undefined
      const spec: NewLinkSpec = common as NewLinkSpec
      spec.name = o.name
      if (o.up !== undefined) spec.up = o.up
      if (parent !== undefined) spec.link = parent
      const msg = newLink(spec, kind)
      await this.ctx.request(msg, { operation: op, object: o.name, details: { kind: o.kind, peer: o.peer?.name, peerUp: o.peer?.up } })
    } finally {
      if (handles.length > 0) await releaseAll(handles)
    }
  }

  /**
   * `ip link set`: change a link. The link is looked up by name first (as iproute2 does), then
   * changed in one request; devconf (`inet`) follows as an RTM_SETLINK.
   */
  async set(ref: LinkRef, o: LinkSetOptions): Promise<void> {
    const op = 'link.set'
    if (o.name !== undefined) validateLinkName(o.name, op)
    const handles: NetnsHandle[] = []
    try {
      // iproute2 resolves `master` while parsing, before the device itself.
      const master = o.master === null ? 0 : o.master !== undefined ? await this.ctx.index(o.master, op) : undefined
      const target = await this.ctx.link(ref, op)
      const { inet, bridge, bridgePort, name, up } = o
      const common = await this.common(o, master, handles, op)
      const change = { ...common, ...(name !== undefined ? { name } : {}), ...(up !== undefined ? { up } : {}), ...(bridge ? { bridge } : {}), ...(bridgePort ? { bridgePort } : {}) }
      const details = {
        ...(o.netns !== undefined ? { netns: typeof o.netns === 'string' ? o.netns : JSON.stringify(o.netns), netnsImmutable: target.body?.netnsImmutable === 1 } : {}),
        ...(o.mtu !== undefined ? { mtu: o.mtu, minMtu: target.body?.minMtu, maxMtu: target.body?.maxMtu } : {}),
        ...(name !== undefined ? { newName: name } : {}),
        ...(o.master !== undefined && o.master !== null ? { master: String(o.master) } : {}),
        ...(target.body?.linkinfo?.kind !== undefined ? { kind: target.body.linkinfo.kind } : {}),
      }
      if (Object.keys(change).length > 0) await this.ctx.request(setLink(target.index, change), { operation: op, object: target.name, details })
      if (inet !== undefined) await this.ctx.request(setInetDevconf(target.index, inet), { operation: 'link.set inet', object: target.name })
    } finally {
      await releaseAll(handles)
    }
  }

  /** One link, asked of the kernel by name or index (not a dump). */
  async get(ref: LinkRef): Promise<Link> {
    const op = 'link.get'
    if (typeof ref === 'string') validateLinkName(ref, op)
    const msg = getLinkDetails(typeof ref === 'string' ? { name: ref } : { index: ref })
    const [reply] = await this.ctx.request(msg, { operation: op, object: String(ref) })
    return toLink((reply as LinkMessage).body)
  }

  /** Every link of the namespace (a dump), optionally filtered. */
  async list(filter: LinkListFilter = {}): Promise<Link[]> {
    const parts = await this.ctx.dump(dumpLinks(), { operation: 'link.list' })
    let links: Link[] = []
    for (const m of parts) if (m.type === RTM_NEWLINK) links.push(toLink((m as LinkMessage).body))
    if (filter.kind !== undefined) links = links.filter((l) => l.kind === filter.kind)
    if (filter.up !== undefined) links = links.filter((l) => l.up === filter.up)
    if (filter.master !== undefined) {
      const m = filter.master
      const idx = typeof m === 'number' ? m : links.find((l) => l.name === m)?.index
      if (idx === undefined) throw new ApiError(`link.list: there is no link named ${String(m)} to filter on`)
      links = links.filter((l) => l.master === idx)
    }
    return links
  }

  /**
   * `ip link del`: one link (a veth takes its peer with it), or with { group } every link of
   * a group in one request — the fast way to tear down many.
   */
  async del(ref: LinkRef | { group: number }): Promise<void> {
    const op = 'link.del'
    if (typeof ref === 'object') {
      if (!Number.isInteger(ref.group) || ref.group < 0) throw new ApiError(`${op}: group ${ref.group} is not a group number`)
      await this.ctx.request(delLinkGroup(ref.group), { operation: op, object: `group ${ref.group}`, details: { group: ref.group } })
      return
    }
    const target = await this.ctx.link(ref, op)
    await this.ctx.request(delLink(target.index), { operation: op, object: target.name, ...(target.body?.linkinfo?.kind ? { details: { kind: target.body.linkinfo.kind } } : {}) })
  }

  /** The common attributes, with the namespace (if any) opened where the socket lives. */
  private async common(o: LinkCommonOptions, master: number | undefined, handles: NetnsHandle[], op: string): Promise<CommonLinkAttrs> {
    let h: NetnsHandle | undefined
    if (o.netns !== undefined) {
      h = await this.ctx.netns(o.netns, op)
      handles.push(h)
    }
    return commonAttrs(o, master, h)
  }
}

/** CommonLinkAttrs of the options, keys in the order iproute2 writes the attributes. */
function commonAttrs(o: LinkCommonOptions, master: number | undefined, h: NetnsHandle | undefined): CommonLinkAttrs {
  const c: CommonLinkAttrs = {}
  if (o.address !== undefined) c.address = o.address
  if (o.broadcast !== undefined) c.broadcast = o.broadcast
  if (o.mtu !== undefined) c.mtu = o.mtu
  if (h !== undefined) {
    if (h.fd !== undefined) c.netNsFd = h.fd
    if (h.pid !== undefined) c.netNsPid = h.pid
  }
  if (o.txqlen !== undefined) c.txqlen = o.txqlen
  if (master !== undefined) c.master = master
  if (o.group !== undefined) c.group = o.group
  if (o.alias !== undefined) c.alias = o.alias
  return c
}

function macvlanMode(m: MacvlanMode, op: string): number {
  const v = MACVLAN_MODES[m]
  if (v === undefined) throw new ApiError(`${op}: macvlan mode '${String(m)}' is not one of ${Object.keys(MACVLAN_MODES).join(', ')}`)
  return v
}

async function releaseAll(handles: NetnsHandle[]): Promise<void> {
  for (const h of handles) await h.release().catch(() => {})
}
