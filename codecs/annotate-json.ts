// The annotated field tree as JSON: what `nlwire decode --json` prints and the web page copies
// per field. Offsets are absolute in the buffer decoded; u64 beyond 2^53 and byte values become
// strings (decimal, hex).
import { NLA_F_NESTED, NLA_TYPE_MASK } from './core/attrs.js'
import { toHex } from './core/bytes.js'
import type { TraceNode } from './core/trace.js'

export interface FieldJson {
  name: string
  offset: number
  length: number
  /** Attributes: nla_type without the NLA_F_* bits, and whether NLA_F_NESTED was set. */
  type?: number
  nested?: boolean
  value?: unknown
  fields?: FieldJson[]
}

/** `base` is added to every offset (a streaming decoder's position of the buffer in its input). */
export function nodeJson(n: TraceNode, base = 0): FieldJson {
  return {
    name: n.name,
    offset: n.offset + base,
    length: n.length,
    ...(n.attrType !== undefined ? { type: n.attrType & NLA_TYPE_MASK, nested: (n.attrType & NLA_F_NESTED) !== 0 } : {}),
    ...(n.value !== undefined && n.children === undefined ? { value: jsonValue(n.value) } : {}),
    ...(n.children ? { fields: n.children.map((c) => nodeJson(c, base)) } : {}),
  }
}

export function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
  if (v instanceof Uint8Array) return toHex(v)
  if (Array.isArray(v)) return v.map(jsonValue)
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) o[k] = jsonValue(x)
    return o
  }
  return v
}
