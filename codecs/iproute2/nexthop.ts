// RTM_NEWNEXTHOP / RTM_DELNEXTHOP as `ip -d monitor` prints them: print_cache_nexthop and
// __print_nexthop_entry (ip/ipnexthop.c, 6.1). Encapsulation (NHA_ENCAP) is not printed; iproute2
// 6.1 predates the group statistics and hardware-stats attributes and prints none of them.
// formatNexthopEntry is also what print_route shows after "nh_info" for a route's nexthop id.
import type { Message } from '../core/nlmsg.js'
import type { NexthopBody } from '../nexthop.js'
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES } from '../nexthop.js'
import { RTM_DELNEXTHOP, RTM_NEWNEXTHOP } from '../rtnetlink.js'
import { AF_INET, AF_INET6 } from '../address-families.js'
import { ipText } from './addrtext.js'
import { formatG } from './cprintf.js'
import type { Lookup } from './lookup.js'
import { rtFlagsText } from './route-flags.js'

const RT_SCOPE_UNIVERSE = 0
const RTPROT_UNSPEC = 0

/** __jiffies_to_tv then print_tv: clock_t (1/100 s) as seconds, %g. */
const seconds = (ticks: number | bigint): string => formatG(Number(ticks) / 100)

function groupTypeName(type: number): string {
  return type === NEXTHOP_GRP_TYPE_MPATH ? 'mpath' : type === NEXTHOP_GRP_TYPE_RES ? 'resilient' : '<unknown type>'
}

/** __print_nexthop_entry: the text of one nexthop, "Deleted " first when it is gone. */
export function formatNexthopEntry(b: NexthopBody, l: Lookup, deleted: boolean): string {
  let s = deleted ? 'Deleted ' : ''
  s += `id ${(b.id ?? 0) >>> 0} `
  if (b.group !== undefined && b.group.length > 0) {
    // Weights are sent one less; iproute2 6.1 reads only the low byte (weight_high is 6.12+).
    s += 'group ' + b.group.map((g) => `${g.id >>> 0}${g.weight ? `,${g.weight + 1}` : ''}`).join('/') + ' '
  }
  // print_nh_group_type stays quiet for the default type, "in order not to break existing output".
  const type = b.groupType ?? NEXTHOP_GRP_TYPE_MPATH
  if (type !== NEXTHOP_GRP_TYPE_MPATH) s += `type ${groupTypeName(type)} `
  if (b.resGroup !== undefined) {
    const r = b.resGroup
    s += `buckets ${r.buckets ?? 0} `
    s += `idle_timer ${seconds(r.idleTimer ?? 0)} `
    s += `unbalanced_timer ${seconds(r.unbalancedTimer ?? 0)} `
    s += `unbalanced_time ${seconds(r.unbalancedTime ?? 0)} `
  }
  if (b.gateway !== undefined) {
    // __print_rta_gateway with format_host (no name resolution in ip monitor).
    s += `via ${b.nhFamily === AF_INET || b.nhFamily === AF_INET6 ? ipText(b.gateway) : b.gateway} `
  }
  if (b.oif) s += `dev ${l.ifname(b.oif)} `
  if (b.nhScope !== RT_SCOPE_UNIVERSE || l.details) s += `scope ${l.names.scope(b.nhScope)} `
  if (b.blackhole) s += 'blackhole '
  if (b.nhProtocol !== RTPROT_UNSPEC || l.details) s += `proto ${l.names.protocol(b.nhProtocol)} `
  s += rtFlagsText(b.nhFlags)
  if (b.fdb) s += 'fdb'
  return s
}

export function formatNexthop(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWNEXTHOP && msg.type !== RTM_DELNEXTHOP) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as NexthopBody
  // ipnh_parse_nhmsg refuses an empty group with this on stdout (and an error on stderr).
  if (b.group !== undefined && b.group.length === 0) return `<nexthop id ${(b.id ?? 0) >>> 0} invalid nexthop group>`
  return formatNexthopEntry(b, l, msg.type === RTM_DELNEXTHOP) + '\n'
}
