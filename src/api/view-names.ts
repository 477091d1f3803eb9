// What every view shares: address family words, and kernel numbers as the words people read
// (bit names with their prefix stripped, scopes, protocols).
import { RT_SCOPE_NAMES } from '../../codecs/addr.js'
import { AF_INET, AF_INET6 } from '../../codecs/address-families.js'
import { RTPROT_NAMES } from '../../codecs/route.js'

export type Family = 'inet' | 'inet6'

export const FAMILY_NUMBER: Readonly<Record<Family, number>> = { inet: AF_INET, inet6: AF_INET6 }

export function familyName(f: number): Family {
  return f === AF_INET6 ? 'inet6' : 'inet'
}

/** A name table compiled once: its bits in ascending order, each name with the prefix stripped. */
interface BitTable {
  bits: number[]
  names: string[]
}

const compiled = new Map<Readonly<Record<number, string>>, Map<string, BitTable>>()

function bitTable(table: Readonly<Record<number, string>>, prefix: string, lower: boolean): BitTable {
  let byPrefix = compiled.get(table)
  if (byPrefix === undefined) compiled.set(table, (byPrefix = new Map()))
  const key = lower ? `${prefix}\0lower` : prefix
  let t = byPrefix.get(key)
  if (t === undefined) {
    t = { bits: [], names: [] }
    // Object.entries is slow on these sparse integer-keyed tables: walk it once, not per view.
    for (const [k, v] of Object.entries(table)) {
      const bit = Number(k)
      if (bit === 0) continue
      const name = v.startsWith(prefix) ? v.slice(prefix.length) : v
      t.bits.push(bit)
      t.names.push(lower ? name.toLowerCase() : name)
    }
    byPrefix.set(key, t)
  }
  return t
}

/** Names of the bits set in `bits`, kernel prefix stripped: 0x1003 → ['UP', 'BROADCAST', 'MULTICAST']. */
export function names(bits: number, table: Readonly<Record<number, string>>, prefix = '', lower = false): string[] {
  const t = bitTable(table, prefix, lower)
  const out: string[] = []
  for (let i = 0; i < t.bits.length; i++) {
    const bit = t.bits[i]!
    if ((bits & bit) === bit) out.push(t.names[i]!)
  }
  return out
}

export function scopeName(s: number): string {
  const n = RT_SCOPE_NAMES[s]
  return n !== undefined ? n.replace(/^RT_SCOPE_/, '').toLowerCase().replace('universe', 'global') : String(s)
}

export function protocolName(p: number): string {
  return (RTPROT_NAMES[p] ?? String(p)).replace(/^RTPROT_/, '').toLowerCase()
}

/** An RTPROT_* number from a number or the name protocolName gives it ('static' → 4); undefined: unknown. */
export function protocolNumber(p: number | string): number | undefined {
  if (typeof p === 'number') return p
  for (const [k, v] of Object.entries(RTPROT_NAMES)) if (v.replace(/^RTPROT_/, '').toLowerCase() === p) return Number(k)
  return /^\d+$/.test(p) ? Number(p) : undefined
}
