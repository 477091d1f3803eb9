// errno names and texts for nlwire's messages, from the one table in codecs/core/errno.ts
// (kernel-internal values included: 'ENOTSUPP', not glibc's "Unknown error 524").
import { errnoMeaning, errnoName } from '../codecs/core/errno.js'

export { errnoName }

/** 'File exists' for 17; what a kernel-internal errno means for 512, 524. */
export function errnoText(errno: number): string {
  return errnoMeaning(errno)
}

/** 'EEXIST (File exists)' */
export function errnoLabel(errno: number): string {
  return `${errnoName(errno)} (${errnoText(errno)})`
}
