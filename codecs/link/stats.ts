// Link statistics and the legacy device map (linux/if_link.h): struct rtnl_link_stats
// (IFLA_STATS, u32 counters), struct rtnl_link_stats64 (IFLA_STATS64, u64 counters as bigint) and
// struct rtnl_link_ifmap (IFLA_MAP). The stats structs grow with the kernel (6.1 and 6.18 end with
// rx_otherhost_dropped in stats64): they are growable, so a shorter or longer payload decodes what
// it holds, keeps any extra bytes in `tail`, and re-encodes exactly.
import { defineStruct } from '../core/struct.js'

/** struct rtnl_link_stats */
export interface RtnlLinkStats {
  rxPackets?: number
  txPackets?: number
  rxBytes?: number
  txBytes?: number
  rxErrors?: number
  txErrors?: number
  rxDropped?: number
  txDropped?: number
  multicast?: number
  collisions?: number
  rxLengthErrors?: number
  rxOverErrors?: number
  rxCrcErrors?: number
  rxFrameErrors?: number
  rxFifoErrors?: number
  rxMissedErrors?: number
  txAbortedErrors?: number
  txCarrierErrors?: number
  txFifoErrors?: number
  txHeartbeatErrors?: number
  txWindowErrors?: number
  rxCompressed?: number
  txCompressed?: number
  rxNohandler?: number
  /** Bytes past the fields above (a newer kernel). */
  tail?: Uint8Array
}

export const rtnlLinkStats = defineStruct<RtnlLinkStats>(
  'rtnl_link_stats',
  [
    ['rxPackets', 'u32'],
    ['txPackets', 'u32'],
    ['rxBytes', 'u32'],
    ['txBytes', 'u32'],
    ['rxErrors', 'u32'],
    ['txErrors', 'u32'],
    ['rxDropped', 'u32'],
    ['txDropped', 'u32'],
    ['multicast', 'u32'],
    ['collisions', 'u32'],
    ['rxLengthErrors', 'u32'],
    ['rxOverErrors', 'u32'],
    ['rxCrcErrors', 'u32'],
    ['rxFrameErrors', 'u32'],
    ['rxFifoErrors', 'u32'],
    ['rxMissedErrors', 'u32'],
    ['txAbortedErrors', 'u32'],
    ['txCarrierErrors', 'u32'],
    ['txFifoErrors', 'u32'],
    ['txHeartbeatErrors', 'u32'],
    ['txWindowErrors', 'u32'],
    ['rxCompressed', 'u32'],
    ['txCompressed', 'u32'],
    ['rxNohandler', 'u32'],
  ],
  { growable: true },
)

/** struct rtnl_link_stats64 */
export interface RtnlLinkStats64 {
  rxPackets?: bigint
  txPackets?: bigint
  rxBytes?: bigint
  txBytes?: bigint
  rxErrors?: bigint
  txErrors?: bigint
  rxDropped?: bigint
  txDropped?: bigint
  multicast?: bigint
  collisions?: bigint
  rxLengthErrors?: bigint
  rxOverErrors?: bigint
  rxCrcErrors?: bigint
  rxFrameErrors?: bigint
  rxFifoErrors?: bigint
  rxMissedErrors?: bigint
  txAbortedErrors?: bigint
  txCarrierErrors?: bigint
  txFifoErrors?: bigint
  txHeartbeatErrors?: bigint
  txWindowErrors?: bigint
  rxCompressed?: bigint
  txCompressed?: bigint
  rxNohandler?: bigint
  rxOtherhostDropped?: bigint
  /** Bytes past the fields above (a newer kernel). */
  tail?: Uint8Array
}

export const rtnlLinkStats64 = defineStruct<RtnlLinkStats64>(
  'rtnl_link_stats64',
  [
    ['rxPackets', 'u64'],
    ['txPackets', 'u64'],
    ['rxBytes', 'u64'],
    ['txBytes', 'u64'],
    ['rxErrors', 'u64'],
    ['txErrors', 'u64'],
    ['rxDropped', 'u64'],
    ['txDropped', 'u64'],
    ['multicast', 'u64'],
    ['collisions', 'u64'],
    ['rxLengthErrors', 'u64'],
    ['rxOverErrors', 'u64'],
    ['rxCrcErrors', 'u64'],
    ['rxFrameErrors', 'u64'],
    ['rxFifoErrors', 'u64'],
    ['rxMissedErrors', 'u64'],
    ['txAbortedErrors', 'u64'],
    ['txCarrierErrors', 'u64'],
    ['txFifoErrors', 'u64'],
    ['txHeartbeatErrors', 'u64'],
    ['txWindowErrors', 'u64'],
    ['rxCompressed', 'u64'],
    ['txCompressed', 'u64'],
    ['rxNohandler', 'u64'],
    ['rxOtherhostDropped', 'u64'],
  ],
  { growable: true },
)

/** struct rtnl_link_ifmap (32 bytes: C pads it to the alignment of its u64 members). */
export interface RtnlLinkIfmap {
  memStart: bigint
  memEnd: bigint
  baseAddr: bigint
  irq: number
  dma: number
  port: number
}

export const rtnlLinkIfmap = defineStruct<RtnlLinkIfmap>('rtnl_link_ifmap', [
  ['memStart', 'u64'],
  ['memEnd', 'u64'],
  ['baseAddr', 'u64'],
  ['irq', 'u16'],
  ['dma', 'u8'],
  ['port', 'u8'],
  ['pad', { pad: 4 }],
])
