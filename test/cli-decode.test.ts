import t from 'tap'
import { readFileSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import { runCli } from './helpers/cli.js'
import { parseHexText } from '../codecs/inputs/hex.js'
import { pcapHeader, pcapRecord, readPcap } from '../codecs/inputs/pcap.js'
import { concat } from '../codecs/core/bytes.js'

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
  t.same(
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
  t.same(
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

t.test('strace output of a real iproute2 command', { skip: process.getuid?.() !== 0 ? 'needs root (runs ip in a scratch netns)' : false }, async (t) => {
  const ns = `nlw-${process.pid}-clidec`
  spawnSync('ip', ['netns', 'add', ns])
  t.teardown(() => void spawnSync('ip', ['netns', 'del', ns]))
  const s = spawnSync(
    'ip',
    ['netns', 'exec', ns, 'strace', '-f', '-x', '-s', '65535', '-e', 'trace=sendmsg,recvmsg,sendto,recvfrom', '-e', 'write=all', '-e', 'read=all', 'ip', 'link', 'show', 'lo'],
    { encoding: 'utf8', timeout: 20000 },
  )
  t.equal(s.status, 0, `strace ip link show: ${s.error?.message ?? s.stderr.slice(-500)}`)
  const r = runCli(['decode'], s.stderr)
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /user → kernel/)
  t.match(r.stdout, /kernel → user/)
  t.match(r.stdout, /RTM_GETLINK/)
  t.match(r.stdout, /RTM_NEWLINK/)
})
