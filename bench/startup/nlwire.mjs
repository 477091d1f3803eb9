// nlwire's start-up for the bench: import the package entry point and open an rtnetlink socket,
// then exit. It loads the *built* package the way a user's program does (`import 'nlwire'`: the
// package's entry point, dist/bundle/nlwire.js after `npm run build`); going through tsx would
// time the TypeScript compiler instead. Exit code 3 (no build, no open()) makes the bench print
// "n/a (not yet wired)" rather than a number.
import { existsSync } from 'node:fs'

const entry = new URL('../../dist/bundle/nlwire.js', import.meta.url) // ← nlwire's built entry point
if (!existsSync(entry)) {
  console.error('nlwire start-up: dist/bundle/nlwire.js not built (npm run build)')
  process.exit(3)
}
const nl = await import('nlwire')
if (typeof nl.open !== 'function') {
  console.error('nlwire start-up: the nlwire entry point has no open() export')
  process.exit(3)
}
const client = await nl.open() // ← open one rtnetlink socket in this namespace
await client.close()
