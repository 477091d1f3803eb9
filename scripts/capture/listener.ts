// The capture's ears inside one scratch network namespace (started under nsenter, one per
// namespace): joins every rtnetlink multicast group and streams each notification, as the raw
// bytes the kernel sent, to stdout as one JSON line.
//
// Barrier: a line "barrier N" on stdin makes it send RTM_GETLINK for ifindex 1 (lo) with
// nlmsg_seq N. The kernel answers in the same receive queue, behind every notification already
// queued, so when the answer arrives every notification caused before the barrier was sent has
// been printed. That replaces sleeping and guessing.
//
// Output lines: {"t":"ready",port,joined,refused} {"t":"ev",hex,groups} {"t":"barrier",token}
// {"t":"error",message}. It exits when stdin closes (its parent is gone).
import raw from 'netlink/dist/raw.js'
import { createInterface } from 'node:readline'

const RTM_GETLINK = 18
const NLM_F_REQUEST = 0x01
/** RTNLGRP_IPV6_ACADDR, the last group of Linux 6.18 (include/uapi/linux/rtnetlink.h). */
const LAST_GROUP = 39

const out = (o: object): void => {
  process.stdout.write(JSON.stringify(o) + '\n')
}

const sock = new raw.RawNetlinkSocket(0, { recvBufferSize: 8 << 20, sendBufferSize: 1 << 20 })
const port = sock.address().port
const joined: number[] = []
const refused: number[] = []
for (let g = 1; g <= LAST_GROUP; g++) {
  try {
    sock.addMembership(g)
    joined.push(g)
  } catch {
    refused.push(g)
  }
}

const waiting = new Set<number>()

sock.on('message', (msg: Buffer, rinfo: { groups: number }) => {
  // One datagram may hold several messages; a barrier reply is alone in its datagram.
  if (msg.length >= 16) {
    const seq = msg.readUInt32LE(8)
    const pid = msg.readUInt32LE(12)
    if (pid === port && waiting.has(seq)) {
      waiting.delete(seq)
      out({ t: 'barrier', token: seq })
      return
    }
  }
  out({ t: 'ev', hex: msg.toString('hex'), groups: rinfo.groups >>> 0 })
})
sock.on('error', (e: Error) => out({ t: 'error', message: e.message }))

function barrier(token: number): void {
  const req = Buffer.alloc(32)
  req.writeUInt32LE(32, 0)
  req.writeUInt16LE(RTM_GETLINK, 4)
  req.writeUInt16LE(NLM_F_REQUEST, 6)
  req.writeUInt32LE(token >>> 0, 8)
  req.writeUInt32LE(0, 12)
  req.writeInt32LE(1, 20) // ifi_index = 1: every namespace has lo there
  waiting.add(token >>> 0)
  sock.send(req, {}, (err?: Error) => {
    if (err) out({ t: 'error', message: `barrier ${token}: ${err.message}` })
  })
}

createInterface({ input: process.stdin }).on('line', (line) => {
  const m = /^barrier (\d+)$/.exec(line.trim())
  if (m) barrier(Number(m[1]))
})
process.stdin.on('end', () => {
  sock.close()
  process.exit(0)
})

out({ t: 'ready', port, joined, refused })
