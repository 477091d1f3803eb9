// Entry point of `nlwire`: the API (open() and what it returns), Open vSwitch, topologies, and
// underneath them the netlink client, its transports, named network namespaces, the errors and
// tracing. The codecs are `nlwire/codecs`.
export { Client, type BatchItem, type ClientOptions, type DumpOptions, type RequestInput, type RequestOptions, type SubscribeOptions } from './client/client.js'
export { Subscription, type Notification } from './client/subscription.js'
export { openClient, type OpenClientOptions } from './client/open.js'
export type { Sender, Transport, TransportError } from './transport/types.js'
export { DirectTransport, openDirect, type DirectOptions } from './transport/direct.js'
export { RelayTransport, openRelay, type RelayOptions } from './transport/relay.js'
export { FakeTransport, ackFor, doneFor, errorFor, partFor, type FakeDatagram, type FakeHandler, type FakeOptions, type FakeRequest } from './transport/fake.js'
export { netns, NETNS_RUN_DIR, netnsPath, validateNetnsName } from './netns.js'
export type { MechanismInfo, NetnsMechanism } from './transport/sys.js'
export type { AheadBatch } from './transport/netns-helper.js'
export { openInNetns } from './transport/direct.js'
export {
  NetlinkClosedError,
  NetlinkDumpInterruptedError,
  NetlinkError,
  NetlinkDroppedError,
  NetlinkOverrunError,
  NetlinkSocketError,
  NetlinkTimeoutError,
  NetnsError,
  NlwireError,
  RelayError,
  formatNetlinkError,
  setAttributeNamer,
  type AttributeNamer,
  type ExtAckInfo,
  type NetlinkErrorInit,
} from './errors.js'
export { defineErrorWording, errorSentence, type ErrorContext, type Wording } from './error-wording.js'
export { errnoLabel, errnoName, errnoText } from './errno.js'
export { formatErrorDetail, type ErrorDetailOptions } from './error-detail.js'
export { enableDebug, setMessageSummary, defaultSummary, type MessageSummary } from './debug.js'

// The high-level API: open() → { link, addr, route, rule, nexthop, neigh, fdb, nsid, monitor, close }.
export { open, Netlink, type OpenOptions } from './api/netlink.js'
export type { LinkRef, NetnsRef } from './api/context.js'
export type { LinkAddOptions, LinkSetOptions, LinkListFilter, LinkCommonOptions, VethPeerOptions, VxlanOptions, MacvlanMode } from './api/link.js'
export type { AddrOptions, AddrListFilter } from './api/addr.js'
export type { RouteOptions, RouteDelOptions, RouteListFilter, RouteNexthopOptions } from './api/route.js'
export type { NeighOptions, NeighState, FdbOptions, NeighListFilter, FdbListFilter } from './api/neigh.js'
export type { RuleSpec, RuleAction, TableRef, PortRange, ProtocolRef } from './api/rule-requests.js'
export type { NexthopOptions } from './api/nexthop.js'
export type { NexthopGroupMember } from './api/nexthop.js'
export type { Rule, Nexthop } from './api/views.js'
export type { NsidEntry } from './api/nsid.js'
export { monitorAllNetns, AllNetns, type NetnsEvent, type NetnsSource, type AllNetnsOptions, type Labelled } from './api/monitor-all.js'
export { Monitor, type NetlinkEvent, type MonitorObject, type MonitorOptions, type ResyncMark, type Action } from './api/monitor.js'
export type { Link, Address, Route, Neighbour, Family, RouteNexthopView } from './api/views.js'
export { ApiError, NotFoundError, type ApiErrorInit } from './api/errors.js'
// The codecs' own errors, for callers of the low-level client (the API wraps an encoder's in ApiError).
export { NetlinkDecodeError, NetlinkEncodeError } from '../codecs/core/errors.js'
export * as ovs from './ovs/index.js'
// Topologies as files: load, plan, up, down (and show).
export * as topology from './topology/index.js'
