// Kind-specific data after "    KIND " in `ip -d` output: the print_opt of iproute2 6.1's link_util
// for that kind. Kinds iproute2 knows without a print_opt (veth, ifb, dummy, nlmon ...) and kinds
// without a printer here print nothing more; so does a kind whose data did not decode (raw bytes).
import type { BridgeAttrs } from '../link/bridge.js'
import type { BridgePortAttrs } from '../link/bridge-port.js'
import type { MacvlanAttrs } from '../link/macvlan.js'
import type { TunAttrs } from '../link/tun.js'
import type { VxlanAttrs } from '../link/vxlan.js'
import { parseLladdr } from '../core/addresses.js'
import { bridgePortText, bridgeText, onOff } from './link-bridge.js'
import { vxlanText } from './link-vxlan.js'
import type { Lookup } from './lookup.js'
import { MACVLAN_FLAG_NODST, MACVLAN_FLAG_NOPROMISC, MACVLAN_MODE_BRIDGE, MACVLAN_MODE_PASSTHRU, MACVLAN_MODE_PRIVATE, MACVLAN_MODE_SOURCE, MACVLAN_MODE_VEPA } from '../link/macvlan.js'
import { IFF_TAP, IFF_TUN } from '../link/tun.js'

type KindPrinter = (data: object, l: Lookup) => string


/** macvlan_print_opt (ip/iplink_macvlan.c), for macvlan and macvtap. */
function macvlanText(tb: MacvlanAttrs): string {
  if (tb.mode === undefined) return ''
  const mode = tb.mode >>> 0
  const name =
    mode === MACVLAN_MODE_PRIVATE
      ? 'private'
      : mode === MACVLAN_MODE_VEPA
        ? 'vepa'
        : mode === MACVLAN_MODE_BRIDGE
          ? 'bridge'
          : mode === MACVLAN_MODE_PASSTHRU
            ? 'passthru'
            : mode === MACVLAN_MODE_SOURCE
              ? 'source'
              : 'unknown'
  let s = `mode ${name} `
  const flags = tb.flags ?? 0
  if (flags & MACVLAN_FLAG_NOPROMISC) s += 'nopromisc '
  if (flags & MACVLAN_FLAG_NODST) s += 'nodst '
  if (tb.bcQueueLen !== undefined) s += `bcqueuelen ${tb.bcQueueLen} `
  if (tb.bcQueueLenUsed !== undefined) s += `usedbcqueuelen ${tb.bcQueueLenUsed} `
  if (mode !== MACVLAN_MODE_SOURCE || tb.macaddrCount === undefined) return s
  s += `remotes (${tb.macaddrCount | 0}) `
  for (const mac of tb.macaddrData?.macaddr ?? []) {
    const b = parseLladdr(mac)
    if (b !== null && b.length >= 6) s += `${mac.split(':').slice(0, 6).join(':')} `
  }
  return s
}


/** tun_print_opt (ip/iptuntap.c). Owner and group print as numbers: user names are not looked up here. */
function tunText(tb: TunAttrs): string {
  let s = ''
  if (tb.type !== undefined) s += `type ${tb.type === IFF_TUN ? 'tun' : tb.type === IFF_TAP ? 'tap' : `UNKNOWN:${tb.type}`} `
  if (tb.pi !== undefined) s += `pi ${onOff(tb.pi)} `
  if (tb.vnetHdr !== undefined) s += `vnet_hdr ${onOff(tb.vnetHdr)} `
  if (tb.multiQueue) {
    s += 'multi_queue '
    if (tb.numQueues !== undefined) s += `numqueues ${tb.numQueues} `
    if (tb.numDisabledQueues !== undefined) s += `numdisabled ${tb.numDisabledQueues} `
  }
  if (tb.persist !== undefined) s += `persist ${onOff(tb.persist)} `
  if (tb.owner !== undefined) s += `user ${tb.owner} `
  if (tb.group !== undefined) s += `group ${tb.group} `
  return s
}

const KIND_PRINTERS: Readonly<Record<string, KindPrinter>> = {
  bridge: (d) => bridgeText(d as BridgeAttrs),
  vxlan: (d, l) => vxlanText(d as VxlanAttrs, l),
  macvlan: (d) => macvlanText(d as MacvlanAttrs),
  macvtap: (d) => macvlanText(d as MacvlanAttrs),
  tun: (d) => tunText(d as TunAttrs),
}

const SLAVE_PRINTERS: Readonly<Record<string, KindPrinter>> = {
  bridge: (d, l) => bridgePortText(d as BridgePortAttrs, l),
}

function print(printers: Readonly<Record<string, KindPrinter>>, kind: string, data: unknown, l: Lookup): string {
  const p = Object.prototype.hasOwnProperty.call(printers, kind) ? printers[kind] : undefined
  // print_opt(NULL) returns at once; undecoded data (bytes) has nothing to print either.
  if (p === undefined || data === undefined || data === null || typeof data !== 'object' || data instanceof Uint8Array) return ''
  return p(data, l)
}

/** What follows "    KIND " for IFLA_INFO_DATA. */
export function printKindData(kind: string, data: unknown, l: Lookup): string {
  return print(KIND_PRINTERS, kind, data, l)
}

/** What follows "    KIND_slave " for IFLA_INFO_SLAVE_DATA (kind = the master's kind). */
export function printSlaveKindData(slaveKind: string, data: unknown, l: Lookup): string {
  return print(SLAVE_PRINTERS, slaveKind, data, l)
}
