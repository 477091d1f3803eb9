// Run by test/transport-direct.test.ts inside a scratch namespace (nsenter), so that the direct
// transport's socket is in that namespace: prints one JSON object with what it saw.
//   direct-probe.ts basic    dump links, a missing ifindex, a batch of three requests
//   direct-probe.ts enobufs  tiny notification buffer, link notifications while its owner is stopped
import { execFileSync } from 'node:child_process'
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTM_GETLINK, RTNLGRP_LINK } from '../../codecs/rtnetlink.js'
import { Client } from '../../src/client/client.js'
import { NetlinkError } from '../../src/errors.js'
import { openDirect } from '../../src/transport/direct.js'
import type { RelayTransport } from '../../src/transport/relay.js'
import { ifinfomsg, ifnameOf } from './tlv.js'

const mode = process.argv[2]

function errorFields(e: unknown): Record<string, unknown> {
  const x = e as NetlinkError
  return { name: x.name, code: x.code, errno: x.errno, message: x.message, syscall: (e as { syscall?: string }).syscall }
}

if (mode === 'basic') {
  const transport = openDirect()
  const c = new Client(transport)
  const parts = await c.dump({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: ifinfomsg() })
  const links = parts.map((m) => ({ type: m.type, seq: m.seq, pid: m.pid, name: ifnameOf(m.body) }))
  let error: Record<string, unknown> | undefined
  try {
    await c.request({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: ifinfomsg(99999) }, { operation: 'link.get', object: 'ifindex 99999' })
  } catch (e) {
    error = { ...errorFields(e), isNetlinkError: e instanceof NetlinkError, requestType: (e as NetlinkError).request?.type }
  }
  const batch = await Promise.allSettled(
    c.batch([1, 99998, 1].map((i) => ({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: ifinfomsg(i) }))),
  )
  const batchResult = batch.map((r) => (r.status === 'fulfilled' ? r.value.map((m) => ifnameOf(m.body)) : (r.reason as NetlinkError).code))
  console.log(JSON.stringify({ portId: c.portId, recvBufferSize: transport.recvBufferSize(), links, error, batch: batchResult }))
  await c.close()
} else if (mode === 'enobufs') {
  const transport = openDirect()
  const c = new Client(transport, { monitorRecvBufferSize: 1 })
  const sub = await c.subscribe([RTNLGRP_LINK])
  // Without koffi the notification socket belongs to a relay child: stop it while the kernel
  // sends notifications, and its tiny buffer must overflow. With koffi it is this process's (with
  // NETLINK_NO_ENOBUFS): execFileSync blocks this event loop, so nothing reads it meanwhile.
  const monitor = c.notificationTransport as RelayTransport
  const relayPid = typeof monitor.pid === 'number' ? monitor.pid : undefined
  if (relayPid !== undefined) process.kill(relayPid, 'SIGSTOP')
  const cmds = Array.from({ length: 20 }, (_, i) => `link add nlwf${i} type veth peer name nlwg${i}`).join('\n') + '\n'
  try {
    execFileSync('ip', ['-batch', '-'], { input: cmds })
  } finally {
    if (relayPid !== undefined) process.kill(relayPid, 'SIGCONT')
  }
  let received = 0
  let error: Record<string, unknown> | undefined
  const timer = setTimeout(() => void sub.close(), 5000)
  try {
    for await (const _ of sub) received++
  } catch (e) {
    error = errorFields(e)
  }
  clearTimeout(timer)
  // The request socket is unaffected: it still answers.
  const after = await c.dump({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: ifinfomsg() })
  console.log(JSON.stringify({ received, error, linksAfter: after.length }))
  await c.close()
} else {
  console.error(`unknown mode ${mode}`)
  process.exit(2)
}
