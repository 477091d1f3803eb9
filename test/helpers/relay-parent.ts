// A parent that opens a relay in a namespace, prints the relay's pid, and waits to be killed:
// test/transport-relay.test.ts kills it with SIGKILL and checks that the relay goes too.
import { openRelay } from '../../src/transport/relay.js'

const relay = await openRelay({ netns: process.argv[2]! })
console.log(JSON.stringify({ relayPid: relay.pid }))
setInterval(() => {}, 1000) // stay alive until killed
