// The CLI against hostile input: empty, random text, random binary (auto and every --format),
// truncated hex and binary, and huge inputs (100 MB of hex from a file and from a pipe, as text
// and --json; 100 MB of random binary). Each: the exit status `nlwire decode --help` documents
// (0 decoded, 1 malformed/empty/unknown, 2 usage), one line on stderr and no stack trace, and
// peak memory that does not grow with the input.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, createWriteStream } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseHexSections, zeroTail } from '../../../codecs/inputs/hex.js'
import { listFixtures } from '../../../test/helpers/fixtures.js'
import { rng } from '../../fuzz/engine.js'
import type { CaseResult, Ctx } from '../cases.js'
import { hasStack, run } from '../util.js'

const G = 'cli-inputs'

/** Whole messages from the fixtures, as hex, concatenated to `bytes` hex digits. */
async function hexFile(path: string, size: number): Promise<number> {
  const msgs: string[] = []
  for (const f of listFixtures()) {
    for (const s of parseHexSections(readFileSync(f, 'utf8'))) msgs.push(Buffer.from(s.bytes.subarray(0, zeroTail(s.bytes).end)).toString('hex'))
  }
  const w = createWriteStream(path)
  let n = 0
  let count = 0
  for (let i = 0; n < size; i++) {
    const h = msgs[i % msgs.length]!
    n += h.length
    count++
    if (!w.write(h)) await new Promise<void>((r) => w.once('drain', () => r()))
  }
  await new Promise<void>((r) => w.end(() => r()))
  return count
}

/** The error line `nlwire decode` prints after what it could decode (binary formats). */
function outError(stdout: string): string | undefined {
  return stdout.split('\n').find((l) => /^Error: /.test(l))
}

function randomBytes(n: number, seed: number, printable = false): Uint8Array {
  const r = rng(seed)
  const b = new Uint8Array(n)
  for (let i = 0; i < n; i++) b[i] = printable ? 32 + Math.floor(r() * 95) : Math.floor(r() * 256)
  return b
}

export async function cliInputs(ctx: Ctx): Promise<CaseResult[]> {
  const out: CaseResult[] = []
  const dir = mkdtempSync(join(tmpdir(), 'nlw-faults-cli-'))
  const cli = `${ctx.root}/dist/bundle/cli.js`
  try {
    const mb = ctx.quick ? 10 : 100
    const huge = join(dir, 'huge.hex')
    const datagrams = await hexFile(huge, mb * 1e6)
    const rnd = join(dir, 'random.bin')
    writeFileSync(rnd, randomBytes(mb * 1e6, 7))
    const fixture = readFileSync(listFixtures().find((f) => f.endsWith('s2/01-link-add-veth.nl'))!, 'utf8')
    const oneMsg = parseHexSections(fixture)[1]!.bytes

    interface Try {
      what: string
      args: string[]
      input?: string | Uint8Array
      file?: string
      exit: number
      stderr?: RegExp
      discard?: boolean
      /** Peak RSS must stay under this (MiB). */
      peakMax?: number
    }
    const tries: Try[] = [
      { what: 'empty input', args: ['decode'], input: '', exit: 1, stderr: /^nlwire decode: the input is empty\n$/ },
      { what: 'random printable text (1 MB)', args: ['decode'], input: randomBytes(1e6, 1, true), exit: 1, stderr: /cannot tell the input format/ },
      { what: 'random binary (1 MB), format told by auto', args: ['decode'], input: randomBytes(1e6, 2), exit: 1, stderr: /cannot tell the input format|error|hex/ },
      { what: 'random binary (1 MB) as --format hex', args: ['decode', '--format', 'hex'], input: randomBytes(1e6, 3), exit: 1, stderr: /not whole bytes of hex/ },
      { what: 'random binary (1 MB) as --format strace', args: ['decode', '--format', 'strace'], input: randomBytes(1e6, 4), exit: 1, stderr: /no netlink messages found/ },
      { what: 'random binary (1 MB) as --format pcap', args: ['decode', '--format', 'pcap'], input: randomBytes(1e6, 5), exit: 1, stderr: /^nlwire decode: pcap/ },
      { what: 'random binary (1 MB) as --format rtmon', args: ['decode', '--format', 'rtmon'], input: randomBytes(1e6, 6), exit: 1 },
      { what: 'a message cut short (binary)', args: ['decode', '--format', 'rtmon'], input: oneMsg.subarray(0, oneMsg.length - 7), exit: 1 },
      { what: 'a fixture cut in the middle of a byte', args: ['decode'], input: fixture.slice(0, fixture.indexOf(' 76 65 74 68') + 2), exit: 1, stderr: /is not whole bytes of hex/ },
      { what: 'hex cut in the middle of a byte', args: ['decode'], input: Buffer.from(oneMsg).toString('hex').slice(0, -1), exit: 1, stderr: /the input ends in the middle of a byte/ },
      { what: 'usage: an unknown flag', args: ['decode', '--bogus'], input: '', exit: 2, stderr: /^nlwire decode: Unknown option '--bogus'/ },
      { what: 'a directory as the input file', args: ['decode', dir], exit: 2, stderr: /EISDIR/ },
      { what: `${mb} MB of hex from a file (${datagrams} datagrams)`, args: ['decode', huge], exit: 0, discard: true, peakMax: 250 },
      { what: `${mb} MB of hex from a pipe`, args: ['decode'], file: huge, exit: 0, discard: true, peakMax: 250 },
      { what: `${mb} MB of hex from a file, --json`, args: ['decode', '--json', huge], exit: 0, discard: true, peakMax: 250 },
      { what: `${mb} MB of hex cut at the end, --format hex`, args: ['decode', '--format', 'hex', '-'], input: readFileSync(huge).subarray(0, 3e6 + 1), exit: 1, discard: true, peakMax: 250 },
      { what: `${mb} MB of random binary as --format rtmon`, args: ['decode', '--format', 'rtmon', rnd], exit: 1, discard: true, peakMax: 250 },
      { what: `${mb} MB of random binary, auto`, args: ['decode', rnd], exit: 1, peakMax: 250 },
    ]
    const peaks: number[] = []
    for (const x of tries) {
      const r = await run(process.execPath, [cli, ...x.args], { ...(x.input !== undefined ? { input: x.input } : {}), ...(x.file ? { stdinFile: x.file } : {}), discard: x.discard ?? false, peak: true, timeoutMs: 600_000 })
      const errLines = r.stderr.split('\n').filter(Boolean)
      const ok =
        r.code === x.exit &&
        !hasStack(r.stderr) &&
        !hasStack(r.stdout) &&
        errLines.length <= 1 &&
        (x.stderr === undefined || x.stderr.test(r.stderr)) &&
        (x.peakMax === undefined || (r.peakMiB ?? Infinity) < x.peakMax)
      if (r.peakMiB !== undefined) peaks.push(r.peakMiB)
      out.push({
        group: G,
        name: `nlwire ${x.args.map((a) => (a.startsWith(dir) ? a.slice(dir.length + 1) || 'DIR' : a)).join(' ')} — ${x.what}`,
        ok,
        figure: `exit ${r.code}${r.signal ? ` (${r.signal})` : ''} (documented: ${x.exit}), ${(r.ms / 1000).toFixed(2)} s, peak RSS ${r.peakMiB?.toFixed(0) ?? '?'} MiB, stderr: ${errLines.length === 0 ? '(none)' : JSON.stringify(errLines[0]!.slice(0, 160))}${errLines.length === 0 && outError(r.stdout) ? `, the error in the decoded output (as documented): ${JSON.stringify(outError(r.stdout)!.slice(0, 160))}` : ''}${hasStack(r.stderr) ? ' — STACK TRACE' : ''}`,
      })
    }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return out
}
