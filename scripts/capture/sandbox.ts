// Where the capture runs. main.ts re-executes itself in a private mount namespace
// (`unshare --mount --propagation private`), and there:
//   • a tmpfs over /run/netns: `ip netns add ns1` creates OUR ns1, invisible to the rest of the
//     machine, so names are typed exactly as in SCENARIOS.md and cannot collide;
//   • a tmpfs over the work directory, holding each scenario's scratch "root" namespace
//     (`unshare --net=FILE`): unnamed, so `ip netns list` inside it shows only the scenario's own.
// When the capture's mount namespace ends, every bind mount holding a namespace goes with it:
// even a crash leaves no namespace behind (processes inside them are killed by pid first).
import { mkdirSync, readdirSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { run, runOk, type RunOptions, type RunResult } from './proc.js'

export const NETNS_RUN_DIR = '/run/netns'

/** Name the capture gives a scenario's scratch root namespace in fixtures and sidecars. */
export const ROOT = 'root'

export class Sandbox {
  /** Every namespace inode this capture created, for the leak check after it ends. */
  readonly inodes: number[] = []
  private rootPath: string | undefined

  constructor(private readonly mountDir: string) {}

  /** Mount the private tmpfs filesystems (inside the private mount namespace only). */
  async setup(): Promise<void> {
    mkdirSync(NETNS_RUN_DIR, { recursive: true })
    await runOk(['mount', '-t', 'tmpfs', '-o', 'size=1m,mode=755', 'nlwcap-netns', NETNS_RUN_DIR])
    mkdirSync(this.mountDir, { recursive: true })
    await runOk(['mount', '-t', 'tmpfs', '-o', 'size=1m,mode=700', 'nlwcap-work', this.mountDir])
  }

  /** A fresh, unnamed scratch root namespace with lo up, as a real root namespace has it. */
  async newRoot(label: string): Promise<void> {
    if (this.rootPath !== undefined) throw new Error('previous scratch root still exists')
    const path = join(this.mountDir, `${label}-root`)
    writeFileSync(path, '')
    await runOk(['unshare', `--net=${path}`, 'true'])
    this.rootPath = path
    this.inodes.push(statSync(path).ino)
    await runOk(this.argv(ROOT, ['ip', 'link', 'set', 'lo', 'up']))
  }

  /** Named namespaces that exist now (the private /run/netns), sorted. */
  named(): string[] {
    return readdirSync(NETNS_RUN_DIR).sort()
  }

  /** The file that holds namespace `name` (ROOT = the scratch root). */
  path(name: string): string {
    if (name === ROOT) {
      if (this.rootPath === undefined) throw new Error('no scratch root')
      return this.rootPath
    }
    return join(NETNS_RUN_DIR, name)
  }

  noteInode(name: string): void {
    const ino = statSync(this.path(name)).ino
    if (!this.inodes.includes(ino)) this.inodes.push(ino)
  }

  /** argv that runs `cmd` inside namespace `name` (network namespace only). */
  argv(name: string, cmd: readonly string[]): string[] {
    return ['nsenter', `--net=${this.path(name)}`, '--', ...cmd]
  }

  exec(name: string, cmd: readonly string[], opts?: RunOptions): Promise<RunResult> {
    return run(this.argv(name, cmd), opts)
  }

  /** Unmount every namespace of the scenario; callers have stopped the processes inside. */
  async teardown(): Promise<void> {
    for (const n of this.named()) {
      const p = join(NETNS_RUN_DIR, n)
      await run(['umount', '-l', p])
      rmSync(p, { force: true })
    }
    if (this.rootPath !== undefined) {
      await run(['umount', '-l', this.rootPath])
      rmSync(this.rootPath, { force: true })
      this.rootPath = undefined
    }
  }

  /** Unmount the private filesystems (the mount namespace's end would do it too). */
  async close(): Promise<void> {
    await this.teardown()
    if (existsSync(this.mountDir)) await run(['umount', '-l', this.mountDir])
    await run(['umount', '-l', NETNS_RUN_DIR])
  }
}
