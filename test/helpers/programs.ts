// Programs some tests need that a fresh machine may lack, each with the Debian package that has
// it: a test that needs one skips with `needs PROGRAM (apt-get install PACKAGE)` as its reason.
// Found on PATH only (what spawn() will run), never by a guessed directory.
import { accessSync, constants, mkdtempSync, readdirSync, rmSync, statSync, symlinkSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** Debian's package for each program the tests may run beyond iproute2, util-linux and procps. */
export const PACKAGES: Readonly<Record<string, string>> = {
  ping: 'iputils-ping',
  tshark: 'tshark',
  strace: 'strace',
  'ovs-vsctl': 'openvswitch-switch',
  'ovs-vswitchd': 'openvswitch-switch',
  'ovs-appctl': 'openvswitch-switch',
  'ovsdb-server': 'openvswitch-switch',
  'ovsdb-tool': 'openvswitch-switch',
  'ovsdb-client': 'openvswitch-switch',
  chromium: 'chromium',
  setpriv: 'util-linux',
  nsenter: 'util-linux',
  ip: 'iproute2',
}

/** Where `name` is on PATH, or undefined. */
export function findProgram(name: string, path = process.env.PATH ?? ''): string | undefined {
  for (const dir of path.split(':')) {
    if (dir === '') continue
    const f = join(dir, name)
    try {
      accessSync(f, constants.X_OK)
      if (statSync(f).isFile()) return f
    } catch {}
  }
  return undefined
}

/**
 * A skip reason naming the first missing program and its package, or false when all are here:
 * `{ skip: needsProgram('ping') }`.
 */
export function needsProgram(...names: string[]): string | false {
  const missing = names.filter((n) => findProgram(n) === undefined)
  if (missing.length === 0) return false
  const pkgs = [...new Set(missing.map((n) => PACKAGES[n] ?? n))]
  return `needs ${missing.join(', ')} (apt-get install ${pkgs.join(' ')})`
}

/**
 * A PATH like this one with `hide` left out (as on a machine without those packages): a folder
 * of links to everything else. Remove it with cleanup().
 */
export function pathWithout(hide: RegExp): { path: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nlw-path-'))
  for (const d of (process.env.PATH ?? '').split(':')) {
    let names: string[]
    try {
      names = readdirSync(d)
    } catch {
      continue
    }
    for (const n of names) {
      if (hide.test(n)) continue
      try {
        symlinkSync(join(d, n), join(dir, n))
      } catch {} // the first of a name on PATH wins, as for the shell
    }
  }
  return { path: dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}
