// The relay child: started by relay.ts as `nsenter --net=/run/netns/NAME node relay-child.js`,
// it owns a NETLINK_ROUTE socket inside that namespace and only moves datagrams between the socket
// and stdio (framing in relay-protocol.ts). It encodes nothing and decides nothing.
//
// It lives exactly as long as its stdin: the parent closing it, or dying (which closes it too),
// ends the child. SIGINT is ignored so that Ctrl-C reaches the parent, which may still want the
// relay for its clean-up; the parent then closes stdin.
//
// Runs as plain JavaScript from dist/, or as TypeScript when the parent runs from sources: the
// parent then adds `--import <tsx loader>` to node's arguments (see relay.ts).
import { closeSync, constants as fsConstants, openSync } from 'node:fs'
import { createRequire } from 'node:module'
import {
  type ControlRequest,
  type ControlResult,
  FrameReader,
  KIND_CONTROL,
  KIND_HELLO,
  KIND_RESULT,
  KIND_SEND,
  KIND_SOCKET_ERROR,
  type WireError,
  jsonFrame,
  messageFrame,
  readJson,
  readSend,
  sentFrame,
} from './relay-protocol.js'
import type { RawSocket } from './direct.js'

const NETLINK_ROUTE = 0

interface ErrnoLike {
  errno?: number
  code?: string
  syscall?: string
  message?: string
}

function wireError(e: unknown): WireError {
  const x = (e ?? {}) as ErrnoLike
  const out: WireError = { message: String(x.message ?? e) }
  // Node's fs errors carry a negative errno (libuv style); the addon's are positive.
  if (typeof x.errno === 'number') out.errno = Math.abs(x.errno)
  if (typeof x.code === 'string') out.code = x.code
  if (typeof x.syscall === 'string') out.syscall = x.syscall
  return out
}

function write(buf: Buffer): void {
  process.stdout.write(buf)
}

const rcvbufArg = process.argv.find((a) => a.startsWith('--rcvbuf='))
const recvBufferSize = rcvbufArg ? Number(rcvbufArg.slice('--rcvbuf='.length)) : 4 * 1024 * 1024

process.on('SIGINT', () => {})

const fds = new Set<number>()
let sock: RawSocket | undefined
let ended = false

function shutdown(code: number): void {
  if (ended) return
  ended = true
  for (const fd of fds) {
    try {
      closeSync(fd)
    } catch {}
  }
  try {
    sock?.close()
  } catch {}
  process.exit(code)
}

process.stdout.on('error', () => shutdown(0)) // EPIPE: the parent is gone

try {
  const require = createRequire(import.meta.url)
  const { RawNetlinkSocket } = require('netlink/dist/raw.js') as {
    RawNetlinkSocket: new (p: number, o: { recvBufferSize: number; messagePeeking: boolean; msgBufferSize: number }) => RawSocket
  }
  // As the direct transport reads (see READ_OPTIONS there): one 64 KiB recvmsg, no peek.
  sock = new RawNetlinkSocket(NETLINK_ROUTE, { recvBufferSize, messagePeeking: false, msgBufferSize: 64 * 1024 })
} catch (e) {
  write(jsonFrame(KIND_SOCKET_ERROR, { ...wireError(e), fatal: true }))
  shutdown(1)
}

const s = sock!
s.on('message', (buf, rinfo) => write(messageFrame(rinfo.port, rinfo.groups, buf)))
s.on('truncatedMessage', (_buf, rinfo) =>
  write(jsonFrame(KIND_SOCKET_ERROR, { errno: 90, code: 'EMSGSIZE', syscall: 'recvmsg', message: `a ${rinfo.truncated ?? 'large'}-byte datagram did not fit the 65536-byte read buffer and was dropped`, fatal: false })),
)
s.on('error', (err) => {
  const fatal = !err.syscall
  write(jsonFrame(KIND_SOCKET_ERROR, { ...wireError(err), fatal }))
  if (fatal) shutdown(1)
})

function result(r: ControlResult): void {
  write(jsonFrame(KIND_RESULT, r))
}

function control(req: ControlRequest): void {
  try {
    let value: number | undefined
    switch (req.op) {
      case 'addMembership':
        s.addMembership(Number(req.arg))
        break
      case 'dropMembership':
        s.dropMembership(Number(req.arg))
        break
      case 'openNetnsFd':
        value = openSync(String(req.arg), fsConstants.O_RDONLY | fsConstants.O_NONBLOCK)
        fds.add(value)
        break
      case 'closeFd': {
        const fd = Number(req.arg)
        if (!fds.delete(fd)) throw new Error(`fd ${fd} was not opened by openNetnsFd`)
        closeSync(fd)
        break
      }
      default:
        throw new Error(`unknown relay operation ${String(req.op)}`)
    }
    result(value === undefined ? { id: req.id, ok: true } : { id: req.id, ok: true, value })
  } catch (e) {
    result({ id: req.id, ok: false, error: wireError(e) })
  }
}

const reader = new FrameReader((kind, payload) => {
  if (kind === KIND_SEND) {
    const { id, datagram } = readSend(payload)
    s.send([datagram], {}, (err) => (err ? result({ id, ok: false, error: wireError(err) }) : write(sentFrame(id))))
  } else if (kind === KIND_CONTROL) {
    control(readJson<ControlRequest>(payload))
  } else {
    write(jsonFrame(KIND_SOCKET_ERROR, { message: `relay child: unknown frame kind ${kind}`, fatal: false }))
  }
})

process.stdin.on('data', (chunk: Buffer) => reader.push(chunk))
process.stdin.on('end', () => shutdown(0))
process.stdin.on('close', () => shutdown(0))

write(jsonFrame(KIND_HELLO, { portId: s.address().port, pid: process.pid, recvBufferSize: s.getRecvBufferSize() }))
