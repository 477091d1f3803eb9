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
