// Every committed fixture parses, frames as whole netlink messages that the codecs read and write
// back byte for byte, and agrees with its sidecar; and the fixture parser itself behaves.
import t from 'tap'
import { toHex } from '../codecs/core/bytes.js'
import { decode, encode } from '../codecs/index.js'
import { type Fixture, type FixtureSection, listFixtures, loadFixture, parseNl } from './helpers/fixtures.js'
import { walkMessages } from './helpers/tlv.js'

t.test('parseNl: comments, spacing and indentation are free; hex is checked', async (t) => {
  const text = [
    '# nlwire golden fixture',
    '# command: ip link add veth01 type veth peer name veth02',
    '# step: 3',
    '',
    '## request 1: RTM_NEWLINK',
    '  20 00 00 00   # nlmsg_len',
    '\t1000 0500 # type, flags written as 4-digit groups',
    '      00 00 00 00 00000000 # seq pid',
    '##   reply 1:   NLMSG_ERROR ack  ',
    '# a comment line inside a section',
    '0a0b',
  ].join('\n')
  const p = parseNl(text)
  t.strictSame(p.header, { 'command': 'ip link add veth01 type veth peer name veth02', 'step': '3' })
  t.equal(p.sections.length, 2)
  t.strictSame([p.sections[0]!.kind, p.sections[0]!.n, p.sections[0]!.label], ['request', 1, 'RTM_NEWLINK'])
  t.equal(toHex(p.sections[0]!.bytes), '2000000010000500' + '0000000000000000')
  t.strictSame([p.sections[1]!.kind, p.sections[1]!.n, p.sections[1]!.label], ['reply', 1, 'NLMSG_ERROR ack'])
  t.equal(toHex(p.sections[1]!.bytes), '0a0b')
})

t.test('parseNl: rejects what is not a fixture', async (t) => {
  t.throws(() => parseNl('## request 1: x\n20 0\n'), /"0" is not whole hex bytes/)
  t.throws(() => parseNl('## request 1: x\n200\n'), /"200" is not whole hex bytes/)
  t.throws(() => parseNl('## request 1: x\nzz\n'), /not whole hex bytes/)
  t.throws(() => parseNl('20 00\n## request 1: x\n'), /hex before the first section/)
  t.throws(() => parseNl('## answer 1: x\n'), /must read/)
  t.throws(() => parseNl('## event 1: a\n00\n## event 1: b\n00\n'), /duplicate section "event 1"/)
})

/**
 * The section's bytes without the zero tail its sidecar declares, and what is wrong with them
 * (a tail that is not zero, nlmsg_len values that do not cover the bytes exactly).
 */
function framed(s: FixtureSection, tail: number): { bytes: Uint8Array; problems: string[] } {
  const problems: string[] = []
  const end = s.bytes.length - tail
  if (!s.bytes.subarray(end).every((b) => b === 0)) problems.push(`the ${tail}-byte tail is not zero`)
  const o = walkMessages(s.bytes, end).next
  if (Math.min(o, end) !== end) problems.push(`nlmsg_len values cover ${o} of ${end} bytes`)
  return { bytes: s.bytes.subarray(0, end), problems }
}

const paths = listFixtures()
const fixtures: Fixture[] = []

t.test('fixtures are committed', async (t) => {
  t.ok(paths.length > 0, `found ${paths.length} fixtures under fixtures/ (regenerate with npm run capture)`)
})

for (const path of paths) {
  const f = loadFixture(path)
  fixtures.push(f)
  t.test(f.name, async (t) => {
    const sc = f.sidecar
    t.equal(f.header.command, sc.command, 'header and sidecar name the same command')
    t.equal(f.header.scenario, sc.scenario)
    t.equal(f.header.step, sc.step)
    t.strictSame(
      f.sections.map((s) => [s.kind, s.n, s.label]),
      sc.sections.map((s) => [s.kind, s.n, s.label]),
      'the sidecar describes the same sections',
    )
    for (const kind of ['request', 'reply', 'event'] as const) {
      const ns = f.sections.filter((s) => s.kind === kind).map((s) => s.n)
      t.strictSame(ns, ns.map((_, i) => i + 1), `${kind} sections are numbered 1..${ns.length}`)
    }
    f.sections.forEach((s, i) => {
      const meta = sc.sections[i]!
      const { bytes, problems } = framed(s, meta.zeroTail ?? 0)
      t.strictSame(problems, [], `${s.kind} ${s.n}: frames as whole netlink messages`)
      const msgs = decode(bytes)
      t.equal(msgs.length, meta.messages, `${s.kind} ${s.n}: ${meta.messages} messages`)
      t.equal(toHex(encode(msgs)), toHex(bytes), `${s.kind} ${s.n}: encode(decode(bytes)) gives the bytes back`)
    })
    const events = f.sections.filter((s) => s.kind === 'event')
    t.equal(sc.monitor.length, events.length, 'one monitor entry per event')
    events.forEach((e, i) => {
      const m = sc.monitor[i]!
      t.equal(m.event, e.n, `monitor entry ${i + 1} is for event ${e.n}`)
      if (m.text === null) t.ok(m.reason, `event ${e.n}: no monitor text, and a reason why`)
      else t.ok(m.text.endsWith('\n'), `event ${e.n}: monitor text is whole lines`)
    })
    for (const n of [sc.ranIn, ...events.map((_, i) => sc.monitor[i]!.netns)]) {
      t.ok(n in sc.netns, `netns ${n} is in the netns map`)
      t.ok(n in sc.state, `netns ${n} has its state`)
    }
  })
}

t.test('counts per scenario', async (t) => {
  const by = new Map<string, { commands: number; request: number; reply: number; event: number; messages: number }>()
  for (const f of fixtures) {
    const c = by.get(f.header.scenario) ?? { commands: 0, request: 0, reply: 0, event: 0, messages: 0 }
    c.commands++
    for (const s of f.sections) c[s.kind]++
    for (const s of f.sidecar.sections) c.messages += s.messages
    by.set(f.header.scenario, c)
  }
  for (const [sc, c] of by) {
    t.comment(`${sc}: ${c.commands} commands, ${c.request} requests, ${c.reply} replies, ${c.event} events, ${c.messages} messages`)
  }
  t.equal([...by.values()].reduce((a, c) => a + c.commands, 0), fixtures.length)
})

// nlwire's list filters rest on this: iproute2 sets NETLINK_GET_STRICT_CHK on the socket it dumps
// on, so the filtered dump requests it sends are checked strictly and filtered by the kernel, and
// the kernel marks what it filtered (NLM_F_DUMP_FILTERED). Checked on every fixture that traced
// its socket options, for every dump `ip` or `bridge` sent.
t.test('iproute2 dumps on a socket with NETLINK_GET_STRICT_CHK', async (t) => {
  let dumps = 0
  let traced = 0
  for (const f of fixtures) {
    const opts = f.sidecar.socketOptions
    if (opts === undefined || !/^(ip|bridge) /.test(f.sidecar.command) || /\b(ping|ethtool)\b/.test(f.sidecar.command)) continue
    traced++
    const strict = new Set(opts.filter((o) => o.option === 'NETLINK_GET_STRICT_CHK' && o.value === '1' && o.ret === 0).map((o) => o.socket))
    t.ok(opts.some((o) => o.option === 'NETLINK_EXT_ACK' && o.value === '1'), `${f.name}: NETLINK_EXT_ACK is set`)
    f.sections.forEach((s, i) => {
      const meta = f.sidecar.sections[i]!
      if (s.kind !== 'request' || s.bytes.length < 8 || ((s.bytes[6]! | (s.bytes[7]! << 8)) & 0x300) !== 0x300) return
      dumps++
      t.ok(strict.has(meta.socket!), `${f.name} request ${s.n} (a dump) went out on a strict socket`)
    })
  }
  t.ok(traced >= 30, `${traced} fixtures traced their socket options`)
  t.ok(dumps >= 20, `${dumps} dump requests checked`)
})
