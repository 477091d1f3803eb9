// Hex text in the forms people paste: spaces and newlines, `0x` and `\x` prefixes,
// colon-separated bytes (pyroute2), `#` comments (our fixtures), hexdump offsets are NOT
// accepted here (use the strace reader for those).
//
// HexReader reads the text piece by piece (any size, cut anywhere — between the two digits of a
// byte, inside a `0x`, inside a comment) and hands out bytes as soon as they are whole;
// parseHexText and parseHexSections are the whole-text forms of it.

/** Malformed hex text; `line` is 1-based. */
export class HexError extends Error {
  override name = 'HexError'
  constructor(
    readonly line: number,
    reason: string,
  ) {
    super(`hex: line ${line}: ${reason}`)
  }
}

export interface HexSink {
  bytes(b: Uint8Array): void
  /** A golden fixture's "## kind n: label" line (only with `sections`). */
  section?(label: string): void
}

/** A "## request 3: RTM_NEWLINK" line of a golden fixture (fixtures/README.md) opens a section. */
const SECTION_LINE = /^\s*##\s+(request|reply|event)\s+(\d+):\s?(.*)$/
/** A comment is kept (to test it for a section line) up to this many characters. */
const COMMENT_KEEP = 4096
/** A token is quoted in an error up to this many characters. */
const QUOTE_MAX = 40

const HEX_VALUE = new Int8Array(128).fill(-1)
for (let i = 0; i < 10; i++) HEX_VALUE[48 + i] = i
for (let i = 0; i < 6; i++) HEX_VALUE[65 + i] = HEX_VALUE[97 + i] = 10 + i

const enum C {
  NL = 10,
  HASH = 35,
  ZERO = 48,
  BACKSLASH = 92,
  X = 120,
  BIG_X = 88,
}

function isSeparator(c: number): boolean {
  // whitespace, ':' ',' ';'
  return c === 32 || (c >= 9 && c <= 13) || c === 58 || c === 44 || c === 59
}

export class HexReader {
  private line = 1
  /** Only whitespace so far on this line (a '#' here may open a section line). */
  private lineBlank = true
  private inComment = false
  private commentAtLineStart = false
  private comment = ''
  /** The current token: characters seen, whether one was not a hex digit, its first characters. */
  private tokLen = 0
  private tokBad = false
  private tokLine = 1
  private tokHead = ''
  private tokTail = ''
  /** The high nibble of a byte whose low digit has not come yet, or -1. */
  private hi = -1
  /** A '0' or '\' at the end of a piece: whether it starts a prefix depends on the next character. */
  private carry = ''
  private inSection = false
  private ended = false

  constructor(
    private readonly sink: HexSink,
    private readonly opts: { sections?: boolean } = {},
  ) {}

  push(piece: string): void {
    let text = this.carry + piece
    this.carry = ''
    const last = text.charCodeAt(text.length - 1)
    if (last === C.ZERO || last === C.BACKSLASH) {
      this.carry = text[text.length - 1]!
      text = text.slice(0, -1)
    }
    this.scan(text)
  }

  /** The text is complete: a byte cut in half, or a token left open, is an error now. */
  end(): void {
    if (this.ended) return
    this.ended = true
    const rest = this.carry
    this.carry = ''
    this.scan(rest)
    if (this.inComment) this.endComment()
    this.endToken(true)
  }

  private scan(text: string): void {
    const out = new Uint8Array((text.length >> 1) + 1)
    let n = 0
    let tokStart = this.tokLen > 0 ? 0 : -1
    const flush = (): void => {
      if (n > 0) {
        this.sink.bytes(out.slice(0, n))
        n = 0
      }
    }
    const len = text.length
    for (let i = 0; i < len; i++) {
      if (this.inComment) {
        const nl = text.indexOf('\n', i)
        const stop = nl < 0 ? len : nl
        if (this.commentAtLineStart && this.comment.length < COMMENT_KEEP) this.comment += text.slice(i, Math.min(stop, i + COMMENT_KEEP))
        if (nl < 0) break
        i = nl
        this.endComment()
        // Sections split the bytes: hand out what came before this line first.
        this.line++
        this.lineBlank = true
        continue
      }
      const c = text.charCodeAt(i)
      const v = c < 128 ? HEX_VALUE[c]! : -1
      if (v >= 0 && !(c === C.ZERO && i + 1 < len && (text.charCodeAt(i + 1) | 0x20) === C.X)) {
        if (this.tokLen === 0) {
          tokStart = i
          this.tokLine = this.line
          if (this.opts.sections && !this.inSection) {
            flush()
            throw new HexError(this.line, `data before the first "## kind n:" section: '${text.slice(i, i + QUOTE_MAX).split('\n')[0]}'`)
          }
        }
        this.tokLen++
        this.lineBlank = false
        if (this.hi < 0) this.hi = v
        else {
          out[n++] = (this.hi << 4) | v
          this.hi = -1
        }
        continue
      }
      if ((c === C.ZERO || c === C.BACKSLASH) && i + 1 < len && (text.charCodeAt(i + 1) | 0x20) === C.X) {
        // "0x" / "\x": a prefix, so a separator.
        if (this.endTokenAt(text, tokStart, i, out, n)) n = 0
        tokStart = -1
        this.lineBlank = false
        i++
        continue
      }
      if (isSeparator(c)) {
        if (this.endTokenAt(text, tokStart, i, out, n)) n = 0
        tokStart = -1
        if (c === C.NL) {
          this.line++
          this.lineBlank = true
        }
        continue
      }
      if (c === C.HASH) {
        if (this.endTokenAt(text, tokStart, i, out, n)) n = 0
        tokStart = -1
        this.inComment = true
        this.commentAtLineStart = this.lineBlank
        this.comment = ''
        if (this.opts.sections && this.lineBlank) flush()
        i-- // the comment loop takes it from the '#'
        continue
      }
      // Anything else makes the token bad; it is reported when the token ends.
      if (this.tokLen === 0) {
        tokStart = i
        this.tokLine = this.line
      }
      this.tokLen++
      this.tokBad = true
      this.lineBlank = false
    }
    // A token still open: remember how it looks, for an error later.
    if (this.tokLen > 0 && tokStart >= 0) this.remember(text.slice(tokStart))
    flush()
  }

  private remember(part: string): void {
    if (this.tokHead.length < QUOTE_MAX) this.tokHead += part.slice(0, QUOTE_MAX - this.tokHead.length)
    this.tokTail = (this.tokTail + part.slice(-12)).slice(-12)
  }

  /** End the token that began at `start` (in `text`, or before it when -1) and ends at `i`. Returns whether it flushed `out`. */
  private endTokenAt(text: string, start: number, i: number, out: Uint8Array, n: number): boolean {
    if (this.tokLen === 0) return false
    if (this.tokBad || this.hi >= 0) {
      if (n > 0) this.sink.bytes(out.slice(0, n))
      this.remember(text.slice(Math.max(0, start), i))
      this.endToken(false)
      return true
    }
    this.resetToken()
    return false
  }

  private endToken(atEnd: boolean): void {
    if (this.tokLen === 0) return
    if (this.tokBad || this.hi >= 0) {
      const quoted = this.tokLen <= QUOTE_MAX ? `'${this.tokHead}'` : `'${this.tokHead.slice(0, 24)}…${this.tokTail}' (${this.tokLen} characters)`
      const why = this.tokBad ? '' : atEnd ? ': the input ends in the middle of a byte' : ': an odd number of digits'
      throw new HexError(this.tokLine, `${quoted} is not whole bytes of hex${this.tokLen <= QUOTE_MAX && !atEnd ? '' : why}`)
    }
    this.resetToken()
  }

  private resetToken(): void {
    this.tokLen = 0
    this.tokBad = false
    this.tokHead = ''
    this.tokTail = ''
    this.hi = -1
  }

  private endComment(): void {
    this.inComment = false
    if (!this.opts.sections || !this.commentAtLineStart) return
    const m = SECTION_LINE.exec(this.comment.replace(/\r$/, ''))
    if (m) {
      this.inSection = true
      this.sink.section?.(`${m[1]} ${m[2]}: ${m[3]!.trim()}`)
    }
  }
}

/** All the bytes of a hex text. Throws HexError. */
export function parseHexText(text: string): Uint8Array {
  const parts: Uint8Array[] = []
  const r = new HexReader({ bytes: (b) => parts.push(b) })
  r.push(text)
  r.end()
  return join(parts)
}

function join(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/**
 * Does this text look like hex (allowing comments and separators)? `partial`: the text is the
 * start of a longer input, so it may stop anywhere — in the middle of a byte or of a `\x`.
 */
export function looksLikeHex(text: string, opts: { partial?: boolean } = {}): boolean {
  let t = text
  if (opts.partial) t = t.replace(/\\$/, '')
  const body = t.replace(/#.*/g, '').replace(/\\x|0x/gi, '').replace(/[\s:,;]/g, '')
  return body.length > 0 && (opts.partial || body.length % 2 === 0) && /^[0-9a-fA-F]+$/.test(body)
}

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
  const out: { label: string; parts: Uint8Array[] }[] = []
  const r = new HexReader({ bytes: (b) => out[out.length - 1]!.parts.push(b), section: (label) => out.push({ label, parts: [] }) }, { sections: true })
  r.push(text)
  r.end()
  return out.map((s) => ({ label: s.label, bytes: join(s.parts) }))
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
