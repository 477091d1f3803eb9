// Value → name tables written from the constants themselves, so a name is spelled once:
// `namesOf({ NTF_USE, NTF_SELF })` is `{ 1: 'NTF_USE', 2: 'NTF_SELF' }`; with a prefix it is cut
// from each name (`namesOf({ RTEXT_FILTER_VF }, 'RTEXT_FILTER_')` is `{ 1: 'VF' }`).

/** The table of names by value; where two constants share a value, the first one listed names it. */
export function namesOf(constants: Readonly<Record<string, number>>, cut = ''): Readonly<Record<number, string>> {
  const out: Record<number, string> = {}
  for (const [name, value] of Object.entries(constants)) out[value] ??= name.startsWith(cut) ? name.slice(cut.length) : name
  return out
}
