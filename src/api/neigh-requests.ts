// nl.neigh and nl.fdb options → the RTM_*NEIGH messages `ip neigh` and `bridge fdb` send for the
// same command. Pure: the device arrives as an ifindex (options with L = number).
import type { NeighBody, NeighMessage } from '../../codecs/index.js'
import { NLM_F_ACK, NLM_F_APPEND, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REPLACE, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { NTF_MASTER, NTF_ROUTER, NTF_SELF, NUD_NOARP, NUD_PERMANENT, NUD_REACHABLE, NUD_STALE } from '../../codecs/neigh.js'
import { RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH } from '../../codecs/rtnetlink.js'
import { AF_BRIDGE, AF_UNSPEC } from '../../codecs/address-families.js'
import { familyOf } from './prefix.js'
import type { LinkRef } from './refs.js'

export type NeighState = 'permanent' | 'reachable' | 'stale' | 'noarp'
const NUD: Readonly<Record<NeighState, number>> = { permanent: NUD_PERMANENT, reachable: NUD_REACHABLE, stale: NUD_STALE, noarp: NUD_NOARP }

export interface NeighOptions<L = LinkRef> {
  dev: L
  dst: string
  lladdr?: string
  /** 'permanent' (default), 'reachable', 'stale', 'noarp'. */
  state?: NeighState
  router?: boolean
  replace?: boolean
}

/** `ip neigh add|replace|del DST [lladdr MAC] dev DEV [nud STATE] [router]` */
export function neighMessage(op: 'add' | 'del', n: NeighOptions<number>): NeighMessage {
  const body: NeighBody = {
    ndmFamily: familyOf(n.dst, 'neighbour address'),
    ndmIfindex: n.dev,
    ndmState: NUD[n.state ?? 'permanent'],
    ndmFlags: n.router ? NTF_ROUTER : 0,
    ndmType: 0,
    dst: n.dst,
  }
  if (op === 'add' && n.lladdr !== undefined) body.lladdr = n.lladdr
  if (op === 'del') return { type: RTM_DELNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body }
  const flags = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (n.replace ? NLM_F_REPLACE : NLM_F_EXCL)
  return { type: RTM_NEWNEIGH, flags, seq: 0, pid: 0, body }
}

/**
 * `ip neigh show [dev DEV] [master M]` (AF_UNSPEC): a dump of one family's entries, filtered by
 * NDA_IFINDEX / NDA_MASTER (a strict neighbour dump refuses ndm_ifindex).
 */
export function dumpNeigh(family = AF_UNSPEC, filter: { dev?: number; master?: number } = {}): NeighMessage {
  const body: NeighBody = { ndmFamily: family, ndmIfindex: 0, ndmState: 0, ndmFlags: 0, ndmType: 0 }
  if (filter.dev !== undefined) body.ifindex = filter.dev
  if (filter.master !== undefined) body.master = filter.master
  return { type: RTM_GETNEIGH, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body }
}

/**
 * `bridge fdb show [br M] [dev DEV]`: a dump of AF_BRIDGE entries, the port in ndm_ifindex and
 * the bridge as NDA_MASTER (the kernel applies both under strict checking only).
 */
export function dumpFdb(filter: { dev?: number; master?: number } = {}): NeighMessage {
  const body: NeighBody = { ndmFamily: AF_BRIDGE, ndmIfindex: filter.dev ?? 0, ndmState: 0, ndmFlags: 0, ndmType: 0 }
  if (filter.master !== undefined) body.master = filter.master
  return { type: RTM_GETNEIGH, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body }
}

export interface FdbOptions<L = LinkRef> {
  /** The port (or vxlan device) the entry points at. */
  dev: L
  lladdr: string
  /** The master's (bridge's) table, as `bridge fdb add ... master`. */
  master?: boolean
  /** The device's own table (the default, as for `bridge fdb add` without master/self). */
  self?: boolean
  /** permanent (local, default), static, dynamic */
  state?: 'permanent' | 'static' | 'dynamic'
  /** vxlan remote */
  dst?: string
  vni?: number
  /** `bridge fdb append`: add one more remote for the same MAC (vxlan flooding lists). */
  append?: boolean
}

/** `bridge fdb add|append|del MAC dev DEV [master|self] [permanent|static|dynamic] [dst IP]` */
export function fdbMessage(op: 'add' | 'del', f: FdbOptions<number>): NeighMessage {
  const state = f.state ?? 'permanent'
  const ndmState = state === 'permanent' ? NUD_PERMANENT | NUD_NOARP : state === 'static' ? NUD_NOARP | NUD_REACHABLE : NUD_REACHABLE
  // bridge(8): an entry goes to the device's own table (self) unless `master` says the
  // master's (the bridge's); both may be given.
  const flags = (f.master ? NTF_MASTER : 0) | (f.self || !f.master ? NTF_SELF : 0)
  const body: NeighBody = { ndmFamily: AF_BRIDGE, ndmIfindex: f.dev, ndmState, ndmFlags: flags, ndmType: 0, lladdr: f.lladdr }
  if (f.dst !== undefined) body.dst = f.dst
  if (f.vni !== undefined) body.vni = f.vni
  if (op === 'del') return { type: RTM_DELNEIGH, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body }
  const nl = NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | (f.append ? NLM_F_APPEND : NLM_F_EXCL)
  return { type: RTM_NEWNEIGH, flags: nl, seq: 0, pid: 0, body }
}
