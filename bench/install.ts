// Peers that come from Debian: python3-pyroute2 (required peer, skipped with a note if it cannot
// be installed) and hyperfine (optional, for the start-up workload). Installed with apt-get when
// missing, unless --no-install.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

/** Debian's interpreter: python3-pyroute2 installs into its dist-packages, not a pyenv one's. */
export const PYTHON = '/usr/bin/python3'

function dpkgVersion(pkg: string): string | null {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Status} ${Version}', pkg], { encoding: 'utf8', timeout: 30_000 })
  const m = /^install ok installed (\S+)/.exec(r.stdout ?? '')
  return m ? m[1]! : null
}

function aptInstall(pkg: string, log: (m: string) => void): boolean {
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
  const install = () => spawnSync('apt-get', ['install', '-y', '-qq', pkg], { encoding: 'utf8', env, timeout: 300_000 })
  log(`bench: installing ${pkg} with apt-get…`)
  let r = install()
  if (r.status !== 0) {
    // A fresh machine has no package lists yet.
    spawnSync('apt-get', ['update', '-qq'], { encoding: 'utf8', env, timeout: 300_000 })
    r = install()
  }
  if (r.status !== 0) log(`bench: apt-get install ${pkg} failed: ${(r.stderr ?? '').trim().split('\n').slice(-2).join(' ')}`)
  return r.status === 0
}

export interface Pyroute2Status {
  ok: boolean
  version: string | null
  reason: string
}

export function ensurePyroute2(install: boolean, log: (m: string) => void): Pyroute2Status {
  if (process.env.NLWIRE_BENCH_NO_PYROUTE2) return { ok: false, version: null, reason: 'disabled by NLWIRE_BENCH_NO_PYROUTE2' }
  if (!existsSync(PYTHON)) return { ok: false, version: null, reason: `${PYTHON} not found` }
  let version = dpkgVersion('python3-pyroute2')
  if (!version && install && aptInstall('python3-pyroute2', log)) version = dpkgVersion('python3-pyroute2')
  if (!version) return { ok: false, version: null, reason: install ? 'python3-pyroute2 not installable with apt-get' : 'python3-pyroute2 not installed (--no-install)' }
  const r = spawnSync(PYTHON, ['-c', 'import pyroute2'], { encoding: 'utf8', timeout: 60_000 })
  if (r.status !== 0) return { ok: false, version, reason: `import pyroute2 failed: ${(r.stderr ?? '').trim().split('\n').pop()}` }
  return { ok: true, version, reason: '' }
}

export function ensureHyperfine(install: boolean, log: (m: string) => void): string | null {
  if (process.env.NLWIRE_BENCH_NO_HYPERFINE) return null
  const which = () => {
    const r = spawnSync('sh', ['-c', 'command -v hyperfine'], { encoding: 'utf8' })
    return r.status === 0 ? r.stdout.trim() : null
  }
  let path = which()
  if (!path && install && aptInstall('hyperfine', log)) path = which()
  return path
}

export function versionOf(cmd: string, args: string[]): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 30_000 })
  return ((r.stdout ?? '') + (r.stderr ?? '')).trim().split('\n')[0] ?? '?'
}
