// The comparison behind test/golden-values.test.ts, also counted by scripts/fixture-stats.ts:
// for every object in a fixture's final state (the sidecar's `state`: what `ip -d -j link show`,
// `ip -j addr show`, `ip -j route show table all`, `ip -j neigh show`, `bridge -j fdb show` and
// `ip -j netns list-id`, `ip -j [-6] rule show` and `ip -j nexthop show` printed in each namespace once the command's notifications had all
// arrived, and the text of `ip netconf show`), the fixture's last message about that object — the
// one that holds its final state — decoded and written in iproute2's vocabulary
// (iproute2-json.ts), beside what iproute2 printed. Expected values come from the sidecar only.
import type { AddrBody } from '../../codecs/addr.js'
import type { LinkBody } from '../../codecs/link/link.js'
import type { NeighBody } from '../../codecs/neigh.js'
import type { NetconfBody } from '../../codecs/netconf.js'
import type { NsidBody } from '../../codecs/nsid.js'
import type { RouteBody } from '../../codecs/route.js'
import type { RuleBody } from '../../codecs/rule.js'
import type { NexthopBody } from '../../codecs/nexthop.js'
import {
  RTM_DELADDR,
  RTM_DELLINK,
  RTM_DELNEIGH,
  RTM_DELNEXTHOP,
  RTM_DELNSID,
  RTM_DELROUTE,
  RTM_DELRULE,
  RTM_NEWADDR,
  RTM_NEWLINK,
  RTM_NEWNEIGH,
  RTM_NEWNETCONF,
  RTM_NEWNEXTHOP,
  RTM_NEWNSID,
  RTM_NEWROUTE,
  RTM_NEWRULE,
} from '../../codecs/rtnetlink.js'
import { type PlacedMessage, commandNetns, latestBy, placedMessages } from './fixture-messages.js'
import type { Fixture } from './fixtures.js'
import {
  ADDR_KEYS,
  BRPORT_KEYS,
  FDB_KEYS,
  type IfName,
  type Json,
  LINK_KEYS,
  NEIGH_KEYS,
  ROUTE_KEYS,
  addrJson,
  brportJson,
  countFields,
  fdbJson,
  linkJson,
  neighJson,
  netconfLine,
  restrict,
  routeJson,
  timeless,
} from './iproute2-json.js'
import { nexthopJson, ruleJson } from './iproute2-json-rule.js'

/** One object: `got` from its last decoded message, `want` from iproute2's output. */
export interface ValueComparison {
  family: 'link' | 'addr' | 'route' | 'neigh' | 'fdb' | 'nsid' | 'netconf' | 'rule' | 'nexthop'
  what: string
  got: unknown
  want: unknown
  /** Fields compared (leaf values of `want`). */
  fields: number
}

export interface FixtureValues {
  comparisons: ValueComparison[]
  /** Contradictions that are not a field difference (a last message deleting a listed object ...). */
  problems: string[]
  /** Objects whose last message says they exist, but iproute2 does not list them. */
  unlisted: string[]
}

class Ctx implements FixtureValues {
  comparisons: ValueComparison[] = []
  problems: string[] = []
  unlisted: string[] = []
  same(family: ValueComparison['family'], got: unknown, want: unknown, what: string, fields = countFields(want)): void {
    this.comparisons.push({ family, what, got, want, fields })
  }
}

const AF_UNSPEC = 0
const AF_INET = 2
const AF_BRIDGE = 7
const AF_INET6 = 10
const RTM_F_CLONED = 0x200

const body = <B>(m: PlacedMessage): B => m.msg.body as B

function namesOf(state: Json[]): IfName {
  const byIndex = new Map<number, string>()
  for (const l of state) byIndex.set(l.ifindex as number, l.ifname as string)
  return (i) => byIndex.get(i) ?? `if${i}`
}

/**
 * Fields the kernel changes without a notification, so no message can be trusted to hold their
 * final value: STP runtime state (bridge and port ids, root port and cost, topology change
 * bits: recomputed by the STP timers and br_stp_recalculate_bridge_id(), never notified).
 */
const UNNOTIFIED_BRIDGE = ['bridge_id', 'root_id', 'root_port', 'root_path_cost', 'topology_change', 'topology_change_detected']
const UNNOTIFIED_PORT = ['bridge_id', 'root_id', 'designated_port', 'designated_cost', 'topology_change_ack', 'config_pending']

function drop(o: Json | undefined, path: string[], keys: readonly string[]): void {
  let cur: unknown = o
  for (const p of path) cur = typeof cur === 'object' && cur !== null ? (cur as Json)[p] : undefined
  if (typeof cur === 'object' && cur !== null) for (const k of keys) delete (cur as Json)[k]
}

function linksOf(cx: Ctx, f: Fixture, ns: string, msgs: PlacedMessage[], state: Json[], name: IfName): void {
  const mine = msgs.filter((m) => m.netns === ns && !m.beforeChange && (m.msg.type === RTM_NEWLINK || m.msg.type === RTM_DELLINK))
  const family = (m: PlacedMessage): number => body<LinkBody>(m).ifiFamily
  const full = latestBy(mine, (m) => (family(m) === AF_UNSPEC ? body<LinkBody>(m).ifiIndex : undefined))
  // A bridge port's state also changes through AF_BRIDGE messages (br_ifinfo_notify) alone.
  const port = latestBy(mine, (m) => (family(m) === AF_UNSPEC || family(m) === AF_BRIDGE ? body<LinkBody>(m).ifiIndex : undefined))
  const peerUp = (i: number): boolean | undefined => {
    const m = full.get(i)
    if (m === undefined || m.msg.type !== RTM_NEWLINK) return undefined
    return (body<LinkBody>(m).ifiFlags & 1) !== 0
  }
  const listed = new Set(state.map((j) => j.ifindex as number))
  for (const [index, m] of full) if (m.msg.type === RTM_NEWLINK && !listed.has(index)) cx.unlisted.push(`link: ${f.name} ${ns} ${m.where} ifindex ${index}`)
  for (const j of state) {
    const index = j.ifindex as number
    const m = full.get(index)
    if (m === undefined) continue
    const what = `${f.name} ${ns}: link ${String(j.ifname)} (${m.where})`
    if (m.msg.type === RTM_DELLINK) {
      cx.problems.push(`${what}: the last message deletes it, yet iproute2 lists it`)
      continue
    }
    const b = body<LinkBody>(m)
    const got = restrict(linkJson(b, name, peerUp), LINK_KEYS)!
    const want = restrict(j, LINK_KEYS)!
    const p = port.get(index)!
    if (p !== m) {
      // The port's last word came from an AF_BRIDGE message: its IFLA_PROTINFO is the port state.
      const li = (got.linkinfo ??= {}) as Json
      if (p.msg.type === RTM_DELLINK) delete li.info_slave_data
      else li.info_slave_data = restrict(brportJson(body<LinkBody>(p).protinfo as Json), BRPORT_KEYS)
    }
    drop(got, ['linkinfo', 'info_data'], UNNOTIFIED_BRIDGE)
    drop(want, ['linkinfo', 'info_data'], UNNOTIFIED_BRIDGE)
    drop(got, ['linkinfo', 'info_slave_data'], UNNOTIFIED_PORT)
    drop(want, ['linkinfo', 'info_slave_data'], UNNOTIFIED_PORT)
    if (b.linkinfo?.kind === 'bridge') {
      // br_add_if() lowers the bridge's TSO limits to its ports' (netif_set_tso_max_size) without a notification.
      for (const k of ['tso_max_size', 'tso_max_segs']) {
        delete got[k]
        delete want[k]
      }
    }
    if (b.linkinfo?.kind === 'veth' && b.link === 0) {
      // The peer's RTM_NEWLINK goes out from register_netdevice() before veth_newlink() pairs the
      // two ends, with IFLA_LINK 0; the pairing itself is not notified.
      for (const k of ['link', 'link_index', 'link_netnsid']) {
        delete got[k]
        delete want[k]
      }
      want.flags = (want.flags as string[]).filter((x) => x !== 'M-DOWN')
    }
    if (b.link && b.linkNetnsid === undefined && peerUp(b.link) === undefined) {
      // M-DOWN is the peer's state; this fixture has no message about the peer.
      want.flags = (want.flags as string[]).filter((x) => x !== 'M-DOWN')
    }
    cx.same('link', got, want, what)
  }
}

const addrKey = (family: number, index: number, local: unknown, prefixlen: unknown): string => `${index}|${family}|${String(local)}|${String(prefixlen)}`

function addrsOf(cx: Ctx, f: Fixture, ns: string, msgs: PlacedMessage[], state: Json[]): void {
  const mine = msgs.filter((m) => m.netns === ns && !m.beforeChange && (m.msg.type === RTM_NEWADDR || m.msg.type === RTM_DELADDR))
  const last = latestBy(mine, (m) => {
    const b = body<AddrBody>(m)
    return addrKey(b.ifaFamily, b.ifaIndex, b.local ?? b.address, b.ifaPrefixlen)
  })
  const listed = new Set<string>()
  for (const l of state) {
    for (const a of (l.addr_info as Json[] | undefined) ?? []) {
      const key = addrKey(a.family === 'inet6' ? AF_INET6 : AF_INET, l.ifindex as number, a.local, a.prefixlen)
      listed.add(key)
      const m = last.get(key)
      if (m === undefined) continue
      const what = `${f.name} ${ns}: address ${String(a.local)}/${String(a.prefixlen)} on ${String(l.ifname)} (${m.where})`
      if (m.msg.type === RTM_DELADDR) {
        cx.problems.push(`${what}: the last message deletes it, yet iproute2 lists it`)
        continue
      }
      const got = restrict(addrJson(body<AddrBody>(m)), ADDR_KEYS)!
      const want = restrict(a, ADDR_KEYS)!
      timeless(got, want)
      cx.same('addr', got, want, what)
    }
  }
  for (const [key, m] of last) if (m.msg.type === RTM_NEWADDR && !listed.has(key)) cx.unlisted.push(`addr: ${f.name} ${ns} ${m.where} ${key}`)
}

/** What tells two routes apart in a table: family, table, type, destination, metric, device(s), tos. */
function routeKey(family: number, j: Json): string {
  const devs = j.dev ?? (j.nexthops as Json[] | undefined)?.map((n) => n.dev).join(',')
  return [family, j.table ?? 'main', j.type ?? 'unicast', j.dst, j.metric ?? 0, devs, j.tos ?? 0].join('|')
}

function routesOf(cx: Ctx, f: Fixture, ns: string, msgs: PlacedMessage[], v4v6: Json[], v6: Json[], name: IfName): void {
  // `ip route get` answers (RTM_F_CLONED) describe a lookup, not a table entry.
  const mine = msgs.filter(
    (m) => m.netns === ns && !m.beforeChange && (m.msg.type === RTM_NEWROUTE || m.msg.type === RTM_DELROUTE) && (body<RouteBody>(m).rtmFlags & RTM_F_CLONED) === 0,
  )
  const last = latestBy(mine, (m) => {
    const b = body<RouteBody>(m)
    return routeKey(b.rtmFamily, routeJson(b, name))
  })
  // `ip -j route show table all` lists both families; `ip -j -6 route show table all` tells which are IPv6.
  const six = new Set(v6.map((j) => JSON.stringify(j)))
  const all = new Map<string, Json>()
  for (const j of v4v6) all.set(routeKey(six.has(JSON.stringify(j)) ? AF_INET6 : AF_INET, j), j)
  for (const j of v6) all.set(routeKey(AF_INET6, j), j)
  for (const [key, j] of all) {
    const m = last.get(key)
    if (m === undefined) continue
    const what = `${f.name} ${ns}: route ${key} (${m.where})`
    if (m.msg.type === RTM_DELROUTE) {
      cx.problems.push(`${what}: the last message deletes it, yet iproute2 lists it`)
      continue
    }
    cx.same('route', restrict(routeJson(body<RouteBody>(m), name), ROUTE_KEYS), restrict(j, ROUTE_KEYS), what)
  }
  for (const [key, m] of last) if (m.msg.type === RTM_NEWROUTE && !all.has(key)) cx.unlisted.push(`route: ${f.name} ${ns} ${m.where} ${key}`)
}

/** Neighbours (ARP, NDP) and bridge FDB entries share RTM_NEWNEIGH; ndm_family tells them apart. */
function neighsOf(cx: Ctx, f: Fixture, ns: string, msgs: PlacedMessage[], neighs: Json[], fdb: Json[], name: IfName): void {
  const mine = msgs.filter((m) => m.netns === ns && !m.beforeChange && (m.msg.type === RTM_NEWNEIGH || m.msg.type === RTM_DELNEIGH))
  const neighKey = (j: Json): string => `${String(j.dev)}|${String(j.dst)}`
  // An FDB entry: the MAC on a port, per VLAN and remote (VXLAN), and whether it is the device's own (self) or the bridge's.
  const fdbKey = (j: Json): string => [j.ifname, j.mac, j.vlan ?? 0, j.dst ?? '', (j.flags as string[]).includes('self')].join('|')
  const lastNeigh = latestBy(mine, (m) => {
    const b = body<NeighBody>(m)
    return b.ndmFamily === AF_INET || b.ndmFamily === AF_INET6 ? neighKey(neighJson(b, name)) : undefined
  })
  const lastFdb = latestBy(mine, (m) => (body<NeighBody>(m).ndmFamily === AF_BRIDGE ? fdbKey(fdbJson(body<NeighBody>(m), name)) : undefined))
  const check = (family: 'neigh' | 'fdb', j: Json, key: string, last: Map<string, PlacedMessage>, json: (b: NeighBody) => Json, keys: typeof NEIGH_KEYS): void => {
    const m = last.get(key)
    if (m === undefined) return
    const what = `${f.name} ${ns}: ${family} ${key} (${m.where})`
    if (m.msg.type === RTM_DELNEIGH) {
      cx.problems.push(`${what}: the last message deletes it, yet iproute2 lists it`)
      return
    }
    const got = restrict(json(body<NeighBody>(m)), keys)!
    const want = restrict(j, keys)!
    if (family === 'neigh' && (want.state as string[]).some((x) => x === 'DELAY' || x === 'PROBE')) {
      // Traffic moves a dynamic entry STALE → DELAY (__neigh_event_send) and DELAY → PROBE
      // (neigh_timer_handler) without a notification: its last message cannot know.
      delete got.state
      delete want.state
    }
    cx.same(family, got, want, what)
  }
  for (const j of neighs) check('neigh', j, neighKey(j), lastNeigh, (b) => neighJson(b, name), NEIGH_KEYS)
  for (const j of fdb) check('fdb', j, fdbKey(j), lastFdb, (b) => fdbJson(b, name), FDB_KEYS)
  const listedNeigh = new Set(neighs.map(neighKey))
  const listedFdb = new Set(fdb.map(fdbKey))
  for (const [key, m] of lastNeigh) if (m.msg.type === RTM_NEWNEIGH && !listedNeigh.has(key)) cx.unlisted.push(`neigh: ${f.name} ${ns} ${m.where} ${key}`)
  for (const [key, m] of lastFdb) if (m.msg.type === RTM_NEWNEIGH && !listedFdb.has(key)) cx.unlisted.push(`fdb: ${f.name} ${ns} ${m.where} ${key}`)
}

/** ip netns list-id: the namespace's nsids (the names are iproute2's own, from /run/netns). */
function nsidsOf(cx: Ctx, f: Fixture, ns: string, msgs: PlacedMessage[], state: Json[]): void {
  const mine = msgs.filter((m) => m.netns === ns && !m.beforeChange && (m.msg.type === RTM_NEWNSID || m.msg.type === RTM_DELNSID))
  // NETNSA_NSID -1 (NETNSA_NSID_NOT_ASSIGNED) answers "which id has this namespace": none.
  const last = latestBy(mine, (m) => (body<NsidBody>(m).nsid === -1 ? undefined : body<NsidBody>(m).nsid))
  for (const j of state) {
    const m = last.get(j.nsid as number)
    if (m === undefined) continue
    const what = `${f.name} ${ns}: nsid ${String(j.nsid)} (${m.where})`
    if (m.msg.type === RTM_DELNSID) {
      cx.problems.push(`${what}: the last message deletes it, yet iproute2 lists it`)
      continue
    }
    cx.same('nsid', { nsid: body<NsidBody>(m).nsid }, { nsid: j.nsid }, what)
  }
  const listed = new Set(state.map((j) => j.nsid as number))
  for (const [key, m] of last) if (m.msg.type === RTM_NEWNSID && !listed.has(key!)) cx.unlisted.push(`nsid: ${f.name} ${ns} ${m.where} nsid ${key}`)
}

/** `ip [-6] netconf show dev NAME`: its stdout is iproute2's reading of the netconf replies. */
function netconfOf(cx: Ctx, f: Fixture, msgs: PlacedMessage[], name: IfName): void {
  if (!/^ip (-6 )?netconf show dev \S+$/.test(f.sidecar.command)) return
  const replies = msgs.filter((m) => m.kind === 'reply' && m.msg.type === RTM_NEWNETCONF)
  const lines = f.sidecar.exit.stdout.split('\n').filter((l) => l !== '')
  if (lines.length === 0) cx.problems.push(`${f.name}: ip netconf printed nothing`)
  for (const line of lines) {
    const [family, dev] = line.split(' ')
    const m = replies.filter((r) => {
      const b = body<NetconfBody>(r)
      return (family === 'inet' ? b.ncmFamily === AF_INET : family === 'inet6' ? b.ncmFamily === AF_INET6 : false) && b.ifindex !== undefined && name(b.ifindex) === dev
    })
    if (m.length !== 1) {
      cx.problems.push(`${f.name}: ${m.length} replies for "${family} ${dev}", expected one`)
      continue
    }
    // The fields: every "key value" pair after the family and the device.
    cx.same('netconf', netconfLine(body<NetconfBody>(m[0]!), name), line, `${f.name}: ${family} ${dev} (${m[0]!.where})`, line.trim().split(' ').length / 2 - 1)
  }
}


/**
 * `ip -j rule show` and `ip -j -6 rule show` (fixtures captured since rules were): a rule is its
 * family, priority and what it matches; dumps (replies) count as messages about it too.
 */
function rulesOf(cx: Ctx, f: Fixture, ns: string, msgs: PlacedMessage[], v4: Json[] | undefined, v6: Json[] | undefined): void {
  if (v4 === undefined && v6 === undefined) return
  const mine = msgs.filter((m) => m.netns === ns && !m.beforeChange && (m.msg.type === RTM_NEWRULE || m.msg.type === RTM_DELRULE))
  const key = (family: number, j: Json): string => [family, j.priority, j.src, j.srclen ?? '', j.dst ?? '', j.dstlen ?? '', j.table ?? ''].join('|')
  const last = latestBy(mine, (m) => key(body<RuleBody>(m).frhFamily, ruleJson(body<RuleBody>(m))))
  const listed = new Set<string>()
  for (const [family, list] of [[AF_INET, v4 ?? []], [AF_INET6, v6 ?? []]] as const) {
    for (const j of list) {
      const k = key(family, j)
      listed.add(k)
      const m = last.get(k)
      if (m === undefined) continue
      const what = `${f.name} ${ns}: rule ${k} (${m.where})`
      if (m.msg.type === RTM_DELRULE) cx.problems.push(`${what}: the last message deletes it, yet iproute2 lists it`)
      else cx.same('rule', ruleJson(body<RuleBody>(m)), j, what)
    }
  }
  for (const [k, m] of last) if (m.msg.type === RTM_NEWRULE && !listed.has(k)) cx.unlisted.push(`rule: ${f.name} ${ns} ${m.where} ${k}`)
}

/** `ip -j nexthop show` (fixtures captured since nexthops were): a nexthop is its id. */
function nexthopsOf(cx: Ctx, f: Fixture, ns: string, msgs: PlacedMessage[], state: Json[] | undefined, name: IfName): void {
  if (state === undefined) return
  const mine = msgs.filter((m) => m.netns === ns && !m.beforeChange && (m.msg.type === RTM_NEWNEXTHOP || m.msg.type === RTM_DELNEXTHOP))
  const last = latestBy(mine, (m) => body<NexthopBody>(m).id)
  for (const j of state) {
    const m = last.get(j.id as number)
    if (m === undefined) continue
    const what = `${f.name} ${ns}: nexthop ${String(j.id)} (${m.where})`
    if (m.msg.type === RTM_DELNEXTHOP) cx.problems.push(`${what}: the last message deletes it, yet iproute2 lists it`)
    else cx.same('nexthop', nexthopJson(body<NexthopBody>(m), name), j, what)
  }
  const listed = new Set(state.map((j) => j.id as number))
  for (const [id, m] of last) if (m.msg.type === RTM_NEWNEXTHOP && !listed.has(id!)) cx.unlisted.push(`nexthop: ${f.name} ${ns} ${m.where} id ${id}`)
}

/** Every comparison of one fixture. */
export function compareFixtureValues(f: Fixture): FixtureValues {
  const cx = new Ctx()
  const msgs = placedMessages(f)
  netconfOf(cx, f, msgs, namesOf(f.sidecar.state[commandNetns(f)]!.link as Json[]))
  for (const [ns, st] of Object.entries(f.sidecar.state)) {
    const links = st.link as Json[]
    const name = namesOf(links)
    linksOf(cx, f, ns, msgs, links, name)
    addrsOf(cx, f, ns, msgs, st.addr as Json[])
    routesOf(cx, f, ns, msgs, st.route as Json[], st.route6 as Json[], name)
    neighsOf(cx, f, ns, msgs, st.neigh as Json[], st.fdb as Json[], name)
    nsidsOf(cx, f, ns, msgs, st.nsid as Json[])
    rulesOf(cx, f, ns, msgs, st.rule as Json[] | undefined, st.rule6 as Json[] | undefined)
    nexthopsOf(cx, f, ns, msgs, st.nexthop as Json[] | undefined, name)
  }
  return cx
}

const FAMILY_TYPES = new Set([RTM_NEWLINK, RTM_DELLINK, RTM_NEWADDR, RTM_DELADDR, RTM_NEWROUTE, RTM_DELROUTE, RTM_NEWNEIGH, RTM_DELNEIGH, RTM_NEWNSID, RTM_DELNSID, RTM_NEWNETCONF, RTM_NEWRULE, RTM_DELRULE, RTM_NEWNEXTHOP, RTM_DELNEXTHOP])

/** Replies and notifications of the families compared here (the denominator of the coverage). */
export function valueMessages(f: Fixture): number {
  return placedMessages(f).filter((m) => FAMILY_TYPES.has(m.msg.type)).length
}
