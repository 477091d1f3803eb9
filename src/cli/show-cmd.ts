// `nlwire show FILE | --live`: a topology file, or what is on the machine now, as a tree, a
// Mermaid or Graphviz graph, an SVG picture nlwire lays out itself, or (live) a topology file.
import { type CmdIO, parseCommand } from './command.js'
import { writeFileSync } from 'node:fs'
import { discover } from '../topology/discover.js'
import { TopologyFileError } from '../topology/errors.js'
import { graphOfSpec, type Graph } from '../topology/graph.js'
import { loadTopology } from '../topology/load.js'
import { LocalMachine } from '../topology/machine.js'
import { renderDot, renderMermaid } from '../topology/render/graphviz.js'
import { renderSvg } from '../topology/render/svg.js'
import { renderText } from '../topology/render/text.js'
import { renderTopology } from '../topology/render/topology.js'
import { EXIT } from './topology-cmd.js'

export const SHOW_HELP = `nlwire show FILE   [--format F] [--prefix P] [--host NETNS] [-o OUT]
nlwire show --live [--format F] [--prefix P] [--host NETNS] [--ovs-socket PATH] [--name NAME] [-o OUT]

  FILE     what the topology file describes (the machine is not read)
  --live   what is on the machine: every namespace in /run/netns and the one nlwire runs in,
           veth cables joined across namespaces, bridges and their ports, Open vSwitch bridges
           when ovsdb-server answers

Options:
  --format F        text (a tree, the default), mermaid, dot (Graphviz), svg (laid out by nlwire),
                    topology (a file nlwire up accepts; with --live: the machine as a topology)
  --prefix P        FILE: the namespace names as up --prefix P makes them;
                    --live: only the namespaces whose names start with P, shown without it
  --host NETNS      the named namespace NETNS is the host
  --ovs-socket PATH ovsdb-server's socket (default $OVS_SOCKET, else /var/run/openvswitch/db.sock)
  --name NAME       --live: the picture's title, and with --format topology the topology's name
                    (default: live)
  -o, --output OUT  write to OUT instead of stdout

Exit codes: 0 shown, 1 the machine could not be read, 2 usage, 3 invalid file.
`

const FORMATS = ['text', 'mermaid', 'dot', 'svg', 'topology'] as const
type Format = (typeof FORMATS)[number]

export async function showCmd(argv: string[], io: CmdIO): Promise<number> {
  const a = parseCommand('show', SHOW_HELP, argv, {
    live: { type: 'boolean' },
    format: { type: 'string' },
    prefix: { type: 'string' },
    host: { type: 'string' },
    'ovs-socket': { type: 'string' },
    name: { type: 'string' },
    output: { type: 'string', short: 'o' },
    help: { type: 'boolean', short: 'h' },
  }, io)
  if (typeof a === 'number') return a
  const format = (a.values.format ?? 'text') as Format
  if (!FORMATS.includes(format)) {
    io.err(`nlwire show: --format ${format}: one of ${FORMATS.join(', ')}\n`)
    return EXIT.usage
  }
  const live = a.values.live === true
  if (live === (a.positionals.length === 1) || a.positionals.length > 1) {
    io.err(`nlwire show: give one topology file or --live\n\n${SHOW_HELP}`)
    return EXIT.usage
  }
  let graph: Graph
  let text: string
  try {
    if (live) {
      const machine = new LocalMachine(a.values['ovs-socket'] !== undefined ? { ovsSocket: a.values['ovs-socket'] } : {})
      try {
        graph = await discover(machine, { ...(a.values.name !== undefined ? { title: a.values.name } : {}), ...(a.values.prefix !== undefined ? { prefix: a.values.prefix } : {}), ...(a.values.host !== undefined ? { host: a.values.host } : {}) })
      } finally {
        await machine.close()
      }
    } else {
      const spec = await loadTopology(a.positionals[0]!)
      graph = graphOfSpec(spec, { ...(a.values.prefix !== undefined ? { prefix: a.values.prefix } : {}), ...(a.values.host !== undefined ? { host: a.values.host } : {}) })
    }
    text =
      format === 'text' ? renderText(graph)
      : format === 'mermaid' ? renderMermaid(graph)
      : format === 'dot' ? renderDot(graph)
      : format === 'svg' ? renderSvg(graph)
      : await renderTopology(graph, a.values.name)
  } catch (e) {
    io.err(`nlwire show: ${(e as Error).message}\n`)
    return e instanceof TopologyFileError ? EXIT.invalid : EXIT.failed
  }
  if (a.values.output !== undefined) writeFileSync(a.values.output, text)
  else io.out(text)
  return EXIT.ok
}
