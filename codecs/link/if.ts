// Interface flags and states (linux/if.h): the ifi_flags bits of ifinfomsg, IFLA_OPERSTATE values
// (RFC 2863 operational states) and IFLA_LINKMODE values.

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
export const IFF_NAMES: Readonly<Record<number, string>> = {
  [IFF_UP]: 'UP',
  [IFF_BROADCAST]: 'BROADCAST',
  [IFF_DEBUG]: 'DEBUG',
  [IFF_LOOPBACK]: 'LOOPBACK',
  [IFF_POINTOPOINT]: 'POINTOPOINT',
  [IFF_NOTRAILERS]: 'NOTRAILERS',
  [IFF_RUNNING]: 'RUNNING',
  [IFF_NOARP]: 'NOARP',
  [IFF_PROMISC]: 'PROMISC',
  [IFF_ALLMULTI]: 'ALLMULTI',
  [IFF_MASTER]: 'MASTER',
  [IFF_SLAVE]: 'SLAVE',
  [IFF_MULTICAST]: 'MULTICAST',
  [IFF_PORTSEL]: 'PORTSEL',
  [IFF_AUTOMEDIA]: 'AUTOMEDIA',
  [IFF_DYNAMIC]: 'DYNAMIC',
  [IFF_LOWER_UP]: 'LOWER_UP',
  [IFF_DORMANT]: 'DORMANT',
  [IFF_ECHO]: 'ECHO',
}

// IFLA_OPERSTATE (u8)
export const IF_OPER_UNKNOWN = 0
export const IF_OPER_NOTPRESENT = 1
export const IF_OPER_DOWN = 2
export const IF_OPER_LOWERLAYERDOWN = 3
export const IF_OPER_TESTING = 4
export const IF_OPER_DORMANT = 5
export const IF_OPER_UP = 6

export const IF_OPER_NAMES: Readonly<Record<number, string>> = {
  [IF_OPER_UNKNOWN]: 'UNKNOWN',
  [IF_OPER_NOTPRESENT]: 'NOTPRESENT',
  [IF_OPER_DOWN]: 'DOWN',
  [IF_OPER_LOWERLAYERDOWN]: 'LOWERLAYERDOWN',
  [IF_OPER_TESTING]: 'TESTING',
  [IF_OPER_DORMANT]: 'DORMANT',
  [IF_OPER_UP]: 'UP',
}

// IFLA_LINKMODE (u8)
export const IF_LINK_MODE_DEFAULT = 0
export const IF_LINK_MODE_DORMANT = 1
export const IF_LINK_MODE_TESTING = 2

export const IF_LINK_MODE_NAMES: Readonly<Record<number, string>> = {
  [IF_LINK_MODE_DEFAULT]: 'DEFAULT',
  [IF_LINK_MODE_DORMANT]: 'DORMANT',
  [IF_LINK_MODE_TESTING]: 'TESTING',
}
