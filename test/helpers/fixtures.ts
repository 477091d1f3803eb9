// Reading the golden fixtures that `npm run capture` writes (format: fixtures/README.md).
//   NN-slug.nl    commented hex: a header of "# key: value" lines, then sections, each opened by
//                 "## <request|reply|event> <n>: <label>" and followed by hex bytes. Everything
//                 from '#' to the end of a line is a comment; spacing and indentation are free.
//   NN-slug.json  the sidecar: command, producer, netns map, ip monitor text per event, the
//                 names iproute2 looked up, and the resulting state of every namespace.
import { readFileSync, readdirSync, existsSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'

export const FIXTURES_DIR = fileURLToPath(new URL('../../fixtures/', import.meta.url))

export type SectionKind = 'request' | 'reply' | 'event'

export interface FixtureSection {
  kind: SectionKind
  /** 1-based, counted per kind. */
  n: number
  /** The rest of the "## kind n:" line. */
  label: string
  bytes: Uint8Array
  /** Line of the "##" header in the .nl file (1-based), for error messages. */
  line: number
}

export interface FixtureHeader {
  /** Every "# key: value" line of the header block, as written. */
  fields: Record<string, string>
  command: string
  scenario: string
  step: number
}

/** What the sidecar says about one section (same order as the .nl file). */
export interface SidecarSection {
  kind: SectionKind
  n: number
  label: string
  /** request/reply: the syscall strace saw, the process and which NETLINK_ROUTE socket (1-based). */
  syscall?: string
  socket?: number
  /** request: iproute2's capability probe (iplink_have_newlink), not part of the command's work. */
  probe?: boolean
  /** event: the namespace whose listener received it. */
  netns?: string
  /** event: the multicast group, from sockaddr_nl.nl_groups (groups 1..32) or the message type. */
  group?: number | null
  groupName?: string
  groupFrom?: 'nl_groups' | 'type'
  /** event: 'sync' arrived before the barrier sent right after the command exited; 'settle' after it (linkwatch, DAD ...). */
  phase?: 'sync' | 'settle'
  /** Number of netlink messages in the section. */
  messages: number
  /** nlmsg_type names of those messages. */
  types: string[]
  /**
   * Zero bytes after the last message, part of the datagram as sent: iproute2's dump requests
   * send their whole request struct (nlmsghdr, family header, char buf[128]) whatever nlmsg_len
   * says; the kernel stops at nlmsg_len 0.
   */
  zeroTail?: number
}

export interface SocketOptionCall {
  /** Which NETLINK_ROUTE socket (1-based, as SidecarSection.socket). */
  socket: number
  level: string
  option: string
  /** As strace printed it, brackets removed: '1', '32768'. */
  value: string
  /** 0, or -1 when the kernel refused the option. */
  ret: number
}

export interface MonitorEntry {
  event: number
  netns: string
  /** What `ip -d monitor` printed for this event, byte for byte (trailing spaces and newline kept), or null. */
  text: string | null
  /** 'live': from the ip -t -d monitor running during the capture; 'file': from `ip -d monitor file` (see note). */
  source?: 'live' | 'file'
  /** Why text is null, or why source is 'file'. */
  reason?: string
  /** MDB events (which ip monitor does not print): what `bridge -d monitor file F` printed for it. */
  bridge?: string
}

export interface LinkInfo {
  name: string
  flags: string[]
}

export interface NetnsContext {
  /** ifindex → name: every link ip monitor could have named (before ∪ after the command). */
  links: Record<string, string>
  /** nsid → iproute2 netns name (before ∪ after). */
  nsids: Record<string, string>
  /** ip monitor's link cache when the command started: name and flags by ifindex. */
  linksBefore: Record<string, LinkInfo>
  /** The links once the command's notifications had all arrived. */
  linksAfter: Record<string, LinkInfo>
  /**
   * nexthop id → its `ip -j nexthop show` entry (after ∪ before the command): what ip monitor's
   * RTM_GETNEXTHOP would have found for a route's nhid it had not seen. Fixtures from before
   * nexthops were captured lack it.
   */
  nexthops?: Record<string, unknown>
}

export interface NetnsState {
  link: unknown[]
  addr: unknown[]
  route: unknown[]
  route6: unknown[]
  neigh: unknown[]
  fdb: unknown[]
  nsid: unknown[]
  /** ip -j rule show, ip -j -6 rule show, ip -j nexthop show (fixtures captured since rules and nexthops were). */
  rule?: unknown[]
  rule6?: unknown[]
  nexthop?: unknown[]
  /** Commands whose output was not JSON (or that failed), with what they printed. */
  errors?: Record<string, string>
}

/** Notifications outside a command's window: their types and what ip -d monitor printed. */
export interface OffWindowEvents {
  netns: string
  types: string[]
  monitor: (string | null)[]
  hex: string[]
}

export interface Sidecar {
  format: 1
  command: string
  scenario: string
  scenarioTitle: string
  step: number
  slug: string
  note?: string
  /** Where the command ran: always the scenario's scratch root namespace ("root"). */
  ranIn: string
  producer: Record<string, string>
  capturedAt: string
  /** Namespace names used in this fixture → what they are. */
  netns: Record<string, string>
  exit: { code: number | null; stdout: string; stderr: string; expectedFailure?: boolean }
  sections: SidecarSection[]
  /**
   * setsockopt calls on the command's NETLINK_ROUTE sockets, in order (fixtures captured since
   * they were traced): `ip` and `bridge` set NETLINK_EXT_ACK on every socket and
   * NETLINK_GET_STRICT_CHK on the one they dump on (rtnl_set_strict_dump).
   */
  socketOptions?: SocketOptionCall[]
  monitor: MonitorEntry[]
  context: Record<string, NetnsContext>
  state: Record<string, NetnsState>
  /** Notifications that arrived after the previous command's window closed and before this command (not in sections). */
  stray?: OffWindowEvents[]
  /**
   * Notifications caused by the capture's own state queries after the command (not in sections):
   * dumping a veth whose peer is in another namespace makes the kernel allocate an nsid
   * (RTM_NEWNSID), as any `ip link show` would.
   */
  stateQueryEvents?: OffWindowEvents[]
  /** What the capture dropped or could not do for this command. */
  notes?: string[]
}

export interface Fixture {
  /** Absolute path of the .nl file. */
  path: string
  /** Relative to fixtures/, without extension: "s2/01-link-add-veth". */
  name: string
  header: FixtureHeader
  sections: FixtureSection[]
  sidecar: Sidecar
}

const SECTION = /^\s*##\s+(request|reply|event)\s+(\d+):\s?(.*)$/
const FIELD = /^#\s*([a-z][a-z0-9 -]*):\s?(.*)$/
const HEX_TOKEN = /^(?:[0-9a-fA-F]{2})+$/

/** Parse .nl text. Throws on hex outside a section, odd-length or non-hex tokens, bad "##" lines. */
export function parseNl(text: string, where = '<text>'): { header: Record<string, string>; sections: FixtureSection[] } {
  const header: Record<string, string> = {}
  const sections: FixtureSection[] = []
  let cur: { kind: SectionKind; n: number; label: string; line: number; bytes: number[] } | undefined
  const flush = (): void => {
    if (cur) sections.push({ kind: cur.kind, n: cur.n, label: cur.label, line: cur.line, bytes: Uint8Array.from(cur.bytes) })
  }
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i]!
    const trimmed = raw.trimStart()
    if (trimmed.startsWith('##')) {
      const m = SECTION.exec(raw)
      if (!m) throw new Error(`${where}:${i + 1}: a "##" line must read "## request|reply|event N: label"`)
      flush()
      cur = { kind: m[1] as SectionKind, n: Number(m[2]), label: m[3]!.trim(), line: i + 1, bytes: [] }
      continue
    }
    if (!cur && trimmed.startsWith('#')) {
      const f = FIELD.exec(trimmed)
      if (f && !(f[1]! in header)) header[f[1]!] = f[2]!.trimEnd()
      continue
    }
    const hash = raw.indexOf('#')
    const data = (hash < 0 ? raw : raw.slice(0, hash)).trim()
    if (data === '') continue
    if (!cur) throw new Error(`${where}:${i + 1}: hex before the first section`)
    for (const tok of data.split(/\s+/)) {
      if (!HEX_TOKEN.test(tok)) throw new Error(`${where}:${i + 1}: "${tok}" is not whole hex bytes`)
      for (let j = 0; j < tok.length; j += 2) cur.bytes.push(parseInt(tok.slice(j, j + 2), 16))
    }
  }
  flush()
  const seen = new Set<string>()
  for (const s of sections) {
    const key = `${s.kind} ${s.n}`
    if (seen.has(key)) throw new Error(`${where}:${s.line}: duplicate section "${key}"`)
    seen.add(key)
  }
  return { header, sections }
}

/** Every .nl fixture under dir (fixtures/ by default), sorted by path. */
export function listFixtures(dir = FIXTURES_DIR): string[] {
  if (!existsSync(dir)) return []
  const out: string[] = []
  const walk = (d: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else if (e.name.endsWith('.nl')) out.push(p)
    }
  }
  walk(dir)
  return out.sort()
}

/** Parse one fixture and its sidecar (NN-slug.json next to NN-slug.nl). */
export function loadFixture(path: string, dir = FIXTURES_DIR): Fixture {
  const { header, sections } = parseNl(readFileSync(path, 'utf8'), path)
  const sidecarPath = path.replace(/\.nl$/, '.json')
  const sidecar = JSON.parse(readFileSync(sidecarPath, 'utf8')) as Sidecar
  const step = Number(header['step'] ?? NaN)
  if (header['command'] === undefined || header['scenario'] === undefined || !Number.isInteger(step)) {
    throw new Error(`${path}: header lacks command, scenario or step`)
  }
  return {
    path,
    name: relative(dir, path).replace(/\.nl$/, ''),
    header: { fields: header, command: header['command'], scenario: header['scenario'], step },
    sections,
    sidecar,
  }
}

/** The sections of one kind, in order. */
export function sectionsOf(f: Fixture, kind: SectionKind): FixtureSection[] {
  return f.sections.filter((s) => s.kind === kind)
}
