// IFLA_PROTINFO: protocol-specific link data whose table depends on the message's family
// (ifi_family, handed to codecs as d.family / w.family):
//   - AF_BRIDGE: the bridge port's settings (IFLA_BRPORT_*);
//   - AF_INET6: IFLA_INET6_* (the RTM_NEWLINK messages of RTNLGRP_IPV6_IFINFO);
//   - otherwise, or before a table is registered: raw bytes, re-encoded exactly.
// Both tables are registered by codecs/families.ts.
import { type AttrSet, type AttrValues, type ValueCodec, decodeAttrs, encodeAttrs } from '../core/attrs.js'

/** IFLA_PROTINFO tables by ifi_family. Add entries with registerProtinfo. */
export const protinfoByFamily: ReadonlyMap<number, AttrSet> = new Map()

/** Decode IFLA_PROTINFO of messages of address family `family` with `set` from now on. */
export function registerProtinfo(family: number, set: AttrSet): void {
  ;(protinfoByFamily as Map<number, AttrSet>).set(family, set)
}

/** Decoded IFLA_PROTINFO: attributes when the family has a table, bytes otherwise. */
export type Protinfo = AttrValues | Uint8Array

export const protinfoCodec: ValueCodec<Protinfo> = {
  describe: 'nest (by ifi_family: IFLA_BRPORT_* for AF_BRIDGE, IFLA_INET6_* for AF_INET6)',
  decode(d, start, end) {
    const set = protinfoByFamily.get(d.family)
    return set === undefined ? d.copy(start, end) : decodeAttrs(d, set, start, end)
  },
  encode(w, value) {
    if (value instanceof Uint8Array) return w.bytes(value)
    const set = protinfoByFamily.get(w.family)
    if (set === undefined) return w.fail(`no IFLA_PROTINFO table for address family ${w.family}: give the data as a Uint8Array`)
    if (typeof value !== 'object' || value === null) return w.fail(`expected an object of attributes, got ${String(value)}`)
    encodeAttrs(w, set, value)
  },
}
