// MDBA_ROUTER in the kernel's MDB messages: the bridge's multicast router ports. Each
// MDBA_ROUTER_PORT is the port's ifindex (u32), followed in dumps by MDBA_ROUTER_PATTR_*
// attributes (linux/if_bridge.h; VID is Linux 6.x, for per-VLAN router ports); a notification
// carries the ifindex alone.
import { type AttrValue, type AttrSet, type RawAttr, type ValueCodec, decodeAttrs, defineAttrs, encodeAttrs } from '../core/attrs.js'
import { HOST_LE } from '../core/bytes.js'
import { MDB_RTR_TYPE_NAMES } from '../link/bridge.js'

// enum MDBA_ROUTER_*
export const MDBA_ROUTER_PORT = 1

// enum MDBA_ROUTER_PATTR_*
export const MDBA_ROUTER_PATTR_TIMER = 1
export const MDBA_ROUTER_PATTR_TYPE = 2
export const MDBA_ROUTER_PATTR_INET_TIMER = 3
export const MDBA_ROUTER_PATTR_INET6_TIMER = 4
export const MDBA_ROUTER_PATTR_VID = 5

export const mdbRouterPortAttrs: AttrSet = defineAttrs('mdba-router-pattr', 'MDBA_ROUTER_PATTR_', [
  // Remaining times in 1/100 s (clock_t)
  [MDBA_ROUTER_PATTR_TIMER, 'MDBA_ROUTER_PATTR_TIMER', 'u32'],
  // MDB_RTR_TYPE_*
  [MDBA_ROUTER_PATTR_TYPE, 'MDBA_ROUTER_PATTR_TYPE', 'u8', { enumNames: MDB_RTR_TYPE_NAMES }],
  [MDBA_ROUTER_PATTR_INET_TIMER, 'MDBA_ROUTER_PATTR_INET_TIMER', 'u32'],
  [MDBA_ROUTER_PATTR_INET6_TIMER, 'MDBA_ROUTER_PATTR_INET6_TIMER', 'u32'],
  [MDBA_ROUTER_PATTR_VID, 'MDBA_ROUTER_PATTR_VID', 'u16'],
])

/** One MDBA_ROUTER_PORT: the port's ifindex and, in dumps, its router attributes. */
export interface MdbRouterPort {
  ifindex: number
  timer?: number
  /** MDB_RTR_TYPE_* */
  type?: number
  inetTimer?: number
  inet6Timer?: number
  vid?: number
  unknown?: RawAttr[]
}

const PORT_KEYS: ReadonlySet<string> = new Set(['ifindex'])

export const mdbRouterPort: ValueCodec<MdbRouterPort> = {
  describe: 'u32 ifindex + MDBA_ROUTER_PATTR_* attributes',
  decode(d, start, end) {
    if (end - start < 4) d.fail(`router port: expected a 4-byte ifindex, got ${end - start} bytes`, start)
    const ifindex = d.dv.getUint32(start, HOST_LE)
    if (d.trace) d.trace.leaf({ name: 'ifindex', offset: start, length: 4, value: ifindex })
    return decodeAttrs(d, mdbRouterPortAttrs, start + 4, end, { ifindex }) as unknown as MdbRouterPort
  },
  encode(w, v) {
    if (typeof v !== 'object' || v === null) w.fail(`expected a router port, got ${String(v)}`)
    w.u32(v.ifindex ?? 0)
    encodeAttrs(w, mdbRouterPortAttrs, v as unknown as Record<string, unknown>, PORT_KEYS)
  },
}

export const mdbRouterAttrs = defineAttrs('mdba-router', 'MDBA_ROUTER_', [
  [MDBA_ROUTER_PORT, 'MDBA_ROUTER_PORT', mdbRouterPort, { multi: true }],
])

export type MdbRouter = AttrValue<typeof mdbRouterAttrs>
