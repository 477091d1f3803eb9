// S5 of SCENARIOS.md with nlwire alone: a Linux bridge with two veth pairs, one port per
// namespace, addresses, default routes, and pings across the bridge (or, where iputils-ping is
// not installed, a UDP echo between Node processes in the namespaces). Everything lives in
// scratch namespaces that are removed at the end, even when something fails.
//
//   npm run demo        (root: it creates network namespaces)
import { spawnSync } from 'node:child_process'
import { accessSync, constants } from 'node:fs'
import { join } from 'node:path'
import { netns, open, type Netlink } from 'nlwire'
import { udpReach } from './udp-reach.js'

const tag = `nlw-demo-${process.pid}`
const host = `${tag}-host` // stands in for the machine's own namespace
const ns1 = `${tag}-ns1`
const ns2 = `${tag}-ns2`

const hasPing = (process.env.PATH ?? '').split(':').some((d) => {
  try {
    accessSync(join(d, 'ping'), constants.X_OK)
    return true
  } catch {
    return false
  }
})

/** ICMP with ping when it is installed, else a UDP echo: from namespace `from` to `addr` (in `to`). */
async function reach(from: string, to: string, addr: string): Promise<boolean> {
  let ok: boolean
  if (hasPing) ok = spawnSync('ip', ['netns', 'exec', from, 'ping', '-c', '2', '-W', '2', '-q', addr], { timeout: 15000 }).status === 0
  else ok = await udpReach(from, to, addr)
  console.log(`  ${hasPing ? 'ping' : 'udp'} ${from.replace(`${tag}-`, '')} -> ${addr}: ${ok ? 'ok' : 'FAILED'}`)
  return ok
}

async function build(nl: Netlink): Promise<void> {
  await nl.link.add({ name: 'br-test01', kind: 'bridge' })
  await nl.link.set('br-test01', { bridge: { stpState: 0 } })
  await nl.link.set('br-test01', { up: true })
  await nl.addr.add('br-test01', '192.168.88.1/24')
  for (const [i, ns] of [[1, ns1], [2, ns2]] as const) {
    await nl.link.add({ name: `tap${i}`, kind: 'veth', peer: { name: `br-tap${i}` } })
    await nl.link.set(`br-tap${i}`, { master: 'br-test01' })
    await nl.link.set(`tap${i}`, { netns: ns })
    await nl.link.set(`br-tap${i}`, { up: true })
    const inside = await open({ netns: ns })
    try {
      await inside.link.set(`tap${i}`, { up: true })
      await inside.link.set('lo', { up: true })
      await inside.addr.add(`tap${i}`, `192.168.88.${i + 2}/24`)
      await inside.route.add({ dst: 'default', via: '192.168.88.1' })
    } finally {
      await inside.close()
    }
  }
}

async function show(name: string, nl: Netlink): Promise<void> {
  console.log(`namespace ${name}:`)
  const links = await nl.link.list()
  // Addresses and routes name their device by ifindex; print the name, as ip does.
  const dev = (index: number | undefined) => links.find((l) => l.index === index)?.name ?? String(index)
  for (const l of links) {
    const master = l.master !== undefined ? ` master ${dev(l.master)}` : ''
    console.log(`  link ${l.index}: ${l.name}${l.kind ? ` (${l.kind})` : ''} ${l.up ? 'UP' : 'DOWN'} ${l.operstate}${master}`)
  }
  for (const a of await nl.addr.list({ family: 'inet' })) console.log(`  addr ${a.cidr} dev ${dev(a.index)}`)
  for (const r of await nl.route.list({ family: 'inet' })) console.log(`  route ${r.dst}${r.via ? ` via ${r.via}` : ''}${r.dev !== undefined ? ` dev ${dev(r.dev)}` : ''}`)
}

async function main(): Promise<number> {
  if (process.getuid?.() !== 0) {
    console.error('npm run demo needs root: it creates network namespaces')
    return 2
  }
  let ok = false
  try {
    for (const ns of [host, ns1, ns2]) await netns.add(ns)
    const nl = await open({ netns: host })
    try {
      await build(nl)
      for (const [name, ns] of [['host', host], ['ns1', ns1], ['ns2', ns2]] as const) {
        const v = name === 'host' ? nl : await open({ netns: ns })
        try {
          await show(name, v)
        } finally {
          if (v !== nl) await v.close()
        }
      }
    } finally {
      await nl.close()
    }
    console.log(hasPing ? 'traffic:' : 'traffic (ping is not installed — apt-get install iputils-ping for ICMP — so a UDP echo between Node processes in the namespaces):')
    ok = [await reach(ns1, ns2, '192.168.88.4'), await reach(ns2, ns1, '192.168.88.3'), await reach(ns1, host, '192.168.88.1')].every(Boolean)
  } finally {
    for (const ns of [ns1, ns2, host]) await netns.del(ns).catch((e: Error) => console.error(`cleanup: ${e.message}`))
    console.log(`removed ${host}, ${ns1}, ${ns2}`)
  }
  console.log(ok ? 'S5 works: both namespaces reach each other and the bridge.' : `S5 FAILED: ${hasPing ? 'a ping' : 'a UDP echo'} did not get through.`)
  return ok ? 0 : 1
}

main().then(
  (code) => (process.exitCode = code),
  (e: unknown) => {
    console.error(e instanceof Error ? e.message : e)
    process.exitCode = 1
  },
)
