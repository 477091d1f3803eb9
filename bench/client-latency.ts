// Round-trip latency of trivial requests through the client, on the direct transport and
// through a relay. A measurement, not a test: it prints numbers and asserts nothing.
//
//   node --import tsx bench/client-latency.ts [iterations]
//
// Needs root: it makes a scratch namespace (deleted at the end) and, for the direct transport,
// runs itself again inside it (nsenter), so that no socket touches the machine's namespace.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { NLMSG_NOOP, NLM_F_ACK, NLM_F_REQUEST } from '../codecs/core/nlmsg.js'
import { RTM_GETLINK } from '../codecs/rtnetlink.js'
import { Client } from '../src/client/client.js'
import { openClient } from '../src/client/open.js'

const iterations = Number(process.argv[2] ?? 500)
const self = fileURLToPath(import.meta.url)

// NLMSG_NOOP with ACK: the kernel acks it without doing anything (the pure transport round trip).
const noop = { type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: new Uint8Array(0) }
// RTM_GETLINK for lo (ifindex 1): one ~1.4 kB answer (the smallest real request).
const lo = new Uint8Array(16)
new DataView(lo.buffer).setInt32(4, 1, true)
const getlo = { type: RTM_GETLINK, flags: NLM_F_REQUEST, seq: 0, pid: 0, body: lo }

function stats(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b)
  const q = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))]!
  return `median ${(q(0.5) * 1000).toFixed(1)} µs, p90 ${(q(0.9) * 1000).toFixed(1)} µs, min ${(s[0]! * 1000).toFixed(1)} µs`
}

async function measure(c: Client, label: string): Promise<void> {
  for (const [name, msg] of [
    ['NLMSG_NOOP+ACK', noop],
    ['RTM_GETLINK lo', getlo],
  ] as const) {
    for (let i = 0; i < 50; i++) await c.request(msg) // warm up
    const samples: number[] = []
    for (let i = 0; i < iterations; i++) {
      const t0 = performance.now()
      await c.request(msg)
      samples.push(performance.now() - t0)
    }
    console.log(`${label.padEnd(8)} ${name.padEnd(15)} ${stats(samples)}  (n=${iterations})`)
  }
}

if (process.argv[3] === '--inside') {
  const c = await openClient()
  await measure(c, 'direct')
  await c.close()
} else {
  const ns = `nlwbench-${process.pid}`
  execFileSync('ip', ['netns', 'add', ns])
  try {
    execFileSync('nsenter', [`--net=/run/netns/${ns}`, '--', process.execPath, ...process.execArgv, self, String(iterations), '--inside'], {
      stdio: 'inherit',
    })
    const t0 = performance.now()
    const c = await openClient({ netns: ns })
    console.log(`relay    start-up ${(performance.now() - t0).toFixed(1)} ms (${import.meta.url.endsWith('.ts') ? 'child under tsx' : 'compiled child'})`)
    await measure(c, 'relay')
    await c.close()
  } finally {
    execFileSync('ip', ['netns', 'del', ns])
  }
}
