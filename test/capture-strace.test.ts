// strace's text, read once (codecs/inputs/strace.ts) for both `nlwire decode` and the capture
// (scripts/capture/strace.ts keeps NETLINK_ROUTE traffic and says why it dropped the rest).
// The trace is real: `ip monitor link &`, `ip link add veth0 type veth peer name veth1`,
// `ip mptcp endpoint show` (a NETLINK_GENERIC socket), `ip link show nosuch`, then the monitor
// killed in the middle of a recvmsg — run under the capture's strace options in a scratch netns.
import t from 'tap'
import { readFileSync } from 'node:fs'
import { netlinkSockets, parseStraceCalls, parseStraceText } from '../codecs/inputs/strace.js'
import { decode } from '../codecs/messages.js'
import { messageName } from '../codecs/core/nlmsg.js'
import { parseStrace } from '../scripts/capture/strace.js'

const text = readFileSync(new URL('./data/strace/ip-monitor-add-mptcp.strace', import.meta.url), 'utf8')

t.test('every completed syscall, unfinished ones joined with their resumption', async (t) => {
  const calls = parseStraceCalls(text)
  const sendmsgResumed = calls.find((c) => c.syscall === 'sendmsg' && c.pid === 1768)!
  t.equal(sendmsgResumed.ret, 92, 'a sendmsg interrupted by another process in the trace keeps its return value')
  t.equal(sendmsgResumed.fd, 3)
  t.equal(sendmsgResumed.bytes.length, 92)
  const killed = calls.filter((c) => c.syscall === 'recvmsg' && c.ret === undefined)
  t.equal(killed.length, 1, 'the recvmsg cut short by the kill has no return value ("= ?")')
  t.equal(killed[0]!.pid, 1766)
  t.equal(calls.filter((c) => c.syscall === 'socket').length, 9)
  t.notOk(calls.some((c) => c.dumpProblem !== undefined), 'every hex dump is contiguous')
})

t.test('sockets are followed through socket() and close(), per process', async (t) => {
  const calls = parseStraceCalls(text)
  const sockets = netlinkSockets(calls)
  const genl = [...sockets].filter(([, s]) => s.protocol === 'NETLINK_GENERIC')
  t.equal(genl.length, 6, 'ip mptcp talks on its NETLINK_GENERIC socket six times')
  t.ok(genl.every(([i]) => calls[i]!.pid === 1769 && calls[i]!.fd === 4))
  const unix = [...sockets].filter(([, s]) => s.protocol === null)
  t.ok(unix.every(([i]) => calls[i]!.pid === 1770), 'the AF_UNIX socket of ip link show (nscd) is known as not netlink')
})

t.test('nlwire decode: the data chunks, failed calls and peeks left out', async (t) => {
  const chunks = parseStraceText(text)
  t.strictSame(
    chunks.map((c) => [c.syscall, c.direction, c.pid, c.bytes.length]),
    [
      ['sendto', 'out', 1766, 40],
      ['recvmsg', 'in', 1766, 1468],
      ['recvmsg', 'in', 1766, 20],
      ['sendto', 'out', 1768, 32],
      ['recvmsg', 'in', 1768, 52],
      ['recvmsg', 'in', 1766, 1496],
      ['sendmsg', 'out', 1768, 92],
      ['recvmsg', 'in', 1768, 36],
      ['recvmsg', 'in', 1766, 1496],
      ['sendmsg', 'out', 1769, 36],
      ['recvmsg', 'in', 1769, 360],
      ['sendto', 'out', 1769, 20],
      ['recvmsg', 'in', 1769, 20],
      ['sendto', 'out', 1770, 32],
      ['recvmsg', 'in', 1770, 52],
      ['sendmsg', 'out', 1770, 52],
      ['recvmsg', 'in', 1770, 72],
    ],
  )
})

t.test('the capture: NETLINK_ROUTE buffers only, numbered sockets, and why the rest was dropped', async (t) => {
  const p = parseStrace(text)
  t.strictSame(
    p.buffers.map((b) => [b.kind, b.syscall, b.pid, b.fd, b.socket, b.bytes.length]),
    [
      ['request', 'sendto', 1766, 3, 2, 40],
      ['reply', 'recvmsg', 1766, 3, 2, 1468],
      ['reply', 'recvmsg', 1766, 3, 2, 20],
      ['request', 'sendto', 1768, 3, 4, 32],
      ['reply', 'recvmsg', 1768, 3, 4, 52],
      ['reply', 'recvmsg', 1766, 3, 2, 1496],
      ['request', 'sendmsg', 1768, 3, 4, 92],
      ['reply', 'recvmsg', 1768, 3, 4, 36],
      ['reply', 'recvmsg', 1766, 3, 2, 1496],
      ['request', 'sendto', 1770, 3, 6, 32],
      ['reply', 'recvmsg', 1770, 3, 6, 52],
      ['request', 'sendmsg', 1770, 4, 7, 52],
      ['reply', 'recvmsg', 1770, 4, 7, 72],
    ],
  )
  t.strictSame(p.otherSockets, ['NETLINK_GENERIC'])
  t.strictSame(
    p.skipped.map((s) => [s.syscall, s.pid, s.fd, s.why]),
    [
      ...['sendmsg', 'recvmsg', 'recvmsg', 'sendto', 'recvmsg', 'recvmsg'].map((c) => [c, 1769, 4, 'NETLINK_GENERIC socket']),
      ['recvmsg', 1766, 3, 'returned ?'],
    ],
  )
  // What the buffers hold, read by the codecs: the veth creation and its notifications.
  const types = p.buffers.map((b) => decode(b.bytes).map((m) => messageName(m.type)).join(','))
  t.equal(types[6], 'RTM_NEWLINK')
  t.equal(types[7], 'NLMSG_ERROR')
  t.equal(types[5], 'RTM_NEWLINK', 'the monitor saw the new link')
})
