// The topology file's checks: the committed JSON Schema is the one schema.ts generates; ajv (an
// independent JSON Schema implementation) and nlwire's validator agree on every example and on
// every malformed file; the validator's messages name the path and the value; and the
// references a schema cannot express are caught by the validator alone.
import t from 'tap'
import { readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { jsonSchema } from '../src/topology/schema.js'
import { shapeProblems, validateTopology } from '../src/topology/validate.js'
import { parseTopology } from '../src/topology/load.js'
import { TopologyFileError } from '../src/topology/errors.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const committed = JSON.parse(readFileSync(join(ROOT, 'schema/topology.schema.json'), 'utf8')) as object
const ajv = new Ajv2020({ allErrors: true, strict: true, strictRequired: false })
const check = ajv.compile(committed)

t.test('schema/topology.schema.json is what schema.ts generates (node --import tsx scripts/topology-schema.ts)', async (t) => {
  t.strictSame(committed, jsonSchema())
})

const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => /\.(ya?ml|json)$/.test(f)).sort()

t.test('every example is valid to both', async (t) => {
  t.ok(EXAMPLES.length >= 1, `${EXAMPLES.length} example files`)
  for (const f of EXAMPLES) {
    const spec = await parseTopology(readFileSync(join(ROOT, 'examples', f), 'utf8'), f)
    t.ok(check(spec), `ajv: ${f}`, { errors: check.errors })
  }
})

const base = () =>
  structuredClone({
    name: 'bad',
    nodes: {
      host: { interfaces: { br0: { kind: 'bridge', up: true, addresses: ['192.168.88.1/24'] }, p1: { master: 'br0', up: true } } },
      ns1: { interfaces: { tap1: { up: true, addresses: ['192.168.88.3/24'] } }, routes: [{ dst: 'default', via: '192.168.88.1' }] },
    },
    cables: [['ns1:tap1', 'host:p1']],
  }) as Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any

const SHAPE: [string, (s: Record<string, any>) => void, string][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  ['an IP address that is not one', (s) => (s.nodes.ns1.routes[0].via = '10.0.0.300'), 'nodes.ns1.routes[0].via: "10.0.0.300" is not an IP address'],
  ['an MTU given as a string', (s) => (s.nodes.ns1.interfaces.tap1.mtu = '1500'), 'nodes.ns1.interfaces.tap1.mtu: "1500" is not an integer'],
  ['an MTU out of range', (s) => (s.nodes.ns1.interfaces.tap1.mtu = 70000), 'nodes.ns1.interfaces.tap1.mtu: 70000 is outside 68..65535'],
  ['a misspelt field', (s) => (s.nodes.ns1.interfaces.tap1.mtuu = 1400), 'nodes.ns1.interfaces.tap1.mtuu: unknown field (expected mtu?'],
  ['a kind that does not exist', (s) => (s.nodes.host.interfaces.br0.kind = 'bridg'), 'nodes.host.interfaces.br0.kind: "bridg" is not one of veth, bridge, vxlan, macvlan, macvtap, ovs-bridge, ovs-internal'],
  ['an address without its prefix length', (s) => (s.nodes.ns1.interfaces.tap1.addresses = ['192.168.88.3']), 'nodes.ns1.interfaces.tap1.addresses[0]: "192.168.88.3" is not an address with a prefix length'],
  ['an IPv6 prefix too long', (s) => (s.nodes.ns1.interfaces.tap1.addresses = ['2001:db8::1/129']), 'nodes.ns1.interfaces.tap1.addresses[0]: "2001:db8::1/129" is not an address with a prefix length'],
  ['an IPv6 address with two ::', (s) => (s.nodes.ns1.routes[0] = { dst: '2001:db8::/64', via: '2001::db8::1' }), 'nodes.ns1.routes[0].via: "2001::db8::1" is not an IP address'],
  ['an address listed twice', (s) => (s.nodes.ns1.interfaces.tap1.addresses = ['10.0.0.1/24', '10.0.0.1/24']), 'nodes.ns1.interfaces.tap1.addresses[1]: "10.0.0.1/24" is listed twice'],
  ['a bad MAC', (s) => (s.nodes.ns1.interfaces.tap1.mac = '02:00:00:00:00'), 'nodes.ns1.interfaces.tap1.mac: "02:00:00:00:00" is not a MAC address'],
  ['a cable with one end', (s) => (s.cables[0] = ['ns1:tap1']), 'cables[0]: ["ns1:tap1"] must have exactly 2 elements'],
  ['a cable end without a node', (s) => (s.cables[0][0] = 'tap1'), 'cables[0][0]: "tap1" is not a cable end NODE:INTERFACE'],
  ['an interface name longer than 15 bytes', (s) => (s.nodes.ns1.interfaces['this-is-too-long0'] = {}), 'nodes.ns1.interfaces.this-is-too-long0: "this-is-too-long0" is not an interface name'],
  ['up: yes (a string in YAML 1.2)', (s) => (s.nodes.ns1.interfaces.tap1.up = 'yes'), 'nodes.ns1.interfaces.tap1.up: "yes" is not true or false'],
  ['bridge options on an interface that is no bridge', (s) => (s.nodes.host.interfaces.p1.bridge = { stpState: 0 }), 'nodes.host.interfaces.p1.bridge: only for kind bridge (this interface has no kind)'],
  ['no name', (s) => delete s.name, '(top level): name is required'],
  ['nodes as a list', (s) => (s.nodes = []), 'nodes: a list where a mapping was expected'],
  ["a route to 'defualt'", (s) => (s.nodes.ns1.routes[0].dst = 'defualt'), "nodes.ns1.routes[0].dst: \"defualt\" is not 'default' or a prefix"],
  ['a devconf value out of range', (s) => (s.nodes.ns1.interfaces.tap1.inet = { rpFilter: 3 }), 'nodes.ns1.interfaces.tap1.inet.rpFilter: 3 is outside 0..2'],
  ['a vxlan without its VNI', (s) => (s.nodes.host.interfaces.vx0 = { kind: 'vxlan', vxlan: { port: 4789 } }), 'nodes.host.interfaces.vx0.vxlan: id is required'],
  ['a node name with a slash', (s) => (s.nodes['a/b'] = {}), 'nodes["a/b"]: "a/b" is not a node name'],
]

t.test('malformed files: both reject, and the message names the path and the value', async (t) => {
  for (const [what, mutate, message] of SHAPE) {
    const s = base()
    mutate(s)
    t.notOk(check(s), `ajv rejects ${what}`)
    t.ok(shapeProblems(s).length > 0, `nlwire rejects ${what}`)
    const err = (() => {
      try {
        validateTopology(s, 'bad.yaml')
      } catch (e) {
        return e
      }
      return undefined
    })()
    t.type(err, TopologyFileError)
    t.ok((err as Error).message.includes(message), `${what}: ${message}`, { got: (err as Error).message })
  }
})

const REFERENCES: [string, (s: Record<string, any>) => void, string][] = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  ['a master that is not a bridge', (s) => (s.nodes.host.interfaces.p1.master = 'p9'), 'nodes.host.interfaces.p1.master: "p9" is not a bridge of node host'],
  ['a cable to a node that is not declared', (s) => (s.cables[0][0] = 'ns9:tap1'), 'cables[0][0]: "ns9:tap1": there is no node ns9'],
  ['a veth that is no cable end', (s) => (s.nodes.ns1.interfaces.v9 = { kind: 'veth' }), 'nodes.ns1.interfaces.v9.kind: a veth is made by a cable'],
  ['a route through an interface the node does not have', (s) => (s.nodes.ns1.routes[0] = { dst: '10.0.0.0/8', dev: 'eth7' }), 'nodes.ns1.routes[0].dev: "eth7" is not an interface of node ns1'],
  ['a gateway of the other family', (s) => (s.nodes.ns1.routes[0] = { dst: '10.0.0.0/8', via: '2001:db8::1' }), 'nodes.ns1.routes[0].via: "2001:db8::1" is not of the family of 10.0.0.0/8'],
  ['an nsid for the namespace itself', (s) => (s.nodes.ns1.nsids = { ns1: 3 }), 'nodes.ns1.nsids.ns1: a namespace has no nsid for itself'],
  ['an Open vSwitch bridge outside the host', (s) => (s.nodes.ns1.interfaces.sw = { kind: 'ovs-bridge' }), 'nodes.ns1.interfaces.sw.kind: an ovs-bridge lives in the host'],
  ['an internal port without its switch', (s) => (s.nodes.ns1.interfaces.i0 = { kind: 'ovs-internal' }), 'nodes.ns1.interfaces.i0.switch: an ovs-internal port needs switch: OVS-BRIDGE'],
  ['one interface on two cables', (s) => s.cables.push(['ns1:tap1', 'host:br0x']), 'cables[1][0]: "ns1:tap1" is already an end of cables[0]'],
  ['a cable end declared as a bridge', (s) => (s.cables[0][1] = 'host:br0'), 'cables[0][1]: "host:br0" is declared with kind bridge; a cable end is a veth'],
  ['two routes with the same key', (s) => s.nodes.ns1.routes.push({ dst: 'default', via: '192.168.88.2' }), 'nodes.ns1.routes[1]: the same destination, table and metric as routes[0]'],
]

t.test('references: beyond what a JSON Schema says, the validator catches them', async (t) => {
  for (const [what, mutate, message] of REFERENCES) {
    const s = base()
    mutate(s)
    t.ok(check(s), `the schema accepts ${what} (it has no way to say it)`, { errors: check.errors })
    t.throws(() => validateTopology(s, 'bad.yaml'), { message: new RegExp(message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) }, `${what}: ${message}`)
  }
})

t.test('YAML: syntax errors say where, duplicate keys are errors', async (t) => {
  await t.rejects(parseTopology('name: x\nnodes: {\n', 'a.yaml'), { message: /a\.yaml: .*line \d+, column \d+: not YAML/s })
  await t.rejects(parseTopology('name: x\nname: y\nnodes: {}\n', 'b.yaml'), { message: /not YAML: Map keys must be unique/ })
  await t.rejects(parseTopology('{"name": "x", "nodes": ', 'c.json'), { message: /c\.json: .*not JSON/s })
  const ok = await parseTopology('name: x\nnodes:\n  ns1:\n    interfaces:\n      lo: { up: true, mac: 02:00:00:00:00:01 }\n', 'd.yaml')
  t.equal(ok.nodes.ns1!.interfaces!.lo!.mac, '02:00:00:00:00:01', 'a MAC stays a string (YAML 1.1 would read a base-60 number)')
})

t.test('JSON: the same object as the YAML file', async (t) => {
  const yaml = await parseTopology(readFileSync(join(ROOT, 'examples/s5-bridge.yaml'), 'utf8'), 's5-bridge.yaml')
  const json = await parseTopology(JSON.stringify(yaml, null, 2), 's5-bridge.json')
  t.strictSame(json, yaml)
  t.ok(check(json), 'and the schema accepts it')
})
