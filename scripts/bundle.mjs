// `npm run build`, second step: bundle tsc's output (dist/src, dist/codecs) into a few ES modules
// in dist/bundle/, which is what the package's entry points load.
//
// Why: Node resolves, reads and compiles each ES module separately. The API imports ~90 of them,
// which cost ~70 ms at start-up; one module per entry point plus a shared chunk costs ~5 ms.
// The entry points share their code through chunks (esbuild's splitting), so `nlwire` and
// `nlwire/codecs` used together load one copy of the codecs: one NetlinkDecodeError class, one
// family registry. Dependencies (`netlink`, `debug`, `@stdlib/buffer`) stay external.
// Types are tsc's declarations in dist/src and dist/codecs, unchanged.
import { build } from 'esbuild'
import { chmodSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

// Chunk names carry a content hash: clear the old ones rather than pile them up.
rmSync(`${root}/dist/bundle`, { recursive: true, force: true })

await build({
  absWorkingDir: root,
  entryPoints: {
    nlwire: 'dist/src/index.js',
    codecs: 'dist/codecs/index.js',
    cli: 'dist/src/cli/main.js',
    // Started as a script by the relay transport: src/transport/relay.ts finds it next to itself
    // (new URL('./relay-child.js', import.meta.url)), and the chunk holding that code is here too.
    'relay-child': 'dist/src/transport/relay-child.js',
    // The namespace helper thread, the same way: src/transport/netns-helper.ts starts it as a
    // worker from new URL('./netns-helper-thread.js', import.meta.url).
    'netns-helper-thread': 'dist/src/transport/netns-helper-thread.js',
  },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  chunkNames: 'chunk-[hash]',
  sourcemap: true,
  logLevel: 'warning',
})
chmodSync(`${root}/dist/bundle/cli.js`, 0o755)
