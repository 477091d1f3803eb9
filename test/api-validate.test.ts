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

type Call = (nl: Netlink) => unknown
/** [call, option at fault, what the message must say]: one bad value for each option of each call. */
const BAD: [string, Call, RegExp][] = [
  ['link.add', (nl) => nl.link.add(undefined as never), /^link\.add: give the new link's options/],
  ['link.add', (nl) => nl.link.add({ kind: 'veth' } as never), /^link\.add: name is required/],
  ['link.add', (nl) => nl.link.add({ name: 'v9' } as never), /^link\.add v9: kind is required/],
  ['link.add', (nl) => nl.link.add({ name: 'a-name-far-too-long', kind: 'veth' }), /^link\.add a-name-far-too-long: name "a-name-far-too-long" is not a link name: longer than 15 bytes/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 7 as never }), /kind 7 is not a string/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', mtu: -1 }), /^link\.add v9: mtu -1 is not a valid MTU \(an integer 0\.\.4294967295/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', mtu: 1.5 }), /mtu 1\.5 is not a valid MTU/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', address: 'zz:00:00:00:00:01' }), /^link\.add v9: address "zz:00:00:00:00:01" is not a MAC address/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', broadcast: '' }), /broadcast "" is not a MAC address/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', txqlen: '1000' as never }), /txqlen "1000" is not a valid queue length/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', group: 2 ** 32 }), /group 4294967296 is not a link group/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', alias: 'x'.repeat(256) }), /alias "x{20,}.*is longer than 255 bytes/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', master: '' }), /master "" is not a link name/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', master: 0 }), /master 0 is not an ifindex/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', netns: 'a/b' }), /netns "a\/b" is not a namespace name/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', netns: { pid: -4 } }), /netns\.pid -4 is not a process id/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', netns: { bogus: 1 } as never }), /netns \{"bogus":1\} is not a network namespace/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', up: 'yes' as never }), /up "yes" is not true or false/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', link: -1 }), /link -1 is not an ifindex/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', mtuu: 1 } as never), /unknown option mtuu \(did you mean mtu\?\)/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', peer: 'v8' as never }), /peer "v8" is not an object of options/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', peer: { name: 'v8', mtu: 1e10 } }), /peer\.mtu 10000000000 is not a valid MTU/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', peer: { name: 'v8', master: 'br0' } as never }), /unknown option peer\.master/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', peer: { name: 'v8', netns: 5 as never } }), /peer\.netns 5 is not a network namespace/],
  ['link.add', (nl) => nl.link.add({ name: 'v9', kind: 'veth', bridge: { stpState: 0 } }), /bridge is an option of kind 'bridge' links, not 'veth'/],
  ['link.add', (nl) => nl.link.add({ name: 'b9', kind: 'bridge', bridge: { forwardDelay: -5 } }), /^link\.add b9: bridge\.forwardDelay -5 is not a valid IFLA_BR_FORWARD_DELAY/],
  ['link.add', (nl) => nl.link.add({ name: 'b9', kind: 'bridge', bridge: { stpstate: 0 } as never }), /unknown option bridge\.stpstate \(did you mean bridge\.stpState\?\)/],
  ['link.add', (nl) => nl.link.add({ name: 'b9', kind: 'bridge', bridge: { groupAddr: 'x' } as never }), /bridge\.groupAddr "x" is not a MAC address/],
  ['link.add', (nl) => nl.link.add({ name: 'x9', kind: 'vxlan' }), /a vxlan link needs vxlan: \{ id \}/],
  ['link.add', (nl) => nl.link.add({ name: 'x9', kind: 'vxlan', vxlan: { id: 2 ** 24 } }), /vxlan\.id 16777216 is not a VNI \(an integer 0\.\.16777215: 24 bits\)/],
  ['link.add', (nl) => nl.link.add({ name: 'x9', kind: 'vxlan', vxlan: { id: 1, port: 65536 } }), /vxlan\.port 65536 is not a UDP port/],
  ['link.add', (nl) => nl.link.add({ name: 'x9', kind: 'vxlan', vxlan: { id: 1, dev: '' } }), /vxlan\.dev "" is not a link name/],
  ['link.add', (nl) => nl.link.add({ name: 'x9', kind: 'vxlan', vxlan: { id: 1, group: '1.2.3' } }), /vxlan\.group "1\.2\.3" is not an IPv4 address/],
  ['link.add', (nl) => nl.link.add({ name: 'x9', kind: 'vxlan', vxlan: { id: 1, ttl: 256 } }), /vxlan\.ttl 256 is not a valid IFLA_VXLAN_TTL \(an integer 0\.\.255\)/],
  ['link.add', (nl) => nl.link.add({ name: 'm9', kind: 'macvlan', link: 'v0', macvlan: { mode: 'bridged' as never } }), /macvlan\.mode "bridged" is not one of 'private', 'vepa', 'bridge', 'passthru', 'source'/],
  ['link.set', (nl) => nl.link.set('', { up: true }), /^link\.set: link "" is not a link name/],
  ['link.set', (nl) => nl.link.set('v0', undefined as never), /^link\.set v0: give the changes/],
  ['link.set', (nl) => nl.link.set('v0', { mtu: -1 }), /^link\.set v0: mtu -1 is not a valid MTU \(an integer 0\.\.4294967295; the kernel holds it to the link's own range/],
  ['link.set', (nl) => nl.link.set('v0', { address: 'zz:00:00:00:00:01' }), /^link\.set v0: address "zz:00:00:00:00:01" is not a MAC address/],
  ['link.set', (nl) => nl.link.set('v0', { name: 'a b' }), /name "a b" is not a link name/],
  ['link.set', (nl) => nl.link.set('v0', { master: {} as never }), /master \{\} is not a link/],
  ['link.set', (nl) => nl.link.set('v0', { bridgePort: { cost: -1 } }), /bridgePort\.cost -1 is not a valid IFLA_BRPORT_COST/],
  ['link.set', (nl) => nl.link.set('v0', { inet: { rpFilter: 'strict' } as never }), /inet\.rpFilter "strict" is not a valid IPV4_DEVCONF_RP_FILTER/],
  ['link.set', (nl) => nl.link.set('v0', { peer: { name: 'x' } } as never), /unknown option peer/],
  ['link.get', (nl) => nl.link.get({} as never), /^link\.get: link \{\} is not a link/],
  ['link.list', (nl) => nl.link.list({ up: 1 } as never), /filter\.up 1 is not true or false/],
  ['link.list', (nl) => nl.link.list({ kinds: 'veth' } as never), /unknown option filter\.kinds \(did you mean filter\.kind\?\)/],
  ['link.del', (nl) => nl.link.del({ group: -1 }), /group -1 is not a link group/],
  ['link.del', (nl) => nl.link.del(3.5), /link 3\.5 is not an ifindex/],
  ['addr.add', (nl) => nl.addr.add('v0', '10.0.0.300/24'), /^addr\.add 10\.0\.0\.300\/24 on v0: address "10\.0\.0\.300\/24" is not a prefix/],
  ['addr.add', (nl) => nl.addr.add('v0', '10.0.0.1/33'), /address "10\.0\.0\.1\/33" has no valid prefix length \(0\.\.32\)/],
  ['addr.add', (nl) => nl.addr.add('v0', undefined as never), /cidr is required/],
  ['addr.add', (nl) => nl.addr.add(-2, '10.0.0.1/24'), /dev -2 is not an ifindex/],
  ['addr.add', (nl) => nl.addr.add('v0', '10.0.0.1/24', { broadcast: '10.0.0' }), /broadcast "10\.0\.0" is not an IPv4 address/],
  ['addr.add', (nl) => nl.addr.add('v0', '10.0.0.1/24', { label: 'x'.repeat(16) }), /label "x+" is longer than 15 bytes/],
  ['addr.add', (nl) => nl.addr.add('v0', '10.0.0.1/24', { nodad: 1 } as never), /nodad 1 is not true or false/],
  ['addr.add', (nl) => nl.addr.add('v0', '10.0.0.1/24', { peer: '2001:db8::1' }), /peer "2001:db8::1" is not an IPv4 address/],
  ['addr.add', (nl) => nl.addr.add('v0', '10.0.0.1/24', { scope: 0 } as never), /unknown option scope/],
  ['addr.del', (nl) => nl.addr.del('v0', 'x'), /address "x" is not a prefix/],
  ['addr.list', (nl) => nl.addr.list({ family: 'ipv4' } as never), /filter\.family "ipv4" is not one of 'inet', 'inet6'/],
  ['route.add', (nl) => nl.route.add({} as never), /dst is required/],
  ['route.add', (nl) => nl.route.add({ dst: 'nowhere' }), /dst "nowhere" is not a prefix/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', via: '10.0.0.256' }), /via "10\.0\.0\.256" is not an IPv4 or IPv6 address/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', dev: '' }), /dev "" is not a link name/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', src: 'me' }), /src "me" is not an IPv4 or IPv6 address/],
  ['route.add', (nl) => nl.route.add({ dst: '10.9.0.0/16', metric: -3 }), /^route\.add 10\.9\.0\.0\/16: metric -3 is not a valid metric/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', table: 2 ** 32 }), /table 4294967296 is not a table number/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', mtu: -1 }), /mtu -1 is not a path MTU/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', mtuLock: 'y' as never }), /mtuLock "y" is not true or false/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', nexthops: [] }), /nexthops \[\] needs at least 1 element/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', nexthops: [{ via: '10.0.0.1', weight: 0 }] }), /nexthops\[0\]\.weight 0 is not a valid weight \(an integer 1\.\.256\)/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', nhid: 0 }), /nhid 0 is not a nexthop id/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', replace: 1 } as never), /replace 1 is not true or false/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', scope: 256 }), /scope 256 is not a scope/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', protocol: -1 }), /protocol -1 is not a protocol/],
  ['route.add', (nl) => nl.route.add({ dst: 'default', gateway: '10.0.0.1' } as never), /unknown option gateway/],
  ['route.del', (nl) => nl.route.del({ dst: 'default', src: '10.0.0.1' } as never), /unknown option src/],
  ['route.get', (nl) => nl.route.get('host'), /address "host" is not a prefix/],
  ['route.list', (nl) => nl.route.list({ table: -1 }), /filter\.table -1 is not a table number/],
  ['neigh.add', (nl) => nl.neigh.add({ dev: 'v0' } as never), /dst is required/],
  ['neigh.add', (nl) => nl.neigh.add({ dst: '10.0.0.9' } as never), /dev is required/],
  ['neigh.add', (nl) => nl.neigh.add({ dev: 'v0', dst: '10.0.0.9', lladdr: 'qq' }), /^neigh\.add 10\.0\.0\.9 on v0: lladdr "qq" is not a MAC address/],
  ['neigh.add', (nl) => nl.neigh.add({ dev: 'v0', dst: '10.0.0.9', state: 'gone' as never }), /state "gone" is not one of 'permanent', 'reachable', 'stale', 'noarp'/],
  ['neigh.add', (nl) => nl.neigh.add({ dev: 'v0', dst: '10.0.0.9', router: 'no' as never }), /router "no" is not true or false/],
  ['neigh.del', (nl) => nl.neigh.del({ dev: 'v0', dst: '10.0.0.x' }), /dst "10\.0\.0\.x" is not an IPv4 or IPv6 address/],
  ['neigh.list', (nl) => nl.neigh.list({ dev: 0 }), /filter\.dev 0 is not an ifindex/],
  ['fdb.add', (nl) => nl.fdb.add({ dev: 'v0' } as never), /lladdr is required/],
  ['fdb.add', (nl) => nl.fdb.add({ dev: 'v0', lladdr: '02:00:00:00:00:01', state: 'stale' as never }), /state "stale" is not one of 'permanent', 'static', 'dynamic'/],
  ['fdb.add', (nl) => nl.fdb.add({ dev: 'v0', lladdr: '02:00:00:00:00:01', vni: 2 ** 24 }), /vni 16777216 is not a VNI/],
  ['fdb.add', (nl) => nl.fdb.add({ dev: 'v0', lladdr: '02:00:00:00:00:01', dst: 'there' }), /dst "there" is not an IPv4 or IPv6 address/],
  ['fdb.del', (nl) => nl.fdb.del({ dev: 'v0', lladdr: '02:00:00:00:00:01', master: 'yes' as never }), /master "yes" is not true or false/],
  ['fdb.list', (nl) => nl.fdb.list({ bridge: 'br0' } as never), /unknown option filter\.bridge/],
  ['nsid.get', (nl) => nl.nsid.get(''), /netns "" is not a namespace name/],
  ['nsid.set', (nl) => nl.nsid.set('ns1', -2), /^nsid\.set ns1: id -2 is not an nsid \(an integer -1\.\.2147483647; -1: the kernel picks\)/],
  ['rule.add', (nl) => nl.rule.add({ from: '10.0.0.0/33' }), /from "10\.0\.0\.0\/33" has no valid prefix length/],
  ['rule.add', (nl) => nl.rule.add({ fwmark: -1 }), /fwmark -1 is not a valid fwmark/],
  ['rule.add', (nl) => nl.rule.add({ iif: 'a/b' }), /iif "a\/b" is not a link name/],
  ['rule.add', (nl) => nl.rule.add({ ipproto: 'tcpp' as never }), /ipproto "tcpp" is not an IP protocol number or one of 'tcp'/],
  ['rule.add', (nl) => nl.rule.add({ dport: [90, 80] }), /dport \[90, 80\] is a range that runs backwards/],
  ['rule.add', (nl) => nl.rule.add({ sport: 70000 }), /sport 70000 is not a port/],
  ['rule.add', (nl) => nl.rule.add({ uidrange: [5] as never }), /uidrange \[5\] is not a \[first, last\] uid range/],
  ['rule.add', (nl) => nl.rule.add({ table: 'mian' as never }), /table "mian" is not a table \(a number, or 'main', 'local', 'default'\)/],
  ['rule.add', (nl) => nl.rule.add({ action: 'drop' as never }), /action "drop" is not one of 'lookup'/],
  ['rule.add', (nl) => nl.rule.add({ priority: 1.5 }), /priority 1\.5 is not a valid priority/],
  ['rule.add', (nl) => nl.rule.add({ protocol: 'rip' as never }), /protocol "rip" is not a protocol/],
  ['rule.add', (nl) => nl.rule.add({ tunId: -1 }), /tunId -1 is not a tunnel id/],
  ['rule.add', (nl) => nl.rule.add({ prio: 5 } as never), /unknown option prio \(did you mean priority\?\)|unknown option prio/],
  ['rule.del', (nl) => nl.rule.del({ family: 'ipv6' as never }), /family "ipv6" is not one of 'inet', 'inet6'/],
  ['rule.list', (nl) => nl.rule.list({ family: 'both' } as never), /filter\.family "both" is not one of 'inet', 'inet6', 'all'/],
  ['nexthop.add', (nl) => nl.nexthop.add({ via: '10.0.0.1' } as never), /id is required/],
  ['nexthop.add', (nl) => nl.nexthop.add({ id: 0, blackhole: true }), /^nexthop\.add id 0: id 0 is not a nexthop id/],
  ['nexthop.add', (nl) => nl.nexthop.add({ id: 5, group: [{ id: 1, weight: 0 }] }), /group\[0\]\.weight 0 is not a valid weight/],
  ['nexthop.add', (nl) => nl.nexthop.add({ id: 5, group: [] }), /group \[\] needs at least 1 element/],
  ['nexthop.add', (nl) => nl.nexthop.add({ id: 5, via: 'gw' }), /via "gw" is not an IPv4 or IPv6 address/],
  ['nexthop.add', (nl) => nl.nexthop.add({ id: 5, group: [{ id: 1 }], type: 'hash' as never }), /type "hash" is not one of 'mpath', 'resilient'/],
  ['nexthop.add', (nl) => nl.nexthop.add({ id: 5, group: [{ id: 1 }], type: 'resilient', buckets: 0 }), /buckets 0 is not a number of buckets/],
  ['nexthop.add', (nl) => nl.nexthop.add({ id: 5, group: [{ id: 1 }], type: 'resilient', idleTimer: -1 }), /idleTimer -1 is not a number of seconds/],
  ['nexthop.add', (nl) => nl.nexthop.add({ id: 5, blackhole: true, family: 'ip' as never }), /family "ip" is not one of 'inet', 'inet6'/],
  ['nexthop.del', (nl) => nl.nexthop.del(-1), /^nexthop\.del id -1: id -1 is not a nexthop id/],
  ['nexthop.get', (nl) => nl.nexthop.get('1' as never), /id "1" is not a nexthop id/],
  ['nexthop.list', (nl) => nl.nexthop.list({ groups: 'yes' as never }), /filter\.groups "yes" is not true or false/],
  ['monitor', (nl) => nl.monitor('link' as never), /^monitor: objects "link" is not an array/],
  ['monitor', (nl) => nl.monitor(['lnik' as never]), /^monitor: unknown object 'lnik'/],
]

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
  t.same([...seen].sort(), Object.keys(CALLS).filter((k) => k !== 'nsid.list' && !k.startsWith('ovs.')).sort(), 'every call but nsid.list (no options) has bad input here')
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
  t.same([...seen].sort(), Object.keys(CALLS).filter((k) => k.startsWith('ovs.')).sort(), 'every OVS call')
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
  t.same(said, lines)
})
