// IFLA_TUN_* against real bytes: kernel 6.18.44's replies to iproute2 6.1.0's
// `ip -d -j link show`, captured in a scratch network namespace with
//   strace -f -x -s 65535 -e trace=sendmsg,recvmsg -e write=all -e read=all <command>
// tun devices are made with ioctls on /dev/net/tun (`ip tuntap add` sends no netlink request and
// the kernel refuses RTM_NEWLINK for kind "tun"), so there is no create request to compare: the
// hand-built values are checked against the kernel's reply, attribute order included.
import t from 'tap'
import { IFF_TAP, IFF_TUN, type TunAttrs, tunAttrs } from '../../../codecs/link/tun.js'
import { decodeSet, encodeSet, hex, ipTunJson, toHex } from './helpers.js'

// ip tuntap add mode tap name tap0
const TAP_REPLY = hex('05000300 02000000 05000400 00000000 05000500 00000000 05000600 01000000 05000700 00000000')
const TAP_JSON = { type: 'tap', pi: false, vnet_hdr: false, multi_queue: false, persist: true }

// ip tuntap add mode tun name tun1 user 1000 group 1001 multi_queue
const TUN_REPLY = hex(`
  05000300 01000000 08000100 e8030000 08000200 e9030000 05000400 00000000
  05000500 00000000 05000600 01000000 05000700 01000000 08000800 00000000
  08000900 00000000
`)
// iproute2 printed the name of uid 1000 on the capture machine.
const TUN_JSON = { type: 'tun', pi: false, vnet_hdr: false, multi_queue: true, numqueues: 0, numdisabled: 0, persist: true, user: 'cloudsdk', group: 1001 }

t.test('tap device: kernel reply', async (t) => {
  const v = decodeSet<TunAttrs>(tunAttrs, TAP_REPLY)
  const expected: TunAttrs = { type: IFF_TAP, pi: 0, vnetHdr: 0, persist: 1, multiQueue: 0 }
  t.strictSame(v, expected)
  t.strictSame(ipTunJson(v), TAP_JSON, 'what ip -d -j link show printed')
  t.equal(encodeSet(tunAttrs, v), toHex(TAP_REPLY))
  t.equal(encodeSet(tunAttrs, expected), toHex(TAP_REPLY), 'built by hand in the kernel order')
})

t.test('multi-queue tun with owner and group: kernel reply', async (t) => {
  const v = decodeSet<TunAttrs>(tunAttrs, TUN_REPLY)
  const expected: TunAttrs = {
    type: IFF_TUN,
    owner: 1000,
    group: 1001,
    pi: 0,
    vnetHdr: 0,
    persist: 1,
    multiQueue: 1,
    numQueues: 0,
    numDisabledQueues: 0,
  }
  t.strictSame(v, expected)
  t.strictSame(ipTunJson(v, 'cloudsdk'), TUN_JSON, 'what ip -d -j link show printed')
  t.equal(encodeSet(tunAttrs, v), toHex(TUN_REPLY))
  t.equal(encodeSet(tunAttrs, expected), toHex(TUN_REPLY), 'built by hand in the kernel order')
})
