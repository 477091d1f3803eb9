// Live, beside `bridge -d monitor mdb`: the bridge's MDB notifications as the codecs decode them
// and formatMdb prints them, for the entries `bridge mdb` adds and deletes in a scratch namespace
// (permanent and temporary, IPv4, IPv6, (S, G), L2 groups, a router port coming and going). The
// text between two marker entries must be the same, character for character.
import t from 'tap'
import { spawnSync } from 'node:child_process'
import { open } from '../src/api/netlink.js'
import { formatMdb } from '../codecs/iproute2/index.js'
import { LinkCache } from '../codecs/iproute2/index.js'
import { RTNLGRP_MDB } from '../codecs/rtnetlink.js'
import type { Message } from '../codecs/core/nlmsg.js'
import { needsRoot, ip, scratchNetns, waitFor } from './helpers/scratch.js'
import { watch } from './helpers/monitor-side-by-side.js'

const bridge = (ns: string, ...args: string[]): void => {
  const r = spawnSync('bridge', ['-n', ns, ...args], { encoding: 'utf8', timeout: 10_000 })
  if (r.status !== 0) throw new Error(`bridge ${args.join(' ')}: ${r.stderr}`)
}

t.test('bridge -d monitor mdb and formatMdb print the same', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'mdbmon')
  // No IPv6 in the namespace: the bridge's own MLD snooping would add entries at its own pace.
  for (const k of ['all', 'default']) spawnSync('ip', ['netns', 'exec', ns, 'sysctl', '-qw', `net.ipv6.conf.${k}.disable_ipv6=1`])
  ip('-n', ns, 'link', 'add', 'br0', 'type', 'bridge')
  ip('-n', ns, 'link', 'add', 'veth0', 'type', 'veth', 'peer', 'name', 'veth1')
  ip('-n', ns, 'link', 'set', 'veth0', 'master', 'br0')
  for (const l of ['br0', 'veth0', 'veth1']) ip('-n', ns, 'link', 'set', 'dev', l, 'up')

  const links = new LinkCache()
  for (const l of JSON.parse(ip('-n', ns, '-j', 'link', 'show')) as { ifindex: number; ifname: string }[]) links.set(l.ifindex, { name: l.ifname, flags: 0 })

  // stdbuf: bridge monitor's stdout is a pipe here, block-buffered otherwise.
  const mon = watch(t, 'ip', ['netns', 'exec', ns, 'stdbuf', '-oL', 'bridge', '-d', 'monitor', 'mdb'])
  const nl = await open({ netns: ns })
  t.teardown(() => nl.close())
  const sub = await nl.client.subscribe([RTNLGRP_MDB])
  const ours: Message[] = []
  void (async () => {
    for await (const m of sub) ours.push(m)
  })()
  const text = (): string => ours.map((m) => formatMdb(m, { links })).join('')

  // Marker entries, added until both have seen one (the monitor needs a moment to join).
  let k = 0
  const marker = async (): Promise<string> => {
    for (let i = 0; i < 20; i++) {
      const line = `dev br0 port veth0 grp 239.9.9.${++k} permanent proto static \n`
      bridge(ns, 'mdb', 'add', 'dev', 'br0', 'port', 'veth0', 'grp', `239.9.9.${k}`, 'permanent')
      if (await waitFor(() => mon.out().includes(line) && text().includes(line), 1500)) return line
    }
    throw new Error(`no marker seen: ${mon.err()}`)
  }
  const start = await marker()
  bridge(ns, 'mdb', 'add', 'dev', 'br0', 'port', 'veth0', 'grp', '239.1.1.1', 'permanent')
  bridge(ns, 'mdb', 'add', 'dev', 'br0', 'port', 'veth0', 'grp', 'ff0e::1', 'temp')
  bridge(ns, 'mdb', 'add', 'dev', 'br0', 'port', 'veth0', 'grp', '239.1.1.2', 'src', '10.0.0.1', 'permanent')
  bridge(ns, 'mdb', 'add', 'dev', 'br0', 'port', 'veth0', 'grp', '01:00:5e:01:01:05', 'permanent')
  bridge(ns, 'mdb', 'add', 'dev', 'br0', 'port', 'br0', 'grp', '239.1.1.3', 'temp')
  ip('-n', ns, 'link', 'set', 'dev', 'veth0', 'type', 'bridge_slave', 'mcast_router', '2')
  bridge(ns, 'mdb', 'del', 'dev', 'br0', 'port', 'veth0', 'grp', '239.1.1.1')
  bridge(ns, 'mdb', 'del', 'dev', 'br0', 'port', 'veth0', 'grp', 'ff0e::1')
  ip('-n', ns, 'link', 'set', 'dev', 'veth0', 'type', 'bridge_slave', 'mcast_router', '0')
  const end = await marker()

  const cut = (s: string): string => s.slice(s.indexOf(start) + start.length, s.indexOf(end))
  const theirs = cut(mon.out())
  const mine = cut(text())
  t.equal(mine, theirs, 'formatMdb = bridge -d monitor mdb')
  const lines = theirs.split('\n').filter(Boolean)
  t.ok(lines.length >= 9, `${lines.length} lines`)
  t.ok(lines.some((l) => l.startsWith('Deleted router port')), 'a router port went away')
  t.ok(lines.some((l) => l.includes(' src 10.0.0.1 ')), 'an (S, G) entry')
  await sub.return?.()
})
