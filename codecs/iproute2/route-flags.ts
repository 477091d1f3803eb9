// print_rt_flags (ip/iproute.c, 6.1): shared by routes, their multipath nexthops and nexthop objects.

/** print_rt_flags: RTNH_F_* and RTM_F_* in iproute2's order. */
const RT_FLAGS: readonly [number, string][] = [
  [0x1, 'dead'],
  [0x4, 'onlink'],
  [0x2, 'pervasive'],
  [0x8, 'offload'],
  [0x40, 'trap'],
  [0x100, 'notify'],
  [0x10, 'linkdown'],
  [0x20, 'unresolved'],
  [0x4000, 'rt_offload'],
  [0x8000, 'rt_trap'],
  [0x20000000, 'rt_offload_failed'],
]

export function rtFlagsText(flags: number): string {
  let s = ''
  for (const [bit, name] of RT_FLAGS) if (flags & bit) s += `${name} `
  return s
}
