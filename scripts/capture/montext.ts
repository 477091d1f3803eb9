// What `ip -d monitor` printed for each notification. Three facts decide it:
//   • ip monitor (iproute2 6.1, no arguments) joins only some groups: LINK, NEIGH, IPV4/IPV6
//     IFADDR, ROUTE, MROUTE, RULE, IPV6_PREFIX, NETCONF (v4, v6, MPLS), MPLS_ROUTE, NSID,
//     NEXTHOP — read from the running monitor's socket, not assumed. Not IPV6_IFINFO, not the
//     6.13+ MCADDR/ACADDR groups: those events print nothing.
//   • Some joined messages print nothing (RTM_F_CLONED routes, NLMSG_* ...) or only
//     "Unknown message" on stderr. Feeding the single message to `ip -d monitor file F` in the
//     same namespace tells which: same accept_msg(), same filters.
//   • The rest were printed by the live `ip -t -d monitor`, one block per message, in the order
//     the listener received them; the k-th printed event pairs with the k-th block. The live text
//     is recorded (its link cache names peers that file mode, run later, can no longer find); a
//     block whose first word or line count differs from the file-mode text voids the pairing,
//     and the file-mode text is recorded instead, saying so.
import { writeFileSync } from 'node:fs'
import type { Sandbox } from './sandbox.js'
import type { RawEvent, Watch } from './watch.js'
import { eventGroup, groupName } from './names.js'

export interface MonitorText {
  text: string | null
  source?: 'live' | 'file'
  reason?: string
  /** MDB events: what `bridge -d monitor file F` printed (ip monitor prints none of them). */
  bridge?: string
}

const RTM_NEWMDB = 84
const RTM_DELMDB = 85

/** Render one MDB message as `bridge -d monitor file` does, inside `netns`. */
async function bridgeFileMode(sb: Sandbox, netns: string, bytes: Uint8Array, scratch: string): Promise<string> {
  writeFileSync(scratch, bytes)
  const r = await sb.exec(netns, ['bridge', '-d', 'monitor', 'file', scratch], { timeoutMs: 10_000 })
  return r.stdout
}

const RTM_NEWROUTE = 24
const RTM_DELROUTE = 25
const RTM_F_CLONED = 0x200

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8)
}

function nullReason(ev: RawEvent, stderr: string): string {
  const type = u16(ev.bytes, 4)
  if ((type === RTM_NEWROUTE || type === RTM_DELROUTE) && ev.bytes.length >= 28) {
    const flags = (ev.bytes[24]! | (ev.bytes[25]! << 8) | (ev.bytes[26]! << 16) | (ev.bytes[27]! << 24)) >>> 0
    if (flags & RTM_F_CLONED) return 'cloned route (RTM_F_CLONED): ip monitor skips it'
  }
  const err = stderr.trim()
  if (err !== '') return `ip -d monitor prints nothing on stdout, only on stderr: ${err}`
  return 'ip -d monitor prints nothing for this message'
}

function shape(text: string): string {
  const first = /^\S*/.exec(text)?.[0] ?? ''
  return `${first}/${text.split('\n').length}`
}

/** Render one message as `ip -d monitor file` does, inside `netns`. */
async function fileMode(sb: Sandbox, netns: string, bytes: Uint8Array, scratch: string): Promise<{ stdout: string; stderr: string }> {
  writeFileSync(scratch, bytes)
  const r = await sb.exec(netns, ['ip', '-d', 'monitor', 'file', scratch], { timeoutMs: 10_000 })
  return { stdout: r.stdout, stderr: r.stderr }
}

/**
 * The monitor text of each event (in order) of one namespace. Consumes the live monitor's blocks
 * for them, so call it for every event the listener received, in order, including stray ones.
 */
export async function monitorTexts(sb: Sandbox, watch: Watch, events: readonly RawEvent[], scratch: string): Promise<MonitorText[]> {
  const out: MonitorText[] = []
  const printed: number[] = []
  const mask = watch.monitor.groupsMask
  for (const ev of events) {
    const { group } = eventGroup(ev.bytes, ev.groups)
    const joined = group !== null && group >= 1 && group <= 32 && ((mask >>> (group - 1)) & 1) === 1
    const type = u16(ev.bytes, 4)
    if (!joined && (type === RTM_NEWMDB || type === RTM_DELMDB)) {
      const bridge = await bridgeFileMode(sb, watch.netns, ev.bytes, scratch)
      out.push({ text: null, reason: `ip monitor (iproute2 6.1) does not join ${groupName(group)}`, bridge })
      continue
    }
    if (!joined) {
      out.push({ text: null, reason: `ip monitor (iproute2 6.1) does not join ${groupName(group)}` })
      continue
    }
    const f = await fileMode(sb, watch.netns, ev.bytes, scratch)
    if (f.stdout === '') {
      out.push({ text: null, reason: nullReason(ev, f.stderr) })
      continue
    }
    printed.push(out.length)
    out.push({ text: f.stdout, source: 'file' })
  }
  if (printed.length === 0) return out
  const blocks = await watch.monitor.take(printed.length)
  const mismatch = printed.findIndex((i, k) => blocks[k] === undefined || shape(blocks[k]!) !== shape(out[i]!.text!))
  if (mismatch < 0) {
    printed.forEach((i, k) => (out[i] = { text: blocks[k]!, source: 'live' }))
    return out
  }
  const skipped = await watch.monitor.drain()
  const why =
    blocks.length < printed.length
      ? `the live monitor printed ${blocks.length} blocks for ${printed.length} messages`
      : `live block ${mismatch + 1} does not look like this message`
  for (const i of printed) out[i]!.reason = `${why} (${skipped} more skipped); text from ip -d monitor file, run after the command`
  return out
}
