// Decoded values agree with iproute2's own reading of the same objects: for every object in a
// fixture's final state, its last message, decoded and written in iproute2's vocabulary, equals
// what iproute2 printed (test/helpers/golden-values.ts says which message and which fields; the
// expected values come from the sidecars only).
import t from 'tap'
import { type ValueComparison, compareFixtureValues, valueMessages } from './helpers/golden-values.js'
import { listFixtures, loadFixture } from './helpers/fixtures.js'

const all: ValueComparison[] = []
const unlisted: string[] = []
let familyMessages = 0

for (const path of listFixtures()) {
  const f = loadFixture(path)
  const r = compareFixtureValues(f)
  all.push(...r.comparisons)
  unlisted.push(...r.unlisted)
  familyMessages += valueMessages(f)
  if (r.comparisons.length === 0 && r.problems.length === 0) continue
  t.test(f.name, async (t) => {
    for (const c of r.comparisons) t.strictSame(c.got, c.want, c.what)
    for (const p of r.problems) t.fail(p)
  })
}

t.test('every object whose last message says it exists is one iproute2 lists', async (t) => {
  t.strictSame(unlisted, [])
})

t.test('totals', async (t) => {
  const by = new Map<string, { n: number; fields: number }>()
  for (const c of all) {
    const e = by.get(c.family) ?? { n: 0, fields: 0 }
    e.n++
    e.fields += c.fields
    by.set(c.family, e)
  }
  for (const [family, e] of [...by].sort()) t.comment(`${family}: ${e.n} messages compared with iproute2, ${e.fields} fields`)
  const fields = all.reduce((n, c) => n + c.fields, 0)
  t.comment(`all: ${all.length} of ${familyMessages} link/addr/route/neigh/nsid/netconf/rule/nexthop messages hold an object's final state and were compared, ${fields} fields`)
  t.ok(all.length > 300 && fields > 5000, 'the comparison covers the fixtures')
})
