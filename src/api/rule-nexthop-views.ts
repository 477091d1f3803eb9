// Readable views of fib rules and nexthop objects, each keeping the decoded body as `raw`.
import { NEXTHOP_GRP_TYPE_RES, type NexthopBody, nexthopGrpWeight } from '../../codecs/nexthop.js'
import { RTNH_F_NAMES, RTPROT_NAMES } from '../../codecs/route.js'
import { FIB_RULE_INVERT, FR_ACT_NAMES, type RuleBody, fraRealms } from '../../codecs/rule.js'
import { AF_INET, AF_INET6 } from '../../codecs/socket.js'
import { type Family, scopeName } from './views.js'

export interface Rule {
  family: Family
  /** The preference: rules are tried from the lowest. */
  priority: number
  /** 'all', '10.1.0.0/16' or a host '192.0.2.1' */
  from: string
  to?: string
  /** The selector is inverted (`not`). */
  not: boolean
  tos?: number
  fwmark?: number
  fwmask?: number
  iif?: string
  oif?: string
  ipproto?: number
  sport?: [number, number]
  dport?: [number, number]
  uidrange?: [number, number]
  /** Realms: [source, destination]. */
  realms?: [number, number]
  tunId?: bigint
  l3mdev?: boolean
  /** The table looked up (main = 254), for 'lookup' rules. */
  table?: number
  /** 'lookup', 'goto', 'nop', 'blackhole', 'unreachable', 'prohibit' */
  action: string
  goto?: number
  suppressPrefixlength?: number
  suppressIfgroup?: number
  /** Who installed it: 'kernel' (the default rules), 'boot', 'static' ... */
  protocol: string
  raw: RuleBody
}

const ACTION_WORD: Readonly<Record<string, string>> = { TO_TBL: 'lookup' }

export function protocolName(p: number): string {
  return (RTPROT_NAMES[p] ?? String(p)).replace(/^RTPROT_/, '').toLowerCase()
}

function familyOf(f: number): Family {
  return f === AF_INET6 ? 'inet6' : 'inet'
}

const hostLen = (f: number): number => (f === AF_INET ? 32 : 128)

function prefixText(addr: string | undefined, len: number, family: number): string | undefined {
  if (addr === undefined || addr === '') return len === 0 ? undefined : `0/${len}`
  return len === hostLen(family) ? addr : `${addr}/${len}`
}

export function toRule(b: RuleBody): Rule {
  const act = (FR_ACT_NAMES[b.frhAction] ?? String(b.frhAction)).replace(/^FR_ACT_/, '')
  const r: Rule = {
    family: familyOf(b.frhFamily),
    priority: b.priority ?? 0,
    from: prefixText(b.src, b.frhSrcLen, b.frhFamily) ?? 'all',
    not: (b.frhFlags & FIB_RULE_INVERT) !== 0,
    action: ACTION_WORD[act] ?? act.toLowerCase(),
    protocol: protocolName(b.protocol ?? 0),
    raw: b,
  }
  const to = prefixText(b.dst, b.frhDstLen, b.frhFamily)
  if (to !== undefined) r.to = to
  if (b.frhTos !== 0) r.tos = b.frhTos
  if (b.fwmark !== undefined) r.fwmark = b.fwmark
  if (b.fwmask !== undefined) r.fwmask = b.fwmask
  if (b.iifname !== undefined) r.iif = b.iifname
  if (b.oifname !== undefined) r.oif = b.oifname
  if (b.ipProto !== undefined) r.ipproto = b.ipProto
  if (b.sportRange !== undefined) r.sport = [b.sportRange.start, b.sportRange.end]
  if (b.dportRange !== undefined) r.dport = [b.dportRange.start, b.dportRange.end]
  if (b.uidRange !== undefined) r.uidrange = [b.uidRange.start, b.uidRange.end]
  if (b.flow !== undefined) r.realms = fraRealms(b.flow)
  if (b.tunId !== undefined) r.tunId = b.tunId
  if (b.l3mdev !== undefined) r.l3mdev = b.l3mdev !== 0
  const table = b.table ?? b.frhTable
  if (table !== 0) r.table = table
  if (b.goto !== undefined) r.goto = b.goto
  // -1 is the kernel's "not set", sent back in every rule.
  if (b.suppressPrefixlen !== undefined && b.suppressPrefixlen !== -1) r.suppressPrefixlength = b.suppressPrefixlen
  if (b.suppressIfgroup !== undefined && b.suppressIfgroup !== -1) r.suppressIfgroup = b.suppressIfgroup
  return r
}

export interface Nexthop {
  id: number
  /** Groups (and requests) have no family: 'unspec'. */
  family: Family | 'unspec'
  via?: string
  /** ifindex of the device. */
  dev?: number
  blackhole: boolean
  /** Members and their weights (1..256). */
  group?: { id: number; weight: number }[]
  /** Groups: 'mpath' or 'resilient'. */
  groupType?: 'mpath' | 'resilient'
  /** Resilient groups: buckets and timers (seconds). */
  resilient?: { buckets?: number; idleTimer?: number; unbalancedTimer?: number }
  fdb: boolean
  /** RTNH_F_* names: ['onlink'], ['linkdown'] ... */
  flags: string[]
  protocol: string
  scope: string
  raw: NexthopBody
}

export function toNexthop(b: NexthopBody): Nexthop {
  const flags: string[] = []
  for (const [bit, name] of Object.entries(RTNH_F_NAMES)) if ((b.nhFlags & Number(bit)) !== 0) flags.push(name.replace(/^RTNH_F_/, '').toLowerCase())
  const n: Nexthop = {
    id: b.id ?? 0,
    family: b.nhFamily === AF_INET ? 'inet' : b.nhFamily === AF_INET6 ? 'inet6' : 'unspec',
    blackhole: b.blackhole === true,
    fdb: b.fdb === true,
    flags,
    protocol: protocolName(b.nhProtocol),
    scope: scopeName(b.nhScope),
    raw: b,
  }
  if (b.gateway !== undefined) n.via = b.gateway
  if (b.oif !== undefined) n.dev = b.oif
  if (b.group !== undefined) {
    n.group = b.group.map((g) => ({ id: g.id, weight: nexthopGrpWeight(g) }))
    n.groupType = b.groupType === NEXTHOP_GRP_TYPE_RES ? 'resilient' : 'mpath'
  }
  if (b.resGroup !== undefined) {
    const r: NonNullable<Nexthop['resilient']> = {}
    if (b.resGroup.buckets !== undefined) r.buckets = b.resGroup.buckets
    if (b.resGroup.idleTimer !== undefined) r.idleTimer = b.resGroup.idleTimer / 100
    if (b.resGroup.unbalancedTimer !== undefined) r.unbalancedTimer = b.resGroup.unbalancedTimer / 100
    n.resilient = r
  }
  return n
}
