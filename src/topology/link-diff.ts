// One interface: what its creation request carries, and what differs between the file and the
// machine afterwards (the change and the values to put back). Only what the file says is
// compared; what it leaves out stays as it is, except a master on an interface we own.
import type { LinkAddOptions, LinkSetOptions } from '../api/link.js'
import type { Link } from '../api/views.js'
import type { DesiredIf } from './desired.js'
import type { NsState } from './live.js'
import type { BridgeSpec, InetSpec } from './spec.js'

export interface LinkDiff {
  set: LinkSetOptions
  back: LinkSetOptions
  /** "up false -> true", one per field. */
  parts: string[]
  from: Record<string, unknown>
  to: Record<string, unknown>
}

/** The attributes a veth peer (or any end) can be given in the request that creates it. */
export function creationAttrs(d: DesiredIf): Pick<LinkAddOptions, 'mtu' | 'address' | 'txqlen'> {
  const o: Pick<LinkAddOptions, 'mtu' | 'address' | 'txqlen'> = {}
  if (d.spec.mtu !== undefined) o.mtu = d.spec.mtu
  if (d.spec.mac !== undefined) o.address = d.spec.mac.toLowerCase()
  if (d.spec.txqlen !== undefined) o.txqlen = d.spec.txqlen
  return o
}

export interface DiffContext {
  /** The live link (undefined: it is being created by this run, with `created` already set). */
  live: Link | undefined
  ns: NsState
  /** What the creation request already set: these are not compared again. */
  created?: { mtu?: boolean; address?: boolean; txqlen?: boolean; master?: boolean; up?: boolean; group?: boolean; bridge?: boolean }
  /** The alias the interface must carry (the marker, for our interfaces in a namespace we do not own). */
  alias?: string
  /** The group it must be in (our interfaces in the host). */
  group?: number
  /** It is ours: a master the file does not give is released. */
  owned: boolean
  /** Resolve the index of `master` in the namespace ('' when it is being created). */
  masterName(index: number | undefined): string | undefined
}

export function linkDiff(d: DesiredIf, c: DiffContext): LinkDiff {
  const s = d.spec
  const l = c.live
  const out: LinkDiff = { set: {}, back: {}, parts: [], from: {}, to: {} }
  const note = (k: string, from: unknown, to: unknown) => {
    out.parts.push(`${k} ${fmt(from)} -> ${fmt(to)}`)
    out.from[k] = from ?? null
    out.to[k] = to
  }
  if (s.mtu !== undefined && !c.created?.mtu && l?.mtu !== s.mtu) {
    note('mtu', l?.mtu, s.mtu)
    out.set.mtu = s.mtu
    if (l?.mtu !== undefined) out.back.mtu = l.mtu
  }
  if (s.mac !== undefined && !c.created?.address && l?.address?.toLowerCase() !== s.mac.toLowerCase()) {
    note('mac', l?.address, s.mac.toLowerCase())
    out.set.address = s.mac.toLowerCase()
    if (l?.address !== undefined) out.back.address = l.address
  }
  if (s.txqlen !== undefined && !c.created?.txqlen && l?.txqlen !== s.txqlen) {
    note('txqlen', l?.txqlen, s.txqlen)
    out.set.txqlen = s.txqlen
    if (l?.txqlen !== undefined) out.back.txqlen = l.txqlen
  }
  if (c.alias !== undefined && l?.alias !== c.alias) {
    note('alias', l?.alias, c.alias)
    out.set.alias = c.alias
    out.back.alias = l?.alias ?? ''
  }
  if (c.group !== undefined && !c.created?.group && l?.group !== c.group) {
    note('group', l?.group, c.group)
    out.set.group = c.group
    out.back.group = l?.group ?? 0
  }
  // OVS ports are not kernel bridge ports: their master (if any) is the datapath's.
  if (s.switch === undefined && !c.created?.master) {
    const now = c.masterName(l?.master)
    if (s.master !== undefined && now !== s.master) {
      note('master', now, s.master)
      out.set.master = s.master
      out.back.master = now ?? null
    } else if (s.master === undefined && now !== undefined && c.owned && d.kind !== 'ovs-internal') {
      note('master', now, null)
      out.set.master = null
      out.back.master = now
    }
  }
  const inet = changed<InetSpec>(s.inet, l?.inet as Record<string, number | undefined> | undefined)
  if (inet !== undefined) {
    for (const [k, v] of Object.entries(inet.to)) note(`inet.${k}`, inet.from[k], v)
    out.set.inet = inet.to
    if (l !== undefined) out.back.inet = inet.from as InetSpec
  }
  if (!c.created?.bridge) {
    const br = changed<BridgeSpec>(s.bridge, l?.bridge as Record<string, number | undefined> | undefined)
    if (br !== undefined) {
      for (const [k, v] of Object.entries(br.to)) note(`bridge.${k}`, br.from[k], v)
      out.set.bridge = br.to
      if (l !== undefined) out.back.bridge = br.from as BridgeSpec
    }
  }
  // Up last: it is what the request's ifinfomsg flags carry, whatever else changes.
  if (s.up !== undefined && !c.created?.up && (l?.up ?? false) !== s.up) {
    note('up', l?.up ?? false, s.up)
    out.set.up = s.up
    out.back.up = l?.up ?? false
  }
  return out
}

function changed<T extends object>(want: T | undefined, have: Record<string, number | undefined> | undefined): { to: T; from: Record<string, number | undefined> } | undefined {
  if (want === undefined) return undefined
  const to: Record<string, number> = {}
  const from: Record<string, number | undefined> = {}
  for (const [k, v] of Object.entries(want) as [string, number][]) {
    if (have?.[k] !== v) {
      to[k] = v
      from[k] = have?.[k]
    }
  }
  return Object.keys(to).length > 0 ? { to: to as T, from } : undefined
}

function fmt(v: unknown): string {
  return v === undefined || v === null ? 'none' : String(v)
}
