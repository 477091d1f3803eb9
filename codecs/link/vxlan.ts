// IFLA_VXLAN_*: VXLAN tunnel devices, IFLA_LINKINFO > IFLA_INFO_DATA when IFLA_INFO_KIND is
// "vxlan" (include/uapi/linux/if_link.h; types from vxlan_policy and vxlan_fill_info in
// drivers/net/vxlan/vxlan_core.c, kernel 6.18). The YNL spec has no VXLAN set, so the keys are
// the kernel names in camelCase (IFLA_VXLAN_UDP_ZERO_CSUM6_TX → udpZeroCsum6Tx).
import { type AttrValue, type ValueCodec, defineAttrs } from '../core/attrs.js'
import { defineStruct } from '../core/struct.js'

/** IFLA_INFO_KIND of a VXLAN device. */
export const VXLAN_KIND = 'vxlan'

export const IFLA_VXLAN_UNSPEC = 0
export const IFLA_VXLAN_ID = 1
/** Group or remote address (IPv4). */
export const IFLA_VXLAN_GROUP = 2
export const IFLA_VXLAN_LINK = 3
export const IFLA_VXLAN_LOCAL = 4
export const IFLA_VXLAN_TTL = 5
export const IFLA_VXLAN_TOS = 6
export const IFLA_VXLAN_LEARNING = 7
export const IFLA_VXLAN_AGEING = 8
export const IFLA_VXLAN_LIMIT = 9
/** UDP source port range. */
export const IFLA_VXLAN_PORT_RANGE = 10
export const IFLA_VXLAN_PROXY = 11
export const IFLA_VXLAN_RSC = 12
export const IFLA_VXLAN_L2MISS = 13
export const IFLA_VXLAN_L3MISS = 14
/** UDP destination port. */
export const IFLA_VXLAN_PORT = 15
export const IFLA_VXLAN_GROUP6 = 16
export const IFLA_VXLAN_LOCAL6 = 17
export const IFLA_VXLAN_UDP_CSUM = 18
export const IFLA_VXLAN_UDP_ZERO_CSUM6_TX = 19
export const IFLA_VXLAN_UDP_ZERO_CSUM6_RX = 20
export const IFLA_VXLAN_REMCSUM_TX = 21
export const IFLA_VXLAN_REMCSUM_RX = 22
export const IFLA_VXLAN_GBP = 23
export const IFLA_VXLAN_REMCSUM_NOPARTIAL = 24
export const IFLA_VXLAN_COLLECT_METADATA = 25
export const IFLA_VXLAN_LABEL = 26
export const IFLA_VXLAN_GPE = 27
export const IFLA_VXLAN_TTL_INHERIT = 28
export const IFLA_VXLAN_DF = 29
/** Only with COLLECT_METADATA. */
export const IFLA_VXLAN_VNIFILTER = 30
export const IFLA_VXLAN_LOCALBYPASS = 31
export const IFLA_VXLAN_LABEL_POLICY = 32
export const IFLA_VXLAN_RESERVED_BITS = 33
export const IFLA_VXLAN_MC_ROUTE = 34

// enum ifla_vxlan_df
export const VXLAN_DF_UNSET = 0
export const VXLAN_DF_SET = 1
export const VXLAN_DF_INHERIT = 2

// enum ifla_vxlan_label_policy
export const VXLAN_LABEL_FIXED = 0
export const VXLAN_LABEL_INHERIT = 1

/** struct ifla_vxlan_port_range: UDP source ports, both big-endian on the wire. */
export interface VxlanPortRange {
  low: number
  high: number
}

export const iflaVxlanPortRange = defineStruct<VxlanPortRange>('ifla_vxlan_port_range', [
  ['low', 'be16'],
  ['high', 'be16'],
])

/**
 * IFLA_VXLAN_RESERVED_BITS: a struct vxlanhdr (include/net/vxlan.h) whose set bits are the
 * header bits the device lets through instead of dropping the packet.
 */
export interface VxlanReservedBits {
  vxFlags: number
  vxVni: number
}

export const vxlanhdr = defineStruct<VxlanReservedBits>('vxlanhdr', [
  ['vxFlags', 'be32'],
  ['vxVni', 'be32'],
])

/**
 * IFLA_VXLAN_TTL_INHERIT differs by direction: the policy wants an empty flag in requests (what
 * iproute2's `ttl inherit` sends) while vxlan_fill_info writes a u8 0/1 in replies. Decoded by
 * length: `true` for the flag, a number for the u8; each encodes back the way it came.
 */
export const flagOrU8: ValueCodec<true | number> = {
  describe: 'flag|u8',
  decode(d, start, end) {
    if (end === start) return true
    if (end - start !== 1) d.fail(`expected 0 bytes (flag) or 1 byte (u8), got ${end - start}`, start - 4)
    return d.u8(start)
  },
  encode(w, v) {
    if (v === true) return
    if (typeof v !== 'number') w.fail(`expected true (flag) or a u8, got ${String(v)}`)
    w.u8(v)
  },
}

/** Decoded IFLA_INFO_DATA of a VXLAN device. */
export type VxlanAttrs = AttrValue<typeof vxlanAttrs>

export const vxlanAttrs = defineAttrs('linkinfo-vxlan-attrs', 'IFLA_VXLAN_', [
  // VNI
  [IFLA_VXLAN_ID, 'IFLA_VXLAN_ID', 'u32'],
  [IFLA_VXLAN_GROUP, 'IFLA_VXLAN_GROUP', 'ipv4'],
  // ifindex of the underlay device
  [IFLA_VXLAN_LINK, 'IFLA_VXLAN_LINK', 'u32'],
  [IFLA_VXLAN_LOCAL, 'IFLA_VXLAN_LOCAL', 'ipv4'],
  [IFLA_VXLAN_TTL, 'IFLA_VXLAN_TTL', 'u8'],
  [IFLA_VXLAN_TOS, 'IFLA_VXLAN_TOS', 'u8'],
  [IFLA_VXLAN_LEARNING, 'IFLA_VXLAN_LEARNING', 'u8'],
  // FDB ageing, seconds
  [IFLA_VXLAN_AGEING, 'IFLA_VXLAN_AGEING', 'u32'],
  [IFLA_VXLAN_LIMIT, 'IFLA_VXLAN_LIMIT', 'u32'],
  [IFLA_VXLAN_PORT_RANGE, 'IFLA_VXLAN_PORT_RANGE', iflaVxlanPortRange],
  [IFLA_VXLAN_PROXY, 'IFLA_VXLAN_PROXY', 'u8'],
  [IFLA_VXLAN_RSC, 'IFLA_VXLAN_RSC', 'u8'],
  [IFLA_VXLAN_L2MISS, 'IFLA_VXLAN_L2MISS', 'u8'],
  [IFLA_VXLAN_L3MISS, 'IFLA_VXLAN_L3MISS', 'u8'],
  [IFLA_VXLAN_PORT, 'IFLA_VXLAN_PORT', 'be16'],
  [IFLA_VXLAN_GROUP6, 'IFLA_VXLAN_GROUP6', 'ipv6'],
  [IFLA_VXLAN_LOCAL6, 'IFLA_VXLAN_LOCAL6', 'ipv6'],
  [IFLA_VXLAN_UDP_CSUM, 'IFLA_VXLAN_UDP_CSUM', 'u8'],
  [IFLA_VXLAN_UDP_ZERO_CSUM6_TX, 'IFLA_VXLAN_UDP_ZERO_CSUM6_TX', 'u8'],
  [IFLA_VXLAN_UDP_ZERO_CSUM6_RX, 'IFLA_VXLAN_UDP_ZERO_CSUM6_RX', 'u8'],
  [IFLA_VXLAN_REMCSUM_TX, 'IFLA_VXLAN_REMCSUM_TX', 'u8'],
  [IFLA_VXLAN_REMCSUM_RX, 'IFLA_VXLAN_REMCSUM_RX', 'u8'],
  [IFLA_VXLAN_GBP, 'IFLA_VXLAN_GBP', 'flag'],
  [IFLA_VXLAN_REMCSUM_NOPARTIAL, 'IFLA_VXLAN_REMCSUM_NOPARTIAL', 'flag'],
  [IFLA_VXLAN_COLLECT_METADATA, 'IFLA_VXLAN_COLLECT_METADATA', 'u8'],
  // IPv6 flow label (host value of the big-endian field)
  [IFLA_VXLAN_LABEL, 'IFLA_VXLAN_LABEL', 'be32'],
  [IFLA_VXLAN_GPE, 'IFLA_VXLAN_GPE', 'flag'],
  // `true` (flag) in requests, u8 0/1 in kernel replies
  [IFLA_VXLAN_TTL_INHERIT, 'IFLA_VXLAN_TTL_INHERIT', flagOrU8],
  // VXLAN_DF_*
  [IFLA_VXLAN_DF, 'IFLA_VXLAN_DF', 'u8', { enumNames: { [VXLAN_DF_UNSET]: 'unset', [VXLAN_DF_SET]: 'set', [VXLAN_DF_INHERIT]: 'inherit' } }],
  [IFLA_VXLAN_VNIFILTER, 'IFLA_VXLAN_VNIFILTER', 'u8'],
  [IFLA_VXLAN_LOCALBYPASS, 'IFLA_VXLAN_LOCALBYPASS', 'u8'],
  // VXLAN_LABEL_*
  [IFLA_VXLAN_LABEL_POLICY, 'IFLA_VXLAN_LABEL_POLICY', 'u32', { enumNames: { [VXLAN_LABEL_FIXED]: 'fixed', [VXLAN_LABEL_INHERIT]: 'inherit' } }],
  [IFLA_VXLAN_RESERVED_BITS, 'IFLA_VXLAN_RESERVED_BITS', vxlanhdr],
  [IFLA_VXLAN_MC_ROUTE, 'IFLA_VXLAN_MC_ROUTE', 'u8'],
])
