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

/**
 * One `word value ` pair of a print_opt function, printed when the attribute is present: the
 * attribute's key, iproute2's word for it, and how the value is printed (as %u / %s when absent).
 */
export type Field<T> = {
  [K in keyof T & string]-?: readonly [key: K, word: string, text?: (v: NonNullable<T[K]>) => string]
}[keyof T & string]

/** The `word value ` pairs of `fields` whose attributes `tb` has, in the fields' order. */
export function fieldsText<T extends object>(tb: T, fields: readonly Field<T>[]): string {
  let s = ''
  for (const [key, word, text] of fields) {
    const v = tb[key as keyof T]
    if (v !== undefined) s += `${word} ${text === undefined ? String(v) : (text as (v: unknown) => string)(v)} `
  }
  return s
}
