// Entering a network namespace for one synchronous step, and always coming back.
//
// setns(2) moves only the calling thread. The step runs on the thread that called (Node's main
// thread, or a worker's), entirely synchronously: nothing is awaited inside, so no other
// JavaScript runs while the thread is away, and libuv's pool threads never leave. The way back is
// a setns to a descriptor of the thread's own namespace (/proc/thread-self/ns/net) opened before
// leaving, in a `finally`. If even that fails (it cannot, short of the process losing
// CAP_SYS_ADMIN or its descriptor mid-step), carrying on would run every later socket, file and
// child process in the wrong namespace: nlwire says so on stderr and aborts the process.
import { closeSync, constants as fsConstants, openSync, writeSync } from 'node:fs'
import { netnsLog } from '../debug.js'
import { CLONE_NEWNET, type Sys } from './sys.js'

export const THREAD_NETNS = '/proc/thread-self/ns/net'

/** Test hooks (test/netns-window.test.ts): make the way back fail, to see the fatal path. */
export const faultsForTesting: { restore?: () => void } = {}

/** Open the calling thread's namespace file, to come back to. */
export function openOwnNetns(): number {
  return openSync(THREAD_NETNS, fsConstants.O_RDONLY)
}

/**
 * Run `step` inside the namespace of `targetFd` (an open namespace file), on this thread, and
 * return to `homeFd` (openOwnNetns()) before returning or throwing. `step` must not await.
 * Throws SysError from setns if the namespace cannot be entered (nothing was run then).
 */
export function insideNetns<T>(s: Sys, targetFd: number, homeFd: number, step: () => T): T {
  s.setns(targetFd, CLONE_NEWNET)
  try {
    return step()
  } finally {
    comeBack(s, homeFd)
  }
}

/** Like insideNetns, for a step that leaves the namespace itself (unshare): only the way back. */
export function returningTo<T>(s: Sys, homeFd: number, step: () => T): T {
  try {
    return step()
  } finally {
    comeBack(s, homeFd)
  }
}

function comeBack(s: Sys, homeFd: number): void {
  let first: unknown
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      faultsForTesting.restore?.()
      s.setns(homeFd, CLONE_NEWNET)
      if (attempt > 0) netnsLog('returned to the original namespace on the second attempt (first: %s)', String(first))
      return
    } catch (e) {
      first ??= e
    }
  }
  const msg =
    `nlwire: FATAL: this thread could not return to its own network namespace (setns to ${THREAD_NETNS} ` +
    `as opened before leaving failed: ${(first as Error)?.message ?? String(first)}). Continuing would ` +
    `create sockets, files and processes in the wrong namespace, so the process is aborted.\n`
  try {
    writeSync(2, msg)
  } catch {}
  process.abort()
}

/** Close an fd, ignoring errors (clean-up after a failure that is already being reported). */
export function closeQuietly(fd: number | undefined): void {
  if (fd === undefined) return
  try {
    closeSync(fd)
  } catch {}
}
