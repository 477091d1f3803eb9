// nl.neigh's and nl.fdb's answers: a neighbour or FDB entry, readable (the decoded body kept as `raw`).
import type { NeighBody } from '../../codecs/index.js'
import { AF_BRIDGE, AF_INET6 } from '../../codecs/address-families.js'
import { NTF_NAMES, NUD_NAMES } from '../../codecs/neigh.js'
import { type Family, names } from './view-names.js'

export interface Neighbour {
  /** ifindex of the device. */
  index: number
  family: Family | 'bridge'
  /** The IP address (ARP/NDP), or for a bridge FDB entry the remote (vxlan) if any. */
  dst?: string
  lladdr?: string
  /** NUD_* names: ['permanent'], ['reachable'] ... */
  state: string[]
  /** NTF_* names: ['master'], ['self'] ... */
  flags: string[]
  /** Bridge FDB: ifindex of the bridge. */
  master?: number
  vlan?: number
  vni?: number
  raw: NeighBody
}

export function toNeighbour(b: NeighBody): Neighbour {
  const n: Neighbour = {
    index: b.ndmIfindex,
    family: b.ndmFamily === AF_BRIDGE ? 'bridge' : b.ndmFamily === AF_INET6 ? 'inet6' : 'inet',
    state: names(b.ndmState, NUD_NAMES, 'NUD_', true),
    flags: names(b.ndmFlags, NTF_NAMES, 'NTF_', true),
    raw: b,
  }
  if (b.dst !== undefined) n.dst = b.dst
  if (b.lladdr !== undefined) n.lladdr = b.lladdr
  if (b.master !== undefined) n.master = b.master
  if (b.vlan !== undefined) n.vlan = b.vlan
  if (b.vni !== undefined) n.vni = b.vni
  return n
}
