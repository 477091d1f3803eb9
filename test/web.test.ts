// The decoder page in a real browser: Debian's Chromium, headless, driven by playwright-core (it
// drives the installed browser and downloads none). The page built by `npm run web` is loaded from
// file://, fed a fixture's hex, a pcap that `nlwire monitor --pcap` wrote, malformed input and an
// extended-ack error, and what it highlights is compared with `nlwire decode --json` for the same
// bytes. Screenshots go to .artifacts/web/ (kept, not compared).
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import t from 'tap'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { toHex } from '../codecs/core/bytes.js'
import type { FieldJson } from '../codecs/annotate-json.js'
import { runCli } from './helpers/cli.js'
import { listFixtures, loadFixture, sectionsOf } from './helpers/fixtures.js'
import { needsRoot, ip, scratchNetns } from './helpers/scratch.js'
import { barrier, nlwireMonitor, stop } from './helpers/monitor-side-by-side.js'
import { findProgram, needsProgram } from './helpers/programs.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
// Debian's Chromium (/usr/bin/chromium), found on PATH like every program a test needs.
const CHROMIUM = findProgram('chromium')
const ARTIFACTS = join(ROOT, '.artifacts', 'web')
const PAGE = join(ROOT, 'dist', 'web', 'index.html')

const skip = needsProgram('chromium')

interface DecodeJson {
  source?: string
  messages: FieldJson[]
  error?: { message: string; offset: number; path: string[] }
}

/** `nlwire decode --json` of some input: one object per chunk. */
function decodeJson(input: string | Uint8Array): DecodeJson[] {
  const r = runCli(['decode', '--json'], input, 60_000)
  if (r.status !== 0 && r.status !== 1) throw new Error(`nlwire decode --json: ${r.stderr}`)
  const j = JSON.parse(r.stdout) as DecodeJson | DecodeJson[]
  return Array.isArray(j) ? j : [j]
}

function find(fields: readonly FieldJson[], pred: (f: FieldJson) => boolean): FieldJson | undefined {
  for (const f of fields) {
    if (pred(f)) return f
    const c = find(f.fields ?? [], pred)
    if (c) return c
  }
  return undefined
}

/** The innermost field holding byte `o`, as the page should select it. */
function innermost(fields: readonly FieldJson[], o: number): FieldJson | undefined {
  for (const f of fields) {
    if (o >= f.offset && o < f.offset + f.length) return innermost(f.fields ?? [], o) ?? f
  }
  return undefined
}

function fixtureBytes(suffix: string, kind: 'request' | 'reply' | 'event', n: number): Uint8Array {
  const f = loadFixture(listFixtures().find((p) => p.endsWith(suffix))!)
  return sectionsOf(f, kind).find((s) => s.n === n)!.bytes
}

/** The highlighted bytes: [first offset, count, header count]. */
async function highlighted(page: Page): Promise<[number, number, number]> {
  return page.evaluate(() => {
    const sel = [...document.querySelectorAll<HTMLElement>('#hex .b.sel-h, #hex .b.sel-p')].map((e) => Number(e.dataset.o))
    const head = document.querySelectorAll('#hex .b.sel-h').length
    return [sel.length ? Math.min(...sel) : -1, sel.length, head] as [number, number, number]
  })
}

async function paste(page: Page, text: string): Promise<void> {
  await page.fill('#paste', text)
  await page.click('#decode')
  await page.waitForSelector('#tree .node')
}

t.test('the decoder page in Chromium', { skip }, async (t) => {
  const { chromium } = await import('playwright-core')
  // Always the page of the sources under test (npm test builds it too; a single run of this file may not have).
  const { buildPage } = await import('../scripts/web.mjs')
  await buildPage()
  mkdirSync(ARTIFACTS, { recursive: true })
  const profile = mkdtempSync(join(tmpdir(), 'nlw-chromium-'))
  // As root Chromium needs --no-sandbox; the rest keep it off the network (no updates, sync,
  // QUIC probes or first-run pages): the page needs none.
  const ctx: BrowserContext = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM!,
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  t.teardown(async () => {
    await ctx.close()
    rmSync(profile, { recursive: true, force: true })
  })
  const page = await ctx.newPage()
  const problems: string[] = []
  page.on('pageerror', (e) => problems.push(String(e)))
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(m.text())
  })
  const requests: string[] = []
  page.on('request', (r) => {
    if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url())
  })
  await page.goto(pathToFileURL(PAGE).href)
  t.equal(await page.evaluate(() => typeof (globalThis as { process?: unknown }).process + typeof (globalThis as { Buffer?: unknown }).Buffer), 'undefinedundefined', 'no Node global in the page')

  // ip link add veth01 type veth peer name veth02, as iproute2 sent it (s2, request 2).
  const veth = fixtureBytes('s2/01-link-add-veth.nl', 'request', 2)
  const vethJson = decodeJson(toHex(veth, ' '))[0]!

  await t.test('pasted hex: clicking a field highlights exactly its bytes (offset and length from nlwire decode --json)', async (t) => {
    await paste(page, toHex(veth, ' '))
    t.equal(await page.locator('#rows tr').count(), vethJson.messages.length)
    for (const name of ['VETH_INFO_PEER', 'IFLA_LINKINFO', 'IFLA_INFO_KIND', 'nlmsg_flags']) {
      const f = find(vethJson.messages, (x) => x.name === name)!
      await page.click(`.node[data-name="${name}"]`)
      const [start, count, head] = await highlighted(page)
      t.strictSame([start, count], [f.offset, f.length], `${name}: bytes ${f.offset}+${f.length}`)
      t.equal(head, f.type !== undefined ? 4 : 0, `${name}: ${f.type !== undefined ? 'its nlattr header marked as header' : 'no header part'}`)
    }
    await page.click('.node[data-name="VETH_INFO_PEER"]')
    await page.screenshot({ path: join(ARTIFACTS, 'veth-request-peer.png') })
  })

  await t.test('selecting a byte selects the innermost field holding it', async (t) => {
    const peerName = find(vethJson.messages, (x) => x.name === 'IFLA_IFNAME' && x.value === 'veth02')!
    for (const o of [peerName.offset + 5, 0x06, 0x31, peerName.offset + 1]) {
      const want = innermost(vethJson.messages, o)!
      await page.click(`#hex .b[data-o="${o}"]`)
      const got = await page.evaluate(() => {
        const r = document.querySelector<HTMLElement>('#tree .node.selected')
        return r ? [r.dataset.name, Number(r.dataset.offset), Number(r.dataset.length)] : null
      })
      t.strictSame(got, [want.name, want.offset, want.length], `byte ${o}: ${want.name}`)
    }
  })

  await t.test('filter by attribute name or value; copy a field as hex and as JSON', async (t) => {
    await page.fill('#filter', 'veth02')
    t.strictSame(await page.locator('.node.match').evaluateAll((rs) => rs.map((r) => (r as HTMLElement).dataset.name)), ['IFLA_IFNAME'])
    t.equal(await page.locator('#rows tr').count(), 1)
    await page.fill('#filter', 'no-such-attribute')
    t.equal(await page.locator('#rows tr').count(), 0, 'a filter nothing matches hides every message')
    await page.fill('#filter', '')
    const row = page.locator('.node[data-name="IFLA_INFO_DATA"]')
    await row.hover()
    await row.locator('.copy-json').click()
    const copied = await page.evaluate(() => document.body.dataset.lastCopy ?? '')
    t.strictSame(JSON.parse(copied), find(vethJson.messages, (x) => x.name === 'IFLA_INFO_DATA'), 'copy-as-JSON: the field as nlwire decode --json gives it')
    await row.locator('.copy-hex').click()
    const f = find(vethJson.messages, (x) => x.name === 'IFLA_INFO_DATA')!
    t.equal(await page.evaluate(() => document.body.dataset.lastCopy), toHex(veth.subarray(f.offset, f.offset + f.length), ' '), 'copy-as-hex: its bytes')
  })

  await t.test('malformed input: what decodes is shown, the error offset is marked with its message', async (t) => {
    // The veth request with IFLA_INFO_KIND claiming 12 bytes inside a 12-byte IFLA_LINKINFO payload.
    const bad = Uint8Array.from(veth)
    bad[0x30] = 0x30
    const j = decodeJson(toHex(bad, ' '))[0]!
    t.ok(j.error, 'nlwire decode reports an error')
    await paste(page, toHex(bad, ' '))
    const marker = page.locator('#hex .b.err')
    t.equal(await marker.count(), 1)
    t.equal(Number(await marker.getAttribute('data-o')), j.error!.offset, `marked at offset ${j.error!.offset}`)
    t.equal(await marker.getAttribute('title'), j.error!.message)
    t.match(await page.locator('#hex .error-note').innerText(), j.error!.message)
    t.ok(await page.locator('.node[data-name="IFLA_IFNAME"]').count(), 'the fields before the error are shown')
    t.match(await page.locator('#rows tr.malformed').innerText(), /malformed/)
    await page.screenshot({ path: join(ARTIFACTS, 'malformed.png') })
  })

  await t.test('an extended ack marks the offending attribute of the echoed request', async (t) => {
    // ip link set dev veth0 gso_max_size 1: ERANGE, NLMSGERR_ATTR_OFFS 32 (x-bridge step 10, reply 3).
    const reply = fixtureBytes('x-bridge/10-link-set-bad-gso-max-size-fails.nl', 'reply', 3)
    const j = decodeJson(toHex(reply, ' '))[0]!
    const req = find(j.messages, (x) => x.name === 'request')!
    const offs = find(j.messages, (x) => x.name === 'NLMSGERR_ATTR_OFFS')!.value as number
    const blamed = find(req.fields ?? [], (x) => x.offset === req.offset + offs && x.type !== undefined)!
    t.equal(blamed.name, 'IFLA_GSO_MAX_SIZE')
    await paste(page, toHex(reply, ' '))
    const row = page.locator('.node.blamed')
    t.equal(await row.getAttribute('data-name'), 'IFLA_GSO_MAX_SIZE')
    t.equal(Number(await row.getAttribute('data-offset')), blamed.offset)
    t.match(await row.innerText(), /kernel: integer out of range/)
    const blame = await page.evaluate(() => [...document.querySelectorAll<HTMLElement>('#hex .b.blame')].map((e) => Number(e.dataset.o)))
    t.strictSame([Math.min(...blame), blame.length], [blamed.offset, blamed.length], 'its bytes marked in the hex view')
    t.match(await page.locator('#rows tr').first().innerText(), /NLMSG_ERROR ERANGE/)
    await page.screenshot({ path: join(ARTIFACTS, 'extack-error.png') })
  })

  await t.test('strace output: both directions, each request paired with its answer by sequence number', async (t) => {
    const strace = readFileSync(join(ROOT, 'test/data/strace/ip-monitor-add-mptcp.strace'), 'utf8')
    const j = decodeJson(strace)
    await paste(page, strace)
    const rows = await page.locator('#rows tr').evaluateAll((rs) => rs.map((r) => [...r.querySelectorAll('td')].map((c) => c.textContent ?? '')))
    t.equal(rows.length, j.reduce((n, c) => n + c.messages.length, 0), 'every message of every syscall listed')
    t.ok(rows.some((r) => r[2] === 'user → kernel') && rows.some((r) => r[2] === 'kernel → user'), 'both directions')
    const answered = rows.filter((r) => /^(ack|error|reply) #/.test(r[7]!))
    t.ok(answered.length > 0, 'requests name their answers')
    for (const r of answered) {
      const target = rows[Number(/#(\d+)/.exec(r[7]!)![1]) - 1]!
      t.equal(target[5], r[5], `#${r[0]} and its answer #${target[0]} share seq ${r[5]}`)
      t.equal(target[7], `answers #${r[0]}`)
    }
    // Each "#N" there goes to that message.
    const first = answered[0]!
    const n = /#(\d+)/.exec(first[7]!)![1]!
    await page.click(`#rows tr[data-n="${first[0]}"] a.goto`)
    t.equal(await page.locator('#rows tr.selected').getAttribute('data-n'), n, `the link selects #${n}`)
    t.match(await page.locator('#tree .pane-title').innerText(), new RegExp(`^#${n} `))
  })

  await t.test('a pcap written by nlwire monitor --pcap, dropped on the page', { skip: needsRoot }, async (t) => {
    const ns = scratchNetns(t, 'web')
    const dir = mkdtempSync(join(tmpdir(), 'nlw-web-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const pcap = join(dir, 'rtnl.pcap')
    const mon = nlwireMonitor(t, ['link', '--netns', ns, '--pcap', pcap])
    await barrier(ns, [mon])
    ip('-n', ns, 'link', 'add', 'webveth0', 'type', 'veth', 'peer', 'name', 'webveth1')
    await barrier(ns, [mon])
    t.equal(await stop(mon, 'SIGINT'), 0)
    const bytes = readFileSync(pcap)
    const j = decodeJson(bytes)
    const total = j.reduce((n, c) => n + c.messages.length, 0)
    await page.evaluate(
      async ({ b64, name }) => {
        const bin = atob(b64)
        const data = new Uint8Array(bin.length)
        for (let i = 0; i < bin.length; i++) data[i] = bin.charCodeAt(i)
        const dt = new DataTransfer()
        dt.items.add(new File([data], name, { type: 'application/vnd.tcpdump.pcap' }))
        document.body.dispatchEvent(new DragEvent('dragenter', { bubbles: true, dataTransfer: dt }))
        document.body.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: dt }))
      },
      { b64: bytes.toString('base64'), name: 'rtnl.pcap' },
    )
    await page.waitForFunction((n) => document.querySelectorAll('#rows tr').length === n, total)
    t.match(await page.locator('#status').innerText(), /rtnl\.pcap: pcap/)
    t.ok(await page.locator('#drop').isHidden(), 'the drop overlay is gone')
    // The notification of webveth0: select it, then its IFLA_IFNAME.
    const idx = j.findIndex((c) => find(c.messages, (x) => x.name === 'IFLA_IFNAME' && x.value === 'webveth0') !== undefined)
    t.ok(idx >= 0, 'webveth0 is in the capture')
    const before = j.slice(0, idx).reduce((n, c) => n + c.messages.length, 0)
    await page.click(`#rows tr[data-n="${before + 1}"]`)
    const f = find(j[idx]!.messages, (x) => x.name === 'IFLA_IFNAME')!
    await page.click(`.node[data-name="IFLA_IFNAME"]`)
    t.strictSame((await highlighted(page)).slice(0, 2), [f.offset, f.length], 'IFLA_IFNAME highlighted where nlwire decode --json puts it')
    t.match(await page.locator(`#rows tr[data-n="${before + 1}"]`).innerText(), /kernel → user/)
    await page.screenshot({ path: join(ARTIFACTS, 'pcap-dropped.png') })
  })

  await t.test('nlwire decode --html: one self-contained file for a 1.5 KB veth notification', async (t) => {
    // The kernel's RTM_NEWLINK for veth02 (s2 step 1): the notification of a new veth.
    const f2 = loadFixture(listFixtures().find((p) => p.endsWith('s2/01-link-add-veth.nl'))!)
    const event = sectionsOf(f2, 'event').find((s) => s.label.startsWith('RTM_NEWLINK'))!.bytes
    t.ok(event.length > 1400 && event.length < 1600, `${event.length} bytes`)
    const dir = mkdtempSync(join(tmpdir(), 'nlw-html-'))
    t.teardown(() => rmSync(dir, { recursive: true, force: true }))
    const input = join(dir, 'veth-notification.hex')
    writeFileSync(input, toHex(event, ' ') + '\n')
    const out = join(dir, 'veth.html')
    const r = runCli(['decode', '--html', '--out', out, input])
    t.equal(r.status, 0, r.stderr)
    const size = statSync(out).size
    t.ok(size < 1024 * 1024, `${size} bytes, under 1 MB`)
    const html = readFileSync(out, 'utf8')
    t.notMatch(html, /<script[^>]+src=|<link[^>]+href=|https?:\/\//, 'nothing loaded from elsewhere')
    const t0 = Date.now()
    await page.goto(pathToFileURL(out).href)
    await page.waitForFunction(() => document.body.dataset.ready === '1')
    const ms = Date.now() - t0
    const nav = await page.evaluate(() => Math.round(performance.now()))
    t.comment(`opened and decoded in ${ms} ms (performance.now() at ready: ${nav} ms)`)
    t.match(await page.locator('#status').innerText(), /veth-notification\.hex: hex, 1 buffer, 1 messages/)
    const want = decodeJson(toHex(event, ' '))[0]!
    t.equal(await page.locator('#tree .node').count(), countFields(want.messages), 'every field of nlwire decode --json is in the tree')
    await page.click('.node[data-name="IFLA_LINKINFO"]')
    const f = find(want.messages, (x) => x.name === 'IFLA_LINKINFO')!
    t.strictSame((await highlighted(page)).slice(0, 2), [f.offset, f.length])
    await page.screenshot({ path: join(ARTIFACTS, 'decode-html-veth-notification.png') })
  })

  t.strictSame(problems, [], 'no error in the page')
  t.strictSame(requests, [], 'no request left the machine')
})

function countFields(fields: readonly FieldJson[]): number {
  return fields.reduce((n, f) => n + 1 + countFields(f.fields ?? []), 0)
}
