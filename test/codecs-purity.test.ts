// `nlwire/codecs` is pure: it imports no Node built-in and nothing from src/, so it runs in a
// browser. Checked twice: statically (every import of every file under codecs/), and by bundling
// the entry point for the browser and running it where no Node global exists.
import t from 'tap'
import { readFileSync, readdirSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import vm from 'node:vm'
import { builtinModules } from 'node:module'
import { build } from 'esbuild'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const CODECS = join(ROOT, 'codecs')

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = join(dir, e.name)
    return e.isDirectory() ? files(p) : e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [p] : []
  })
}

const BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]))

t.test('no Node built-in and nothing from src/ is imported by codecs/', async (t) => {
  const all = files(CODECS)
  t.ok(all.length > 40, `${all.length} files checked`)
  const bad: string[] = []
  for (const f of all) {
    const text = readFileSync(f, 'utf8')
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)[^'"\n]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s+['"]([^'"]+)['"]/g)) {
      const spec = m[1] ?? m[2] ?? m[3]!
      const rel = relative(ROOT, f)
      if (BUILTINS.has(spec) || spec.startsWith('node:')) bad.push(`${rel}: Node built-in '${spec}'`)
      else if (spec.startsWith('.')) {
        const target = relative(ROOT, join(f, '..', spec))
        if (!target.startsWith('codecs')) bad.push(`${rel}: imports ${spec} outside codecs/`)
      } else if (!spec.startsWith('@stdlib/buffer/')) bad.push(`${rel}: package '${spec}' (codecs may use @stdlib/buffer only)`)
    }
  }
  t.strictSame(bad, [])
})

t.test('bundled for the browser, it decodes and encodes where no Node global exists', async (t) => {
  const out = await build({
    entryPoints: [join(CODECS, 'index.ts')],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    globalName: 'nlwireCodecs',
    write: false,
    logLevel: 'silent',
    // A browser without a `buffer` shim: @stdlib/buffer's Node entry gives nothing there, and the
    // codecs fall back to plain Uint8Arrays.
    plugins: [
      {
        name: 'no-node-buffer',
        setup(b) {
          b.onResolve({ filter: /^@stdlib\/buffer\/ctor\/lib\/main\.js$/ }, () => ({ path: 'stdlib-buffer', namespace: 'stub' }))
          b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'export default undefined', loader: 'js' }))
        },
      },
    ],
  })
  const code = out.outputFiles[0]!.text
  // A context with the web platform's globals the codecs use, and none of Node's.
  const sandbox: Record<string, unknown> = { TextDecoder, TextEncoder, Uint8Array, DataView, ArrayBuffer, console }
  vm.createContext(sandbox)
  vm.runInContext(code, sandbox)
  t.equal(vm.runInContext('typeof Buffer + typeof process + typeof require', sandbox), 'undefinedundefinedundefined')
  const gre = readFileSync(join(ROOT, 'test/data/pyroute2/gre_01.dump'), 'utf8')
  sandbox.input = gre
  const result = vm.runInContext(
    `(() => {
      const c = nlwireCodecs
      const lines = input.split('\\n').map((l) => l.replace(/#.*/, '')).join(' ')
      const bytes = c.fromHex(lines)
      const msgs = c.decode(bytes)
      const again = c.encode(msgs)
      return { n: msgs.length, name: msgs[0].body.ifname, kind: msgs[0].body.linkinfo.kind, same: c.toHex(again) === c.toHex(bytes), plain: Object.getPrototypeOf(again) === Uint8Array.prototype }
    })()`,
    sandbox,
  ) as { n: number; name: string; kind: string; same: boolean; plain: boolean }
  // Copied into this realm: the sandbox's objects have its own Object prototype.
  t.strictSame({ ...result }, { n: 2, name: 'mgre0', kind: 'gre', same: true, plain: true })
})
