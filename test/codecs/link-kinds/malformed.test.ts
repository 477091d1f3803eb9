// Malformed INFO_DATA payloads: every case raises NetlinkDecodeError naming the attribute path
// (kernel names) and the absolute byte offset. Inputs are hand-built.
import t from 'tap'
import { type AttrSet, decodeAttrs } from '../../../codecs/core/attrs.js'
import { Decoder } from '../../../codecs/core/decoder.js'
import { NetlinkDecodeError } from '../../../codecs/core/errors.js'
import { bridgePortAttrs } from '../../../codecs/link/bridge-port.js'
import { bridgeAttrs } from '../../../codecs/link/bridge.js'
import { greAttrs } from '../../../codecs/link/gre.js'
import { macvlanAttrs } from '../../../codecs/link/macvlan.js'
import { tunAttrs } from '../../../codecs/link/tun.js'
import { vlanAttrs } from '../../../codecs/link/vlan.js'
import { vxlanAttrs } from '../../../codecs/link/vxlan.js'
import { hex } from './helpers.js'

interface Case {
  name: string
  set: AttrSet
  bytes: string
  message: string
  path: string[]
  offset: number
}

const cases: Case[] = [
  {
    name: 'u32 of 2 bytes',
    set: bridgeAttrs,
    bytes: '08000500 00000000 06000200 2c010000',
    message: 'IFLA_BR_HELLO_TIME: expected 4 bytes, got 2 at offset 8',
    path: ['IFLA_BR_HELLO_TIME'],
    offset: 8,
  },
  {
    name: 'struct ifla_bridge_id of 6 bytes',
    set: bridgeAttrs,
    bytes: '0a000a00 80000200 00000000',
    message: 'IFLA_BR_ROOT_ID: ifla_bridge_id: expected 8 bytes, got 6 at offset 4',
    path: ['IFLA_BR_ROOT_ID'],
    offset: 4,
  },
  {
    name: 'attribute running past the end of INFO_DATA',
    set: bridgeAttrs,
    bytes: '08000500 00000000 0c000200 2c010000',
    message: 'IFLA_BR_HELLO_TIME: attribute length 12 overruns its parent by 4 bytes at offset 8',
    path: ['IFLA_BR_HELLO_TIME'],
    offset: 8,
  },
  {
    name: 'truncated attribute header',
    set: bridgeAttrs,
    bytes: '08000500 00000000 0400',
    message: 'truncated attribute header: 2 bytes left at offset 8',
    path: [],
    offset: 8,
  },
  {
    name: 'nested attribute overrunning IFLA_BR_MCAST_QUERIER_STATE',
    set: bridgeAttrs,
    bytes: '0c002f80 0c000100 00000000',
    message: 'IFLA_BR_MCAST_QUERIER_STATE > BRIDGE_QUERIER_IP_ADDRESS: attribute length 12 overruns its parent by 4 bytes at offset 4',
    path: ['IFLA_BR_MCAST_QUERIER_STATE', 'BRIDGE_QUERIER_IP_ADDRESS'],
    offset: 4,
  },
  {
    name: 'IPv4 querier address of 6 bytes',
    set: bridgeAttrs,
    bytes: '10002f80 0a000100 00000000 00000000',
    message: 'IFLA_BR_MCAST_QUERIER_STATE > BRIDGE_QUERIER_IP_ADDRESS: expected 4 bytes, got 6 at offset 4',
    path: ['IFLA_BR_MCAST_QUERIER_STATE', 'BRIDGE_QUERIER_IP_ADDRESS'],
    offset: 4,
  },
  {
    name: 'u8 port state of 4 bytes',
    set: bridgePortAttrs,
    bytes: '08000100 03000000',
    message: 'IFLA_BRPORT_STATE: expected 1 bytes, got 4 at offset 0',
    path: ['IFLA_BRPORT_STATE'],
    offset: 0,
  },
  {
    name: 'flag with a payload',
    set: bridgePortAttrs,
    bytes: '05001800 01000000',
    message: 'IFLA_BRPORT_FLUSH: expected 0 bytes, got 1 at offset 0',
    path: ['IFLA_BRPORT_FLUSH'],
    offset: 0,
  },
  {
    name: 'TTL_INHERIT neither flag nor u8',
    set: vxlanAttrs,
    bytes: '06001c00 01000000',
    message: 'IFLA_VXLAN_TTL_INHERIT: expected 0 bytes (flag) or 1 byte (u8), got 2 at offset 0',
    path: ['IFLA_VXLAN_TTL_INHERIT'],
    offset: 0,
  },
  {
    name: 'IPv4 group of 3 bytes',
    set: vxlanAttrs,
    bytes: '07000200 0a000000',
    message: 'IFLA_VXLAN_GROUP: expected 4 bytes, got 3 at offset 0',
    path: ['IFLA_VXLAN_GROUP'],
    offset: 0,
  },
  {
    name: 'port range of 2 bytes',
    set: vxlanAttrs,
    bytes: '06000a00 03e80000',
    message: 'IFLA_VXLAN_PORT_RANGE: ifla_vxlan_port_range: expected 4 bytes, got 2 at offset 4',
    path: ['IFLA_VXLAN_PORT_RANGE'],
    offset: 4,
  },
  {
    name: 'MAC address overrunning IFLA_MACVLAN_MACADDR_DATA',
    set: macvlanAttrs,
    bytes: '0c000500 0a000400 02000000',
    message: 'IFLA_MACVLAN_MACADDR_DATA > IFLA_MACVLAN_MACADDR: attribute length 10 overruns its parent by 2 bytes at offset 4',
    path: ['IFLA_MACVLAN_MACADDR_DATA', 'IFLA_MACVLAN_MACADDR'],
    offset: 4,
  },
  {
    name: 'QOS mapping of 4 bytes',
    set: vlanAttrs,
    bytes: '0c000300 08000100 01000000',
    message: 'IFLA_VLAN_EGRESS_QOS > IFLA_VLAN_QOS_MAPPING: ifla_vlan_qos_mapping: expected 8 bytes, got 4 at offset 8',
    path: ['IFLA_VLAN_EGRESS_QOS', 'IFLA_VLAN_QOS_MAPPING'],
    offset: 8,
  },
  {
    name: 'attribute length below its header inside a nest',
    set: vlanAttrs,
    bytes: '08000300 02000000',
    message: 'IFLA_VLAN_EGRESS_QOS: attribute length 2 is below the 4-byte header (type 0) at offset 4',
    path: ['IFLA_VLAN_EGRESS_QOS'],
    offset: 4,
  },
  {
    name: 'tunnel address of 5 bytes',
    set: greAttrs,
    bytes: '09000600 0a010001 02000000',
    message: 'IFLA_GRE_LOCAL: expected an IPv4 (4 bytes) or IPv6 (16 bytes) address, got 5 bytes at offset 0',
    path: ['IFLA_GRE_LOCAL'],
    offset: 0,
  },
  {
    name: 'u8 tun type of 4 bytes',
    set: tunAttrs,
    bytes: '08000300 02000000',
    message: 'IFLA_TUN_TYPE: expected 1 bytes, got 4 at offset 0',
    path: ['IFLA_TUN_TYPE'],
    offset: 0,
  },
]

function decodeError(set: AttrSet, bytes: Uint8Array, start = 0): unknown {
  try {
    decodeAttrs(new Decoder(bytes), set, start, bytes.length)
  } catch (e) {
    return e
  }
  return undefined
}

t.test('malformed payloads raise NetlinkDecodeError with path and offset', async (t) => {
  for (const c of cases) {
    const e = decodeError(c.set, hex(c.bytes))
    t.type(e, NetlinkDecodeError, c.name)
    if (!(e instanceof NetlinkDecodeError)) continue
    t.equal(e.message, c.message, c.name)
    t.strictSame(e.path, c.path, `${c.name}: path`)
    t.equal(e.offset, c.offset, `${c.name}: offset`)
  }
})

t.test('offsets are absolute in the buffer given to the decoder', async (t) => {
  // The same short HELLO_TIME, 20 bytes into a larger buffer (as it sits inside a real message).
  const bytes = hex('00000000 00000000 00000000 00000000 00000000 08000500 00000000 06000200 2c010000')
  const e = decodeError(bridgeAttrs, bytes, 20)
  t.type(e, NetlinkDecodeError)
  t.equal((e as NetlinkDecodeError).message, 'IFLA_BR_HELLO_TIME: expected 4 bytes, got 2 at offset 28')
})
