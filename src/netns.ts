// Named network namespaces, the iproute2 way: a namespace NAME is an nsfs bind mount on the file
// /run/netns/NAME, so `ip netns list` sees ours and we see its. As in iproute2's ip/ipnetns.c:
//   - /run/netns is marked shared, recursively (mount MS_SHARED|MS_REC), and where that fails
//     because it is not a mount point yet, bind-mounted on itself first: unmounting a namespace
//     file in one mount namespace then unmounts it everywhere and the namespace can be freed;
//   - add creates the file exclusively, then this thread unshares a new network namespace
//     (unshare(CLONE_NEWNET)), bind-mounts /proc/thread-self/ns/net onto the file and returns to
//     its own namespace (setns, netns-window.ts); if a step fails the file is removed again;
//   - del detaches the mount (umount2 MNT_DETACH) and unlinks the file.
// The system calls go through koffi (transport/sys.ts). Where it is not available, the same steps
// run as util-linux commands: `mount --rbind` / `--make-rshared`, `unshare --net=FILE true`,
// `umount --lazy`. Names are checked before anything touches the file system.
import { closeSync, constants as fsConstants, mkdirSync, openSync, readFileSync, unlinkSync } from 'node:fs'
import { lstat, mkdir, open, readdir, unlink } from 'node:fs/promises'
import { CAP_SYS_ADMIN, hasCapability } from './caps.js'
import { NetnsError } from './errors.js'
import { errnoLabel } from './errno.js'
import { describeFailure, run } from './subprocess.js'
import { NetnsBindFailure, createBoundNetns } from './transport/netns-create.js'
import { AHEAD_MIN, type AheadBatch, aheadBatch } from './transport/netns-helper.js'
import { THREAD_NETNS } from './transport/netns-window.js'
import { MNT_DETACH, MS_BIND, MS_REC, MS_SHARED, type MechanismInfo, type Sys, SysError, mechanism, sys } from './transport/sys.js'

export const NETNS_RUN_DIR = '/run/netns'
/** NAME_MAX: the longest file name, in bytes. */
export const NETNS_NAME_MAX = 255

/** Throws NetnsError (code EINVAL) unless `name` can be a file name directly in /run/netns. */
export function validateNetnsName(name: unknown, operation = 'netns'): asserts name is string {
  const bad = (reason: string): never => {
    throw new NetnsError(operation, String(name), 'EINVAL', reason)
  }
  if (typeof name !== 'string') bad(`a namespace name must be a string, not ${typeof name}`)
  const s = name as string
  if (s === '') bad('the name is empty')
  if (s === '.' || s === '..') bad(`"${s}" is a directory entry, not a namespace name`)
  if (s.includes('/')) bad('a namespace name cannot contain "/"')
  if (s.includes('\0')) bad('a namespace name cannot contain a NUL byte')
  const bytes = Buffer.byteLength(s, 'utf8')
  if (bytes > NETNS_NAME_MAX) bad(`the name is ${bytes} bytes long; the limit is ${NETNS_NAME_MAX} (NAME_MAX)`)
}

/** /run/netns/NAME (the name is validated first). */
export function netnsPath(name: string): string {
  validateNetnsName(name, 'netns.path')
  return `${NETNS_RUN_DIR}/${name}`
}

/** The names in /run/netns, sorted: what `ip netns list` shows. */
export async function list(): Promise<string[]> {
  try {
    return (await readdir(NETNS_RUN_DIR)).sort()
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw fsError('netns.list', '', e, `cannot read ${NETNS_RUN_DIR}`)
  }
}

export async function exists(name: string): Promise<boolean> {
  validateNetnsName(name, 'netns.exists')
  try {
    await lstat(`${NETNS_RUN_DIR}/${name}`)
    return true
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false
    throw fsError('netns.exists', name, e, `cannot stat ${NETNS_RUN_DIR}/${name}`)
  }
}

/**
 * Create the named namespace (like `ip netns add NAME`). On the in-process path every step is a
 * synchronous system call on this thread (no libuv pool round trip, which on a loaded machine
 * costs more than the kernel's work): what iproute2 does, in the same order, nothing more.
 */
export async function add(name: string): Promise<void> {
  validateNetnsName(name, 'netns.add')
  const file = `${NETNS_RUN_DIR}/${name}`
  const s = sys()
  if (s !== undefined) return addInProcess(s, name, file)
  await mkdir(NETNS_RUN_DIR, { recursive: true, mode: 0o755 }).catch((e: unknown) => {
    throw fsError('netns.add', name, e, `cannot create ${NETNS_RUN_DIR}`)
  })
  await ensureSharedRunDir(name)
  try {
    const fh = await open(file, fsConstants.O_RDONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0)
    await fh.close()
  } catch (e) {
    throw createError(name, file, e)
  }
  const r = await run('unshare', [`--net=${file}`, 'true'])
  if (r.code !== 0 || r.spawnError !== undefined) {
    await removeFile(file)
    const code = /not permitted|permission denied/i.test(r.stderr) ? 'EPERM' : r.spawnError?.code === 'ENOENT' ? 'ENOENT' : 'EIO'
    throw new NetnsError('netns.add', name, code, `could not create the namespace: ${describeFailure('unshare', r)}`)
  }
}

/** /run/netns exists and is a shared mount point (done once per process; throws NetnsError). */
function prepareRunDir(s: Sys, name: string): void {
  if (runDirShared) return
  try {
    mkdirSync(NETNS_RUN_DIR, 0o755)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError('netns.add', name, e, `cannot create ${NETNS_RUN_DIR}`)
  }
  shareRunDir(s, name)
  runDirShared = true
}

function addInProcess(s: Sys, name: string, file: string): void {
  // /run/netns exists and is shared once per process (the check reads /proc/self/mountinfo);
  // if it went away since (unmounted and removed), the create below says ENOENT: set it up again.
  for (let attempt = 0; ; attempt++) {
    prepareRunDir(s, name)
    try {
      createBoundNetns(s, file)
      return
    } catch (e) {
      if (e instanceof NetnsBindFailure) {
        const se = e.cause as SysError
        throw new NetnsError('netns.add', name, se.code ?? 'EIO', `could not create the namespace: ${sysFailure(se)}`)
      }
      if ((e as NodeJS.ErrnoException).code === 'ENOENT' && attempt === 0) {
        runDirShared = false
        continue
      }
      throw createError(name, file, e)
    }
  }
}

function createError(name: string, file: string, e: unknown): NetnsError {
  if ((e as NodeJS.ErrnoException).code === 'EEXIST') {
    return new NetnsError('netns.add', name, 'EEXIST', `a network namespace named ${name} already exists (${file})`)
  }
  return fsError('netns.add', name, e, `cannot create ${file}`)
}

/** "unshare(CLONE_NEWNET): EPERM (...)", with what the process lacks when that is the reason. */
function sysFailure(e: SysError): string {
  if (!(e instanceof SysError)) return String((e as Error)?.message ?? e)
  const call = e.syscall === 'unshare' ? 'unshare(CLONE_NEWNET)' : e.syscall === 'mount' ? `mount(${THREAD_NETNS}, MS_BIND)` : e.syscall
  const lacks = e.code === 'EPERM' && hasCapability(CAP_SYS_ADMIN) === false ? ': this process does not have CAP_SYS_ADMIN' : ''
  return `${call}: ${errnoLabel(e.errno)}${lacks}`
}

/**
 * Namespaces about to be made with netns.add, in the order they will be asked for: start on them
 * now, on the helper thread (transport/netns-helper.ts), while netns.add makes the others on
 * this one. Calls of the batch's add(name) behave as netns.add(name); close() deletes any it made
 * that were not asked for. Undefined when there is nothing to gain: few names, or no koffi.
 */
export function ahead(names: readonly string[]): AheadBatch | undefined {
  const s = sys()
  if (s === undefined) return undefined
  const valid = names.filter((n) => {
    try {
      validateNetnsName(n, 'netns.add')
      return true
    } catch {
      return false // netns.add says why, when it is asked for it
    }
  })
  if (valid.length < AHEAD_MIN) return undefined
  try {
    prepareRunDir(s, valid[0]!)
  } catch {
    return undefined // the same: netns.add reports it
  }
  return aheadBatch(valid, valid.map((n) => `${NETNS_RUN_DIR}/${n}`), { add, del })
}

/** Delete the named namespace (like `ip netns delete NAME`). Its interfaces go when its last user does. */
export async function del(name: string): Promise<void> {
  validateNetnsName(name, 'netns.del')
  const file = `${NETNS_RUN_DIR}/${name}`
  const s = sys()
  if (s !== undefined) return delInProcess(s, name, file)
  try {
    await lstat(file)
  } catch (e) {
    throw delError(name, file, e, '')
  }
  await removeFile(file, 'netns.del', name)
}

/** umount2(MNT_DETACH) and unlink, synchronously; a missing file shows in both (ENOENT), no stat first. */
function delInProcess(s: Sys, name: string, file: string): void {
  let why = ''
  try {
    s.umount2(file, MNT_DETACH)
  } catch (e) {
    why = ` (umount2: ${(e as Error).message})`
  }
  try {
    unlinkSync(file)
  } catch (e) {
    throw delError(name, file, e, why)
  }
}

function delError(name: string, file: string, e: unknown, why: string): NetnsError {
  if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
    return new NetnsError('netns.del', name, 'ENOENT', `there is no network namespace named ${name} (no ${file})`)
  }
  return fsError('netns.del', name, e, `cannot remove ${file}${why}`)
}

/** umount --lazy (failure ignored, as iproute2 ignores umount2's), then unlink: the util-linux path. */
async function removeFile(file: string, operation?: string, name?: string): Promise<void> {
  let why = ''
  const r = await run('umount', ['--lazy', file])
  if (r.code !== 0) why = ` (${describeFailure('umount', r)})`
  try {
    await unlink(file)
  } catch (e) {
    if (operation === undefined) return // cleaning up after a failed add: keep the first error
    throw fsError(operation, name ?? '', e, `cannot remove ${file}${why}`)
  }
}

let runDirShared = false

/** Make /run/netns a shared mount point, like iproute2 (mount --bind, then --make-rshared): util-linux path. */
async function ensureSharedRunDir(name: string): Promise<void> {
  if (runDirShared) return
  let state = runDirMountState()
  if (state === 'none') {
    const r = await run('mount', ['--rbind', NETNS_RUN_DIR, NETNS_RUN_DIR])
    if (r.code !== 0) throw new NetnsError('netns.add', name, 'EIO', `cannot make ${NETNS_RUN_DIR} a mount point: ${describeFailure('mount', r)}`)
    state = runDirMountState()
  }
  if (state !== 'shared') {
    const r = await run('mount', ['--make-rshared', NETNS_RUN_DIR])
    if (r.code !== 0) throw new NetnsError('netns.add', name, 'EIO', `cannot mark ${NETNS_RUN_DIR} shared: ${describeFailure('mount', r)}`)
  }
  runDirShared = true
}

/**
 * ip/ipnetns.c's loop: mark /run/netns shared; EINVAL means it is not a mount point, so bind it
 * on itself once and try again. A process without CAP_SYS_ADMIN cannot mount, but may find it
 * shared already (then the unshare that follows reports the missing privilege).
 */
function shareRunDir(s: Sys, name: string): void {
  let bound = false
  for (;;) {
    try {
      s.mount('', NETNS_RUN_DIR, 'none', MS_SHARED | MS_REC)
      return
    } catch (e) {
      const se = e as SysError
      if (se.code === 'EPERM' && runDirMountState() === 'shared') return
      if (se.code !== 'EINVAL' || bound) throw new NetnsError('netns.add', name, se.code, `cannot mark ${NETNS_RUN_DIR} shared: ${sysFailure(se)}`)
    }
    try {
      s.mount(NETNS_RUN_DIR, NETNS_RUN_DIR, 'none', MS_BIND | MS_REC)
      bound = true
    } catch (e) {
      const se = e as SysError
      throw new NetnsError('netns.add', name, se.code, `cannot make ${NETNS_RUN_DIR} a mount point: ${sysFailure(se)}`)
    }
  }
}

/**
 * How /run/netns is mounted in this mount namespace. The visible mount is found by id (the
 * mnt_id of an open descriptor, from /proc/self/fdinfo): /proc/self/mountinfo also lists mounts
 * hidden under later ones, which a match on the mount point alone would mistake for it.
 */
function runDirMountState(): 'none' | 'private' | 'shared' {
  const fd = openSync(NETNS_RUN_DIR, fsConstants.O_RDONLY | fsConstants.O_DIRECTORY)
  let mntId: string | undefined
  try {
    mntId = /^mnt_id:\s*(\d+)/m.exec(readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8'))?.[1]
  } finally {
    closeSync(fd)
  }
  const info = readFileSync('/proc/self/mountinfo', 'utf8')
  for (const line of info.split('\n')) {
    // id parent major:minor root mount-point options [optional fields...] - fstype source super
    const f = line.split(' ')
    if (f[0] !== mntId) continue
    if (unescapeMountPath(f[4] ?? '') !== NETNS_RUN_DIR) return 'none' // the directory is inside another mount
    const dash = f.indexOf('-', 6)
    const optional = f.slice(6, dash < 0 ? undefined : dash)
    return optional.some((o) => o.startsWith('shared:')) ? 'shared' : 'private'
  }
  return 'none'
}

function unescapeMountPath(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)))
}

function fsError(operation: string, name: string, e: unknown, what: string): NetnsError {
  const err = e as NodeJS.ErrnoException
  return new NetnsError(operation, name, err.code ?? 'EIO', `${what}: ${err.message}`)
}

/**
 * Which path namespaces take, and why: 'setns' (this process enters namespaces itself, through
 * koffi) or 'relay' (koffi is not available, or NLWIRE_NETNS=relay: a relay process per socket
 * in another namespace, util-linux for add/del, no socket options). Loads koffi if not yet.
 */
export function netnsMechanism(): MechanismInfo {
  return mechanism()
}

/** The namespace operations as one object: `netns.add('ns1')`. */
export const netns = { add, del, list, exists, path: netnsPath, validateName: validateNetnsName, mechanism: netnsMechanism, ahead }
