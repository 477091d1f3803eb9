// IFLA_VLAN_*. The development kernel has no 8021q module, so there is no kernel reply: the first
// test uses iproute2 6.1.0's real request (captured with
//   strace -f -x -s 65535 -e trace=sendmsg -e write=all
//   ip link add vl1 link vb1 type vlan id 100 protocol 802.1ad reorder_hdr off gvrp on
//     egress-qos-map 1:2 3:4 ingress-qos-map 5:6
// and refused by the kernel with "Unknown device type"); the second uses bytes built by hand in
// the order vlan_fill_info (net/8021q/vlan_netlink.c) writes them.
import t from 'tap'
import {
  ETH_P_8021AD,
  ETH_P_8021Q,
  VLAN_FLAG_GVRP,
  VLAN_FLAG_REORDER_HDR,
  type VlanAttrs,
  vlanAttrs,
} from '../../../codecs/link/vlan.js'
import { decodeSet, encodeSet, hex, toHex } from './helpers.js'

const VLAN_CREATE = hex(`
  06000100 64000000 06000500 88a80000 1c000300 0c000100 01000000 02000000
  0c000100 03000000 04000000 10000400 0c000100 05000000 06000000 0c000200
  02000000 03000000
`)

t.test('iproute2 6.1 vlan request: flags struct, QOS nests, 802.1ad', async (t) => {
  const value: VlanAttrs = {
    id: 100,
    protocol: ETH_P_8021AD,
    egressQos: { mapping: [{ from: 1, to: 2 }, { from: 3, to: 4 }] },
    ingressQos: { mapping: [{ from: 5, to: 6 }] },
    // reorder_hdr off, gvrp on: both bits in the mask, only GVRP set
    flags: { flags: VLAN_FLAG_GVRP, mask: VLAN_FLAG_REORDER_HDR | VLAN_FLAG_GVRP },
  }
  const v = decodeSet<VlanAttrs>(vlanAttrs, VLAN_CREATE)
  t.strictSame(v, value)
  t.equal(encodeSet(vlanAttrs, v), toHex(VLAN_CREATE))
  t.equal(encodeSet(vlanAttrs, value), toHex(VLAN_CREATE), 'built by hand')
})

// Hand-built in vlan_fill_info's order: PROTOCOL, ID, FLAGS (mask ~0), INGRESS_QOS, EGRESS_QOS
// (each nest only when it has mappings, written with nla_nest_start_noflag).
const VLAN_REPLY_SHAPED = hex(`
  06000500 81000000 06000100 05000000 0c000200 01000000 ffffffff 10000400
  0c000100 00000000 07000000 10000300 0c000100 02000000 05000000
`)

t.test('hand-built reply-shaped vlan data', async (t) => {
  const value: VlanAttrs = {
    protocol: ETH_P_8021Q,
    id: 5,
    flags: { flags: VLAN_FLAG_REORDER_HDR, mask: 0xffffffff },
    ingressQos: { mapping: [{ from: 0, to: 7 }] },
    egressQos: { mapping: [{ from: 2, to: 5 }] },
  }
  t.strictSame(decodeSet(vlanAttrs, VLAN_REPLY_SHAPED), value)
  t.equal(encodeSet(vlanAttrs, value), toHex(VLAN_REPLY_SHAPED))
})
