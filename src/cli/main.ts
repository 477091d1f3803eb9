#!/usr/bin/env node
// The `nlwire` command: byte-level netlink debugging.
import { DECODE_HELP, decodeCmd } from './decode-cmd.js'
import { MONITOR_HELP, UsageError, parseMonitorArgs, runMonitor } from './monitor.js'

const HELP = `nlwire — rtnetlink from TypeScript, every byte named

Usage:
  nlwire decode [--json] [--hex] [--html [--out FILE]] [--format auto|hex|strace|rtmon|pcap] [FILE|-]
      name every byte of netlink messages: hex, strace output, rtmon files, pcap captures;
      --html writes a self-contained page with each field beside its bytes
  nlwire monitor [OBJECT ...] [--netns NAME] [-t] [--json] [--hex] [--pcap FILE]
      print notifications as they happen, exactly as 'ip -d monitor' does
  nlwire up | plan | down FILE [--prefix P] [--host NETNS] [--json] [--adopt]
      build a topology file (namespaces, veth cables, bridges, Open vSwitch) idempotently,
      preview it, or take it down
  nlwire show FILE | --live [--format text|mermaid|dot|svg|topology] [--prefix P] [--host NETNS]
      draw a topology file, or what is on the machine now
  nlwire help [COMMAND]          (or nlwire COMMAND --help)

Examples:
  echo '1400000003000200 0000000000000000 00000000' | nlwire decode
  strace -f -x -e trace=sendmsg,recvmsg -e write=all -e read=all ip link add v0 type veth 2>&1 | nlwire decode
  nlwire decode --format pcap capture.pcap
  nlwire decode --html --out capture.html capture.pcap
  nlwire monitor link address --netns ns1
  nlwire monitor -t --hex route
  nlwire monitor --pcap /tmp/rtnl.pcap        (then: tshark -r /tmp/rtnl.pcap -V)
  nlwire up examples/s5-bridge.yaml --prefix lab1-
  nlwire show --live --format svg -o machine.svg
`

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv
  if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') {
    const topic = rest[0]
    if (topic === 'up' || topic === 'plan' || topic === 'down') process.stdout.write((await import('./topology-cmd.js')).TOPOLOGY_HELP)
    else if (topic === 'show') process.stdout.write((await import('./show-cmd.js')).SHOW_HELP)
    else process.stdout.write(topic === 'decode' ? DECODE_HELP : topic === 'monitor' ? MONITOR_HELP : HELP)
    return 0
  }
  const io = { out: (x: string) => void process.stdout.write(x), err: (x: string) => void process.stderr.write(x) }
  // Loaded on use: the topology layer (and its YAML parser) costs nothing to decode and monitor.
  if (cmd === 'up' || cmd === 'plan' || cmd === 'down') return (await import('./topology-cmd.js')).topologyCmd(cmd, rest, io)
  if (cmd === 'show') return (await import('./show-cmd.js')).showCmd(rest, io)
  if (cmd === 'decode') return await decodeCmd(rest, { out: (x) => process.stdout.write(x), err: (x) => process.stderr.write(x) })
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
  // A second Ctrl-C does not wait for the clean-up.
  const stop = new Promise<void>((resolve) => {
    let asked = false
    const onSignal = (sig: NodeJS.Signals): void => {
      if (asked) process.exit(sig === 'SIGINT' ? 130 : 143)
      asked = true
      resolve()
    }
    process.on('SIGINT', onSignal)
    process.on('SIGTERM', onSignal)
  })
  return runMonitor(opts, { out: (s) => process.stdout.write(s), err: (s) => process.stderr.write(s), stop })
}

// A reader that stops early (`nlwire decode big.hex | head`) closes the pipe: stop quietly.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(0)
  throw e
})

process.exitCode = await main(process.argv.slice(2))
