// Live check against the running kernel (root only): devices of each kind are created in a
// scratch network namespace, `ip -d -j link show DEV` runs under strace, and the INFO_DATA /
// INFO_SLAVE_DATA / IFLA_PROTINFO of the reply iproute2 printed is decoded and compared with the
// JSON the same process printed, then re-encoded byte for byte. No socket of our own: strace's
// hex dump of recvmsg is the capture. The namespace is deleted in t.teardown, also on failure.
import { spawnSync } from 'node:child_process'
import t from 'tap'
import { needsProgram } from '../../helpers/programs.js'
import type { AttrSet } from '../../../codecs/core/attrs.js'
import { type BridgePortAttrs, bridgePortAttrs } from '../../../codecs/link/bridge-port.js'
import { type BridgeAttrs, bridgeAttrs } from '../../../codecs/link/bridge.js'
import { type MacvlanAttrs, macvlanAttrs } from '../../../codecs/link/macvlan.js'
import { type TunAttrs, tunAttrs } from '../../../codecs/link/tun.js'
import { type VxlanAttrs, vxlanAttrs } from '../../../codecs/link/vxlan.js'
import {
  bridgeLinkJson,
  decodeSet,
  encodeSet,
  ipBridgeJson,
  ipBridgeSlaveJson,
  ipMacvlanJson,
  ipTunJson,
  ipVxlanJson,
  toHex,
} from './helpers.js'
import { walkAttrs, walkMessages } from '../../helpers/tlv.js'

const TIMEOUT = 20_000
const RTM_NEWLINK = 16
const IFLA_IFNAME = 3
const IFLA_PROTINFO = 12
const IFLA_LINKINFO = 18
const IFLA_INFO_DATA = 2
const IFLA_INFO_SLAVE_DATA = 5

function skipReason(): string | false {
  if (process.getuid?.() !== 0) return 'needs root (CAP_NET_ADMIN) to create devices in a scratch namespace'
  // strace captures the replies.
  return needsProgram('strace')
}

interface Run {
  status: number | null
  stdout: string
  stderr: string
}

function run(cmd: string, args: string[]): Run {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: TIMEOUT })
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.stderr ?? '' }
}

/** One RTM_NEWLINK the command received: interface name, ifi_family and the payloads we test. */
interface Newlink {
  name: string
  family: number
  data?: Uint8Array
  slaveData?: Uint8Array
  protinfo?: Uint8Array
}

function attrs(b: Uint8Array, start: number, end: number): [number, Uint8Array][] {
  return walkAttrs(b, start, end).map((a) => [a.type, a.payload])
}

/** Run `cmd` in the namespace under strace; the received RTM_NEWLINKs and the command's stdout. */
function capture(ns: string, cmd: string[]): { stdout: string; newlinks: Newlink[] } {
  const r = run('ip', ['netns', 'exec', ns, 'strace', '-f', '-x', '-s', '65535', '-e', 'trace=recvmsg', '-e', 'read=all', ...cmd])
  if (r.status !== 0) throw new Error(`${cmd.join(' ')}: ${r.stderr}`)
  const buffers: number[][] = []
  let current: number[] | undefined
  let peek = false
  for (const line of r.stderr.split('\n')) {
    if (line.startsWith('recvmsg(')) peek = line.includes('MSG_PEEK')
    if (/^ \* \d+ bytes in buffer/.test(line)) {
      current = []
      if (!peek) buffers.push(current)
      continue
    }
    const m = /^ \| [0-9a-f]{5} {2}((?:[0-9a-f]{2} {1,2})+)/.exec(line)
    if (m && current) for (const h of m[1]!.trim().split(/ +/)) current.push(parseInt(h, 16))
  }
  const newlinks: Newlink[] = []
  for (const buf of buffers) {
    const b = Uint8Array.from(buf)
    for (const { offset: o, len, type } of walkMessages(b).messages) {
      if (type === RTM_NEWLINK) {
        const nl: Newlink = { name: '', family: b[o + 16]! }
        for (const [type, payload] of attrs(b, o + 32, o + len)) {
          if (type === IFLA_IFNAME) nl.name = new TextDecoder().decode(payload).replace(/\0+$/, '')
          if (type === IFLA_PROTINFO) nl.protinfo = payload.slice()
          if (type === IFLA_LINKINFO) {
            for (const [t2, p2] of attrs(payload, 0, payload.length)) {
              if (t2 === IFLA_INFO_DATA) nl.data = p2.slice()
              if (t2 === IFLA_INFO_SLAVE_DATA) nl.slaveData = p2.slice()
            }
          }
        }
        newlinks.push(nl)
      }
    }
  }
  return { stdout: r.stdout, newlinks }
}

/** The reply iproute2 printed: the last RTM_NEWLINK for the device in that family. */
function replyFor(newlinks: Newlink[], name: string, family = 0): Newlink {
  const found = newlinks.filter((n) => n.name === name && n.family === family)
  if (found.length === 0) throw new Error(`no RTM_NEWLINK for ${name} (family ${family})`)
  return found[found.length - 1]!
}

/** The test object tap hands to a subtest callback. */
type TapTest = Parameters<Parameters<typeof t.test>[0]>[0]

function check<T extends object>(
  t: TapTest,
  set: AttrSet,
  bytes: Uint8Array | undefined,
  toJson: (v: T) => Record<string, unknown>,
  printed: unknown,
): void {
  if (bytes === undefined) {
    t.fail('no payload in the reply')
    return
  }
  const v = decodeSet<T>(set, bytes)
  t.strictSame(toJson(v), printed, 'decoded value matches what iproute2 printed')
  t.equal(encodeSet(set, v), toHex(bytes), 're-encodes byte for byte')
}

t.test('kernel replies decode to what ip -d -j link show prints', { skip: skipReason() }, async (t) => {
  const ns = `nlwlk${process.pid}`
  const made = run('ip', ['netns', 'add', ns])
  if (made.status !== 0) throw new Error(`ip netns add ${ns}: ${made.stderr}`)
  t.teardown(() => {
    run('ip', ['netns', 'del', ns])
  })
  const ip = (...args: string[]) => run('ip', ['netns', 'exec', ns, 'ip', ...args])
  const must = (r: Run, what: string) => {
    if (r.status !== 0) throw new Error(`${what}: ${r.stderr}`)
  }
  const unsupported = (r: Run) => /Unknown device type|Operation not supported|not supported/i.test(r.stderr)

  must(ip('link', 'add', 'vb0', 'address', '02:00:00:00:00:01', 'type', 'veth', 'peer', 'name', 'vb1', 'address', '02:00:00:00:00:02'), 'veth')

  t.test('bridge and its port', async (t) => {
    must(ip('link', 'add', 'br0', 'type', 'bridge', 'stp_state', '0', 'hello_time', '300'), 'bridge')
    must(ip('link', 'set', 'vb0', 'master', 'br0'), 'enslave')
    const br = capture(ns, ['ip', '-d', '-j', 'link', 'show', 'br0'])
    check<BridgeAttrs>(t, bridgeAttrs, replyFor(br.newlinks, 'br0').data, ipBridgeJson, JSON.parse(br.stdout)[0].linkinfo.info_data)
    const port = capture(ns, ['ip', '-d', '-j', 'link', 'show', 'vb0'])
    check<BridgePortAttrs>(t, bridgePortAttrs, replyFor(port.newlinks, 'vb0').slaveData, ipBridgeSlaveJson, JSON.parse(port.stdout)[0].linkinfo.info_slave_data)
    const AF_BRIDGE = 7
    const bl = capture(ns, ['bridge', '-d', '-j', 'link', 'show', 'dev', 'vb0'])
    const printed = JSON.parse(bl.stdout)[0] as Record<string, unknown>
    for (const k of ['ifindex', 'link', 'ifname', 'flags', 'mtu', 'master']) delete printed[k]
    check<BridgePortAttrs>(t, bridgePortAttrs, replyFor(bl.newlinks, 'vb0', AF_BRIDGE).protinfo, bridgeLinkJson, printed)
  })

  const vx = ip('link', 'add', 'vx0', 'type', 'vxlan', 'id', '42', 'dstport', '4789', 'local', '10.0.0.1', 'ttl', '64')
  t.test('vxlan', { skip: unsupported(vx) && `vxlan: ${vx.stderr.trim()}` }, async (t) => {
    must(vx, 'vxlan')
    const c = capture(ns, ['ip', '-d', '-j', 'link', 'show', 'vx0'])
    check<VxlanAttrs>(t, vxlanAttrs, replyFor(c.newlinks, 'vx0').data, ipVxlanJson, JSON.parse(c.stdout)[0].linkinfo.info_data)
  })

  for (const kind of ['macvlan', 'macvtap']) {
    const dev = `${kind.slice(0, 5)}0`
    const r = ip('link', 'add', dev, 'link', 'vb1', 'type', kind, 'mode', 'bridge')
    t.test(kind, { skip: unsupported(r) && `${kind}: ${r.stderr.trim()}` }, async (t) => {
      must(r, kind)
      const c = capture(ns, ['ip', '-d', '-j', 'link', 'show', dev])
      check<MacvlanAttrs>(t, macvlanAttrs, replyFor(c.newlinks, dev).data, ipMacvlanJson, JSON.parse(c.stdout)[0].linkinfo.info_data)
    })
  }

  const tap = ip('tuntap', 'add', 'mode', 'tap', 'name', 'tap0')
  const noTun = tap.status !== 0 && /No such file|not supported/i.test(tap.stderr)
  t.test('tap', { skip: noTun && `tun: ${tap.stderr.trim()}` }, async (t) => {
    must(tap, 'tuntap')
    const c = capture(ns, ['ip', '-d', '-j', 'link', 'show', 'tap0'])
    check<TunAttrs>(t, tunAttrs, replyFor(c.newlinks, 'tap0').data, (v) => ipTunJson(v), JSON.parse(c.stdout)[0].linkinfo.info_data)
  })
})
