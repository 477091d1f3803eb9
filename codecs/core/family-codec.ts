// The three functions every message family exports (dns-packet style): encode, decode,
// encodingLength — over whole netlink messages of that family's types.
import { Decoder } from './decoder.js'
import { type BodyCodec, type BodyLookup, type Message, decodeFrame, encodeFrame } from './nlmsg.js'
import { measure, writeWith } from './writer.js'

export interface FamilyCodec<M extends Message> {
  /** nlmsg_type values this family decodes. */
  readonly types: readonly number[]
  readonly body: BodyCodec
  /** One whole message (header included) to bytes. */
  encode(msg: M): Uint8Array
  /** The message at `offset` of `bytes`; throws NetlinkDecodeError if it is malformed or of another family. */
  decode(bytes: Uint8Array, offset?: number): M
  encodingLength(msg: M): number
}

export function familyCodec<M extends Message>(types: readonly number[], body: BodyCodec): FamilyCodec<M> {
  const lookup: BodyLookup = (t) => (types.includes(t) ? body : undefined)
  return {
    types,
    body,
    encode: (msg) => writeWith(encodeFrame, msg, lookup),
    encodingLength: (msg) => measure((w) => encodeFrame(w, msg, lookup)),
    decode(bytes, offset = 0) {
      const d = new Decoder(bytes)
      if (bytes.length - offset >= 6) {
        const type = d.u16(offset + 4)
        if (!types.includes(type)) d.fail(`message type ${type} is not a ${body.family} message`, offset + 4)
      }
      const len = bytes.length - offset >= 4 ? d.u32(offset) : 0
      return decodeFrame(d, offset, Math.min(bytes.length, offset + Math.max(len, 16)), lookup) as M
    },
  }
}
