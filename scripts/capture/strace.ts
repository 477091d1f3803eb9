// Reads what `strace -f -x -e trace=socket,close,sendmsg,recvmsg,sendto,recvfrom -e write=all
// -e read=all` wrote: the bytes every NETLINK_ROUTE socket sent and received. strace 6.x prints a
// syscall line ("PID  sendmsg(3, {...}) = 92") and, after it, hex dumps of the data:
//   " * 92 bytes in buffer 0"                        (sendmsg/recvmsg: one per iovec)
//   " | 00000  5c 00 00 00 10 00 05 06  35 d2 ...   \.......5 |"
// sendto/recvfrom dump their single buffer without the "* N bytes" line. One syscall is one
// datagram, so its iovecs are joined into one section. recvmsg with MSG_PEEK (iproute2 peeks to
// size its buffer) is skipped: the same datagram is read again without it.

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

export interface StraceParse {
  buffers: TracedBuffer[]
  skipped: SkippedSyscall[]
  /** Netlink sockets of other protocols the command opened (generic netlink for ethtool ...). */
  otherSockets: string[]
}

const SYSCALL = /^(\d+)\s+(?:<\.\.\. (\w+) resumed>(.*)|(\w+)\((.*))$/
const UNFINISHED = ' <unfinished ...>'
const RESULT = /\)\s+=\s+(-?\d+)(?:<[^>]*>)?(?:\s.*)?$/
const DUMP_HEAD = /^ \* (\d+) bytes in buffer (\d+)$/
const DUMP_ROW = /^ \| ([0-9a-f]{5})  (.{49})/
const SOCKET_PROTO = /^AF_NETLINK,\s*[^,]+,\s*(\w+)\)/

interface Pending {
  name: string
  pid: number
  args: string
}

interface Done {
  name: string
  pid: number
  args: string
  ret: number
  chunks: number[][]
}

export function parseStrace(text: string): StraceParse {
  const pending = new Map<number, Pending>()
  const done: Done[] = []
  let last: Done | undefined
  for (const line of text.split('\n')) {
    if (line.startsWith(' * ')) {
      const m = DUMP_HEAD.exec(line)
      if (m && last) last.chunks.push([])
      continue
    }
    if (line.startsWith(' | ')) {
      const m = DUMP_ROW.exec(line)
      if (!m || !last) continue
      if (last.chunks.length === 0) last.chunks.push([])
      const chunk = last.chunks[last.chunks.length - 1]!
      const offset = parseInt(m[1]!, 16)
      if (offset !== chunk.length) throw new Error(`strace dump out of order: row at ${offset}, have ${chunk.length} bytes`)
      for (const h of m[2]!.match(/[0-9a-f]{2}/g) ?? []) chunk.push(parseInt(h, 16))
      continue
    }
    const m = SYSCALL.exec(line)
    if (!m) continue
    const pid = Number(m[1])
    let name: string
    let args: string
    if (m[2] !== undefined) {
      const p = pending.get(pid)
      pending.delete(pid)
      if (!p) continue
      name = p.name
      args = p.args + m[3]!
    } else {
      name = m[4]!
      args = m[5]!
    }
    if (args.endsWith(UNFINISHED)) {
      pending.set(pid, { name, pid, args: args.slice(0, -UNFINISHED.length) })
      last = undefined
      continue
    }
    const r = RESULT.exec(args)
    last = { name, pid, args, ret: r ? Number(r[1]) : -1, chunks: [] }
    done.push(last)
  }
  return classify(done)
}

function classify(done: Done[]): StraceParse {
  // fd -> protocol per pid; sockets numbered in the order the command opened them.
  const fds = new Map<string, { proto: string; socket: number }>()
  let sockets = 0
  const buffers: TracedBuffer[] = []
  const skipped: SkippedSyscall[] = []
  const otherSockets: string[] = []
  for (const c of done) {
    if (c.name === 'socket') {
      if (c.ret < 0) continue
      const p = SOCKET_PROTO.exec(c.args)
      if (!p) {
        fds.delete(`${c.pid}:${c.ret}`)
        continue
      }
      const proto = p[1]!
      if (proto === 'NETLINK_ROUTE') fds.set(`${c.pid}:${c.ret}`, { proto, socket: ++sockets })
      else {
        fds.set(`${c.pid}:${c.ret}`, { proto, socket: 0 })
        otherSockets.push(proto)
      }
      continue
    }
    const fd = Number(/^(\d+)/.exec(c.args)?.[1] ?? -1)
    if (c.name === 'close') {
      fds.delete(`${c.pid}:${fd}`)
      continue
    }
    const sock = fds.get(`${c.pid}:${fd}`)
    if (!sock) continue
    if (sock.proto !== 'NETLINK_ROUTE') {
      skipped.push({ syscall: c.name, pid: c.pid, fd, why: `${sock.proto} socket` })
      continue
    }
    if (c.ret < 0) {
      skipped.push({ syscall: c.name, pid: c.pid, fd, why: `returned ${c.ret}` })
      continue
    }
    const isRecv = c.name === 'recvmsg' || c.name === 'recvfrom'
    if (isRecv && /MSG_PEEK/.test(flagsArg(c.args))) continue
    const bytes = Uint8Array.from(c.chunks.flat())
    if (bytes.length !== c.ret) {
      skipped.push({ syscall: c.name, pid: c.pid, fd, why: `returned ${c.ret} but strace dumped ${bytes.length} bytes` })
      continue
    }
    buffers.push({ kind: isRecv ? 'reply' : 'request', syscall: c.name, pid: c.pid, fd, socket: sock.socket, bytes })
  }
  return { buffers, skipped, otherSockets }
}

/** The flags argument: the text after the last "}, " of recvmsg(fd, {...}, FLAGS) = N. */
function flagsArg(args: string): string {
  const end = args.lastIndexOf(')')
  const start = args.lastIndexOf('}, ', end)
  return start < 0 ? '' : args.slice(start + 3, end)
}
