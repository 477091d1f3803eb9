// For every notification in fixtures/ that `ip -d monitor` printed at capture time, the codecs'
// formatter prints the same text, character for character, given the decoded message and what the
// capture recorded of the monitor's lookups (sidecar context: link names and flags, nsid names).
import t from 'tap'
import { listFixtures, loadFixture } from './helpers/fixtures.js'
import { type ReplayedEvent, replayFixture } from './helpers/monitor-replay.js'

const all: ReplayedEvent[] = []

for (const path of listFixtures()) {
  const f = loadFixture(path)
  const events = replayFixture(f)
  all.push(...events)
  const printed = events.filter((e) => e.expected !== null)
  if (printed.length === 0) continue
  t.test(f.name, async (t) => {
    for (const e of printed) {
      t.equal(e.actual, e.expected, `event ${e.event} (${e.netns}): ${f.sidecar.sections.filter((s) => s.kind === 'event')[e.event - 1]?.label}`)
    }
  })
}

t.test('every printed notification is compared, and only those ip monitor receives', async (t) => {
  const printed = all.filter((e) => e.expected !== null)
  const passed = printed.filter((e) => e.actual === e.expected)
  t.comment(`golden monitor text: ${passed.length}/${printed.length} notifications`)
  // fixtures/README.md counts 585 events with live monitor text in the committed capture.
  t.equal(printed.length, 585, 'notifications with ip monitor text')
  // An event in a group ip monitor does not join has no text, and the formatter is not asked.
  const printedOutside = all.filter((x) => x.actual === null && x.expected !== null).map((x) => `${x.fixture} event ${x.event}`)
  t.strictSame(printedOutside, [], "no event outside ip monitor's groups has monitor text")
  t.ok(all.some((x) => x.actual === null), 'some events are outside its groups (MCADDR, IPV6_IFINFO, MDB)')
})
