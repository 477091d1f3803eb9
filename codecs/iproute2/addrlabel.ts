// RTM_NEWADDRLABEL / RTM_DELADDRLABEL as `ip monitor` and `ip addrlabel list` print them:
// print_addrlabel (ip/ipaddrlabel.c, 6.1). The kernel notifies no address-label changes, so ip
// monitor meets them only in files (`ip monitor file F`); the listing prints the same lines.
import type { AddrlabelBody } from '../addrlabel.js'
import type { Message } from '../core/nlmsg.js'
import { RTM_DELADDRLABEL, RTM_NEWADDRLABEL } from '../rtnetlink.js'
import { ipText } from './addrtext.js'
import type { Lookup } from './lookup.js'

export function formatAddrlabel(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWADDRLABEL && msg.type !== RTM_DELADDRLABEL) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as AddrlabelBody
  let s = msg.type === RTM_DELADDRLABEL ? 'Deleted ' : ''
  if (b.address !== undefined) s += `prefix ${ipText(b.address)}/${b.ifalPrefixlen} `
  if (b.ifalIndex) s += `dev ${l.ifname(b.ifalIndex)} `
  // Printed only when its payload is a u32, which the codec checked.
  if (b.label !== undefined) s += `label ${b.label >>> 0} `
  return s + '\n'
}
