// Run by test/debug-format.test.ts with DEBUG set: two captured link notifications (veth02, then
// veth01 whose peer it is) through the fake transport, so the trace lines can be checked.
import { Client } from '../../src/client/client.js'
import { FakeTransport } from '../../src/transport/fake.js'
import { RTNLGRP_LINK } from '../../codecs/rtnetlink.js'
import { loadFixture, listFixtures, sectionsOf } from './fixtures.js'

const f = loadFixture(listFixtures().find((p) => p.endsWith('s2/01-link-add-veth.nl'))!)
const events = sectionsOf(f, 'event').filter((s) => s.label === 'RTM_NEWLINK')
const fake = new FakeTransport()
const c = new Client(fake)
const sub = await c.subscribe([RTNLGRP_LINK])
for (const e of events) fake.inject(e.bytes, { groups: 1 << (RTNLGRP_LINK - 1) })
for (let i = 0; i < events.length; i++) await sub.next()
await c.close()
