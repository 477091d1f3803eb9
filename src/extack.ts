// What the kernel's extended ack (NLMSGERR_ATTR_*) says about a refused request, in the terms
// errors show: its message, the offending attribute located and named, the policy it violated.
import { type AttrStep, attributePathAt } from '../codecs/attrpath.js'
import type { ExtAck, NlPolicyType } from '../codecs/core/nlmsgerr.js'
import { bodyFor } from '../codecs/messages.js'

/** Extended-ack details the kernel attached to an error, with the offending attribute located. */
export interface ExtAckInfo {
  /** NLMSGERR_ATTR_MSG: the kernel's own explanation ("Unknown device type"). */
  msg?: string
  /** NLMSGERR_ATTR_OFFS: offset of the offending attribute from the start of the request. */
  offs?: number
  /** The attribute at `offs`, outermost first: ['IFLA_LINKINFO', 'IFLA_INFO_KIND']. */
  attrPath?: string[]
  /** NLMSGERR_ATTR_MISS_TYPE: type of a required attribute that was missing. */
  missType?: number
  /** NLMSGERR_ATTR_MISS_NEST: offset of the nest the missing attribute belongs in. */
  missNest?: number
  /** NLMSGERR_ATTR_POLICY: what the kernel's policy accepts for the offending attribute. */
  policy?: PolicyInfo
}

/** The violated policy (NL_POLICY_TYPE_ATTR_*), in words and numbers. */
export interface PolicyInfo {
  /** 'u32', 'string', 'nul-string', 'binary' ... (enum netlink_attribute_type). */
  type?: string
  min?: bigint
  max?: bigint
  minLength?: number
  maxLength?: number
  mask?: bigint
}

/** enum netlink_attribute_type (linux/netlink.h). */
const NL_ATTR_TYPES = ['invalid', 'flag', 'u8', 'u16', 'u32', 'u64', 's8', 's16', 's32', 's64', 'binary', 'string', 'nul-string', 'nested', 'nested-array', 'bitfield32', 'sint', 'uint']

function policyInfo(p: NlPolicyType): PolicyInfo | undefined {
  const out: PolicyInfo = {}
  const big = (v: unknown): bigint | undefined => (typeof v === 'bigint' ? v : typeof v === 'number' ? BigInt(v) : undefined)
  if (typeof p.type === 'number') out.type = NL_ATTR_TYPES[p.type] ?? `type ${p.type}`
  const min = big(p.minValueS) ?? big(p.minValueU)
  const max = big(p.maxValueS) ?? big(p.maxValueU)
  if (min !== undefined) out.min = min
  if (max !== undefined) out.max = max
  if (typeof p.minLength === 'number') out.minLength = p.minLength
  if (typeof p.maxLength === 'number') out.maxLength = p.maxLength
  const mask = big(p.mask) ?? big(p.bitfield32Mask)
  if (mask !== undefined) out.mask = mask
  return Object.keys(out).length === 0 ? undefined : out
}

/** "the kernel accepts u32 321..4294967295", "... string of at most 15 bytes". */
export function describePolicy(p: PolicyInfo): string {
  const parts: string[] = []
  if (p.min !== undefined || p.max !== undefined) parts.push(`${p.min ?? ''}..${p.max ?? ''}`)
  if (p.minLength !== undefined && p.maxLength !== undefined) parts.push(`${p.minLength}..${p.maxLength} bytes`)
  else if (p.maxLength !== undefined) parts.push(`at most ${p.maxLength} bytes`)
  else if (p.minLength !== undefined) parts.push(`at least ${p.minLength} bytes`)
  if (p.mask !== undefined) parts.push(`mask 0x${p.mask.toString(16)}`)
  return `the kernel's policy: ${[p.type, ...parts].filter(Boolean).join(', ')}`
}

/** Turns located attributes into the names shown to people. The codecs' formatter can replace it. */
export type AttributeNamer = (steps: readonly AttrStep[], request: Uint8Array) => string[]

let namer: AttributeNamer = (steps) => steps.map((s) => s.name)

/** Replace how offending attributes are named (e.g. with YNL names from the annotated field tree). */
export function setAttributeNamer(fn: AttributeNamer): void {
  namer = fn
}

/** The extended ack of an error reply, with the attribute at its offset located in the request. */
export function extAckInfo(ext: ExtAck | undefined, requestBytes: Uint8Array | undefined): ExtAckInfo | undefined {
  if (ext === undefined) return undefined
  const info: ExtAckInfo = {}
  if (ext.msg !== undefined && ext.msg !== '') info.msg = ext.msg
  if (ext.offs !== undefined) {
    info.offs = ext.offs
    if (requestBytes !== undefined) {
      const steps = attributePathAt(requestBytes, ext.offs, bodyFor)
      if (steps !== undefined) info.attrPath = namer(steps, requestBytes)
    }
  }
  if (ext.missType !== undefined) info.missType = ext.missType
  if (ext.missNest !== undefined) info.missNest = ext.missNest
  if (ext.policy !== undefined) {
    const p = policyInfo(ext.policy)
    if (p !== undefined) info.policy = p
  }
  return Object.keys(info).length === 0 ? undefined : info
}

