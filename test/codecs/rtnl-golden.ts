// Shared by the rtnetlink family tests (addr, route, neigh, nsid, netconf): hex captures in, messages
// out, and the both-ways golden check.
import type t from 'tap'
import { fromHex, toHex } from '../../codecs/core/bytes.js'
import { NetlinkDecodeError } from '../../codecs/core/errors.js'
import type { Message } from '../../codecs/core/nlmsg.js'
import type { FamilyCodec } from '../../codecs/core/family-codec.js'
import { walkMessages } from '../helpers/tlv.js'

/** The `t` a tap subtest callback receives. */
export type Tap = Parameters<Parameters<typeof t.test>[0]>[0]

/** Hex text (spaces allowed) to bytes; a typo in a test fails loudly. */
export function hex(text: string): Uint8Array {
  const b = fromHex(text)
  if (b === null) throw new Error(`not hex: ${text.slice(0, 40)}...`)
  return b
}

/** The messages of one recv buffer, each with its own bytes (nlmsg_len, 4-byte aligned steps). */
export function frames(buf: Uint8Array): { offset: number; type: number; bytes: Uint8Array }[] {
  return walkMessages(buf).messages.map(({ offset, type, bytes }) => ({ offset, type, bytes }))
}

/** Decode every message of a recv buffer with one family's codec (each from the whole buffer, by offset). */
export function decodeAll<M extends Message>(codec: FamilyCodec<M>, buf: Uint8Array): M[] {
  return frames(buf).map((f) => codec.decode(buf, f.offset))
}

/** Encode messages back to back as they sat in the recv buffer. */
export function encodeAll<M extends Message>(codec: FamilyCodec<M>, msgs: readonly M[]): string {
  return msgs.map((m) => toHex(codec.encode(m))).join('')
}

/** The NetlinkDecodeError `fn` throws; any other outcome is a test failure. */
export function decodeError(fn: () => unknown): NetlinkDecodeError {
  try {
    fn()
  } catch (e) {
    if (e instanceof NetlinkDecodeError) return e
    throw new Error(`expected a NetlinkDecodeError, got ${String(e)}`)
  }
  throw new Error('expected a NetlinkDecodeError, but decoding succeeded')
}

export { toHex }
