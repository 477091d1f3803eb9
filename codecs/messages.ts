// Every rtnetlink message this library knows, dispatched on nlmsg_type: decode(bytes) gives every
// message in a buffer, encode(message | message[]) writes them back, and encode(decode(b)) === b.
import { Decoder } from './core/decoder.js'
import {
  type BodyCodec,
  type Message,
  type RawMessage,
  NLMSG_DONE,
  NLMSG_ERROR,
  decodeFrames,
  encodeFrame,
  nameMessageTypes,
} from './core/nlmsg.js'
import { RTM_NAMES } from './rtnetlink.js'
import { NLMSG_TSTAMP, tstampBody } from './inputs/rtmon.js'
import { type DoneBody, type ErrorBody, doneBodyCodec, errorBodyCodec } from './core/nlmsgerr.js'
import { measure, withWriter } from './core/writer.js'
import type { Writer } from './core/writer.js'

const bodies: (BodyCodec | undefined)[] = []

/** Find the body codec for an nlmsg_type (undefined: payload stays raw bytes). */
export function bodyFor(type: number): BodyCodec | undefined {
  return bodies[type]
}

/** Make `codec` decode messages of these types. Families call this once, from codecs/index.ts. */
export function registerFamily(types: readonly number[], codec: BodyCodec): void {
  for (const t of types) bodies[t] = codec
}

nameMessageTypes(RTM_NAMES)
nameMessageTypes({ [NLMSG_TSTAMP]: 'NLMSG_TSTAMP' })
registerFamily([NLMSG_TSTAMP], tstampBody as BodyCodec)
registerFamily([NLMSG_ERROR], errorBodyCodec(bodyFor) as BodyCodec)
registerFamily([NLMSG_DONE], doneBodyCodec as BodyCodec)

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
