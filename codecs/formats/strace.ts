// The hex dumps of `strace -f -x -e trace=sendmsg,recvmsg,sendto,recvfrom -e write=all -e
// read=all`: one chunk per syscall (all its iovec buffers joined), with its direction. Peeking
// reads (MSG_PEEK, iproute2 sizes its buffer that way) are skipped: the real read follows.

export interface StraceChunk {
  syscall: string
  /** 'out' = the process sent it (user → kernel), 'in' = it received it. */
  direction: 'out' | 'in'
  /** The traced process, when strace -f printed it. */
  pid?: number
  /** The text of the syscall line, for context. */
  call: string
  bytes: Uint8Array
}

const OUT = new Set(['sendmsg', 'sendto', 'write', 'writev', 'send', 'sendmmsg'])
const IN = new Set(['recvmsg', 'recvfrom', 'read', 'readv', 'recv', 'recvmmsg'])

const PID = /^\[pid\s+(\d+)\]\s*/
const HEXLINE = /^\s*\|\s([0-9a-fA-F]{5,})\s\s(.*)$/

export function looksLikeStrace(text: string): boolean {
  return /^(\[pid\s+\d+\]\s*)?(\d+\s+)?(sendmsg|recvmsg|sendto|recvfrom)\(/m.test(text) && /^\s*\|\s[0-9a-f]{5}\s\s/m.test(text)
}

export function parseStraceText(text: string): StraceChunk[] {
  const out: StraceChunk[] = []
  const pending = new Map<string, string>() // pid → syscall name of an unfinished call
  let current: { chunk: StraceChunk; parts: number[] } | null = null
  const flush = () => {
    if (current && current.parts.length > 0) {
      current.chunk.bytes = Uint8Array.from(current.parts)
      out.push(current.chunk)
    }
    current = null
  }
  for (const rawLine of text.split('\n')) {
    let line = rawLine
    let pid: number | undefined
    const pm = PID.exec(line)
    if (pm) {
      pid = Number(pm[1])
      line = line.slice(pm[0].length)
    } else {
      // `strace -f -o FILE` prefixes lines with the bare pid.
      const bare = /^(\d+)\s+(?=[a-z_]+\(|<\.\.\.)/.exec(line)
      if (bare) {
        pid = Number(bare[1])
        line = line.slice(bare[0].length)
      }
    }
    const hm = HEXLINE.exec(line)
    if (hm) {
      if (current) {
        const area = hm[2]!.slice(0, 49)
        for (const tok of area.trim().split(/\s+/)) if (/^[0-9a-fA-F]{2}$/.test(tok)) current.parts.push(parseInt(tok, 16))
      }
      continue
    }
    if (/^\s*\*\s+\d+\s+bytes in buffer/.test(line)) continue
    const key = String(pid ?? 0)
    let name: string | undefined
    let call = line
    const resumed = /^<\.\.\.\s+(\w+)\s+resumed>/.exec(line)
    if (resumed) {
      name = resumed[1]
      call = (pending.get(key) ?? '') + line
      pending.delete(key)
    } else {
      const sm = /^(\w+)\(/.exec(line)
      if (!sm) continue
      name = sm[1]
      if (/<unfinished \.\.\.>\s*$/.test(line)) {
        flush()
        pending.set(key, line.replace(/<unfinished \.\.\.>\s*$/, ''))
        continue
      }
    }
    flush()
    if (name === undefined || (!OUT.has(name) && !IN.has(name))) continue
    // Returned an error, or only peeked: nothing (new) was transferred.
    if (/\)\s*=\s*-1\b/.test(call) || /MSG_PEEK/.test(call)) continue
    current = { chunk: { syscall: name, direction: OUT.has(name) ? 'out' : 'in', pid, call, bytes: new Uint8Array(0) }, parts: [] }
  }
  flush()
  return out
}
