// What a decoder left as bytes: every Uint8Array/Buffer leaf in its result, with its path and
// length. Addresses (6-byte MACs) are expected there; nested attributes (IFLA_LINKINFO,
// IFLA_AF_SPEC…) left as bytes are what "not fully decoded" means.
export interface RawLeaf {
  path: string
  bytes: number
}

export function rawLeaves(value: unknown, path = '$', out: RawLeaf[] = [], depth = 0): RawLeaf[] {
  if (depth > 16 || value === null || typeof value !== 'object') return out
  if (value instanceof Uint8Array) {
    out.push({ path, bytes: value.length })
    return out
  }
  if (value instanceof Map) {
    for (const [k, v] of value) rawLeaves(v, `${path}[${String(k)}]`, out, depth + 1)
    return out
  }
  if (Array.isArray(value)) {
    value.forEach((v, i) => rawLeaves(v, `${path}[${i}]`, out, depth + 1))
    return out
  }
  for (const [k, v] of Object.entries(value)) rawLeaves(v, `${path}.${k}`, out, depth + 1)
  return out
}
