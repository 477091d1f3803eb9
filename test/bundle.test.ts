// The built package as users load it (dist/bundle/, made by `npm run build`): the codecs entry
// stays pure, `nlwire` and `nlwire/codecs` share one copy of the codecs, the relay child script
// is where the relay transport looks for it, and the CLI runs.
import t from 'tap'
import { existsSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'

const BUNDLE = fileURLToPath(new URL('../dist/bundle/', import.meta.url))

/** Every bare import reachable from a bundle file, following its relative imports (chunks). */
function reach(entry: string): { files: Set<string>; bare: Set<string> } {
  const files = new Set<string>()
  const bare = new Set<string>()
  const walk = (f: string): void => {
    if (files.has(f)) return
    files.add(f)
    const text = readFileSync(f, 'utf8')
    for (const m of text.matchAll(/(?:^|\n)\s*(?:import|export)\s*(?:[\w*{}\s,$]*?\s*from\s*)?['"]([^'"]+)['"]/g)) {
      const spec = m[1]!
      if (spec.startsWith('.')) walk(resolve(dirname(f), spec))
      else bare.add(spec)
    }
  }
  walk(entry)
  return { files, bare }
}

t.test('the package entry points are the bundle', async (t) => {
  const pkg = JSON.parse(readFileSync(join(BUNDLE, '../../package.json'), 'utf8')) as { exports: Record<string, { default?: string }>; bin: Record<string, string> }
  t.equal(pkg.exports['.']!.default, './dist/bundle/nlwire.js')
  t.equal(pkg.exports['./codecs']!.default, './dist/bundle/codecs.js')
  t.equal(pkg.bin.nlwire, './dist/bundle/cli.js')
  for (const f of ['nlwire.js', 'codecs.js', 'cli.js', 'relay-child.js']) t.ok(existsSync(join(BUNDLE, f)), `dist/bundle/${f} built`)
})

t.test('nlwire/codecs, bundled, imports nothing but @stdlib/buffer', async (t) => {
  const { files, bare } = reach(join(BUNDLE, 'codecs.js'))
  t.ok(files.size >= 2, `${files.size} bundle files reached`)
  t.strictSame([...bare].filter((s) => !s.startsWith('@stdlib/buffer/')), [])
})

t.test('nlwire and nlwire/codecs share one copy of the codecs', async (t) => {
  const codecs = await import('nlwire/codecs')
  const api = await import('nlwire')
  t.equal(typeof api.open, 'function')
  const err = (() => {
    try {
      codecs.decode(new Uint8Array([20, 0, 0, 0, 16, 0]))
    } catch (e) {
      return e
    }
    return undefined
  })()
  t.ok(err instanceof codecs.NetlinkDecodeError, 'a truncated header is a NetlinkDecodeError')
  // The API's chunks import the codecs' chunks rather than carrying their own copy.
  const apiFiles = reach(join(BUNDLE, 'nlwire.js')).files
  const codecFiles = reach(join(BUNDLE, 'codecs.js')).files
  const shared = [...codecFiles].filter((f) => f !== join(BUNDLE, 'codecs.js') && apiFiles.has(f))
  t.ok(shared.length >= 1, `${shared.length} chunk(s) shared between the two entry points`)
})

t.test('the relay transport finds its child script next to the chunk that starts it', async (t) => {
  const { files } = reach(join(BUNDLE, 'nlwire.js'))
  const starter = [...files].filter((f) => /['"]\.\/relay-child\.js['"]/.test(readFileSync(f, 'utf8')))
  t.equal(starter.length, 1, 'one bundle file names ./relay-child.js')
  t.ok(existsSync(resolve(dirname(starter[0]!), 'relay-child.js')), 'and it is beside that file')
})

t.test('the bundled CLI runs', async (t) => {
  const r = spawnSync(process.execPath, [join(BUNDLE, 'cli.js'), '--help'], { encoding: 'utf8', timeout: 30_000 })
  t.equal(r.status, 0, r.stderr)
  t.match(r.stdout, /Usage/)
})
