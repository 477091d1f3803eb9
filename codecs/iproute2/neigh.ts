// RTM_NEWNEIGH / RTM_DELNEIGH / RTM_GETNEIGH as `ip monitor` prints them: print_neigh
// (ip/ipneigh.c, 6.1) with the monitor's filter (every state, no device filter). Bridge FDB
// entries (AF_BRIDGE, no NDA_DST) print as "dev IFNAME lladdr MAC STATE".
import type { Message } from '../core/nlmsg.js'
import type { NeighBody } from '../neigh.js'
import { ipText, llAddrText } from './addrtext.js'
import type { Lookup } from './lookup.js'
import { RTM_DELNEIGH, RTM_GETNEIGH, RTM_NEWNEIGH } from '../rtnetlink.js'
import { NTF_EXT_LEARNED, NTF_EXT_MANAGED, NTF_OFFLOADED, NTF_PROXY, NTF_ROUTER } from '../neigh.js'


/** print_neigh_state: NUD_* in iproute2's order. */
const NUD_STATES: readonly [number, string][] = [
  [0x01, 'INCOMPLETE'],
  [0x02, 'REACHABLE'],
  [0x04, 'STALE'],
  [0x08, 'DELAY'],
  [0x10, 'PROBE'],
  [0x20, 'FAILED'],
  [0x40, 'NOARP'],
  [0x80, 'PERMANENT'],
]

export function formatNeigh(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWNEIGH && msg.type !== RTM_DELNEIGH && msg.type !== RTM_GETNEIGH) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as NeighBody
  const extFlags = b.flagsExt ?? 0
  let s = ''
  if (msg.type === RTM_DELNEIGH) s += 'Deleted '
  else if (msg.type === RTM_GETNEIGH) s += 'miss '
  if (b.dst !== undefined) s += `${ipText(b.dst)} `
  if (b.ndmIfindex) s += `dev ${l.ifname(b.ndmIfindex)} `
  if (b.lladdr !== undefined) s += `lladdr ${llAddrText(b.lladdr, l.iftype(b.ndmIfindex))} `
  if (b.ndmFlags & NTF_ROUTER) s += 'router '
  if (b.ndmFlags & NTF_PROXY) s += 'proxy '
  if (extFlags & NTF_EXT_MANAGED) s += 'managed '
  if (b.ndmFlags & NTF_EXT_LEARNED) s += 'extern_learn '
  if (b.ndmFlags & NTF_OFFLOADED) s += 'offload '
  if (b.ndmState) for (const [bit, name] of NUD_STATES) if (b.ndmState & bit) s += `${name} `
  if (b.protocol) s += `proto ${l.names.protocol(b.protocol)} `
  return s + '\n'
}
