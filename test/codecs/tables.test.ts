// Every attribute table against its constants and its TypeScript interface, for every table the
// codecs export (link-kinds/tables.test.ts adds the kernel maxima of the link kinds):
//   - every row is an exported constant of the same name and value, and no name has two values;
//   - every constant under a table's prefix is a row of some table (attribute types), or one of
//     the value names listed below, which share a prefix without being attribute types;
//   - every row's key is a property of the table's interface (or of the type read off its rows,
//     AttrValue), and every property of it is a row's key (or a header field, `unknown`, `tail`),
//     so a decoded value and its type agree; for a derived type this checks the type-level key
//     derivation against keyFromName.
// A new table must be added to INTERFACES: the test fails naming it until it is.
import t from 'tap'
import { readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { AttrSet } from '../../codecs/core/attr-set.js'
import { StructCodec } from '../../codecs/core/struct.js'
import { linkInfoAttrs } from '../../codecs/link/linkinfo.js'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))
const CODECS = join(ROOT, 'codecs')

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : []
  })
}

/** The interface each table decodes into, and the header (a struct, an interface, or keys) whose fields share it. */
const INTERFACES: Readonly<Record<string, readonly [string, (string | readonly string[])?]>> = {
  addrAttrs: ['AddrBody', 'ifaddrmsg'],
  addrlabelAttrs: ['AddrlabelBody', 'ifaddrlblmsg'],
  afBridgeAttrs: ['AfBridgeAttrs'],
  afSpecAttrs: ['AfSpecAttrs'],
  bridgeAttrs: ['BridgeAttrs'],
  bridgePortAttrs: ['BridgePortAttrs'],
  bridgeQuerierStateAttrs: ['BridgeQuerierState'],
  bridgeVlanTunnelAttrs: ['BridgeVlanTunnelInfo'],
  extackAttrs: ['ExtAck'],
  fdbExtAttrs: ['FdbExtAttrs'],
  greAttrs: ['GreAttrs'],
  groupStatsAttrs: ['NexthopGroupStats'],
  groupStatsEntryAttrs: ['NexthopGroupStatsEntry'],
  inet6Attrs: ['Inet6Attrs'],
  inetAttrs: ['InetAttrs'],
  ipv4DevconfAttrs: ['Ipv4Devconf'],
  ipv6DevconfAttrs: ['Ipv6Devconf'],
  linkAttrs: ['LinkAttrs'],
  linkinfo: ['LinkInfo'],
  macvlanAttrs: ['MacvlanAttrs'],
  macvlanMacaddrDataAttrs: ['MacvlanMacaddrData'],
  mctpAttrs: ['MctpAttrs'],
  mdbAttrs: ['MdbBody', 'br_port_msg'],
  mdbEntryAttrs: ['MdbEntryInfo', 'BrMdbEntry'],
  mdbEntryInfoAttrs: ['MdbGroupEntry'],
  mdbGetAttrs: ['MdbGetBody', 'br_port_msg'],
  mdbMdbAttrs: ['MdbMdb'],
  mdbRouterAttrs: ['MdbRouter'],
  mdbRouterPortAttrs: ['MdbRouterPort', ['ifindex']],
  mdbSetAttrs: ['MdbSetBody', 'br_port_msg'],
  mdbSrcAttrs: ['MdbSource'],
  mdbSrcListAttrs: ['MdbSrcList'],
  mdbeAttrs: ['MdbeAttrs'],
  mdbeSrcAttrs: ['MdbeSource'],
  mdbeSrcListAttrs: ['MdbeSrcList'],
  metricsAttrs: ['RouteMetrics'],
  neighAttrs: ['NeighBody', 'ndmsg'],
  netconfAttrs: ['NetconfBody', 'netconfmsg'],
  nexthopAttrs: ['NexthopBody', 'nhmsg'],
  nsidAttrs: ['NsidBody', 'rtgenmsg'],
  policyTypeAttrs: ['NlPolicyType'],
  propListAttrs: ['PropList'],
  protoDownReasonAttrs: ['ProtoDownReason'],
  resBucketAttrs: ['NexthopResBucket'],
  resGroupAttrs: ['NexthopResGroup'],
  routeAttrs: ['RouteAttrs'],
  ruleAttrs: ['RuleBody', 'fib_rule_hdr'],
  tunAttrs: ['TunAttrs'],
  vlanAttrs: ['VlanAttrs'],
  vlanQosAttrs: ['VlanQos'],
  vxlanAttrs: ['VxlanAttrs'],
  xdpAttrs: ['XdpAttrs'],
}

/** Constants that share a table's prefix but name values, not attribute types (and why). */
const VALUE_NAMES: Readonly<Record<string, string>> = {
  AF_MPLS: 'an address family without an IFLA_AF_SPEC table',
  AF_PACKET: 'an address family without an IFLA_AF_SPEC table',
  IFLA_TARGET_NETNSID: 'IFLA_IF_NETNSID by its other kernel name',
  NETCONFA_ALL: 'a value of ncm_family requests, not an attribute',
  NETNSA_NONE: 'NETNSA_NSID_NOT_ASSIGNED by another name',
  NETNSA_NSID_NOT_ASSIGNED: 'the nsid value -1',
}
/** Also not attribute types: placeholders and bounds; and families of values (IFA_F_*, IFLA_EVENT_* ...) under a prefix. */
const NOT_A_ROW = /_(UNSPEC|PAD|MAX|UNUSED\d*)$/

interface Found {
  where: string
  set: AttrSet
}

const consts = new Map<string, { value: number; where: string }>()
const clashes: string[] = []
const sets = new Map<string, Found>()
const structs = new Map<string, StructCodec>()
for (const f of files(CODECS)) {
  const m = (await import(f)) as Record<string, unknown>
  const where = relative(ROOT, f)
  for (const [k, v] of Object.entries(m)) {
    if (typeof v === 'number' && /^[A-Z][A-Z0-9_]*$/.test(k)) {
      const had = consts.get(k)
      if (had !== undefined && had.value !== v) clashes.push(`${k}: ${had.value} in ${had.where}, ${v} in ${where}`)
      consts.set(k, { value: v, where })
    }
    if (v instanceof AttrSet && ![...sets.values()].some((s) => s.set === v)) sets.set(k, { where, set: v })
    if (v instanceof StructCodec) structs.set(v.name, v)
  }
}
sets.set('linkinfo', { where: 'codecs/link/linkinfo.ts', set: linkInfoAttrs() })

t.test('every exported table is checked here', async (t) => {
  t.ok(sets.size > 40, `${sets.size} tables`)
  t.strictSame([...sets.keys()].filter((k) => INTERFACES[k] === undefined), [], 'tables without an entry in INTERFACES')
  t.strictSame(Object.keys(INTERFACES).filter((k) => !sets.has(k)), [], 'entries of INTERFACES that are no table')
  t.strictSame(clashes, [], 'no constant is exported with two values')
})

const rowNames = new Set([...sets.values()].flatMap((s) => s.set.specs.map((r) => r.name)))

/** The longest prefix ending in '_' that every row name of the table starts with. */
function prefixOf(names: readonly string[]): string {
  let p = names[0]!
  for (const n of names) while (!n.startsWith(p)) p = p.slice(0, -1)
  return p.slice(0, p.lastIndexOf('_') + 1)
}

for (const [name, { where, set }] of sets) {
  t.test(`${name} (${where}): rows and constants agree`, async (t) => {
    for (const r of set.specs) t.equal(consts.get(r.name)?.value, r.type, `row ${r.name} is the constant ${r.name} = ${r.type}`)
    const prefix = prefixOf(set.specs.map((r) => r.name))
    const extra = [...consts.keys()].filter((c) => c.startsWith(prefix) && !rowNames.has(c) && !NOT_A_ROW.test(c) && VALUE_NAMES[c] === undefined)
    // A word after the prefix shared by several such constants is a family of values (IFA_F_*).
    const families = new Map<string, number>()
    for (const c of extra) {
      const w = c.slice(0, c.indexOf('_', prefix.length) + 1)
      if (w.length > prefix.length) families.set(w, (families.get(w) ?? 0) + 1)
    }
    const loose = extra.filter((c) => {
      const w = c.slice(0, c.indexOf('_', prefix.length) + 1)
      return !(w.length > prefix.length && (families.get(w) ?? 0) > 1)
    })
    t.strictSame(loose, [], `constants under ${prefix} that no table has a row for`)
  })
}

// The interfaces, as the compiler sees them (inherited properties included).
const program = ts.createProgram([join(CODECS, 'index.ts')], {
  strict: true,
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ES2022,
  noEmit: true,
})
const checker = program.getTypeChecker()
const interfaces = new Map<string, string[]>()
for (const sf of program.getSourceFiles()) {
  if (!sf.fileName.startsWith(CODECS)) continue
  ts.forEachChild(sf, (n) => {
    // An interface, or a type read off a table's rows (`type X = AttrValue<typeof xAttrs>`).
    if ((ts.isInterfaceDeclaration(n) || ts.isTypeAliasDeclaration(n)) && n.name !== undefined) {
      const type = checker.getTypeAtLocation(n.name)
      interfaces.set(n.name.text, checker.getPropertiesOfType(type).map((p) => p.name))
    }
  })
}

for (const [name, { set }] of sets) {
  const [iface, header] = INTERFACES[name] ?? []
  if (iface === undefined) continue
  t.test(`${name}: its rows are the keys of ${iface}`, async (t) => {
    const props = interfaces.get(iface)
    if (props === undefined) return t.fail(`no interface ${iface} in codecs/`)
    const keys = set.specs.map((r) => r.key)
    const headerKeys =
      header === undefined ? [] : typeof header !== 'string' ? header : (structs.get(header)?.fields.map((f) => f.key) ?? interfaces.get(header) ?? [`(no struct or interface ${header})`])
    t.strictSame(keys.filter((k) => !props.includes(k)), [], `row keys ${iface} lacks`)
    t.strictSame(
      props.filter((p) => !keys.includes(p) && !headerKeys.includes(p) && p !== 'unknown' && p !== 'tail'),
      [],
      `properties of ${iface} no row decodes`,
    )
  })
}
