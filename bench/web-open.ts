/// <reference lib="dom" />
// node --import tsx bench/web-open.ts [--loads N]
//
// How fast the page `nlwire decode --html` writes opens: the file for the 1,496-byte RTM_NEWLINK
// the kernel sends for a new veth (fixtures/s2/01-link-add-veth, its first RTM_NEWLINK event),
// loaded N times (10) in Debian's headless Chromium, each in a new tab. Per load: from the start
// of navigation to the page's "decoded and drawn" mark (performance.mark('nlwire-ready') after
// the tree and hex view are in the DOM), and to the first paint after it (the next animation
// frame). Prints the file's size and the median and worst of each. A figure, never an assertion.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { chromium } from 'playwright-core'
import { toHex } from '../codecs/core/bytes.js'
import { listFixtures, loadFixture, sectionsOf } from '../test/helpers/fixtures.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const i = process.argv.indexOf('--loads')
const LOADS = i > 0 ? Number(process.argv[i + 1]) : 10

const work = mkdtempSync(join(tmpdir(), 'nlw-webopen-'))
const f = loadFixture(listFixtures().find((p) => p.endsWith('s2/01-link-add-veth.nl'))!)
const event = sectionsOf(f, 'event').find((s) => s.label.startsWith('RTM_NEWLINK'))!.bytes
const input = join(work, 'veth-notification.hex')
writeFileSync(input, toHex(event, ' ') + '\n')
const html = join(work, 'veth.html')
execFileSync(process.execPath, [join(ROOT, 'dist/bundle/cli.js'), 'decode', '--html', '--out', html, input], { stdio: 'ignore' })

const ctx = await chromium.launchPersistentContext(join(work, 'profile'), {
  executablePath: '/usr/bin/chromium',
  headless: true,
  viewport: { width: 1400, height: 900 },
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
})
const ready: number[] = []
const painted: number[] = []
try {
  for (let k = 0; k < LOADS; k++) {
    const page = await ctx.newPage()
    await page.goto(pathToFileURL(html).href)
    await page.waitForFunction(() => document.body.dataset.ready === '1')
    const [r, p] = await page.evaluate(
      () =>
        new Promise<[number, number]>((resolve) => {
          const mark = performance.getEntriesByName('nlwire-ready')[0]!.startTime
          requestAnimationFrame(() => setTimeout(() => resolve([mark, performance.now()]), 0))
        }),
    )
    ready.push(r)
    painted.push(p)
    await page.close()
  }
} finally {
  await ctx.close()
}
const size = statSync(html).size
rmSync(work, { recursive: true, force: true })
const stat = (xs: number[]): string => {
  const s = [...xs].sort((a, b) => a - b)
  return `median ${Math.round(s[Math.floor(s.length / 2)]!)} ms, worst ${Math.round(s[s.length - 1]!)} ms`
}
console.log(`veth notification (${event.length} bytes) → ${size} bytes of HTML`)
console.log(`${LOADS} loads: decoded and drawn: ${stat(ready)}; first frame after: ${stat(painted)} (load average ${loadavg()[0]!.toFixed(1)})`)
