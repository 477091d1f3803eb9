// The state a command leaves behind, as iproute2 reports it in JSON, per namespace; and the
// names (ifindex → link, nsid → netns) ip monitor could look up while printing.
import type { LinkInfo, NetnsContext, NetnsState } from '../../test/helpers/fixtures.js'
import type { Sandbox } from './sandbox.js'

const QUERIES: Record<Exclude<keyof NetnsState, 'errors'>, string[]> = {
  link: ['ip', '-d', '-j', 'link', 'show'],
  addr: ['ip', '-j', 'addr', 'show'],
  route: ['ip', '-j', 'route', 'show', 'table', 'all'],
  route6: ['ip', '-j', '-6', 'route', 'show', 'table', 'all'],
  neigh: ['ip', '-j', 'neigh', 'show'],
  fdb: ['bridge', '-j', 'fdb', 'show'],
  nsid: ['ip', '-j', 'netns', 'list-id'],
  rule: ['ip', '-j', 'rule', 'show'],
  rule6: ['ip', '-j', '-6', 'rule', 'show'],
  nexthop: ['ip', '-j', 'nexthop', 'show'],
}

export async function snapshot(sb: Sandbox, netns: string): Promise<NetnsState> {
  const state: NetnsState = { link: [], addr: [], route: [], route6: [], neigh: [], fdb: [], nsid: [], rule: [], rule6: [], nexthop: [] }
  const errors: Record<string, string> = {}
  await Promise.all(
    (Object.keys(QUERIES) as (keyof typeof QUERIES)[]).map(async (key) => {
      const r = await sb.exec(netns, QUERIES[key], { timeoutMs: 10_000 })
      const text = r.stdout.trim()
      if (r.code !== 0) {
        errors[key] = `${QUERIES[key].join(' ')} exited ${r.code}: ${r.stderr.trim()}`
        return
      }
      if (text === '') return // ip -j netns list-id (nexthop show) prints nothing when there is none
      try {
        const v = JSON.parse(text) as unknown
        state[key] = Array.isArray(v) ? v : [v]
      } catch {
        errors[key] = `not JSON: ${text.slice(0, 200)}`
      }
    }),
  )
  if (Object.keys(errors).length > 0) state.errors = errors
  return state
}

export async function snapshotAll(sb: Sandbox, names: readonly string[]): Promise<Record<string, NetnsState>> {
  const out: Record<string, NetnsState> = {}
  const states = await Promise.all(names.map((n) => snapshot(sb, n)))
  names.forEach((n, i) => (out[n] = states[i]!))
  return out
}

function links(st: NetnsState | undefined): Record<string, LinkInfo> {
  const out: Record<string, LinkInfo> = {}
  for (const l of (st?.link ?? []) as { ifindex?: number; ifname?: string; flags?: string[] }[]) {
    if (typeof l.ifindex === 'number' && typeof l.ifname === 'string') out[String(l.ifindex)] = { name: l.ifname, flags: l.flags ?? [] }
  }
  return out
}

function nsids(st: NetnsState | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  for (const e of (st?.nsid ?? []) as { nsid?: number; name?: string }[]) {
    if (typeof e.nsid === 'number' && typeof e.name === 'string') out[String(e.nsid)] = e.name
  }
  return out
}

function nexthops(st: NetnsState | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const e of (st?.nexthop ?? []) as { id?: number }[]) if (typeof e.id === 'number') out[String(e.id)] = e
  return out
}

/** What iproute2 could have looked up in `netns` while printing this command's notifications. */
export function contextOf(before: NetnsState | undefined, after: NetnsState | undefined): NetnsContext {
  const linksBefore = links(before)
  const linksAfter = links(after)
  const names: Record<string, string> = {}
  for (const [i, l] of Object.entries(linksBefore)) names[i] = l.name
  for (const [i, l] of Object.entries(linksAfter)) names[i] ??= l.name
  const nh = { ...nexthops(before), ...nexthops(after) }
  return { links: names, nsids: { ...nsids(after), ...nsids(before) }, linksBefore, linksAfter, ...(Object.keys(nh).length > 0 ? { nexthops: nh } : {}) }
}
