// Every request iproute2 (and the other programs of the scenarios) sent in the fixtures, rebuilt
// from its typed value alone — the decoded message deep-copied without the hidden wire details
// that make encode(decode(b)) exact — gives the same bytes, sequence number and port id aside.
// The capability probe is included. Where the bytes legitimately differ, the difference is
// listed below with its reason and checked to be exactly that (docs/golden.md repeats the list).
import t from 'tap'
import { messageName, toHex } from '../codecs/index.js'
import { listFixtures, loadFixture } from './helpers/fixtures.js'
import { type RequestComparison, compareRequests } from './helpers/typed-requests.js'

const RTM_GETLINK = 18
const RTM_GETADDR = 22
/** sizeof(struct ifinfomsg), sizeof(struct ifaddrmsg) (linux/rtnetlink.h, linux/if_addr.h). */
const FULL_HEADER: Record<number, number> = { [RTM_GETLINK]: 16, [RTM_GETADDR]: 8 }

/**
 * A dump request with a short fixed header: iputils ping asks for links and addresses the old
 * way, with a struct rtgenmsg (1 byte, 4 with padding) where the kernel's handlers expect an
 * ifinfomsg / ifaddrmsg; the kernel reads only the family of a dump request and accepts it. A
 * decoded value keeps the short header (encode(decode(b)) === b), a value built by hand has no
 * way to ask for it and gets the full header, zero-filled.
 */
function fullHeader(c: RequestComparison): Uint8Array {
  const size = FULL_HEADER[c.type]!
  const out = new Uint8Array(16 + size)
  out.set(c.captured)
  new DataView(out.buffer).setUint32(0, 16 + size, true)
  return out
}

const KNOWN: { fixture: string; where: string; why: string; expected: (c: RequestComparison) => Uint8Array }[] = [
  { fixture: 's8/12-ping-succeeds', where: 'request 1', why: 'ping: RTM_GETLINK dump with a 4-byte rtgenmsg header', expected: fullHeader },
  { fixture: 's8/12-ping-succeeds', where: 'request 2', why: 'ping: RTM_GETADDR dump with a 4-byte rtgenmsg header', expected: fullHeader },
]

const all: RequestComparison[] = []
for (const path of listFixtures()) {
  const f = loadFixture(path)
  const cs = compareRequests(f)
  all.push(...cs)
  if (cs.length === 0) continue
  t.test(f.name, async (t) => {
    for (const c of cs) {
      const known = KNOWN.find((k) => k.fixture === c.fixture && k.where === c.where)
      const what = `${c.where}: ${c.label}${c.probe ? ' (capability probe)' : ''}`
      if (known === undefined) t.equal(toHex(c.rebuilt), toHex(c.captured), `${what}: built from its typed value, the same bytes`)
      else {
        t.not(toHex(c.rebuilt), toHex(c.captured), `${what}: differs, as documented (${known.why})`)
        t.equal(toHex(c.rebuilt), toHex(known.expected(c)), `${what}: and differs exactly that way`)
      }
    }
  })
}

t.test('totals', async (t) => {
  const identical = all.filter((c) => c.identical).length
  t.comment(`${identical} of ${all.length} request messages are byte-identical when built from their typed value (seq and pid aside)`)
  const byType = new Map<string, { n: number; same: number }>()
  for (const c of all) {
    const k = messageName(c.type)
    const e = byType.get(k) ?? { n: 0, same: 0 }
    e.n++
    if (c.identical) e.same++
    byType.set(k, e)
  }
  for (const [k, e] of [...byType].sort()) t.comment(`${k}: ${e.same}/${e.n}`)
  const tails = all.filter((c) => c.zeroTail > 0)
  t.comment(
    `${tails.length} datagrams carry a zero tail after their message (${tails.map((c) => c.zeroTail).join(', ')} bytes): iproute2 sends its whole request buffer; nlwire sends nlmsg_len bytes`,
  )
  t.equal(all.length - identical, KNOWN.length, 'the only differences are the documented ones')
  t.ok(all.some((c) => c.probe), 'the capability probe is among them')
})
