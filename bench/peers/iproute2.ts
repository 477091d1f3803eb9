// Timing iproute2 fairly: `ip -batch FILE` run by the bench child inside the scratch namespace,
// minus an empty `ip -batch` (process start, socket open, exit) run just before it, so a
// per-command figure does not carry ip's start-up (that has its own row, "start-up").
import type { Ctx } from '../workloads/types.js'

interface IpBatchReply {
  ns: number
  emptyNs: number
}

export async function ipBatch(ctx: Ctx, lines: readonly string[]): Promise<number> {
  const r = await ctx.node.call<IpBatchReply>('ipBatch', { lines }, 300_000)
  return Math.max(0, r.ns - r.emptyNs)
}

export const IP_BATCH_NOTE =
  'ip -batch: wall time of `ip -batch FILE` (spawned inside the scratch namespace) minus an empty `ip -batch` run right before it, i.e. without process start-up.'
