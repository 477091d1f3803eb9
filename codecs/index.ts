// Entry point of `nlwire/codecs`: pure netlink codecs (no sockets, no Node built-ins).
//
//   decode(bytes)          every message in a buffer, each body decoded by its family
//   encode(msgs)           messages back to bytes (encode(decode(b)) equals b)
//   link.encode/decode     one family's messages, typed (LinkMessage ...)
//
// Each family is wired below with one import and one entry in FAMILIES.
import type { FamilyCodec } from './family.js'
import type { Message } from './core/nlmsg.js'
import { registerFamily } from './messages.js'
import { link, linkProp } from './link/link.js'

// Core: errors, netlink constants and types, the attribute engine for custom tables.
export { NetlinkDecodeError, NetlinkEncodeError } from './core/errors.js'
export * from './core/nlmsg.js'
export * from './core/nlmsgerr.js'
export {
  NLA_ALIGNTO,
  NLA_F_NESTED,
  NLA_F_NET_BYTEORDER,
  NLA_HDRLEN,
  NLA_TYPE_MASK,
  type AttrKind,
  type AttrRow,
  type AttrSpec,
  type AttrValues,
  type RawAttr,
  type ValueCodec,
  AttrSet,
  canonical,
  decodeAttrs,
  defineAttrs,
  encodeAttrs,
} from './core/attrs.js'
export { type FieldKind, StructCodec, arrayOf, defineStruct } from './core/struct.js'
export { FixedAttrsBody } from './core/body.js'
export { Decoder } from './core/decoder.js'
export { Writer } from './core/writer.js'
export { fromHex, toHex } from './core/bytes.js'
export { type DoneMessage, type ErrorMessage, bodyFor, decode, encode, encodingLength, registerFamily } from './messages.js'
export { type FamilyCodec, familyCodec } from './family.js'
export * from './rtnetlink.js'

// LINK family
export * from './link/link.js'
export * from './link/linkinfo.js'
export * from './link/veth.js'
export * from './link/af-spec.js'
export * from './link/af-bridge.js'
export * from './link/inet.js'
export * from './link/inet6.js'
export * from './link/devconf.js'
export * from './link/protinfo.js'
export * from './link/stats.js'
export * from './link/xdp.js'

/** The families `decode()` dispatches to, by nlmsg_type. */
const FAMILIES: readonly FamilyCodec<Message>[] = [
  link as FamilyCodec<Message>,
  linkProp as FamilyCodec<Message>,
]

for (const f of FAMILIES) registerFamily(f.types, f.body)
