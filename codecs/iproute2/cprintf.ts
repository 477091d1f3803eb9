// The few printf conversions iproute2 output depends on beyond %d / %u / %s.

/** C's %g (precision 6): shortest of %e / %f, trailing zeros removed. */
export function formatG(v: number): string {
  if (v === 0) return '0'
  if (!Number.isFinite(v)) return Number.isNaN(v) ? 'nan' : v > 0 ? 'inf' : '-inf'
  const exp = Math.floor(Math.log10(Math.abs(v)))
  // Rounding to 6 digits can carry into the next power of ten (999999.5 → 1e+06).
  const rounded = Number(v.toPrecision(6))
  const e = rounded === 0 ? exp : Math.floor(Math.log10(Math.abs(rounded)))
  if (e < -4 || e >= 6) {
    const [mant, ex] = rounded.toExponential(5).split('e') as [string, string]
    const m = mant.includes('.') ? mant.replace(/0+$/, '').replace(/\.$/, '') : mant
    const n = Number(ex)
    return `${m}e${n < 0 ? '-' : '+'}${String(Math.abs(n)).padStart(2, '0')}`
  }
  const fixed = rounded.toFixed(Math.max(0, 5 - e))
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed
}
