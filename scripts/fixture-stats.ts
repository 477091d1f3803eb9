// node --import tsx scripts/fixture-stats.ts
//
// What the golden tests cover, as markdown tables for docs/golden.md: the fixtures' messages per
// scenario and per family, how many re-encode byte for byte (test/fixtures.test.ts), how many
// requests rebuild from their typed value (test/golden-requests.test.ts) and how many messages
// and fields agree with iproute2's own output (test/golden-values.test.ts). No root, no network:
// it only reads fixtures/.
import { bodyFor, decode, encode, messageName, toHex } from '../codecs/index.js'
import { listFixtures, loadFixture, type Fixture } from '../test/helpers/fixtures.js'
import { compareFixtureValues } from '../test/helpers/golden-values.js'
import { compareRequests, type RequestComparison } from '../test/helpers/typed-requests.js'
import { SCENARIOS } from './capture/scenarios.js'

type Kind = 'request' | 'reply' | 'event'

interface Row {
  commands: number
  messages: Record<Kind, number>
  exact: number
  requests: number
  rebuilt: number
  compared: number
  fields: number
}

const emptyRow = (): Row => ({ commands: 0, messages: { request: 0, reply: 0, event: 0 }, exact: 0, requests: 0, rebuilt: 0, compared: 0, fields: 0 })

/** The codec family of a message type, or the type's name when no codec reads it (kept as bytes). */
function familyOf(type: number): string {
  const f = bodyFor(type)?.family
  return f === undefined ? `${messageName(type)} (bytes)` : f
}

const fixtures: Fixture[] = listFixtures().map((p) => loadFixture(p))
const byScenario = new Map<string, Row>()
const byFamily = new Map<string, Row>()
const requests: RequestComparison[] = []
const row = (m: Map<string, Row>, k: string): Row => {
  let r = m.get(k)
  if (r === undefined) m.set(k, (r = emptyRow()))
  return r
}

for (const f of fixtures) {
  const sc = row(byScenario, f.header.scenario)
  sc.commands++
  f.sections.forEach((s, i) => {
    const bytes = s.bytes.subarray(0, s.bytes.length - (f.sidecar.sections[i]!.zeroTail ?? 0))
    const msgs = decode(bytes)
    const exact = toHex(encode(msgs)) === toHex(bytes)
    for (const m of msgs) {
      const fam = row(byFamily, familyOf(m.type))
      for (const r of [sc, fam]) {
        r.messages[s.kind]++
        if (exact) r.exact++
      }
    }
  })
  for (const c of compareRequests(f)) {
    requests.push(c)
    for (const r of [sc, row(byFamily, familyOf(c.type))]) {
      r.requests++
      if (c.identical) r.rebuilt++
    }
  }
  for (const c of compareFixtureValues(f).comparisons) {
    // Values are counted under the codec family that decoded them (FDB entries are neigh messages).
    const fam = row(byFamily, c.family === 'fdb' ? 'neigh' : c.family)
    for (const r of [sc, fam]) {
      r.compared++
      r.fields += c.fields
    }
  }
}

const total = (rows: Iterable<Row>): Row => {
  const t = emptyRow()
  for (const r of rows) {
    t.commands += r.commands
    for (const k of ['request', 'reply', 'event'] as const) t.messages[k] += r.messages[k]
    t.exact += r.exact
    t.requests += r.requests
    t.rebuilt += r.rebuilt
    t.compared += r.compared
    t.fields += r.fields
  }
  return t
}
const all = (r: Row): number => r.messages.request + r.messages.reply + r.messages.event
const cells = (r: Row): string =>
  `${r.messages.request} | ${r.messages.reply} | ${r.messages.event} | ${all(r)} | ${r.exact} | ${r.rebuilt}/${r.requests} | ${r.compared} | ${r.fields}`

const out: string[] = []
out.push('### Messages per scenario', '')
out.push('| scenario | commands | in requests | in replies | in events | messages | re-encode exactly | requests rebuilt identical | compared with iproute2 | fields compared |')
out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
const order = SCENARIOS.map((s) => s.id).filter((id) => byScenario.has(id))
for (const id of order) {
  const r = byScenario.get(id)!
  out.push(`| ${id} | ${r.commands} | ${cells(r)} |`)
}
const ts = total(byScenario.values())
out.push(`| **all** | ${ts.commands} | ${cells(ts)} |`, '')

out.push('### Messages per family', '')
out.push('Family = the codec that decodes the message type (`bodyFor(type).family`); types without a codec stay bytes and re-encode as such.', '')
out.push('| family | in requests | in replies | in events | messages | re-encode exactly | requests rebuilt identical | compared with iproute2 | fields compared |')
out.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|')
for (const [k, r] of [...byFamily].sort((a, b) => all(b[1]) - all(a[1]))) out.push(`| ${k} | ${cells(r)} |`)
const tf = total(byFamily.values())
out.push(`| **all** | ${cells(tf)} |`, '')

out.push('### Requests rebuilt from their typed value, by type', '')
out.push('| nlmsg_type | identical / requests |', '|---|---:|')
const byType = new Map<string, { n: number; same: number }>()
for (const c of requests) {
  const e = byType.get(messageName(c.type)) ?? { n: 0, same: 0 }
  e.n++
  if (c.identical) e.same++
  byType.set(messageName(c.type), e)
}
for (const [k, e] of [...byType].sort()) out.push(`| ${k} | ${e.same} / ${e.n} |`)
out.push(`| **all** | ${requests.filter((c) => c.identical).length} / ${requests.length} |`, '')
const differ = requests.filter((c) => !c.identical)
if (differ.length > 0) {
  out.push('Requests that differ:', '')
  for (const c of differ) out.push(`- \`${c.fixture}\` ${c.where} (${messageName(c.type)}): captured \`${toHex(c.captured)}\`, rebuilt \`${toHex(c.rebuilt)}\``)
  out.push('')
}
const tails = requests.filter((c) => c.zeroTail > 0)
out.push(`Datagrams with a zero tail after their message: ${tails.length} (${tails.map((c) => `\`${c.fixture}\` ${c.where} ${c.zeroTail} bytes`).join(', ')}).`)

console.log(out.join('\n'))
