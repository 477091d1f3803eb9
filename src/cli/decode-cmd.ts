// `nlwire decode` as a function of its arguments: main.ts runs it on the process's streams, tests
// run it in-process.
import { createReadStream, openSync } from 'node:fs'
import { writeFileSync } from 'node:fs'
import { DETECT_BYTES, InputError, decodeBytes, decodeStream, detectFormat, type InputFormat } from './decode.js'
import { htmlFor, inputName } from './decode-html.js'
import { type CmdIO, parseCommand } from './command.js'

export type { CmdIO }

export const DECODE_HELP = `nlwire decode [--json] [--hex] [--html [--out FILE]] [--format auto|hex|strace|rtmon|pcap] [FILE|-]

Decode netlink messages and print one line per field: offset and length (hex), the kernel's name,
the value; nested attributes indented; flags spelled out; unknown attributes as hex with their
type number. Reads FILE, or standard input when FILE is - or absent, as a stream: any size,
each message printed as soon as its bytes are in (the format is told from the first 64 KiB).

Input formats (auto recognizes each):
  hex     hex text: spaces, newlines, 0x and \\x prefixes, ':' separators, # comments;
          a golden fixture (fixtures/*.nl) is read section by section
  strace  output of strace -x -e write=all -e read=all (both directions, several messages);
          with socket() traced too, datagrams on other sockets than NETLINK_ROUTE are left out
  rtmon   a file written by 'rtmon file F' (raw netlink messages)
  pcap    pcap or pcapng with link type NETLINK (253), as tcpdump writes on an nlmon device

Options:
  --json    the same structure as JSON, with offsets and typed values
  --hex     also print each field's bytes
  --html    write one self-contained HTML page instead (no network: the codecs are inlined):
            the messages, each field beside its bytes, malformed input and extended acks
            marked; open it in a browser (to standard output, or to the file of --out)
  --out     with --html: the file to write
  --format  force an input format

Exit status: 0 when everything decoded; 1 when the input is malformed, cut short, empty or of
no format above (everything decodable is printed first, then the error with its byte offset);
2 on usage errors and files that cannot be read. A reader that stops early (| head) ends it
quietly. With --html the page is written for malformed input too (it marks the error), with the
same status.
`


/** The input as a stream of pieces: FILE, or standard input for '-' or none. Throws when FILE cannot be opened. */
export function openSource(file: string | undefined): AsyncIterable<Uint8Array> {
  if (file === undefined || file === '-') return process.stdin
  const fd = openSync(file, 'r')
  return createReadStream('', { fd, highWaterMark: 1 << 20 })
}

export async function decodeCmd(args: string[], io: CmdIO, source?: AsyncIterable<Uint8Array>): Promise<number> {
  const parsed = parseCommand(
    'decode',
    DECODE_HELP,
    args,
    {
      json: { type: 'boolean', default: false },
      hex: { type: 'boolean', default: false },
      format: { type: 'string', default: 'auto' },
      html: { type: 'boolean', default: false },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    io,
    { helpOnError: false },
  )
  if (typeof parsed === 'number') return parsed
  const format = parsed.values.format as InputFormat
  if (!['auto', 'hex', 'strace', 'rtmon', 'pcap'].includes(format)) {
    io.err(`nlwire decode: unknown format '${format}' (auto, hex, strace, rtmon, pcap)\n`)
    return 2
  }
  if (parsed.values.out !== undefined && !parsed.values.html) {
    io.err('nlwire decode: --out goes with --html\n')
    return 2
  }
  if (parsed.values.html && (parsed.values.json || parsed.values.hex)) {
    io.err('nlwire decode: --html does not combine with --json or --hex\n')
    return 2
  }
  if (parsed.positionals.length > 1) {
    io.err('nlwire decode: one input file at most\n')
    return 2
  }
  let input: AsyncIterable<Uint8Array>
  try {
    input = source ?? openSource(parsed.positionals[0])
  } catch (e) {
    io.err(`nlwire decode: ${(e as Error).message}\n`)
    return 2
  }
  if (parsed.values.html) return decodeHtml(input, format, parsed.positionals[0], parsed.values.out, io)
  let r
  try {
    r = await decodeStream(input, { format, json: parsed.values.json ?? false, hex: parsed.values.hex ?? false }, io.out)
  } catch (e) {
    // The file could not be read (a directory, an I/O error): not the input's content.
    const err = e as NodeJS.ErrnoException
    if (typeof err.code === 'string') {
      io.err(`nlwire decode: ${err.message}\n`)
      return 2
    }
    throw e
  }
  if (r.inputError !== undefined) {
    io.err(`nlwire decode: ${r.inputError}\n`)
    return 1
  }
  if (r.emptyFixture) {
    // A golden fixture of a command that sent no netlink message (ip netns add, a sysctl write).
    io.out('# a fixture without sections: the command sent and received no netlink messages\n')
    return 0
  }
  const skipped = Object.entries(r.skipped)
  const skippedText = skipped.length === 0 ? '' : `${skipped.reduce((n, [, c]) => n + c, 0)} datagrams on sockets that are not NETLINK_ROUTE (${skipped.map(([k, c]) => `${k}: ${c}`).join(', ')}); nlwire decodes rtnetlink only`
  if (r.chunks === 0) {
    io.err(`nlwire decode: no netlink messages found in the input${skippedText ? `: skipped ${skippedText}` : ''}\n`)
    return 1
  }
  if (skippedText) io.err(`nlwire decode: skipped ${skippedText}\n`)
  // The error stands in the output where it happened; stderr says so, for whoever reads only it.
  if (r.firstError !== undefined) {
    const where = r.chunks > 1 ? ` (${r.malformedChunks} of the ${r.chunks} parts of the input stop at an error; this is the first)` : ''
    io.err(`nlwire decode: malformed input: ${r.firstError}${where}; the output marks where\n`)
  }
  return r.malformedChunks > 0 ? 1 : 0
}

/**
 * --html: the page embeds the whole input (the browser decodes it), so it is read whole; the
 * format and the outcome are those of the text decoder on the same bytes.
 */
async function decodeHtml(input: AsyncIterable<Uint8Array>, format: InputFormat, file: string | undefined, out: string | undefined, io: CmdIO): Promise<number> {
  const parts: Uint8Array[] = []
  try {
    for await (const p of input) parts.push(p)
  } catch (e) {
    io.err(`nlwire decode: ${(e as Error).message}\n`)
    return 2
  }
  const raw = Buffer.concat(parts)
  const { outcome } = await decodeBytes(raw, { format, json: false, hex: false })
  if (outcome.inputError !== undefined || outcome.chunks === 0) {
    io.err(`nlwire decode: ${outcome.inputError ?? 'no netlink messages found in the input'}\n`)
    return 1
  }
  let resolved: string
  try {
    resolved = format === 'auto' ? detectFormat(raw.subarray(0, DETECT_BYTES)) : format
  } catch (e) {
    if (!(e instanceof InputError)) throw e
    io.err(`nlwire decode: ${e.message}\n`)
    return 1
  }
  let html: string
  try {
    html = htmlFor(raw, resolved, inputName(file))
  } catch (e) {
    io.err(`nlwire decode: ${(e as Error).message}\n`)
    return 2
  }
  const status = outcome.malformedChunks > 0 ? 1 : 0
  if (out === undefined) {
    io.out(html)
    return status
  }
  try {
    writeFileSync(out, html)
  } catch (e) {
    io.err(`nlwire decode: cannot write ${out}: ${(e as Error).message}\n`)
    return 2
  }
  io.err(`nlwire decode: wrote ${out} (${html.length} bytes, ${resolved} input of ${raw.length} bytes${outcome.malformedChunks > 0 ? ', malformed: the page marks the error' : ''}); open it in a browser\n`)
  return status
}
