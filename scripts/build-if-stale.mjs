// `npm run demo`'s build step: build dist/ only when it is older than what it is built from (the
// demo imports 'nlwire', which is dist/bundle). A full build takes ~7 s; this check ~20 ms.
import { spawnSync } from 'node:child_process'
import { readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const INPUTS = ['src', 'codecs', 'package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json', 'scripts/bundle.mjs']
const OUTPUTS = ['dist/bundle/nlwire.js', 'dist/bundle/codecs.js', 'dist/bundle/cli.js', 'dist/bundle/relay-child.js', 'dist/src/index.d.ts']

function newest(path) {
  let st
  try {
    st = statSync(path)
  } catch {
    return 0
  }
  if (!st.isDirectory()) return st.mtimeMs
  let m = 0
  for (const e of readdirSync(path)) m = Math.max(m, newest(join(path, e)))
  return m
}

function oldestOutput() {
  let m = Infinity
  for (const f of OUTPUTS) {
    try {
      m = Math.min(m, statSync(join(root, f)).mtimeMs)
    } catch {
      return 0 // missing: build
    }
  }
  return m
}

const src = Math.max(...INPUTS.map((p) => newest(join(root, p))))
const out = oldestOutput()
if (src > out) {
  console.error(out === 0 ? 'building dist/ (not built yet)' : 'building dist/ (sources changed since the last build)')
  const r = spawnSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' })
  process.exit(r.status ?? 1)
}
