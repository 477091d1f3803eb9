// IFLA_INFO_DATA of kind 'veth' (VETH_INFO_*, linux/veth.h). VETH_INFO_PEER describes the other
// end of the pair: an ifinfomsg followed by link attributes, exactly like an RTM_NEWLINK body,
// so it is read with the link body codec itself (recursively: a peer has its own IFLA_LINKINFO).
// The kernel only reads it in requests; notifications carry no IFLA_INFO_DATA for veth.
import { type AttrSet, type RawAttr, type ValueCodec, defineAttrs } from '../core/attrs.js'
import type { BodyCodec, MessageHeader } from '../core/nlmsg.js'

export const VETH_KIND = 'veth'

export const VETH_INFO_UNSPEC = 0
export const VETH_INFO_PEER = 1

export interface VethInfo<Peer = Record<string, unknown>> {
  /** The peer: ifinfomsg fields and link attributes (ifname, netNsFd, address ...). */
  peer?: Peer
  unknown?: RawAttr[]
}

// The body codec wants a message header; the peer has none and FixedAttrsBody does not read it.
const NO_HEADER: MessageHeader = { type: 0, flags: 0, seq: 0, pid: 0 }

/**
 * The veth-info attribute set, given the link body codec (passed in rather than imported so that
 * link.ts and this file do not import each other).
 */
export function vethInfoAttrs(linkBody: BodyCodec<object>): AttrSet {
  const peer: ValueCodec<object> = {
    describe: 'ifinfomsg + link attributes',
    decode(d, start, end) {
      // The peer's ifi_family must not leak into the rest of the outer message.
      const family = d.family
      const v = linkBody.decode(d, start, end)
      d.family = family
      return v
    },
    encode(w, value) {
      if (typeof value !== 'object' || value === null) w.fail(`expected the peer's ifinfomsg fields and attributes, got ${String(value)}`)
      const family = w.family
      linkBody.encode(w, value, NO_HEADER)
      w.family = family
    },
  }
  return defineAttrs('veth-info', 'VETH_INFO_', [[VETH_INFO_PEER, 'VETH_INFO_PEER', peer]])
}
