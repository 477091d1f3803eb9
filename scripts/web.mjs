// `npm run web` (and the second half of `npm run build`): the decoder page as one self-contained
// HTML file, dist/web/index.html — web/index.html with web/style.css and the bundled page code
// (web/main.ts and the codecs it imports) inlined: no network, no CDN, opens from file://.
// `nlwire decode --html` writes this file with its input embedded (src/cli/decode-html.ts).
import { build } from 'esbuild'
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

export async function buildPage() {
  const out = await build({
    absWorkingDir: root,
    entryPoints: ['web/main.ts'],
    bundle: true,
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    minify: true,
    write: false,
    logLevel: 'warning',
    legalComments: 'none',
    // A browser has no Node Buffer: @stdlib/buffer's Node entry gives nothing there and the
    // codecs use plain Uint8Arrays (codecs/core/bytes.ts), as test/codecs-purity.test.ts checks.
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
  // Nothing inside the inlined code may close its <script> / <style> element.
  const js = out.outputFiles[0].text.replace(/<\/(script)/gi, '<\\/$1')
  const css = readFileSync(`${root}/web/style.css`, 'utf8').replace(/<\/(style)/gi, '<\\/$1')
  const html = readFileSync(`${root}/web/index.html`, 'utf8')
  const page = html.replace('/*NLWIRE_STYLE*/', () => css).replace('/*NLWIRE_SCRIPT*/', () => js)
  mkdirSync(`${root}/dist/web`, { recursive: true })
  writeFileSync(`${root}/dist/web/index.html`, page)
  return page.length
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const n = await buildPage()
  console.log(`dist/web/index.html: ${n} bytes (open it in a browser: file://${root}dist/web/index.html)`)
}
