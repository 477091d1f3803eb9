// The kernel's own words (NETLINK_EXT_ACK) in nlwire's errors, against the real kernel: for each
// refusal, the kernel's text, the attribute its offset points at and the policy it names, after
// nlwire's sentence where nlwire has one. On the fallback path (no koffi, no socket option) the
// kernel says nothing, and the same refusals carry nlwire's sentences alone.
import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import t from 'tap'
import { NLM_F_ACK, NLM_F_REQUEST } from '../codecs/core/nlmsg.js'
import { RTM_NEWLINK } from '../codecs/rtnetlink.js'
import { open, type Netlink } from '../src/api/netlink.js'
import { NetlinkError } from '../src/errors.js'
import { netns } from '../src/netns.js'
import { needsRoot, scratchNetns } from './helpers/scratch.js'

const EXT_ACK = netns.mechanism().mechanism === 'setns'
/** A second scratch namespace, set by the test. */
let other = ''
const ifi = { ifiFamily: 0, ifiType: 0, ifiIndex: 1, ifiFlags: 0, ifiChange: 0 }

interface Case {
  what: string
  run: (nl: Netlink) => Promise<unknown>
  code: string
  /** The kernel's NLMSGERR_ATTR_MSG. */
  kernel?: string
  /** The attribute its offset points at. */
  attr?: string[]
  /** The policy, in words. */
  policy?: string
  /** nlwire's own sentence (both paths), when it has one. */
  own?: string | RegExp
}

const cases: Case[] = [
  { what: 'a kind without its module', run: (nl) => nl.link.add({ name: 'd0', kind: 'dummy' } as never), code: 'EOPNOTSUPP', kernel: 'Unknown device type', own: /this kernel does not know link kind 'dummy'/ },
  { what: 'moving lo', run: (nl) => nl.link.set('lo', { netns: other }), code: 'EINVAL', kernel: 'The interface netns is immutable', own: /lo cannot change network namespace: it is netns-local/ },
  { what: 'mtu above the maximum', run: (nl) => nl.link.set('v0', { mtu: 70000 }), code: 'EINVAL', kernel: 'mtu greater than device maximum', own: "mtu 70000 is outside v0's range 68..65535" },
  { what: 'mtu below the minimum', run: (nl) => nl.link.set('v0', { mtu: 10 }), code: 'EINVAL', kernel: 'mtu less than device minimum', own: "mtu 10 is outside v0's range 68..65535" },
  { what: 'a nexthop on a device without carrier', run: (nl) => nl.nexthop.add({ id: 1, via: '10.9.0.2', dev: 'v0' }), code: 'ENETDOWN', kernel: 'Carrier for nexthop device is down' },
  { what: 'a route to a missing nexthop id', run: (nl) => nl.route.add({ dst: '10.50.0.0/16', nhid: 999 }), code: 'EINVAL', kernel: 'Nexthop id does not exist' },
  { what: 'a route with host bits set', run: (nl) => nl.route.add({ dst: '10.60.0.1/16', dev: 'v0' }), code: 'EINVAL', kernel: 'Invalid prefix for given prefix length' },
  { what: 'an FDB entry on lo', run: (nl) => nl.fdb.add({ dev: 'lo', lladdr: '02:00:00:00:00:01' }), code: 'EINVAL', kernel: 'FDB add only supported for Ethernet devices' },
  { what: 'a group of a missing nexthop', run: (nl) => nl.nexthop.add({ id: 10, group: [{ id: 77 }] }), code: 'EINVAL', kernel: 'Invalid nexthop id' },
  { what: 'a nexthop on an unknown ifindex', run: (nl) => nl.nexthop.add({ id: 2, via: '10.9.0.2', dev: 9999 }), code: 'EINVAL', kernel: 'Invalid device index' },
  { what: 'a backward goto', run: (nl) => nl.rule.add({ priority: 100, goto: 50 }), code: 'EINVAL', kernel: 'Backward goto not supported', own: 'goto 50 must name a later rule (a priority above this rule\'s own)' },
  { what: 'a gateway on no network', run: (nl) => nl.route.add({ dst: '10.62.0.0/16', via: '10.99.9.9' }), code: 'ENETUNREACH', kernel: 'Nexthop has invalid gateway', own: /gateway 10\.99\.9\.9 is not on any network/ },
  { what: 'a bridge in a bridge', run: (nl) => nl.link.set('br0', { master: 'br0' }), code: 'ELOOP', kernel: 'Can not enslave a bridge to a bridge', own: 'enslaving br0 to br0 would make a loop' },
  {
    what: 'an integer below its policy minimum',
    run: (nl) => nl.client.request({ type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: { ...ifi, gsoMaxSize: 1 } } as never, { operation: 'link.set', object: 'lo' }),
    code: 'ERANGE',
    kernel: 'integer out of range',
    attr: ['IFLA_GSO_MAX_SIZE'],
    policy: "the kernel's policy: u32, 193..4294967295",
  },
  {
    what: 'a string longer than its policy allows',
    run: (nl) => nl.client.request({ type: RTM_NEWLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: { ...ifi, ifname: 'x'.repeat(20) } } as never, { operation: 'link.set', object: 'lo' }),
    code: 'ERANGE',
    kernel: 'Attribute failed policy validation',
    attr: ['IFLA_IFNAME'],
    policy: "the kernel's policy: string, at most 15 bytes",
  },
  { what: 'an unknown ifindex (the kernel says nothing)', run: (nl) => nl.link.set(9999, { up: true }), code: 'ENODEV', own: 'there is no network device 9999' },
  {
    what: 'deleting link group 0 as root (EPERM that is not about privileges)',
    run: (nl) => nl.link.del({ group: 0 }),
    code: 'EPERM',
    own: 'group 0 is the default group every link is in, and the kernel never deletes it as a whole (delete the links by name, or move them to another group first)',
  },
]

t.test(`refusals against the real kernel (${EXT_ACK ? 'extended ack on' : 'fallback path: no extended ack'})`, { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'kmsg')
  other = scratchNetns(t, 'kmsg2')
  const nl = await open({ netns: ns })
  t.teardown(() => nl.close())
  await nl.link.add({ name: 'v0', kind: 'veth', peer: { name: 'v1' } })
  await nl.link.set('v0', { up: true })
  await nl.addr.add('v0', '10.9.0.1/24')
  await nl.link.add({ name: 'br0', kind: 'bridge', bridge: { stpState: 0 } })
  const kernelTexts = new Set<string>()
  const messages = new Set<string>()
  for (const c of cases) {
    const e = await c.run(nl).then(
      () => undefined,
      (x: unknown) => x,
    )
    t.type(e, NetlinkError, c.what)
    const err = e as NetlinkError
    messages.add(err.message)
    t.equal(err.code, c.code, `${c.what}: ${err.message}`)
    if (EXT_ACK && c.kernel !== undefined) {
      t.equal(err.extack?.msg, c.kernel, `${c.what}: the kernel's words`)
      kernelTexts.add(c.kernel)
      const kernelPart = `kernel: ${c.kernel}${c.policy ? ` (${c.policy})` : ''}`
      t.ok(err.message.includes(c.own === undefined ? `: ${kernelPart}` : `(${kernelPart})`), `${c.what}: shown in the message: ${err.message}`)
      if (c.attr !== undefined) {
        t.strictSame(err.extack?.attrPath, c.attr, `${c.what}: the attribute the offset points at`)
        t.ok(err.message.endsWith(`[attribute ${c.attr.join(' > ')}]`))
        const marked = err.detail().split('\n').find((l) => l.includes('<-- kernel:'))
        t.match(marked, new RegExp(`${c.attr.at(-1)}.*<-- kernel: "${c.kernel}"`), `${c.what}: detail() marks it`)
      }
    } else {
      t.equal(err.extack?.msg, undefined, `${c.what}: no kernel text`)
      t.notOk(err.message.includes('kernel:'), `${c.what}: ${err.message}`)
    }
    if (typeof c.own === 'string') t.ok(err.message.includes(c.own), `${c.what}: nlwire's sentence: ${err.message}`)
    else if (c.own !== undefined) t.match(err.message, c.own, `${c.what}: nlwire's sentence`)
    t.notOk(/needs CAP_NET_ADMIN/.test(err.message), `${c.what}: a process with CAP_NET_ADMIN is not told to get it`)
  }
  if (!EXT_ACK) return
  t.ok(kernelTexts.size >= 10, `${kernelTexts.size} distinct kernel messages: ${[...kernelTexts].join(' | ')}`)
  // README's examples of the kernel's words are what this run produced.
  const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
  const block = /<!-- kernel-messages -->\n([\s\S]*?)<!-- \/kernel-messages -->/.exec(readme)?.[1] ?? ''
  const lines = block.split('\n').map((l) => l.trim()).filter(Boolean)
  t.ok(lines.length >= 5, `${lines.length} lines in README's kernel-messages block`)
  for (const l of lines) t.ok(messages.has(l), `README: ${l}`)
})

t.test('EPERM without CAP_NET_ADMIN says what the process lacks', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'kcap')
  const probe = join(import.meta.dirname, 'helpers', 'netns-probe.ts')
  const cmd = ['setpriv', '--bounding-set=-net_admin', '--inh-caps=-net_admin', '--', process.execPath, '--import', 'tsx', probe, 'link-add', ns]
  const out = await new Promise<string>((resolve) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'inherit'], timeout: 60_000 })
    let s = ''
    child.stdout.setEncoding('utf8').on('data', (x: string) => (s += x))
    child.on('close', () => resolve(s))
  })
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { error?: { code?: string; message?: string } }
  t.match(r.error, {
    code: 'EPERM',
    message: /^link\.add nlwprobe0: EPERM \(Operation not permitted\): operation not permitted: changing network configuration needs CAP_NET_ADMIN, which this process does not have/,
  })
  // It runs as root (uid 0, the capability dropped): it is not told to run as root (issue 12).
  t.match(r.error?.message, /\(it runs as root, but without the capability: grant it to the process\)$/)
  t.notMatch(r.error?.message, /run as root/)
})
