// What every workload gets (Ctx) and gives back (Row), and the interleaved round driver.
import type { RpcClient } from '../rpc.js'
import { RpcError } from '../rpc.js'
import type { Scratch } from '../netns.js'
import type { Breakdown } from '../breakdown.js'

export type PeerId = 'floor' | 'iproute2' | 'netlink-npm' | 'pyroute2' | 'nlwire'
export const PEERS: readonly PeerId[] = ['floor', 'iproute2', 'netlink-npm', 'pyroute2', 'nlwire']
export const COMPARED: readonly PeerId[] = ['floor', 'iproute2', 'netlink-npm', 'pyroute2']

export const NOT_WIRED = 'n/a (not yet wired)'

export interface Sizes {
  /** Codec loop length per round sample (Node peers / pyroute2, which is ~50× slower). */
  codecIterations: number
  codecIterationsPy: number
  /** NLMSG_NOOP round trips per round sample (per-request overhead). */
  noops: number
  /** Pairs created per round sample in the create workloads. */
  createPairs: number
  /** Pairs deleted one by one per round sample in "delete one pair". */
  deleteOnePairs: number
  /** Pairs torn down at once (the 500). */
  teardownPairs: number
  /** Rounds for deleting teardownPairs one by one (~16 ms each: 500 pairs ≈ 8 s a round). */
  teardownOneByOneRounds: number
  /** Veth pairs in the dump namespace (links = 2·pairs + lo: the 1001). */
  dumpPairs: number
  dumpRepeats: number
  dumpRepeatsPy: number
  startupRuns: number
  /** Requests in flight / per sendmsg in the concurrent create workloads. */
  window: number
  perSend: number
}

export interface Config {
  quick: boolean
  rounds: number
  sizes: Sizes
}

export interface Ctx {
  cfg: Config
  /** The Node bench child in the work namespace. */
  node: RpcClient
  /** The pyroute2 child in the work namespace, or null with the reason in pySkip. */
  py: RpcClient | null
  pySkip: string
  /** A pyroute2 child in the root namespace (only for pyroute2.netns.remove), started lazily. */
  pyRoot(): Promise<RpcClient | null>
  scratch: Scratch
  workNs: string
  repoRoot: string
  hyperfine: string | null
  /** The kernel's RTM_NEWLINK for a fresh veth, captured at bench start. */
  notification: { hex: string; length: number; name: string }
  /** iproute2's own veth-create request for va00001/vb00001 (strace), or null with a reason. */
  iproute2VethCreate: Uint8Array | null
  iproute2CaptureNote: string
  log(msg: string): void
}

export interface Row {
  id: string
  title: string
  /** What one sample is: "per pair", "per dump", "total for 500 pairs"… */
  unit: string
  /** samples[peer][round]: ns, undefined where that round failed or did not run. */
  samples: Partial<Record<PeerId, (number | undefined)[]>>
  /** Cell text for peers without numbers: "n/a (not yet wired)", "– (why)", "failed: …". */
  status: Partial<Record<PeerId, string>>
  /** What the peer ran here when it is not the obvious thing ("ip link del group G"). */
  what: Partial<Record<PeerId, string>>
  notes: string[]
  /** One extra, untimed nlwire pass under the sampling profiler: where the time goes. */
  breakdown?: Breakdown
  /**
   * The median CPU time per operation (ns) of the thread doing the work, where a workload measures
   * it (schedstat): on a loaded machine the wall-clock samples measure mostly the other processes.
   */
  cpu?: Partial<Record<PeerId, number>>
}

export function newRow(id: string, title: string, unit: string): Row {
  return { id, title, unit, samples: {}, status: {}, what: {}, notes: [] }
}

export interface Workload {
  name: string
  describe: string
  run(ctx: Ctx): Promise<Row[]>
}

/** A peer that cannot do this workload at all: "– (reason)". */
export function notApplicable(row: Row, peer: PeerId, reason: string): void {
  row.status[peer] = `– (${reason})`
}

function statusOf(err: unknown): string {
  if (err instanceof RpcError && err.notWired) return NOT_WIRED
  if (err instanceof Error && err.name === 'NotWiredError') return NOT_WIRED
  const msg = err instanceof Error ? err.message : String(err)
  return `failed: ${msg.slice(0, 160)}`
}

export interface RoundOptions {
  /** Run every peer once, unrecorded, before round 0 (JIT, page cache, kernel caches). */
  warmup: boolean
  /** Called after every measurement, also failed ones (clean-up between peers). */
  after?: (peer: PeerId) => Promise<void>
}

/**
 * Interleaved rounds: in round r every peer still in the running measures once, in an order
 * rotated by r, so slow drift on the machine hits all peers alike and nlwire's round-r sample can
 * be divided by each peer's round-r sample. A peer whose measurement throws gets a status instead
 * of numbers and is dropped from later rounds.
 */
export async function runRounds(
  ctx: Ctx,
  row: Row,
  peers: readonly PeerId[],
  rounds: number,
  measure: (peer: PeerId, round: number) => Promise<number>,
  opts: RoundOptions,
): Promise<void> {
  const active = peers.filter((p) => row.status[p] === undefined)
  for (const p of active) row.samples[p] = new Array<number | undefined>(rounds).fill(undefined)
  const once = async (peer: PeerId, round: number) => {
    if (row.status[peer] !== undefined) return
    try {
      const ns = await measure(peer, round)
      if (round >= 0) row.samples[peer]![round] = ns
    } catch (err) {
      row.status[peer] = statusOf(err)
      delete row.samples[peer]
      if (row.status[peer] !== NOT_WIRED) ctx.log(`  ${row.id} / ${peer}: ${row.status[peer]}`)
    } finally {
      if (opts.after) await opts.after(peer)
    }
  }
  if (opts.warmup) for (const p of active) await once(p, -1)
  for (let r = 0; r < rounds; r++) {
    const order = active.map((_, i) => active[(i + r) % active.length]!)
    for (const p of order) await once(p, r)
  }
}
