// Decoded rules and nexthop objects written as iproute2 6.1's JSON (`ip -j rule show`,
// `ip -j nexthop show`, without -d): print_rule (ip/iprule.c) and __print_nexthop_entry
// (ip/ipnexthop.c) in JSON context. Used by golden-values.ts.
import type { NexthopBody } from '../../codecs/nexthop.js'
import { NEXTHOP_GRP_TYPE_MPATH, NEXTHOP_GRP_TYPE_RES } from '../../codecs/nexthop.js'
import type { RuleBody } from '../../codecs/rule.js'
import { FIB_RULE_IIF_DETACHED, FIB_RULE_INVERT, FIB_RULE_OIF_DETACHED, FIB_RULE_UNRESOLVED, FR_ACT_GOTO, FR_ACT_NOP, FR_ACT_TO_TBL } from '../../codecs/rule.js'
import { inetProtoName } from '../../codecs/iproute2/rule.js'
import { Names, rtntypeName } from '../../codecs/iproute2/names.js'
import type { IfName, Json } from './iproute2-json.js'

const names = new Names()
const AF_INET = 2
const AF_INET6 = 10
const hostLen = (family: number): number => (family === AF_INET6 ? 128 : family === AF_INET ? 32 : 0)
const hx = (v: number): string => (v === 0 ? '0' : `0x${(v >>> 0).toString(16)}`)

export function ruleJson(b: RuleBody): Json {
  const j: Json = { priority: (b.priority ?? 0) >>> 0 }
  if (b.frhFlags & FIB_RULE_INVERT) j.not = null
  if (b.src !== undefined) {
    j.src = b.src
    if (b.frhSrcLen !== hostLen(b.frhFamily)) j.srclen = b.frhSrcLen
  } else if (b.frhSrcLen) Object.assign(j, { src: '0', srclen: b.frhSrcLen })
  else j.src = 'all'
  if (b.dst !== undefined) {
    j.dst = b.dst
    if (b.frhDstLen !== hostLen(b.frhFamily)) j.dstlen = b.frhDstLen
  } else if (b.frhDstLen) Object.assign(j, { dst: '0', dstlen: b.frhDstLen })
  if (b.frhTos) j.tos = names.dsfield(b.frhTos)
  if (b.fwmark !== undefined || b.fwmask !== undefined) {
    j.fwmark = hx(b.fwmark ?? 0)
    if (b.fwmask !== undefined && b.fwmask >>> 0 !== 0xffffffff) j.fwmask = hx(b.fwmask)
  }
  if (b.iifname !== undefined) {
    j.iif = b.iifname
    if (b.frhFlags & FIB_RULE_IIF_DETACHED) j.iif_detached = null
  }
  if (b.oifname !== undefined) {
    j.oif = b.oifname
    if (b.frhFlags & FIB_RULE_OIF_DETACHED) j.oif_detached = null
  }
  if (b.l3mdev) j.l3mdev = null
  if (b.uidRange !== undefined) Object.assign(j, { uid_start: b.uidRange.start, uid_end: b.uidRange.end })
  if (b.ipProto !== undefined) j.ipproto = inetProtoName(b.ipProto)
  for (const [key, r] of [['sport', b.sportRange], ['dport', b.dportRange]] as const) {
    if (r === undefined) continue
    if (r.start === r.end) j[key] = r.start
    else Object.assign(j, { [`${key}_start`]: r.start, [`${key}_end`]: r.end })
  }
  if (b.tunId !== undefined) j.tun_id = Number(b.tunId)
  const table = b.table ?? b.frhTable
  if (table) {
    j.table = names.table(table)
    if (b.suppressPrefixlen !== undefined && b.suppressPrefixlen !== -1) j.suppress_prefixlen = b.suppressPrefixlen
    if (b.suppressIfgroup !== undefined && b.suppressIfgroup !== -1) j.suppress_ifgroup = names.group(b.suppressIfgroup)
  }
  if (b.flow !== undefined) {
    const realm = (x: number): string => (x === 0 ? 'unknown' : String(x))
    if (b.flow >>> 16) j.flow_from = realm(b.flow >>> 16)
    j.flow_to = realm(b.flow & 0xffff)
  }
  if (b.frhAction === FR_ACT_GOTO) {
    j.goto = b.goto !== undefined ? b.goto >>> 0 : 'none'
    if (b.frhFlags & FIB_RULE_UNRESOLVED) j.unresolved = null
  } else if (b.frhAction === FR_ACT_NOP) j.nop = null
  else if (b.frhAction !== FR_ACT_TO_TBL) j.action = rtntypeName(b.frhAction)
  if (b.protocol !== undefined && b.protocol !== 0 && b.protocol !== 2) j.protocol = names.protocol(b.protocol)
  return j
}

const RT_FLAGS: readonly [number, string][] = [
  [0x1, 'dead'], [0x4, 'onlink'], [0x2, 'pervasive'], [0x8, 'offload'], [0x40, 'trap'], [0x100, 'notify'], [0x10, 'linkdown'], [0x20, 'unresolved'],
]

export function nexthopJson(b: NexthopBody, name: IfName): Json {
  const j: Json = { id: (b.id ?? 0) >>> 0 }
  if (b.group !== undefined) j.group = b.group.map((g) => (g.weight ? { id: g.id, weight: g.weight + 1 } : { id: g.id }))
  const type = b.groupType ?? NEXTHOP_GRP_TYPE_MPATH
  if (type !== NEXTHOP_GRP_TYPE_MPATH) j.type = type === NEXTHOP_GRP_TYPE_RES ? 'resilient' : '<unknown type>'
  if (b.resGroup !== undefined) {
    const r = b.resGroup
    j.resilient_args = {
      buckets: r.buckets ?? 0,
      idle_timer: (r.idleTimer ?? 0) / 100,
      unbalanced_timer: (r.unbalancedTimer ?? 0) / 100,
      unbalanced_time: Number(r.unbalancedTime ?? 0) / 100,
    }
  }
  if (b.gateway !== undefined) j.gateway = b.gateway
  if (b.oif) j.dev = name(b.oif)
  if (b.nhScope !== 0) j.scope = names.scope(b.nhScope)
  if (b.blackhole) j.blackhole = null
  if (b.nhProtocol !== 0) j.protocol = names.protocol(b.nhProtocol)
  j.flags = RT_FLAGS.filter(([bit]) => b.nhFlags & bit).map(([, n]) => n)
  if (b.fdb) j.fdb = null
  return j
}
