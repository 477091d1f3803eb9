// Routes of a node, after its interfaces: added where missing, replaced where the gateway or
// device differs, and (in namespaces the topology owns) removed where the file has none. Routes
// the kernel makes itself (proto kernel: the subnet of an address, local and broadcast routes)
// are not compared.
import type { RouteOptions } from '../api/route.js'
import type { Route } from '../api/views.js'
import type { Change } from './change.js'
import { canonicalCidr, canonicalIp, type DesiredNode } from './desired.js'
import * as op from './ops.js'
import type { PlanBuilder } from './plan-context.js'
import type { RouteSpec } from './spec.js'

const MAIN = 254
/** Protocols of routes people add (`ip route add` says boot; static for routing daemons' static routes). */
const USER_PROTOCOLS = new Set(['boot', 'static'])

function family(r: RouteSpec): 'inet' | 'inet6' {
  const probe = r.dst !== 'default' ? r.dst : (r.via ?? r.src ?? '')
  return probe.includes(':') ? 'inet6' : 'inet'
}

interface Key {
  family: 'inet' | 'inet6'
  dst: string
  table: number
  metric: number
}

const keyText = (k: Key) => `${k.family} ${k.dst} table ${k.table} metric ${k.metric}`

function desiredKey(r: RouteSpec): Key {
  const f = family(r)
  return { family: f, dst: r.dst === 'default' ? 'default' : canonicalCidr(r.dst), table: r.table ?? MAIN, metric: r.metric ?? (f === 'inet6' ? 1024 : 0) }
}

function liveKey(r: Route): Key {
  return { family: r.family, dst: r.dst, table: r.table, metric: r.metric ?? 0 }
}

function text(r: RouteSpec): string {
  return [r.dst, r.via && `via ${r.via}`, r.dev && `dev ${r.dev}`, r.src && `src ${r.src}`, r.table !== undefined && `table ${r.table}`, r.metric !== undefined && `metric ${r.metric}`].filter(Boolean).join(' ')
}

function options(r: RouteSpec): RouteOptions {
  const o: RouteOptions = { dst: r.dst }
  if (r.via !== undefined) o.via = r.via
  if (r.dev !== undefined) o.dev = r.dev
  if (r.src !== undefined) o.src = r.src
  if (r.metric !== undefined) o.metric = r.metric
  if (r.table !== undefined) o.table = r.table
  return o
}

export function planRoutes(b: PlanBuilder, n: DesiredNode, gone: ReadonlySet<number> = new Set()): Change[] {
  const out: Change[] = []
  const s = b.ns(n.node)
  const ns = b.netns(n.node)
  const fresh = b.newNamespaces.has(ns)
  const tables = new Set([MAIN, ...n.routes.map((r) => r.table ?? MAIN)])
  // Routes through an interface this run takes away go with it.
  const live = s.routes.filter((r) => USER_PROTOCOLS.has(r.protocol) && r.type === 'unicast' && tables.has(r.table) && !(r.dev !== undefined && gone.has(r.dev)))
  const devName = (i: number | undefined) => (i === undefined ? undefined : s.byIndex.get(i)?.name)
  const matched = new Set<Route>()
  const base = { node: n.node, turn: n.routeTurn, object: 'route' as const }
  for (const r of n.routes) {
    const k = desiredKey(r)
    const have = live.find((x) => keyText(liveKey(x)) === keyText(k))
    if (have === undefined) {
      out.push({ ...base, action: 'create', name: r.dst, text: `create route ${n.node}: ${text(r)}`, to: { ...r }, ops: [op.addRoute(ns, options(r), fresh)] })
      continue
    }
    matched.add(have)
    const viaDiff = r.via !== undefined && have.via !== canonicalIp(r.via)
    const devDiff = r.dev !== undefined && devName(have.dev) !== r.dev
    const srcDiff = r.src !== undefined && have.src !== canonicalIp(r.src)
    if (!viaDiff && !devDiff && !srcDiff && !(r.via === undefined && have.via !== undefined)) continue
    const old: RouteSpec = { dst: r.dst, ...(have.via !== undefined ? { via: have.via } : {}), ...(devName(have.dev) !== undefined ? { dev: devName(have.dev)! } : {}), ...(have.src !== undefined ? { src: have.src } : {}), ...(r.table !== undefined ? { table: r.table } : {}), ...(r.metric !== undefined ? { metric: r.metric } : {}) }
    out.push({ ...base, action: 'change', name: r.dst, text: `change route ${n.node}: ${text(old)} -> ${text(r)}`, from: { ...old }, to: { ...r }, ops: [op.replaceRoute(ns, options(r), options(old))] })
  }
  if (b.ownsNode(n.node) && !fresh) {
    for (const x of live) {
      if (matched.has(x)) continue
      const old: RouteSpec = { dst: x.dst, ...(x.via !== undefined ? { via: x.via } : {}), ...(devName(x.dev) !== undefined ? { dev: devName(x.dev)! } : {}), ...(x.table !== MAIN ? { table: x.table } : {}), ...(x.metric !== undefined ? { metric: x.metric } : {}) }
      out.push({ ...base, action: 'remove', name: x.dst, text: `remove route ${n.node}: ${text(old)} (not in the file)`, from: { ...old }, ops: [op.delRoute(ns, options(old))] })
    }
  }
  return out
}
