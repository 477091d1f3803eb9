// `nlwire up | plan | down FILE`: a topology file made real, previewed, or taken away.
import { type CmdIO, parseCommand } from './command.js'
import { NlwireError } from '../errors.js'
import { TopologyApplyError, TopologyConflictError, TopologyFileError } from '../topology/errors.js'
import * as topology from '../topology/index.js'

export const EXIT = {
  ok: 0,
  /** A step failed; everything done before it was undone: the machine is as it was. */
  failed: 1,
  usage: 2,
  /** The file is not a valid topology (nothing was touched). */
  invalid: 3,
  /** The machine stands in the way: a name is taken by something not the topology's (nothing was touched). */
  conflict: 4,
  /** A step failed and the rollback could not undo everything: the report says what is left. */
  notRestored: 5,
} as const

export const TOPOLOGY_HELP = `nlwire up | plan | down FILE [--prefix P] [--host NETNS] [--json] [--adopt] [--ovs-socket PATH] [-q]

  up FILE     make the machine match the file: create what is missing, change what differs,
              remove what the topology owns and the file no longer has. A second up does nothing.
              On failure everything this up did is undone, in reverse order.
  plan FILE   what up would do, one line per change; touches nothing
  down FILE   remove what the topology created (namespaces, interfaces, switches), nothing else

Options:
  --prefix P        prepend P to every namespace name the file gives (several copies of one lab)
  --host NETNS      the named namespace NETNS plays the host (created if absent); default: the
                    namespace nlwire runs in
  --json            one JSON object: { topology, changes: [...] } (plan: empty changes when the
                    machine matches), or { error } on failure
  --adopt           take over namespaces and interfaces of the file's names that exist and are
                    not the topology's (down then deletes them)
  --ovs-socket PATH ovsdb-server's socket (default $OVS_SOCKET, else /var/run/openvswitch/db.sock)
  -q, --quiet       no progress lines (they go to stderr, one per namespace, on runs of 5 or more)
  --progress        progress lines whatever the size

Exit codes: 0 done (or nothing to do), 1 a step failed and was rolled back (the machine is as
before), 2 usage, 3 invalid file (nothing touched), 4 conflict with what is on the machine
(nothing touched), 5 a step failed and the rollback could not undo everything (listed).
Files: docs/topology.md; the schema: schema/topology.schema.json.
`

export async function topologyCmd(cmd: 'up' | 'plan' | 'down', argv: string[], io: CmdIO): Promise<number> {
  const a = parseCommand(cmd, TOPOLOGY_HELP, argv, {
    prefix: { type: 'string' },
    host: { type: 'string' },
    json: { type: 'boolean' },
    adopt: { type: 'boolean' },
    'ovs-socket': { type: 'string' },
    quiet: { type: 'boolean', short: 'q' },
    progress: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  }, io)
  if (typeof a === 'number') return a
  if (a.positionals.length !== 1) {
    io.err(`nlwire ${cmd}: give one topology file (got ${a.positionals.length})\n\n${TOPOLOGY_HELP}`)
    return EXIT.usage
  }
  const json = a.values.json === true
  const started = performance.now()
  // One line per namespace on stderr, on runs of 5 namespaces or more (or always with --progress).
  const progress = a.values.quiet ? undefined : (line: string, _done: number, total: number) => {
    if (a.values.progress || total >= 5) io.err(`${line}\n`)
  }
  const opts: topology.TopologyOptions = {
    ...(a.values.prefix !== undefined ? { prefix: a.values.prefix } : {}),
    ...(a.values.host !== undefined ? { host: a.values.host } : {}),
    ...(a.values.adopt ? { adopt: true } : {}),
    ...(a.values['ovs-socket'] !== undefined ? { ovsSocket: a.values['ovs-socket'] } : {}),
    ...(progress ? { progress } : {}),
  }
  try {
    const spec = await topology.load(a.positionals[0]!)
    if (cmd === 'plan') {
      const p = await topology.plan(spec, opts)
      if (json) io.out(JSON.stringify({ topology: p.topology, changes: p.changes.map(topology.changeJson), conflicts: p.conflicts }) + '\n')
      else io.out(topology.formatPlan(p))
      return p.conflicts.length > 0 ? EXIT.conflict : EXIT.ok
    }
    const r = cmd === 'up' ? await topology.up(spec, opts) : await topology.down(spec, opts)
    const ms = Math.round(performance.now() - started)
    if (json) io.out(JSON.stringify({ ...r, ms }) + '\n')
    else {
      for (const c of r.changes) io.out(`${String(c.text)}\n`)
      if ('kept' in r) for (const k of (r as topology.DownResult).kept) io.out(`kept ${k}\n`)
      io.out(r.changes.length === 0 ? `${r.topology}: ${cmd === 'up' ? 'the machine already matches the file' : 'nothing of this topology is on the machine'}\n` : `${r.topology}: ${r.changes.length} change${r.changes.length === 1 ? '' : 's'} in ${ms} ms\n`)
    }
    return EXIT.ok
  } catch (e) {
    return report(cmd, e, json, io)
  }
}

function report(cmd: string, e: unknown, json: boolean, io: CmdIO): number {
  const err = e instanceof Error ? e : new Error(String(e))
  const code =
    e instanceof TopologyFileError ? EXIT.invalid
    : e instanceof TopologyConflictError ? EXIT.conflict
    : e instanceof TopologyApplyError ? (e.restored ? EXIT.failed : EXIT.notRestored)
    : EXIT.failed
  if (json) {
    const detail: Record<string, unknown> = { name: err.name, message: err.message }
    if (e instanceof TopologyFileError) detail.problems = e.problems
    if (e instanceof TopologyConflictError) detail.conflicts = e.conflicts
    if (e instanceof TopologyApplyError) {
      Object.assign(detail, { step: e.step, stepNumber: e.stepNumber, cause: e.cause.message, restored: e.restored, rollbackFailures: e.rollbackFailures.map((f) => ({ step: f.step, message: f.error.message })) })
    }
    io.out(JSON.stringify({ error: detail }) + '\n')
  }
  io.err(`nlwire ${cmd}: ${err.message}\n`)
  if (!(e instanceof NlwireError) && !(e instanceof TopologyFileError) && err.stack) io.err(`${err.stack}\n`)
  return code
}
