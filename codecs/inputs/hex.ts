// Hex text in the forms people paste: spaces and newlines, `0x` and `\x` prefixes,
// colon-separated bytes (pyroute2), `#` comments (our fixtures), hexdump offsets are NOT
// accepted here (use the strace reader for those).
export function parseHexText(text: string): Uint8Array {
  const bytes: number[] = []
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.replace(/#.*/, '')
    const clean = line.replace(/\\x|0x/gi, ' ').replace(/[:,;]/g, ' ')
    for (const tok of clean.split(/\s+/)) {
      if (tok === '') continue
      if (!/^[0-9a-fA-F]+$/.test(tok) || tok.length % 2 !== 0) {
        throw new Error(`hex: line ${i + 1}: '${tok}' is not whole bytes of hex`)
      }
      for (let j = 0; j < tok.length; j += 2) bytes.push(parseInt(tok.slice(j, j + 2), 16))
    }
  }
  return Uint8Array.from(bytes)
}

/** Does this text look like hex (allowing comments and separators)? */
export function looksLikeHex(text: string): boolean {
  const body = text.replace(/#.*/g, '').replace(/\\x|0x/gi, '').replace(/[\s:,;]/g, '')
  return body.length > 0 && body.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(body)
}

/** A "## request 3: RTM_NEWLINK" line of a golden fixture (fixtures/README.md) opens a section. */
const SECTION_LINE = /^\s*##\s+(request|reply|event)\s+(\d+):\s?(.*)$/

/** Is this the commented hex of a golden fixture (sections opened by "## kind n: label" lines)? */
export function looksLikeFixture(text: string): boolean {
  return text.startsWith('# nlwire golden fixture') || text.split('\n').some((l) => SECTION_LINE.test(l))
}

export interface HexSection {
  /** "request 1: RTM_NEWLINK" */
  label: string
  bytes: Uint8Array
}

/**
 * The sections of a golden fixture, each its own datagram (a sendmsg, a recvmsg buffer, a
 * notification): hex as parseHexText reads it, split at the "##" lines. No sections: [].
 */
export function parseHexSections(text: string): HexSection[] {
  const out: HexSection[] = []
  let label: string | undefined
  let body: string[] = []
  const flush = (): void => {
    if (label !== undefined) out.push({ label, bytes: parseHexText(body.join('\n')) })
  }
  for (const line of text.split('\n')) {
    const m = SECTION_LINE.exec(line)
    if (m) {
      flush()
      label = `${m[1]} ${m[2]}: ${m[3]!.trim()}`
      body = []
    } else if (label !== undefined) body.push(line)
    else if (line.replace(/#.*/, '').trim() !== '') throw new Error(`hex: data before the first "## kind n:" section: '${line.trim()}'`)
  }
  flush()
  return out
}

/**
 * Zero bytes after the last whole message, where the next nlmsg_len would be: iproute2's dump
 * requests send their whole request buffer, and the kernel stops reading at nlmsg_len 0. Returns
 * where the messages end and how many zero bytes follow (0 when there is no such tail).
 */
export function zeroTail(bytes: Uint8Array): { end: number; tail: number } {
  let o = 0
  while (bytes.length - o >= 16) {
    const len = (bytes[o]! | (bytes[o + 1]! << 8) | (bytes[o + 2]! << 16) | (bytes[o + 3]! << 24)) >>> 0
    if (len === 0) break
    if (len < 16 || o + len > bytes.length) return { end: bytes.length, tail: 0 }
    o += (len + 3) & ~3
  }
  if (o === 0 || o >= bytes.length) return { end: bytes.length, tail: 0 }
  for (let i = o; i < bytes.length; i++) if (bytes[i] !== 0) return { end: bytes.length, tail: 0 }
  return { end: o, tail: bytes.length - o }
}
