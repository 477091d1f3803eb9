// Interface flags and states (linux/if.h): the ifi_flags bits of ifinfomsg, IFLA_OPERSTATE values
// (RFC 2863 operational states) and IFLA_LINKMODE values.
import { namesOf } from '../core/names.js'

export const IFF_UP = 1 << 0
export const IFF_BROADCAST = 1 << 1
export const IFF_DEBUG = 1 << 2
export const IFF_LOOPBACK = 1 << 3
export const IFF_POINTOPOINT = 1 << 4
export const IFF_NOTRAILERS = 1 << 5
export const IFF_RUNNING = 1 << 6
export const IFF_NOARP = 1 << 7
export const IFF_PROMISC = 1 << 8
export const IFF_ALLMULTI = 1 << 9
export const IFF_MASTER = 1 << 10
export const IFF_SLAVE = 1 << 11
export const IFF_MULTICAST = 1 << 12
export const IFF_PORTSEL = 1 << 13
export const IFF_AUTOMEDIA = 1 << 14
export const IFF_DYNAMIC = 1 << 15
export const IFF_LOWER_UP = 1 << 16
export const IFF_DORMANT = 1 << 17
export const IFF_ECHO = 1 << 18

/** ifi_flags bit → name, as `ip link` prints them (without the IFF_ prefix). */
export const IFF_NAMES: Readonly<Record<number, string>> = namesOf({ IFF_UP, IFF_BROADCAST, IFF_DEBUG, IFF_LOOPBACK, IFF_POINTOPOINT, IFF_NOTRAILERS, IFF_RUNNING, IFF_NOARP, IFF_PROMISC, IFF_ALLMULTI, IFF_MASTER, IFF_SLAVE, IFF_MULTICAST, IFF_PORTSEL, IFF_AUTOMEDIA, IFF_DYNAMIC, IFF_LOWER_UP, IFF_DORMANT, IFF_ECHO }, 'IFF_')

// IFLA_OPERSTATE (u8)
export const IF_OPER_UNKNOWN = 0
export const IF_OPER_NOTPRESENT = 1
export const IF_OPER_DOWN = 2
export const IF_OPER_LOWERLAYERDOWN = 3
export const IF_OPER_TESTING = 4
export const IF_OPER_DORMANT = 5
export const IF_OPER_UP = 6

export const IF_OPER_NAMES: Readonly<Record<number, string>> = namesOf({ IF_OPER_UNKNOWN, IF_OPER_NOTPRESENT, IF_OPER_DOWN, IF_OPER_LOWERLAYERDOWN, IF_OPER_TESTING, IF_OPER_DORMANT, IF_OPER_UP }, 'IF_OPER_')

// IFLA_LINKMODE (u8)
export const IF_LINK_MODE_DEFAULT = 0
export const IF_LINK_MODE_DORMANT = 1
export const IF_LINK_MODE_TESTING = 2

export const IF_LINK_MODE_NAMES: Readonly<Record<number, string>> = namesOf({ IF_LINK_MODE_DEFAULT, IF_LINK_MODE_DORMANT, IF_LINK_MODE_TESTING }, 'IF_LINK_MODE_')
