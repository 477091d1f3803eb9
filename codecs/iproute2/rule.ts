// RTM_NEWRULE / RTM_DELRULE as `ip -d monitor` prints them: print_rule (ip/iprule.c, 6.1) with the
// monitor's empty filter. Unlike the other printers each field is written with its separator in
// front (" lookup 100"), so the line has no trailing space. iproute2 6.1 predates FRA_DSCP,
// FRA_FLOWLABEL and the port masks: it prints none of them, and neither does this.
import type { Message } from '../core/nlmsg.js'
import type { RuleBody } from '../rule.js'
import { FIB_RULE_IIF_DETACHED, FIB_RULE_INVERT, FIB_RULE_OIF_DETACHED, FIB_RULE_UNRESOLVED, FR_ACT_GOTO, FR_ACT_NOP, FR_ACT_TO_TBL, fraRealms } from '../rule.js'
import { RTM_DELRULE, RTM_NEWRULE } from '../rtnetlink.js'
import { AF_INET, AF_INET6, AF_MPLS } from '../address-families.js'
import { ipText } from './addrtext.js'
import type { Lookup } from './lookup.js'
import { rtntypeName } from './names.js'

const RTPROT_KERNEL = 2
/** RTN_NAT: a rule action from the days of `ip rule add nat` (the kernel no longer accepts it). */
const RTN_NAT = 10

/** getprotobynumber over Debian's /etc/protocols (netbase), the first name of each number. */
const IP_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'ip', 1: 'icmp', 2: 'igmp', 3: 'ggp', 4: 'ipencap', 5: 'st', 6: 'tcp', 8: 'egp', 9: 'igp', 12: 'pup',
  17: 'udp', 20: 'hmp', 22: 'xns-idp', 27: 'rdp', 29: 'iso-tp4', 33: 'dccp', 36: 'xtp', 37: 'ddp',
  38: 'idpr-cmtp', 41: 'ipv6', 43: 'ipv6-route', 44: 'ipv6-frag', 45: 'idrp', 46: 'rsvp', 47: 'gre',
  50: 'esp', 51: 'ah', 57: 'skip', 58: 'ipv6-icmp', 59: 'ipv6-nonxt', 60: 'ipv6-opts', 73: 'rspf',
  81: 'vmtp', 88: 'eigrp', 89: 'ospf', 93: 'ax.25', 94: 'ipip', 97: 'etherip', 98: 'encap', 103: 'pim',
  108: 'ipcomp', 112: 'vrrp', 115: 'l2tp', 124: 'isis', 132: 'sctp', 133: 'fc', 135: 'mobility-header',
  136: 'udplite', 137: 'mpls-in-ip', 138: 'manet', 139: 'hip', 140: 'shim6', 141: 'wesp', 142: 'rohc',
  143: 'ethernet',
}

/** inet_proto_n2a (lib/utils.c) */
export function inetProtoName(proto: number): string {
  return IP_PROTOCOLS[proto] ?? `ipproto-${proto}`
}

/** af_bit_len (lib/utils.c): a prefix of this length is a host and prints without "/len". */
function hostLen(family: number): number {
  return family === AF_INET6 ? 128 : family === AF_INET ? 32 : family === AF_MPLS ? 20 : 0
}

/** rt_addr_n2a_rta */
function addrText(family: number, text: string): string {
  return family === AF_INET || family === AF_INET6 ? ipText(text) : text
}

/** rtnl_rtrealm_n2a with the default rt_realms (0 is "unknown"). */
const realm = (x: number): string => (x === 0 ? 'unknown' : String(x))

function portRange(label: string, r: { start: number; end: number }): string {
  return r.start === r.end ? ` ${label} ${r.start}` : ` ${label} ${r.start}-${r.end}`
}

export function formatRule(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWRULE && msg.type !== RTM_DELRULE) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as RuleBody
  const host = hostLen(b.frhFamily)
  let s = msg.type === RTM_DELRULE ? 'Deleted ' : ''
  s += `${(b.priority ?? 0) >>> 0}:\t`
  if (b.frhFlags & FIB_RULE_INVERT) s += 'not '
  if (b.src !== undefined) s += `from ${addrText(b.frhFamily, b.src)}${b.frhSrcLen !== host ? `/${b.frhSrcLen}` : ''}`
  else if (b.frhSrcLen) s += `from 0/${b.frhSrcLen}`
  else s += 'from all'
  if (b.dst !== undefined) s += ` to ${addrText(b.frhFamily, b.dst)}${b.frhDstLen !== host ? `/${b.frhDstLen}` : ''}`
  else if (b.frhDstLen) s += ` to 0/${b.frhDstLen}`
  if (b.frhTos) s += ` tos ${l.names.dsfield(b.frhTos)}`
  if (b.fwmark !== undefined || b.fwmask !== undefined) {
    const mark = (b.fwmark ?? 0) >>> 0
    const mask = b.fwmask === undefined ? 0 : b.fwmask >>> 0
    // %#llx: 0 prints as "0", not "0x0".
    const hx = (v: number): string => (v === 0 ? '0' : `0x${v.toString(16)}`)
    s += b.fwmask !== undefined && mask !== 0xffffffff ? ` fwmark ${hx(mark)}/${hx(mask)}` : ` fwmark ${hx(mark)}`
  }
  if (b.iifname !== undefined) s += ` iif ${b.iifname}${b.frhFlags & FIB_RULE_IIF_DETACHED ? ' [detached]' : ''}`
  if (b.oifname !== undefined) s += ` oif ${b.oifname}${b.frhFlags & FIB_RULE_OIF_DETACHED ? ' [detached]' : ''}`
  if (b.l3mdev) s += ' lookup [l3mdev-table]'
  if (b.uidRange !== undefined) s += ` uidrange ${b.uidRange.start >>> 0}-${b.uidRange.end >>> 0}`
  if (b.ipProto !== undefined) s += ` ipproto ${inetProtoName(b.ipProto)}`
  if (b.sportRange !== undefined) s += portRange('sport', b.sportRange)
  if (b.dportRange !== undefined) s += portRange('dport', b.dportRange)
  if (b.tunId !== undefined) s += ` tun_id ${b.tunId}`
  // frh_get_table: FRA_TABLE when present (ids of 256 and more live only there).
  const table = b.table ?? b.frhTable
  if (table) {
    s += ` lookup ${l.names.table(table)}`
    if (b.suppressPrefixlen !== undefined && b.suppressPrefixlen !== -1) s += ` suppress_prefixlength ${b.suppressPrefixlen | 0}`
    if (b.suppressIfgroup !== undefined && b.suppressIfgroup !== -1) s += ` suppress_ifgroup ${l.names.group(b.suppressIfgroup)}`
  }
  if (b.flow !== undefined) {
    const [from, to] = fraRealms(b.flow)
    s += from ? ` realms ${realm(from)}/` : ' realms '
    s += realm(to)
  }
  if (b.frhAction === RTN_NAT) {
    // FRA_UNUSED2 was RTA_GATEWAY then; the kernel rejects the action, so this is only for completeness.
    s += ' masquerade'
  } else if (b.frhAction === FR_ACT_GOTO) {
    s += b.goto !== undefined ? ` goto ${b.goto >>> 0}` : ' goto none'
    if (b.frhFlags & FIB_RULE_UNRESOLVED) s += ' [unresolved]'
  } else if (b.frhAction === FR_ACT_NOP) s += ' nop'
  else if (b.frhAction !== FR_ACT_TO_TBL) s += ` ${rtntypeName(b.frhAction)}`
  if (b.protocol !== undefined && ((b.protocol && b.protocol !== RTPROT_KERNEL) || l.details)) s += ` proto ${l.names.protocol(b.protocol)}`
  return s + '\n'
}
