import { open } from '../src/api/netlink.js'
import { newLink } from '../src/api/link-requests.js'
import { FloorSocket, ONE_BY_ONE } from './peers/floor.js'
import { vethCreateRequest } from './wire/requests.js'
const nl = await open()
const floor = new FloorSocket()
const N = 100
let seq = 1000
const cleanup = async () => {
  const ls = await nl.link.list({ kind: 'veth' })
  for (const l of ls) if (l.name.startsWith('x')) await nl.link.set(l.name, { group: 7 } as never).catch(() => {})
  await nl.link.del({ group: 7 })
}
const names = (p: string) => Array.from({ length: N }, (_, i) => [`x${p}a${i}`, `x${p}b${i}`] as const)
const trials: Record<string, () => Promise<void>> = {
  floor: async () => { const reqs = names('f').map(([a, b]) => Buffer.from(vethCreateRequest(a, b, seq++))); await floor.run(reqs, ONE_BY_ONE, reqs.length) },
  request: async () => { for (const [a, b] of names('r')) await nl.client.request(newLink({ name: a }, { kind: 'veth', peer: { name: b } }) as never) },
  linkadd: async () => { for (const [a, b] of names('l')) await nl.link.add({ name: a, kind: 'veth', peer: { name: b } }) },
}
const res: Record<string, number[]> = { floor: [], request: [], linkadd: [] }
const keys = Object.keys(trials)
for (let r = -1; r < 12; r++) {
  for (let k = 0; k < keys.length; k++) {
    const key = keys[(k + Math.max(r, 0)) % keys.length]!
    const t0 = process.hrtime.bigint()
    await trials[key]!()
    const us = Number(process.hrtime.bigint() - t0) / 1e3 / N
    if (r >= 0) res[key]!.push(us)
    await cleanup()
  }
}
const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
for (const k of keys) console.log(k, med(res[k]!).toFixed(0), 'µs/pair; ratio to floor', med(res[k]!.map((x, i) => x / res.floor[i]!)).toFixed(2))
floor.close?.(); await nl.close()
