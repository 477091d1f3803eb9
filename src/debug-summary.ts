// What a trace line says about a message (the text after '|' of DEBUG=nlwire:* lines): a short
// summary of its body by default; debug-format.ts installs the ip-monitor formatter's when
// tracing is on.
import type { Message } from '../codecs/core/nlmsg.js'
import { NLMSG_DONE, NLMSG_ERROR } from '../codecs/core/nlmsg.js'
import type { DoneBody, ErrorBody } from '../codecs/core/nlmsgerr.js'
import { describeNlmsgFlags } from '../codecs/flags.js'
import { errnoLabel } from './errno.js'
import { messageName as messageTypeName } from '../codecs/core/nlmsg.js'

/** The text after '|': a short description of the message's body. */
export type MessageSummary = (msg: Message) => string | undefined

let summary: MessageSummary = defaultSummary

export function setMessageSummary(fn: MessageSummary): void {
  summary = fn
}

/** One trace line for a message ('→' sent, '←' received). */
export function describeMessage(direction: '→' | '←', msg: Message, len: number): string {
  const s = summary(msg)
  return (
    `${direction} ${messageTypeName(msg.type)} flags=${describeNlmsgFlags(msg.flags, msg.type)} ` +
    `seq=${msg.seq} pid=${msg.pid} len=${len}${s ? ` | ${s}` : ''}`
  )
}

const MAX_FIELDS = 6

export function defaultSummary(msg: Message): string | undefined {
  const body = msg.body
  if (msg.type === NLMSG_ERROR) {
    const e = body as ErrorBody
    const what = `${messageTypeName(e.request.type)} seq ${e.request.seq}`
    const ext = `${e.msg ? `: "${e.msg}"` : ''}${e.offs !== undefined ? ` at offset ${e.offs}` : ''}`
    return e.error === 0 ? `ack for ${what}` : `${errnoLabel(e.error)} for ${what}${ext}`
  }
  if (msg.type === NLMSG_DONE) {
    const d = body as DoneBody
    return d.error === 0 ? 'end of dump' : `dump failed: ${errnoLabel(d.error)}${d.msg ? `: "${d.msg}"` : ''}`
  }
  if (body instanceof Uint8Array) return `${body.length} bytes (no codec)`
  if (body === null || typeof body !== 'object') return undefined
  const parts: string[] = []
  for (const [k, v] of Object.entries(body)) {
    if (parts.length >= MAX_FIELDS) {
      parts.push('…')
      break
    }
    if (typeof v === 'string') parts.push(`${k}=${JSON.stringify(v)}`)
    else if (typeof v === 'number' || typeof v === 'bigint' || typeof v === 'boolean') parts.push(`${k}=${v}`)
  }
  return parts.join(' ')
}
