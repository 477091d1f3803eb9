// The fixed headers' fields are spelled out in the annotated tree (`nlwire decode`, the decoder
// page, NetlinkError's detail): families, link flags, route types/protocols/scopes/tables,
// neighbour states and flags. The oracle is the kernel's own headers in /usr/include/linux, read
// here by a small parser of their #defines and enums — not the codecs' tables.
import { readFileSync } from 'node:fs'
import t from 'tap'
import { type TraceNode, annotate, describeValue } from '../../codecs/annotate.js'
import { listFixtures, loadFixture } from '../helpers/fixtures.js'

/** Names → values of `#define PREFIX_X n`, `PREFIX_X = n,` and bare enum members (counting on). */
function kernelNames(file: string, prefix: string): Map<number, string[]> {
  const text = readFileSync(`/usr/include/linux/${file}`, 'utf8')
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/^[ \t]*#(?:if|ifdef|ifndef|else|elif|endif)\b.*$/gm, '') // conditionals inside enums
  const out = new Map<number, string[]>()
  const add = (name: string, v: number) => {
    if (name.startsWith('__')) return
    out.set(v, [...(out.get(v) ?? []), name])
  }
  const num = (s: string): number | undefined => {
    const m = /^\(?\s*(0x[0-9a-f]+|\d+)\s*(?:<<\s*(\d+))?\s*\)?$/i.exec(s.trim())
    if (!m) return undefined
    return Number(m[1]) * 2 ** Number(m[2] ?? 0)
  }
  for (const m of text.matchAll(new RegExp(`#define\\s+(${prefix}\\w+)\\s+([^\\n]+)`, 'g'))) {
    const v = num(m[2]!)
    if (v !== undefined) add(m[1]!, v)
  }
  for (const body of text.matchAll(/enum\s*\w*\s*\{([^}]*)\}/g)) {
    let next = 0
    for (const item of body[1]!.split(',')) {
      const m = /^\s*(\w+)\s*(?:=\s*([^,]+))?\s*$/.exec(item)
      if (!m) continue
      const v = m[2] !== undefined ? num(m[2]) : next
      if (v === undefined) break
      if (m[1]!.startsWith(prefix)) add(m[1]!, v)
      next = v + 1
    }
  }
  return out
}

const IFF = kernelNames('if.h', 'IFF_')
const NUD = kernelNames('neighbour.h', 'NUD_')
const NTF = kernelNames('neighbour.h', 'NTF_')
const RTN = kernelNames('rtnetlink.h', 'RTN_')
const RTPROT = kernelNames('rtnetlink.h', 'RTPROT_')
const RT_SCOPE = kernelNames('rtnetlink.h', 'RT_SCOPE_')
const RT_TABLE = kernelNames('rtnetlink.h', 'RT_TABLE_')

/** For a flag word: the kernel's names of its set bits, as the tree spells them (IFF_ shown without prefix). */
function flagWords(v: number, names: Map<number, string[]>, strip = ''): string[] {
  const out: string[] = []
  let rest = 0
  for (let bit = 0; bit < 32; bit++) {
    const b = 2 ** bit
    if (Math.floor(v / b) % 2 !== 1) continue
    const name = names.get(b)?.[0]
    if (name === undefined) rest += b
    else out.push(name.slice(strip.length))
  }
  if (rest !== 0) out.push(`0x${rest.toString(16)}`)
  return out
}

type Check = { kind: 'flags'; names: Map<number, string[]>; strip?: string } | { kind: 'enum'; names: Map<number, string[]> }
const FIELDS: Record<string, Check> = {
  ifiFlags: { kind: 'flags', names: IFF, strip: 'IFF_' },
  ifiChange: { kind: 'flags', names: IFF, strip: 'IFF_' },
  ndmState: { kind: 'flags', names: NUD },
  ndmFlags: { kind: 'flags', names: NTF },
  rtmType: { kind: 'enum', names: RTN },
  ndmType: { kind: 'enum', names: RTN },
  rtmProtocol: { kind: 'enum', names: RTPROT },
  nhProtocol: { kind: 'enum', names: RTPROT },
  rtmScope: { kind: 'enum', names: RT_SCOPE },
  ifaScope: { kind: 'enum', names: RT_SCOPE },
  nhScope: { kind: 'enum', names: RT_SCOPE },
  rtmTable: { kind: 'enum', names: RT_TABLE },
  frhTable: { kind: 'enum', names: RT_TABLE },
}

t.test('the kernel headers parse (the oracle itself)', async (t) => {
  t.strictSame(IFF.get(1), ['IFF_UP'])
  t.strictSame(IFF.get(0x10000), ['IFF_LOWER_UP'])
  t.strictSame(NUD.get(0x80), ['NUD_PERMANENT'])
  t.strictSame(RTN.get(1), ['RTN_UNICAST'])
  t.strictSame(RTN.get(11), ['RTN_XRESOLVE'])
  t.strictSame(RTPROT.get(186), ['RTPROT_BGP'])
  t.strictSame(RT_TABLE.get(254), ['RT_TABLE_MAIN'])
  t.strictSame(RT_SCOPE.get(253), ['RT_SCOPE_LINK'])
})

t.test('every header field of every fixture is spelled with the kernel names', async (t) => {
  const seen = new Map<string, number>()
  const values = new Map<string, Set<number>>()
  const bad: string[] = []
  const visit = (n: TraceNode, msgType: number, where: string) => {
    const check = FIELDS[n.name]
    if (check && typeof n.value === 'number') {
      const v = n.value
      const text = describeValue(n, msgType)
      let want: string[]
      if (check.kind === 'flags') {
        const words = flagWords(v, check.names, check.strip)
        want = [words.length === 0 ? `0x${v.toString(16)}` : `0x${v.toString(16)} ${words.join('|')}`]
      } else {
        const names = check.names.get(v)
        want = names === undefined ? [String(v)] : names.map((k) => `${v} ${k}`)
      }
      if (!want.includes(text)) bad.push(`${where} ${n.name}: ${JSON.stringify(text)}, the headers say ${JSON.stringify(want)}`)
      seen.set(n.name, (seen.get(n.name) ?? 0) + 1)
      values.set(n.name, (values.get(n.name) ?? new Set()).add(v))
    }
    for (const c of n.children ?? []) visit(c, msgType, where)
  }
  for (const p of listFixtures()) {
    const f = loadFixture(p)
    for (const s of f.sections) {
      const a = annotate(s.bytes)
      for (const m of a.nodes) {
        const type = m.children?.[0]?.children?.find((c) => c.name === 'nlmsg_type')?.value
        visit(m, typeof type === 'number' ? type : 0, `${p.replace(/.*fixtures\//, '')} ${s.kind} ${s.n}`)
      }
    }
  }
  t.strictSame(bad.slice(0, 10), [], `${bad.length} fields differ from the kernel's names`)
  for (const name of Object.keys(FIELDS)) {
    t.ok((seen.get(name) ?? 0) > 0, `${name}: ${seen.get(name) ?? 0} fields, ${values.get(name)?.size ?? 0} distinct values`)
  }
})
