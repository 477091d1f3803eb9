// Every rtnetlink message this library knows, dispatched on nlmsg_type: decode(bytes) gives every
// message in a buffer, encode(message | message[]) writes them back, and encode(decode(b)) === b.
import { bodyFor } from './core/bodies.js'
import { Decoder } from './core/decoder.js'
import { type Message, type RawMessage, NLMSG_DONE, NLMSG_ERROR, decodeFrames, encodeFrame } from './core/nlmsg.js'
import type { DoneBody, ErrorBody } from './core/nlmsgerr.js'
import { measure, withWriter } from './core/writer.js'
import type { Writer } from './core/writer.js'

// decode() and encode() know every family: the registrations are families.ts's, made when it
// loads (FAMILIES is what it registered).
export { FAMILIES } from './families.js'
export { bodyFor, registerFamily } from './core/bodies.js'

export type ErrorMessage = Message<ErrorBody> & { type: typeof NLMSG_ERROR }
export type DoneMessage = Message<DoneBody> & { type: typeof NLMSG_DONE }
export type { RawMessage }

/** Every message in `bytes` (a recv buffer, a capture): NetlinkDecodeError if any is malformed. */
export function decode(bytes: Uint8Array, start = 0, end = bytes.length): Message[] {
  return decodeFrames(new Decoder(bytes), start, end, bodyFor)
}

function writeAll(w: Writer, msgs: Message | readonly Message[]): void {
  const list = Array.isArray(msgs) ? (msgs as readonly Message[]) : [msgs as Message]
  for (let i = 0; i < list.length; i++) {
    if (i > 0) w.pad()
    encodeFrame(w, list[i]!, bodyFor)
  }
}

/** One buffer holding the messages back to back (each aligned to 4 bytes), as sendmsg takes them. */
export function encode(msgs: Message | readonly Message[]): Uint8Array {
  return withWriter((w) => writeAll(w, msgs))
}

export function encodingLength(msgs: Message | readonly Message[]): number {
  return measure((w) => writeAll(w, msgs))
}
