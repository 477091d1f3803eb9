// nl.rule's answers: a fib rule, readable (the decoded body kept as `raw`).
import { AF_INET } from '../../codecs/address-families.js'
import { FIB_RULE_INVERT, FR_ACT_NAMES, type RuleBody, fraRealms } from '../../codecs/rule.js'
import { type Family, familyName, protocolName } from './view-names.js'

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

const hostLen = (f: number): number => (f === AF_INET ? 32 : 128)

function prefixText(addr: string | undefined, len: number, family: number): string | undefined {
  if (addr === undefined || addr === '') return len === 0 ? undefined : `0/${len}`
  return len === hostLen(family) ? addr : `${addr}/${len}`
}

export function toRule(b: RuleBody): Rule {
  const act = (FR_ACT_NAMES[b.frhAction] ?? String(b.frhAction)).replace(/^FR_ACT_/, '')
  const r: Rule = {
    family: familyName(b.frhFamily),
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
