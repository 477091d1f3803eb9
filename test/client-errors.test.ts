// Kernel errors become NetlinkError: errno and its name, the operation and object, the request,
// the extended ack (message, offset, and which attribute sits at that offset), and the sentence.
import { CAP_NET_ADMIN, hasCapability } from '../src/caps.js'
import t from 'tap'
import { attributePathAt } from '../codecs/attrpath.js'
import { NLM_F_ACK, NLM_F_CREATE, NLM_F_DUMP, NLM_F_EXCL, NLM_F_REQUEST, type Message } from '../codecs/core/nlmsg.js'
import { decode, encode } from '../codecs/messages.js'
import { RTM_GETLINK, RTM_NEWLINK } from '../codecs/rtnetlink.js'
import { Client } from '../src/client/client.js'
import { defineErrorWording } from '../src/error-wording.js'
import { errnoLabel, errnoName } from '../src/errno.js'
import { NetlinkError } from '../src/errors.js'
import { FakeTransport, doneFor, errorFor, partFor } from '../src/transport/fake.js'
import { attr, bytes, ifinfomsg, nest } from './helpers/tlv.js'

const PORT = 4242
// linux/if_link.h, linux/veth.h
const IFLA_IFNAME = 3
const IFLA_LINKINFO = 18
const IFLA_NET_NS_FD = 28
const IFLA_INFO_KIND = 1
const IFLA_INFO_DATA = 2
const VETH_INFO_PEER = 1

/** RTM_NEWLINK veth01 type <kind>: ifinfomsg @16, IFLA_IFNAME @32 (12 bytes), IFLA_LINKINFO @44, IFLA_INFO_KIND @48. */
function newlink(kind: string): Message {
  return {
    type: RTM_NEWLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL,
    seq: 0,
    pid: 0,
    body: bytes(ifinfomsg(), attr(IFLA_IFNAME, 'veth01'), nest(IFLA_LINKINFO, attr(IFLA_INFO_KIND, kind))),
  }
}

async function failWith(errno: number, extack: Parameters<typeof errorFor>[3], msg: Message, opts = {}): Promise<NetlinkError> {
  const fake = new FakeTransport({ handler: (req) => [errorFor(req, PORT, errno, extack)] })
  const c = new Client(fake)
  try {
    const e = await c.request(msg, opts).then(
      () => undefined,
      (x: unknown) => x,
    )
    if (!(e instanceof NetlinkError)) throw new Error(`expected a NetlinkError, got ${String(e)}`)
    return e
  } finally {
    await c.close()
  }
}

t.test('the reply the fake sends is a real NLMSG_ERROR with extended ack', async (t) => {
  // Built with codecs' encode; decoded back it says what the kernel would say.
  const fake = new FakeTransport()
  const req = { bytes: encode({ ...newlink('nosuch'), seq: 9 }), message: { ...newlink('nosuch'), seq: 9 }, datagram: 0 }
  const wire = encode(errorFor(req, PORT, 95, { msg: 'Unknown device type', offs: 48 }))
  const [m] = decode(wire)
  t.match(m, { type: 2, flags: 0x200, seq: 9, pid: PORT, body: { error: -95, msg: 'Unknown device type', offs: 48, request: { len: 60, type: RTM_NEWLINK, seq: 9 } } })
  await fake.close()
})

t.test('EEXIST with the operation’s own wording', async (t) => {
  defineErrorWording('test.link.add', { EEXIST: (c) => `a link named ${c.object} already exists` })
  const e = await failWith(17, undefined, newlink('veth'), { operation: 'test.link.add', object: 'veth01' })
  t.equal(e.message, 'test.link.add veth01: EEXIST (File exists): a link named veth01 already exists')
  t.equal(e.errno, 17)
  t.equal(e.code, 'EEXIST')
  t.equal(e.operation, 'test.link.add')
  t.equal(e.object, 'veth01')
  t.equal(e.request?.type, RTM_NEWLINK)
  t.equal(e.request?.seq, 1)
  t.equal(e.extack, undefined)
})

t.test('extended ack: the kernel’s message and the attribute at its offset', async (t) => {
  const e = await failWith(95, { msg: 'Unknown device type', offs: 48 }, newlink('nosuch'), { operation: 'link.add', object: 'veth01' })
  t.equal(e.code, 'EOPNOTSUPP')
  t.equal(e.extack?.msg, 'Unknown device type')
  t.equal(e.extack?.offs, 48)
  // Named by the link codec once it is registered, generically ('type N') until then.
  t.match(e.extack?.attrPath, [/^(IFLA_LINKINFO|type 18)$/, /^(IFLA_INFO_KIND|type 1)$/])
  t.match(e.message, /^link\.add veth01: EOPNOTSUPP \(Operation not supported\): kernel: Unknown device type \[attribute (IFLA_LINKINFO|type 18) > (IFLA_INFO_KIND|type 1)\]$/)
})

t.test('operation wording and the kernel’s message together', async (t) => {
  defineErrorWording('test.link.set', { EINVAL: (c) => `${c.object} cannot move to another namespace` })
  const e = await failWith(22, { msg: 'The interface netns is immutable.' }, newlink('bridge'), { operation: 'test.link.set', object: 'br0' })
  t.equal(e.message, 'test.link.set br0: EINVAL (Invalid argument): br0 cannot move to another namespace (kernel: The interface netns is immutable)')
})

t.test('generic sentences for the common errnos; the request type when no operation is given', async (t) => {
  // EPERM / EACCES depend on what /proc/self/status says this process may do (test/kernel-messages
  // runs a child without CAP_NET_ADMIN for the other sentence).
  const cap = hasCapability(CAP_NET_ADMIN)
    ? 'this process has CAP_NET_ADMIN, so the kernel refuses this request itself (the object or value is not one it allows to change this way)'
    : `changing network configuration needs CAP_NET_ADMIN, which this process does not have (${process.getuid?.() === 0 ? 'it runs as root, but without the capability: grant it to the process' : 'run as root, or grant the capability'})`
  const cases: [number, object, string][] = [
    [1, {}, `RTM_NEWLINK: EPERM (Operation not permitted): operation not permitted: ${cap}`],
    [13, {}, `RTM_NEWLINK: EACCES (Permission denied): permission denied: ${cap}`],
    [19, { operation: 'link.get', object: 'eth7' }, 'link.get eth7: ENODEV (No such device): there is no network device eth7'],
    [17, { operation: 'addr.add', object: '10.0.0.1/24' }, 'addr.add 10.0.0.1/24: EEXIST (File exists): 10.0.0.1/24 already exists'],
    [22, {}, 'RTM_NEWLINK: EINVAL (Invalid argument): the kernel rejected a value in the request as invalid'],
    [95, {}, 'RTM_NEWLINK: EOPNOTSUPP (Operation not supported): the kernel does not support this here (a module that is not loaded, or a device type without this feature)'],
    [16, { operation: 'link.del', object: 'br0' }, 'link.del br0: EBUSY (Device or resource busy): br0 is busy: something else is using it'],
    [2, { operation: 'route.del', object: '10.1.0.0/16' }, 'route.del 10.1.0.0/16: ENOENT (No such file or directory): 10.1.0.0/16 was not found'],
    [34, {}, 'RTM_NEWLINK: ERANGE (Numerical result out of range): a value in the request is outside the range the kernel accepts'],
    [110, {}, 'RTM_NEWLINK: ETIMEDOUT (Connection timed out)'],
  ]
  for (const [errno, opts, text] of cases) t.equal((await failWith(errno, undefined, newlink('veth'), opts)).message, text)
})

t.test('errno names beyond glibc’s table', async (t) => {
  t.equal(errnoName(-524), 'ENOTSUPP')
  t.equal(errnoLabel(524), 'ENOTSUPP (Operation is not supported (kernel-internal ENOTSUPP))')
  t.equal(errnoName(4095), 'E4095')
})

t.test('an errno in NLMSG_DONE carries its extended ack too', async (t) => {
  const fake = new FakeTransport({
    handler: (req) => [[partFor(req, PORT, 500, new Uint8Array([1])), { ...doneFor(req, PORT, 22), flags: 0x202, body: { error: -22, msg: 'Invalid dump filter' } }]],
  })
  const c = new Client(fake)
  const e = await c.dump({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: ifinfomsg() }).catch((x: unknown) => x)
  t.type(e, NetlinkError)
  t.equal((e as NetlinkError).extack?.msg, 'Invalid dump filter')
  t.equal((e as Error).message, 'RTM_GETLINK: EINVAL (Invalid argument): kernel: Invalid dump filter')
  await c.close()
})

t.test('attributePathAt: top level, nested, behind a struct inside a nest, and misses', async (t) => {
  // RTM_NEWLINK a type veth peer name b netns FD:
  //   16 ifinfomsg | 32 IFLA_IFNAME "a" (8) | 40 IFLA_LINKINFO { 44 IFLA_INFO_KIND "veth" (12)
  //   | 56 IFLA_INFO_DATA { 60 VETH_INFO_PEER { 64 ifinfomsg | 80 IFLA_IFNAME "b" (8) | 88 IFLA_NET_NS_FD (8) } } }
  const req = encode({
    type: RTM_NEWLINK,
    flags: NLM_F_REQUEST | NLM_F_ACK,
    seq: 1,
    pid: 0,
    body: bytes(
      ifinfomsg(),
      attr(IFLA_IFNAME, 'a'),
      nest(IFLA_LINKINFO, attr(IFLA_INFO_KIND, 'veth'), nest(IFLA_INFO_DATA, nest(VETH_INFO_PEER, ifinfomsg(), attr(IFLA_IFNAME, 'b'), attr(IFLA_NET_NS_FD, 5)))),
    ),
  })
  const at = (offs: number) => attributePathAt(req, offs)?.map((s) => [s.type, s.offset])
  t.strictSame(at(32), [[IFLA_IFNAME, 32]])
  t.strictSame(at(44), [[IFLA_LINKINFO, 40], [IFLA_INFO_KIND, 44]])
  t.strictSame(at(88), [[IFLA_LINKINFO, 40], [IFLA_INFO_DATA, 56], [VETH_INFO_PEER, 60], [IFLA_NET_NS_FD, 88]])
  t.strictSame(at(80), [[IFLA_LINKINFO, 40], [IFLA_INFO_DATA, 56], [VETH_INFO_PEER, 60], [IFLA_IFNAME, 80]])
  t.strictSame(at(34), [[IFLA_IFNAME, 32]], 'inside a payload: the attribute that holds it')
  t.equal(at(8), undefined, 'inside the nlmsghdr')
  t.equal(at(20), undefined, 'inside the ifinfomsg')
  t.equal(at(500), undefined, 'past the end')
})
