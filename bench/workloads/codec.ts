// Pure codec speed, no kernel: encode the veth-create RTM_NEWLINK, decode the ~1.5 KB veth
// RTM_NEWLINK the kernel sent at bench start. One sample = mean time per message over a loop.
import { describeDifference, hexToBytes } from '../compare-bytes.js'
import type { RawLeaf } from '../raw-leaves.js'
import { type Ctx, type PeerId, type Row, type Workload, newRow, notApplicable, runRounds } from './types.js'

interface EncodeReply {
  nsPerOp: number
  hex: string
}
interface DecodeReply {
  nsPerOp: number
  rawLeaves?: RawLeaf[]
  kind?: string
}

function rawNote(peer: string, leaves: RawLeaf[] | undefined): string | null {
  if (!leaves) return null
  if (leaves.length === 0) return `${peer}: no field of the result is left as bytes`
  const list = leaves.map((l) => `${l.path} (${l.bytes} B)`).join(', ')
  return `${peer}: fields of the result left as bytes: ${list}`
}

export const codecs: Workload = {
  name: 'codec',
  describe: 'encode a veth-create RTM_NEWLINK; decode a real ~1.5 KB veth RTM_NEWLINK',
  async run(ctx: Ctx): Promise<Row[]> {
    const { sizes } = ctx.cfg
    const enc = newRow('encode', 'encode a veth-create RTM_NEWLINK', 'per message')
    const dec = newRow('decode', `decode the kernel's ${ctx.notification.length}-byte veth RTM_NEWLINK`, 'per message')
    for (const row of [enc, dec]) {
      notApplicable(row, 'floor', 'prebuilt bytes, no codec')
      notApplicable(row, 'iproute2', 'C, not separable')
      if (!ctx.py) row.status.pyroute2 = `skipped (${ctx.pySkip})`
    }
    const peers: PeerId[] = ['netlink-npm', 'pyroute2', 'nlwire']

    const encoded = new Map<PeerId, string>()
    await runRounds(
      ctx,
      enc,
      peers,
      ctx.cfg.rounds,
      async (peer, round) => {
        const warm = round < 0
        const r =
          peer === 'pyroute2'
            ? await ctx.py!.call<EncodeReply>('encode', { iterations: sizes.codecIterationsPy, warmup: warm ? sizes.codecIterationsPy : 0 })
            : await ctx.node.call<EncodeReply>('encode', { peer, iterations: sizes.codecIterations, warmup: warm ? sizes.codecIterations : 0 })
        encoded.set(peer, r.hex)
        return r.nsPerOp
      },
      { warmup: true },
    )
    for (const [peer, hex] of encoded) {
      if (ctx.iproute2VethCreate) enc.notes.push(`${peer}: ${describeDifference(hexToBytes(hex), ctx.iproute2VethCreate)}`)
    }
    if (!ctx.iproute2VethCreate) enc.notes.push(`encodings not compared with iproute2: ${ctx.iproute2CaptureNote}`)
    enc.notes.push('The request of `ip link add va00001 type veth peer name vb00001`, nlmsghdr included, built from values by each library\'s own message encoder.')

    const leaves = new Map<PeerId, RawLeaf[] | undefined>()
    let pyKind: string | undefined
    await runRounds(
      ctx,
      dec,
      peers,
      ctx.cfg.rounds,
      async (peer, round) => {
        const warm = round < 0
        const hex = ctx.notification.hex
        if (peer === 'pyroute2') {
          const r = await ctx.py!.call<DecodeReply>('decode', { hex, iterations: sizes.codecIterationsPy, warmup: warm ? sizes.codecIterationsPy : 0 })
          pyKind = r.kind
          return r.nsPerOp
        }
        const r = await ctx.node.call<DecodeReply>('decode', { peer, hex, iterations: sizes.codecIterations, warmup: warm ? sizes.codecIterations : 0 })
        leaves.set(peer, r.rawLeaves)
        return r.nsPerOp
      },
      { warmup: true },
    )
    dec.notes.push(`The message is the kernel's own RTM_NEWLINK notification for veth ${ctx.notification.name}, captured at bench start (${ctx.notification.length} bytes, nlmsghdr included).`)
    for (const [peer, l] of leaves) {
      const n = rawNote(peer, l)
      if (n) dec.notes.push(n)
    }
    if (pyKind !== undefined) dec.notes.push(`pyroute2: ifinfmsg(data).decode(), every nest decoded (IFLA_LINKINFO → IFLA_INFO_KIND = ${pyKind}).`)
    return [enc, dec]
  },
}
