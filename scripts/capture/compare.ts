// node --import tsx scripts/capture/compare.ts DIR_A DIR_B
//
// Compares two captures (e.g. fixtures/ and a fresh `npm run capture -- --out /tmp/x`) and says
// what differs, so that "deterministic apart from seq/pid/timestamps/ifindexes" can be checked
// rather than assumed. Differences inside a message are attributed to the nlmsghdr field or the
// top-level attribute (type number, family header skipped) that holds the differing bytes.
import { join } from 'node:path'
import { listFixtures, loadFixture, type Fixture, type FixtureSection } from '../../test/helpers/fixtures.js'
import { frames } from './annotate.js'
import { messageName as typeName } from '../../codecs/index.js'

/** Fixed header length after nlmsghdr, by nlmsg_type (linux/rtnetlink.h structs). */
function familyHeader(type: number): number {
  if (type >= 16 && type <= 19) return 16 // ifinfomsg
  if (type >= 20 && type <= 22) return 8 // ifaddrmsg
  if (type >= 24 && type <= 26) return 12 // rtmsg
  if (type >= 28 && type <= 30) return 12 // ndmsg
  if (type >= 56 && type <= 62) return 8 // ifaddrmsg (multicast/anycast)
  if (type >= 80 && type <= 82) return 4 // netconfmsg (padded)
  if (type >= 84 && type <= 86) return 8 // br_port_msg
  if (type >= 88 && type <= 90) return 4 // rtgenmsg (padded)
  if (type === 2) return 4 // nlmsgerr.error, then the echoed request
  return 0
}

const HDR = ['len', 'len', 'len', 'len', 'type', 'type', 'flags', 'flags', 'seq', 'seq', 'seq', 'seq', 'pid', 'pid', 'pid', 'pid']

/** Where offset `o` of a message falls: "seq", "hdr+4", "attr 3". */
function place(msg: Uint8Array, o: number): string {
  if (o < 16) return HDR[o]!
  const type = msg[4]! | (msg[5]! << 8)
  const fh = familyHeader(type)
  if (o < 16 + fh) return `${type === 2 ? 'errno' : 'family header'} +${o - 16}`
  if (type === 2) return 'echoed request / ext ack'
  let a = 16 + fh
  while (a + 4 <= msg.length) {
    const len = msg[a]! | (msg[a + 1]! << 8)
    const t = (msg[a + 2]! | (msg[a + 3]! << 8)) & 0x3fff
    if (len < 4) break
    if (o < a + len) return `attr ${t}`
    a += (len + 3) & ~3
  }
  return 'past the attributes'
}

function sectionDiff(a: FixtureSection, b: FixtureSection): string[] {
  const fa = frames(a.bytes)
  const fb = frames(b.bytes)
  if (fa === null || fb === null) return ['does not frame']
  const types = (f: typeof fa): string => f.map((m) => typeName(m.bytes[4]! | (m.bytes[5]! << 8))).join(',')
  if (types(fa) !== types(fb)) return [`messages differ: ${types(fa)} vs ${types(fb)}`]
  const out = new Set<string>()
  fa.forEach((ma, i) => {
    const mb = fb[i]!
    const name = typeName(ma.bytes[4]! | (ma.bytes[5]! << 8))
    if (ma.bytes.length !== mb.bytes.length) out.add(`${name}: length ${ma.bytes.length} vs ${mb.bytes.length}`)
    const n = Math.min(ma.bytes.length, mb.bytes.length)
    for (let o = 0; o < n; o++) if (ma.bytes[o] !== mb.bytes[o]) out.add(`${name} ${place(ma.bytes, o)}`)
  })
  return [...out]
}

/** Monitor text with the values that are random per run (MACs, EUI-64 link-local addresses) masked. */
function maskText(t: string | null): string | null {
  if (t === null) return null
  return t
    .replace(/\b[0-9a-f]{1,2}(:[0-9a-f]{1,2}){5}\b/g, 'MAC')
    .replace(/fe80::[0-9a-f:]+/g, 'fe80::EUI64')
    .replace(/ff02::1:ff[0-9a-f]{2}:[0-9a-f]{1,4}/g, 'ff02::1:ffSOLICITED')
    .replace(/(_timer)\s+[\d.]+/g, '$1 T')
}

export function compare(dirA: string, dirB: string): { byKind: Map<string, number>; lines: string[] } {
  const load = (d: string): Map<string, Fixture> => new Map(listFixtures(d).map((p) => [loadFixture(p, d).name, loadFixture(p, d)]))
  const A = load(dirA)
  const B = load(dirB)
  const lines: string[] = []
  const byKind = new Map<string, number>()
  const count = (k: string): void => {
    byKind.set(k, (byKind.get(k) ?? 0) + 1)
  }
  for (const name of new Set([...A.keys(), ...B.keys()])) {
    const a = A.get(name)
    const b = B.get(name)
    if (!a || !b) {
      lines.push(`${name}: only in ${a ? dirA : dirB}`)
      count('fixture missing')
      continue
    }
    const shape = (f: Fixture): string => f.sections.map((s) => `${s.kind}${s.n}:${s.label}`).join(' | ')
    if (shape(a) !== shape(b)) {
      lines.push(`${name}: sections differ\n    A: ${shape(a)}\n    B: ${shape(b)}`)
      count('sections differ')
      continue
    }
    a.sections.forEach((sa, i) => {
      for (const d of sectionDiff(sa, b.sections[i]!)) {
        count(`${sa.kind}: ${d}`)
      }
    })
    a.sidecar.monitor.forEach((ma, i) => {
      const mb = b.sidecar.monitor[i]
      if (maskText(ma.text) !== maskText(mb?.text ?? null)) {
        lines.push(`${name}: monitor text of event ${ma.event} differs beyond MACs:\n    A: ${JSON.stringify(ma.text)}\n    B: ${JSON.stringify(mb?.text)}`)
        count('monitor text differs beyond MACs')
      }
    })
    for (const k of ['stray', 'stateQueryEvents', 'notes'] as const) {
      const ja = JSON.stringify(a.sidecar[k] === undefined ? [] : k === 'notes' ? a.sidecar[k] : a.sidecar[k]!.map((w) => w.types))
      const jb = JSON.stringify(b.sidecar[k] === undefined ? [] : k === 'notes' ? b.sidecar[k] : b.sidecar[k]!.map((w) => w.types))
      if (ja !== jb) {
        lines.push(`${name}: ${k} differ: ${ja} vs ${jb}`)
        count(`${k} differ`)
      }
    }
  }
  return { byKind, lines }
}

if (process.argv[1] !== undefined && process.argv[1].endsWith('compare.ts')) {
  const [a, b] = process.argv.slice(2)
  if (a === undefined || b === undefined) {
    console.error('usage: compare.ts DIR_A DIR_B')
    process.exit(2)
  }
  const r = compare(join(a), join(b))
  for (const l of r.lines) console.log(l)
  console.log('\nbyte differences by place (count of sections):')
  for (const [k, n] of [...r.byKind].sort((x, y) => y[1] - x[1])) console.log(`  ${String(n).padStart(5)}  ${k}`)
}
