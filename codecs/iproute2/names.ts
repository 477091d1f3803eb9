// The names iproute2 6.1 prints for numbers: route types, protocols, scopes, tables, DS fields,
// device groups (lib/rt_names.c, ip/rtm_map.c, with the default /etc/iproute2 databases Debian
// ships), link types (lib/ll_types.c) and address families (lib/utils.c family_name).
// iproute2 reads /etc/iproute2/* to extend the first five; a caller with other files can pass
// its own tables in FormatOptions.names.

/** Name tables a caller may replace (what /etc/iproute2/rt_* would add). */
export interface NameTables {
  /** /etc/iproute2/rt_tables: table id → name. */
  tables?: Readonly<Record<number, string>>
  /** /etc/iproute2/rt_protos: protocol → name. */
  protocols?: Readonly<Record<number, string>>
  /** /etc/iproute2/rt_scopes: scope → name. */
  scopes?: Readonly<Record<number, string>>
  /** /etc/iproute2/group: device group → name. */
  groups?: Readonly<Record<number, string>>
  /** /etc/iproute2/rt_dsfield: TOS / DS field → name. */
  dsfields?: Readonly<Record<number, string>>
}

/** rtnl_rtntype_n2a (ip/rtm_map.c). */
const RTN_TYPE_NAMES: readonly string[] = [
  'none', // RTN_UNSPEC 0
  'unicast', // RTN_UNICAST 1
  'local', // RTN_LOCAL 2
  'broadcast', // RTN_BROADCAST 3
  'anycast', // RTN_ANYCAST 4
  'multicast', // RTN_MULTICAST 5
  'blackhole', // RTN_BLACKHOLE 6
  'unreachable', // RTN_UNREACHABLE 7
  'prohibit', // RTN_PROHIBIT 8
  'throw', // RTN_THROW 9
  'nat', // RTN_NAT 10
  'xresolve', // RTN_XRESOLVE 11
]

export function rtntypeName(id: number): string {
  return RTN_TYPE_NAMES[id] ?? String(id)
}

/** rtnl_rtprot_tab and /etc/iproute2/rt_protos (Debian's copy adds openr 99). */
export const DEFAULT_PROTOCOLS: Readonly<Record<number, string>> = {
  0: 'unspec',
  1: 'redirect',
  2: 'kernel',
  3: 'boot',
  4: 'static',
  8: 'gated',
  9: 'ra',
  10: 'mrt',
  11: 'zebra',
  12: 'bird',
  13: 'dnrouted',
  14: 'xorp',
  15: 'ntk',
  16: 'dhcp',
  18: 'keepalived',
  42: 'babel',
  99: 'openr',
  186: 'bgp',
  187: 'isis',
  188: 'ospf',
  189: 'rip',
  192: 'eigrp',
}

/** rtnl_rtscope_tab and /etc/iproute2/rt_scopes. */
export const DEFAULT_SCOPES: Readonly<Record<number, string>> = {
  0: 'global',
  200: 'site',
  253: 'link',
  254: 'host',
  255: 'nowhere',
}

/** rtnl_rttable_hash and /etc/iproute2/rt_tables. */
export const DEFAULT_TABLES: Readonly<Record<number, string>> = {
  0: 'unspec',
  253: 'default',
  254: 'main',
  255: 'local',
}

/** /etc/iproute2/group. */
export const DEFAULT_GROUPS: Readonly<Record<number, string>> = { 0: 'default' }

/** /etc/iproute2/rt_dsfield. */
export const DEFAULT_DSFIELDS: Readonly<Record<number, string>> = {
  0x00: 'default',
  0x28: 'AF11',
  0x30: 'AF12',
  0x38: 'AF13',
  0x48: 'AF21',
  0x50: 'AF22',
  0x58: 'AF23',
  0x68: 'AF31',
  0x70: 'AF32',
  0x78: 'AF33',
  0x88: 'AF41',
  0x90: 'AF42',
  0x98: 'AF43',
  0x20: 'CS1',
  0x40: 'CS2',
  0x60: 'CS3',
  0x80: 'CS4',
  0xa0: 'CS5',
  0xc0: 'CS6',
  0xe0: 'CS7',
  0xb8: 'EF',
}

/** The tables in effect: the caller's over the defaults. */
export class Names {
  private readonly t: Required<NameTables>

  constructor(over: NameTables = {}) {
    this.t = {
      tables: { ...DEFAULT_TABLES, ...over.tables },
      protocols: { ...DEFAULT_PROTOCOLS, ...over.protocols },
      scopes: { ...DEFAULT_SCOPES, ...over.scopes },
      groups: { ...DEFAULT_GROUPS, ...over.groups },
      dsfields: { ...DEFAULT_DSFIELDS, ...over.dsfields },
    }
  }

  /** rtnl_rtprot_n2a */
  protocol(id: number): string {
    return this.t.protocols[id] ?? String(id)
  }

  /** rtnl_rtscope_n2a */
  scope(id: number): string {
    return this.t.scopes[id] ?? String(id)
  }

  /** rtnl_rttable_n2a (ids are u32) */
  table(id: number): string {
    return this.t.tables[id] ?? String(id >>> 0)
  }

  /** rtnl_group_n2a (signed, as iproute2 prints it) */
  group(id: number): string {
    return this.t.groups[id] ?? String(id | 0)
  }

  /** rtnl_dsfield_n2a */
  dsfield(id: number): string {
    return this.t.dsfields[id] ?? `0x${id.toString(16).padStart(2, '0')}`
  }
}

export const DEFAULT_NAMES = new Names()

/** family_name (lib/utils.c). */
export function familyName(family: number): string {
  switch (family) {
    case 2:
      return 'inet' // AF_INET
    case 10:
      return 'inet6' // AF_INET6
    case 17:
      return 'link' // AF_PACKET
    case 28:
      return 'mpls' // AF_MPLS
    case 7:
      return 'bridge' // AF_BRIDGE
    default:
      return '???'
  }
}

/** ll_type_n2a (lib/ll_types.c): ARPHRD_* → the word after "link/". */
const LL_TYPES: Readonly<Record<number, string>> = {
  0: 'netrom', // ARPHRD_NETROM
  1: 'ether', // ARPHRD_ETHER
  2: 'eether', // ARPHRD_EETHER
  3: 'ax25', // ARPHRD_AX25
  4: 'pronet', // ARPHRD_PRONET
  5: 'chaos', // ARPHRD_CHAOS
  6: 'ieee802', // ARPHRD_IEEE802
  7: 'arcnet', // ARPHRD_ARCNET
  8: 'atalk', // ARPHRD_APPLETLK
  15: 'dlci', // ARPHRD_DLCI
  19: 'atm', // ARPHRD_ATM
  23: 'metricom', // ARPHRD_METRICOM
  24: 'ieee1394', // ARPHRD_IEEE1394
  32: 'infiniband', // ARPHRD_INFINIBAND
  256: 'slip', // ARPHRD_SLIP
  257: 'cslip', // ARPHRD_CSLIP
  258: 'slip6', // ARPHRD_SLIP6
  259: 'cslip6', // ARPHRD_CSLIP6
  260: 'rsrvd', // ARPHRD_RSRVD
  264: 'adapt', // ARPHRD_ADAPT
  270: 'rose', // ARPHRD_ROSE
  271: 'x25', // ARPHRD_X25
  272: 'hwx25', // ARPHRD_HWX25
  280: 'can', // ARPHRD_CAN
  512: 'ppp', // ARPHRD_PPP
  513: 'hdlc', // ARPHRD_HDLC (= ARPHRD_CISCO)
  516: 'lapb', // ARPHRD_LAPB
  517: 'ddcmp', // ARPHRD_DDCMP
  518: 'rawhdlc', // ARPHRD_RAWHDLC
  768: 'ipip', // ARPHRD_TUNNEL
  769: 'tunnel6', // ARPHRD_TUNNEL6
  770: 'frad', // ARPHRD_FRAD
  771: 'skip', // ARPHRD_SKIP
  772: 'loopback', // ARPHRD_LOOPBACK
  773: 'ltalk', // ARPHRD_LOCALTLK
  774: 'fddi', // ARPHRD_FDDI
  775: 'bif', // ARPHRD_BIF
  776: 'sit', // ARPHRD_SIT
  777: 'ip/ddp', // ARPHRD_IPDDP
  778: 'gre', // ARPHRD_IPGRE
  779: 'pimreg', // ARPHRD_PIMREG
  780: 'hippi', // ARPHRD_HIPPI
  781: 'ash', // ARPHRD_ASH
  782: 'econet', // ARPHRD_ECONET
  783: 'irda', // ARPHRD_IRDA
  784: 'fcpp', // ARPHRD_FCPP
  785: 'fcal', // ARPHRD_FCAL
  786: 'fcpl', // ARPHRD_FCPL
  787: 'fcfb0', // ARPHRD_FCFABRIC
  788: 'fcfb1',
  789: 'fcfb2',
  790: 'fcfb3',
  791: 'fcfb4',
  792: 'fcfb5',
  793: 'fcfb6',
  794: 'fcfb7',
  795: 'fcfb8',
  796: 'fcfb9',
  797: 'fcfb10',
  798: 'fcfb11',
  799: 'fcfb12',
  800: 'tr', // ARPHRD_IEEE802_TR
  801: 'ieee802.11', // ARPHRD_IEEE80211
  802: 'ieee802.11/prism', // ARPHRD_IEEE80211_PRISM
  803: 'ieee802.11/radiotap', // ARPHRD_IEEE80211_RADIOTAP
  804: 'ieee802.15.4', // ARPHRD_IEEE802154
  805: 'ieee802.15.4/monitor', // ARPHRD_IEEE802154_MONITOR
  820: 'phonet', // ARPHRD_PHONET
  821: 'phonet_pipe', // ARPHRD_PHONET_PIPE
  822: 'caif', // ARPHRD_CAIF
  823: 'gre6', // ARPHRD_IP6GRE
  824: 'netlink', // ARPHRD_NETLINK
  825: '6lowpan', // ARPHRD_6LOWPAN
  0xfffe: 'none', // ARPHRD_NONE
  0xffff: 'void', // ARPHRD_VOID
}

export function llTypeName(type: number): string {
  return LL_TYPES[type] ?? `[${type}]`
}
