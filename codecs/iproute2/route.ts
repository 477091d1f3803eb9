// RTM_NEWROUTE / RTM_DELROUTE as `ip -d monitor` prints them: print_route (ip/iproute.c, 6.1)
// with the monitor's empty filter. ip monitor drops cloned routes (RTM_F_CLONED) and hands
// multicast-family routes (RTNL_FAMILY_IPMR / IP6MR) to print_mroute, not done here: those print
// nothing. Lightweight-tunnel encapsulation (RTA_ENCAP) and MPLS labels are not printed either.
import type { Message } from '../core/nlmsg.js'
import type { RouteAttrs, RouteBody, RouteMetrics, RouteNexthop } from '../route.js'
import { ipText, llAddrText } from './addrtext.js'
import { formatG } from './cprintf.js'
import { hex0x } from './link-bridge.js'
import type { Lookup } from './lookup.js'
import { familyName, rtntypeName } from './names.js'
import { rtFlagsText } from './route-flags.js'
import { formatNexthopEntry } from './nexthop.js'
import { RTM_DELROUTE, RTM_NEWROUTE } from '../rtnetlink.js'
import { AF_INET, AF_INET6, AF_MPLS, AF_PACKET } from '../address-families.js'
import { RT_SCOPE_UNIVERSE } from '../addr.js'
import { RTM_F_CLONED, RTNL_FAMILY_IP6MR, RTNL_FAMILY_IPMR, RTN_MULTICAST, RTN_UNICAST, RTPROT_BOOT, RT_TABLE_MAIN, rtaxLocked } from '../route.js'

/** sysconf(_SC_CLK_TCK) on Linux: route expiry is reported in these ticks. */
const USER_HZ = 100

/** RTAX_* index → (decoded key, mx_names name). */
const METRICS: readonly [number, keyof RouteMetrics, string][] = [
  [2, 'mtu', 'mtu'],
  [3, 'window', 'window'],
  [4, 'rtt', 'rtt'],
  [5, 'rttvar', 'rttvar'],
  [6, 'ssthresh', 'ssthresh'],
  [7, 'cwnd', 'cwnd'],
  [8, 'advmss', 'advmss'],
  [9, 'reordering', 'reordering'],
  [10, 'hoplimit', 'hoplimit'],
  [11, 'initcwnd', 'initcwnd'],
  [12, 'features', 'features'],
  [13, 'rtoMin', 'rto_min'],
  [14, 'initrwnd', 'initrwnd'],
  [15, 'quickack', 'quickack'],
  [16, 'ccAlgo', 'congctl'],
  [17, 'fastopenNoCookie', 'fastopen_no_cookie'],
]

function metricsText(m: RouteMetrics): string {
  const lock = m.lock ?? 0
  let s = ''
  for (const [i, key, name] of METRICS) {
    const v = m[key]
    const locked = rtaxLocked(lock, i)
    if (v === undefined && !locked) continue
    let val = typeof v === 'number' ? v >>> 0 : 0
    if (i === 10 && val === 0xffffffff) continue // RTAX_HOPLIMIT -1: "use the default"
    s += `${name} `
    if (locked) s += 'lock '
    if (i === 12) {
      // print_rtax_features: ecn by name, then the whole value in hex if other bits are set.
      let f = val
      if (f & 1) {
        s += 'ecn '
        f &= ~1
      }
      if (f) s += `${hex0x(val)} `
    } else if (i === 4 || i === 5 || i === 13) {
      if (i === 4) val = Math.floor(val / 8)
      else if (i === 5) val = Math.floor(val / 4)
      s += val >= 1000 ? `${formatG(val / 1e3)}s ` : `${val}ms `
    } else if (i === 16) s += `${typeof v === 'string' ? v : ''} `
    else s += `${val} `
  }
  return s
}

/** rt_addr_n2a / format_host for a decoded address of a route family. */
function addrText(family: number, text: string | Uint8Array): string {
  if (typeof text !== 'string') return '???'
  if (family === AF_INET || family === AF_INET6) return ipText(text)
  if (family === AF_PACKET) return llAddrText(text, 0xffff)
  return text
}

function hostLen(family: number): number {
  return family === AF_INET6 ? 128 : family === AF_INET ? 32 : family === AF_MPLS ? 20 : 0
}

function realFamily(type: number, family: number): number {
  if (type !== RTN_MULTICAST) return family
  if (family === RTNL_FAMILY_IPMR) return AF_INET
  if (family === RTNL_FAMILY_IP6MR) return AF_INET6
  return family
}

/** print_rta_flow: realms are numbers (rt_realms holds only 0 "unknown" by default). */
function flowText(flow: number): string {
  const to = flow & 0xffff
  const from = flow >>> 16
  const realm = (x: number): string => (x === 0 ? 'unknown' : String(x))
  return `realm${from ? 's' : ''} ${from ? `${realm(from)}/` : ''}${realm(to)} `
}

function viaText(a: RouteAttrs): string {
  const v = a.via
  if (v === undefined) return ''
  return `via ${familyName(v.rtviaFamily)} ${addrText(v.rtviaFamily, v.rtviaAddr)} `
}

function multipathText(b: RouteBody, nhs: RouteNexthop[], l: Lookup): string {
  let s = ''
  for (const nh of nhs) {
    s += '\n\tnexthop '
    if (nh.gateway !== undefined) s += `via ${addrText(b.rtmFamily, nh.gateway)} `
    s += viaText(nh)
    if (nh.flow !== undefined) s += flowText(nh.flow)
    s += `dev ${l.ifname(nh.rtnhIfindex)} `
    if (b.rtmFamily !== AF_MPLS) s += `weight ${nh.rtnhHops + 1} `
    s += rtFlagsText(nh.rtnhFlags)
  }
  return s
}

export function formatRoute(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWROUTE && msg.type !== RTM_DELROUTE) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as RouteBody
  if (b.rtmFlags & RTM_F_CLONED) return ''
  if (b.rtmFamily === RTNL_FAMILY_IPMR || b.rtmFamily === RTNL_FAMILY_IP6MR) return ''
  const host = hostLen(b.rtmFamily)
  const table = b.table ?? b.rtmTable
  let s = ''
  if (msg.type === RTM_DELROUTE) s += 'Deleted '
  if (b.rtmType !== RTN_UNICAST || l.details) s += `${rtntypeName(b.rtmType)} `
  let dst: string
  if (b.dst !== undefined) {
    const fam = realFamily(b.rtmType, b.rtmFamily)
    dst = b.rtmDstLen !== host ? `${addrText(fam, b.dst)}/${b.rtmDstLen}` : addrText(fam, b.dst)
  } else if (b.rtmDstLen) dst = `0/${b.rtmDstLen} `
  else dst = 'default'
  s += `${dst} `
  if (b.src !== undefined) {
    const fam = realFamily(b.rtmType, b.rtmFamily)
    s += `from ${b.rtmSrcLen !== host ? `${addrText(fam, b.src)}/${b.rtmSrcLen}` : addrText(fam, b.src)} `
  } else if (b.rtmSrcLen) s += `from 0/${b.rtmSrcLen} `
  if (b.nhId !== undefined) s += `nhid ${b.nhId} `
  if (b.rtmTos) s += `tos ${l.names.dsfield(b.rtmTos)} `
  if (b.gateway !== undefined) s += `via ${addrText(b.rtmFamily, b.gateway)} `
  s += viaText(b)
  if (b.oif !== undefined) s += `dev ${l.ifname(b.oif)} `
  if (table && (table !== RT_TABLE_MAIN || l.details)) s += `table ${l.names.table(table)} `
  if (b.rtmProtocol !== RTPROT_BOOT || l.details) s += `proto ${l.names.protocol(b.rtmProtocol)} `
  if (b.rtmScope !== RT_SCOPE_UNIVERSE || l.details) s += `scope ${l.names.scope(b.rtmScope)} `
  if (b.prefsrc !== undefined) s += `src ${addrText(b.rtmFamily, b.prefsrc)} `
  if (b.priority !== undefined) s += `metric ${b.priority >>> 0} `
  s += rtFlagsText(b.rtmFlags)
  if (b.mark) s += b.mark >= 16 ? `mark 0x${(b.mark >>> 0).toString(16)} ` : `mark ${b.mark} `
  if (b.flow !== undefined) s += flowText(b.flow)
  if (b.uid !== undefined) s += `uid ${b.uid >>> 0} `
  if ((b.rtmFamily === AF_INET || b.rtmFamily === AF_INET6) && b.cacheinfo !== undefined) {
    const ci = b.cacheinfo
    if (ci.rtaExpires !== 0) s += `expires ${Math.trunc((ci.rtaExpires | 0) / USER_HZ)}sec `
    if (ci.rtaError !== 0) s += `error ${ci.rtaError >>> 0} `
    if (ci.rtaId) s += `ipid 0x${ci.rtaId.toString(16).padStart(4, '0')} `
    if (ci.rtaTs || ci.rtaTsage) s += `ts 0x${(ci.rtaTs >>> 0).toString(16)}tsage ${ci.rtaTsage}sec `
  }
  if (b.metrics !== undefined) s += metricsText(b.metrics)
  if (b.iif !== undefined) s += `iif ${l.ifname(b.iif)} `
  if (b.pref !== undefined) {
    s += b.pref === 3 ? 'pref low' : b.pref === 0 ? 'pref medium' : b.pref === 1 ? 'pref high' : String(b.pref)
  }
  if (b.ttlPropagate !== undefined) s += `ttl-propogate ${b.ttlPropagate ? 'enabled' : 'disabled'}`
  // print_cache_nexthop_id: the nexthop object behind the id, from ip's nexthop cache (which asks
  // the kernel on a miss); nothing when it is not known.
  if (b.nhId !== undefined && l.details) {
    const nh = l.nexthop(b.nhId)
    if (nh !== undefined) s += `\n\tnh_info ${formatNexthopEntry(nh, l, false)}`
  }
  if (b.multipath !== undefined) s += multipathText(b, b.multipath, l)
  return s + '\n'
}
