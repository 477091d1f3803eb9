// src/ does no byte arithmetic on netlink messages: it calls the codecs (ARCHITECTURE.md). Read
// with the TypeScript parser, so comments, strings and generics (`Map<K, Set<V>>`) do not count:
// no DataView, no get/setUint-style or read/writeUInt-style accessors, no shift operators (but
// between two numbers, `1 << 20`, a size, and `x >>> 0`, which makes a number unsigned).
// The exceptions are named with their reasons below: none of them touches a netlink message.
import t from 'tap'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const SRC = join(ROOT, 'src')

/** Files allowed byte work, and why: none of it is on netlink messages. */
const ALLOWED: Readonly<Record<string, string>> = {
  'src/transport/relay-protocol.ts': "the relay's own stdio framing (u32 lengths, ids, ports around datagrams it does not read)",
  'src/transport/sys.ts': "libc calls' arguments through koffi: setsockopt's int, getsockname's sockaddr_nl",
  'src/caps.ts': "the CapEff bit mask of /proc/self/status",
}

const SHIFTS = new Set([
  ts.SyntaxKind.LessThanLessThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken,
  ts.SyntaxKind.LessThanLessThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanEqualsToken,
  ts.SyntaxKind.GreaterThanGreaterThanGreaterThanEqualsToken,
])
const ACCESSOR = /^(?:(?:get|set)(?:Uint|Int|Float|BigUint|BigInt)\d+|(?:read|write)(?:U?Int|BigU?Int|Float|Double)\d*(?:LE|BE)?)$/

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : []
  })
}

/** Every place in `text` that does byte work, as 'file:line: what'. */
function byteWork(name: string, text: string): string[] {
  const sf = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true)
  const out: string[] = []
  const at = (n: ts.Node, what: string): void => {
    out.push(`${name}:${sf.getLineAndCharacterOfPosition(n.getStart(sf)).line + 1}: ${what}`)
  }
  const visit = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && SHIFTS.has(n.operatorToken.kind)) {
      // A constant (`1 << 20` bytes) is a size, and `x >>> 0` makes a number unsigned: no byte work.
      const constant = ts.isNumericLiteral(n.left) && ts.isNumericLiteral(n.right)
      const unsigned = n.operatorToken.kind === ts.SyntaxKind.GreaterThanGreaterThanGreaterThanToken && ts.isNumericLiteral(n.right) && n.right.text === '0'
      if (!constant && !unsigned) at(n, `shift '${n.operatorToken.getText(sf)}' in ${n.getText(sf)}`)
    }
    else if (ts.isIdentifier(n) && n.text === 'DataView') at(n, 'DataView')
    else if (ts.isPropertyAccessExpression(n) && ACCESSOR.test(n.name.text)) at(n, `byte accessor .${n.name.text}`)
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return out
}

t.test('the checker sees what it looks for, and not generics or comments', async (t) => {
  const found = byteWork('x.ts', [
    'const a = b << 8 // a comment with >> in it',
    'let m: Map<string, Set<number>> = new Map<string, Set<number>>()',
    'const v = new DataView(buf.buffer).getUint32(0, true)',
    "const s = '>>> in a string'",
    'x >>>= 1',
    'const MiB = 1 << 20, h = Math.imul(a, b) >>> 0',
    'buf.readUInt16LE(4)',
  ].join('\n'))
  t.strictSame(found, [
    "x.ts:1: shift '<<' in b << 8",
    'x.ts:3: byte accessor .getUint32',
    'x.ts:3: DataView',
    "x.ts:5: shift '>>>=' in x >>>= 1",
    'x.ts:7: byte accessor .readUInt16LE',
  ])
})

t.test('src/ does no byte work on netlink messages (it calls codecs/)', async (t) => {
  const all = files(SRC)
  t.ok(all.length > 40, `${all.length} files checked`)
  const bad: string[] = []
  for (const f of all) {
    const rel = relative(ROOT, f)
    if (ALLOWED[rel] !== undefined) continue
    bad.push(...byteWork(rel, readFileSync(f, 'utf8')))
  }
  t.strictSame(bad, [])
  for (const rel of Object.keys(ALLOWED)) t.ok(all.some((f) => relative(ROOT, f) === rel), `${rel} (allowed) still exists`)
})
