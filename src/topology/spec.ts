// A topology file, as TypeScript types: what `nlwire up FILE` and `topology.up(spec)` accept.
// The JSON Schema (schema/topology.schema.json) is generated from the table in schema.ts, which
// says the same thing field by field; validate.ts checks a value against that table and then
// checks what a schema cannot (references between names).
//
//   name: s5
//   nodes:
//     host:                      # the namespace nlwire runs in (or --host NETNS)
//       interfaces:
//         br-test01: { kind: bridge, bridge: { stpState: 0 }, up: true, addresses: [192.168.88.1/24] }
//         br-tap1: { master: br-test01, up: true }
//     ns1:                       # a named network namespace, created if absent
//       interfaces:
//         tap1: { up: true, addresses: [192.168.88.3/24] }
//       routes:
//         - { dst: default, via: 192.168.88.1 }
//   cables:
//     - [ns1:tap1, host:br-tap1]  # a veth pair: one end in each place

/** Interface kinds a topology can create. Without `kind`, an interface is a cable end (veth) or a device that already exists (lo). */
export type InterfaceKind = 'veth' | 'bridge' | 'vxlan' | 'macvlan' | 'macvtap' | 'ovs-bridge' | 'ovs-internal'

export const INTERFACE_KINDS: readonly InterfaceKind[] = ['veth', 'bridge', 'vxlan', 'macvlan', 'macvtap', 'ovs-bridge', 'ovs-internal']

/** The reserved node name for the namespace nlwire runs in. */
export const HOST = 'host'

export interface TopologySpec {
  /** Names the topology's ownership marker: two topologies with different names never touch each other's objects. */
  name: string
  /** Network namespaces by node name; `host` is the namespace nlwire runs in. */
  nodes: Record<string, NodeSpec>
  /** veth pairs: ['ns1:tap1', 'host:br-tap1']. */
  cables?: [string, string][]
}

export interface NodeSpec {
  interfaces?: Record<string, InterfaceSpec>
  routes?: RouteSpec[]
  /** The ids this namespace uses for other nodes' namespaces (`ip netns set`): { ns2: 5 }. */
  nsids?: Record<string, number>
}

/** IPv4 devconf (net.ipv4.conf.IF.*) a topology can set, in camelCase. */
export interface InetSpec {
  forwarding?: number
  rpFilter?: number
  acceptLocal?: number
  proxyArp?: number
  arpIgnore?: number
  arpAnnounce?: number
  arpAccept?: number
  arpNotify?: number
  sendRedirects?: number
  acceptRedirects?: number
  acceptSourceRoute?: number
  logMartians?: number
  routeLocalnet?: number
  promoteSecondaries?: number
  ignoreRoutesWithLinkdown?: number
}

/** Bridge options (IFLA_BR_*), in the kernel's units (clock_t = centiseconds). */
export interface BridgeSpec {
  stpState?: number
  forwardDelay?: number
  helloTime?: number
  maxAge?: number
  ageingTime?: number
  priority?: number
  mcastSnooping?: number
}

export interface VxlanSpec {
  /** VNI */
  id: number
  /** Unicast remote (IFLA_VXLAN_GROUP, as `ip link ... remote`). */
  remote?: string
  /** Multicast group. */
  group?: string
  local?: string
  /** UDP destination port; the kernel's default is 8472, IANA's 4789. */
  port?: number
  /** Underlay device, an interface of the same node. */
  dev?: string
  ttl?: number
  learning?: boolean
}

export interface MacvlanSpec {
  /** The parent device, an interface of the same node. */
  parent: string
  mode?: 'private' | 'vepa' | 'bridge' | 'passthru' | 'source'
}

export interface OvsBridgeSpec {
  /** Bridge.datapath_type: 'netdev' for the userspace datapath (no kernel module). */
  datapathType?: string
}

export interface InterfaceSpec {
  kind?: InterfaceKind
  /** Administratively up (true) or down (false); left as it is when absent. */
  up?: boolean
  mtu?: number
  /** MAC address '02:00:00:00:00:01'. */
  mac?: string
  txqlen?: number
  /** '192.168.88.1/24', '2001:db8::1/64'. */
  addresses?: string[]
  /** A Linux bridge of the same node to be a port of. */
  master?: string
  /** An Open vSwitch bridge (an `ovs-bridge` interface of the host) to be a port of. */
  switch?: string
  inet?: InetSpec
  bridge?: BridgeSpec
  vxlan?: VxlanSpec
  macvlan?: MacvlanSpec
  ovs?: OvsBridgeSpec
}

export interface RouteSpec {
  /** 'default' or a prefix: '10.0.0.0/24'. */
  dst: string
  via?: string
  /** An interface of the node. */
  dev?: string
  src?: string
  metric?: number
  /** A table number (main = 254, the default). */
  table?: number
}
