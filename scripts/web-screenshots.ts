/// <reference lib="dom" />
// node --import tsx scripts/web-screenshots.ts
//
// The pictures of docs/debugging.md, from real bytes: `nlwire decode --html` of two captured
// messages (fixtures/), opened in Debian's Chromium (headless, playwright-core) with a field
// selected. Needs chromium; writes docs/img/web-veth-peer.png and docs/img/web-extack.png.
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { toHex } from '../codecs/core/bytes.js'
import { listFixtures, loadFixture, sectionsOf } from '../test/helpers/fixtures.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const OUT = join(ROOT, 'docs', 'img')

const shots = [
  {
    // ip link add veth01 type veth peer name veth02: the request iproute2 sent (s2, request 2).
    file: 'web-veth-peer.png',
    fixture: 's2/01-link-add-veth.nl',
    kind: 'request' as const,
    n: 2,
    name: 'ip-link-add-veth.hex',
    select: '.node[data-name="VETH_INFO_PEER"]',
  },
  {
    // ip link set dev veth0 gso_max_size 1: the kernel's ERANGE with an extended ack (x-bridge, reply 3).
    file: 'web-extack.png',
    fixture: 'x-bridge/10-link-set-bad-gso-max-size-fails.nl',
    kind: 'reply' as const,
    n: 3,
    name: 'gso-max-size-erange.hex',
    select: null,
  },
]

const work = mkdtempSync(join(tmpdir(), 'nlw-shots-'))
const ctx = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1280, height: 760 },
  deviceScaleFactor: 1,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
try {
  mkdirSync(OUT, { recursive: true })
  const page = await ctx.newPage()
  for (const s of shots) {
    const f = loadFixture(listFixtures().find((p) => p.endsWith(s.fixture))!)
    const bytes = sectionsOf(f, s.kind).find((x) => x.n === s.n)!.bytes
    const input = join(work, s.name)
    writeFileSync(input, toHex(bytes, ' ') + '\n')
    const html = join(work, `${s.name}.html`)
    execFileSync(process.execPath, [join(ROOT, 'dist/bundle/cli.js'), 'decode', '--html', '--out', html, input], { stdio: 'inherit' })
    await page.goto(pathToFileURL(html).href)
    await page.waitForFunction(() => document.body.dataset.ready === '1')
    if (s.select) await page.click(s.select)
    await page.mouse.move(0, 0)
    await page.screenshot({ path: join(OUT, s.file) })
    console.log(`docs/img/${s.file}`)
  }
} finally {
  await ctx.close()
  rmSync(work, { recursive: true, force: true })
}
