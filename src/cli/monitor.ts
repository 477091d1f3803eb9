// `nlwire monitor`: rtnetlink notifications printed as `ip -d monitor` prints them (the codecs'
// formatter), or as JSON lines, with the annotated bytes under each one on request, and every
// message written to a pcap file that Wireshark / tshark decode.
//
// Like ip monitor it keeps its own interface cache (iproute2's ll_map): a link dump when it starts,
// every RTM_NEWLINK / RTM_DELLINK it sees, and an RTM_GETLINK for an ifindex it does not know; and
// its own nsid → /run/netns name cache (RTM_GETNSID for each /run/netns entry), and its nexthop
// cache (every RTM_*NEXTHOP it sees, RTM_GETNEXTHOP for an id a route names that it does not
// know), so that its text matches ip monitor's on a live system.
import { closeSync, openSync, writeSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { annotate, renderAnnotation } from '../../codecs/annotate.js'
import { toHex } from '../../codecs/core/bytes.js'
import type { Message } from '../../codecs/core/nlmsg.js'
import { NLM_F_DUMP, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import {
  type LinkEntry,
  MONITOR_ALL_GROUPS,
  type MonitorFetcher,
  MONITOR_OBJECTS,
  MonitorState,
  disposition,
  formatTimestamp,
  notificationGroup,
  unknownMessageText,
} from '../../codecs/iproute2/index.js'
import { pcapHeader, pcapRecord } from '../../codecs/inputs/pcap.js'
import { RTEXT_FILTER_SKIP_STATS, RTEXT_FILTER_VF } from '../../codecs/link/link.js'
import type { NsidBody } from '../../codecs/nsid.js'
import type { NexthopBody } from '../../codecs/nexthop.js'
import { RTM_GETLINK, RTM_GETNEXTHOP, RTM_GETNSID, RTM_NEWNEXTHOP, RTM_NEWNSID, RTNLGRP_NAMES, RTNLGRP_STATS } from '../../codecs/rtnetlink.js'
import { messageName } from '../../codecs/core/nlmsg.js'
import type { Client } from '../client/client.js'
import { openClient } from '../client/open.js'
import type { Notification, Subscription } from '../client/subscription.js'
import { NETNS_RUN_DIR } from '../netns.js'
import { AllNetns } from '../api/monitor-all.js'

export const MONITOR_HELP = `nlwire monitor [OBJECT ...] [--netns NAME | --all-netns] [-t | --ts] [--json] [--hex] [--pcap FILE] [--count N]

Print rtnetlink notifications as they happen, exactly as 'ip -d monitor' (iproute2 6.1) prints
them. Ctrl-C stops.

Objects (as ip monitor's; default: all of them):
  link address route mroute neigh netconf nsid rule prefix nexthop stats
  (abbreviations as ip accepts: addr, r, n ...); 'label' prefixes each event with [LINK], [ADDR] ...

Options:
  --netns NAME  watch the network namespace /run/netns/NAME (this process opens a socket there)
  --all-netns   watch this namespace and every one in /run/netns, also those added later; each
                event starts with [nsid N] (the nsid this namespace has for it, as
                'ip -d monitor all-nsid' prints), [nsid current], or [netns NAME] for a named
                namespace without an nsid here (which ip's all-nsid does not see)
  -t            a 'Timestamp: ... usec' line before each event (ip -t monitor)
  --ts          a short [YYYY-MM-DDTHH:MM:SS.usec] prefix instead (ip -ts monitor)
  --json        one JSON object per line: time, type, group, flags, seq, pid, body (bigints as
                strings, bytes as hex) and the text ip monitor would print
  --hex         under each event, every byte named (as nlwire decode prints it)
  --pcap FILE   also write every message received to FILE (pcap, link type NETLINK: tshark -r FILE)
  --count N     exit after N events
  --no-details  print as plain 'ip monitor' (without -d)

Examples:
  nlwire monitor                         everything, like ip -d monitor
  nlwire monitor link addr --netns ns1   links and addresses inside ns1
  nlwire monitor -t route --hex          routes, timestamped, with their bytes
  nlwire monitor --json | jq .type
  nlwire monitor --pcap /tmp/rtnl.pcap && tshark -r /tmp/rtnl.pcap -V
`

/** ip monitor's object words, in the order it matches them (`matches`: any prefix of the word). */
const OBJECT_WORDS: readonly string[] = ['link', 'address', 'route', 'mroute', 'prefix', 'neigh', 'netconf', 'rule', 'nsid', 'nexthop']

export interface MonitorOptions {
  groups: number[]
  netns?: string
  allNetns?: boolean
  timestamp?: 'long' | 'short'
  json: boolean
  hex: boolean
  pcap?: string
  count?: number
  label: boolean
  details: boolean
}

export class UsageError extends Error {
  override name = 'UsageError'
}

/** Object words and options → what to do. Throws UsageError. */
export function parseMonitorArgs(args: string[]): MonitorOptions | 'help' {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        netns: { type: 'string' },
        'all-netns': { type: 'boolean', default: false },
        t: { type: 'boolean', short: 't', default: false },
        timestamp: { type: 'boolean', default: false },
        ts: { type: 'boolean', default: false },
        json: { type: 'boolean', default: false },
        hex: { type: 'boolean', default: false },
        pcap: { type: 'string' },
        count: { type: 'string' },
        'no-details': { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  const v = parsed.values
  if (v.help) return 'help'
  const groups = new Set<number>()
  let label = false
  for (const word of parsed.positionals) {
    if (word === 'help') return 'help'
    if (word === 'all') {
      label = true
      continue
    }
    // ip checks "label" before the objects, by prefix: "l" is label, not link.
    if (word !== '' && 'label'.startsWith(word)) {
      label = true
      continue
    }
    if (word === 'stats') {
      groups.add(RTNLGRP_STATS)
      continue
    }
    const obj = OBJECT_WORDS.find((w) => w.startsWith(word))
    if (obj === undefined) throw new UsageError(`unknown object '${word}' (${OBJECT_WORDS.join(', ')}, stats, label, all)`)
    for (const g of MONITOR_OBJECTS[obj]!) groups.add(g)
  }
  if (groups.size === 0) for (const g of MONITOR_ALL_GROUPS) groups.add(g)
  let count: number | undefined
  if (v.count !== undefined) {
    count = Number(v.count)
    if (!Number.isInteger(count) || count < 1) throw new UsageError(`--count wants a positive integer, not '${v.count}'`)
  }
  if (v.netns !== undefined && (v.netns === '' || v.netns.includes('/'))) throw new UsageError(`--netns wants a name in ${NETNS_RUN_DIR}, not '${v.netns}'`)
  const opts: MonitorOptions = {
    groups: [...groups].sort((a, b) => a - b),
    json: v.json ?? false,
    hex: v.hex ?? false,
    label,
    details: !v['no-details'],
  }
  if (v.netns !== undefined) opts.netns = v.netns
  if (v['all-netns']) {
    if (v.netns !== undefined) throw new UsageError('--netns and --all-netns: give one of them')
    opts.allNetns = true
  }
  if (v.ts) opts.timestamp = 'short'
  else if (v.t || v.timestamp) opts.timestamp = 'long'
  if (v.pcap !== undefined) opts.pcap = v.pcap
  if (count !== undefined) opts.count = count
  return opts
}

/** gettimeofday(): seconds and microseconds now. */
function now(): { sec: number; usec: number } {
  const ms = performance.timeOrigin + performance.now()
  const sec = Math.floor(ms / 1000)
  return { sec, usec: Math.min(999999, Math.floor((ms - sec * 1000) * 1000)) }
}

/**
 * ip monitor's live lookups over a client: what its caches start with (ll_init_map,
 * netns_map_init), and what it asks the kernel for when they lack something (MonitorFetcher).
 * The caches and the printing are the codecs' MonitorState.
 */
export class LiveNames implements MonitorFetcher {
  readonly state: MonitorState

  constructor(
    private readonly client: Client,
    options: { label: boolean; details: boolean },
  ) {
    this.state = new MonitorState({ options: { label: options.label, details: options.details } })
  }

  /** ll_init_map and netns_map_init: what ip monitor knows before the first event. */
  async init(): Promise<void> {
    const dump = await this.client.dump(linkRequest(0, true))
    for (const m of dump) this.state.links.learn(m)
    for (const [nsid, name] of await this.nsidsOfRunNetns()) this.state.nsids.set(nsid, name)
  }

  /** The text for one notification, after fetching what the caches lack. */
  render(msg: Message): Promise<string> {
    return this.state.renderLive(msg, this)
  }

  /** netns_get_name: the /run/netns entry whose nsid (seen from here) this is. */
  async nsidName(nsid: number): Promise<string | undefined> {
    return (await this.nsidsOfRunNetns()).get(nsid)
  }

  /** ipnh_cache_add: RTM_GETNEXTHOP for one id. */
  async nexthop(id: number): Promise<NexthopBody | undefined> {
    try {
      const [answer] = await this.client.request(
        { type: RTM_GETNEXTHOP, flags: NLM_F_REQUEST, seq: 0, pid: 0, body: { nhFamily: 0, nhScope: 0, nhProtocol: 0, nhFlags: 0, id } },
        { timeout: 2000 },
      )
      if (answer?.type !== RTM_NEWNEXTHOP || answer.body instanceof Uint8Array) return undefined
      return answer.body as NexthopBody
    } catch {
      return undefined // gone already: iproute2 then prints no nh_info
    }
  }

  /** ll_link_get: RTM_GETLINK for one ifindex. */
  async link(ifindex: number): Promise<LinkEntry | undefined> {
    try {
      const [answer] = await this.client.request(linkRequest(ifindex, false), { timeout: 2000 })
      if (answer === undefined) return undefined
      const probe = new MonitorState()
      probe.links.learn(answer)
      return probe.links.peek(ifindex)
    } catch {
      return undefined // gone already: iproute2 then prints ifN
    }
  }

  /** netns_map_init / netns_get_name: the nsid of every /run/netns entry, seen from here. */
  private async nsidsOfRunNetns(): Promise<Map<number, string>> {
    const out = new Map<number, string>()
    let names: string[]
    try {
      names = (await readdir(NETNS_RUN_DIR)).sort()
    } catch {
      return out
    }
    for (const name of names) {
      let fd: number | undefined
      try {
        fd = await this.client.transport.openNetnsFd(`${NETNS_RUN_DIR}/${name}`)
        const [answer] = await this.client.request(
          { type: RTM_GETNSID, flags: NLM_F_REQUEST, seq: 0, pid: 0, body: { rtgenFamily: 0, fd } },
          { timeout: 2000 },
        )
        const id = (answer?.body as NsidBody | undefined)?.nsid
        if (id !== undefined && id >= 0 && !out.has(id)) out.set(id, name)
      } catch {
        // not a namespace file, or gone: skip it as iproute2 does
      } finally {
        if (fd !== undefined) await this.client.transport.closeFd(fd).catch(() => {})
      }
    }
    return out
  }
}

/** RTM_GETLINK as iproute2 sends it: a dump (ll_init_map) or one ifindex (ll_link_get). */
function linkRequest(ifindex: number, dump: boolean): Message {
  return {
    type: RTM_GETLINK,
    flags: dump ? NLM_F_REQUEST | NLM_F_DUMP : NLM_F_REQUEST,
    seq: 0,
    pid: 0,
    body: { ifiFamily: 0, ifiType: 0, ifiIndex: ifindex, ifiFlags: 0, ifiChange: 0, extMask: dump ? RTEXT_FILTER_VF : RTEXT_FILTER_VF | RTEXT_FILTER_SKIP_STATS },
  }
}

/**
 * One notification printed: the pcap record, the text ip monitor prints (after `prefix`: the
 * timestamp first, then the namespace label, as ip's accept_msg prints them), or a JSON line.
 */
async function printEvent(msg: Message, bytes: Uint8Array, names: LiveNames, opts: MonitorOptions, io: MonitorIO, pcapFd: number | undefined, netns?: { label: string; netns: string | null; nsid: number | undefined }): Promise<void> {
  const tv = now()
  if (pcapFd !== undefined) writeSync(pcapFd, pcapRecord({ time: tv.sec + tv.usec / 1e6, direction: 'in', protocol: 0, data: bytes }))
  const d = disposition(msg)
  if (d === 'unknown') io.err(unknownMessageText(msg, bytes.length))
  else if (d === 'unsupported') io.err(`nlwire monitor: ${messageName(msg.type)}: ip monitor prints it; nlwire's formatter does not yet\n`)
  const text = await names.render(msg)
  if (opts.json) {
    const group = notificationGroup(msg)
    const obj = {
      time: new Date(tv.sec * 1000).toISOString().replace(/\.\d{3}Z$/, `.${String(tv.usec).padStart(6, '0')}Z`),
      ...(netns !== undefined ? { netns: netns.netns, nsid: netns.nsid ?? null } : {}),
      type: messageName(msg.type),
      group: group === undefined ? null : (RTNLGRP_NAMES[group] ?? group),
      flags: msg.flags,
      seq: msg.seq,
      pid: msg.pid,
      body: msg.body,
      text,
      ...(opts.hex ? { hex: toHex(bytes) } : {}),
    }
    io.out(JSON.stringify(obj, jsonReplacer) + '\n')
  } else if (text !== '' || opts.hex) {
    let s = opts.timestamp !== undefined ? formatTimestamp(tv, opts.timestamp) : ''
    if (netns !== undefined) s += netns.label
    s += text
    if (opts.hex) s += renderAnnotation(annotate(bytes), bytes, { hex: true }) + '\n'
    io.out(s)
  }
}

/** [nsid N] / [nsid current] as `ip monitor all-nsid`; [netns NAME] where there is no nsid. */
function netnsLabel(netns: string | null, nsid: number | undefined): string {
  if (netns === null) return '[nsid current]'
  return nsid !== undefined ? `[nsid ${nsid}]` : `[netns ${netns}]`
}

/** --all-netns: one socket (and one name cache) per namespace, namespaces added later included. */
async function runMonitorAll(opts: MonitorOptions, io: MonitorIO): Promise<number> {
  const names = new Map<Client, LiveNames>()
  const fan = new AllNetns<Notification>(
    async (s) => {
      const sub = await s.client.subscribe(opts.groups)
      const n = new LiveNames(s.client, opts)
      await n.init()
      names.set(s.client, n)
      return sub.notifications()
    },
    { onChange: (what, ns, detail) => (what === 'failed' ? io.err(`nlwire monitor: ${ns}: not watched: ${detail ?? ''}\n`) : undefined) },
  )
  return watch(
    opts,
    io,
    async (pcapFd, onStop) => {
      onStop(() => void fan.close())
      await fan.ready
      let events = 0
      for await (const { source, value: { message: msg, bytes } } of fan) {
        if (source.netns === null && msg.type === RTM_NEWNSID) await fan.refreshNsids()
        const n = names.get(source.client)
        if (n === undefined) continue
        await printEvent(msg, bytes, n, opts, io, pcapFd, { label: netnsLabel(source.netns, source.nsid), netns: source.netns, nsid: source.nsid })
        if (opts.count !== undefined && ++events >= opts.count) break
      }
    },
    () => fan.close(),
  )
}

/**
 * What both ways of watching share: the --pcap file open for `run`, and its end as the exit
 * status: 0 when it ends or the user stopped it (the closed socket then fails the read: not an
 * error), 1 with the error's message otherwise. `release` closes the sockets whatever happened.
 */
async function watch(
  opts: MonitorOptions,
  io: MonitorIO,
  run: (pcapFd: number | undefined, onStop: (close: () => void) => void) => Promise<void>,
  release: () => Promise<void>,
): Promise<number> {
  let pcapFd: number | undefined
  let stopping = false
  const onStop = (close: () => void) =>
    void io.stop.then(() => {
      stopping = true
      close()
    })
  try {
    if (opts.pcap !== undefined) {
      pcapFd = openSync(opts.pcap, 'w')
      writeSync(pcapFd, pcapHeader())
    }
    await run(pcapFd, onStop)
    return 0
  } catch (e) {
    if (stopping) return 0
    io.err(`nlwire monitor: ${(e as Error).message}\n`)
    return 1
  } finally {
    await release()
    if (pcapFd !== undefined) closeSync(pcapFd)
  }
}

/** JSON.stringify replacer: bigints as decimal strings, bytes as hex. */
function jsonReplacer(_k: string, v: unknown): unknown {
  if (typeof v === 'bigint') return v.toString()
  if (v instanceof Uint8Array) return toHex(v)
  return v
}

export interface MonitorIO {
  out: (s: string) => void
  err: (s: string) => void
  /** Resolves when the user asks to stop (Ctrl-C). */
  stop: Promise<void>
}

/** Run until stopped (or --count events); resolves with the exit status. */
export async function runMonitor(opts: MonitorOptions, io: MonitorIO): Promise<number> {
  if (opts.allNetns) return runMonitorAll(opts, io)
  let client: Client
  try {
    client = await openClient(opts.netns !== undefined ? { netns: opts.netns } : {})
  } catch (e) {
    io.err(`nlwire monitor: ${(e as Error).message}\n`)
    return 1
  }
  let sub: Subscription | undefined
  return watch(
    opts,
    io,
    async (pcapFd, onStop) => {
      // As ip monitor: join the groups first, then read the link table, so nothing falls between.
      sub = await client.subscribe(opts.groups)
      const current = sub
      onStop(() => void current.close())
      const names = new LiveNames(client, opts)
      await names.init()
      let events = 0
      for await (const { message: msg, bytes } of sub.notifications()) {
        await printEvent(msg, bytes, names, opts, io, pcapFd)
        if (opts.count !== undefined && ++events >= opts.count) break
      }
    },
    async () => {
      await sub?.close().catch(() => {})
      await client.close().catch(() => {})
    },
  )
}
