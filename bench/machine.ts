// The machine a run was made on, for BENCHMARKS.md.
import { cpus, totalmem } from 'node:os'
import { spawnSync } from 'node:child_process'
import { versionOf } from './install.js'

export interface Machine {
  nproc: string
  cpu: string
  memory: string
  kernel: string
  node: string
  iproute2: string
  pyroute2: string
  hyperfine: string
  load: string
}

export function describeMachine(pyroute2: string | null, hyperfine: string | null): Machine {
  const sh = (c: string) => (spawnSync('sh', ['-c', c], { encoding: 'utf8' }).stdout ?? '').trim()
  return {
    nproc: sh('nproc'),
    cpu: cpus()[0]?.model ?? '?',
    memory: `${Math.round(totalmem() / 2 ** 30)} GiB`,
    kernel: sh('uname -r'),
    node: process.version,
    iproute2: versionOf('ip', ['-V']),
    pyroute2: pyroute2 ? `${pyroute2} (Debian python3-pyroute2, ${versionOf('/usr/bin/python3', ['--version'])})` : 'not installed',
    hyperfine: hyperfine ? versionOf(hyperfine, ['--version']) : 'not installed',
    load: sh('cat /proc/loadavg'),
  }
}
