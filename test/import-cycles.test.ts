// No import cycles in codecs/ or src/ (ARCHITECTURE.md: layers depend only on the ones below).
// Every import counts, `import type` too: a cycle of types is still two files that cannot be
// understood, or moved, one without the other.
import t from 'tap'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'

const ROOT = fileURLToPath(new URL('..', import.meta.url))

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : []
  })
}

/** The relative module specifiers a file imports or re-exports, static or dynamic. */
function specifiers(file: string, text: string): string[] {
  const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
  const out: string[] = []
  const visit = (n: ts.Node): void => {
    if ((ts.isImportDeclaration(n) || ts.isExportDeclaration(n)) && n.moduleSpecifier !== undefined && ts.isStringLiteral(n.moduleSpecifier)) out.push(n.moduleSpecifier.text)
    else if (ts.isCallExpression(n) && n.expression.kind === ts.SyntaxKind.ImportKeyword && n.arguments[0] !== undefined && ts.isStringLiteral(n.arguments[0])) out.push(n.arguments[0].text)
    else if (ts.isImportTypeNode(n) && ts.isLiteralTypeNode(n.argument) && ts.isStringLiteral(n.argument.literal)) out.push(n.argument.literal.text)
    ts.forEachChild(n, visit)
  }
  visit(sf)
  return out.filter((s) => s.startsWith('.'))
}

/** The file a relative specifier names ('./x.js' is ./x.ts in the sources). */
function target(from: string, spec: string): string | undefined {
  const p = resolve(dirname(from), spec)
  for (const c of [p.replace(/\.js$/, '.ts'), p, `${p}.ts`, join(p, 'index.ts')]) if (existsSync(c) && c.endsWith('.ts')) return c
  return undefined
}

/** Strongly connected components of more than one file (or a file importing itself): the cycles. */
function cycles(graph: ReadonlyMap<string, readonly string[]>): string[][] {
  let next = 0
  const index = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const on = new Set<string>()
  const out: string[][] = []
  const strong = (v: string): void => {
    index.set(v, next)
    low.set(v, next++)
    stack.push(v)
    on.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        strong(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!))
    }
    if (low.get(v) === index.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        on.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || (graph.get(v) ?? []).includes(v)) out.push(scc.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) strong(v)
  return out
}

t.test('the cycle finder finds cycles, and only cycles', async (t) => {
  const g = new Map([
    ['a', ['b']],
    ['b', ['c']],
    ['c', ['a', 'd']],
    ['d', []],
    ['e', ['e']],
  ])
  t.strictSame(cycles(g), [['a', 'b', 'c'], ['e']])
  t.strictSame(cycles(new Map([['a', ['b']], ['b', []]])), [])
})

for (const dir of ['codecs', 'src']) {
  t.test(`no import cycle in ${dir}/`, async (t) => {
    const all = files(join(ROOT, dir))
    const graph = new Map<string, string[]>()
    const unresolved: string[] = []
    for (const f of all) {
      const deps: string[] = []
      for (const s of specifiers(f, readFileSync(f, 'utf8'))) {
        const to = target(f, s)
        if (to === undefined) unresolved.push(`${relative(ROOT, f)}: ${s}`)
        else deps.push(to)
      }
      graph.set(f, deps)
    }
    t.strictSame(unresolved, [], 'every relative import names a file')
    t.ok(graph.size > 40, `${graph.size} files read`)
    t.strictSame(cycles(graph).map((c) => c.map((f) => relative(ROOT, f))), [])
  })
}
