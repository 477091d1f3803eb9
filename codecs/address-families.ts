// Address families (linux/socket.h) that rtnetlink headers carry in their first byte
// (ifa_family, rtm_family, ndm_family, rtgen_family, ncm_family).
import { namesOf } from './core/names.js'

export const AF_UNSPEC = 0
export const AF_INET = 2
export const AF_BRIDGE = 7
export const AF_INET6 = 10
/** iproute2 asks for links with AF_PACKET in dumps and `ip link show` lookups. */
export const AF_PACKET = 17
export const AF_MPLS = 28
export const AF_MCTP = 45

export const AF_NAMES: Readonly<Record<number, string>> = namesOf({ AF_UNSPEC, AF_INET, AF_BRIDGE, AF_INET6, AF_PACKET, AF_MPLS, AF_MCTP })
