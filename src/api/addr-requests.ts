// nl.addr's options → the RTM_*ADDR messages `ip addr` sends for the same command. Pure: the
// device is an ifindex here.
import type { AddrBody, AddrMessage } from '../../codecs/index.js'
import { IFA_F_NODAD } from '../../codecs/addr.js'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTM_DELADDR, RTM_GETADDR, RTM_NEWADDR } from '../../codecs/rtnetlink.js'
import { AF_UNSPEC } from '../../codecs/address-families.js'
import { parsePrefix } from './prefix.js'

export interface AddrOptions {
  broadcast?: string
  label?: string
  /** IPv6: skip duplicate address detection (IFA_F_NODAD). */
  nodad?: boolean
  /** Point-to-point peer address (IFA_ADDRESS ≠ IFA_LOCAL). */
  peer?: string
}

/** `ip addr add|del CIDR dev DEV [broadcast B] [label L] [nodad] [peer P]` */
export function addrMessage(op: 'add' | 'del', index: number, cidr: string, o: AddrOptions = {}): AddrMessage {
  const p = parsePrefix(cidr)
  const body: AddrBody = {
    ifaFamily: p.family,
    ifaPrefixlen: p.len,
    ifaFlags: o.nodad ? IFA_F_NODAD : 0,
    ifaScope: 0,
    ifaIndex: index,
    local: p.address,
  }
  if (o.label !== undefined) body.label = o.label
  body.address = o.peer ?? p.address
  if (o.broadcast !== undefined) body.broadcast = o.broadcast
  return op === 'add'
    ? { type: RTM_NEWADDR, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, seq: 0, pid: 0, body }
    : { type: RTM_DELADDR, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body }
}

/**
 * `ip addr show [dev DEV]`: a dump of one family's addresses (AF_UNSPEC: all), of one link when
 * `index` is given (ifa_index: applied by the kernel under strict checking only).
 */
export function dumpAddrs(family = AF_UNSPEC, index = 0): AddrMessage {
  return { type: RTM_GETADDR, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: { ifaFamily: family, ifaPrefixlen: 0, ifaFlags: 0, ifaScope: 0, ifaIndex: index } }
}
