// Entry point of `nlwire/codecs`: pure netlink codecs (no sockets, no Node built-ins).
//
//   decode(bytes)          every message in a buffer, each body decoded by its family
//   encode(msgs)           messages back to bytes (encode(decode(b)) equals b)
//   link.encode/decode     one family's messages, typed (LinkMessage ...)
//
// Each family's module is exported below; decode()/encode() know them all through families.ts,
// the one place where message types, link kinds and protinfo families are registered.

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
export * from './core/addresses.js'
export { type DoneMessage, type ErrorMessage, bodyFor, decode, encode, encodingLength, registerFamily } from './messages.js'
export { type FamilyCodec, familyCodec } from './core/family-codec.js'
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

// Link kinds
export * from './link/bridge.js'
export * from './link/bridge-port.js'
export * from './link/vxlan.js'
export * from './link/macvlan.js'
export * from './link/tun.js'
export * from './link/gre.js'
export * from './link/vlan.js'

// Other families
export * from './address-families.js'
export * from './addr.js'
export * from './route.js'
export * from './neigh.js'
export * from './nsid.js'
export * from './netconf.js'
export * from './rule.js'
export * from './nexthop.js'
export * from './addrlabel.js'
export * from './mdb/entry.js'
export * from './mdb/eattr.js'
export * from './mdb/router.js'
export * from './mdb/mdbe.js'
export * from './mdb/mdb.js'

export { FAMILIES } from './families.js'
export { annotate, renderAnnotation, type Annotation, type RenderOptions, type TraceNode } from './annotate.js'
export { describeNlmsgFlags } from './flags.js'
export { errnoMeaning, errnoName, errnoText, errnoNumber } from './core/errno.js'

// `ip -d monitor` text for decoded messages (iproute2 6.1), and what it needs to look up.
export {
  format,
  formatMdb,
  formatMdbShow,
  formatTimestamp,
  MonitorState,
  LinkCache,
  NsidCache,
  NexthopCache,
  flagsFromNames,
  notificationGroup,
  disposition,
  unknownMessageText,
  MONITOR_OBJECTS,
  MONITOR_ALL_GROUPS,
  Names,
  type FormatContext,
  type FormatOptions,
  type LinkEntry,
  type LinkLookup,
  type NsidLookup,
  type NexthopLookup,
  type NameTables,
  type MonitorDisposition,
  type MonitorFetcher,
  type Timeval,
} from './iproute2/index.js'
