// RTM_NEWRULE / RTM_DELRULE / RTM_GETRULE: struct fib_rule_hdr, then FRA_* attributes
// (linux/fib_rules.h as of Linux 6.18; attribute keys from Documentation/netlink/specs/rt-rule.yaml).
// One family for IPv4 and IPv6 policy routing rules (`ip rule`, `ip -6 rule`): frhFamily says which,
// and FRA_SRC / FRA_DST are addresses of that family.
import { namesOf } from './core/names.js'
import { type AttrSet, NLA_HDRLEN, type RawAttr, type ValueCodec, defineAttrs } from './core/attrs.js'
import { formatIPv4, formatIPv6, parseIP } from './core/addresses.js'
import { FixedAttrsBody } from './core/body.js'
import type { Message } from './core/nlmsg.js'
import { defineStruct } from './core/struct.js'
import { familyCodec } from './core/family-codec.js'
import { RTPROT_NAMES, RT_TABLE_NAMES } from './route.js'
import { RTM_DELRULE, RTM_GETRULE, RTM_NEWRULE } from './rtnetlink.js'
import { AF_NAMES } from './address-families.js'

// enum FRA_*
export const FRA_UNSPEC = 0
export const FRA_DST = 1
export const FRA_SRC = 2
export const FRA_IIFNAME = 3
export const FRA_GOTO = 4
export const FRA_UNUSED2 = 5
export const FRA_PRIORITY = 6
export const FRA_UNUSED3 = 7
export const FRA_UNUSED4 = 8
export const FRA_UNUSED5 = 9
export const FRA_FWMARK = 10
export const FRA_FLOW = 11
export const FRA_TUN_ID = 12
export const FRA_SUPPRESS_IFGROUP = 13
export const FRA_SUPPRESS_PREFIXLEN = 14
export const FRA_TABLE = 15
export const FRA_FWMASK = 16
export const FRA_OIFNAME = 17
export const FRA_PAD = 18
export const FRA_L3MDEV = 19
export const FRA_UID_RANGE = 20
export const FRA_PROTOCOL = 21
export const FRA_IP_PROTO = 22
export const FRA_SPORT_RANGE = 23
export const FRA_DPORT_RANGE = 24
// Linux 6.12+ (newer than /usr/include's 6.1 headers)
export const FRA_DSCP = 25
export const FRA_FLOWLABEL = 26
export const FRA_FLOWLABEL_MASK = 27
// Linux 6.15+
export const FRA_SPORT_MASK = 28
export const FRA_DPORT_MASK = 29
export const FRA_DSCP_MASK = 30

// fib_rule_hdr.action: enum FR_ACT_*
export const FR_ACT_UNSPEC = 0
export const FR_ACT_TO_TBL = 1
export const FR_ACT_GOTO = 2
export const FR_ACT_NOP = 3
export const FR_ACT_RES3 = 4
export const FR_ACT_RES4 = 5
export const FR_ACT_BLACKHOLE = 6
export const FR_ACT_UNREACHABLE = 7
export const FR_ACT_PROHIBIT = 8

export const FR_ACT_NAMES: Readonly<Record<number, string>> = namesOf({ FR_ACT_UNSPEC, FR_ACT_TO_TBL, FR_ACT_GOTO, FR_ACT_NOP, FR_ACT_RES3, FR_ACT_RES4, FR_ACT_BLACKHOLE, FR_ACT_UNREACHABLE, FR_ACT_PROHIBIT })

// fib_rule_hdr.flags
export const FIB_RULE_PERMANENT = 0x00000001
export const FIB_RULE_INVERT = 0x00000002
export const FIB_RULE_UNRESOLVED = 0x00000004
export const FIB_RULE_IIF_DETACHED = 0x00000008
export const FIB_RULE_OIF_DETACHED = 0x00000010
export const FIB_RULE_FIND_SADDR = 0x00010000

export const FIB_RULE_NAMES: Readonly<Record<number, string>> = namesOf({ FIB_RULE_PERMANENT, FIB_RULE_INVERT, FIB_RULE_UNRESOLVED, FIB_RULE_IIF_DETACHED, FIB_RULE_OIF_DETACHED, FIB_RULE_FIND_SADDR })

/**
 * struct fib_rule_hdr. The kernel's field names have no prefix and YNL's 'table' would collide with
 * FRA_TABLE's key in the flat decoded object, so the fields carry iproute2's `frh` prefix.
 */
export const fibRuleHdr = defineStruct('fib_rule_hdr', [
  ['frhFamily', 'u8', { enumNames: AF_NAMES }],
  ['frhDstLen', 'u8'],
  ['frhSrcLen', 'u8'],
  ['frhTos', 'u8'],
  ['frhTable', 'u8', { enumNames: RT_TABLE_NAMES }],
  ['frhRes1', { pad: 1 }],
  ['frhRes2', { pad: 1 }],
  ['frhAction', 'u8', { enumNames: FR_ACT_NAMES }],
  ['frhFlags', 'u32', { flagNames: FIB_RULE_NAMES }],
])

/** struct fib_rule_uid_range: inclusive. */
export interface FibRuleUidRange {
  start: number
  end: number
}

export const fibRuleUidRange = defineStruct<FibRuleUidRange>('fib_rule_uid_range', [
  ['start', 'u32'],
  ['end', 'u32'],
])

/** struct fib_rule_port_range: inclusive, host byte order. */
export interface FibRulePortRange {
  start: number
  end: number
}

export const fibRulePortRange = defineStruct<FibRulePortRange>('fib_rule_port_range', [
  ['start', 'u16'],
  ['end', 'u16'],
])

/** FRA_TUN_ID: a u64 in network byte order (the kernel writes it with nla_put_be64). */
export const be64Codec: ValueCodec<bigint> = {
  describe: 'be64',
  decode(d, start, end) {
    if (end - start !== 8) d.fail(`be64: expected 8 bytes, got ${end - start}`, start)
    return d.dv.getBigUint64(start, false)
  },
  encode(w, v) {
    const b = new Uint8Array(8)
    new DataView(b.buffer).setBigUint64(0, BigInt.asUintN(64, BigInt(v)), false)
    w.bytes(b)
  },
}

/**
 * FRA_SRC / FRA_DST: an address, or nothing at all — `ip rule add from all` sends FRA_SRC with an
 * empty payload (a zero-length prefix), which the kernel accepts and ignores. '' stands for it.
 */
export const rulePrefixCodec: ValueCodec<string> = {
  describe: 'ipaddr (or empty)',
  decode(d, start, end) {
    const n = end - start
    if (n === 0) return ''
    if (n === 4) return formatIPv4(d.buf, start)
    if (n === 16) return formatIPv6(d.buf, start)
    return d.fail(`expected an IPv4 (4 bytes) or IPv6 (16 bytes) address or nothing, got ${n} bytes`, start - NLA_HDRLEN)
  },
  encode(w, v) {
    if (v === '') return
    const b = parseIP(v)
    if (b === null) return w.fail(`'${v}' is not an IPv4 or IPv6 address`)
    w.bytes(b)
  },
}

/** FRA_FLOW of realms `from` (the source's) and `to` (the destination's), each 0..65535. */
export function fraFlow(from: number, to: number): number {
  return ((from << 16) | to) >>> 0
}

/** The realms of an FRA_FLOW: [from, to]. */
export function fraRealms(flow: number): [from: number, to: number] {
  return [flow >>> 16, flow & 0xffff]
}

export const ruleAttrs: AttrSet = defineAttrs('fib-rule-attrs', 'FRA_', [
  [FRA_DST, 'FRA_DST', rulePrefixCodec],
  [FRA_SRC, 'FRA_SRC', rulePrefixCodec],
  [FRA_IIFNAME, 'FRA_IIFNAME', 'string'],
  [FRA_GOTO, 'FRA_GOTO', 'u32'],
  [FRA_PRIORITY, 'FRA_PRIORITY', 'u32'],
  [FRA_FWMARK, 'FRA_FWMARK', 'u32'],
  // Realms: the source realm in the high 16 bits, the destination in the low.
  // Realms: the source realm in the upper 16 bits, the destination's in the lower (fraFlow).
  [FRA_FLOW, 'FRA_FLOW', 'u32'],
  [FRA_TUN_ID, 'FRA_TUN_ID', be64Codec],
  // -1: no suppression (the kernel's default, sent in every rule).
  [FRA_SUPPRESS_IFGROUP, 'FRA_SUPPRESS_IFGROUP', 's32'],
  [FRA_SUPPRESS_PREFIXLEN, 'FRA_SUPPRESS_PREFIXLEN', 's32'],
  // The table as a u32: fib_rule_hdr.table holds only ids below 256.
  [FRA_TABLE, 'FRA_TABLE', 'u32'],
  [FRA_FWMASK, 'FRA_FWMASK', 'u32'],
  [FRA_OIFNAME, 'FRA_OIFNAME', 'string'],
  [FRA_PAD, 'FRA_PAD', 'binary'],
  [FRA_L3MDEV, 'FRA_L3MDEV', 'u8'],
  [FRA_UID_RANGE, 'FRA_UID_RANGE', fibRuleUidRange],
  [FRA_PROTOCOL, 'FRA_PROTOCOL', 'u8', { enumNames: RTPROT_NAMES }],
  [FRA_IP_PROTO, 'FRA_IP_PROTO', 'u8'],
  [FRA_SPORT_RANGE, 'FRA_SPORT_RANGE', fibRulePortRange],
  [FRA_DPORT_RANGE, 'FRA_DPORT_RANGE', fibRulePortRange],
  [FRA_DSCP, 'FRA_DSCP', 'u8'],
  [FRA_FLOWLABEL, 'FRA_FLOWLABEL', 'be32'],
  [FRA_FLOWLABEL_MASK, 'FRA_FLOWLABEL_MASK', 'be32'],
  [FRA_SPORT_MASK, 'FRA_SPORT_MASK', 'u16'],
  [FRA_DPORT_MASK, 'FRA_DPORT_MASK', 'u16'],
  [FRA_DSCP_MASK, 'FRA_DSCP_MASK', 'u8'],
])

/** A rule message: struct fib_rule_hdr and the FRA_* attributes side by side. */
export interface RuleBody {
  /** AF_INET or AF_INET6 */
  frhFamily: number
  frhDstLen: number
  frhSrcLen: number
  frhTos: number
  /** The table when below 256 (RT_TABLE_UNSPEC otherwise: see `table`) */
  frhTable: number
  /** FR_ACT_* */
  frhAction: number
  /** FIB_RULE_* bits */
  frhFlags: number
  /** '' when sent empty (a zero-length prefix: `from all`) */
  dst?: string
  src?: string
  iifname?: string
  goto?: number
  priority?: number
  fwmark?: number
  flow?: number
  tunId?: bigint
  suppressIfgroup?: number
  suppressPrefixlen?: number
  table?: number
  fwmask?: number
  oifname?: string
  pad?: Uint8Array
  l3mdev?: number
  uidRange?: FibRuleUidRange
  /** RTPROT_* of the rule's originator */
  protocol?: number
  /** IPPROTO_* */
  ipProto?: number
  sportRange?: FibRulePortRange
  dportRange?: FibRulePortRange
  dscp?: number
  flowlabel?: number
  flowlabelMask?: number
  sportMask?: number
  dportMask?: number
  dscpMask?: number
  unknown?: RawAttr[]
}

export type RuleMessage = Message<RuleBody> & { type: typeof RTM_NEWRULE | typeof RTM_DELRULE | typeof RTM_GETRULE }

export const ruleBody = new FixedAttrsBody<RuleBody>('rule', fibRuleHdr, ruleAttrs)

export const rule = familyCodec<RuleMessage>([RTM_NEWRULE, RTM_DELRULE, RTM_GETRULE], ruleBody)
