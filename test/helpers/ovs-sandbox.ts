// A throw-away Open vSwitch for tests: ovsdb-server and ovs-vswitchd (userspace "netdev"
// datapath) started by hand inside a fresh scratch network namespace, with every file in a fresh
// scratch directory. Nothing touches the root namespace or /var/run/openvswitch.
//
// Why by hand and not ovs-ctl: ovs-ctl may load or unload kernel modules on machines that have
// them. Why a namespace: ovs-vswitchd creates tap devices (ovs-netdev, internal ports) in the
// namespace it runs in. Why `exit --cleanup`: a plain exit leaves those tap devices behind.
//
// stop() is idempotent and never throws; a process 'exit' hook does the same synchronously in case
// the test process dies before its teardown runs.
import { execFile, execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, openSync, closeSync, readFileSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { needsProgram } from './programs.js'

export const VSWITCH_SCHEMA = '/usr/share/openvswitch/vswitch.ovsschema'
const BINARIES = ['ovsdb-tool', 'ovsdb-server', 'ovs-vswitchd', 'ovs-appctl', 'ovs-vsctl', 'ovsdb-client', 'ip']
const STEP_TIMEOUT_MS = 10000

export interface OvsSandbox {
  /** ovsdb-server's unix socket (give it to ovs.connect({ socket })). */
  socket: string
  /** The scratch network namespace ovsdb-server and ovs-vswitchd run in. */
  netns: string
  dir: string
  /** ovs-vswitchd's control socket, for ovs-appctl -t; undefined without vswitchd. */
  vswitchdCtl: string | undefined
  /** Runs ovs-vsctl against this sandbox's database (as the reference implementation). */
  vsctl(args: string[], timeoutMs?: number): Promise<{ code: number; stdout: string; stderr: string }>
  /** Stops ovs-vswitchd only (for "vswitchd not running" tests). */
  stopVswitchd(): Promise<void>
  stop(): Promise<void>
}

/** Why OVS tests cannot run here, or undefined if they can. */
export function ovsSkipReason(): string | undefined {
  if (process.getuid?.() !== 0) return 'needs root (network namespaces, ovs-vswitchd)'
  // On PATH, where spawn() looks: "needs ovsdb-tool, ... (apt-get install openvswitch-switch)".
  const missing = needsProgram(...BINARIES)
  if (missing) return missing
  if (!existsSync(VSWITCH_SCHEMA)) return `Open vSwitch schema ${VSWITCH_SCHEMA} missing`
  return undefined
}

let seq = 0
const live = new Set<Daemons>()

interface Daemon { name: string; pid: number | undefined; ctl: string }
interface Daemons { dir: string; netns: string; netnsCreated: boolean; procs: Daemon[] }

process.on('exit', () => {
  for (const d of live) stopSync(d)
})
// A test runner's timeout ends the process with a signal, which skips 'exit': clean up, then die
// of the same signal.
for (const sig of ['SIGTERM', 'SIGINT', 'SIGHUP'] as const) {
  process.once(sig, () => {
    for (const d of live) stopSync(d)
    live.clear()
    process.kill(process.pid, sig)
  })
}

function run(cmd: string, args: string[], timeoutMs = STEP_TIMEOUT_MS, env?: NodeJS.ProcessEnv) {
  return new Promise<{ code: number; stdout: string; stderr: string }>((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs, env: env ?? process.env, encoding: 'utf8' }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? (err as { code: number }).code : -1) : 0
      resolve({ code, stdout, stderr: stderr || (err && code === -1 ? String(err.message) : '') })
    })
  })
}

async function must(cmd: string, args: string[], env?: NodeJS.ProcessEnv): Promise<string> {
  const r = await run(cmd, args, STEP_TIMEOUT_MS, env)
  if (r.code !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (${r.code}): ${r.stderr.trim()}`)
  return r.stdout
}

/**
 * Starts a daemon with --detach: the command returns once the daemon is ready (its socket is
 * listening), and the daemon redirects its standard streams to /dev/null. stderr goes to a file so
 * that a start failure can be reported.
 */
function startDetached(netns: string, dir: string, name: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  const errFile = join(dir, `${name}.stderr`)
  const fd = openSync(errFile, 'w')
  return new Promise<void>((resolve, reject) => {
    const child = spawn('ip', ['netns', 'exec', netns, name, ...args], { stdio: ['ignore', 'ignore', fd], env })
    const timer = setTimeout(() => {
      child.kill('SIGKILL')
      reject(new Error(`${name} did not finish starting within ${STEP_TIMEOUT_MS} ms`))
    }, STEP_TIMEOUT_MS)
    child.on('exit', (code) => {
      clearTimeout(timer)
      closeSync(fd)
      if (code === 0) resolve()
      else reject(new Error(`${name} failed to start (exit ${code}): ${readTail(errFile)} ${readTail(join(dir, `${name}.log`))}`))
    })
  })
}

function readTail(file: string): string {
  try {
    return readFileSync(file, 'utf8').trim().split('\n').slice(-5).join(' | ')
  } catch {
    return ''
  }
}

function readPid(file: string): number | undefined {
  try {
    const n = Number(readFileSync(file, 'utf8').trim())
    return Number.isInteger(n) && n > 1 ? n : undefined
  } catch {
    return undefined
  }
}

/** Alive and really ours: the pid's command line mentions our scratch directory. */
function ownsPid(pid: number, dir: string): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    if (/\) Z /.test(stat)) return false // zombie: already dead, waiting to be reaped by init
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes(dir)
  } catch {
    return false
  }
}

async function waitGone(pid: number, dir: string, ms: number): Promise<boolean> {
  const end = Date.now() + ms
  while (Date.now() < end) {
    if (!ownsPid(pid, dir)) return true
    await new Promise((r) => setTimeout(r, 20))
  }
  return !ownsPid(pid, dir)
}

async function stopDaemon(d: Daemon, dir: string): Promise<void> {
  if (d.pid === undefined || !ownsPid(d.pid, dir)) return
  // ovs-vswitchd: --cleanup removes the datapath and its tap devices before exiting.
  const args = d.name === 'ovs-vswitchd' ? ['exit', '--cleanup'] : ['exit']
  await run('ovs-appctl', ['-t', d.ctl, '--timeout=5', ...args], 7000)
  if (await waitGone(d.pid, dir, 5000)) return
  try { process.kill(d.pid, 'SIGTERM') } catch { /* gone */ }
  if (await waitGone(d.pid, dir, 2000)) return
  try { process.kill(d.pid, 'SIGKILL') } catch { /* gone */ }
  await waitGone(d.pid, dir, 2000)
}

function stopSync(d: Daemons): void {
  for (const p of [...d.procs].reverse()) {
    if (p.pid !== undefined && ownsPid(p.pid, d.dir)) {
      try { process.kill(p.pid, 'SIGKILL') } catch { /* gone */ }
    }
  }
  if (d.netnsCreated) {
    try { execFileSync('ip', ['netns', 'del', d.netns], { stdio: 'ignore', timeout: 5000 }) } catch { /* gone */ }
  }
  rmSync(d.dir, { recursive: true, force: true })
}

export interface SandboxOptions {
  /** Start ovs-vswitchd too (default true). */
  vswitchd?: boolean
}

export async function startOvsSandbox(opts: SandboxOptions = {}): Promise<OvsSandbox> {
  const n = ++seq
  // Short names: unix socket paths are limited to 107 bytes, netns names to 15 characters is wise.
  const dir = mkdtempSync(`/tmp/nlwovs-${process.pid}-${n}-`)
  const netns = `nlwovs${process.pid}x${n}`
  const d: Daemons = { dir, netns, netnsCreated: false, procs: [] }
  live.add(d)
  // Every OVS path default (pid files, .mgmt sockets, logs) points into the scratch directory.
  const env = { ...process.env, OVS_RUNDIR: dir, OVS_DBDIR: dir, OVS_LOGDIR: dir, OVS_SYSCONFDIR: dir }
  const socket = join(dir, 'db.sock')
  let stopped: Promise<void> | undefined
  const stop = () => {
    stopped ??= (async () => {
      for (const p of [...d.procs].reverse()) await stopDaemon(p, dir).catch(() => undefined)
      if (d.netnsCreated) await run('ip', ['netns', 'del', netns], 5000)
      rmSync(dir, { recursive: true, force: true })
      live.delete(d)
    })()
    return stopped
  }
  try {
    await must('ip', ['netns', 'add', netns])
    d.netnsCreated = true
    await must('ovsdb-tool', ['create', join(dir, 'conf.db'), VSWITCH_SCHEMA], env)
    const db: Daemon = { name: 'ovsdb-server', pid: undefined, ctl: join(dir, 'ovsdb-server.ctl') }
    d.procs.push(db)
    await startDetached(netns, dir, 'ovsdb-server', [
      join(dir, 'conf.db'),
      `--remote=punix:${socket}`,
      `--pidfile=${join(dir, 'ovsdb-server.pid')}`,
      `--unixctl=${db.ctl}`,
      `--log-file=${join(dir, 'ovsdb-server.log')}`,
      '--detach',
      '--no-chdir',
    ], env)
    db.pid = readPid(join(dir, 'ovsdb-server.pid'))
    let vswitchdCtl: string | undefined
    if (opts.vswitchd ?? true) {
      const vs: Daemon = { name: 'ovs-vswitchd', pid: undefined, ctl: join(dir, 'ovs-vswitchd.ctl') }
      d.procs.push(vs)
      await startDetached(netns, dir, 'ovs-vswitchd', [
        `unix:${socket}`,
        `--pidfile=${join(dir, 'ovs-vswitchd.pid')}`,
        `--unixctl=${vs.ctl}`,
        `--log-file=${join(dir, 'ovs-vswitchd.log')}`,
        '--detach',
        '--no-chdir',
      ], env)
      vs.pid = readPid(join(dir, 'ovs-vswitchd.pid'))
      vswitchdCtl = vs.ctl
    }
    return {
      socket,
      netns,
      dir,
      vswitchdCtl,
      vsctl: (args, timeoutMs = 10000) =>
        run('ovs-vsctl', [`--db=unix:${socket}`, `--timeout=${Math.ceil(timeoutMs / 1000)}`, ...args], timeoutMs + 2000, env),
      stopVswitchd: async () => {
        const vs = d.procs.find((p) => p.name === 'ovs-vswitchd')
        if (vs) await stopDaemon(vs, dir)
      },
      stop,
    }
  } catch (err) {
    await stop()
    throw err
  }
}
