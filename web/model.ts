// From input bytes to what the page shows: the input's datagrams (a strace syscall, a pcap
// packet, a fixture section, pasted hex), each decoded by the codecs with a tracer attached
// (codecs/annotate.ts, the same tree `nlwire decode` prints), split into messages, with requests
// paired to their answers by sequence number. Pure: no DOM, no Node.
import { type Annotation, type TraceNode, annotate } from '../codecs/annotate.js'
import { NLMSG_DONE, NLMSG_ERROR, NLM_F_REQUEST, messageName } from '../codecs/core/nlmsg.js'
import { errnoName } from '../codecs/core/errno.js'
import { looksLikeFixture, looksLikeHex, parseHexSections, parseHexText, zeroTail } from '../codecs/inputs/hex.js'
import { isPcap, readPcap } from '../codecs/inputs/pcap.js'
import { looksLikeNetlink } from '../codecs/inputs/rtmon.js'
import { carriesRtnetlink, looksLikeStrace, parseStraceText, socketKind } from '../codecs/inputs/strace.js'

export type Format = 'auto' | 'hex' | 'strace' | 'rtmon' | 'pcap'
export type Direction = 'out' | 'in' | 'unknown'

/** One buffer of the input, as it was sent or received. */
export interface Chunk {
  label: string
  direction: Direction
  bytes: Uint8Array
  annotation: Annotation
  /** Zero bytes after the last message (iproute2's dump requests send their whole buffer). */
  zeroTail: number
}

export interface Msg {
  /** 1-based, over the whole input. */
  n: number
  chunk: Chunk
  /** The message's node in the chunk's tree; null for bytes that did not decode as a message. */
  node: TraceNode | null
  /** Absolute in chunk.bytes. */
  start: number
  end: number
  type: number
  flags: number
  seq: number
  pid: number
  direction: Direction
  /** The decode error inside this message's bytes, if any (absolute offset). */
  error?: { offset: number; message: string; path: readonly string[] }
  /** Requests: the messages answering it. Answers: the request they answer. */
  answers: Msg[]
  answerOf?: Msg
  /** NLMSG_ERROR: errno (0 for an ack). */
  errno?: number
  /** NLMSG_ERROR with NLMSGERR_ATTR_OFFS: the echoed request's offending node. */
  extack?: { node: TraceNode | null; offset: number; text: string }
}

export interface Model {
  format: Exclude<Format, 'auto'>
  chunks: Chunk[]
  messages: Msg[]
  /** strace input: datagrams left out because their socket is not NETLINK_ROUTE, by socket kind. */
  skipped: Record<string, number>
}

export class InputProblem extends Error {
  override name = 'InputProblem'
}

const text = (b: Uint8Array): string => new TextDecoder().decode(b)

export function detect(raw: Uint8Array): Exclude<Format, 'auto'> {
  if (isPcap(raw)) return 'pcap'
  const t = new TextDecoder('utf-8', { fatal: false }).decode(raw.subarray(0, 65536))
  if (looksLikeStrace(t)) return 'strace'
  if (looksLikeFixture(t) || looksLikeHex(t)) return 'hex'
  if (looksLikeNetlink(raw)) return 'rtmon'
  throw new InputProblem('cannot tell the input format: not hex text, strace output, an rtmon file or a pcap')
}

interface RawChunk {
  label: string
  direction: Direction
  bytes: Uint8Array
}

function fixtureDirection(label: string): Direction {
  return label.startsWith('request') ? 'out' : label.startsWith('reply') || label.startsWith('event') ? 'in' : 'unknown'
}

/** The datagrams of the input, by the same readers `nlwire decode` uses. */
export function chunksOf(raw: Uint8Array, format: Format): { format: Exclude<Format, 'auto'>; chunks: RawChunk[]; skipped?: Record<string, number> } {
  const f = format === 'auto' ? detect(raw) : format
  try {
    switch (f) {
      case 'hex':
        if (looksLikeFixture(text(raw))) return { format: f, chunks: parseHexSections(text(raw)).map((s) => ({ label: s.label, direction: fixtureDirection(s.label), bytes: s.bytes })) }
        return { format: f, chunks: [{ label: 'hex input', direction: 'unknown', bytes: parseHexText(text(raw)) }] }
      case 'strace': {
        const skipped: Record<string, number> = {}
        const chunks: RawChunk[] = []
        for (const [i, c] of parseStraceText(text(raw)).entries()) {
          if (c.socket && !carriesRtnetlink(c.socket)) {
            const kind = socketKind(c.socket)
            skipped[kind] = (skipped[kind] ?? 0) + 1
            continue
          }
          chunks.push({ label: `${c.syscall} #${i + 1}${c.pid ? ` (pid ${c.pid})` : ''}`, direction: c.direction, bytes: c.bytes })
        }
        return { format: f, chunks, skipped }
      }
      case 'rtmon':
        return { format: f, chunks: [{ label: 'rtmon file', direction: 'in', bytes: raw }] }
      case 'pcap':
        return {
          format: f,
          chunks: readPcap(raw).map((p, i) => ({ label: `packet ${i + 1} (${new Date(p.time * 1000).toISOString()})`, direction: p.direction, bytes: p.data })),
        }
    }
  } catch (e) {
    if (e instanceof InputProblem) throw e
    throw new InputProblem((e as Error).message)
  }
}

function leaf(nodes: readonly TraceNode[] | undefined, name: string): TraceNode | undefined {
  for (const n of nodes ?? []) {
    if (n.name === name) return n
    const c = leaf(n.children, name)
    if (c) return c
  }
  return undefined
}

/** The innermost attribute node starting exactly at `offset` (an extended ack's NLMSGERR_ATTR_OFFS). */
export function attributeAt(n: TraceNode, offset: number): TraceNode | null {
  for (const c of n.children ?? []) {
    if (offset >= c.offset && offset < c.offset + Math.max(c.length, 1)) {
      const inner = attributeAt(c, offset)
      if (inner) return inner
      if (c.offset === offset && c.attrType !== undefined) return c
    }
  }
  return null
}

function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0
}
function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8)
}

/** Decode everything; never throws for malformed netlink (errors are marked on the messages). */
export function buildModel(raw: Uint8Array, format: Format = 'auto'): Model {
  const { format: f, chunks: raws, skipped = {} } = chunksOf(raw, format)
  const chunks: Chunk[] = []
  const messages: Msg[] = []
  for (const r of raws) {
    const z = zeroTail(r.bytes)
    const annotation = annotate(r.bytes, 0, z.end)
    const chunk: Chunk = { ...r, annotation, zeroTail: z.tail }
    chunks.push(chunk)
    const err = annotation.error
    let covered = 0
    for (const node of annotation.nodes) {
      const start = node.offset
      const end = Math.min(z.end, start + Math.max(node.length, 16))
      const b = r.bytes
      const flags = u16(b, start + 6)
      const m: Msg = {
        n: messages.length + 1,
        chunk,
        node,
        start,
        end,
        type: u16(b, start + 4),
        flags,
        seq: u32(b, start + 8),
        pid: u32(b, start + 12),
        direction: r.direction !== 'unknown' ? r.direction : flags & NLM_F_REQUEST ? 'out' : 'in',
        answers: [],
      }
      if (err && err.offset >= start && err.offset < Math.max(end, start + 1)) m.error = { offset: err.offset, message: err.message, path: err.path }
      messages.push(m)
      covered = end
    }
    // Bytes after the last message node that hold the error (a truncated header): a pseudo message.
    if (err && err.offset >= covered && !messages.some((m) => m.chunk === chunk && m.error)) {
      messages.push({
        n: messages.length + 1,
        chunk,
        node: null,
        start: Math.min(covered, err.offset),
        end: Math.max(z.end, err.offset + 1),
        type: -1,
        flags: 0,
        seq: 0,
        pid: 0,
        direction: r.direction,
        error: { offset: err.offset, message: err.message, path: err.path },
        answers: [],
      })
    }
  }
  pair(messages)
  for (const m of messages) if (m.type === NLMSG_ERROR && m.node) markExtack(m)
  return { format: f, chunks, messages, skipped }
}

function pair(messages: Msg[]): void {
  const open = new Map<number, Msg>()
  for (const m of messages) {
    if (m.node === null) continue
    if (m.direction === 'out' && m.flags & NLM_F_REQUEST) {
      open.set(m.seq, m)
      continue
    }
    // Notifications carry seq 0; a request sent with seq 0 (iproute2's capability probe) still
    // gets its ack or error with seq 0.
    if (m.seq === 0 && m.type !== NLMSG_ERROR && m.type !== NLMSG_DONE) continue
    const req = open.get(m.seq)
    if (req === undefined) continue
    m.answerOf = req
    req.answers.push(m)
  }
}

function markExtack(m: Msg): void {
  const kids = m.node!.children ?? []
  const e = kids.find((k) => k.name === 'error')
  if (typeof e?.value === 'number') m.errno = e.value
  const req = kids.find((k) => k.name === 'request')
  const offs = leaf(kids, 'NLMSGERR_ATTR_OFFS')
  const msg = leaf(kids, 'NLMSGERR_ATTR_MSG')
  if (req === undefined || typeof offs?.value !== 'number') return
  const at = req.offset + offs.value
  const reqMsg = req.children?.[0]
  m.extack = {
    node: reqMsg ? attributeAt(reqMsg, at) : null,
    offset: at,
    text: typeof msg?.value === 'string' ? msg.value : 'offending attribute',
  }
}

/** "RTM_NEWLINK", "NLMSG_ERROR EPERM", "ack" ... for the list. */
export function summary(m: Msg): string {
  if (m.node === null) return 'undecodable bytes'
  if (m.type === NLMSG_ERROR) return m.errno === undefined ? 'NLMSG_ERROR' : m.errno === 0 ? 'NLMSG_ERROR (ack)' : `NLMSG_ERROR ${errnoName(m.errno)}`
  if (m.type === NLMSG_DONE) return 'NLMSG_DONE'
  return messageName(m.type)
}
