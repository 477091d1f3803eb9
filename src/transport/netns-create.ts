// Making one named namespace, the steps themselves: create the file exclusively, unshare a new
// network namespace on this thread, bind-mount it onto the file, come back. Shared by netns.add
// (src/netns.ts, which words the errors) and the helper thread that makes namespaces ahead of
// it (netns-helper-thread.ts): both must do exactly what iproute2 does, in the same order.
import { closeSync, constants as fsConstants, openSync, unlinkSync } from 'node:fs'
import { THREAD_NETNS, closeQuietly, openOwnNetns, returningTo } from './netns-window.js'
import { CLONE_NEWNET, MNT_DETACH, MS_BIND, type Sys } from './sys.js'

/**
 * Create `file` (O_EXCL: an existing name fails with EEXIST, untouched) and bind a new network
 * namespace onto it. Throws Node's ErrnoException if the file cannot be created, and a
 * NetnsBindFailure (the failing call's error as its cause) after that, when the file is gone again.
 */
export function createBoundNetns(s: Sys, file: string): void {
  closeSync(openSync(file, fsConstants.O_RDONLY | fsConstants.O_CREAT | fsConstants.O_EXCL, 0))
  try {
    bindNewNetns(s, file)
  } catch (e) {
    removeNetnsFile(s, file)
    throw new NetnsBindFailure(e)
  }
}

/** The file was made, the namespace was not (unshare, mount or the way back failed): `cause` says why. */
export class NetnsBindFailure extends Error {
  override name = 'NetnsBindFailure'
  constructor(override readonly cause: unknown) {
    super(cause instanceof Error ? cause.message : String(cause))
  }
}

/** unshare(CLONE_NEWNET) on this thread, bind its new namespace onto `file`, return home. */
function bindNewNetns(s: Sys, file: string): void {
  const home = openOwnNetns()
  try {
    s.unshare(CLONE_NEWNET) // failing, it leaves the thread where it was
    returningTo(s, home, () => s.mount(THREAD_NETNS, file, 'none', MS_BIND))
  } finally {
    closeQuietly(home)
  }
}

/** Clean-up after a failed add: umount2 (a failure is expected: nothing was mounted), unlink. */
export function removeNetnsFile(s: Sys, file: string): void {
  try {
    s.umount2(file, MNT_DETACH)
  } catch {}
  try {
    unlinkSync(file)
  } catch {}
}
