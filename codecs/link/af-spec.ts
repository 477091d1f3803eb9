// IFLA_AF_SPEC: per-address-family link data. Its layout depends on the message's family
// (ifi_family, handed to codecs as d.family / w.family):
//   - AF_BRIDGE messages (bridge port notifications, `bridge vlan` requests) hold the
//     IFLA_BRIDGE_* attributes directly;
//   - every other message holds one nest per address family, typed by the AF_* number:
//     [AF_INET] { IFLA_INET_* }, [AF_INET6] { IFLA_INET6_* }, [AF_MCTP] { IFLA_MCTP_* }.
// Families without a table (AF_MPLS ...) stay raw bytes in `unknown`.
import { type AttrValue, type AttrValues, type ValueCodec, decodeAttrs, defineAttrs, encodeAttrs } from '../core/attrs.js'
import { type AfBridgeAttrs, afBridgeAttrs } from './af-bridge.js'
import { AF_BRIDGE, AF_INET, AF_INET6, AF_MCTP } from '../address-families.js'
import { inetAttrs } from './inet.js'
import { inet6Attrs } from './inet6.js'


export const IFLA_MCTP_UNSPEC = 0
export const IFLA_MCTP_NET = 1
export const IFLA_MCTP_PHYS_BINDING = 2 // after 6.1 (net: mctp: expose transport binding identifier)

export type MctpAttrs = AttrValue<typeof mctpAttrs>

export const mctpAttrs = defineAttrs('mctp-attrs', 'IFLA_MCTP_', [
  [IFLA_MCTP_NET, 'IFLA_MCTP_NET', 'u32'],
  [IFLA_MCTP_PHYS_BINDING, 'IFLA_MCTP_PHYS_BINDING', 'u8'],
])

/** IFLA_AF_SPEC of a non-bridge message: one entry per address family. */
export type AfSpecAttrs = AttrValue<typeof afSpecAttrs>

export const afSpecAttrs = defineAttrs('af-spec-attrs', 'AF_', [
  [AF_INET, 'AF_INET', 'nest', { key: 'inet', nest: inetAttrs }],
  [AF_BRIDGE, 'AF_BRIDGE', 'nest', { key: 'bridge', nest: afBridgeAttrs }],
  [AF_INET6, 'AF_INET6', 'nest', { key: 'inet6', nest: inet6Attrs }],
  [AF_MCTP, 'AF_MCTP', 'nest', { key: 'mctp', nest: mctpAttrs }],
])

/** Decoded IFLA_AF_SPEC: by family, or (in AF_BRIDGE messages) the bridge attributes themselves. */
export type AfSpec = AfSpecAttrs | AfBridgeAttrs

export const afSpecCodec: ValueCodec<AfSpec> = {
  describe: 'nest (by address family; IFLA_BRIDGE_* in AF_BRIDGE messages)',
  decode(d, start, end) {
    return decodeAttrs(d, d.family === AF_BRIDGE ? afBridgeAttrs : afSpecAttrs, start, end) as AfSpec
  },
  encode(w, value) {
    if (typeof value !== 'object' || value === null) w.fail(`expected an object of attributes, got ${String(value)}`)
    encodeAttrs(w, w.family === AF_BRIDGE ? afBridgeAttrs : afSpecAttrs, value as AttrValues)
  },
}
