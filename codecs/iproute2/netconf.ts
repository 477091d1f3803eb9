// RTM_NEWNETCONF / RTM_DELNETCONF as `ip monitor` prints them: print_netconf (ip/ipnetconf.c, 6.1).
import type { Message } from '../core/nlmsg.js'
import type { NetconfBody } from '../netconf.js'
import type { Lookup } from './lookup.js'
import { familyName } from './names.js'
import { RTM_DELNETCONF, RTM_NEWNETCONF } from '../rtnetlink.js'
import { NETCONFA_IFINDEX_ALL, NETCONFA_IFINDEX_DEFAULT } from '../netconf.js'

const RP_FILTER_NAMES: readonly string[] = ['off', 'strict', 'loose']

const onOff = (v: number): string => (v ? 'on' : 'off')

export function formatNetconf(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWNETCONF && msg.type !== RTM_DELNETCONF) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as NetconfBody
  let s = ''
  if (msg.type === RTM_DELNETCONF) s += 'Deleted '
  s += `${familyName(b.ncmFamily)} `
  if (b.ifindex !== undefined) {
    const i = b.ifindex | 0
    s += `${i === NETCONFA_IFINDEX_ALL ? 'all' : i === NETCONFA_IFINDEX_DEFAULT ? 'default' : l.ifname(i)} `
  }
  if (b.forwarding !== undefined) s += `forwarding ${onOff(b.forwarding)} `
  if (b.rpFilter !== undefined) {
    const r = b.rpFilter >>> 0
    s += `rp_filter ${r < RP_FILTER_NAMES.length ? RP_FILTER_NAMES[r] : r} `
  }
  if (b.mcForwarding !== undefined) s += `mc_forwarding ${onOff(b.mcForwarding)} `
  if (b.proxyNeigh !== undefined) s += `proxy_neigh ${onOff(b.proxyNeigh)} `
  if (b.ignoreRoutesWithLinkdown !== undefined) s += `ignore_routes_with_linkdown ${onOff(b.ignoreRoutesWithLinkdown)} `
  if (b.input !== undefined) s += `input ${onOff(b.input)} `
  return s + '\n'
}
