// What the process may do, read from the kernel (/proc/self/status CapEff) rather than guessed from
// the user id: error sentences must not tell a process that has a capability to go and get it.
import { readFileSync } from 'node:fs'

/** <linux/capability.h> */
export const CAP_NET_ADMIN = 12
export const CAP_SYS_ADMIN = 21

/**
 * Whether the calling process has `cap` in its effective set: true / false, or undefined when
 * /proc cannot tell (not Linux, /proc not mounted). Read each time: capabilities can be dropped.
 */
export function hasCapability(cap: number): boolean | undefined {
  let status: string
  try {
    status = readFileSync('/proc/thread-self/status', 'utf8')
  } catch {
    try {
      status = readFileSync('/proc/self/status', 'utf8')
    } catch {
      return undefined
    }
  }
  const m = /^CapEff:\s*([0-9a-f]+)$/m.exec(status)
  if (m === null) return undefined
  return ((BigInt(`0x${m[1]}`) >> BigInt(cap)) & 1n) === 1n
}
