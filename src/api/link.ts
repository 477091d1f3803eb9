// nl.link: create, change, look up, list and delete links. Each call resolves the references in
// its options (names → ifindexes, namespaces → fds where the socket lives), then hands them to
// one request builder (link-requests.ts).
import type { LinkMessage } from '../../codecs/index.js'
import { RTM_NEWLINK } from '../../codecs/rtnetlink.js'
import { type ApiContext, type LinkRef, type NetnsHandle, type NetnsRef, validateLinkName } from './context.js'
import { ApiError } from './errors.js'
import {
  type LinkAddOptions,
  type LinkSetOptions,
  type ResolvedLinkAdd,
  type ResolvedLinkSet,
  delLink,
  delLinkGroup,
  NO_MASTER,
  dumpLinks,
  getLinkDetails,
  newLink,
  setInetDevconf,
  setLink,
} from './link-requests.js'
import { masterMatches } from './list-filters.js'
import { type Link, toLink } from './views.js'

export type { LinkAddOptions, LinkCommonOptions, LinkSetOptions, MacvlanMode, VethPeerOptions, VxlanOptions } from './link-requests.js'

export interface LinkListFilter {
  /** Links of this kind ('veth', 'bridge' ...): `ip link show type KIND`. */
  kind?: string
  /** Ports of this master (a name or ifindex): `ip link show master M`; null: links without a master (`nomaster`). */
  master?: LinkRef | null
  /** Administratively up (IFF_UP) or not (filtered here: the kernel has no such filter). */
  up?: boolean
}

export class LinkApi {
  constructor(private readonly ctx: ApiContext) {}

  /**
   * `ip link add`: a new link; resolves once the kernel acked it. With `echo: true`, resolves
   * with the kernel's copy of the new link (undefined from a kernel older than 6.3, which sends
   * none for links).
   */
  async add(o: LinkAddOptions): Promise<Link | undefined> {
    const op = 'link.add'
    validateLinkName(o.name, op)
    if (typeof o.kind !== 'string' || o.kind === '') throw new ApiError(`${op} ${o.name}: kind is required ('veth', 'bridge', 'vxlan' ...)`)
    if (o.peer?.name !== undefined) validateLinkName(o.peer.name, op)
    const handles: NetnsHandle[] = []
    try {
      // Awaits only where there is something to look up or open: a plain `ip link add` goes
      // straight to the one request. Lookups in iproute2's order: master, vxlan dev, link.
      const { master, netns, peer, vxlan, link, ...rest } = o
      const r: ResolvedLinkAdd = rest
      if (master !== undefined && master !== null) r.master = await this.ctx.index(master, op)
      if (netns !== undefined) r.netns = await this.netns(netns, handles, op)
      if (peer !== undefined) {
        const { netns: peerNetns, ...p } = peer
        r.peer = peerNetns !== undefined ? { ...p, netns: await this.netns(peerNetns, handles, op) } : p
      }
      if (vxlan !== undefined) {
        const { dev, ...v } = vxlan
        r.vxlan = dev !== undefined ? { ...v, dev: await this.ctx.index(dev, op) } : v
      }
      if (link !== undefined) r.link = await this.ctx.index(link, op)
      const replies = await this.ctx.request(newLink(r), { operation: op, object: o.name, details: { kind: o.kind, peer: o.peer?.name, peerUp: o.peer?.up, mtu: o.mtu } })
      // The echoed copy is the RTM_NEWLINK notification the creation sends (rtnl_configure_link).
      const echoed = replies.find((m): m is LinkMessage => m.type === RTM_NEWLINK)
      return echoed !== undefined && !(echoed.body instanceof Uint8Array) ? toLink(echoed.body) : undefined
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
      const { master, netns, ...rest } = o
      const r: ResolvedLinkSet = rest
      if (master !== undefined) r.master = master === null ? null : await this.ctx.index(master, op)
      const target = await this.ctx.link(ref, op)
      if (netns !== undefined) r.netns = await this.netns(netns, handles, op)
      const details = {
        ...(o.netns !== undefined ? { netns: typeof o.netns === 'string' ? o.netns : JSON.stringify(o.netns), netnsImmutable: target.body?.netnsImmutable === 1 } : {}),
        ...(o.mtu !== undefined ? { mtu: o.mtu, minMtu: target.body?.minMtu, maxMtu: target.body?.maxMtu } : {}),
        ...(o.name !== undefined ? { newName: o.name } : {}),
        ...(o.master !== undefined && o.master !== null ? { master: String(o.master) } : {}),
        ...(target.body?.linkinfo?.kind !== undefined ? { kind: target.body.linkinfo.kind } : {}),
      }
      const change = setLink(target.index, r)
      if (change !== undefined) await this.ctx.request(change, { operation: op, object: target.name, details })
      if (o.inet !== undefined) await this.ctx.request(setInetDevconf(target.index, o.inet), { operation: 'link.set inet', object: target.name })
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

  /**
   * Every link of the namespace (a dump), optionally filtered. The master and the kind go into
   * the dump request as `ip link show` puts them, and the kernel applies them (rtnl_dump_ifinfo);
   * the result is checked here too, because a kernel that has no such kind loaded (no
   * rtnl_link_ops) ignores the kind filter and a socket without strict checking may ignore it.
   */
  async list(filter: LinkListFilter = {}): Promise<Link[]> {
    const op = 'link.list'
    const { master, kind, up } = filter
    // iproute2 looks the master up by name before the dump (ll_name_to_index).
    const masterIdx = master === undefined ? undefined : master === null ? null : await this.ctx.index(master, op)
    const request = dumpLinks({ ...(masterIdx !== undefined ? { master: masterIdx ?? NO_MASTER } : {}), ...(kind !== undefined ? { kind } : {}) })
    const parts = await this.ctx.dump(request, { operation: op })
    let links: Link[] = []
    for (const m of parts) if (m.type === RTM_NEWLINK) links.push(toLink((m as LinkMessage).body))
    if (kind !== undefined) links = links.filter((l) => l.kind === kind)
    if (masterIdx !== undefined) links = links.filter((l) => masterMatches(l.master, masterIdx))
    if (up !== undefined) links = links.filter((l) => l.up === up)
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

  /** A namespace opened where the socket lives, released by the caller's finally. */
  private async netns(ref: NetnsRef, handles: NetnsHandle[], op: string): Promise<NetnsHandle> {
    const h = await this.ctx.netns(ref, op)
    handles.push(h)
    return h
  }
}

async function releaseAll(handles: NetnsHandle[]): Promise<void> {
  for (const h of handles) await h.release().catch(() => {})
}
