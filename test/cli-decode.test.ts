import t from 'tap'
import type * as Tap from 'tap'
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type SpawnSyncReturns, spawnSync } from 'node:child_process'
import { runCli } from './helpers/cli.js'
import { fileURLToPath } from 'node:url'
import { parseHexSections, parseHexText, zeroTail } from '../codecs/inputs/hex.js'
import { decodeBytes, decodeStream } from '../src/cli/decode.js'
import { FIXTURES_DIR, listFixtures } from './helpers/fixtures.js'
import { needsProgram } from './helpers/programs.js'
import { needsRoot, scratchNetns } from './helpers/scratch.js'
import { pcapHeader, pcapRecord, readPcap } from '../codecs/inputs/pcap.js'
import { concat } from '../codecs/core/bytes.js'
import { walkMessages } from './helpers/tlv.js'
import { buildModel } from '../web/model.js'

const gre = readFileSync(new URL('./data/pyroute2/gre_01.dump', import.meta.url), 'utf8')
const addr = readFileSync(new URL('./data/pyroute2/addrmsg_ipv4.dump', import.meta.url), 'utf8')

t.test('hex with \\x escapes and comments', async (t) => {
  const r = runCli(['decode'], gre)
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /^0000  0084  RTM_NEWLINK$/m)
  t.match(r.stdout, /^0006  0002      nlmsg_flags  0x0605 REQUEST\|ACK\|EXCL\|CREATE$/m)
  t.match(r.stdout, /^0084  0024  NLMSG_ERROR$/m)
  t.match(r.stdout, /error  0$/m)
  t.equal(r.stderr, '')
})

t.test('colon-separated hex from a file argument', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'nlw-'))
  t.teardown(() => rmSync(dir, { recursive: true, force: true }))
  const f = join(dir, 'a.hex')
  writeFileSync(f, addr)
  const r = runCli(['decode', f])
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /^0000  004c  RTM_NEWADDR$/m)
})

t.test('malformed input: everything decodable, then the error with its offset, exit 1, no stack', async (t) => {
  // The gre request with its nlmsg_len claiming 8 bytes more than there are.
  const bytes = parseHexText(gre).slice(0, 0x84)
  bytes[0] = 0x8c
  const hex = Buffer.from(bytes).toString('hex')
  const r = runCli(['decode', '--format', 'hex'], hex)
  t.equal(r.status, 1)
  t.match(r.stdout, /error: nlmsg_len 140 runs 8 bytes past the end of the input at offset 0/)
  t.equal(r.stderr, 'nlwire decode: malformed input: nlmsg_len 140 runs 8 bytes past the end of the input at offset 0; the output marks where\n', 'one line on stderr too')
  t.notMatch(r.stdout + r.stderr, /\n\s+at /, 'no stack trace')
})

t.test('not netlink at all', async (t) => {
  const r = runCli(['decode'], 'hello world, this is not hex')
  t.equal(r.status, 1)
  t.match(r.stderr, /cannot tell the input format/)
  t.notMatch(r.stderr, /\n\s+at /)
})

t.test('odd hex is a clear error', async (t) => {
  const r = runCli(['decode', '--format', 'hex'], '14 00 00 0')
  t.equal(r.status, 1)
  t.match(r.stderr, /line 1: '0' is not whole bytes of hex/)
})

t.test('--json gives the same tree with offsets and typed values', async (t) => {
  const r = runCli(['decode', '--json'], gre)
  t.equal(r.status, 0)
  const j = JSON.parse(r.stdout) as { messages: { name: string; offset: number; fields: { name: string }[] }[] }
  t.equal(j.messages.length, 2)
  t.strictSame(
    j.messages.map((m) => [m.name, m.offset]),
    [
      ['RTM_NEWLINK', 0],
      ['NLMSG_ERROR', 0x84],
    ],
  )
  t.equal(j.messages[0]!.fields[0]!.name, 'nlmsghdr')
})

t.test('pcap written by our writer decodes per packet, with direction', async (t) => {
  const bytes = parseHexText(gre)
  const req = bytes.subarray(0, 0x84)
  const ack = bytes.subarray(0x84)
  const pcap = concat([
    pcapHeader(),
    pcapRecord({ time: 1700000000.25, direction: 'out', protocol: 0, data: req }),
    pcapRecord({ time: 1700000000.5, direction: 'in', protocol: 0, data: ack }),
  ])
  const back = readPcap(pcap)
  t.strictSame(
    back.map((p) => [p.direction, p.protocol, p.data.length, p.time]),
    [
      ['out', 0, 0x84, 1700000000.25],
      ['in', 0, 0x24, 1700000000.5],
    ],
  )
  const r = runCli(['decode'], pcap)
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /# packet 1 \(user → kernel, 2023-11-14T22:13:20.250Z\), 132 bytes/)
  t.match(r.stdout, /# packet 2 \(kernel → user, 2023-11-14T22:13:20.500Z\), 36 bytes/)
})

/** strace of `cmd` run in a scratch namespace (removed in teardown), with the hex dumps nlwire decode reads. */
function straceInScratch(t: Tap.Test, label: string, trace: string, cmd: string[]): SpawnSyncReturns<string> {
  const ns = scratchNetns(t, label)
  return spawnSync('ip', ['netns', 'exec', ns, 'strace', '-f', '-x', '-s', '65535', '-e', `trace=${trace}`, '-e', 'write=all', '-e', 'read=all', ...cmd], { encoding: 'utf8', timeout: 20000 })
}

t.test('strace output of a real iproute2 command', { skip: needsRoot || needsProgram('strace') }, async (t) => {
  const s = straceInScratch(t, 'clidec', 'sendmsg,recvmsg,sendto,recvfrom', ['ip', 'link', 'show', 'lo'])
  t.equal(s.status, 0, `strace ip link show: ${s.error?.message ?? s.stderr.slice(-500)}`)
  const r = runCli(['decode'], s.stderr)
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /user → kernel/)
  t.match(r.stdout, /kernel → user/)
  t.match(r.stdout, /RTM_GETLINK/)
  t.match(r.stdout, /RTM_NEWLINK/)
})

// A trace holds more than rtnetlink: `ip tcp_metrics` talks generic netlink, whose message types
// are family ids (read as rtnetlink they looked like malformed RTM_NEWLINKs). Datagrams on a
// socket the trace shows is not NETLINK_ROUTE are left out and counted, in the CLI and the page.
t.test('strace output with a generic netlink socket beside the route socket', { skip: needsRoot || needsProgram('strace') }, async (t) => {
  const s = straceInScratch(t, 'clidecg', 'socket,close,sendmsg,recvmsg,sendto,recvfrom', ['sh', '-c', 'ip tcp_metrics show; ip link show lo'])
  t.equal(s.status, 0, `strace: ${s.error?.message ?? s.stderr.slice(-500)}`)
  t.match(s.stderr, /socket\(AF_NETLINK, [^,]+, NETLINK_GENERIC\) = \d+/, 'the trace has a generic netlink socket')
  const r = runCli(['decode'], s.stderr)
  t.equal(r.status, 0, r.stderr)
  const m = /skipped (\d+) datagrams on sockets that are not NETLINK_ROUTE \(NETLINK_GENERIC: (\d+)\)/.exec(r.stderr)
  t.ok(m, `the skip is said: ${r.stderr.trim()}`)
  t.ok(Number(m?.[2]) >= 2, `a request and its answer at least (${m?.[2]})`)
  t.notMatch(r.stdout, /malformed|error:|expected \d+ bytes/i, 'nothing misread')
  t.match(r.stdout, /RTM_GETLINK/)
  const headers = r.stdout.split('\n').filter((l) => l.startsWith('# ') && / bytes$/.test(l))
  const model = buildModel(new TextEncoder().encode(s.stderr), 'strace')
  t.strictSame(model.skipped, { NETLINK_GENERIC: Number(m?.[2]) }, 'the page leaves out the same datagrams')
  t.equal(model.chunks.length, headers.length, `the page and the CLI show the same ${headers.length} datagrams`)
  t.equal(model.messages.filter((x) => x.error).length, 0)
})

// Any input size, read as a stream (issue 12): the format is told from the first 64 KiB whatever
// the digit count there, each message is printed as soon as its bytes are in, and pieces cut
// anywhere decode to what the whole input gives.
const fixtureHex = (): { hex: string; messages: number } => {
  const parts: string[] = []
  let messages = 0
  for (const f of listFixtures().slice(0, 60)) {
    for (const s of parseHexSections(readFileSync(f, 'utf8'))) {
      const b = s.bytes.subarray(0, zeroTail(s.bytes).end)
      messages += walkMessages(b).messages.length
      parts.push(Buffer.from(b).toString('hex'))
    }
  }
  return { hex: parts.join(''), messages }
}

t.test('hex over 64 KiB with the format told at a cut between the two digits of a byte', async (t) => {
  const { hex, messages } = fixtureHex()
  t.ok(hex.length > 3 * 65536, `${hex.length} hex digits, ${messages} messages`)
  // One leading space: the first 65,536 characters hold an odd number of digits.
  for (const input of [hex, ` ${hex}`, `${hex}\n`]) {
    const r = runCli(['decode'], input, 60_000)
    t.equal(r.status, 0, r.stderr)
    t.equal(r.stdout.match(/^[0-9a-f]{4,}  [0-9a-f]{4}  [A-Z]/gm)?.length, messages, 'every message decoded')
  }
  // A byte cut in half at the end is the input's fault: what is whole is printed, then the error.
  const cut = runCli(['decode'], hex.slice(0, -1), 60_000)
  t.equal(cut.status, 1)
  t.match(cut.stderr, /^nlwire decode: hex: line 1: '[0-9a-f]{24}…[0-9a-f]{12}' \(\d+ characters\) is not whole bytes of hex: the input ends in the middle of a byte\n$/)
  t.equal(cut.stdout.match(/^[0-9a-f]{4,}  [0-9a-f]{4}  [A-Z]/gm)?.length, messages - 1, 'all but the cut message printed')
  t.notMatch(cut.stderr, /\n\s+at /, 'no stack trace')
})

t.test('decoding streams: pieces cut anywhere give what the whole input gives', async (t) => {
  let seed = 12
  const rnd = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32)
  // The first attribute's nla_len runs past its message.
  const malformed = Uint8Array.from(parseHexText(gre))
  malformed[32] = 0xff
  const inputs: [string, Uint8Array][] = [
    ['fixture', readFileSync(join(FIXTURES_DIR, 'x-route/16-route-show.nl'))],
    ['hex with prefixes and comments', Buffer.from(gre)],
    ['colon hex', Buffer.from(addr)],
    ['strace', readFileSync(new URL('./data/strace/ip-monitor-add-mptcp.strace', import.meta.url))],
    ['plain hex', Buffer.from(fixtureHex().hex.slice(0, 20000))],
    ['raw bytes (rtmon)', parseHexText(fixtureHex().hex.slice(0, 20000))],
    ['pcap', concat([pcapHeader(), pcapRecord({ time: 1, direction: 'out', protocol: 0, data: parseHexText(gre) })])],
    ['malformed raw bytes', malformed],
  ]
  for (const [name, raw] of inputs) {
    for (const json of [false, true]) {
      const whole = await decodeBytes(raw, { format: 'auto', json, hex: !json })
      for (const max of [3, 64, 4096]) {
        let text = ''
        const outcome = await decodeStream(
          (async function* () {
            for (let o = 0; o < raw.length; ) {
              const k = 1 + Math.floor(rnd() * max)
              yield raw.subarray(o, o + k)
              o += k
            }
          })(),
          { format: 'auto', json, hex: !json },
          (s) => (text += s),
        )
        t.equal(text, whole.text, `${name}${json ? ' --json' : ''}: pieces of 1..${max} bytes`)
        t.strictSame(outcome, whole.outcome)
      }
      if (json) t.doesNotThrow(() => JSON.parse(whole.text), `${name}: the streamed JSON parses`)
      else if (name === 'malformed raw bytes' || name === 'fixture' || name === 'pcap') t.equal(whole.outcome.malformedChunks > 0, name === 'malformed raw bytes', `${name}: malformed or not`)
    }
  }
})

t.test('empty, unknown and unreadable inputs: exit 1 or 2 with one line, no stack trace', async (t) => {
  const empty = runCli(['decode'], '')
  t.equal(empty.status, 1)
  t.equal(empty.stderr, 'nlwire decode: the input is empty\n')
  const dir = runCli(['decode', tmpdir()])
  t.equal(dir.status, 2)
  t.match(dir.stderr, /^nlwire decode: EISDIR: .*\n$/)
  const missing = runCli(['decode', join(tmpdir(), `nlw-${process.pid}-missing`)])
  t.equal(missing.status, 2)
  t.match(missing.stderr, /^nlwire decode: ENOENT: .*\n$/)
  const bad = runCli(['decode', '--format', 'hex'], '14 00 00 00 zz')
  t.equal(bad.status, 1)
  t.equal(bad.stderr, "nlwire decode: hex: line 1: 'zz' is not whole bytes of hex\n")
})

t.test('a reader that stops early ends the decode quietly (EPIPE)', async (t) => {
  const hex = fixtureHex().hex
  const r = spawnSync('sh', ['-c', `"${process.execPath}" --import tsx "${fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))}" decode | head -n 1`], { input: hex, encoding: 'utf8', timeout: 60_000 })
  t.equal(r.status, 0)
  t.equal(r.stdout, '0000  001c  RTM_GETNSID\n')
  t.equal(r.stderr, '', 'no EPIPE stack trace')
})
