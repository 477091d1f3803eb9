// `node --import tsx scripts/topology-pictures.ts` (root): the pictures in docs/, as real output.
// Brings S5 up in scratch namespaces (prefix s5-, host s5-host) and S7 against an Open vSwitch of
// its own (the tests' sandbox), draws each with `nlwire show --live --format svg`, takes it down.
import { execFileSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { startOvsSandbox } from '../test/helpers/ovs-sandbox.js'

const root = fileURLToPath(new URL('..', import.meta.url))
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: root, encoding: 'utf8', env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'inherit'] })

function picture(file: string, out: string, title: string, where: string[], env: NodeJS.ProcessEnv = {}): void {
  cli(['up', file, ...where], env)
  try {
    cli(['show', '--live', ...where, '--format', 'svg', '--name', title, '-o', out], env)
    console.log(cli(['show', '--live', ...where], env))
    console.log(`wrote ${out}`)
  } finally {
    cli(['down', file, ...where], env)
  }
}

picture('examples/s5-bridge.yaml', 'docs/s5-live.svg', 'S5: a bridge, two veth pairs, two namespaces (live)', ['--prefix', 's5-', '--host', 's5-host'])
const sb = await startOvsSandbox()
try {
  picture('examples/s7-ovs-internal.yaml', 'docs/s7-live.svg', 'S7: Open vSwitch internal ports in namespaces (live)', ['--prefix', 's7-', '--host', sb.netns], { OVS_SOCKET: sb.socket })
} finally {
  await sb.stop()
}
