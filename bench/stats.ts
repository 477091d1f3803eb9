// Medians, ranges and the pair-by-pair ratios the table shows. All times are nanoseconds.

export interface Summary {
  median: number
  min: number
  max: number
  n: number
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new Error('median of nothing')
  const s = [...xs].sort((a, b) => a - b)
  const m = s.length >> 1
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2
}

export function summarize(xs: readonly number[]): Summary {
  return { median: median(xs), min: Math.min(...xs), max: Math.max(...xs), n: xs.length }
}

/**
 * a[i] / b[i] for every round i in which both were measured (rounds are interleaved: in round i
 * every peer ran once, back to back, so a ratio compares runs made under the same conditions).
 * Rounds a peer missed are `undefined` and skipped.
 */
export function pairedRatios(a: readonly (number | undefined)[], b: readonly (number | undefined)[]): number[] {
  const out: number[] = []
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const x = a[i]
    const y = b[i]
    if (x !== undefined && y !== undefined && y > 0) out.push(x / y)
  }
  return out
}

/** 183 µs, 16.4 ms, 4.52 µs, 1.23 s: three significant digits, unit chosen by size. */
export function formatDuration(ns: number): string {
  const units: [number, string][] = [
    [1e9, 's'],
    [1e6, 'ms'],
    [1e3, 'µs'],
    [1, 'ns'],
  ]
  for (const [scale, unit] of units) {
    if (Math.abs(ns) >= scale || unit === 'ns') return `${sig3(ns / scale)} ${unit}`
  }
  return `${ns} ns`
}

function sig3(x: number): string {
  if (x >= 100) return x.toFixed(0)
  if (x >= 10) return x.toFixed(1)
  return x.toFixed(2)
}

export function formatSummary(s: Summary): string {
  return `${formatDuration(s.median)} (${formatDuration(s.min)}–${formatDuration(s.max)})`
}

export function formatRatio(s: Summary): string {
  return `${sig3(s.median)}× (${sig3(s.min)}–${sig3(s.max)})`
}
