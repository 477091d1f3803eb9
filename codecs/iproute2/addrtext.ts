// Addresses as iproute2 prints them: glibc's inet_ntop (which keeps IPv4-compatible ::a.b.c.d
// dotted, unlike RFC 5952), ll_addr_n2a (tunnel types print their IP), ether_ntoa (no zero
// padding, for bridge ids). The decoded messages carry text; these turn it back into bytes where
// the printed form differs.
import { parseIPv4, parseIPv6, parseLladdr } from '../core/addresses.js'

const ARPHRD_TUNNEL = 768
const ARPHRD_TUNNEL6 = 769
const ARPHRD_SIT = 776
const ARPHRD_IPGRE = 778
const ARPHRD_IP6GRE = 823

function ntop4(b: Uint8Array, o: number): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`
}

/** glibc inet_ntop(AF_INET6): longest zero run (≥ 2 words, first on ties) as '::'; ::a.b.c.d and ::ffff:a.b.c.d dotted. */
export function ntop6(b: Uint8Array, o = 0): string {
  const w: number[] = []
  for (let i = 0; i < 8; i++) w.push((b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!)
  let bestBase = -1
  let bestLen = 0
  let curBase = -1
  let curLen = 0
  for (let i = 0; i < 8; i++) {
    if (w[i] === 0) {
      if (curBase === -1) {
        curBase = i
        curLen = 1
      } else curLen++
    } else if (curBase !== -1) {
      if (bestBase === -1 || curLen > bestLen) {
        bestBase = curBase
        bestLen = curLen
      }
      curBase = -1
    }
  }
  if (curBase !== -1 && (bestBase === -1 || curLen > bestLen)) {
    bestBase = curBase
    bestLen = curLen
  }
  if (bestBase !== -1 && bestLen < 2) bestBase = -1
  let s = ''
  for (let i = 0; i < 8; i++) {
    if (bestBase !== -1 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':'
      continue
    }
    if (i !== 0) s += ':'
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w[5] === 0xffff))) {
      s += ntop4(b, o + 12)
      return s
    }
    s += w[i]!.toString(16)
  }
  if (bestBase !== -1 && bestBase + bestLen === 8) s += ':'
  return s
}

/** An address the codecs decoded to text, as inet_ntop prints it. */
export function ipText(text: string): string {
  if (!text.includes(':')) return text
  const b = parseIPv6(text)
  return b === null ? text : ntop6(b)
}

/** ll_addr_n2a: colon-separated hex, or the IP address of a tunnel's 4/16-byte link address. */
export function llAddrText(mac: string, type: number): string {
  const b = parseLladdr(mac)
  if (b === null) return mac
  if (b.length === 4 && (type === ARPHRD_TUNNEL || type === ARPHRD_SIT || type === ARPHRD_IPGRE)) return ntop4(b, 0)
  if (b.length === 16 && (type === ARPHRD_TUNNEL6 || type === ARPHRD_IP6GRE)) return ntop6(b, 0)
  // An empty address prints its (absent) first byte in C; there is nothing sensible to copy.
  return mac
}

/** ether_ntoa: '0:2:aa:b:c:d' (no zero padding). */
export function etherNtoa(mac: string): string {
  const b = parseLladdr(mac)
  if (b === null) return mac
  return Array.from(b, (x) => x.toString(16)).join(':')
}

/** Is this IPv4 text a multicast address (224.0.0.0/4)? */
export function isIPv4Multicast(text: string): boolean {
  const b = parseIPv4(text)
  return b !== null && (b[0]! & 0xf0) === 0xe0
}

export function isIPv4Zero(text: string): boolean {
  return text === '0.0.0.0'
}

export function isIPv6Unspecified(text: string): boolean {
  const b = parseIPv6(text)
  return b !== null && b.every((x) => x === 0)
}

export function isIPv6Multicast(text: string): boolean {
  const b = parseIPv6(text)
  return b !== null && b[0] === 0xff
}
