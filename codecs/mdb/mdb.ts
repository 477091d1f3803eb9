// RTM_NEWMDB / RTM_DELMDB / RTM_GETMDB: struct br_port_msg, then MDBA_* attributes
// (linux/if_bridge.h; no YNL spec, keys from the kernel names). A bridge's multicast database:
// which port receives which group, as `bridge mdb` adds, deletes and shows it and
// `bridge monitor mdb` reports it.
//
// The attribute numbers mean different things by direction. The kernel's messages (dump replies,
// notifications) carry MDBA_MDB (1) and MDBA_ROUTER (2); requests to add or delete an entry carry
// MDBA_SET_ENTRY (1) and MDBA_SET_ENTRY_ATTRS (2), a request to get one (Linux 6.6+)
// MDBA_GET_ENTRY (1) and MDBA_GET_ENTRY_ATTRS (2). The body codec picks the table by
// NLM_F_REQUEST and the message type.
import { type AttrValue, type AttrSet, type RawAttr, defineAttrs } from '../core/attrs.js'
import { FixedAttrsBody } from '../core/body.js'
import type { Decoder } from '../core/decoder.js'
import type { BodyCodec, Message, MessageHeader } from '../core/nlmsg.js'
import { NLM_F_REQUEST } from '../core/nlmsg.js'
import { defineStruct } from '../core/struct.js'
import type { Writer } from '../core/writer.js'
import { familyCodec } from '../core/family-codec.js'
import { RTM_DELMDB, RTM_GETMDB, RTM_NEWMDB } from '../rtnetlink.js'
import { type BrMdbEntry, brMdbEntry } from './entry.js'
import { mdbEntryInfo } from './eattr.js'
import { type MdbeAttrs, mdbeAttrs } from './mdbe.js'
import { type MdbRouter, mdbRouterAttrs } from './router.js'

// enum MDBA_*
export const MDBA_UNSPEC = 0
export const MDBA_MDB = 1
export const MDBA_ROUTER = 2

// enum MDBA_MDB_*
export const MDBA_MDB_ENTRY = 1

// enum MDBA_MDB_ENTRY_*
export const MDBA_MDB_ENTRY_INFO = 1

// enum MDBA_SET_ENTRY_*
export const MDBA_SET_ENTRY = 1
export const MDBA_SET_ENTRY_ATTRS = 2

// enum MDBA_GET_ENTRY_* (Linux 6.6+)
export const MDBA_GET_ENTRY = 1
export const MDBA_GET_ENTRY_ATTRS = 2

/** struct br_port_msg: family (AF_BRIDGE), 3 bytes of padding, the bridge's ifindex. */
export const brPortMsg = defineStruct('br_port_msg', [
  ['family', 'u8'],
  ['pad', { pad: 3 }],
  ['ifindex', 'u32'],
])

export const mdbEntryInfoAttrs = defineAttrs('mdba-mdb-entry', 'MDBA_MDB_ENTRY_', [
  // Several for one group: a VXLAN device's entry lists each remote.
  [MDBA_MDB_ENTRY_INFO, 'MDBA_MDB_ENTRY_INFO', mdbEntryInfo, { multi: true }],
])

export type MdbGroupEntry = AttrValue<typeof mdbEntryInfoAttrs>

export const mdbMdbAttrs = defineAttrs('mdba-mdb', 'MDBA_MDB_', [
  [MDBA_MDB_ENTRY, 'MDBA_MDB_ENTRY', 'nest', { nest: mdbEntryInfoAttrs, multi: true }],
])

export type MdbMdb = AttrValue<typeof mdbMdbAttrs>

/** The kernel's messages: RTM_NEWMDB / RTM_DELMDB notifications and dump replies. */
export const mdbAttrs: AttrSet = defineAttrs('mdba', 'MDBA_', [
  [MDBA_MDB, 'MDBA_MDB', 'nest', { nest: mdbMdbAttrs }],
  [MDBA_ROUTER, 'MDBA_ROUTER', 'nest', { nest: mdbRouterAttrs }],
])

/** Requests to add (RTM_NEWMDB) or delete (RTM_DELMDB) an entry. */
export const mdbSetAttrs: AttrSet = defineAttrs('mdba-set-entry', 'MDBA_SET_', [
  [MDBA_SET_ENTRY, 'MDBA_SET_ENTRY', brMdbEntry],
  // iproute2 sets NLA_F_NESTED on it.
  [MDBA_SET_ENTRY_ATTRS, 'MDBA_SET_ENTRY_ATTRS', 'nest', { nest: mdbeAttrs, nestedFlag: true }],
])

/** A request for one entry (RTM_GETMDB without NLM_F_DUMP, Linux 6.6+). */
export const mdbGetAttrs: AttrSet = defineAttrs('mdba-get-entry', 'MDBA_GET_', [
  [MDBA_GET_ENTRY, 'MDBA_GET_ENTRY', brMdbEntry],
  [MDBA_GET_ENTRY_ATTRS, 'MDBA_GET_ENTRY_ATTRS', 'nest', { nest: mdbeAttrs, nestedFlag: true }],
])

/** The header: struct br_port_msg. */
export interface BrPortMsg {
  /** AF_BRIDGE */
  family: number
  /** The bridge (0 in a dump request for every bridge) */
  ifindex: number
}

/** What the kernel sends: the bridge's entries and router ports. */
export interface MdbBody extends BrPortMsg {
  mdb?: MdbMdb
  router?: MdbRouter
  unknown?: RawAttr[]
}

/** A request to add or delete an entry (`bridge mdb add|del`). */
export interface MdbSetBody extends BrPortMsg {
  entry?: BrMdbEntry
  entryAttrs?: MdbeAttrs
  unknown?: RawAttr[]
}

/** A request to get one entry (`bridge mdb get`), or a dump request with the header alone. */
export interface MdbGetBody extends BrPortMsg {
  entry?: BrMdbEntry
  entryAttrs?: MdbeAttrs
  unknown?: RawAttr[]
}

export type AnyMdbBody = MdbBody | MdbSetBody | MdbGetBody

export type MdbMessage = Message<AnyMdbBody> & { type: typeof RTM_NEWMDB | typeof RTM_DELMDB | typeof RTM_GETMDB }

export const mdbReplyBody = new FixedAttrsBody<MdbBody>('mdb', brPortMsg, mdbAttrs)
export const mdbSetBody = new FixedAttrsBody<MdbSetBody>('mdb', brPortMsg, mdbSetAttrs)
export const mdbGetBody = new FixedAttrsBody<MdbGetBody>('mdb', brPortMsg, mdbGetAttrs)

/** The body codec of an MDB message with these flags and type. */
export function mdbBodyFor(type: number, flags: number): FixedAttrsBody<AnyMdbBody> {
  if ((flags & NLM_F_REQUEST) === 0) return mdbReplyBody as FixedAttrsBody<AnyMdbBody>
  return (type === RTM_GETMDB ? mdbGetBody : mdbSetBody) as FixedAttrsBody<AnyMdbBody>
}

/** By direction and type: see the top of this file. */
export const mdbBody: BodyCodec<AnyMdbBody> & { bodyForMessage: typeof mdbBodyFor } = {
  family: 'mdb',
  // For codecs/attrpath.ts: the table an extended ack's offset is looked up in.
  bodyForMessage: mdbBodyFor,
  decode(d: Decoder, start: number, end: number): AnyMdbBody {
    return mdbBodyFor(d.msgType, d.msgFlags).decode(d, start, end)
  },
  encode(w: Writer, body: AnyMdbBody, msg: MessageHeader): void {
    mdbBodyFor(msg.type, msg.flags).encode(w, body, msg)
  },
}

export const mdb = familyCodec<MdbMessage>([RTM_NEWMDB, RTM_DELMDB, RTM_GETMDB], mdbBody)
