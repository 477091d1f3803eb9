// The formatter in trace lines (DEBUG=nlwire:*) and in NetlinkError's detailed view.
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import type { ErrorBody } from '../codecs/core/nlmsgerr.js'
import type { Message } from '../codecs/core/nlmsg.js'
import { NLMSG_ERROR } from '../codecs/core/nlmsg.js'
import { decode } from '../codecs/messages.js'
import { formatterSummary } from '../src/debug-format.js'
import { formatErrorDetail } from '../src/error-detail.js'
import { NetlinkError } from '../src/errors.js'
import { encode } from '../codecs/messages.js'
import { listFixtures, loadFixture, sectionsOf } from './helpers/fixtures.js'

const fixture = (name: string) => loadFixture(listFixtures().find((p) => p.endsWith(`${name}.nl`))!)

t.test('DEBUG=nlwire:recv: kernel messages summarised as ip monitor prints them, on one line', async (t) => {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'debug-format-run.ts')], {
    env: { ...process.env, DEBUG: 'nlwire:recv', DEBUG_COLORS: 'no', DEBUG_HIDE_DATE: 'yes' },
    encoding: 'utf8',
  })
  t.equal(r.status, 0, r.stderr)
  const lines = r.stderr.split('\n').filter((l) => l.startsWith('nlwire:recv'))
  t.equal(lines.length, 2)
  // veth02's peer is not registered yet when it is announced (IFLA_LINK 0: @NONE); veth01's peer
  // is veth02, named from the first notification, and down (M-DOWN).
  t.match(lines[0], /^nlwire:recv \[fake\] ← RTM_NEWLINK flags=0x0000 seq=\d+ pid=\d+ len=\d+ \| 2: veth02@NONE: <BROADCAST,MULTICAST> mtu 1500 qdisc noop state DOWN group default link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff$/)
  t.match(lines[1], /\| 3: veth01@veth02: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 qdisc noop state DOWN group default link\/ether [0-9a-f:]{17} brd ff:ff:ff:ff:ff:ff$/)
})

t.test('formatterSummary: requests and errors keep the default summary', async (t) => {
  const f = fixture('s9/03-link-set-bridge-netns-fails')
  const [req] = decode(sectionsOf(f, 'request')[2]!.bytes)
  t.equal(formatterSummary(req!), 'ifiFamily=0 ifiType=0 ifiIndex=2 ifiFlags=0 ifiChange=0 netNsFd=4', 'a request: its fields')
  const [err] = decode(sectionsOf(f, 'reply')[2]!.bytes)
  t.equal(formatterSummary(err!), `EINVAL (Invalid argument) for RTM_NEWLINK seq ${req!.seq}: "The interface netns is immutable"`)
})

/** The NetlinkError the client makes of a fixture's refused request and its error reply. */
function errorFrom(name: string, n: number): NetlinkError {
  const f = fixture(name)
  const reqBytes = sectionsOf(f, 'request')[n - 1]!.bytes
  const [request] = decode(reqBytes)
  const reply = decode(sectionsOf(f, 'reply')[n - 1]!.bytes).find((m) => m.type === NLMSG_ERROR) as Message<ErrorBody>
  const b = reply.body
  return new NetlinkError({
    errno: b.error,
    request: request!,
    requestBytes: reqBytes,
    extack: { ...(b.msg !== undefined ? { msg: b.msg } : {}), ...(b.offs !== undefined ? { offs: b.offs } : {}) },
  })
}

t.test('detailed view: the policy violation marks IFLA_GSO_MAX_SIZE', async (t) => {
  const err = errorFrom('x-bridge/10-link-set-bad-gso-max-size-fails', 3)
  t.equal(err.extack?.offs, 32)
  const text = formatErrorDetail(err)
  const lines = text.split('\n')
  t.equal(lines[0], err.message)
  t.match(lines[0], /ERANGE \(Numerical result out of range\)/)
  t.equal(lines[1], `request RTM_NEWLINK, ${encode(err.request!).length} bytes:`)
  t.equal(lines[2], `0000  ${encode(err.request!).length.toString(16).padStart(4, '0')}  RTM_NEWLINK`)
  const marked = lines.filter((l) => l.includes('<--'))
  t.strictSame(marked, ['0020  0008    IFLA_GSO_MAX_SIZE  1   <-- kernel: "integer out of range"'], 'exactly the offending attribute, at offset 32')
  t.match(formatErrorDetail(err, { hex: true }), /<-- kernel: "integer out of range"\n {14}08 00 29 00 01 00 00 00$/, "hex: the marked attribute's bytes")
})

t.test('detailed view: S9, a message without an offset, nothing marked', async (t) => {
  const err = errorFrom('s9/03-link-set-bridge-netns-fails', 3)
  const text = formatErrorDetail(err)
  t.match(text.split('\n')[0], /EINVAL \(Invalid argument\)/)
  t.match(text, /The interface netns is immutable/)
  t.match(text, /^0020  0008    IFLA_NET_NS_FD  4$/m)
  t.notMatch(text, /<--/)
})

t.test('detailed view: no request, an offset past the end', async (t) => {
  t.equal(formatErrorDetail({ message: 'x: EPERM' }), 'x: EPERM\n(the request is not known: nothing to show)')
  const err = errorFrom('x-bridge/10-link-set-bad-gso-max-size-fails', 3)
  const text = formatErrorDetail({ message: err.message, request: err.request, extack: { offs: 4000 } })
  t.match(text, /the kernel's offset 4000 is past the end of the request/)
})
