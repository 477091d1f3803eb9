// Interface names used by the workloads: `<prefix>a<i>` / `<prefix>b<i>` (IFNAMSIZ: ≤ 15 chars).
export type Pair = readonly [string, string]

export function vethPairs(prefix: string, n: number): Pair[] {
  const out: Pair[] = []
  for (let i = 0; i < n; i++) out.push([`${prefix}a${i}`, `${prefix}b${i}`])
  return out
}

/** `ip -batch` lines creating the pairs, exactly `ip link add A type veth peer name B`. */
export function ipAddLines(pairs: readonly Pair[], suffix = ''): string[] {
  return pairs.map(([a, b]) => `link add ${a}${suffix} type veth peer name ${b}`)
}
