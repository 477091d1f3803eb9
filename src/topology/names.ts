// Where a topology's nodes live on this machine, and how its objects are marked as its own.
//   --prefix P   every node's namespace is P + node name (host aside)
//   --host NS    the namespace NS plays the host (created if absent); default: this process's
import { validateNetnsName } from '../netns.js'
import { TopologyFileError } from './errors.js'
import { HOST, type TopologySpec } from './spec.js'

export interface PlacementOptions {
  /** Prepended to every namespace name the file gives. */
  prefix?: string
  /** This named namespace plays the host (created if absent); default: the current one. */
  host?: string
}

export class Placement {
  readonly prefix: string
  /** The host's namespace name, undefined for the current namespace. */
  readonly hostNetns: string | undefined
  /** The topology's identity: prefix + name. Two copies of one lab under two prefixes are two topologies. */
  readonly id: string
  /** IFLA_IFALIAS of every interface and namespace loopback the topology owns. */
  readonly marker: string
  /** IFLA_GROUP of the topology's interfaces in the host, for one-request teardown. */
  readonly group: number

  constructor(readonly spec: TopologySpec, opts: PlacementOptions = {}) {
    this.prefix = opts.prefix ?? ''
    this.hostNetns = opts.host
    this.id = `${this.prefix}${spec.name}`
    this.marker = markerFor(this.id)
    this.group = groupFor(this.id)
    const problems = []
    if (opts.host !== undefined) {
      try {
        validateNetnsName(opts.host, '--host')
      } catch (e) {
        problems.push({ path: '--host', message: (e as Error).message })
      }
    }
    for (const node of this.nodes()) {
      if (node === HOST) continue
      try {
        validateNetnsName(this.netns(node), 'namespace')
      } catch (e) {
        problems.push({ path: `nodes.${node}`, message: `with prefix ${JSON.stringify(this.prefix)}: ${(e as Error).message}` })
      }
    }
    if (problems.length > 0) throw new TopologyFileError(spec.name, problems)
  }

  /** Node names, host first, then in the file's order. */
  nodes(): string[] {
    return [HOST, ...Object.keys(this.spec.nodes).filter((n) => n !== HOST)]
  }

  /** The namespace of a node: undefined = the current one. */
  netns(node: string): string | undefined {
    return node === HOST ? this.hostNetns : `${this.prefix}${node}`
  }

  /** How people read a node: "ns1 (lab-ns1)", "host", "host (nlw-1-host)". */
  label(node: string): string {
    const ns = this.netns(node)
    return ns === undefined || ns === node ? node : `${node} (${ns})`
  }

  /** Whether the host is a named namespace (and so may be created, owned and deleted). */
  get hostIsNamed(): boolean {
    return this.hostNetns !== undefined
  }
}

export const MARKER_PREFIX = 'nlwire:'

export function markerFor(id: string): string {
  return `${MARKER_PREFIX}${id}`
}

/** A group number from the id (FNV-1a), in 0x10000000..0x7fffffff: away from the small numbers people pick. */
export function groupFor(id: string): number {
  let h = 0x811c9dc5
  for (const c of Buffer.from(id, 'utf8')) {
    h ^= c
    h = Math.imul(h, 0x01000193) >>> 0
  }
  return 0x10000000 + (h % 0x70000000)
}
