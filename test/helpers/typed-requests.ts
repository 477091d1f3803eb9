// iproute2's requests rebuilt from typed values. A decoded message carries, out of sight, what it
// needs to re-encode its exact input (attribute order, NLA_F_* bits, strings sent without a NUL, a
// short fixed header). A plain deep copy of its enumerable fields drops all of that: what is left
// is the value a program would write by hand, and encoding it gives nlwire's canonical form of
// the request. golden-requests.test.ts and scripts/fixture-stats.ts compare that with iproute2's
// bytes, sequence number and port id aside.
import { type Message, decode, encode, toHex } from '../../codecs/index.js'
import type { Fixture } from './fixtures.js'
import { walkMessages } from './tlv.js'

/** The value alone: own enumerable fields, recursively; byte arrays copied; no hidden wire details. */
export function typedValue<T>(v: T): T {
  if (v instanceof Uint8Array) return Uint8Array.from(v) as T
  if (Array.isArray(v)) return v.map((x) => typedValue(x)) as T
  if (typeof v === 'object' && v !== null) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of Object.entries(v)) out[k] = typedValue(x)
    return out as T
  }
  return v
}

/** nlmsg_seq and nlmsg_pid zeroed: they are the sender's bookkeeping, not the request. */
export function withoutSeqPid(bytes: Uint8Array): Uint8Array {
  const out = Uint8Array.from(bytes)
  out.fill(0, 8, 16)
  return out
}

export interface RequestComparison {
  fixture: string
  /** "request 2" or "request 2 message 3". */
  where: string
  /** The section's label: "RTM_NEWLINK", "RTM_GETROUTE, 128 zero bytes" ... */
  label: string
  type: number
  probe: boolean
  /** iproute2's message, seq and pid zeroed. */
  captured: Uint8Array
  /** nlwire's encoding of the typed value, seq and pid zeroed. */
  rebuilt: Uint8Array
  identical: boolean
  /** The datagram's zero tail (iproute2 sends its whole request buffer), 0 when none. */
  zeroTail: number
}

/** Every request message of a fixture, rebuilt from its typed value. */
export function compareRequests(f: Fixture): RequestComparison[] {
  const out: RequestComparison[] = []
  f.sections.forEach((s, i) => {
    if (s.kind !== 'request') return
    const meta = f.sidecar.sections[i]!
    const zeroTail = meta.zeroTail ?? 0
    const datagram = s.bytes.subarray(0, s.bytes.length - zeroTail)
    const msgs: Message[] = decode(datagram)
    // Each message's own bytes in the datagram.
    const frames = walkMessages(datagram).messages
    msgs.forEach((m, k) => {
      const captured = withoutSeqPid(frames[k]!.bytes)
      const value = typedValue(m)
      value.seq = 0
      value.pid = 0
      const rebuilt = encode(value)
      out.push({
        fixture: f.name,
        where: `request ${s.n}${msgs.length > 1 ? ` message ${k + 1}` : ''}`,
        label: s.label,
        type: m.type,
        probe: meta.probe === true,
        captured,
        rebuilt,
        identical: toHex(captured) === toHex(rebuilt),
        zeroTail,
      })
    })
  })
  return out
}
