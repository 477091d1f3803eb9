// `nlwire decode`: every byte of netlink input named — from hex text, strace output, an rtmon
// file or a pcap/pcapng capture of an nlmon device — read as a stream: the format is told from
// the first 64 KiB, and each message is printed as soon as its bytes are in, so any input size
// works in the memory of one message (one datagram for the formats that come in datagrams).
import { renderAnnotation, type TraceNode } from '../../codecs/annotate.js'
import { toHex } from '../../codecs/core/bytes.js'
import { jsonValue, nodeJson } from '../../codecs/annotate-json.js'
import { HexReader, looksLikeFixture, looksLikeHex } from '../../codecs/inputs/hex.js'
import { PcapReader, isPcap } from '../../codecs/inputs/pcap.js'
import { looksLikeNetlink } from '../../codecs/inputs/rtmon.js'
import { SocketTracker, StraceReader, carriesRtnetlink, dataChunk, looksLikeStrace, socketKind } from '../../codecs/inputs/strace.js'
import { MessageStream, type StreamPart, type StreamSummary } from '../../codecs/inputs/stream.js'

export type InputFormat = 'auto' | 'hex' | 'strace' | 'rtmon' | 'pcap'

/** The input is not what its format says (or no format fits): exit status 1. */
export class InputError extends Error {
  override name = 'InputError'
}

/** How much of the input the format is told from. */
export const DETECT_BYTES = 65536

/** The format of an input from its first bytes (up to DETECT_BYTES are looked at). */
export function detectFormat(head: Uint8Array): Exclude<InputFormat, 'auto'> {
  if (isPcap(head)) return 'pcap'
  const text = new TextDecoder('utf-8', { fatal: false }).decode(head.subarray(0, DETECT_BYTES))
  // Hex digits with an odd count are still hex: a byte cut in half (at the 64 KiB boundary, or
  // at the end of the input), which the hex reader reports with its line if it is real.
  if (looksLikeStrace(text)) return 'strace'
  if (looksLikeFixture(text) || looksLikeHex(text, { partial: true })) return 'hex'
  if (looksLikeNetlink(head)) return 'rtmon'
  throw new InputError('cannot tell the input format: not hex text, strace output, an rtmon file or a pcap; pass --format')
}

/**
 * What the readers hand out, for a renderer (text, JSON ...). A chunk is one buffer decoded on
 * its own — a datagram, a syscall's data, a packet, a fixture section, or the whole input for
 * plain hex and rtmon files; `single` sources have only one, and it streams.
 */
export interface DecodeSink {
  begin(label: string, length: number | undefined): void
  part(p: StreamPart): void
  end(summary: StreamSummary): void
  /** The input ended (or failed: `inputError`); print what is held back. */
  finish(inputError?: string): void
}

export interface DecodeOptions {
  format: InputFormat
  json: boolean
  hex: boolean
}

export interface DecodeOutcome {
  /** Chunks decoded. */
  chunks: number
  /** How many of them had a decode error (the input is malformed when any did), and the first one's message (for the one line on stderr). */
  malformedChunks: number
  firstError?: string
  /** A golden fixture with no sections (a command that sent no netlink message). */
  emptyFixture: boolean
  inputError?: string
  /** strace input: datagrams not decoded because their socket is not NETLINK_ROUTE, by socket kind. */
  skipped: Record<string, number>
}

/** Decode `source` into `out`. Errors of the input itself are reported in the outcome. */
export async function decodeStream(source: AsyncIterable<Uint8Array>, opts: DecodeOptions, out: (s: string) => void): Promise<DecodeOutcome> {
  const it = source[Symbol.asyncIterator]()
  // The first 64 KiB (or all of a shorter input) tell the format.
  const head: Uint8Array[] = []
  let headLen = 0
  let done = false
  while (headLen <= DETECT_BYTES) {
    const r = await it.next()
    if (r.done) {
      done = true
      break
    }
    head.push(r.value)
    headLen += r.value.length
  }
  const first = concat(head)
  const outcome: DecodeOutcome = { chunks: 0, malformedChunks: 0, emptyFixture: false, skipped: {} }
  if (first.length === 0) {
    outcome.inputError = 'the input is empty'
    return outcome
  }
  let format: Exclude<InputFormat, 'auto'>
  try {
    format = opts.format === 'auto' ? detectFormat(first) : opts.format
  } catch (e) {
    if (!(e instanceof InputError)) throw e
    outcome.inputError = e.message
    return outcome
  }
  const fixture = format === 'hex' && looksLikeFixture(new TextDecoder('utf-8', { fatal: false }).decode(first.subarray(0, DETECT_BYTES)))
  const single = (format === 'hex' && !fixture) || format === 'rtmon'
  const sink = opts.json ? new JsonSink(single) : new TextSink(single, opts.hex)
  sink.output = out

  const malformed = (e: { message: string }): void => {
    outcome.malformedChunks++
    outcome.firstError ??= e.message
  }
  const chunk = (label: string, bytes: Uint8Array): void => {
    outcome.chunks++
    sink.begin(label, bytes.length)
    const ms = new MessageStream((p) => sink.part(p))
    ms.push(bytes)
    const s = ms.end()
    if (s.error) malformed(s.error)
    sink.end(s)
  }
  let stream: MessageStream | undefined
  const startStream = (label: string): MessageStream => {
    outcome.chunks++
    sink.begin(label, undefined)
    return new MessageStream((p) => sink.part(p))
  }

  let feed: (b: Uint8Array) => void
  let close: () => void
  const decoder = new TextDecoder('utf-8', { fatal: false })
  switch (format) {
    case 'hex': {
      if (fixture) {
        let section: { label: string; parts: Uint8Array[] } | undefined
        const flushSection = (): void => {
          if (section) chunk(section.label, concat(section.parts))
          section = undefined
        }
        const r = new HexReader({ bytes: (b) => section?.parts.push(b), section: (label) => (flushSection(), (section = { label, parts: [] })) }, { sections: true })
        feed = (b) => r.push(decoder.decode(b, { stream: true }))
        close = () => {
          r.push(decoder.decode())
          r.end()
          flushSection()
          if (outcome.chunks === 0) outcome.emptyFixture = true
        }
      } else {
        const ms = (stream = startStream('hex input'))
        const r = new HexReader({ bytes: (b) => ms.push(b) })
        feed = (b) => r.push(decoder.decode(b, { stream: true }))
        close = () => {
          r.push(decoder.decode())
          r.end()
        }
      }
      break
    }
    case 'rtmon': {
      const ms = (stream = startStream('rtmon file'))
      feed = (b) => ms.push(b)
      close = () => {}
      break
    }
    case 'strace': {
      let n = 0
      const sockets = new SocketTracker()
      const r = new StraceReader((c) => {
        const socket = sockets.see(c)
        const d = dataChunk(c)
        if (d && socket && !carriesRtnetlink(socket)) {
          const kind = socketKind(socket)
          outcome.skipped[kind] = (outcome.skipped[kind] ?? 0) + 1
          return
        }
        if (d) chunk(`${d.syscall} #${++n} (${d.direction === 'out' ? 'user → kernel' : 'kernel → user'}${d.pid ? `, pid ${d.pid}` : ''})`, d.bytes)
      })
      let rest = ''
      feed = (b) => {
        const lines = (rest + decoder.decode(b, { stream: true })).split('\n')
        rest = lines.pop()!
        for (const l of lines) r.line(l)
      }
      close = () => {
        const lines = (rest + decoder.decode()).split('\n')
        for (const l of lines) r.line(l)
        r.end()
      }
      break
    }
    case 'pcap': {
      let n = 0
      const r = new PcapReader((p) =>
        chunk(`packet ${++n} (${p.direction === 'out' ? 'user → kernel' : 'kernel → user'}, ${new Date(p.time * 1000).toISOString()})`, p.data),
      )
      feed = (b) => r.push(b)
      close = () => r.end()
      break
    }
  }
  try {
    feed(first)
    while (!done) {
      const r = await it.next()
      if (r.done) break
      feed(r.value)
    }
    close()
  } catch (e) {
    if (e instanceof Error && !('code' in e && typeof (e as NodeJS.ErrnoException).syscall === 'string')) {
      // The input is not what its format says: what decoded is printed, then this.
      outcome.inputError = e.message
      sink.finish(e.message)
      return outcome
    }
    throw e
  }
  if (stream) {
    const s = stream.end()
    if (s.error) malformed(s.error)
    sink.end(s)
  }
  sink.finish()
  return outcome
}

function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0]!
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

/** Output in pieces of about this many characters (one write each). */
const WRITE_SIZE = 1 << 16

abstract class Sink implements DecodeSink {
  output: (s: string) => void = () => {}
  private pending: string[] = []
  private pendingLen = 0
  /** Chunks begun; a source of several holds the first back until it knows there is a second. */
  protected count = 0
  protected held: string[] | null = null

  constructor(protected readonly single: boolean) {}

  protected write(s: string): void {
    if (this.held) {
      this.held.push(s)
      return
    }
    this.pending.push(s)
    this.pendingLen += s.length
    if (this.pendingLen >= WRITE_SIZE) this.flush()
  }

  /** Write what was held back, after `header`. */
  protected release(header: string): void {
    const held = this.held ?? []
    this.held = null
    if (header !== '') this.write(header)
    for (const s of held) this.write(s)
  }

  protected flush(): void {
    if (this.pending.length === 0) return
    this.output(this.pending.join(''))
    this.pending = []
    this.pendingLen = 0
  }

  abstract begin(label: string, length: number | undefined): void
  abstract part(p: StreamPart): void
  abstract end(summary: StreamSummary): void
  abstract finish(inputError?: string): void
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0')
}

/** One line per field: a header line per chunk when there are several. */
class TextSink extends Sink {
  private parts = 0
  private firstHeader = ''

  constructor(
    single: boolean,
    private readonly hex: boolean,
  ) {
    super(single)
  }

  begin(label: string, length: number | undefined): void {
    this.count++
    this.parts = 0
    if (this.single) return
    const header = `# ${label}, ${length} bytes\n`
    if (this.count === 1) {
      this.firstHeader = header
      this.held = []
      return
    }
    if (this.held) this.release(this.firstHeader)
    this.write(header)
  }

  part(p: StreamPart): void {
    this.parts++
    this.write(renderAnnotation(p.annotation, p.bytes, { hex: this.hex, base: p.base }) + '\n')
  }

  end(s: StreamSummary): void {
    if (this.parts === 0) this.write('\n')
    if (s.zeroTail > 0) this.write(`${hex4(s.end)}  ${hex4(s.zeroTail)}  zero tail (${s.zeroTail} bytes after the last message: the kernel stops at nlmsg_len 0)\n`)
  }

  finish(): void {
    if (this.held) this.release('')
    this.flush()
  }
}

/** The same structure as JSON: one object per chunk (an array of them when there are several). */
class JsonSink extends Sink {
  private messages = 0
  private open = false
  private obj: { source: string; length: number | undefined; messages: unknown[] } | null = null
  private firstJson: string | null = null

  begin(label: string, length: number | undefined): void {
    this.count++
    this.messages = 0
    if (this.single) {
      this.write(`{\n  "source": ${JSON.stringify(label)},\n  "messages": [`)
      this.open = true
      return
    }
    this.obj = { source: label, length, messages: [] }
  }

  part(p: StreamPart): void {
    for (const n of p.annotation.nodes) {
      if (!this.single) {
        this.obj!.messages.push(nodeJson(n, p.base))
        continue
      }
      const j = JSON.stringify(nodeJson(n, p.base), null, 2).replace(/\n/g, '\n    ')
      this.write(`${this.messages++ === 0 ? '\n' : ',\n'}    ${j}`)
    }
  }

  end(s: StreamSummary): void {
    const rest = { ...(s.zeroTail ? { zeroTail: s.zeroTail } : {}), ...(s.error ? { error: errorJson(s.error) } : {}) }
    if (this.single) return this.close({ length: s.length, ...rest })
    const j = JSON.stringify({ ...this.obj!, ...rest }, null, 2)
    if (this.count === 1) {
      this.firstJson = j
      return
    }
    if (this.firstJson !== null) this.write(`[\n  ${this.firstJson.replace(/\n/g, '\n  ')}`)
    this.firstJson = null
    this.write(`,\n  ${j.replace(/\n/g, '\n  ')}`)
  }

  /** End the streamed object with these keys after "messages". */
  private close(rest: Record<string, unknown>): void {
    this.write(this.messages > 0 ? '\n  ],' : '],')
    this.write(JSON.stringify(rest, null, 2).slice(1, -2) + '\n}\n')
    this.open = false
  }

  finish(inputError?: string): void {
    if (this.single && this.open) this.close({ inputError: inputError ?? 'the input ended early' })
    else if (this.firstJson !== null) this.write(this.firstJson + '\n')
    else if (this.count > 1) this.write('\n]\n')
    this.flush()
  }
}

function errorJson(e: { message: string; reason: string; path: readonly string[]; offset: number }): unknown {
  return { message: e.message, reason: e.reason, path: e.path, offset: e.offset }
}

export { jsonValue }

/** Decode whole buffers at once (tests, and callers that have the bytes): the text or JSON `nlwire decode` prints. */
export async function decodeBytes(raw: Uint8Array, opts: DecodeOptions): Promise<{ text: string; outcome: DecodeOutcome }> {
  let text = ''
  const outcome = await decodeStream(
    (async function* () {
      yield raw
    })(),
    opts,
    (s) => (text += s),
  )
  return { text, outcome }
}

