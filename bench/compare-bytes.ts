// "Same bytes as iproute2?" for the encode workload's one-time check: if not, which attribute of
// the veth-create request differs, compared as trees (lengths of enclosing nests follow from the
// leaves, so the first differing leaf is the useful answer). nlmsg_seq and nlmsg_pid are ignored.

// Kernel names along the veth-create request's attribute tree; only these are descended into.
const NESTS: Record<string, { name: string; nested: boolean; skip?: number }> = {
  '3': { name: 'IFLA_IFNAME', nested: false },
  '18': { name: 'IFLA_LINKINFO', nested: true },
  '18.1': { name: 'IFLA_INFO_KIND', nested: false },
  '18.2': { name: 'IFLA_INFO_DATA', nested: true },
  '18.2.1': { name: 'VETH_INFO_PEER', nested: true, skip: 16 }, // an ifinfomsg precedes its attributes
  '18.2.1.3': { name: 'IFLA_IFNAME', nested: false },
}

interface Attr {
  type: number
  payload: Uint8Array
}

function attrs(b: Uint8Array): Attr[] {
  const view = new DataView(b.buffer, b.byteOffset, b.byteLength)
  const out: Attr[] = []
  let off = 0
  while (off + 4 <= b.length) {
    const len = view.getUint16(off, true)
    if (len < 4 || off + len > b.length) break
    out.push({ type: view.getUint16(off + 2, true) & 0x3fff, payload: b.subarray(off + 4, off + len) })
    off += (len + 3) & ~3
  }
  return out
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex')
const same = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((v, i) => v === b[i])

function diffAttrs(a: Uint8Array, b: Uint8Array, key: string, path: string[]): string | null {
  const xs = attrs(a)
  const ys = attrs(b)
  for (let i = 0; i < Math.max(xs.length, ys.length); i++) {
    const x = xs[i]
    const y = ys[i]
    if (!x || !y) return `${[...path, `attribute #${i + 1}`].join(' > ')}: ${x ? 'extra' : 'missing'}`
    const k = key ? `${key}.${y.type}` : String(y.type)
    const known = NESTS[k]
    const here = [...path, known?.name ?? `type ${y.type}`]
    if (x.type !== y.type) return `${here.join(' > ')}: attribute type ${x.type} where iproute2 has ${y.type}`
    if (same(x.payload, y.payload)) continue
    if (known?.nested) {
      const skip = known.skip ?? 0
      if (!same(x.payload.subarray(0, skip), y.payload.subarray(0, skip))) return `${here.join(' > ')}: header ${hex(x.payload.subarray(0, skip))} vs ${hex(y.payload.subarray(0, skip))}`
      const inner = diffAttrs(x.payload.subarray(skip), y.payload.subarray(skip), k, here)
      if (inner) return inner
    }
    return `${here.join(' > ')}: ${x.payload.length}-byte payload ${hex(x.payload)} where iproute2 sends ${y.payload.length} bytes ${hex(y.payload)}`
  }
  return null
}

export function describeDifference(ours: Uint8Array, reference: Uint8Array): string {
  const a = Uint8Array.from(ours)
  const b = Uint8Array.from(reference)
  for (const x of [a, b]) x.fill(0, 8, Math.min(16, x.length))
  if (same(a, b)) return `same ${a.length} bytes as iproute2`
  const where =
    !same(a.subarray(4, 8), b.subarray(4, 8)) ? `nlmsg_type/flags ${hex(a.subarray(4, 8))} vs ${hex(b.subarray(4, 8))}`
    : !same(a.subarray(16, 32), b.subarray(16, 32)) ? `ifinfomsg ${hex(a.subarray(16, 32))} vs ${hex(b.subarray(16, 32))}`
    : (diffAttrs(a.subarray(32), b.subarray(32), '', []) ?? 'padding')
  return `differs from iproute2 (${a.length} vs ${b.length} bytes): ${where}`
}

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}
