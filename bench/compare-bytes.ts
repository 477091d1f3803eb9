// "Same bytes as iproute2?" for the encode workload's one-time check. nlmsg_seq (bytes 8–11) and
// nlmsg_pid (12–15) are per-process and ignored; so is nlmsg_len when looking for where the
// contents first differ (a longer message always differs there).
export function describeDifference(ours: Uint8Array, reference: Uint8Array): string {
  const a = Uint8Array.from(ours)
  const b = Uint8Array.from(reference)
  for (const x of [a, b]) x.fill(0, 8, Math.min(16, x.length))
  if (a.length === b.length && a.every((v, i) => v === b[i])) return `same ${a.length} bytes as iproute2`
  let i = 4
  while (i < a.length && i < b.length && a[i] === b[i]) i++
  const at = (x: Uint8Array) => Buffer.from(x.subarray(i, i + 8)).toString('hex')
  return `differs from iproute2: ${a.length} vs ${b.length} bytes; after nlmsg_len, first difference at byte ${i} (${at(a)}… vs ${at(b)}…)`
}

export function hexToBytes(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex, 'hex'))
}
