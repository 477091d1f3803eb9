// The decoded messages of a fixture that describe kernel objects, each with the namespace it
// describes and its place in time, so a test can pick the message that holds an object's final
// state: the last one. Replies come first (the command's own dumps and answers, in strace's
// order), then each namespace's notifications in arrival order — every notification queued
// before the capture's closing barrier, so the last message about an object is never older than
// a reply about it.
import { decode } from '../../codecs/index.js'
import type { Message } from '../../codecs/core/nlmsg.js'
import type { Fixture } from './fixtures.js'

export interface PlacedMessage {
  msg: Message
  /** The namespace the message describes (the one whose socket received it). */
  netns: string
  /** Position in time within the fixture: larger is later. */
  order: number
  /** Where it is in the fixture, for failure messages: "reply 3 message 2". */
  where: string
  kind: 'reply' | 'event'
  /**
   * A reply received before the command's last request that changes something (NEW/DEL/SET):
   * it shows the object as it was before, so it cannot hold the final state.
   */
  beforeChange: boolean
}

/** RTM_NEW*, RTM_DEL*, RTM_SET*: every rtnetlink type but GET changes something. */
function changes(type: number): boolean {
  return type >= 16 && ((type - 16) & 3) !== 2
}

/** The namespace a command's own sockets live in: `ip netns exec NAME ...` runs in NAME, the rest in the scenario's root. */
export function commandNetns(f: Fixture): string {
  return /^ip netns exec (\S+) /.exec(f.sidecar.command)?.[1] ?? f.sidecar.ranIn
}

/** Every message of the fixture's replies and events, decoded, in time order. */
export function placedMessages(f: Fixture): PlacedMessage[] {
  const out: PlacedMessage[] = []
  const own = commandNetns(f)
  const unframed = (i: number): Uint8Array => {
    const s = f.sections[i]!
    return s.bytes.subarray(0, s.bytes.length - (f.sidecar.sections[i]!.zeroTail ?? 0))
  }
  // Index of the last section that asks for a change (the capability probe changes nothing).
  let lastChange = -1
  f.sections.forEach((s, i) => {
    if (s.kind === 'request' && f.sidecar.sections[i]!.probe !== true && decode(unframed(i)).some((m) => changes(m.type))) lastChange = i
  })
  let order = 0
  f.sections.forEach((s, i) => {
    if (s.kind === 'request') return
    const meta = f.sidecar.sections[i]!
    const netns = s.kind === 'event' ? meta.netns! : own
    decode(unframed(i)).forEach((msg, k, all) => {
      const where = `${s.kind} ${s.n}${all.length > 1 ? ` message ${k + 1}` : ''}`
      out.push({ msg, netns, order: order++, where, kind: s.kind as 'reply' | 'event', beforeChange: s.kind === 'reply' && i < lastChange })
    })
  })
  // Replies precede events (see the file comment); within each, the fixture's order.
  return out.sort((a, b) => (a.kind === b.kind ? a.order - b.order : a.kind === 'reply' ? -1 : 1))
}

/** The last message for each key (messages whose key is undefined are left out). */
export function latestBy<K>(msgs: readonly PlacedMessage[], key: (m: PlacedMessage) => K | undefined): Map<K, PlacedMessage> {
  const out = new Map<K, PlacedMessage>()
  for (const m of msgs) {
    const k = key(m)
    if (k !== undefined) out.set(k, m)
  }
  return out
}
