// RTM_NEWADDR / RTM_DELADDR as `ip monitor` prints them: print_addrinfo (ip/ipaddress.c, 6.1)
// with the monitor's filter (oneline set: each address starts with "IFINDEX: IFNAME").
import type { AddrBody } from '../addr.js'
import type { Message } from '../core/nlmsg.js'
import { ipText } from './addrtext.js'
import type { Lookup } from './lookup.js'
import { familyName } from './names.js'
import { RTM_DELADDR, RTM_NEWADDR } from '../rtnetlink.js'
import { AF_INET6 } from '../address-families.js'
import { IFA_F_DEPRECATED, IFA_F_PERMANENT, IFA_F_SECONDARY } from '../addr.js'

const INFINITY_LIFE_TIME = 0xffffffff

/** ifa_flag_data: the order print_ifa_flags walks ('temporary' shares the secondary bit and never shows by name). */
const IFA_FLAGS: readonly [string, number][] = [
  ['secondary', 0x01],
  ['temporary', 0x01],
  ['nodad', 0x02],
  ['optimistic', 0x04],
  ['dadfailed', 0x08],
  ['home', 0x10],
  ['deprecated', 0x20],
  ['tentative', 0x40],
  ['permanent', 0x80],
  ['mngtmpaddr', 0x100],
  ['noprefixroute', 0x200],
  ['autojoin', 0x400],
  ['stable-privacy', 0x800],
]

function ifaFlagsText(family: number, flagsIn: number): string {
  let flags = flagsIn >>> 0
  let s = ''
  for (const [name, mask] of IFA_FLAGS) {
    if (mask === IFA_F_PERMANENT) {
      if (!(flags & mask)) s += 'dynamic '
    } else if (flags & mask) {
      s += mask === IFA_F_SECONDARY && family === AF_INET6 ? 'temporary ' : `${name} `
    }
    flags = (flags & ~mask) >>> 0
  }
  if (flags) s += `flags ${flags.toString(16).padStart(2, '0')} `
  return s
}

export function formatAddr(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWADDR && msg.type !== RTM_DELADDR) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as AddrBody
  const flags = b.flags ?? b.ifaFlags
  const local = b.local ?? b.address
  const address = b.address ?? b.local
  let s = ''
  if (msg.type === RTM_DELADDR) s += 'Deleted '
  s += `${b.ifaIndex >>> 0}: ${l.ifname(b.ifaIndex)}`
  const fam = familyName(b.ifaFamily)
  s += fam !== '???' ? `    ${fam} ` : `    family ${b.ifaFamily} `
  if (local !== undefined) {
    s += ipText(local)
    if (address !== undefined && address !== local) s += ` peer ${ipText(address)}`
    s += `/${b.ifaPrefixlen} `
    if (b.rtPriority !== undefined) s += `metric ${b.rtPriority} `
  }
  if (b.broadcast !== undefined) s += `brd ${ipText(b.broadcast)} `
  if (b.anycast !== undefined) s += `any ${ipText(b.anycast)} `
  s += `scope ${l.names.scope(b.ifaScope)} `
  s += ifaFlagsText(b.ifaFamily, flags)
  if (b.label !== undefined) s += b.label
  if (b.cacheinfo !== undefined) {
    const ci = b.cacheinfo
    s += '\n       valid_lft '
    s += ci.ifaValid === INFINITY_LIFE_TIME ? 'forever' : `${ci.ifaValid}sec`
    s += ' preferred_lft '
    if (ci.ifaPrefered === INFINITY_LIFE_TIME) s += 'forever'
    else s += flags & IFA_F_DEPRECATED ? `${ci.ifaPrefered | 0}sec` : `${ci.ifaPrefered}sec`
  }
  return s + '\n'
}
