// ─────────────────────────────────────────────────────────────────────────────────────────────
// TEMPORARY ADAPTER for the rtnetlink half of S6/S7 (namespaces, veth pairs, moving links,
// addresses, links up).
//
// TODO(merge): nlwire's rtnetlink API (open(), netns.add, link.add, ...) is being written on other
// branches. When merging, the lead switches each function below to that API, e.g.
//   addNetns     → netns.add(name)
//   addVeth      → (await open({ netns })).link.add({ name, kind: 'veth', peer: { name: peer } })
//   moveToNetns  → link.set(ifname, { netns: target })
//   setUp        → link.set(ifname, { up: true })
//   addAddress   → addr.add(ifname, cidr)
// and deletes the `ip` calls. Nothing else in the OVS tests shells out for rtnetlink work; the
// Open vSwitch side already uses only nlwire's OVSDB client.
// ─────────────────────────────────────────────────────────────────────────────────────────────
import { execFile } from 'node:child_process'

function ip(args: string[]): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('ip', args, { timeout: 10000, encoding: 'utf8' }, (err, _stdout, stderr) =>
      err ? reject(new Error(`ip ${args.join(' ')}: ${stderr.trim() || err.message}`)) : resolve(),
    ),
  )
}

export const netSteps = {
  addNetns: (name: string) => ip(['netns', 'add', name]),
  /** Never throws: used in teardown. */
  delNetns: (name: string) => ip(['netns', 'del', name]).catch(() => undefined),
  /** A veth pair, both ends created in `netns`. */
  addVeth: (netns: string, name: string, peer: string) =>
    ip(['-n', netns, 'link', 'add', name, 'type', 'veth', 'peer', 'name', peer]),
  moveToNetns: (netns: string, ifname: string, target: string) =>
    ip(['-n', netns, 'link', 'set', ifname, 'netns', target]),
  setUp: (netns: string, ifname: string) => ip(['-n', netns, 'link', 'set', 'dev', ifname, 'up']),
  addAddress: (netns: string, ifname: string, cidr: string) =>
    ip(['-n', netns, 'addr', 'add', cidr, 'dev', ifname]),
}
