// Per scratch namespace, two long-lived observers started before the scenario's next command:
//   • the listener (listener.ts): every rtnetlink notification as raw bytes, plus barriers;
//   • `ip -t -d monitor`: what iproute2 prints for the same notifications. `-t` puts a
//     "Timestamp: ... usec" line before each message it prints, and ip monitor writes each
//     message (header and text) with one write(), so its stdout splits per message exactly.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { readFileSync, readdirSync, readlinkSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import type { Sandbox } from './sandbox.js'
import { registerChild, sleep, unregisterChild, waitFor } from './proc.js'

export interface RawEvent {
  /** Position in this namespace's stream since the listener started. */
  index: number
  bytes: Uint8Array
  /** sockaddr_nl.nl_groups of the datagram: 1 << (group - 1) for groups 1..32, 0 above. */
  groups: number
}

const LISTENER = fileURLToPath(new URL('./listener.ts', import.meta.url))

function killChild(c: ChildProcessWithoutNullStreams): void {
  if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  unregisterChild(c.pid)
}

export class Listener {
  readonly events: RawEvent[] = []
  lastEventAt = 0
  port = 0
  joined: number[] = []
  errors: string[] = []
  private token = 0
  private readonly marks = new Map<number, number>()
  private exited = false

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.on('exit', () => (this.exited = true))
  }

  static async start(sb: Sandbox, netns: string): Promise<Listener> {
    const argv = sb.argv(netns, [process.execPath, '--import', 'tsx', LISTENER])
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] })
    registerChild(child.pid, `listener in ${netns}`)
    child.stdin.on('error', () => {})
    const l = new Listener(child)
    let ready = false
    let stderr = ''
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()))
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = JSON.parse(line) as { t: string; hex?: string; groups?: number; token?: number; port?: number; joined?: number[]; message?: string }
      if (m.t === 'ev') {
        l.events.push({ index: l.events.length, bytes: Uint8Array.from(Buffer.from(m.hex!, 'hex')), groups: m.groups! })
        l.lastEventAt = Date.now()
      } else if (m.t === 'barrier') l.marks.set(m.token!, l.events.length)
      else if (m.t === 'ready') {
        l.port = m.port!
        l.joined = m.joined!
        ready = true
      } else if (m.t === 'error') l.errors.push(m.message!)
    })
    if (!(await waitFor(() => ready || l.exited, 15_000)) || !ready) {
      killChild(child)
      throw new Error(`listener in ${netns} did not start: ${stderr.trim()}`)
    }
    return l
  }

  /** Send a barrier; resolves with the number of events received before its answer. */
  async barrier(timeoutMs = 5000): Promise<number> {
    const token = ++this.token
    this.child.stdin.write(`barrier ${token}\n`)
    if (!(await waitFor(() => this.marks.has(token), timeoutMs, 5))) throw new Error(`barrier ${token} unanswered after ${timeoutMs} ms`)
    const at = this.marks.get(token)!
    this.marks.delete(token)
    return at
  }

  stop(): void {
    this.child.stdin.end()
    killChild(this.child)
  }
}

export interface MonitorBlock {
  text: string
}

const HEADER = /^Timestamp: [^\n]* usec\n/gm

export class Monitor {
  /** Groups 1..32 the monitor joined, read from /proc/PID/net/netlink (its Groups column). */
  groupsMask = 0
  stderr = ''
  private buf = ''
  private lastDataAt = 0
  private taken = 0

  private constructor(private readonly child: ChildProcessWithoutNullStreams) {
    child.stdout.on('data', (b: Buffer) => {
      this.buf += b.toString('utf8')
      this.lastDataAt = Date.now()
    })
    child.stderr.on('data', (b: Buffer) => (this.stderr += b.toString('utf8')))
  }

  static async start(sb: Sandbox, netns: string): Promise<Monitor> {
    // nsenter execs ip in place, so child.pid is ip's pid (registered for the leak check).
    const argv = sb.argv(netns, ['ip', '-t', '-d', 'monitor'])
    const child = spawn(argv[0]!, argv.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] })
    registerChild(child.pid, `ip monitor in ${netns}`)
    child.stdin.on('error', () => {})
    const m = new Monitor(child)
    const ok = await waitFor(() => {
      m.groupsMask = subscribedGroups(child.pid!)
      return m.groupsMask !== 0
    }, 10_000)
    if (!ok) {
      killChild(child)
      throw new Error(`ip monitor in ${netns} did not subscribe: ${m.stderr.trim()}`)
    }
    return m
  }

  /** Texts of the blocks printed so far; the last one counts once output has paused. */
  private blocks(): string[] {
    const starts: number[] = []
    HEADER.lastIndex = 0
    for (let m = HEADER.exec(this.buf); m; m = HEADER.exec(this.buf)) starts.push(m.index, m.index + m[0].length)
    const out: string[] = []
    for (let i = 0; i < starts.length; i += 2) {
      const end = i + 2 < starts.length ? starts[i + 2]! : this.buf.length
      out.push(this.buf.slice(starts[i + 1]!, end))
    }
    const settled = Date.now() - this.lastDataAt > 60 && this.buf.endsWith('\n')
    if (!settled && out.length > 0) out.pop()
    return out
  }

  /** Text printed before the first header (should never happen). */
  preamble(): string {
    HEADER.lastIndex = 0
    const m = HEADER.exec(this.buf)
    return m ? this.buf.slice(0, m.index) : this.buf
  }

  /** Wait for `count` more blocks; returns what arrived (fewer on timeout). */
  async take(count: number, timeoutMs = 3000): Promise<string[]> {
    await waitFor(() => this.blocks().length - this.taken >= count, timeoutMs, 10)
    const all = this.blocks()
    const got = all.slice(this.taken, this.taken + count)
    this.taken += got.length
    return got
  }

  /** Skip every block printed so far (after a pairing failure). */
  async drain(): Promise<number> {
    await sleep(100)
    const n = this.blocks().length - this.taken
    this.taken += n
    return n
  }

  stop(): void {
    killChild(this.child)
  }
}

/** The union of Groups (first 32 groups) of pid's netlink sockets, from its namespace's /proc view. */
function subscribedGroups(pid: number): number {
  try {
    const inodes = new Set<string>()
    for (const fd of readdirSync(`/proc/${pid}/fd`)) {
      const link = readlinkSync(`/proc/${pid}/fd/${fd}`)
      const m = /^socket:\[(\d+)\]$/.exec(link)
      if (m) inodes.add(m[1]!)
    }
    let mask = 0
    for (const line of readFileSync(`/proc/${pid}/net/netlink`, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/)
      if (f.length >= 10 && f[1] === '0' && inodes.has(f[9]!)) mask |= parseInt(f[3]!, 16)
    }
    return mask >>> 0
  } catch {
    return 0
  }
}

/** A namespace's pair of observers. */
export class Watch {
  private constructor(
    readonly netns: string,
    readonly listener: Listener,
    readonly monitor: Monitor,
  ) {}

  static async start(sb: Sandbox, netns: string): Promise<Watch> {
    const listener = await Listener.start(sb, netns)
    try {
      const monitor = await Monitor.start(sb, netns)
      return new Watch(netns, listener, monitor)
    } catch (e) {
      listener.stop()
      throw e
    }
  }

  stop(): void {
    this.listener.stop()
    this.monitor.stop()
  }
}
