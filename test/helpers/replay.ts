// Replays one captured iproute2 command through the API on a fake transport: the API's requests
// are compared with iproute2's (seq and port id aside), and the kernel's captured replies are
// handed back to the API so it goes through the same conversation.
import { decode, encode, type LinkMessage, type Message, NLMSG_DONE, NLMSG_ERROR, NLM_F_ACK, NLM_F_DUMP, NLM_F_MULTI, RTM_GETLINK, RTM_NEWLINK } from '../../codecs/index.js'
import { Client } from '../../src/client/client.js'
import { FakeTransport } from '../../src/transport/fake.js'
import { Netlink } from '../../src/api/netlink.js'
import { type Fixture, loadFixture, FIXTURES_DIR } from './fixtures.js'
import { join } from 'node:path'
import type * as Tap from 'tap'
import { toHex } from '../../codecs/index.js'
import { NetlinkError } from '../../src/errors.js'
import { walkMessages } from './tlv.js'

export interface ReplayCase {
  /** fixtures/<name>.nl */
  fixture: string
  /** The API call doing the same job. */
  run: (nl: Netlink) => Promise<unknown>
  /**
   * iproute2's tool looks the device up with a dump of every link (`bridge`, `ip neigh`) where the
   * API asks for the one link by name: GETLINK requests are left out of the comparison.
   */
  lookupDiffers?: boolean
  /** Descriptor number iproute2 put in IFLA_NET_NS_FD / NETNSA_FD (the fake hands out the same). */
  fd?: number
  /** Which of iproute2's requests the API reproduces, when it makes fewer round trips (indexes). */
  select?: number[]
}

export interface ReplayResult {
  fixture: Fixture
  /** iproute2's requests that the API must reproduce, seq/pid zeroed. */
  expected: Uint8Array[]
  /** The API's requests, in the same selection, seq/pid zeroed. */
  actual: Uint8Array[]
  /** What run() resolved to, or the error it threw. */
  value?: unknown
  error?: unknown
}

function zeroSeqPid(bytes: Uint8Array): Uint8Array {
  const b = Uint8Array.from(bytes)
  b.fill(0, 8, 16)
  return b
}

function messagesOf(bytes: Uint8Array, zeroTail = 0): { msg: Message; bytes: Uint8Array }[] {
  const end = bytes.length - zeroTail
  return walkMessages(bytes, end)
    .messages.filter((m) => m.offset + m.len <= end)
    .map((m) => ({ msg: decode(m.bytes)[0]!, bytes: m.bytes }))
}

const isLookup = (m: Message): boolean => m.type === RTM_GETLINK

export async function replay(c: ReplayCase): Promise<ReplayResult> {
  const fixture = loadFixture(join(FIXTURES_DIR, `${c.fixture}.nl`))
  const meta = fixture.sidecar.sections
  const expectedMsgs: { msg: Message; bytes: Uint8Array }[] = []
  const replies: Message[] = []
  fixture.sections.forEach((s, i) => {
    const m = meta[i]!
    if (s.kind === 'request' && !m.probe) {
      for (const x of messagesOf(s.bytes, m.zeroTail ?? 0)) if (!(c.lookupDiffers && isLookup(x.msg))) expectedMsgs.push(x)
    }
    if (s.kind === 'reply') for (const x of messagesOf(s.bytes)) replies.push(x.msg)
  })
  // A link iproute2 learnt from any reply, by name: the answer to the API's lookup by name.
  const linksByName = new Map<string, LinkMessage>()
  for (const r of replies) if (r.type === RTM_NEWLINK) {
    const b = (r as LinkMessage).body
    if (b.ifname !== undefined && !linksByName.has(b.ifname)) linksByName.set(b.ifname, r as LinkMessage)
  }
  if (c.select !== undefined) {
    const keep = c.select.map((i) => expectedMsgs[i]!)
    expectedMsgs.length = 0
    expectedMsgs.push(...keep)
  }
  // Each request's answers, in order: a GET's one reply, everything up to the ack, or the dump
  // up to NLMSG_DONE (iproute2 may send several requests with the same seq).
  const used = new Set<Message>()
  const answersFor = (req: Message): Message[] => {
    const out: Message[] = []
    const dump = (req.flags & NLM_F_DUMP) === NLM_F_DUMP
    const ack = (req.flags & NLM_F_ACK) !== 0
    for (const r of replies) {
      if (used.has(r) || r.seq !== req.seq) continue
      used.add(r)
      out.push(r)
      if (r.type === NLMSG_ERROR || (dump && r.type === NLMSG_DONE) || (!dump && !ack)) break
    }
    return out
  }
  const actual: Uint8Array[] = []
  let next = 0
  const fake = new FakeTransport({
    firstFd: c.fd ?? 100,
    // iproute2 set NETLINK_GET_STRICT_CHK on the socket it dumped on (sidecar socketOptions).
    strictChecking: true,
    handler: (req, f) => {
      const m = req.message
      const patch = (x: Message): Message => ({ ...x, seq: m.seq, pid: f.portId })
      if (c.lookupDiffers && isLookup(m) && (m.flags & NLM_F_DUMP) !== NLM_F_DUMP) {
        const name = (m as LinkMessage).body.ifname
        const hit = name !== undefined ? linksByName.get(name) : undefined
        return hit ? [encode({ ...patch(hit), flags: hit.flags & ~NLM_F_MULTI })] : []
      }
      actual.push(zeroSeqPid(req.bytes))
      const exp = expectedMsgs[next++]
      if (exp === undefined) return []
      const answers = answersFor(exp.msg).map(patch)
      return answers.length > 0 ? [encode(answers)] : []
    },
  })
  const nl = new Netlink(new Client(fake, { timeout: 2000 }))
  const result: ReplayResult = { fixture, expected: expectedMsgs.map((x) => zeroSeqPid(x.bytes)), actual }
  try {
    result.value = await c.run(nl)
  } catch (e) {
    result.error = e
  } finally {
    await nl.close()
  }
  return result
}

/**
 * Replay one case and check it as every API-request test does: the fixture has requests, the API's
 * bytes are iproute2's, and a command that failed for iproute2 fails for the API with a
 * NetlinkError (else the call succeeds). `identical` tells whether every request matched.
 */
export async function checkReplay(t: Tap.Test, c: ReplayCase): Promise<{ result: ReplayResult; identical: boolean }> {
  const r = await replay(c)
  t.ok(r.expected.length > 0, 'the fixture has requests to compare')
  const actual = r.actual.map((b) => toHex(b))
  const expected = r.expected.map((b) => toHex(b))
  t.strictSame(actual, expected, `request bytes equal iproute2's for: ${r.fixture.header.command}`)
  if (r.fixture.sidecar.exit.code !== 0) {
    t.type(r.error, NetlinkError, `the kernel's refusal surfaces as a NetlinkError (${r.fixture.sidecar.exit.stderr.trim()})`)
  } else t.equal(r.error, undefined, 'the API call succeeded on the captured answers')
  const identical = actual.length === expected.length && actual.every((h, i) => h === expected[i])
  return { result: r, identical }
}
