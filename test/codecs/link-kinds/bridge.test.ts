// IFLA_BR_* against real bytes. Captured on kernel 6.18.44 with iproute2 6.1.0, inside a scratch
// network namespace, with
//   strace -f -x -s 65535 -e trace=sendmsg,recvmsg -e write=all -e read=all <command>
// and the IFLA_LINKINFO > IFLA_INFO_DATA payload cut out of the RTM_NEWLINK. The device set-up:
//   ip link add br0 type bridge stp_state 0 hello_time 300
//   ip link add vb0 address 02:00:00:00:00:01 type veth peer name vb1 address 02:00:00:00:00:02
//   ip link set vb0 master br0
// The JSON objects are the info_data that the same `ip -d -j link show br0` process printed for
// the reply whose bytes are given.
import t from 'tap'
import { canonical } from '../../../codecs/core/attrs.js'
import {
  BR_BOOLOPT_NO_LL_LEARN,
  type BridgeAttrs,
  MDB_RTR_TYPE_PERM,
  bridgeAttrs,
} from '../../../codecs/link/bridge.js'
import { ETH_P_8021AD } from '../../../codecs/link/vlan.js'
import { decodeSet, encodeSet, hex, ipBridgeJson, toHex } from './helpers.js'

// `ip -d -j link show br0` (bridge down, one port): the kernel's reply, 392 bytes.
const BR_REPLY_DOWN = hex(`
  0c001000 00000000 00000000 0c001100 00000000 00000000 0c001200 00000000
  00000000 0c001300 00000000 00000000 08000100 dc050000 08000200 2c010000
  08000300 d0070000 08000400 30750000 08000500 00000000 06000600 00800000
  05000700 00000000 06000900 00000000 0c000b00 80000200 00000001 0c000a00
  80000200 00000001 06000c00 00000000 08000d00 00000000 05000e00 00000000
  05000f00 00000000 0a001400 0180c200 00000000 0c002e00 00000000 1f000000
  08003000 00000000 08003100 00000000 05001600 01000000 05001700 01000000
  05001800 00000000 05001900 00000000 05002a00 00000000 08001a00 10000000
  08001b00 00100000 08001c00 02000000 08001d00 02000000 05002b00 02000000
  05002c00 01000000 0c001e00 64000000 00000000 0c001f00 90650000 00000000
  0c002000 9c630000 00000000 0c002100 d4300000 00000000 0c002200 e8030000
  00000000 0c002300 340c0000 00000000 05002400 00000000 05002500 00000000
  05002600 00000000
`)
const BR_JSON_DOWN = {
  forward_delay: 1500,
  hello_time: 300,
  max_age: 2000,
  ageing_time: 30000,
  stp_state: 0,
  priority: 32768,
  vlan_filtering: 0,
  bridge_id: '8000.2:0:0:0:0:1',
  root_id: '8000.2:0:0:0:0:1',
  root_port: 0,
  root_path_cost: 0,
  topology_change: 0,
  topology_change_detected: 0,
  hello_timer: 0.0,
  tcn_timer: 0.0,
  topology_change_timer: 0.0,
  gc_timer: 0.0,
  group_fwd_mask: '0',
  group_addr: '01:80:c2:00:00:00',
  mcast_snooping: 1,
  no_linklocal_learn: 0,
  mcast_vlan_snooping: 0,
  mcast_router: 1,
  mcast_query_use_ifaddr: 0,
  mcast_querier: 0,
  mcast_hash_elasticity: 16,
  mcast_hash_max: 4096,
  mcast_last_member_cnt: 2,
  mcast_startup_query_cnt: 2,
  mcast_last_member_intvl: 100,
  mcast_membership_intvl: 26000,
  mcast_querier_intvl: 25500,
  mcast_query_intvl: 12500,
  mcast_query_response_intvl: 1000,
  mcast_startup_query_intvl: 3124,
  mcast_stats_enabled: 0,
  mcast_igmp_version: 2,
  mcast_mld_version: 1,
  nf_call_iptables: 0,
  nf_call_ip6tables: 0,
  nf_call_arptables: 0,
}

const PORT_ID = { prio: 0x8000, addr: '02:00:00:00:00:01' }

const BR_DECODED_DOWN: BridgeAttrs = {
  helloTimer: 0n,
  tcnTimer: 0n,
  topologyChangeTimer: 0n,
  gcTimer: 0n,
  forwardDelay: 1500,
  helloTime: 300,
  maxAge: 2000,
  ageingTime: 30000,
  stpState: 0,
  priority: 32768,
  vlanFiltering: 0,
  groupFwdMask: 0,
  bridgeId: PORT_ID,
  rootId: PORT_ID,
  rootPort: 0,
  rootPathCost: 0,
  topologyChange: 0,
  topologyChangeDetected: 0,
  groupAddr: '01:80:c2:00:00:00',
  // optmask 0x1f: kernel 6.18 knows five boolean options (BR_BOOLOPT_MAX = 5).
  multiBoolopt: { optval: 0, optmask: 0x1f },
  fdbNLearned: 0,
  fdbMaxLearned: 0,
  mcastRouter: 1,
  mcastSnooping: 1,
  mcastQueryUseIfaddr: 0,
  mcastQuerier: 0,
  mcastStatsEnabled: 0,
  mcastHashElasticity: 16,
  mcastHashMax: 4096,
  mcastLastMemberCnt: 2,
  mcastStartupQueryCnt: 2,
  mcastIgmpVersion: 2,
  mcastMldVersion: 1,
  mcastLastMemberIntvl: 100n,
  mcastMembershipIntvl: 26000n,
  mcastQuerierIntvl: 25500n,
  mcastQueryIntvl: 12500n,
  mcastQueryResponseIntvl: 1000n,
  mcastStartupQueryIntvl: 3124n,
  nfCallIptables: 0,
  nfCallIp6tables: 0,
  nfCallArptables: 0,
}

// After `ip link set br0 type bridge mcast_querier 1` and bringing br0, vb0 and vb1 up: the
// reply now carries IFLA_BR_MCAST_QUERIER_STATE (with NLA_F_NESTED) and a running gc_timer.
const BR_REPLY_UP = hex(`
  0c001000 00000000 00000000 0c001100 00000000 00000000 0c001200 00000000
  00000000 0c001300 8c740000 00000000 08000100 dc050000 08000200 2c010000
  08000300 d0070000 08000400 30750000 08000500 00000000 06000600 00800000
  05000700 00000000 06000900 00000000 0c000b00 80000200 00000001 0c000a00
  80000200 00000001 06000c00 00000000 08000d00 00000000 05000e00 00000000
  05000f00 00000000 0a001400 0180c200 00000000 0c002e00 00000000 1f000000
  08003000 00000000 08003100 00000000 05001600 01000000 05001700 01000000
  05001800 00000000 05001900 01000000 05002a00 00000000 08001a00 10000000
  08001b00 00100000 08001c00 02000000 08001d00 02000000 05002b00 02000000
  20002f80 08000100 00000000 14000500 00000000 00000000 00000000 00000000
  05002c00 01000000 0c001e00 64000000 00000000 0c001f00 90650000 00000000
  0c002000 9c630000 00000000 0c002100 d4300000 00000000 0c002200 e8030000
  00000000 0c002300 340c0000 00000000 05002400 00000000 05002500 00000000
  05002600 00000000
`)
const BR_JSON_UP = { ...BR_JSON_DOWN, gc_timer: 298.36, mcast_querier: 1 }

// `ip link add br0 type bridge stp_state 0 hello_time 300`: iproute2's INFO_DATA.
const BR_CREATE = hex('08000500 00000000 08000200 2c010000')

// `ip link add br1 type bridge stp_state 0 hello_time 300 group_address 01:80:c2:00:00:0e
//  vlan_protocol 802.1ad mcast_router 2 no_linklocal_learn 1 mcast_last_member_interval 200
//  fdb_flush`: iproute2's INFO_DATA (the kernel accepted it).
const BR1_CREATE = hex(`
  08000500 00000000 08000200 2c010000 0a001400 0180c200 000e0000 06000800
  88a80000 05001600 02000000 0c001e00 c8000000 00000000 04001500 0c002e00
  01000000 01000000
`)

// `ip link set br0 type bridge mcast_querier 1 fdb_flush`
const BR_SET = hex('05001900 01000000 04001500')

t.test('bridge reply (down): decoded values, iproute2 view, exact re-encode', async (t) => {
  const v = decodeSet<BridgeAttrs>(bridgeAttrs, BR_REPLY_DOWN)
  t.strictSame(v, BR_DECODED_DOWN)
  t.strictSame(ipBridgeJson(v), BR_JSON_DOWN, 'what ip -d -j link show printed')
  t.strictSame(Object.keys(v).slice(0, 6), ['helloTimer', 'tcnTimer', 'topologyChangeTimer', 'gcTimer', 'forwardDelay', 'helloTime'], 'wire order kept')
  t.equal(encodeSet(bridgeAttrs, v), toHex(BR_REPLY_DOWN), 'encode(decode(bytes)) === bytes')
  // The canonical encoder writes what the kernel writes, attribute for attribute.
  t.equal(encodeSet(bridgeAttrs, canonical(decodeSet<BridgeAttrs>(bridgeAttrs, BR_REPLY_DOWN))), toHex(BR_REPLY_DOWN))
})

t.test('bridge reply (up, querier on): querier state nest and a running timer', async (t) => {
  const v = decodeSet<BridgeAttrs>(bridgeAttrs, BR_REPLY_UP)
  t.strictSame(v, {
    ...BR_DECODED_DOWN,
    gcTimer: 29836n,
    mcastQuerier: 1,
    mcastQuerierState: { ipAddress: '0.0.0.0', ipv6Address: '::' },
  })
  t.strictSame(ipBridgeJson(v), BR_JSON_UP, 'what ip -d -j link show printed')
  t.equal(encodeSet(bridgeAttrs, v), toHex(BR_REPLY_UP))
  // NLA_F_NESTED on IFLA_BR_MCAST_QUERIER_STATE is written for values built by hand too.
  t.equal(encodeSet(bridgeAttrs, canonical(decodeSet<BridgeAttrs>(bridgeAttrs, BR_REPLY_UP))), toHex(BR_REPLY_UP))
})

t.test('bridge requests: values built by hand encode as iproute2 does', async (t) => {
  const create: BridgeAttrs = { stpState: 0, helloTime: 300 }
  t.equal(encodeSet(bridgeAttrs, create), toHex(BR_CREATE))
  t.strictSame(decodeSet(bridgeAttrs, BR_CREATE), create)

  const br1: BridgeAttrs = {
    stpState: 0,
    helloTime: 300,
    groupAddr: '01:80:c2:00:00:0e',
    vlanProtocol: ETH_P_8021AD,
    mcastRouter: MDB_RTR_TYPE_PERM,
    mcastLastMemberIntvl: 200n,
    fdbFlush: true,
    multiBoolopt: { optval: 1 << BR_BOOLOPT_NO_LL_LEARN, optmask: 1 << BR_BOOLOPT_NO_LL_LEARN },
  }
  t.equal(encodeSet(bridgeAttrs, br1), toHex(BR1_CREATE))
  t.strictSame(decodeSet(bridgeAttrs, BR1_CREATE), br1)
  t.equal(encodeSet(bridgeAttrs, decodeSet(bridgeAttrs, BR1_CREATE)), toHex(BR1_CREATE))

  const set: BridgeAttrs = { mcastQuerier: 1, fdbFlush: true }
  t.equal(encodeSet(bridgeAttrs, set), toHex(BR_SET))
  t.strictSame(decodeSet(bridgeAttrs, BR_SET), set)
})
