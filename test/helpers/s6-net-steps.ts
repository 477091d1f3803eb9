// The rtnetlink half of S6/S7 (namespaces, veth pairs, moving links, addresses, links up), done
// with nlwire's own API: one client per namespace (a relay process), kept for the test's steps
// and closed by closeAll() in teardown.
import { netns } from '../../src/netns.js'
import { open, type Netlink } from '../../src/api/netlink.js'

const clients = new Map<string, Promise<Netlink>>()

function client(ns: string): Promise<Netlink> {
  let c = clients.get(ns)
  if (c === undefined) {
    c = open({ netns: ns })
    clients.set(ns, c)
  }
  return c
}

async function closeClient(ns: string): Promise<void> {
  const c = clients.get(ns)
  clients.delete(ns)
  if (c !== undefined) await (await c).close().catch(() => undefined)
}

export const netSteps = {
  addNetns: (name: string) => netns.add(name),
  /** Never throws: used in teardown. */
  delNetns: async (name: string) => {
    await closeClient(name)
    await netns.del(name).catch(() => undefined)
  },
  /** A veth pair, both ends created in `ns`. */
  addVeth: async (ns: string, name: string, peer: string) => (await client(ns)).link.add({ name, kind: 'veth', peer: { name: peer } }),
  moveToNetns: async (ns: string, ifname: string, target: string) => (await client(ns)).link.set(ifname, { netns: target }),
  setUp: async (ns: string, ifname: string) => (await client(ns)).link.set(ifname, { up: true }),
  addAddress: async (ns: string, ifname: string, cidr: string) => (await client(ns)).addr.add(ifname, cidr),
  /** Close every client (before the namespaces go). */
  closeAll: async () => {
    for (const ns of [...clients.keys()]) await closeClient(ns)
  },
}
