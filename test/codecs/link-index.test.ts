import t from 'tap'
import {
  type ErrorMessage,
  type LinkBody,
  type LinkMessage,
  NLMSG_DONE,
  NLMSG_ERROR,
  RTM_NEWLINK,
  RTM_NEWLINKPROP,
  decode,
  encode,
  fromHex,
  link,
  toHex,
} from '../../codecs/index.js'
import * as cap from './data/link-captures.js'

// Through the package entry point (`nlwire/codecs`): decode() dispatches RTM_*LINK and
// RTM_*LINKPROP to the link codec, also inside errors that echo a request.

const hex = (s: string) => fromHex(s)!

t.test('decode() reads link messages registered by codecs/index.ts', async (t) => {
  const b = hex(cap.VETH_ADD_REQUEST)
  const [m, ...rest] = decode(b)
  t.equal(rest.length, 0)
  t.strictSame(m, link.decode(b))
  t.equal(toHex(encode(m!)), toHex(b))
  const [p] = decode(hex(cap.ALTNAME_ADD_REQUEST))
  t.equal(p!.type, RTM_NEWLINKPROP)
  t.strictSame((p!.body as LinkBody).propList, { altIfname: ['nlw-alt-name0'] })
})

t.test('kernel: AF_INET6 link dump (ip token list): IFLA_PROTINFO holds IFLA_INET6_*', async (t) => {
  const b = hex(cap.TOKEN_LIST_REPLY)
  const msgs = decode(b)
  t.strictSame(
    msgs.map((m) => m.type),
    [RTM_NEWLINK, RTM_NEWLINK, RTM_NEWLINK, NLMSG_DONE],
  )
  const links = msgs.slice(0, 3) as LinkMessage[]
  t.strictSame(
    links.map((m) => [m.body.ifiFamily, m.body.ifiIndex, m.body.ifname]),
    [
      [10, 1, 'lo'],
      [10, 2, 'veth1'],
      [10, 3, 'veth0'],
    ],
  )
  const veth0 = links[2]!.body.protinfo as Record<string, unknown>
  t.equal(veth0.token, '::1a:2b', 'the token set by TOKEN_SET_REQUEST')
  t.equal(veth0.addrGenMode, 0)
  t.match(veth0.conf, { hoplimit: 64, mtu6: 1500, acceptDad: 1, forceForwarding: 0 })
  t.match((links[0]!.body.protinfo as Record<string, unknown>).conf, { mtu6: 65536, acceptDad: -1 })
  t.equal(toHex(encode(msgs)), toHex(b), 'the whole recvmsg buffer re-encodes')
})

t.test('kernel: S9 — a bridge cannot change namespace (error echoing the link request)', async (t) => {
  const b = hex(cap.BRIDGE_NETNS_ERROR)
  const [m] = decode(b) as ErrorMessage[]
  t.equal(m!.type, NLMSG_ERROR)
  t.equal(m!.body.error, -22, 'EINVAL')
  t.equal(m!.body.msg, 'The interface netns is immutable')
  t.strictSame(m!.body.request.body, { ifiFamily: 0, ifiType: 0, ifiIndex: 3, ifiFlags: 0, ifiChange: 0, netNsFd: 4 })
  t.equal(toHex(encode(m!)), toHex(b))
  // The echoed request is iproute2's own.
  t.equal(toHex(b.subarray(20, 60)), toHex(hex(cap.BRIDGE_NETNS_REQUEST)))
})
