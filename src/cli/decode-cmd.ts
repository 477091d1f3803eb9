// `nlwire decode` as a function of its arguments: main.ts runs it on the process's streams, tests
// run it in-process.
import { parseArgs } from 'node:util'
import { looksLikeFixture } from '../../codecs/inputs/hex.js'
import { writeFileSync } from 'node:fs'
import { decodeChunks, detectFormat, readInput, readSource, InputError, type InputFormat } from './decode.js'
import { htmlFor, inputName } from './decode-html.js'

export interface CmdIO {
  out: (s: string) => void
  err: (s: string) => void
}

export const DECODE_HELP = `nlwire decode [--json] [--hex] [--html [--out FILE]] [--format auto|hex|strace|rtmon|pcap] [FILE|-]

Decode netlink messages and print one line per field: offset and length (hex), the kernel's name,
the value; nested attributes indented; flags spelled out; unknown attributes as hex with their
type number. Reads FILE, or standard input when FILE is - or absent.

Input formats (auto recognizes each):
  hex     hex text: spaces, newlines, 0x and \\x prefixes, ':' separators, # comments;
          a golden fixture (fixtures/*.nl) is read section by section
  strace  output of strace -x -e write=all -e read=all (both directions, several messages)
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

Exit status: 0 when everything decoded, 1 when the input is malformed (everything decodable is
printed first, then the error with its byte offset), 2 on usage errors. With --html the page is
written either way (it marks the error) and the status is the same.
`

function writeHtml(raw: Uint8Array, format: string, file: string | undefined, out: string | undefined, ok: boolean, io: CmdIO): number {
  let html: string
  try {
    html = htmlFor(raw, format, inputName(file))
  } catch (e) {
    io.err(`nlwire decode: ${(e as Error).message}\n`)
    return 2
  }
  if (out === undefined) {
    io.out(html)
    return ok ? 0 : 1
  }
  try {
    writeFileSync(out, html)
  } catch (e) {
    io.err(`nlwire decode: cannot write ${out}: ${(e as Error).message}\n`)
    return 2
  }
  io.err(`nlwire decode: wrote ${out} (${html.length} bytes, ${format} input of ${raw.length} bytes${ok ? '' : ', malformed: the page marks the error'}); open it in a browser\n`)
  return ok ? 0 : 1
}


export function decodeCmd(args: string[], io: CmdIO): number {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        hex: { type: 'boolean', default: false },
        format: { type: 'string', default: 'auto' },
        html: { type: 'boolean', default: false },
        out: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (e) {
    io.err(`nlwire decode: ${(e as Error).message}\n`)
    return 2
  }
  if (parsed.values.help) {
    io.out(DECODE_HELP)
    return 0
  }
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
  let raw: Uint8Array
  try {
    raw = readSource(parsed.positionals[0])
  } catch (e) {
    io.err(`nlwire decode: ${(e as Error).message}\n`)
    return 2
  }
  try {
    const chunks = readInput(raw, format)
    if (chunks.length === 0) {
      // A golden fixture of a command that sent no netlink message (ip netns add, a sysctl write).
      if (looksLikeFixture(new TextDecoder().decode(raw.subarray(0, 4096)))) {
        io.out('# a fixture without sections: the command sent and received no netlink messages\n')
        return 0
      }
      io.err('nlwire decode: no netlink messages found in the input\n')
      return 1
    }
    const r = decodeChunks(chunks, { json: parsed.values.json ?? false, hex: parsed.values.hex ?? false })
    if (parsed.values.html) return writeHtml(raw, format === 'auto' ? detectFormat(raw) : format, parsed.positionals[0], parsed.values.out, r.ok, io)
    io.out(r.text + '\n')
    return r.ok ? 0 : 1
  } catch (e) {
    if (e instanceof InputError) {
      io.err(`nlwire decode: ${e.message}\n`)
      return 1
    }
    throw e
  }
}
