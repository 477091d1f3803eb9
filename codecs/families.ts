// Registration, all of it and only here: which body codec decodes which nlmsg_type (the control
// messages, every family), which table decodes which link kind, slave kind and protinfo family,
// and the names of the message types. codecs/messages.ts (decode, encode, bodyFor) loads this
// module, so whatever decodes any message sees every family; the family modules themselves
// register nothing and can be used alone (link.decode ...).
import { registerFamily } from './core/bodies.js'
import type { FamilyCodec } from './core/family-codec.js'
import { type Message, type BodyCodec, NLMSG_DONE, NLMSG_ERROR, nameMessageTypes } from './core/nlmsg.js'
import { bodyFor } from './core/bodies.js'
import { doneBodyCodec, errorBodyCodec } from './core/nlmsgerr.js'
import { NLMSG_TSTAMP, tstampBody } from './inputs/rtmon.js'
import { link, linkBody, linkProp } from './link/link.js'
import { VETH_KIND, vethInfoAttrs } from './link/veth.js'
import { registerLinkKind, registerSlaveKind } from './link/linkinfo.js'
import { registerProtinfo } from './link/protinfo.js'
import { BRIDGE_KIND, bridgeAttrs } from './link/bridge.js'
import { BRIDGE_SLAVE_KIND, bridgePortAttrs } from './link/bridge-port.js'
import { VXLAN_KIND, vxlanAttrs } from './link/vxlan.js'
import { MACVLAN_KIND, MACVTAP_KIND, macvlanAttrs } from './link/macvlan.js'
import { TUN_KIND, tunAttrs } from './link/tun.js'
import { GRE_KINDS, greAttrs } from './link/gre.js'
import { VLAN_KIND, vlanAttrs } from './link/vlan.js'
import { AF_BRIDGE, AF_INET6 } from './address-families.js'
import { inet6Attrs } from './link/inet6.js'
import { addr } from './addr.js'
import { RTM_DELANYCAST, RTM_DELMULTICAST, RTM_GETANYCAST, RTM_GETMULTICAST, RTM_NEWANYCAST, RTM_NEWMULTICAST } from './rtnetlink.js'
import { route } from './route.js'
import { neigh } from './neigh.js'
import { nsid } from './nsid.js'
import { netconf } from './netconf.js'
import { rule } from './rule.js'
import { nexthop } from './nexthop.js'
import { addrlabel } from './addrlabel.js'
import { mdb } from './mdb/mdb.js'

/** The families `decode()` dispatches to, by nlmsg_type. */
export const FAMILIES: readonly FamilyCodec<Message>[] = [
  link as FamilyCodec<Message>,
  linkProp as FamilyCodec<Message>,
  addr as FamilyCodec<Message>,
  route as FamilyCodec<Message>,
  neigh as FamilyCodec<Message>,
  nsid as FamilyCodec<Message>,
  netconf as FamilyCodec<Message>,
  rule as FamilyCodec<Message>,
  nexthop as FamilyCodec<Message>,
  addrlabel as FamilyCodec<Message>,
  mdb as FamilyCodec<Message>,
]

// Control messages: NLMSG_ERROR (its echoed request decoded by whatever codec it is of),
// NLMSG_DONE, and the timestamps rtmon files hold between messages.
registerFamily([NLMSG_ERROR], errorBodyCodec(bodyFor) as BodyCodec)
registerFamily([NLMSG_DONE], doneBodyCodec as BodyCodec)
registerFamily([NLMSG_TSTAMP], tstampBody as BodyCodec)
nameMessageTypes({ [NLMSG_TSTAMP]: 'NLMSG_TSTAMP' })

for (const f of FAMILIES) registerFamily(f.types, f.body)

// Linux 6.13+ notifies multicast and anycast address changes with their own message types, laid
// out as address messages (ifaddrmsg, IFA_MULTICAST / IFA_ANYCAST, IFA_CACHEINFO).
registerFamily([RTM_NEWMULTICAST, RTM_DELMULTICAST, RTM_GETMULTICAST, RTM_NEWANYCAST, RTM_DELANYCAST, RTM_GETANYCAST], addr.body)

// The veth peer is a link body itself (recursively: it has its own IFLA_LINKINFO).
registerLinkKind(VETH_KIND, vethInfoAttrs(linkBody as BodyCodec<object>))
registerLinkKind(BRIDGE_KIND, bridgeAttrs)
// Kernel replies name the port's kind 'bridge'; iproute2's `type bridge_slave` requests use
// 'bridge_slave', which linkinfo maps to the slave table of 'bridge'.
registerSlaveKind(BRIDGE_SLAVE_KIND, bridgePortAttrs)
registerProtinfo(AF_BRIDGE, bridgePortAttrs)
registerProtinfo(AF_INET6, inet6Attrs)
registerLinkKind(VXLAN_KIND, vxlanAttrs)
registerLinkKind(MACVLAN_KIND, macvlanAttrs)
registerLinkKind(MACVTAP_KIND, macvlanAttrs)
registerLinkKind(TUN_KIND, tunAttrs)
for (const k of GRE_KINDS) registerLinkKind(k, greAttrs)
registerLinkKind(VLAN_KIND, vlanAttrs)
