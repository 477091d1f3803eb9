// IFLA_BRPORT_* against real bytes, in both places the set travels: IFLA_INFO_SLAVE_DATA of the
// port (`ip -d link show vb0`) and IFLA_PROTINFO of an AF_BRIDGE RTM_NEWLINK (`bridge -d link
// show dev vb0`). Captured on kernel 6.18.44 with iproute2 6.1.0 in a scratch network namespace
// (strace -f -x -s 65535 -e trace=sendmsg,recvmsg -e write=all -e read=all), after
//   ip link add br0 type bridge stp_state 0 hello_time 300
//   ip link add vb0 address 02:00:00:00:00:01 type veth peer name vb1 address 02:00:00:00:00:02
//   ip link set vb0 master br0
// The JSON objects are what the same ip/bridge process printed for the reply given.
import t from 'tap'
import {
  BR_STATE_DISABLED,
  BR_STATE_FORWARDING,
  type BridgePortAttrs,
  bridgePortAttrs,
} from '../../../codecs/link/bridge-port.js'
import { bridgeLinkJson, decodeSet, encodeSet, hex, ipBridgeSlaveJson, toHex } from './helpers.js'

// `ip -d -j link show vb0` with everything down: INFO_SLAVE_DATA (slave kind "bridge").
// `bridge -d -j link show dev vb0` right after returned the same 332 bytes in IFLA_PROTINFO.
const PORT_REPLY_DOWN = hex(`
  05000100 00000000 06000200 20000000 08000300 02000000 05000400 00000000
  05000500 00000000 05000600 00000000 05000700 00000000 05001c00 00000000
  05000800 01000000 05000900 01000000 05001b00 01000000 05001e00 01000000
  05000a00 00000000 05000c00 00000000 0c000d00 80000200 00000001 0c000e00
  80000200 00000001 06000f00 01800000 06001000 00000000 06001100 01800000
  06001200 01000000 05001300 00000000 05001400 00000000 05001d00 00000000
  06001f00 00000000 05002000 00000000 05002300 00000000 05002400 00000000
  05002100 00000000 05002700 00000000 05002800 00000000 05002b00 00000000
  0c001500 00000000 00000000 0c001600 00000000 00000000 0c001700 00000000
  00000000 05001900 01000000 08002500 00020000 08002600 00000000 08002900
  00000000 08002a00 00000000
`)
const PORT_JSON_DOWN = {
  state: 'disabled',
  priority: 32,
  cost: 2,
  hairpin: false,
  guard: false,
  root_block: false,
  fastleave: false,
  learning: true,
  flood: true,
  id: '0x8001',
  no: '0x1',
  designated_port: 32769,
  designated_cost: 0,
  bridge_id: '8000.2:0:0:0:0:1',
  root_id: '8000.2:0:0:0:0:1',
  hold_timer: 0.0,
  message_age_timer: 0.0,
  forward_delay_timer: 0.0,
  topology_change_ack: 0,
  config_pending: 0,
  proxy_arp: false,
  proxy_arp_wifi: false,
  multicast_router: 1,
  mcast_flood: true,
  bcast_flood: true,
  mcast_to_unicast: false,
  neigh_suppress: false,
  group_fwd_mask: '0',
  group_fwd_mask_str: '0x0',
  vlan_tunnel: false,
  isolated: false,
  locked: false,
}
// `bridge -d -j link show dev vb0`, without ifindex, link, ifname, flags, mtu and master.
const BRIDGE_LINK_JSON_DOWN = {
  state: 'disabled',
  priority: 32,
  cost: 2,
  hairpin: false,
  guard: false,
  root_block: false,
  fastleave: false,
  learning: true,
  flood: true,
  mcast_flood: true,
  bcast_flood: true,
  mcast_router: 1,
  mcast_to_unicast: false,
  neigh_suppress: false,
  vlan_tunnel: false,
  isolated: false,
  locked: false,
}

const ID = { prio: 0x8000, addr: '02:00:00:00:00:01' }

const PORT_DECODED_DOWN: BridgePortAttrs = {
  state: BR_STATE_DISABLED,
  priority: 32,
  cost: 2,
  mode: 0,
  guard: 0,
  protect: 0,
  fastLeave: 0,
  mcastToUcast: 0,
  learning: 1,
  unicastFlood: 1,
  mcastFlood: 1,
  bcastFlood: 1,
  proxyarp: 0,
  proxyarpWifi: 0,
  rootId: ID,
  bridgeId: ID,
  designatedPort: 0x8001,
  designatedCost: 0,
  id: 0x8001,
  no: 1,
  topologyChangeAck: 0,
  configPending: 0,
  vlanTunnel: 0,
  groupFwdMask: 0,
  neighSuppress: 0,
  mrpRingOpen: 0,
  mrpInOpen: 0,
  isolated: 0,
  locked: 0,
  mab: 0,
  neighVlanSuppress: 0,
  messageAgeTimer: 0n,
  forwardDelayTimer: 0n,
  holdTimer: 0n,
  multicastRouter: 1,
  mcastEhtHostsLimit: 512,
  mcastEhtHostsCnt: 0,
  mcastNGroups: 0,
  mcastMaxGroups: 0,
}

// After the two requests below and bringing the links up: forwarding, forward-delay timer running.
const PORT_REPLY_UP = hex(`
  05000100 03000000 06000200 07000000 08000300 06000000 05000400 00000000
  05000500 01000000 05000600 00000000 05000700 00000000 05001c00 00000000
  05000800 00000000 05000900 01000000 05001b00 01000000 05001e00 01000000
  05000a00 00000000 05000c00 00000000 0c000d00 80000200 00000001 0c000e00
  80000200 00000001 06000f00 011c0000 06001000 00000000 06001100 011c0000
  06001200 01000000 05001300 00000000 05001400 00000000 05001d00 00000000
  06001f00 00000000 05002000 00000000 05002300 00000000 05002400 00000000
  05002100 00000000 05002700 00000000 05002800 00000000 05002b00 00000000
  0c001500 00000000 00000000 0c001600 15050000 00000000 0c001700 00000000
  00000000 05001900 01000000 08002500 00020000 08002600 00000000 08002900
  01000000 08002a00 00000000
`)
const PORT_JSON_UP = {
  ...PORT_JSON_DOWN,
  state: 'forwarding',
  priority: 7,
  cost: 6,
  guard: true,
  learning: false,
  id: '0x1c01',
  designated_port: 7169,
  forward_delay_timer: 13.01,
}

// `ip link set vb0 type bridge_slave cost 5 priority 7 learning off`: INFO_SLAVE_DATA, sent with
// IFLA_INFO_SLAVE_KIND "bridge_slave" (no NUL).
const SLAVE_SET = hex('08000300 05000000 06000200 07000000 05000800 00000000')
// `bridge link set dev vb0 cost 6 guard on`: RTM_SETLINK, ifi_family AF_BRIDGE, IFLA_PROTINFO
// (type 0x800c, NLA_F_NESTED) payload.
const PROTINFO_SET = hex('05000500 01000000 08000300 06000000')

t.test('bridge port reply (down): decoded values, iproute2 view, exact re-encode', async (t) => {
  const v = decodeSet<BridgePortAttrs>(bridgePortAttrs, PORT_REPLY_DOWN)
  t.strictSame(v, PORT_DECODED_DOWN)
  t.strictSame(ipBridgeSlaveJson(v), PORT_JSON_DOWN, 'what ip -d -j link show printed')
  t.strictSame(bridgeLinkJson(v), BRIDGE_LINK_JSON_DOWN, 'what bridge -d -j link show printed from IFLA_PROTINFO')
  t.equal(encodeSet(bridgePortAttrs, v), toHex(PORT_REPLY_DOWN))
})

t.test('bridge port reply (up): state, changed options and a running timer', async (t) => {
  const v = decodeSet<BridgePortAttrs>(bridgePortAttrs, PORT_REPLY_UP)
  t.strictSame(v, {
    ...PORT_DECODED_DOWN,
    state: BR_STATE_FORWARDING,
    priority: 7,
    cost: 6,
    guard: 1,
    learning: 0,
    designatedPort: 0x1c01,
    id: 0x1c01,
    forwardDelayTimer: 1301n,
    mcastNGroups: 1,
  })
  t.strictSame(ipBridgeSlaveJson(v), PORT_JSON_UP, 'what ip -d -j link show printed')
  t.equal(encodeSet(bridgePortAttrs, v), toHex(PORT_REPLY_UP))
})

t.test('bridge port requests: values built by hand encode as iproute2 does', async (t) => {
  const slave: BridgePortAttrs = { cost: 5, priority: 7, learning: 0 }
  t.equal(encodeSet(bridgePortAttrs, slave), toHex(SLAVE_SET))
  t.strictSame(decodeSet(bridgePortAttrs, SLAVE_SET), slave)

  const protinfo: BridgePortAttrs = { guard: 1, cost: 6 }
  t.equal(encodeSet(bridgePortAttrs, protinfo), toHex(PROTINFO_SET))
  t.strictSame(decodeSet(bridgePortAttrs, PROTINFO_SET), protinfo)

  // `flush` is an empty attribute.
  t.equal(encodeSet(bridgePortAttrs, { flush: true }), '04001800')
})
