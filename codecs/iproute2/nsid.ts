// RTM_NEWNSID / RTM_DELNSID as `ip monitor` prints them: print_nsid (ip/ipnetns.c, 6.1). The name
// in parentheses is the /run/netns entry whose nsid this is, when there is one.
import type { Message } from '../core/nlmsg.js'
import type { NsidBody } from '../nsid.js'
import type { Lookup } from './lookup.js'
import { RTM_DELNSID, RTM_NEWNSID } from '../rtnetlink.js'


export function formatNsid(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWNSID && msg.type !== RTM_DELNSID) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as NsidBody
  // iproute2 prints "BUG: NETNSA_NSID is missing" on stderr and nothing on stdout.
  if (b.nsid === undefined) return ''
  let s = ''
  if (msg.type === RTM_DELNSID) s += 'Deleted '
  const nsid = b.nsid | 0
  s += nsid < 0 ? 'nsid unassigned ' : `nsid ${nsid} `
  if (b.currentNsid !== undefined) {
    const cur = b.currentNsid | 0
    s += cur < 0 ? 'current-nsid unassigned ' : `current-nsid ${cur} `
  }
  // The cache is looked up by current-nsid when there is one; a miss on a new nsid is looked up
  // again by nsid (netns_get_name).
  let name = l.nsidName(b.currentNsid !== undefined ? b.currentNsid | 0 : nsid)
  if (name === undefined && msg.type === RTM_NEWNSID && b.currentNsid !== undefined) name = l.nsidName(nsid)
  if (name !== undefined) s += `(iproute2 netns name: ${name})`
  return s + '\n'
}
