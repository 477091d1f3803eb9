// The hex dumps of `strace -f -x -e trace=socket,close,sendmsg,recvmsg,sendto,recvfrom -e
// write=all -e read=all`. strace 6.x prints a syscall line ("PID  sendmsg(3, {...}) = 92", with
// `[pid N]` or a bare pid under -f) and, after it, hex dumps of the data:
//   " * 92 bytes in buffer 0"                        (sendmsg/recvmsg: one per iovec)
//   " | 00000  5c 00 00 00 10 00 05 06  35 d2 ...   \.......5 |"
// sendto/recvfrom dump their single buffer without the "* N bytes" line. One syscall is one
// datagram, so its iovecs are joined into one chunk.
//
// Two levels: parseStraceCalls gives every completed syscall (socket, close, failed and peeking
// reads included) with its fd, return value and bytes; parseStraceText keeps the data chunks
// (`nlwire decode`); netlinkSockets tells which fd was which netlink protocol (the capture keeps
// only NETLINK_ROUTE traffic).

export interface StraceChunk {
  syscall: string
  /** 'out' = the process sent it (user → kernel), 'in' = it received it. */
  direction: 'out' | 'in'
  /** The traced process, when strace -f printed it. */
  pid?: number
  /** The text of the syscall line, for context. */
  call: string
  bytes: Uint8Array
  /** The socket the call was on, when the trace showed it being opened (see carriesRtnetlink). */
  socket?: SocketOf
}

/** One completed syscall (an unfinished one joined with its resumption). */
export interface StraceCall {
  syscall: string
  pid?: number
  /** The first argument when it is a number: the fd of socket calls and close(). */
  fd?: number
  /** The return value, when the line ends with one ("= 92", "= -1 EINTR (...)"). */
  ret?: number
  /** The call's text from its name to the end of the line. */
  call: string
  /** The arguments: the text between the name's "(" and the closing ") = RET". */
  args: string
  /** The hex dumps that followed it, joined (empty when none). */
  bytes: Uint8Array
  /** Set when the dump rows were not contiguous (a row's offset skipped or repeated bytes). */
  dumpProblem?: string
}

const OUT = new Set(['sendmsg', 'sendto', 'write', 'writev', 'send', 'sendmmsg'])
const IN = new Set(['recvmsg', 'recvfrom', 'read', 'readv', 'recv', 'recvmmsg'])

const PID = /^\[pid\s+(\d+)\]\s*/
const BARE_PID = /^(\d+)\s+(?=[a-z_0-9]+\(|<\.\.\.)/
const HEXLINE = /^\s*\|\s([0-9a-fA-F]{5,})\s\s(.*)$/
const RESUMED = /^<\.\.\.\s+(\w+)\s+resumed>\s?/
const RESUMED_IN_ARGS = /\s*<\.\.\.\s+\w+\s+resumed>\s?/
const UNFINISHED = /<unfinished \.\.\.>\s*$/
const RESULT = /\)\s*=\s*(-?\d+)(?:<[^>]*>)?(?:\s.*)?$/

export function looksLikeStrace(text: string): boolean {
  return /^(\[pid\s+\d+\]\s*)?(\d+\s+)?(sendmsg|recvmsg|sendto|recvfrom)\(/m.test(text) && /^\s*\|\s[0-9a-f]{5}\s\s/m.test(text)
}

/** Every completed syscall in strace's output, in the order they completed, with the bytes dumped after each. */
export function parseStraceCalls(text: string): StraceCall[] {
  const out: StraceCall[] = []
  const r = new StraceReader((c) => out.push(c))
  for (const line of text.split('\n')) r.line(line)
  r.end()
  return out
}

/**
 * strace's output read line by line (of any length: a call is handed out as soon as the next
 * one starts), for parseStraceCalls and for `nlwire decode` reading a stream.
 */
export class StraceReader {
  private readonly pending = new Map<string, { name: string; head: string }>() // pid → unfinished call
  // bufStart: where the current iovec's bytes start in parts (each "* N bytes in buffer K" opens one).
  private current: { call: StraceCall; parts: number[]; bufStart: number } | null = null

  constructor(private readonly onCall: (c: StraceCall) => void) {}

  private flush(): void {
    const current = this.current
    if (current) {
      current.call.bytes = Uint8Array.from(current.parts)
      this.onCall(current.call)
    }
    this.current = null
  }

  /** Everything has been read: the last call is complete. */
  end(): void {
    this.flush()
  }

  line(rawLine: string): void {
    let line = rawLine
    let pid: number | undefined
    const pm = PID.exec(line) ?? BARE_PID.exec(line)
    if (pm) {
      pid = Number(pm[1])
      line = line.slice(pm[0].length)
    }
    const hm = HEXLINE.exec(line)
    const current = this.current
    if (hm) {
      if (current) {
        const offset = parseInt(hm[1]!, 16)
        const have = current.parts.length - current.bufStart
        if (offset !== have && current.call.dumpProblem === undefined) current.call.dumpProblem = `dump row at offset ${offset} after ${have} bytes`
        const area = hm[2]!.slice(0, 49)
        for (const tok of area.trim().split(/\s+/)) if (/^[0-9a-fA-F]{2}$/.test(tok)) current.parts.push(parseInt(tok, 16))
      }
      return
    }
    if (/^\s*\*\s+\d+\s+bytes in buffer/.test(line)) {
      if (current) current.bufStart = current.parts.length
      return
    }
    const key = String(pid ?? 0)
    let name: string
    let call: string
    const resumed = RESUMED.exec(line)
    if (resumed) {
      const p = this.pending.get(key)
      this.pending.delete(key)
      name = resumed[1]!
      // As strace would have printed it uninterrupted, but keeping the "<... resumed>" marker.
      call = (p?.head ?? `${name}(`) + line
    } else {
      const sm = /^(\w+)\(/.exec(line)
      if (!sm) return
      name = sm[1]!
      call = line
      if (UNFINISHED.test(line)) {
        this.flush()
        this.pending.set(key, { name, head: line.replace(UNFINISHED, '') })
        return
      }
    }
    this.flush()
    const r = RESULT.exec(call)
    const open = call.indexOf('(')
    const args = (r ? call.slice(open + 1, r.index) : call.slice(open + 1)).replace(RESUMED_IN_ARGS, '')
    const fdm = /^(\d+)\b/.exec(args)
    const c: StraceCall = { syscall: name, call, args, bytes: new Uint8Array(0) }
    if (pid !== undefined) c.pid = pid
    if (fdm) c.fd = Number(fdm[1])
    if (r) c.ret = Number(r[1])
    this.current = { call: c, parts: [], bufStart: 0 }
  }
}

/** The call moved data (send/recv/read/write family). */
export function isDataCall(c: StraceCall): boolean {
  return OUT.has(c.syscall) || IN.has(c.syscall)
}

/** 'out' for calls that send, 'in' for calls that receive. */
export function directionOf(c: StraceCall): 'out' | 'in' {
  return OUT.has(c.syscall) ? 'out' : 'in'
}

/** A receive with MSG_PEEK only looks at the next datagram; the real read follows. */
export function isPeek(c: StraceCall): boolean {
  return /MSG_PEEK/.test(c.call)
}

/** The data chunks: one per send/receive syscall that moved bytes (failed calls and peeks left out). */
export function parseStraceText(text: string): StraceChunk[] {
  const out: StraceChunk[] = []
  const sockets = new SocketTracker()
  for (const c of parseStraceCalls(text)) {
    const socket = sockets.see(c)
    const chunk = dataChunk(c)
    if (chunk) out.push(socket ? { ...chunk, socket } : chunk)
  }
  return out
}

/** The bytes a call moved, or undefined when it moved none (not a data call, failed, peeked). */
export function dataChunk(c: StraceCall): StraceChunk | undefined {
  if (!isDataCall(c) || c.bytes.length === 0) return undefined
  // Returned an error, or only peeked: nothing (new) was transferred.
  if (c.ret === -1 || isPeek(c)) return undefined
  return { syscall: c.syscall, direction: directionOf(c), pid: c.pid, call: c.call, bytes: c.bytes }
}

const SOCKET_NETLINK = /^AF_NETLINK,\s*[^,]+,\s*(\w+)$/

/** What one fd of one process was while a call ran. */
export interface SocketOf {
  /** 'NETLINK_ROUTE', 'NETLINK_GENERIC' ...; null for a socket of another address family. */
  protocol: string | null
  /** 1-based: the order in which the trace opened sockets of this protocol. */
  n: number
}

/**
 * Follows socket() and close() call by call (streaming: `nlwire decode` reads a trace of any size):
 * for a call on an fd, what that socket is. Fds are per process (pid); a closed fd is forgotten.
 */
export class SocketTracker {
  private readonly open = new Map<string, SocketOf>()
  private readonly counts = new Map<string | null, number>()

  /** What the socket of `c` is: undefined when `c` is not on a socket this trace opened (or is socket()/close() itself). */
  see(c: StraceCall): SocketOf | undefined {
    if (c.syscall === 'socket') {
      if (c.ret === undefined || c.ret < 0) return undefined
      const m = SOCKET_NETLINK.exec(c.args.trim())
      const protocol = m ? m[1]! : null
      const n = (this.counts.get(protocol) ?? 0) + 1
      this.counts.set(protocol, n)
      this.open.set(`${c.pid ?? 0}:${c.ret}`, { protocol, n })
      return undefined
    }
    if (c.fd === undefined) return undefined
    const key = `${c.pid ?? 0}:${c.fd}`
    if (c.syscall === 'close') {
      this.open.delete(key)
      return undefined
    }
    return this.open.get(key)
  }
}

/** For each call index on an fd that is a socket, what that socket is (SocketTracker over all calls). */
export function netlinkSockets(calls: readonly StraceCall[]): Map<number, SocketOf> {
  const tracker = new SocketTracker()
  const out = new Map<number, SocketOf>()
  calls.forEach((c, i) => {
    const s = tracker.see(c)
    if (s) out.set(i, s)
  })
  return out
}

/**
 * Whether a data call's bytes are rtnetlink: yes on a NETLINK_ROUTE socket, and on a socket the
 * trace did not see opened (strace attached later); no on other netlink protocols (generic
 * netlink, ethtool, audit...) and non-netlink sockets, whose bytes the rtnetlink codecs would
 * misread (a genetlink message's type is a family id, not RTM_NEWLINK).
 */
export function carriesRtnetlink(s: SocketOf | undefined): boolean {
  return s === undefined || s.protocol === 'NETLINK_ROUTE'
}

/** 'NETLINK_GENERIC', or 'a non-netlink socket': how a skipped call's socket is named. */
export function socketKind(s: SocketOf): string {
  return s.protocol ?? 'a non-netlink socket'
}
