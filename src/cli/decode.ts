// `nlwire decode`: every byte of netlink input named — from hex text, strace output, an rtmon
// file or a pcap/pcapng capture of an nlmon device.
import { readFileSync } from 'node:fs'
import { annotate, renderAnnotation, type Annotation, type TraceNode } from '../../codecs/annotate.js'
import { parseHexSections, parseHexText, looksLikeFixture, looksLikeHex, zeroTail } from '../../codecs/inputs/hex.js'
import { isPcap, readPcap } from '../../codecs/inputs/pcap.js'
import { looksLikeNetlink } from '../../codecs/inputs/rtmon.js'
import { parseStraceText, looksLikeStrace } from '../../codecs/inputs/strace.js'
import { toHex } from '../../codecs/core/bytes.js'
import { NLA_F_NESTED, NLA_TYPE_MASK } from '../../codecs/core/attrs.js'

export type InputFormat = 'auto' | 'hex' | 'strace' | 'rtmon' | 'pcap'

/** One buffer to decode, with where it came from. */
export interface InputChunk {
  label: string
  bytes: Uint8Array
}

export class InputError extends Error {
  override name = 'InputError'
}

export function detectFormat(raw: Uint8Array): Exclude<InputFormat, 'auto'> {
  if (isPcap(raw)) return 'pcap'
  const text = new TextDecoder('utf-8', { fatal: false }).decode(raw.subarray(0, 65536))
  if (looksLikeStrace(text)) return 'strace'
  if (looksLikeFixture(text) || looksLikeHex(text)) return 'hex'
  if (looksLikeNetlink(raw)) return 'rtmon'
  throw new InputError('cannot tell the input format: not hex text, strace output, an rtmon file or a pcap; pass --format')
}

export function readInput(raw: Uint8Array, format: InputFormat): InputChunk[] {
  const f = format === 'auto' ? detectFormat(raw) : format
  const text = () => new TextDecoder().decode(raw)
  switch (f) {
    case 'hex':
      try {
        // A golden fixture: one chunk per section (each its own datagram).
        if (looksLikeFixture(text())) return parseHexSections(text())
        return [{ label: 'hex input', bytes: parseHexText(text()) }]
      } catch (e) {
        throw new InputError((e as Error).message)
      }
    case 'strace':
      return parseStraceText(text()).map((c, i) => ({
        label: `${c.syscall} #${i + 1} (${c.direction === 'out' ? 'user → kernel' : 'kernel → user'}${c.pid ? `, pid ${c.pid}` : ''})`,
        bytes: c.bytes,
      }))
    case 'rtmon':
      return [{ label: 'rtmon file', bytes: raw }]
    case 'pcap':
      try {
        return readPcap(raw).map((p, i) => ({
          label: `packet ${i + 1} (${p.direction === 'out' ? 'user → kernel' : 'kernel → user'}, ${new Date(p.time * 1000).toISOString()})`,
          bytes: p.data,
        }))
      } catch (e) {
        throw new InputError((e as Error).message)
      }
  }
}

export interface DecodeResult {
  text: string
  ok: boolean
}

export function decodeChunks(chunks: InputChunk[], opts: { json: boolean; hex: boolean }): DecodeResult {
  let ok = true
  const out: string[] = []
  const json: unknown[] = []
  for (const c of chunks) {
    // Zeros after the last message are the rest of a request buffer, not a message (see zeroTail).
    const z = zeroTail(c.bytes)
    const a: Annotation = annotate(c.bytes, 0, z.end)
    if (a.error) ok = false
    if (opts.json)
      json.push({
        source: c.label,
        length: c.bytes.length,
        messages: a.nodes.map(nodeJson),
        ...(z.tail ? { zeroTail: z.tail } : {}),
        error: a.error ? errorJson(a) : undefined,
      })
    else {
      if (chunks.length > 1) out.push(`# ${c.label}, ${c.bytes.length} bytes`)
      out.push(renderAnnotation(a, c.bytes, { hex: opts.hex }))
      if (z.tail) out.push(`${hex4(z.end)}  ${hex4(z.tail)}  zero tail (${z.tail} bytes after the last message: the kernel stops at nlmsg_len 0)`)
    }
  }
  return { text: opts.json ? JSON.stringify(json.length === 1 ? json[0] : json, null, 2) : out.join('\n'), ok }
}

function hex4(n: number): string {
  return n.toString(16).padStart(4, '0')
}

function errorJson(a: Annotation): unknown {
  const e = a.error!
  return { message: e.message, reason: e.reason, path: e.path, offset: e.offset }
}

function nodeJson(n: TraceNode): unknown {
  return {
    name: n.name,
    offset: n.offset,
    length: n.length,
    ...(n.attrType !== undefined ? { type: n.attrType & NLA_TYPE_MASK, nested: (n.attrType & NLA_F_NESTED) !== 0 } : {}),
    ...(n.value !== undefined && n.children === undefined ? { value: jsonValue(n.value) } : {}),
    ...(n.children ? { fields: n.children.map(nodeJson) } : {}),
  }
}

export function jsonValue(v: unknown): unknown {
  if (typeof v === 'bigint') return v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v.toString()
  if (v instanceof Uint8Array) return toHex(v)
  if (Array.isArray(v)) return v.map(jsonValue)
  if (v && typeof v === 'object') {
    const o: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) o[k] = jsonValue(x)
    return o
  }
  return v
}

export function readSource(file: string | undefined): Uint8Array {
  if (file === undefined || file === '-') return readFileSync(0)
  return readFileSync(file)
}
