// errno names and texts for messages: the Linux table (codecs/core/errno.ts), plus the
// kernel-internal values that leak to netlink users (include/linux/errno.h), which glibc cannot
// name ("Unknown error 524").
import { errnoName as linuxName, errnoText as linuxText } from '../codecs/core/errno.js'

const KERNEL_INTERNAL: Readonly<Record<number, [string, string]>> = {
  512: ['ERESTARTSYS', 'Interrupted, restart system call (kernel-internal)'],
  524: ['ENOTSUPP', 'Operation is not supported (kernel-internal ENOTSUPP)'],
}

/** 'EEXIST' for 17 or -17; 'E<n>' when unknown. */
export function errnoName(errno: number): string {
  const n = Math.abs(errno)
  return KERNEL_INTERNAL[n]?.[0] ?? linuxName(n)
}

/** 'File exists' for 17. */
export function errnoText(errno: number): string {
  const n = Math.abs(errno)
  return KERNEL_INTERNAL[n]?.[1] ?? linuxText(n)
}

/** 'EEXIST (File exists)' */
export function errnoLabel(errno: number): string {
  return `${errnoName(errno)} (${errnoText(errno)})`
}
