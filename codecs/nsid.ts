// RTM_NEWNSID / RTM_DELNSID / RTM_GETNSID: a one-byte struct rtgenmsg, then NETNSA_* attributes
// (linux/net_namespace.h; no YNL spec, keys from the kernel names). An nsid is this namespace's
// local number for another namespace, as `ip netns set NAME 5` assigns and `ip netns list-id` shows.
import { type AttrSet, type RawAttr, defineAttrs } from './core/attrs.js'
import { FixedAttrsBody } from './core/body.js'
import type { Message } from './core/nlmsg.js'
import { defineStruct } from './core/struct.js'
import { familyCodec } from './core/family-codec.js'
import { RTM_DELNSID, RTM_GETNSID, RTM_NEWNSID } from './rtnetlink.js'
import { AF_NAMES } from './address-families.js'

// enum NETNSA_*
export const NETNSA_NONE = 0
export const NETNSA_NSID = 1
export const NETNSA_PID = 2
export const NETNSA_FD = 3
export const NETNSA_TARGET_NSID = 4
export const NETNSA_CURRENT_NSID = 5

/** NETNSA_NSID value: the namespace has no id here. */
export const NETNSA_NSID_NOT_ASSIGNED = -1

/** struct rtgenmsg: the attributes start at the next 4-byte boundary. */
export const rtgenmsg = defineStruct('rtgenmsg', [['rtgenFamily', 'u8', { enumNames: AF_NAMES }]])

export const nsidAttrs: AttrSet = defineAttrs('nsid-attrs', 'NETNSA_', [
  [NETNSA_NSID, 'NETNSA_NSID', 's32'],
  // The namespace in question, by a process in it or an open /run/netns file (requests).
  [NETNSA_PID, 'NETNSA_PID', 'u32'],
  [NETNSA_FD, 'NETNSA_FD', 'u32'],
  // Ask about ids as seen from another namespace (by its nsid here).
  [NETNSA_TARGET_NSID, 'NETNSA_TARGET_NSID', 's32'],
  [NETNSA_CURRENT_NSID, 'NETNSA_CURRENT_NSID', 's32'],
])

/** An nsid message: struct rtgenmsg and the NETNSA_* attributes side by side. */
export interface NsidBody {
  /** AF_UNSPEC */
  rtgenFamily: number
  /** NETNSA_NSID_NOT_ASSIGNED (-1) when the namespace has no id */
  nsid?: number
  pid?: number
  fd?: number
  targetNsid?: number
  currentNsid?: number
  unknown?: RawAttr[]
}

export type NsidMessage = Message<NsidBody> & { type: typeof RTM_NEWNSID | typeof RTM_DELNSID | typeof RTM_GETNSID }

export const nsidBody = new FixedAttrsBody<NsidBody>('nsid', rtgenmsg, nsidAttrs)

export const nsid = familyCodec<NsidMessage>([RTM_NEWNSID, RTM_DELNSID, RTM_GETNSID], nsidBody)
