// Typed fib-rule options → the RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE messages iproute2 6.1's
// `ip rule` sends for the same command (iprule_modify, iprule_list). Pure: no lookups needed,
// iif/oif travel as names.
// iproute2 writes attributes in command-line order; these write them in one fixed order, that of
// a command spelled `ip rule add [not] from P to P tos T fwmark M/K iif I oif O ipproto X sport S
// dport D realms R tun_id N l3mdev uidrange U suppress_ifgroup G suppress_prefixlength L
// {table T | goto N | ACTION} pref P protocol Q`, so every fixture written in that order matches.
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTPROT_NAMES, RT_TABLE_DEFAULT, RT_TABLE_LOCAL, RT_TABLE_MAIN, RT_TABLE_UNSPEC } from '../../codecs/route.js'
import { FIB_RULE_INVERT, FR_ACT_BLACKHOLE, FR_ACT_GOTO, FR_ACT_NOP, FR_ACT_PROHIBIT, FR_ACT_TO_TBL, FR_ACT_UNREACHABLE, FR_ACT_UNSPEC, type RuleBody, type RuleMessage, fraFlow } from '../../codecs/rule.js'
import { RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE } from '../../codecs/rtnetlink.js'
import { AF_INET, AF_INET6, AF_UNSPEC } from '../../codecs/address-families.js'
import { parsePrefix } from './prefix.js'
import { ApiError } from './errors.js'
import type { Family } from './views.js'

export type TableRef = number | 'main' | 'local' | 'default'
export type RuleAction = 'lookup' | 'goto' | 'nop' | 'blackhole' | 'unreachable' | 'prohibit'
export type PortRange = number | [number, number]

export interface RuleSpec {
  /** Source prefix ('10.1.0.0/16', a host '192.0.2.1', or 'all': an empty FRA_SRC as `from all`). */
  from?: string
  to?: string
  /** Match the opposite of the selector (`not`). */
  not?: boolean
  /** The TOS / DS field byte. */
  tos?: number
  fwmark?: number
  /** Only with fwmark: `fwmark MARK/MASK`. */
  fwmask?: number
  /** Input / output interface, by name (it need not exist yet). */
  iif?: string
  oif?: string
  ipproto?: 'tcp' | 'udp' | 'icmp' | 'sctp' | number
  sport?: PortRange
  dport?: PortRange
  /** Realms: the destination realm, or [source, destination]. */
  realms?: number | [number, number]
  tunId?: number | bigint
  /** Look the table up from the l3mdev (VRF) of the device. */
  l3mdev?: boolean
  uidrange?: [number, number]
  suppressIfgroup?: number
  suppressPrefixlength?: number
  /** The table to look up; for `add` without one (and action 'lookup'), main, as iproute2. */
  table?: TableRef
  /** 'lookup' by default ('goto' when `goto` is given). */
  action?: RuleAction
  /** Priority of the rule to continue at. */
  goto?: number
  /** The rule's preference (`pref`/`priority`): lower first; the kernel picks one if absent. */
  priority?: number
  /** Who installed it (RTPROT_*): 'static', 'boot', a number ... */
  protocol?: ProtocolRef
  /** Without from/to, 'inet' unless told. */
  family?: Family
}

export type ProtocolRef = number | 'unspec' | 'redirect' | 'kernel' | 'boot' | 'static' | 'dhcp' | 'bgp' | 'ospf' | 'zebra'

const TABLES: Readonly<Record<string, number>> = { main: RT_TABLE_MAIN, local: RT_TABLE_LOCAL, default: RT_TABLE_DEFAULT }
const ACTIONS: Readonly<Record<RuleAction, number>> = {
  lookup: FR_ACT_TO_TBL,
  goto: FR_ACT_GOTO,
  nop: FR_ACT_NOP,
  blackhole: FR_ACT_BLACKHOLE,
  unreachable: FR_ACT_UNREACHABLE,
  prohibit: FR_ACT_PROHIBIT,
}
const IPPROTO: Readonly<Record<string, number>> = { icmp: 1, tcp: 6, udp: 17, sctp: 132 }

export function tableNumber(t: TableRef, op: string): number {
  const n = typeof t === 'string' ? TABLES[t] : t
  if (n === undefined || !Number.isInteger(n) || n < 0 || n > 0xffffffff) throw new ApiError(`${op}: table ${String(t)} is not 'main', 'local', 'default' or 0..2^32-1`)
  return n
}

/** RTPROT_* by iproute2's name ('static') or number. */
export function protocolNumber(p: ProtocolRef, op: string): number {
  if (typeof p === 'number') return u(p, 0xff, `${op}: protocol`)
  for (const [k, v] of Object.entries(RTPROT_NAMES)) if (v === `RTPROT_${p.toUpperCase()}`) return Number(k)
  throw new ApiError(`${op}: unknown protocol '${p}'`)
}

function u(v: number, max: number, what: string): number {
  if (!Number.isInteger(v) || v < 0 || v > max) throw new ApiError(`${what} ${v} is not an integer 0..${max}`)
  return v
}

function range(r: PortRange | [number, number], max: number, what: string): { start: number; end: number } {
  const [start, end] = typeof r === 'number' ? [r, r] : r
  u(start, max, what)
  u(end, max, what)
  if (start > end) throw new ApiError(`${what} range ${start}-${end} is backwards`)
  return { start, end }
}

/** The family a rule is of: given, or its addresses', or inet; from/to must agree with it. */
function ruleFamily(r: RuleSpec, op: string): number {
  let family = r.family === undefined ? AF_UNSPEC : r.family === 'inet6' ? AF_INET6 : r.family === 'inet' ? AF_INET : -1
  if (family === -1) throw new ApiError(`${op}: family must be 'inet' or 'inet6'`)
  for (const [k, v] of [['from', r.from], ['to', r.to]] as const) {
    if (v === undefined || v === 'all') continue
    const f = parsePrefix(v, `${op}: ${k}`).family
    if (family !== AF_UNSPEC && f !== family) throw new ApiError(`${op}: ${k} ${v} is not of family ${r.family ?? 'inet'}`)
    family = f
  }
  return family === AF_UNSPEC ? AF_INET : family
}

/** `ip [-6] rule add|del SELECTOR ACTION` */
export function ruleMessage(op: 'add' | 'del', r: RuleSpec): RuleMessage {
  const name = `rule.${op}`
  const family = ruleFamily(r, name)
  const action = r.action ?? (r.goto !== undefined ? 'goto' : op === 'add' ? 'lookup' : undefined)
  if (action !== undefined && !(action in ACTIONS)) throw new ApiError(`${name}: action must be one of ${Object.keys(ACTIONS).join(', ')}`)
  if (action === 'goto' && r.goto === undefined) throw new ApiError(`${name}: action 'goto' needs goto: PRIORITY`)
  if (r.fwmask !== undefined && r.fwmark === undefined) throw new ApiError(`${name}: fwmask needs fwmark`)
  const body: RuleBody = {
    frhFamily: family,
    frhDstLen: 0,
    frhSrcLen: 0,
    frhTos: r.tos !== undefined ? u(r.tos, 0xff, `${name}: tos`) : 0,
    frhTable: RT_TABLE_UNSPEC,
    frhAction: action !== undefined ? ACTIONS[action] : FR_ACT_UNSPEC,
    frhFlags: r.not ? FIB_RULE_INVERT : 0,
  }
  if (r.from !== undefined) {
    const p = prefix(r.from, `${name}: from`)
    body.frhSrcLen = p.len
    body.src = p.address
  }
  if (r.to !== undefined) {
    const p = prefix(r.to, `${name}: to`)
    body.frhDstLen = p.len
    body.dst = p.address
  }
  if (r.fwmark !== undefined) body.fwmark = u(r.fwmark, 0xffffffff, `${name}: fwmark`)
  if (r.fwmask !== undefined) body.fwmask = u(r.fwmask, 0xffffffff, `${name}: fwmask`)
  if (r.iif !== undefined) body.iifname = r.iif
  if (r.oif !== undefined) body.oifname = r.oif
  if (r.ipproto !== undefined) {
    const p = typeof r.ipproto === 'string' ? IPPROTO[r.ipproto] : r.ipproto
    if (p === undefined) throw new ApiError(`${name}: unknown ipproto '${String(r.ipproto)}'`)
    body.ipProto = u(p, 0xff, `${name}: ipproto`)
  }
  if (r.sport !== undefined) body.sportRange = range(r.sport, 0xffff, `${name}: sport`)
  if (r.dport !== undefined) body.dportRange = range(r.dport, 0xffff, `${name}: dport`)
  if (r.realms !== undefined) {
    const [from, to] = typeof r.realms === 'number' ? [0, r.realms] : r.realms
    body.flow = fraFlow(u(from, 0xffff, `${name}: realm`), u(to, 0xffff, `${name}: realm`))
  }
  if (r.tunId !== undefined) body.tunId = BigInt.asUintN(64, BigInt(r.tunId))
  if (r.l3mdev) body.l3mdev = 1
  if (r.uidrange !== undefined) body.uidRange = range(r.uidrange, 0xffffffff, `${name}: uidrange`)
  if (r.suppressIfgroup !== undefined) body.suppressIfgroup = r.suppressIfgroup
  if (r.suppressPrefixlength !== undefined) body.suppressPrefixlen = u(r.suppressPrefixlength, family === AF_INET6 ? 128 : 32, `${name}: suppressPrefixlength`)
  if (r.goto !== undefined) body.goto = u(r.goto, 0xffffffff, `${name}: goto`)
  // iproute2: an add that looks up a table, without one named (or l3mdev), looks up main.
  const table = r.table !== undefined ? tableNumber(r.table, name) : op === 'add' && action === 'lookup' && !r.l3mdev ? RT_TABLE_MAIN : undefined
  if (table !== undefined) {
    // fib_rule_hdr.table is a byte: larger ids go in FRA_TABLE (and the header says unspec).
    if (table < 256) body.frhTable = table
    else body.table = table
  }
  if (r.priority !== undefined) body.priority = u(r.priority, 0xffffffff, `${name}: priority`)
  if (r.protocol !== undefined) body.protocol = protocolNumber(r.protocol, name)
  return op === 'add'
    ? { type: RTM_NEWRULE, flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE, seq: 0, pid: 0, body }
    : { type: RTM_DELRULE, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body }
}

function prefix(text: string, what: string): { address: string; len: number } {
  return text === 'all' ? { address: '', len: 0 } : parsePrefix(text, what)
}

/** `ip [-6] rule list`: one family (inet unless told), or every family (AF_UNSPEC). */
export function dumpRules(family = AF_INET): RuleMessage {
  return {
    type: RTM_GETRULE,
    flags: NLM_F_REQUEST | NLM_F_DUMP,
    seq: 0,
    pid: 0,
    body: { frhFamily: family, frhDstLen: 0, frhSrcLen: 0, frhTos: 0, frhTable: 0, frhAction: 0, frhFlags: 0 },
  }
}
