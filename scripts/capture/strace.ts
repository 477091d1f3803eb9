// What the capture keeps of `strace -f -x -e trace=socket,close,setsockopt,sendmsg,recvmsg,sendto,
// recvfrom -e write=all -e read=all`: the bytes every NETLINK_ROUTE socket sent and received, one
// buffer per syscall (a sendmsg with several iovecs is one datagram), and the options set on those
// sockets (NETLINK_GET_STRICT_CHK tells that the kernel checked and filtered the dumps). Parsing strace's text is
// codecs/inputs/strace.ts's job (`nlwire decode` reads the same output); this file decides what
// is recorded and why the rest is not. recvmsg with MSG_PEEK (iproute2 sizing its buffer) is
// skipped silently: the same datagram is read again right after.
import { directionOf, isDataCall, isPeek, netlinkSockets, parseStraceCalls } from '../../codecs/inputs/strace.js'

export interface TracedBuffer {
  kind: 'request' | 'reply'
  syscall: string
  pid: number
  fd: number
  /** 1-based order in which the command opened its NETLINK_ROUTE sockets. */
  socket: number
  bytes: Uint8Array
}

export interface SkippedSyscall {
  syscall: string
  pid: number
  fd: number
  why: string
}

/** setsockopt on a NETLINK_ROUTE socket, as strace spelled it. */
export interface TracedOption {
  /** 1-based, as TracedBuffer.socket. */
  socket: number
  /** 'SOL_NETLINK', 'SOL_SOCKET' */
  level: string
  /** 'NETLINK_GET_STRICT_CHK', 'NETLINK_EXT_ACK', 'SO_RCVBUF' ... */
  option: string
  /** The value strace printed ('1', '32768'), without its brackets. */
  value: string
  /** The return value: 0, or -1 when the kernel refused it. */
  ret: number
}

export interface StraceParse {
  buffers: TracedBuffer[]
  options: TracedOption[]
  skipped: SkippedSyscall[]
  /** Netlink sockets of other protocols the command opened (generic netlink for ethtool ...). */
  otherSockets: string[]
}

export function parseStrace(text: string): StraceParse {
  const calls = parseStraceCalls(text)
  const sockets = netlinkSockets(calls)
  const buffers: TracedBuffer[] = []
  const options: TracedOption[] = []
  const skipped: SkippedSyscall[] = []
  const otherSockets: string[] = []
  calls.forEach((c, i) => {
    const pid = c.pid ?? 0
    if (c.syscall === 'socket') {
      const proto = /^AF_NETLINK,\s*[^,]+,\s*(\w+)$/.exec(c.args.trim())?.[1]
      if (c.ret !== undefined && c.ret >= 0 && proto !== undefined && proto !== 'NETLINK_ROUTE') otherSockets.push(proto)
      return
    }
    const sock = sockets.get(i)
    if (c.syscall === 'setsockopt' && sock?.protocol === 'NETLINK_ROUTE') {
      const m = /^\s*\d+,\s*(\w+),\s*(\w+),\s*\[?([^\],]*)\]?,/.exec(c.args)
      if (m) options.push({ socket: sock.n, level: m[1]!, option: m[2]!, value: m[3]!.trim(), ret: c.ret ?? -1 })
      return
    }
    // Not a socket (or not a netlink one): not ours to record.
    if (sock === undefined || sock.protocol === null || !isDataCall(c)) return
    const fd = c.fd ?? -1
    if (sock.protocol !== 'NETLINK_ROUTE') {
      skipped.push({ syscall: c.syscall, pid, fd, why: `${sock.protocol} socket` })
      return
    }
    if (c.ret === undefined || c.ret < 0) {
      skipped.push({ syscall: c.syscall, pid, fd, why: `returned ${c.ret ?? '?'}` })
      return
    }
    const kind = directionOf(c) === 'in' ? 'reply' : 'request'
    if (kind === 'reply' && isPeek(c)) return
    if (c.dumpProblem !== undefined) throw new Error(`strace dump of ${c.syscall} on fd ${fd} (pid ${pid}) is not contiguous: ${c.dumpProblem}`)
    if (c.bytes.length !== c.ret) {
      skipped.push({ syscall: c.syscall, pid, fd, why: `returned ${c.ret} but strace dumped ${c.bytes.length} bytes` })
      return
    }
    buffers.push({ kind, syscall: c.syscall, pid, fd, socket: sock.n, bytes: c.bytes })
  })
  return { buffers, options, skipped, otherSockets }
}
