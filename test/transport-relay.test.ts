// The relay transport against the kernel: a client inside a scratch namespace, the relay's
// lifetime (client close, parent death, relay death), and namespace fds opened in the relay.
// open({ netns }) uses it only where koffi is not available; here it is opened explicitly, so
// the relay is tested on both paths.
import { execFileSync, spawn } from 'node:child_process'
import { join } from 'node:path'
import t from 'tap'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST } from '../codecs/core/nlmsg.js'
import { encode } from '../codecs/messages.js'
import { RTM_GETLINK, RTM_NEWLINK, RTNLGRP_LINK } from '../codecs/rtnetlink.js'
import { type OpenClientOptions, openClient } from '../src/client/open.js'
import { NetlinkSocketError, NetnsError, RelayError } from '../src/errors.js'
import { openRelay, type RelayTransport } from '../src/transport/relay.js'
import { needsRoot, ip, linkNames, processAlive, scratchNetns, uniqueName, waitFor } from './helpers/scratch.js'
import { attr, bytes, ifinfomsg, ifnameOf, nest } from './helpers/tlv.js'

// linux/net_namespace.h
const NETNSA_NSID = 1
const NETNSA_FD = 3
const RTM_NEWNSID = 88
const RTM_GETNSID = 90

// linux/if_link.h, linux/veth.h (6.1 headers)
const IFLA_IFNAME = 3
const IFLA_LINKINFO = 18
const IFLA_NET_NS_FD = 28
const IFLA_INFO_KIND = 1
const IFLA_INFO_DATA = 2
const VETH_INFO_PEER = 1

/** A client whose socket a relay process owns inside `netns`, whatever netns.mechanism() is. */
async function relayClient(netns: string, opts: OpenClientOptions = {}) {
  return openClient({ ...opts, transport: await openRelay({ netns }) })
}

const dumpLinks = { type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: ifinfomsg() }
const getLo = { type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: ifinfomsg(1) }

t.test('a client inside a namespace sees only its lo; the relay exits when the client closes', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'rel')
  const c = await relayClient(ns)
  const relay = c.transport as RelayTransport
  t.teardown(() => c.close())
  t.equal(relay.name, `relay:${ns}`)
  t.ok(processAlive(relay.pid))
  const parts = await c.dump(dumpLinks)
  t.strictSame(parts.map((m) => [m.type, ifnameOf(m.body)]), [[RTM_NEWLINK, 'lo']])
  t.equal(parts[0]!.pid, c.portId, 'answers are addressed to the relay socket’s port')
  await c.close()
  t.equal(processAlive(relay.pid), false, 'gone once close() resolves')
  await t.rejects(c.request(getLo), { name: 'NetlinkClosedError' })
})

t.test('the relay exits when its parent is killed', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'par')
  const parent = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'helpers', 'relay-parent.ts'), ns], {
    stdio: ['ignore', 'pipe', 'inherit'],
  })
  t.teardown(() => {
    if (parent.exitCode === null && parent.signalCode === null) parent.kill('SIGKILL')
  })
  const line = await new Promise<string>((resolve, reject) => {
    let out = ''
    parent.stdout.setEncoding('utf8').on('data', (s: string) => {
      out += s
      if (out.includes('\n')) resolve(out)
    })
    parent.on('exit', () => reject(new Error(`parent exited early: ${out}`)))
  })
  const { relayPid } = JSON.parse(line) as { relayPid: number }
  t.teardown(() => {
    if (processAlive(relayPid)) process.kill(relayPid, 'SIGKILL')
  })
  t.ok(processAlive(relayPid), 'relay running')
  parent.kill('SIGKILL')
  t.ok(await waitFor(() => !processAlive(relayPid), 5000), 'relay gone within 5 s of its parent’s death')
})

t.test('a dead relay fails pending requests and subscriptions with RelayError', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'die')
  const c = await relayClient(ns)
  t.teardown(() => c.close())
  const relay = c.transport as RelayTransport
  const sub = await c.subscribe([RTNLGRP_LINK])
  const monitor = c.notificationTransport as RelayTransport
  const nextNote = sub.next()
  // Stopped, the relay cannot answer: the request is surely pending when it is killed.
  process.kill(relay.pid, 'SIGSTOP')
  const pending = c.request(getLo, { operation: 'link.get', object: 'lo', timeout: 0 })
  await new Promise((r) => setTimeout(r, 20))
  process.kill(relay.pid, 'SIGKILL')
  const err = await pending.catch((e: unknown) => e)
  t.type(err, RelayError)
  t.equal((err as RelayError).signal, 'SIGKILL')
  t.equal((err as RelayError).netns, ns)
  t.equal((err as Error).message, `relay for netns ${ns}: the relay process exited (killed by SIGKILL)`)
  await t.rejects(c.request(getLo), RelayError, 'later requests fail the same way')
  t.equal(await nextNote.catch((e: unknown) => e), err, 'the subscription ends with the same error')
  t.ok(await waitFor(() => !processAlive(monitor.pid), 5000), 'the notification relay is closed too')
})

t.test('opening a relay: a missing namespace, and a file that is not a namespace', { skip: needsRoot }, async (t) => {
  await t.rejects(openRelay({ netns: uniqueName('missing') }), NetnsError)
  const err = await openRelay({ netns: '/proc/self/status' }).catch((e: unknown) => e)
  t.type(err, RelayError)
  t.match((err as Error).message, /^relay for netns \/proc\/self\/status: the relay process exited \(exit code 1\): nsenter: .*Invalid argument/)
})

t.test('IFLA_NET_NS_FD: the relay opens the namespace file; the veth peer lands in the other namespace', { skip: needsRoot }, async (t) => {
  const a = scratchNetns(t, 'fda')
  const b = scratchNetns(t, 'fdb')
  const c = await relayClient(a)
  t.teardown(() => c.close())
  const fd = await c.transport.openNetnsFd(`/run/netns/${b}`)
  t.ok(Number.isInteger(fd) && fd > 2, `fd ${fd} in the relay`)
  const end = `nlwva${process.pid % 100000}`
  const peer = `nlwvb${process.pid % 100000}`
  // ip link add END type veth peer name PEER netns B, built by hand (codecs for links come later).
  const msg = {
    type: RTM_NEWLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
    seq: 0,
    pid: 0,
    body: bytes(
      ifinfomsg(),
      attr(IFLA_IFNAME, end),
      nest(
        IFLA_LINKINFO,
        attr(IFLA_INFO_KIND, 'veth'),
        nest(IFLA_INFO_DATA, nest(VETH_INFO_PEER, ifinfomsg(), attr(IFLA_IFNAME, peer), attr(IFLA_NET_NS_FD, fd))),
      ),
    ),
  }
  t.strictSame(await c.request(msg, { operation: 'link.add', object: end }), [])
  t.strictSame(linkNames(a).sort(), ['lo', end].sort(), `ns A: ${ip('-n', a, '-o', 'link').trim()}`)
  t.strictSame(linkNames(b).sort(), ['lo', peer].sort(), `ns B: ${ip('-n', b, '-o', 'link').trim()}`)
  // The same request again: EEXIST, as a NetlinkError naming the operation.
  const again = await c.request(msg, { operation: 'link.add', object: end }).catch((e: unknown) => e)
  t.match(again, { name: 'NetlinkError', code: 'EEXIST', message: `link.add ${end}: EEXIST (File exists): ${end} already exists` })
  await c.transport.closeFd(fd)
  // With the descriptor closed in the relay, the kernel can no longer resolve it.
  const closed = await c.request(msg, { operation: 'link.add', object: end }).catch((e: unknown) => e)
  t.match(closed, { name: 'NetlinkError', code: 'EBADF' })
  await t.rejects(c.transport.closeFd(fd), /was not opened by openNetnsFd/, 'closed fds are forgotten')
})

t.test('nsid: RTM_NEWNSID / RTM_GETNSID given as bytes, with a namespace fd from the relay', { skip: needsRoot }, async (t) => {
  const a = scratchNetns(t, 'ida')
  const b = scratchNetns(t, 'idb')
  const c = await relayClient(a)
  t.teardown(() => c.close())
  const fd = await c.transport.openNetnsFd(`/run/netns/${b}`)
  t.teardown(() => c.transport.closeFd(fd).catch(() => {}))
  const rtgenmsg = new Uint8Array(4) // rtgen_family AF_UNSPEC, padded to 4
  const set = encode({ type: RTM_NEWNSID, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: bytes(rtgenmsg, attr(NETNSA_FD, fd), attr(NETNSA_NSID, 7)) })
  t.strictSame(await c.request(set, { operation: 'netns.setId', object: b }), [])
  t.match(ip('-n', a, 'netns', 'list-id'), /nsid 7 /, '`ip netns list-id` in A shows the id')
  const get = encode({ type: RTM_GETNSID, flags: NLM_F_REQUEST, seq: 0, pid: 0, body: bytes(rtgenmsg, attr(NETNSA_FD, fd)) })
  const [reply] = await c.request(get)
  t.equal(reply?.type, RTM_NEWNSID)
  const body = reply!.body
  if (body instanceof Uint8Array) {
    // No codec for nsid messages (yet): rtgenmsg (4), then NETNSA_NSID: len 8, type 1, s32 7.
    t.strictSame([...body.subarray(4, 12)], [8, 0, NETNSA_NSID, 0, 7, 0, 0, 0])
  } else t.match(body, { nsid: 7 }, 'decoded by the nsid codec')
})

t.test('ENOBUFS for real through a relay; the request socket is unaffected', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'rnb')
  const c = await relayClient(ns, { monitorRecvBufferSize: 1 })
  t.teardown(() => c.close())
  const sub = await c.subscribe([RTNLGRP_LINK])
  const monitor = c.notificationTransport as RelayTransport
  t.not(monitor, c.transport, 'notifications have their own relay')
  process.kill(monitor.pid, 'SIGSTOP')
  try {
    const cmds = Array.from({ length: 20 }, (_, i) => `link add nlwf${i} type veth peer name nlwg${i}`).join('\n') + '\n'
    execFileSync('ip', ['-n', ns, '-batch', '-'], { input: cmds })
  } finally {
    process.kill(monitor.pid, 'SIGCONT')
  }
  const timer = setTimeout(() => void sub.close(), 5000)
  const err = await (async () => {
    for await (const _ of sub) {
      /* drain whatever arrived before the overrun */
    }
  })().catch((e: unknown) => e)
  clearTimeout(timer)
  t.type(err, NetlinkSocketError)
  t.equal((err as NetlinkSocketError).code, 'ENOBUFS')
  t.equal((await c.dump(dumpLinks)).length, 41, 'requests still answered: lo and 20 veth pairs')
  // A new subscription opens a new notification socket.
  const again = await c.subscribe([RTNLGRP_LINK])
  t.not(c.notificationTransport, monitor)
  await again.close()
})
