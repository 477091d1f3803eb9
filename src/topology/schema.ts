// The topology file's shape as one table, the single source of both checks: jsonSchema() turns it
// into the JSON Schema committed as schema/topology.schema.json (a test keeps that file current
// and runs ajv on it beside validate.ts), and validate.ts walks the same table to give errors
// that name the path and the value. Patterns are the same regular expressions in both.
import { INTERFACE_KINDS } from './spec.js'

export type Field =
  | { type: 'string'; pattern?: PatternName; enum?: readonly string[]; description?: string }
  | { type: 'integer'; minimum: number; maximum: number; description?: string }
  | { type: 'boolean'; description?: string }
  | { type: 'array'; items: Field; minItems?: number; maxItems?: number; unique?: boolean; description?: string }
  | { type: 'map'; keys: PatternName; values: Field; description?: string }
  | { type: 'object'; properties: Record<string, Field>; required?: readonly string[]; onlyWithKind?: Record<string, readonly string[]>; description?: string; def?: string }

const OCTET = '(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])'
const IPV4 = `${OCTET}(?:\\.${OCTET}){3}`
const H = '[0-9a-fA-F]{1,4}'
// RFC 4291 text forms: eight groups, one "::" standing for one or more zero groups, and the last
// 32 bits optionally written as an IPv4 address.
const IPV6 = [
  `(?:${H}:){7}${H}`,
  `(?:${H}:){1,7}:`,
  `(?:${H}:){1,6}:${H}`,
  `(?:${H}:){1,5}(?::${H}){1,2}`,
  `(?:${H}:){1,4}(?::${H}){1,3}`,
  `(?:${H}:){1,3}(?::${H}){1,4}`,
  `(?:${H}:){1,2}(?::${H}){1,5}`,
  `${H}:(?::${H}){1,6}`,
  `:(?:(?::${H}){1,7}|:)`,
  `(?:${H}:){6}${IPV4}`,
  `::(?:${H}:){0,5}${IPV4}`,
  `(?:${H}:){1,5}:(?:${H}:){0,4}${IPV4}`,
].join('|')
const IP = `(?:${IPV4}|${IPV6})`
const V4_LEN = '(?:3[0-2]|[12]?[0-9])'
const V6_LEN = '(?:12[0-8]|1[01][0-9]|[1-9]?[0-9])'
const CIDR = `(?:${IPV4}/${V4_LEN}|(?:${IPV6})/${V6_LEN})`
// Interface names the kernel takes (dev_valid_name), limited to ASCII that needs no quoting.
const IFNAME = '(?!\\.\\.?$)[A-Za-z0-9_.+@-]{1,15}'
const NODE = '(?!\\.\\.?$)[A-Za-z0-9_.+-]{1,64}'

/** Named patterns: the regular expression (anchored) and what a value that fails it is not. */
export const PATTERNS = {
  ip: { regex: `^${IP}$`, not: 'is not an IP address' },
  cidr: { regex: `^${CIDR}$`, not: 'is not an address with a prefix length (like 192.168.88.1/24 or 2001:db8::1/64)' },
  routeDst: { regex: `^(?:default|${CIDR})$`, not: "is not 'default' or a prefix (like 10.0.0.0/24)" },
  mac: { regex: '^[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2}){5}$', not: 'is not a MAC address (like 02:00:00:00:00:01)' },
  ifname: { regex: `^${IFNAME}$`, not: 'is not an interface name (1 to 15 of A-Z a-z 0-9 _ . + @ -)' },
  node: { regex: `^${NODE}$`, not: 'is not a node name (1 to 64 of A-Z a-z 0-9 _ . + -)' },
  endpoint: { regex: `^${NODE}:${IFNAME}$`, not: 'is not a cable end NODE:INTERFACE (like ns1:tap1)' },
  name: { regex: `^${NODE}$`, not: 'is not a topology name (1 to 64 of A-Z a-z 0-9 _ . + -)' },
} as const

export type PatternName = keyof typeof PATTERNS

const U32 = 0xffffffff
const flag = (description: string): Field => ({ type: 'integer', minimum: 0, maximum: 1, description })
const devconf = (max: number, description: string): Field => ({ type: 'integer', minimum: 0, maximum: max, description })

const INET: Field = {
  type: 'object',
  def: 'inet',
  description: 'IPv4 devconf (net.ipv4.conf.IF.*), set through rtnetlink',
  properties: {
    forwarding: flag('forwarding'),
    rpFilter: devconf(2, 'rp_filter: 0 off, 1 strict, 2 loose'),
    acceptLocal: flag('accept_local'),
    proxyArp: flag('proxy_arp'),
    arpIgnore: devconf(8, 'arp_ignore'),
    arpAnnounce: devconf(2, 'arp_announce'),
    arpAccept: devconf(2, 'arp_accept'),
    arpNotify: flag('arp_notify'),
    sendRedirects: flag('send_redirects'),
    acceptRedirects: flag('accept_redirects'),
    acceptSourceRoute: flag('accept_source_route'),
    logMartians: flag('log_martians'),
    routeLocalnet: flag('route_localnet'),
    promoteSecondaries: flag('promote_secondaries'),
    ignoreRoutesWithLinkdown: flag('ignore_routes_with_linkdown'),
  },
}

const BRIDGE: Field = {
  type: 'object',
  def: 'bridge',
  description: 'Linux bridge options (IFLA_BR_*), in the kernel units (clock_t: centiseconds)',
  properties: {
    stpState: devconf(2, '0 off, 1 kernel STP, 2 user-space STP'),
    forwardDelay: { type: 'integer', minimum: 0, maximum: U32, description: 'centiseconds' },
    helloTime: { type: 'integer', minimum: 0, maximum: U32, description: 'centiseconds' },
    maxAge: { type: 'integer', minimum: 0, maximum: U32, description: 'centiseconds' },
    ageingTime: { type: 'integer', minimum: 0, maximum: U32, description: 'centiseconds' },
    priority: { type: 'integer', minimum: 0, maximum: 65535 },
    mcastSnooping: flag('multicast snooping'),
  },
}

const VXLAN: Field = {
  type: 'object',
  def: 'vxlan',
  required: ['id'],
  properties: {
    id: { type: 'integer', minimum: 0, maximum: 0xffffff, description: 'VNI' },
    remote: { type: 'string', pattern: 'ip', description: 'unicast remote' },
    group: { type: 'string', pattern: 'ip', description: 'multicast group' },
    local: { type: 'string', pattern: 'ip' },
    port: { type: 'integer', minimum: 1, maximum: 65535, description: 'UDP destination port' },
    dev: { type: 'string', pattern: 'ifname', description: 'underlay interface of the same node' },
    ttl: { type: 'integer', minimum: 0, maximum: 255 },
    learning: { type: 'boolean' },
  },
}

const MACVLAN: Field = {
  type: 'object',
  def: 'macvlan',
  required: ['parent'],
  properties: {
    parent: { type: 'string', pattern: 'ifname', description: 'the parent interface, of the same node' },
    mode: { type: 'string', enum: ['private', 'vepa', 'bridge', 'passthru', 'source'] },
  },
}

const OVS: Field = {
  type: 'object',
  def: 'ovs',
  properties: { datapathType: { type: 'string', pattern: 'node', description: "Bridge.datapath_type: 'netdev' for the userspace datapath" } },
}

export const INTERFACE: Field = {
  type: 'object',
  def: 'interface',
  description: 'An interface of the node: created (kind, or a cable end), or one that exists (lo)',
  properties: {
    kind: { type: 'string', enum: INTERFACE_KINDS },
    up: { type: 'boolean', description: 'administratively up or down; unchanged when absent' },
    mtu: { type: 'integer', minimum: 68, maximum: 65535 },
    mac: { type: 'string', pattern: 'mac' },
    txqlen: { type: 'integer', minimum: 0, maximum: U32 },
    addresses: { type: 'array', items: { type: 'string', pattern: 'cidr' }, unique: true },
    master: { type: 'string', pattern: 'ifname', description: 'a bridge of the same node' },
    switch: { type: 'string', pattern: 'ifname', description: 'an ovs-bridge interface of the host' },
    inet: INET,
    bridge: BRIDGE,
    vxlan: VXLAN,
    macvlan: MACVLAN,
    ovs: OVS,
  },
  onlyWithKind: { bridge: ['bridge'], vxlan: ['vxlan'], macvlan: ['macvlan', 'macvtap'], ovs: ['ovs-bridge'] },
}

const ROUTE: Field = {
  type: 'object',
  def: 'route',
  required: ['dst'],
  properties: {
    dst: { type: 'string', pattern: 'routeDst' },
    via: { type: 'string', pattern: 'ip' },
    dev: { type: 'string', pattern: 'ifname' },
    src: { type: 'string', pattern: 'ip' },
    metric: { type: 'integer', minimum: 0, maximum: U32 },
    table: { type: 'integer', minimum: 1, maximum: U32 },
  },
}

const NODE_FIELD: Field = {
  type: 'object',
  def: 'node',
  properties: {
    interfaces: { type: 'map', keys: 'ifname', values: INTERFACE },
    routes: { type: 'array', items: ROUTE },
    nsids: { type: 'map', keys: 'node', values: { type: 'integer', minimum: 0, maximum: 0x7fffffff } },
  },
}

export const TOPOLOGY: Field = {
  type: 'object',
  required: ['name', 'nodes'],
  properties: {
    name: { type: 'string', pattern: 'name', description: "the topology's name: its ownership marker is nlwire:PREFIXNAME" },
    nodes: { type: 'map', keys: 'node', values: NODE_FIELD, description: "network namespaces by node name; 'host' is the namespace nlwire runs in" },
    cables: {
      type: 'array',
      description: 'veth pairs, each end NODE:INTERFACE',
      items: { type: 'array', items: { type: 'string', pattern: 'endpoint' }, minItems: 2, maxItems: 2 },
    },
  },
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json }

/** The table as a JSON Schema (draft 2020-12); named objects go to $defs. */
export function jsonSchema(): Json {
  const defs: { [k: string]: Json } = {}
  const top = toSchema(TOPOLOGY, defs) as { [k: string]: Json }
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'urn:nlwire:topology',
    title: 'nlwire topology',
    description: 'A network of namespaces, veth cables, bridges and Open vSwitch bridges: what `nlwire up FILE` builds. See docs/topology.md.',
    ...top,
    $defs: defs,
  }
}

function toSchema(f: Field, defs: { [k: string]: Json }): Json {
  const d: { [k: string]: Json } = f.description !== undefined ? { description: f.description } : {}
  switch (f.type) {
    case 'string':
      return { type: 'string', ...d, ...(f.pattern ? { pattern: PATTERNS[f.pattern].regex } : {}), ...(f.enum ? { enum: [...f.enum] } : {}) }
    case 'integer':
      return { type: 'integer', ...d, minimum: f.minimum, maximum: f.maximum }
    case 'boolean':
      return { type: 'boolean', ...d }
    case 'array':
      return {
        type: 'array',
        ...d,
        items: toSchema(f.items, defs),
        ...(f.minItems !== undefined ? { minItems: f.minItems } : {}),
        ...(f.maxItems !== undefined ? { maxItems: f.maxItems } : {}),
        ...(f.unique ? { uniqueItems: true } : {}),
      }
    case 'map':
      return { type: 'object', ...d, propertyNames: { pattern: PATTERNS[f.keys].regex }, additionalProperties: toSchema(f.values, defs) }
    case 'object': {
      if (f.def !== undefined && !(f.def in defs)) {
        defs[f.def] = null
        defs[f.def] = toSchema({ ...f, def: undefined } as Field, defs)
      }
      if (f.def !== undefined) return { $ref: `#/$defs/${f.def}` }
      const out: { [k: string]: Json } = {
        type: 'object',
        ...d,
        properties: Object.fromEntries(Object.entries(f.properties).map(([k, v]) => [k, toSchema(v, defs)])),
        additionalProperties: false,
      }
      if (f.required?.length) out.required = [...f.required]
      if (f.onlyWithKind) {
        out.allOf = Object.entries(f.onlyWithKind).map(([prop, kinds]) => ({
          if: { required: [prop] },
          then: { required: ['kind'], properties: { kind: { enum: [...kinds] } } },
        }))
      }
      return out
    }
  }
}
