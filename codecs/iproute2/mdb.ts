// RTM_NEWMDB / RTM_DELMDB as `bridge -d monitor mdb` prints them: print_mdb_mon (bridge/mdb.c,
// iproute2 6.1); `bridge -d mdb show` prints the entries of its dump replies with the same
// print_mdb_entry. `ip monitor` joins no MDB group and prints none of them (in file mode it
// writes "Unknown message" to stderr): format() leaves them out, formatMdb() is bridge's text.
import { type Message, NLM_F_REQUEST } from '../core/nlmsg.js'
import { ETH_P_IP, ETH_P_IPV6, MDB_FLAGS_BLOCKED, MDB_FLAGS_FAST_LEAVE, MDB_FLAGS_OFFLOAD, MDB_FLAGS_STAR_EXCL, MDB_PERMANENT } from '../mdb/entry.js'
import { MCAST_INCLUDE, type MdbEntryInfo } from '../mdb/eattr.js'
import type { MdbBody } from '../mdb/mdb.js'
import { RTM_DELMDB, RTM_GETMDB, RTM_NEWMDB } from '../rtnetlink.js'
import { ipText } from './addrtext.js'
import type { FormatContext } from './context.js'
import { Lookup } from './lookup.js'

/** format_timer(ticks, 0): 1/100 s as "S.CC". */
function timerText(ticks: number): string {
  const usec = 10000 * (ticks >>> 0)
  const sec = Math.floor(usec / 1e6)
  return `${sec}.${String(Math.floor((usec - sec * 1e6) / 10000)).padStart(2, '0')}`
}

/** print_mdb_entry: one line per entry (show_details as `-d`, no -s statistics). */
function entryLine(bridge: number, e: MdbEntryInfo, l: Lookup): string {
  const ip = e.proto === ETH_P_IP || e.proto === ETH_P_IPV6
  let s = `dev ${l.ifname(bridge)} port ${l.ifname(e.ifindex)} grp ${ip ? ipText(e.addr) : e.addr}`
  if (e.source !== undefined) s += ` src ${ipText(e.source)}`
  s += e.state & MDB_PERMANENT ? ' permanent' : ' temp'
  if (l.details) {
    if (e.groupMode !== undefined) s += ` filter_mode ${e.groupMode === MCAST_INCLUDE ? 'include' : 'exclude'}`
    if (e.srcList !== undefined) {
      s += ' source_list'
      let sep = ' '
      for (const src of e.srcList.entry ?? []) {
        // print_src_entry skips a source without both attributes.
        if (src.address === undefined || src.timer === undefined) continue
        s += `${sep}${ipText(src.address)}/${timerText(src.timer)}`
        sep = ','
      }
    }
    if (e.rtprot !== undefined) s += ` proto ${l.names.protocol(e.rtprot)} `
  }
  if (e.flags & MDB_FLAGS_OFFLOAD) s += ' offload'
  if (e.flags & MDB_FLAGS_FAST_LEAVE) s += ' fast_leave'
  if (e.flags & MDB_FLAGS_STAR_EXCL) s += ' added_by_star_ex'
  if (e.flags & MDB_FLAGS_BLOCKED) s += ' blocked'
  if (e.vid) s += ` vid ${e.vid}`
  return s + '\n'
}

function entries(b: MdbBody, l: Lookup): string {
  let s = ''
  for (const g of b.mdb?.entry ?? []) for (const e of g.info ?? []) s += entryLine(b.ifindex, e, l)
  return s
}

/**
 * print_router_entries. A notification (RTM_NEWMDB / RTM_DELMDB) names its first router port; a
 * dump reply (the kernel sends RTM_GETMDB) lists them all, and only with -d.
 */
function routerText(msg: Message, b: MdbBody, l: Lookup): string {
  const r = b.router
  if (r === undefined) return ''
  const bridge = l.ifname(b.ifindex)
  if (msg.type === RTM_GETMDB) {
    if (!l.details) return ''
    let s = `router ports on ${bridge}: `
    for (const p of r.port ?? []) s += `${l.ifname(p.ifindex)} `
    return s + '\n'
  }
  return `router port dev ${l.ifname(r.port?.[0]?.ifindex ?? 0)} master ${bridge}\n`
}

function body(msg: Message): MdbBody | undefined {
  if (msg.type !== RTM_NEWMDB && msg.type !== RTM_DELMDB && msg.type !== RTM_GETMDB) return undefined
  // Requests carry MDBA_SET_ENTRY / MDBA_GET_ENTRY, which bridge does not print.
  if (msg.body instanceof Uint8Array || (msg.flags & NLM_F_REQUEST) !== 0) return undefined
  return msg.body as MdbBody
}

/**
 * What `bridge -d monitor mdb` prints for one MDB message of the kernel ('' for any other):
 * "Deleted " for RTM_DELMDB, a line per entry, the router port. Interface names come from the
 * context's link cache, as for format().
 */
export function formatMdb(msg: Message, context: FormatContext = {}): string {
  const b = body(msg)
  if (b === undefined) return ''
  const l = new Lookup(context)
  return (msg.type === RTM_DELMDB ? 'Deleted ' : '') + entries(b, l) + routerText(msg, b, l)
}

/**
 * `bridge -d mdb show` dumps twice and prints the entries of every reply (print_mdbs), then the
 * router ports of every reply of the second dump (print_rtrs): these are the two halves.
 */
export function formatMdbShow(msg: Message, part: 'entries' | 'routers', context: FormatContext = {}): string {
  const b = body(msg)
  if (b === undefined) return ''
  const l = new Lookup(context)
  return part === 'entries' ? entries(b, l) : routerText(msg, b, l)
}
