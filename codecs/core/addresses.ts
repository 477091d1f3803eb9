// Addresses the way people write them: MAC '02:aa:bb:cc:dd:ee', IPv4 dotted quad, IPv6 in
// RFC 5952 canonical form (lower case, longest zero run as '::', IPv4-mapped as ::ffff:a.b.c.d).

const HEX2: string[] = []
for (let i = 0; i < 256; i++) HEX2.push(i.toString(16).padStart(2, '0'))

// Char codes of the hex digits 0-f.
const HEXC: number[] = []
for (let i = 0; i < 16; i++) HEXC.push(i.toString(16).charCodeAt(0))

/** Link-layer address of any length as colon-separated hex ('' for none). */
export function formatLladdr(b: Uint8Array, start = 0, end = b.length): string {
  if (end - start === 6) {
    // A MAC: the string made in one step from its 17 char codes.
    const h = HEXC
    const b0 = b[start]!
    const b1 = b[start + 1]!
    const b2 = b[start + 2]!
    const b3 = b[start + 3]!
    const b4 = b[start + 4]!
    const b5 = b[start + 5]!
    return String.fromCharCode(
      h[b0 >> 4]!, h[b0 & 15]!, 58, h[b1 >> 4]!, h[b1 & 15]!, 58, h[b2 >> 4]!, h[b2 & 15]!, 58,
      h[b3 >> 4]!, h[b3 & 15]!, 58, h[b4 >> 4]!, h[b4 & 15]!, 58, h[b5 >> 4]!, h[b5 & 15]!,
    )
  }
  let s = ''
  for (let i = start; i < end; i++) s += (i > start ? ':' : '') + HEX2[b[i]!]
  return s
}

/** Parse 'aa:bb:..' (or '-' separated). Returns null when not link-layer address text. */
export function parseLladdr(s: string): Uint8Array | null {
  if (s === '') return new Uint8Array(0)
  const parts = s.split(/[:-]/)
  const out = new Uint8Array(parts.length)
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i]!
    if (!/^[0-9a-fA-F]{1,2}$/.test(p)) return null
    out[i] = parseInt(p, 16)
  }
  return out
}

export function formatIPv4(b: Uint8Array, o = 0): string {
  return `${b[o]}.${b[o + 1]}.${b[o + 2]}.${b[o + 3]}`
}

export function parseIPv4(s: string): Uint8Array | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s)
  if (!m) return null
  const out = new Uint8Array(4)
  for (let i = 0; i < 4; i++) {
    const v = Number(m[i + 1])
    if (v > 255) return null
    out[i] = v
  }
  return out
}

// Scratch for formatIPv6: the eight 16-bit words (no allocation per call).
const WORDS = new Uint16Array(8)

/** RFC 5952 text of 16 bytes at b[o..o+16). */
export function formatIPv6(b: Uint8Array, o = 0): string {
  const w = WORDS
  let any = 0
  for (let i = 0; i < 8; i++) any |= w[i] = (b[o + 2 * i]! << 8) | b[o + 2 * i + 1]!
  if (any === 0) return '::'
  // IPv4-mapped (::ffff:a.b.c.d), the one embedded form RFC 5952 keeps dotted.
  if (w[0] === 0 && w[1] === 0 && w[2] === 0 && w[3] === 0 && w[4] === 0 && w[5] === 0xffff) {
    return '::ffff:' + formatIPv4(b, o + 12)
  }
  // Longest run of zero words (length >= 2), first one on ties.
  let bestStart = -1
  let bestLen = 0
  for (let i = 0; i < 8; ) {
    if (w[i] !== 0) {
      i++
      continue
    }
    let j = i
    while (j < 8 && w[j] === 0) j++
    if (j - i > bestLen && j - i >= 2) {
      bestStart = i
      bestLen = j - i
    }
    i = j
  }
  let s = ''
  for (let i = 0; i < 8; i++) {
    if (i === bestStart) {
      s += '::'
      i += bestLen - 1
      continue
    }
    if (s !== '' && !s.endsWith(':')) s += ':'
    s += w[i]!.toString(16)
  }
  return s
}

export function parseIPv6(s: string): Uint8Array | null {
  let text = s
  const out = new Uint8Array(16)
  // Trailing dotted quad.
  let tail: Uint8Array | null = null
  const lastColon = text.lastIndexOf(':')
  if (text.indexOf('.', lastColon) !== -1) {
    tail = parseIPv4(text.slice(lastColon + 1))
    if (tail === null) return null
    text = text.slice(0, lastColon + 1) + '0:0'
  }
  const halves = text.split('::')
  if (halves.length > 2) return null
  const parse = (part: string): number[] | null => {
    if (part === '') return []
    const ws = part.split(':')
    const r: number[] = []
    for (const x of ws) {
      if (!/^[0-9a-fA-F]{1,4}$/.test(x)) return null
      r.push(parseInt(x, 16))
    }
    return r
  }
  const head = parse(halves[0]!)
  const rest = halves.length === 2 ? parse(halves[1]!) : []
  if (head === null || rest === null) return null
  if (halves.length === 1 && head.length !== 8) return null
  if (halves.length === 2 && head.length + rest.length > 7) return null
  const words = [...head, ...new Array<number>(8 - head.length - rest.length).fill(0), ...rest]
  for (let i = 0; i < 8; i++) {
    out[2 * i] = words[i]! >> 8
    out[2 * i + 1] = words[i]! & 0xff
  }
  if (tail) out.set(tail, 12)
  return out
}

/** IPv4 or IPv6 text by length; other lengths as null. */
export function formatIP(b: Uint8Array, start: number, end: number): string | null {
  if (end - start === 4) return formatIPv4(b, start)
  if (end - start === 16) return formatIPv6(b, start)
  return null
}

/** IPv4 or IPv6 text to bytes (IPv6 if it contains ':'). */
export function parseIP(s: string): Uint8Array | null {
  return s.includes(':') ? parseIPv6(s) : parseIPv4(s)
}
