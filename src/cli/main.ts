#!/usr/bin/env node
// The `nlwire` command: byte-level netlink debugging.
import { parseArgs } from 'node:util'
import { decodeChunks, readInput, readSource, InputError, type InputFormat } from './decode.js'
import { MONITOR_HELP, UsageError, parseMonitorArgs, runMonitor } from './monitor.js'

const HELP = `nlwire — rtnetlink from TypeScript, every byte named

Usage:
  nlwire decode [--json] [--hex] [--format auto|hex|strace|rtmon|pcap] [FILE|-]
      name every byte of netlink messages: hex, strace output, rtmon files, pcap captures
  nlwire monitor [OBJECT ...] [--netns NAME] [-t] [--json] [--hex] [--pcap FILE]
      print notifications as they happen, exactly as 'ip -d monitor' does
  nlwire help [COMMAND]          (or nlwire COMMAND --help)

Examples:
  echo '1400000003000200 0000000000000000 00000000' | nlwire decode
  strace -f -x -e trace=sendmsg,recvmsg -e write=all -e read=all ip link add v0 type veth 2>&1 | nlwire decode
  nlwire decode --format pcap capture.pcap
  nlwire monitor link address --netns ns1
  nlwire monitor -t --hex route
  nlwire monitor --pcap /tmp/rtnl.pcap        (then: tshark -r /tmp/rtnl.pcap -V)
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

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    const topic = rest[0]
    process.stdout.write(topic === 'decode' ? DECODE_HELP : topic === 'monitor' ? MONITOR_HELP : HELP)
    return 0
  }
  if (cmd === 'decode') return decodeCmd(rest)
  if (cmd === 'monitor') return monitorCmd(rest)
  process.stderr.write(`nlwire: unknown command '${cmd}'\n\n${HELP}`)
  return 2
}

async function monitorCmd(args: string[]): Promise<number> {
  let opts
  try {
    opts = parseMonitorArgs(args)
  } catch (e) {
    if (!(e instanceof UsageError)) throw e
    process.stderr.write(`nlwire monitor: ${e.message}\n\n${MONITOR_HELP}`)
    return 2
  }
  if (opts === 'help') {
    process.stdout.write(MONITOR_HELP)
    return 0
  }
  // Ctrl-C (or kill) ends the loop; the client, its relay processes and the pcap file are closed.
  const stop = new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve())
    process.once('SIGTERM', () => resolve())
  })
  return runMonitor(opts, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), stop })
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

process.exitCode = await main(process.argv.slice(2))
