// The direct transport against the kernel. The socket must live in a scratch namespace, so the
// work happens in test/helpers/direct-probe.ts started with nsenter; this file checks its report.
import { readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { RTM_GETLINK, RTM_NEWLINK } from '../codecs/rtnetlink.js'
import { needsRoot, runScript, scratchNetns } from './helpers/scratch.js'
import { needsProgram } from './helpers/programs.js'

const probe = join(import.meta.dirname, 'helpers', 'direct-probe.ts')
const straceSkip = needsProgram('strace')

t.test('a raw RTM_GETLINK dump, an ENODEV error, and a batch in one sendmsg', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'dir')
  const trace = join(tmpdir(), `nlw-strace-${process.pid}.txt`)
  t.teardown(() => rmSync(trace, { force: true }))
  const wrap = straceSkip ? [] : ['strace', '-f', '-qq', '-e', 'trace=sendmsg', '-o', trace]
  const r = await runScript(probe, ['basic'], { netns: ns, wrap })
  t.equal(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as {
    portId: number
    recvBufferSize: number
    links: { type: number; seq: number; pid: number; name: string }[]
    error: Record<string, unknown>
    batch: unknown[]
  }
  t.strictSame(out.links.map((l) => [l.type, l.name]), [[RTM_NEWLINK, 'lo']], 'a fresh namespace has only lo')
  t.equal(out.links[0]!.pid, out.portId, 'the kernel addresses the reply to our port')
  t.ok(out.recvBufferSize >= 64 * 1024, `a large receive buffer (${out.recvBufferSize})`)
  t.match(out.error, {
    name: 'NetlinkError',
    isNetlinkError: true,
    code: 'ENODEV',
    errno: 19,
    requestType: RTM_GETLINK,
    message: 'link.get ifindex 99999: ENODEV (No such device): there is no network device ifindex 99999',
  })
  t.strictSame(out.batch, [['lo'], 'ENODEV', ['lo']])
  await t.test('three sendmsg calls, the batch in one (strace)', { skip: straceSkip }, async (t) => {
    // dump + error request + one batch of three = three sendmsg calls on the netlink socket.
    const calls = readFileSync(trace, 'utf8').split('\n').filter((l) => l.includes('sendmsg(') && l.includes('AF_NETLINK'))
    t.equal(calls.length, 3, calls.join('\n'))
    t.equal(calls[2]!.match(/nlmsg_len=/g)?.length, 3, 'the batch’s three requests in one call')
  })
})

t.test('ENOBUFS for real: a tiny notification buffer and a burst of link notifications', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'nob')
  const r = await runScript(probe, ['enobufs'], { netns: ns })
  t.equal(r.code, 0, r.stderr)
  const out = JSON.parse(r.stdout) as { received: number; error?: Record<string, unknown>; linksAfter: number }
  // In-process (koffi): NetlinkDroppedError from the drop counter; relay: the child's death.
  t.match(out.error, { name: /^Netlink(Socket|Dropped)Error$/, code: 'ENOBUFS', errno: 105, syscall: 'recvmsg' }, `after ${out.received} notifications`)
  t.match(out.error?.message, /ENOBUFS \(No buffer space available\): .*receive buffer (overrun|overflowed)/)
  t.equal(out.linksAfter, 41, 'requests still work: lo and 20 veth pairs')
})
