import t from 'tap'
import { type ValueCodec, defineAttrs } from '../../codecs/core/attrs.js'
import { fromHex, toHex } from '../../codecs/core/bytes.js'
import { NetlinkDecodeError } from '../../codecs/core/errors.js'
import { NLM_F_ACK, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTM_NEWLINK } from '../../codecs/rtnetlink.js'
import { type LinkMessage, link } from '../../codecs/link/link.js'
import { infoDataByKind, infoSlaveDataByKind, registerLinkKind, registerSlaveKind } from '../../codecs/link/linkinfo.js'
import { protinfoByFamily, registerProtinfo } from '../../codecs/link/protinfo.js'
import * as cap from './data/link-captures.js'

// The kind and family registries: tables registered later (the bridge and bridge port files do so
// at merge time) change how IFLA_INFO_DATA, IFLA_INFO_SLAVE_DATA and IFLA_PROTINFO decode. This file
// registers small stand-ins with the first few real IFLA_BR_* / IFLA_BRPORT_* numbers
// (linux/if_link.h); everything else in those nests lands in `unknown` and re-encodes exactly.

const hex = (s: string) => fromHex(s)!
const AF_BRIDGE = 7
const IFI0 = { ifiFamily: 0, ifiType: 0, ifiIndex: 0, ifiFlags: 0, ifiChange: 0 }

const bridgeSubset = defineAttrs('linkinfo-bridge-attrs', 'IFLA_BR_', [
  [1, 'IFLA_BR_FORWARD_DELAY', 'u32'],
  [2, 'IFLA_BR_HELLO_TIME', 'u32'],
  [3, 'IFLA_BR_MAX_AGE', 'u32'],
  [4, 'IFLA_BR_AGEING_TIME', 'u32'],
  [5, 'IFLA_BR_STP_STATE', 'u32'],
  [6, 'IFLA_BR_PRIORITY', 'u16'],
])
const brportSubset = defineAttrs('linkinfo-brport-attrs', 'IFLA_BRPORT_', [
  [1, 'IFLA_BRPORT_STATE', 'u8'],
  [2, 'IFLA_BRPORT_PRIORITY', 'u16'],
  [3, 'IFLA_BRPORT_COST', 'u32'],
])

t.test('the link module registers no table itself: codecs/families.ts does (here, the test helper stands in for it)', async (t) => {
  t.notOk(infoDataByKind.has('veth'), 'link.ts alone: no kind')
  t.notOk(protinfoByFamily.has(10), 'link.ts alone: no protinfo family')
  await import('../helpers/bare-link.js')
  t.ok(infoDataByKind.has('veth'))
  t.notOk(infoDataByKind.has('bridge'))
  t.notOk(infoSlaveDataByKind.has('bridge'))
  t.ok(protinfoByFamily.has(10))
  t.notOk(protinfoByFamily.has(AF_BRIDGE))
})

t.test('registering bridge tables', async (t) => {
  // Decoded before registration: raw bytes.
  const before = link.decode(hex(cap.BRIDGE_NEW_NOTIFICATION))
  t.type(before.body.linkinfo!.data, Uint8Array)

  registerLinkKind('bridge', bridgeSubset)
  registerSlaveKind('bridge', brportSubset)
  registerProtinfo(AF_BRIDGE, brportSubset)

  const b = hex(cap.BRIDGE_NEW_NOTIFICATION)
  const m = link.decode(b)
  const data = m.body.linkinfo!.data as Record<string, unknown>
  t.match(data, { forwardDelay: 1500, helloTime: 200, maxAge: 2000, ageingTime: 30000, stpState: 0, priority: 0x8000 })
  t.ok((data.unknown as unknown[]).length > 30, 'the IFLA_BR_* this stand-in does not know stay raw')
  t.equal(toHex(link.encode(m)), toHex(b), 're-encodes exactly')
  t.equal(toHex(link.encode(before)), toHex(b), 'a value decoded before registration still encodes')

  // The port: IFLA_INFO_SLAVE_DATA (slave kind 'bridge') and the AF_BRIDGE IFLA_PROTINFO hold the same settings.
  const portBytes = hex(cap.VETH_PORT_NOTIFICATION)
  const port = link.decode(portBytes)
  t.match(port.body.linkinfo, { kind: 'veth', slaveKind: 'bridge', slaveData: { state: 0, priority: 32, cost: 2 } })
  t.equal(toHex(link.encode(port)), toHex(portBytes))
  const afBytes = hex(cap.BRIDGE_PORT_NOTIFICATION)
  const af = link.decode(afBytes)
  t.match(af.body.protinfo, { state: 0, priority: 32, cost: 2 })
  t.equal(toHex(link.encode(af)), toHex(afBytes), 'NLA_F_NESTED on IFLA_PROTINFO kept')

  // iproute2's `type bridge_slave cost 5`: kind 'bridge_slave' selects the bridge port table.
  const costBytes = hex(cap.BRIDGE_SLAVE_COST_REQUEST)
  const cost = link.decode(costBytes)
  const expected: LinkMessage = {
    type: RTM_NEWLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    seq: 0x6b09d6d4,
    pid: 0,
    body: { ...IFI0, ifiIndex: 4, linkinfo: { kind: 'bridge_slave', slaveData: { cost: 5 } } },
  }
  t.strictSame(cost, expected)
  t.equal(toHex(link.encode(expected)), toHex(costBytes), 'built by hand: iproute2 bytes')
})

t.test('a registered table reports malformed data with its own names', async (t) => {
  // IFLA_LINKINFO { IFLA_INFO_KIND "bridge", IFLA_INFO_DATA { IFLA_BR_STP_STATE of 2 bytes } } in a notification.
  const body = '00'.repeat(16) + '1c001200' + '0b000100' + '62726964676500' + '00' + '0c000200' + '06000500' + '01000000'
  const b = hex('3c000000' + '10000000' + '00000000' + '00000000' + body)
  const e = (() => {
    try {
      link.decode(b)
    } catch (err) {
      return err
    }
  })()
  t.type(e, NetlinkDecodeError)
  t.equal((e as Error).message, 'IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_BR_STP_STATE: expected 4 bytes, got 2 at offset 52')
})

t.test('a kind may register a hand-written codec', async (t) => {
  const reversed: ValueCodec<string> = {
    decode: (d, start, end) => Array.from(d.buf.subarray(start, end), (c) => String.fromCharCode(c)).reverse().join(''),
    encode: (w, v) => w.bytes(new TextEncoder().encode([...v].reverse().join(''))),
  }
  registerLinkKind('nlw-test', reversed)
  const m: LinkMessage = { type: RTM_NEWLINK, flags: 0, seq: 0, pid: 0, body: { ...IFI0, linkinfo: { kind: 'nlw-test', data: 'olleh' as never } } }
  const b = link.encode(m)
  t.equal(toHex(b.subarray(b.length - 8)), toHex(new TextEncoder().encode('hello')) + '000000', 'written by the codec')
  t.strictSame(link.decode(b), m)
})
