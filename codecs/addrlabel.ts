// RTM_NEWADDRLABEL / RTM_DELADDRLABEL / RTM_GETADDRLABEL: struct ifaddrlblmsg, then IFAL_*
// attributes (linux/if_addrlabel.h; no YNL spec, keys from the kernel names). IPv6 address
// labels (RFC 6724 policy table) as `ip addrlabel` adds, deletes and lists them. The kernel sends
// no notifications for them: they appear as dump replies and in requests.
import { type AttrSet, type RawAttr, defineAttrs } from './core/attrs.js'
import { FixedAttrsBody } from './core/body.js'
import type { Message } from './core/nlmsg.js'
import { defineStruct } from './core/struct.js'
import { familyCodec } from './core/family-codec.js'
import { RTM_DELADDRLABEL, RTM_GETADDRLABEL, RTM_NEWADDRLABEL } from './rtnetlink.js'
import { AF_NAMES } from './address-families.js'

// enum IFAL_*
export const IFAL_ADDRESS = 1
export const IFAL_LABEL = 2

/** struct ifaddrlblmsg (12 bytes; __ifal_reserved is written as zero by the kernel and iproute2). */
export const ifaddrlblmsg = defineStruct('ifaddrlblmsg', [
  ['ifalFamily', 'u8', { enumNames: AF_NAMES }],
  ['ifalReserved', { pad: 1 }],
  ['ifalPrefixlen', 'u8'],
  ['ifalFlags', 'u8'],
  ['ifalIndex', 'u32'],
  ['ifalSeq', 'u32'],
])

export const addrlabelAttrs: AttrSet = defineAttrs('addrlabel-attrs', 'IFAL_', [
  // The prefix (the kernel takes only AF_INET6: 16 bytes).
  [IFAL_ADDRESS, 'IFAL_ADDRESS', 'ipv6'],
  [IFAL_LABEL, 'IFAL_LABEL', 'u32'],
])

/** An address-label message: struct ifaddrlblmsg and the IFAL_* attributes side by side. */
export interface AddrlabelBody {
  /** AF_INET6 (AF_UNSPEC in a dump request for all) */
  ifalFamily: number
  ifalPrefixlen: number
  ifalFlags: number
  /** The device the label is restricted to, 0 for any */
  ifalIndex: number
  /** The label table's sequence number (replies) */
  ifalSeq: number
  /** The prefix, RFC 5952 text */
  address?: string
  label?: number
  unknown?: RawAttr[]
}

export type AddrlabelMessage = Message<AddrlabelBody> & {
  type: typeof RTM_NEWADDRLABEL | typeof RTM_DELADDRLABEL | typeof RTM_GETADDRLABEL
}

export const addrlabelBody = new FixedAttrsBody<AddrlabelBody>('addrlabel', ifaddrlblmsg, addrlabelAttrs)

export const addrlabel = familyCodec<AddrlabelMessage>([RTM_NEWADDRLABEL, RTM_DELADDRLABEL, RTM_GETADDRLABEL], addrlabelBody)
