// The sentences users read when the kernel refuses an API call, for the cases people hit. With
// koffi, nlwire's sockets set NETLINK_EXT_ACK and the kernel's own text ("The interface netns is
// immutable") follows these as "(kernel: ...)"; without it these are all there is.
import { defineErrorWording, type ErrorContext } from '../error-wording.js'

const d = (c: ErrorContext, k: string): unknown => c.details[k]
const noLink = (c: ErrorContext): string | undefined =>
  d(c, 'lookup') ? `there is no link named ${c.object} in this network namespace` : undefined

defineErrorWording('link.add', {
  EEXIST: (c) => `a link named ${c.object} already exists${d(c, 'peer') ? ` (or the peer name ${String(d(c, 'peer'))} is taken)` : ''}`,
  // With the extended ack the kernel's "Unknown device type" follows; without it, it is quoted here.
  EOPNOTSUPP: (c) =>
    c.kernelMessage !== undefined
      ? `this kernel does not know link kind '${String(d(c, 'kind'))}' (its module is not available)`
      : `this kernel does not know link kind '${String(d(c, 'kind'))}' ("Unknown device type": its module is not available)`,
  ENODEV: noLink,
  // veth_open() of a peer created with IFF_UP runs before the pair is linked; ip fails the same way.
  ENOTCONN: (c) =>
    d(c, 'peerUp') === true
      ? `the veth peer ${String(d(c, 'peer'))} cannot be brought up by the request that creates it (the kernel opens it before the pair is joined); create the pair, then set the peer up`
      : undefined,
  EINVAL: (c) => newLinkMtu(c) ?? (d(c, 'kind') === 'vxlan' ? 'the kernel refused the vxlan options (a VNI is needed, and a remote or group to send to)' : undefined),
})

/**
 * The MTU range a new link of these kinds gets from the kernel (ether_setup's ETH_MIN_MTU, and
 * ETH_MAX_MTU from veth_setup / br_dev_setup); other kinds depend on their lower device or have no
 * limit (ifb), so nothing is claimed for them.
 */
const NEW_LINK_MTU: Readonly<Record<string, readonly [number, number]>> = { veth: [68, 65535], bridge: [68, 65535] }

/** Did the kernel point at the MTU (IFLA_MTU, or its text says so)? */
const blamesMtu = (c: ErrorContext): boolean => (c.attrPath?.some((a) => /MTU/i.test(a)) ?? false) || /\bmtu\b/i.test(c.kernelMessage ?? '')

/** link.add refused with an mtu: name it only when it is the reason (out of the kind's range, or the kernel says so). */
function newLinkMtu(c: ErrorContext): string | undefined {
  const mtu = d(c, 'mtu')
  if (typeof mtu !== 'number') return undefined
  const kind = String(d(c, 'kind'))
  const range = NEW_LINK_MTU[kind]
  const outside = range !== undefined && (mtu < range[0] || mtu > range[1])
  if (outside) return `mtu ${mtu} is outside the range a new ${kind} link takes, ${range[0]}..${range[1]}`
  if (blamesMtu(c)) return `mtu ${mtu} is outside the range a new ${kind} link takes`
  return undefined
}

defineErrorWording('link.set', {
  ENODEV: noLink,
  EINVAL: (c) => {
    if (d(c, 'netns') !== undefined && d(c, 'netnsImmutable') === true) {
      return `${c.object} cannot change network namespace: it is netns-local (IFLA_NETNS_IMMUTABLE, as loopback and bridges are); nothing was changed`
    }
    // The mtu is blamed only when it is the reason: outside the range the lookup reported (a
    // value inside it was refused for something else), or the kernel says so.
    const mtu = d(c, 'mtu')
    if (typeof mtu === 'number') {
      const min = d(c, 'minMtu')
      const max = d(c, 'maxMtu')
      if (typeof min === 'number' && typeof max === 'number') {
        if (mtu < min || (max > 0 && mtu > max)) return `mtu ${mtu} is outside ${c.object}'s range ${min}..${max}`
      } else if (blamesMtu(c)) return `mtu ${mtu} is not valid for ${c.object}`
    }
    if (d(c, 'netns') !== undefined) return `${c.object} cannot be moved to network namespace ${String(d(c, 'netns'))}`
    return undefined
  },
  EEXIST: (c) => (d(c, 'newName') !== undefined ? `a link named ${String(d(c, 'newName'))} already exists` : undefined),
  EBUSY: (c) => (d(c, 'newName') !== undefined ? `${c.object} is up: take it down before renaming it` : undefined),
  EOPNOTSUPP: (c) => (d(c, 'master') !== undefined ? `${c.object} cannot be enslaved to ${String(d(c, 'master'))} (is it a bridge?)` : undefined),
  ELOOP: (c) => `enslaving ${c.object} to ${String(d(c, 'master'))} would make a loop`,
})

defineErrorWording('link.get', { ENODEV: (c) => `there is no link ${c.object} in this network namespace` })
defineErrorWording('link.del', {
  ENODEV: noLink,
  // rtnl_group_dellink(): group 0 is the default group of every link; the kernel refuses to delete
  // it as a whole, whatever the caller's privileges (and sends no extended ack).
  EPERM: (c) =>
    d(c, 'group') === 0
      ? 'group 0 is the default group every link is in, and the kernel never deletes it as a whole (delete the links by name, or move them to another group first)'
      : undefined,
  EOPNOTSUPP: (c) => `${c.object} cannot be deleted (devices like lo exist as long as their namespace)`,
})

for (const op of ['addr.add', 'addr.del', 'addr.list', 'route.add', 'route.del', 'neigh.add', 'neigh.del', 'neigh.list', 'fdb.add', 'fdb.del', 'fdb.list', 'link.list']) {
  defineErrorWording(op, { ENODEV: noLink })
}
defineErrorWording('addr.add', { EEXIST: (c) => `${String(d(c, 'cidr'))} is already on ${String(d(c, 'dev'))}` })
defineErrorWording('addr.del', { EADDRNOTAVAIL: (c) => `${String(d(c, 'cidr'))} is not an address of ${String(d(c, 'dev'))}` })
defineErrorWording('route.add', {
  EEXIST: (c) => `a route to ${c.object} already exists in that table (pass replace: true to replace it)`,
  ENETUNREACH: (c) => `gateway ${String(d(c, 'via'))} is not on any network this namespace is connected to (add an address on its subnet first)`,
})
defineErrorWording('route.del', { ESRCH: (c) => `there is no such route to ${c.object}` })
defineErrorWording('route.get', { ENETUNREACH: (c) => `no route to ${c.object}` })
defineErrorWording('neigh.add', { EEXIST: (c) => `there is already a neighbour entry for ${c.object} (pass replace: true)` })
defineErrorWording('neigh.del', { ENOENT: (c) => `there is no neighbour entry for ${c.object}` })
defineErrorWording('fdb.add', { EEXIST: (c) => `the FDB already has ${c.object}` })
defineErrorWording('fdb.del', { ENOENT: (c) => `the FDB has no entry ${c.object}` })
defineErrorWording('nsid.set', { EEXIST: (c) => `nsid ${String(d(c, 'id'))} is already in use, or ${c.object} already has an nsid` })
defineErrorWording('rule.add', {
  EEXIST: (c) => `a rule like ${c.object} already exists`,
  // fib_nl2rule: a goto must jump forward, to a priority above the rule's own.
  EINVAL: (c) => (d(c, 'goto') !== undefined ? `goto ${String(d(c, 'goto'))} must name a later rule (a priority above this rule's own)` : undefined),
})
defineErrorWording('rule.del', { ENOENT: (c) => `there is no rule matching ${c.object}` })
for (const op of ['nexthop.add', 'nexthop.replace', 'nexthop.list']) defineErrorWording(op, { ENODEV: noLink })
defineErrorWording('nexthop.add', { EEXIST: (c) => `nexthop ${c.object} already exists (pass replace: true to replace it)` })
for (const op of ['nexthop.del', 'nexthop.get']) defineErrorWording(op, { ENOENT: (c) => `there is no nexthop ${c.object}` })
