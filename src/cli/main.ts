#!/usr/bin/env node
// The `nlwire` command: byte-level netlink debugging.
import { parseArgs } from 'node:util'
import { decodeChunks, readInput, readSource, InputError, type InputFormat } from './decode.js'

const HELP = `nlwire — rtnetlink from TypeScript, every byte named

Usage:
  nlwire decode [--json] [--hex] [--format auto|hex|strace|rtmon|pcap] [FILE|-]
  nlwire monitor [link addr route neigh nsid netconf ...] [--netns NAME] [--json] [--hex] [--pcap FILE] [-t]
  nlwire help [COMMAND]

Examples:
  echo '1400000003000200 0000000000000000 00000000' | nlwire decode
  strace -f -x -e trace=sendmsg,recvmsg -e write=all -e read=all ip link add v0 type veth 2>&1 | nlwire decode
  nlwire decode --format pcap capture.pcap
  nlwire monitor link addr --netns ns1
`

const DECODE_HELP = `nlwire decode [--json] [--hex] [--format auto|hex|strace|rtmon|pcap] [FILE|-]

Decode netlink messages and print one line per field: offset and length (hex), the kernel's name,
the value; nested attributes indented; flags spelled out; unknown attributes as hex with their
type number. Reads FILE, or standard input when FILE is - or absent.

Input formats (auto recognizes each):
  hex     hex text: spaces, newlines, 0x and \\x prefixes, ':' separators, # comments
  strace  output of strace -x -e write=all -e read=all (both directions, several messages)
  rtmon   a file written by 'rtmon file F' (raw netlink messages)
  pcap    pcap or pcapng with link type NETLINK (253), as tcpdump writes on an nlmon device

Options:
  --json    the same structure as JSON, with offsets and typed values
  --hex     also print each field's bytes
  --format  force an input format

Exit status: 0 when everything decoded, 1 when the input is malformed (everything decodable is
printed first, then the error with its byte offset), 2 on usage errors.
`

function main(argv: string[]): number {
  const [cmd, ...rest] = argv
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    const topic = rest[0]
    process.stdout.write(topic === 'decode' ? DECODE_HELP : HELP)
    return 0
  }
  if (cmd === 'decode') return decodeCmd(rest)
  process.stderr.write(`nlwire: unknown command '${cmd}'\n\n${HELP}`)
  return 2
}

function decodeCmd(args: string[]): number {
  let parsed
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        hex: { type: 'boolean', default: false },
        format: { type: 'string', default: 'auto' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    })
  } catch (e) {
    process.stderr.write(`nlwire decode: ${(e as Error).message}\n`)
    return 2
  }
  if (parsed.values.help) {
    process.stdout.write(DECODE_HELP)
    return 0
  }
  const format = parsed.values.format as InputFormat
  if (!['auto', 'hex', 'strace', 'rtmon', 'pcap'].includes(format)) {
    process.stderr.write(`nlwire decode: unknown format '${format}' (auto, hex, strace, rtmon, pcap)\n`)
    return 2
  }
  if (parsed.positionals.length > 1) {
    process.stderr.write('nlwire decode: one input file at most\n')
    return 2
  }
  let raw: Uint8Array
  try {
    raw = readSource(parsed.positionals[0])
  } catch (e) {
    process.stderr.write(`nlwire decode: ${(e as Error).message}\n`)
    return 2
  }
  try {
    const chunks = readInput(raw, format)
    if (chunks.length === 0) {
      process.stderr.write('nlwire decode: no netlink messages found in the input\n')
      return 1
    }
    const r = decodeChunks(chunks, { json: parsed.values.json ?? false, hex: parsed.values.hex ?? false })
    process.stdout.write(r.text + '\n')
    return r.ok ? 0 : 1
  } catch (e) {
    if (e instanceof InputError) {
      process.stderr.write(`nlwire decode: ${e.message}\n`)
      return 1
    }
    throw e
  }
}

process.exitCode = main(process.argv.slice(2))
