// The body codec of each nlmsg_type: what decode() and encode() of any message dispatch on.
// Filled in one place, codecs/families.ts; codecs/messages.ts (decode/encode) loads it.
import type { BodyCodec } from './nlmsg.js'

const bodies: (BodyCodec | undefined)[] = []

/** Find the body codec for an nlmsg_type (undefined: payload stays raw bytes). */
export function bodyFor(type: number): BodyCodec | undefined {
  return bodies[type]
}

/** Make `codec` decode messages of these types (codecs/families.ts does it for every family). */
export function registerFamily(types: readonly number[], codec: BodyCodec): void {
  for (const t of types) bodies[t] = codec
}
