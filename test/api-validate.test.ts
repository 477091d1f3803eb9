// The error contract of the API (issue 12): every option of every call is checked before anything
// is looked up, encoded or sent — a bad value is an ApiError (an NlwireError) that names the call,
// the object, the option and the value, and the fake transport sees no request at all; an encoder
// error that still gets through is an ApiError with the call, the object and the encoder's error
// as its cause; the wording never blames a value the process can see is fine.
import t from 'tap'
import { NetlinkEncodeError as ExportedEncodeError, NlwireError } from '../src/index.js'
import { NetlinkEncodeError } from '../codecs/core/errors.js'
import { NLMSG_ERROR, type Message } from '../codecs/core/nlmsg.js'
import { RTM_GETLINK, RTM_NEWLINK, RTM_SETLINK } from '../codecs/rtnetlink.js'
import { Client } from '../src/client/client.js'
import { Netlink } from '../src/api/netlink.js'
import { ApiError } from '../src/api/errors.js'
import { guardApi, placeError } from '../src/api/guard.js'
import { CALLS } from '../src/api/validate.js'
import { BAD_OPTIONS as BAD, type Call } from './helpers/bad-options.js'
import { RelayError } from '../src/errors.js'
import { FakeTransport, ackFor, errorFor, type FakeRequest } from '../src/transport/fake.js'

import { Switch, VsctlError, connect } from '../src/ovs/index.js'

const PORT = 77

/** The error a call rejects with (an Error saying so if it resolved). */
const failure = (p: Promise<unknown>): Promise<Error> => p.then(() => new Error('resolved'), (e: Error) => e)

/** A namespace with one link, v0 (ifindex 5, MTU range 68..65535), that answers everything else with an ack. */
function fake(onChange?: (req: FakeRequest) => Message[] | undefined): { nl: Netlink; fake: FakeTransport } {
  const f = new FakeTransport({
    handler: (req) => {
      if (req.message.type === RTM_GETLINK) {
        return [[{ type: RTM_NEWLINK, flags: 0, seq: req.message.seq, pid: PORT, body: { ifiFamily: 0, ifiType: 1, ifiIndex: 5, ifiFlags: 0, ifiChange: 0, ifname: 'v0', mtu: 1500, minMtu: 68, maxMtu: 65535, linkinfo: { kind: 'veth' } } as never }]]
      }
      return [onChange?.(req) ?? [ackFor(req, PORT)]]
    },
  })
  return { nl: new Netlink(new Client(f)), fake: f }
}

t.test('a bad value for each option of each call: an ApiError naming call, object, option and value; nothing sent', async (t) => {
  const seen = new Set<string>()
  for (const [op, call, message] of BAD) {
    const { nl, fake: f } = fake()
    let err: unknown
    try {
      await call(nl)
    } catch (e) {
      err = e
    }
    seen.add(op)
    t.type(err, ApiError, `${op}: ${String((err as Error)?.message)}`)
    t.ok(err instanceof NlwireError, 'an NlwireError')
    t.equal((err as ApiError).operation, op, 'err.operation')
    t.match((err as Error).message, message)
    t.equal(f.requests.length, 0, 'no request sent (not even the lookup)')
    await nl.close()
  }
  // Every call the API has is exercised here.
  t.strictSame([...seen].sort(), Object.keys(CALLS).filter((k) => k !== 'nsid.list' && !k.startsWith('ovs.')).sort(), 'every call but nsid.list (no options) has bad input here')
})

t.test('Open vSwitch: names and options checked before anything is sent', async (t) => {
  let used = 0
  const client = new Proxy({}, { get: (_o, k) => (k === 'onClose' ? () => {} : (used++, () => Promise.reject(new Error('sent')))) })
  const sw = guardApi(new Switch(client as never), 'ovs', { place: false })
  const bad: [string, () => Promise<unknown>, RegExp][] = [
    ['ovs.addBridge', () => sw.addBridge(123 as never), /^ovs\.addBridge 123: bridge 123 is not a string \(a bridge name\)/],
    ['ovs.addBridge', () => sw.addBridge('br0', { datapathType: '' }), /datapathType "" is empty/],
    ['ovs.addBridge', () => sw.addBridge('br0', { mayexist: true } as never), /unknown option mayexist \(did you mean mayExist\?\)/],
    ['ovs.delBridge', () => sw.delBridge('', {}), /bridge "" is empty/],
    ['ovs.addPort', () => sw.addPort('br0', 'p0', { type: 7 as never }), /^ovs\.addPort p0 on br0: type 7 is not a string/],
    ['ovs.delPort', () => sw.delPort('br0', 'p0', { ifExists: 'yes' as never }), /ifExists "yes" is not true or false/],
    ['ovs.listPorts', () => sw.listPorts(undefined as never), /bridge undefined is not a string/],
  ]
  const seen = new Set<string>()
  for (const [op, call, message] of bad) {
    const err = await failure(Promise.resolve().then(call))
    seen.add(op)
    t.type(err, ApiError)
    t.match(err.message, message)
  }
  t.equal(used, 0, 'nothing reached the OVSDB client')
  t.strictSame([...seen].sort(), Object.keys(CALLS).filter((k) => k.startsWith('ovs.')).sort(), 'every OVS call')
  const c = await failure(connect({ sockett: '/x' } as never))
  t.match(c.message, /^ovs\.connect: unknown option sockett \(did you mean socket\?\)/)
  t.ok(new VsctlError('add-br x', 'no') instanceof NlwireError, 'OVS errors are NlwireErrors')
})

t.test('good options pass the checks (the requests go out)', async (t) => {
  const ok: Call[] = [
    (nl) => nl.link.add({ name: 'v9', kind: 'veth', mtu: 1400, address: '02:00:00:00:00:01', peer: { name: 'v8', up: false }, up: true }),
    (nl) => nl.link.add({ name: 'b9', kind: 'bridge', bridge: { stpState: 0, forwardDelay: 400, groupAddr: '01:80:c2:00:00:00' } }),
    (nl) => nl.link.add({ name: 'x9', kind: 'vxlan', vxlan: { id: 42, port: 4789, group: '239.1.1.1', ttl: 5 } }),
    (nl) => nl.link.set('v0', { mtu: 9000, inet: { rpFilter: 0 }, bridgePort: { cost: 10 }, master: null }),
    (nl) => nl.addr.add('v0', '2001:db8::1/64', { nodad: true }),
    (nl) => nl.route.add({ dst: 'default', nexthops: [{ via: '10.0.0.1', weight: 3 }, { via: '10.0.0.2' }] }),
    (nl) => nl.rule.add({ from: 'all', dport: [80, 90], ipproto: 'tcp', table: 'main', tunId: 2n ** 60n }),
    (nl) => nl.nexthop.add({ id: 9, group: [{ id: 1 }, { id: 2, weight: 3 }], type: 'resilient', buckets: 32 }),
  ]
  for (const call of ok) {
    const { nl, fake: f } = fake()
    await t.resolves(Promise.resolve(call(nl)))
    t.ok(f.requests.some((r) => r.message.type !== RTM_GETLINK), 'its request was sent')
    await nl.close()
  }
})

t.test('an encoder error that gets past the checks is an ApiError with the call, the object and the cause', async (t) => {
  const { nl, fake: f } = fake()
  // IFLA_BR_MULTI_BOOLOPT is a struct: the checks leave it to its codec.
  const err = await nl.link.add({ name: 'b9', kind: 'bridge', bridge: { multiBoolopt: { optval: -1, optmask: 1 } } as never }).catch((e: unknown) => e)
  t.type(err, ApiError)
  t.equal((err as ApiError).operation, 'link.add')
  t.equal((err as ApiError).object, 'b9')
  t.type((err as Error).cause, NetlinkEncodeError, 'the encoder error is the cause')
  t.match((err as Error).message, /^link\.add b9: IFLA_LINKINFO > IFLA_INFO_DATA > IFLA_BR_MULTI_BOOLOPT > optval: u32 out of range: -1$/)
  t.equal(f.requests.length, 0)
  t.equal(ExportedEncodeError, NetlinkEncodeError, "NetlinkEncodeError is exported from 'nlwire'")
  await nl.close()
})

t.test('an error from below the API gets the call and object in front, as a copy of the same class', async (t) => {
  const shared = new RelayError({ netns: 'ns1', reason: 'the relay process exited', signal: 'SIGKILL' })
  const a = placeError(shared, 'link.get', 'lo') as RelayError & { operation: string; object: string }
  const b = placeError(shared, 'addr.list', undefined) as RelayError & { operation: string }
  t.type(a, RelayError)
  t.equal(a.message, 'link.get lo: relay for netns ns1: the relay process exited (killed by SIGKILL)')
  t.equal(a.operation, 'link.get')
  t.equal(a.object, 'lo')
  t.equal(a.signal, 'SIGKILL', 'its fields are kept')
  t.equal(b.message, 'addr.list: relay for netns ns1: the relay process exited (killed by SIGKILL)')
  t.equal(shared.message, 'relay for netns ns1: the relay process exited (killed by SIGKILL)', 'the shared error is untouched')
  t.equal(a.cause, shared)
})

t.test('link.set blames the MTU only when it is out of the link\'s range; link.add names it for a new veth', async (t) => {
  const einval = (req: FakeRequest): Message[] | undefined => (req.message.type === RTM_NEWLINK || req.message.type === RTM_SETLINK ? [errorFor(req, PORT, 22)] : undefined)
  {
    const { nl } = fake(einval)
    const out = await failure(nl.link.set('v0', { mtu: 70000 }))
    t.equal(out.message, "link.set v0: EINVAL (Invalid argument): mtu 70000 is outside v0's range 68..65535")
    // In range: refused for another reason — the sentence must not say the MTU is out of range.
    const inRange = await failure(nl.link.set('v0', { mtu: 1400, txqlen: 5 }))
    t.notMatch(inRange.message, /mtu/i, inRange.message)
    t.equal(inRange.message, 'link.set v0: EINVAL (Invalid argument): the kernel rejected a value in the request as invalid')
    await nl.close()
  }
  {
    const { nl } = fake(einval)
    const big = await failure(nl.link.add({ name: 'v9', kind: 'veth', mtu: 1e9 }))
    t.equal(big.message, 'link.add v9: EINVAL (Invalid argument): mtu 1000000000 is outside the range a new veth link takes, 68..65535')
    const fine = await failure(nl.link.add({ name: 'v9', kind: 'veth', mtu: 9000 }))
    t.notMatch(fine.message, /mtu/i, 'an mtu in range is not blamed')
    // A kind whose range nlwire does not know: blamed only when the kernel says so.
    const ifb = await failure(nl.link.add({ name: 'i9', kind: 'ifb', mtu: 1e9 }))
    t.notMatch(ifb.message, /mtu/i)
    await nl.close()
  }
  {
    const { nl } = fake((req) => (req.message.type === RTM_NEWLINK ? [errorFor(req, PORT, 22, { msg: 'mtu greater than device maximum' })] : undefined))
    const said = await failure(nl.link.add({ name: 'm9', kind: 'macvlan', link: 5, mtu: 100000 }))
    t.equal(said.message, 'link.add m9: EINVAL (Invalid argument): mtu 100000 is outside the range a new macvlan link takes (kernel: mtu greater than device maximum)')
    await nl.close()
  }
  t.equal(NLMSG_ERROR, 2)
})

t.test("the README's refusals are what the calls say", async (t) => {
  const { readFileSync } = await import('node:fs')
  const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
  const block = /\*\*Options are checked before anything is sent\.\*\*[\s\S]*?\n\n((?: {4}.*\n)+)/.exec(readme)
  if (!t.ok(block, 'the README has the block')) return
  const lines = block![1]!.trim().split('\n').map((l) => l.trim())
  const calls: Call[] = [
    (nl) => nl.link.set('v0', { mtu: -1 }),
    (nl) => nl.link.set('v0', { address: 'zz:00:00:00:00:01' }),
    (nl) => nl.link.add({ name: 'b9', kind: 'bridge', bridge: { stpstate: 0 } as never }),
    (nl) => nl.link.add({ name: 'v9', kind: 'veth', bridge: { stpState: 0 } }),
    (nl) => nl.route.add({ dst: 'default', nexthops: [{ via: '10.0.0.1', weight: 0 }] }),
  ]
  const said: string[] = []
  for (const call of calls) {
    const { nl } = fake()
    said.push((await failure(Promise.resolve().then(() => call(nl)))).message)
    await nl.close()
  }
  t.strictSame(said, lines)
})
