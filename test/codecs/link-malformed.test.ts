import t, { type Test } from 'tap'
import { fromHex, toHex } from '../../codecs/core/bytes.js'
import { NetlinkDecodeError } from '../../codecs/core/errors.js'
import { link } from '../../codecs/link/link.js'
import * as cap from './data/link-captures.js'
import '../helpers/bare-link.js'

// Malformed link messages: every failure is a NetlinkDecodeError naming the attribute path (kernel
// names, outermost first) and the absolute byte offset of the problem.

const hex = (s: string) => fromHex(s)!
const u16 = (v: number) => toHex(new Uint8Array([v & 0xff, v >> 8]))

function nla(type: number, payloadHex: string, len = 4 + payloadHex.length / 2): string {
  const pad = '00'.repeat((4 - ((4 + payloadHex.length / 2) & 3)) & 3)
  return u16(len) + u16(type) + payloadHex + pad
}

/** nlmsghdr (type, flags, seq 0, pid 0) + body. */
function msg(type: number, flags: number, bodyHex: string): Uint8Array {
  const len = 16 + bodyHex.length / 2
  const h = toHex(new Uint8Array(new Uint32Array([len]).buffer)) + u16(type) + u16(flags) + '00000000' + '00000000'
  return hex(h + bodyHex)
}

const IFI = '00000000' + '00000000' + '00000000' + '00000000' // ifinfomsg, family AF_UNSPEC
const IFI_BRIDGE = '07000000' + '00000000' + '00000000' + '00000000'
const IFI_INET6 = '0a000000' + '00000000' + '00000000' + '00000000'
const NEWLINK = 16
const SETLINK = 19
const REQ = 1
const text = (s: string) => toHex(new TextEncoder().encode(s))

function expectError(t: Test, name: string, bytes: Uint8Array, path: string[], offset: number, reason: RegExp): void {
  try {
    link.decode(bytes)
    t.fail(`${name}: decoded without error`)
  } catch (e) {
    if (!(e instanceof NetlinkDecodeError)) {
      t.fail(`${name}: threw ${String(e)}`)
      return
    }
    t.strictSame(e.path, path, `${name}: path`)
    t.equal(e.offset, offset, `${name}: offset`)
    t.match(e.reason, reason, `${name}: reason`)
    t.equal(e.message, `${path.length ? path.join(' > ') + ': ' : ''}${e.reason} at offset ${offset}`, `${name}: message`)
  }
}

t.test('malformed link messages', async (t) => {
  // iproute2's veth request with the peer's IFLA_IFNAME length raised from 11 to 15: it now runs
  // 3 bytes past VETH_INFO_PEER (which ends with the message, at 92).
  const veth = hex(cap.VETH_ADD_REQUEST)
  veth[80] = 15
  expectError(t, 'peer attribute overrun', veth, ['IFLA_LINKINFO', 'IFLA_INFO_DATA', 'VETH_INFO_PEER', 'IFLA_IFNAME'], 80, /^attribute length 15 overruns its parent by 3 bytes$/)

  // A notification whose veth peer holds 8 bytes: too short for its ifinfomsg.
  const shortPeer = msg(NEWLINK, 0, IFI + nla(18, nla(1, text('veth') + '00') + nla(2, nla(1, '0000000000000000'))))
  expectError(t, 'peer without a whole ifinfomsg', shortPeer, ['IFLA_LINKINFO', 'IFLA_INFO_DATA', 'VETH_INFO_PEER'], 56, /^ifinfomsg: expected 16 bytes, got 8$/)

  expectError(t, 'short u32', msg(NEWLINK, 0, IFI + nla(4, 'dc05')), ['IFLA_MTU'], 32, /^expected 4 bytes, got 2$/)

  expectError(t, 'truncated ifinfomsg', msg(NEWLINK, 0, '0000000000000000'), [], 16, /^ifinfomsg: expected 16 bytes, got 8$/)

  // IFLA_AF_SPEC > AF_INET > IFLA_INET_CONF of 7 bytes in a notification (the array form).
  const conf7 = msg(NEWLINK, 0, IFI + nla(26, nla(2, nla(1, '01000000000000'))))
  expectError(t, 'devconf array of 7 bytes', conf7, ['IFLA_AF_SPEC', 'AF_INET', 'IFLA_INET_CONF'], 44, /^7 bytes is not a whole number of 32-bit values$/)

  // The same attribute in a request is a nest: a 2-byte IPV4_DEVCONF_RP_FILTER inside it.
  const confReq = msg(SETLINK, REQ, IFI + nla(26, nla(2, nla(1, nla(8, '0000')))))
  expectError(t, 'short value in a devconf nest', confReq, ['IFLA_AF_SPEC', 'AF_INET', 'IFLA_INET_CONF', 'IPV4_DEVCONF_RP_FILTER'], 44, /^expected 4 bytes, got 2$/)

  const stats = msg(NEWLINK, 0, IFI + nla(23, '010000000000000002000000'))
  expectError(t, 'stats64 ending inside a counter', stats, ['IFLA_STATS64'], 36, /^rtnl_link_stats64: 12 bytes end inside field txPackets$/)

  const map = msg(NEWLINK, 0, IFI + nla(14, '00'.repeat(24)))
  expectError(t, 'ifmap without its padding', map, ['IFLA_MAP'], 36, /^rtnl_link_ifmap: expected 32 bytes, got 24$/)

  const horizon = msg(NEWLINK, 0, IFI + nla(66, '0100'))
  expectError(t, 'uint of 2 bytes', horizon, ['IFLA_MAX_PACING_OFFLOAD_HORIZON'], 32, /^expected 4 or 8 bytes, got 2$/)

  // IFLA_LINKINFO whose kind attribute claims more than the nest holds: the kind scan stops, the
  // attribute decoder reports it.
  const kind = msg(NEWLINK, 0, IFI + nla(18, nla(1, text('veth') + '00', 40)))
  expectError(t, 'kind overrun', kind, ['IFLA_LINKINFO', 'IFLA_INFO_KIND'], 36, /^attribute length 40 overruns its parent by 28 bytes$/)

  const tail = msg(NEWLINK, 0, IFI + nla(18, nla(1, text('veth') + '00') + '0400'))
  expectError(t, 'truncated attribute header in linkinfo', tail, ['IFLA_LINKINFO'], 48, /^truncated attribute header: 2 bytes left$/)

  // AF_BRIDGE: IFLA_AF_SPEC holds IFLA_BRIDGE_*; a 3-byte struct bridge_vlan_info.
  const vlan = msg(SETLINK, REQ, IFI_BRIDGE + nla(26, nla(2, '060a00')))
  expectError(t, 'short bridge_vlan_info', vlan, ['IFLA_AF_SPEC', 'IFLA_BRIDGE_VLAN_INFO'], 40, /^bridge_vlan_info: expected 4 bytes, got 3$/)

  // AF_INET6: IFLA_PROTINFO holds IFLA_INET6_*; a cacheinfo ending inside a field.
  const cache = msg(NEWLINK, 0, IFI_INET6 + nla(12, nla(5, 'ffff0000' + '0100')))
  expectError(t, 'cacheinfo cut inside a field', cache, ['IFLA_PROTINFO', 'IFLA_INET6_CACHEINFO'], 40, /^ifla_cacheinfo: 6 bytes end inside field tstamp$/)

  const alt = msg(NEWLINK, REQ, IFI + nla(52, nla(53, text('abc') + '00', 30)))
  expectError(t, 'altname overrun', alt, ['IFLA_PROP_LIST', 'IFLA_ALT_IFNAME'], 36, /^attribute length 30 overruns its parent by 22 bytes$/)

  // The kernel's 1496-byte veth notification, cut to 1000 bytes with nlmsg_len to match:
  // IFLA_AF_SPEC (at 636, 816 bytes) no longer fits.
  const cut = hex(cap.VETH_MTU_NOTIFICATION).slice(0, 1000)
  new DataView(cut.buffer, cut.byteOffset).setUint32(0, 1000, true)
  expectError(t, 'real notification cut short', cut, ['IFLA_AF_SPEC'], 636, /^attribute length 816 overruns its parent by 452 bytes$/)

  // The same bytes with nlmsg_len left at 1496: framing says so before any attribute is read.
  const short = hex(cap.VETH_MTU_NOTIFICATION).slice(0, 1000)
  expectError(t, 'buffer shorter than nlmsg_len', short, [], 0, /^nlmsg_len 1496 runs 496 bytes past the end of the input$/)
})
