// Run by test/netns-inprocess.test.ts in a child process: one namespace operation under the
// conditions the test set up (fewer capabilities, koffi hidden, a way back that fails), then a
// JSON report on stdout, including whether the thread ended in the namespace it started in.
import { readlinkSync } from 'node:fs'
import { open } from '../../src/api/netlink.js'
import { netns } from '../../src/netns.js'
import { faultsForTesting } from '../../src/transport/netns-window.js'

const [what, target] = process.argv.slice(2)
const here = (): string => readlinkSync('/proc/thread-self/ns/net')
const home = here()
const report: Record<string, unknown> = { mechanism: netns.mechanism() }

async function attempt(fn: () => Promise<unknown>): Promise<void> {
  try {
    report.result = await fn()
  } catch (e) {
    const err = e as { name?: string; code?: string; message?: string }
    report.error = { name: err.name, code: err.code, message: err.message }
  }
}

if (what === 'open') {
  await attempt(async () => {
    const nl = await open({ netns: target! })
    const links = (await nl.link.list()).map((l) => l.name)
    const transport = nl.client.transport.name
    await nl.close()
    return { links, transport }
  })
} else if (what === 'add') {
  await attempt(async () => {
    await netns.add(target!)
    return 'added'
  })
  report.left = await netns.exists(target!)
} else if (what === 'link-add') {
  await attempt(async () => {
    const nl = await open({ netns: target! })
    try {
      await nl.link.add({ name: 'nlwprobe0', kind: 'veth', peer: { name: 'nlwprobe1' } })
    } finally {
      await nl.close()
    }
    return 'added'
  })
} else if (what === 'restore-fails') {
  faultsForTesting.restore = () => {
    throw new Error('injected: setns back refused')
  }
  await attempt(() => open({ netns: target! }))
}
report.home = here() === home
console.log(JSON.stringify(report))
process.exit(0)
