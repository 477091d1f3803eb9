// IFLA_INFO_DATA of kind 'vxlan' as `ip -d` prints it: vxlan_print_opt (ip/iplink_vxlan.c, 6.1).
import type { VxlanAttrs } from '../link/vxlan.js'
import { ipText, isIPv4Multicast, isIPv4Zero, isIPv6Multicast, isIPv6Unspecified } from './addrtext.js'
import { hex0x } from './link-bridge.js'
import type { Lookup } from './lookup.js'
import { VXLAN_DF_INHERIT, VXLAN_DF_SET } from '../link/vxlan.js'


export function vxlanText(tb: VxlanAttrs, l: Lookup): string {
  let s = ''
  if (tb.collectMetadata) s += 'external '
  if (tb.vnifilter) s += 'vnifilter'
  if (tb.id !== undefined) s += `id ${tb.id} `
  if (tb.group !== undefined) {
    if (!isIPv4Zero(tb.group)) s += isIPv4Multicast(tb.group) ? `group ${tb.group} ` : `remote ${tb.group} `
  } else if (tb.group6 !== undefined && !isIPv6Unspecified(tb.group6)) {
    s += isIPv6Multicast(tb.group6) ? `group ${ipText(tb.group6)} ` : `remote ${ipText(tb.group6)} `
  }
  if (tb.local !== undefined) {
    if (!isIPv4Zero(tb.local)) s += `local ${tb.local} `
  } else if (tb.local6 !== undefined && !isIPv6Unspecified(tb.local6)) s += `local ${ipText(tb.local6)} `
  if (tb.link !== undefined && tb.link !== 0) s += `dev ${l.ifname(tb.link)} `
  if (tb.portRange !== undefined) s += `srcport ${tb.portRange.low} ${tb.portRange.high} `
  if (tb.port !== undefined) s += `dstport ${tb.port} `
  if (tb.learning !== undefined && !tb.learning) s += 'nolearning '
  if (tb.proxy) s += 'proxy '
  if (tb.rsc) s += 'rsc '
  if (tb.l2miss) s += 'l2miss '
  if (tb.l3miss) s += 'l3miss '
  const tos = tb.tos ?? 0
  if (tos) s += tos !== 1 ? `tos ${hex0x(tos)} ` : 'tos inherit '
  if (tb.ttlInherit !== undefined && tb.ttlInherit !== 0) s += 'ttl inherit '
  else if (tb.ttl !== undefined) s += tb.ttl ? `ttl ${tb.ttl} ` : 'ttl auto '
  if (tb.df !== undefined) {
    if (tb.df === VXLAN_DF_SET) s += 'df set '
    else if (tb.df === VXLAN_DF_INHERIT) s += 'df inherit '
  }
  if (tb.label !== undefined && tb.label !== 0) s += `flowlabel ${hex0x(tb.label >>> 0)} `
  if (tb.ageing !== undefined) s += tb.ageing === 0 ? 'ageing none ' : `ageing ${tb.ageing} `
  if (tb.limit !== undefined && tb.limit !== 0) s += `maxaddr ${tb.limit} `
  if (tb.udpCsum !== undefined) s += `${tb.udpCsum ? '' : 'no'}udpcsum `
  if (tb.udpZeroCsum6Tx !== undefined) s += `${tb.udpZeroCsum6Tx ? '' : 'no'}udp6zerocsumtx `
  if (tb.udpZeroCsum6Rx !== undefined) s += `${tb.udpZeroCsum6Rx ? '' : 'no'}udp6zerocsumrx `
  if (tb.remcsumTx) s += 'remcsumtx '
  if (tb.remcsumRx) s += 'remcsumrx '
  if (tb.gbp !== undefined) s += 'gbp '
  if (tb.gpe !== undefined) s += 'gpe '
  return s
}
