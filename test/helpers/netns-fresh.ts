// Run by test/netns.test.ts in a private mount namespace with an empty tmpfs on /run, so that
// /run/netns does not exist yet: netns.add must set it up as iproute2 does (a shared mount point).
import { execFileSync } from 'node:child_process'
import { netns } from '../../src/netns.js'

const name = process.argv[2]!
// Every mount on /run/netns, in mount order, hidden ones (under the tmpfs) included: `ID PROPAGATION`.
const runNetns = () =>
  execFileSync('findmnt', ['-n', '-o', 'ID,PROPAGATION', '--mountpoint', '/run/netns'], { encoding: 'utf8' })
    .split('\n')
    .filter(Boolean)
    .map((l) => l.trim().split(/\s+/)[1]!)

const before = (() => {
  try {
    return runNetns()
  } catch {
    return [] // findmnt exits 1 when nothing is mounted there
  }
})()
await netns.add(name)
const after = runNetns()
const listed = execFileSync('ip', ['netns', 'list'], { encoding: 'utf8' })
const links = execFileSync('ip', ['-n', name, '-o', 'link'], { encoding: 'utf8' })
await netns.del(name)
console.log(JSON.stringify({ before, after, listed, links: links.split('\n').filter(Boolean).length, left: await netns.list() }))
