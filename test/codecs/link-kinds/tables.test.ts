// The tables against their constants: every exported attribute constant (except UNSPEC and the
// u64 PAD fillers) has a row under its own name and value, every row has a constant, the values
// run without gaps from 0 to the kernel 6.18 maximum, and each kind name is exported.
// (The maxima were confirmed on the running 6.18 kernel: an attribute one past the maximum is
// ignored by the policy, while the maximum itself is validated.)
import t from 'tap'
import type { AttrSet } from '../../../codecs/core/attrs.js'
import * as bridgePort from '../../../codecs/link/bridge-port.js'
import * as bridge from '../../../codecs/link/bridge.js'
import * as gre from '../../../codecs/link/gre.js'
import * as macvlan from '../../../codecs/link/macvlan.js'
import * as tun from '../../../codecs/link/tun.js'
import * as vlan from '../../../codecs/link/vlan.js'
import * as vxlan from '../../../codecs/link/vxlan.js'

interface Table {
  module: Record<string, unknown>
  set: AttrSet
  prefix: string
  /** Constants with the prefix that belong to another table. */
  exclude?: string
  max: number
}

const tables: Table[] = [
  { module: bridge, set: bridge.bridgeAttrs, prefix: 'IFLA_BR_', max: 49 },
  { module: bridge, set: bridge.bridgeQuerierStateAttrs, prefix: 'BRIDGE_QUERIER_', max: 7 },
  { module: bridgePort, set: bridgePort.bridgePortAttrs, prefix: 'IFLA_BRPORT_', max: 44 },
  { module: vxlan, set: vxlan.vxlanAttrs, prefix: 'IFLA_VXLAN_', max: 34 },
  { module: macvlan, set: macvlan.macvlanAttrs, prefix: 'IFLA_MACVLAN_', max: 9 },
  { module: tun, set: tun.tunAttrs, prefix: 'IFLA_TUN_', max: 9 },
  { module: gre, set: gre.greAttrs, prefix: 'IFLA_GRE_', max: 24 },
  { module: vlan, set: vlan.vlanAttrs, prefix: 'IFLA_VLAN_', exclude: 'IFLA_VLAN_QOS_', max: 5 },
  { module: vlan, set: vlan.vlanQosAttrs, prefix: 'IFLA_VLAN_QOS_', max: 1 },
]

const NOT_IN_TABLE = /_(UNSPEC|PAD)$/

for (const tb of tables) {
  t.test(`${tb.set.name}: constants and rows agree`, async (t) => {
    const consts = Object.entries(tb.module).filter(
      (e): e is [string, number] => e[0].startsWith(tb.prefix) && !(tb.exclude && e[0].startsWith(tb.exclude)) && typeof e[1] === 'number',
    )
    const values = consts.map(([, v]) => v).sort((a, b) => a - b)
    t.strictSame(values, Array.from({ length: tb.max + 1 }, (_, i) => i), `values 0..${tb.max}, no gaps, no repeats`)
    for (const [name, value] of consts) {
      if (NOT_IN_TABLE.test(name)) {
        t.equal(tb.set.byType[value], undefined, `${name} has no row`)
        continue
      }
      t.equal(tb.set.byType[value]?.name, name, `${name} = ${value} has its row`)
    }
    for (const spec of tb.set.specs) t.equal(tb.module[spec.name], spec.type, `row ${spec.name} has its constant`)
  })
}

t.test('the MAC list nest holds only IFLA_MACVLAN_MACADDR, repeated', async (t) => {
  const specs = macvlan.macvlanMacaddrDataAttrs.specs
  t.equal(specs.length, 1)
  t.match(specs[0], { type: macvlan.IFLA_MACVLAN_MACADDR, name: 'IFLA_MACVLAN_MACADDR', multi: true })
})

t.test('kind names for registration', async (t) => {
  t.equal(bridge.BRIDGE_KIND, 'bridge')
  t.equal(bridgePort.BRIDGE_SLAVE_KIND, 'bridge')
  t.equal(bridgePort.BRIDGE_SLAVE_KIND_IPROUTE2, 'bridge_slave')
  t.equal(vxlan.VXLAN_KIND, 'vxlan')
  t.equal(macvlan.MACVLAN_KIND, 'macvlan')
  t.equal(macvlan.MACVTAP_KIND, 'macvtap')
  t.equal(tun.TUN_KIND, 'tun')
  t.strictSame([...gre.GRE_KINDS], ['gre', 'gretap', 'erspan', 'ip6gre', 'ip6gretap', 'ip6erspan'])
  t.equal(vlan.VLAN_KIND, 'vlan')
})
