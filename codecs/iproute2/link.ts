// RTM_NEWLINK / RTM_DELLINK as `ip -d monitor` prints them: print_linkinfo of iproute2 6.1
// (ip/ipaddress.c) with do_link = 0 (the monitor is not `ip link`), so no link mode and no
// IFLA_AF_SPEC; kind data by kind (format/link-kinds.ts).
import type { Message } from '../core/nlmsg.js'
import type { LinkBody } from '../link/link.js'
import type { LinkInfo } from '../link/linkinfo.js'
import type { XdpAttrs } from '../link/xdp.js'
import { llAddrText } from './addrtext.js'
import { printKindData, printSlaveKindData } from './link-kinds.js'
import type { Lookup } from './lookup.js'
import { type Field, fieldsText } from './cprintf.js'
import { llTypeName } from './names.js'
import { RTM_DELLINK, RTM_NEWLINK } from '../rtnetlink.js'
import { IFF_POINTOPOINT, IFF_RUNNING, IFF_UP } from '../link/if.js'


/** print_link_flags: the order and names of ip/ipaddress.c (IFF_RUNNING shows as NO-CARRIER when missing). */
const FLAG_ORDER: readonly [number, string][] = [
  [0x8, 'LOOPBACK'],
  [0x2, 'BROADCAST'],
  [0x10, 'POINTOPOINT'],
  [0x1000, 'MULTICAST'],
  [0x80, 'NOARP'],
  [0x200, 'ALLMULTI'],
  [0x100, 'PROMISC'],
  [0x400, 'MASTER'],
  [0x800, 'SLAVE'],
  [0x4, 'DEBUG'],
  [0x8000, 'DYNAMIC'],
  [0x4000, 'AUTOMEDIA'],
  [0x2000, 'PORTSEL'],
  [0x20, 'NOTRAILERS'],
  [0x1, 'UP'],
  [0x10000, 'LOWER_UP'],
  [0x20000, 'DORMANT'],
  [0x40000, 'ECHO'],
]

const OPER_STATES: readonly string[] = ['UNKNOWN', 'NOTPRESENT', 'DOWN', 'LOWERLAYERDOWN', 'TESTING', 'DORMANT', 'UP']

const LINK_EVENTS: readonly string[] = [
  'NONE',
  'REBOOT',
  'FEATURE CHANGE',
  'BONDING FAILOVER',
  'NOTIFY PEERS',
  'RESEND IGMP',
  'BONDING OPTION',
]

export function linkFlagsText(flagsIn: number, mdown: boolean): string {
  let flags = flagsIn >>> 0
  // Each name but the last is followed by ',' — C decides by what is left of the flags.
  let s = '<'
  if (flags & IFF_UP && !(flags & IFF_RUNNING)) s += flags ? 'NO-CARRIER,' : 'NO-CARRIER'
  flags &= ~IFF_RUNNING
  for (const [bit, name] of FLAG_ORDER) {
    if (flags & bit) {
      flags = (flags & ~bit) >>> 0
      s += flags ? `${name},` : name
    }
  }
  if (flags) s += flags.toString(16)
  if (mdown) s += ',M-DOWN'
  return s + '> '
}

/** check_ifname (lib/utils.c): what iproute2 accepts as an interface name. */
function validIfname(name: string): boolean {
  if (name.length === 0 || new TextEncoder().encode(name).length >= 16) return false
  return !/[/\s]/.test(name)
}

function hexstring(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('')
}

/** The "ifname@link: " part and whether the peer is down (M-DOWN): print_name_and_link (lib/utils.c). */
function nameAndLink(name: string, b: LinkBody, l: Lookup): { text: string; mdown: boolean } {
  let mdown = false
  let shown = name
  if (b.link !== undefined) {
    const iflink = b.link >>> 0
    let link: string
    if (iflink) {
      if (b.linkNetnsid !== undefined) link = `if${iflink}`
      else {
        link = l.ifname(iflink)
        mdown = !(l.ifflags(iflink) & IFF_UP)
      }
    } else link = 'NONE'
    shown = `${name}@${link}`
  }
  return { text: `${shown}: `, mdown }
}

/** xdp_dump (ip/iplink_xdp.c) without the BPF program details iproute2 reads from the kernel. */
function xdpText(xdp: XdpAttrs, link: boolean, details: boolean): string {
  const mode = xdp.attached
  if (mode === undefined || mode === 0) return ''
  let s = ''
  if (details && link) {
    // mode not printed
  } else if (mode === 1) s += 'xdp'
  else if (mode === 2) s += 'xdpgeneric'
  else if (mode === 3) s += 'xdpoffload'
  else if (mode === 4) s += 'xdpmulti'
  else s += `xdp[${mode}]`
  // xdp_dump_prog_one; with details iproute2 then asks the kernel about the program
  // (bpf_dump_prog_info: tag, jited ...), of which only the id is known here.
  const one = (id: number | undefined, label: string, main: boolean): void => {
    if (id === undefined) return
    if (!details) {
      if (id && !link && main) s += `/id:${id}`
      return
    }
    if (id) s += `\n    prog/xdp${label} id ${id} `
  }
  one(xdp.progId, '', true)
  if (mode === 4) {
    one(xdp.skbProgId, 'generic', false)
    one(xdp.drvProgId, 'drv', false)
    one(xdp.hwProgId, 'offload', false)
  }
  if (!details || !link) s += ' '
  return s
}

function linkType(info: LinkInfo<unknown, unknown>, l: Lookup): string {
  let s = ''
  if (info.kind !== undefined) {
    s += `\n    ${info.kind} `
    s += printKindData(info.kind, info.data, l)
  }
  if (info.slaveKind !== undefined) {
    s += `\n    ${info.slaveKind}_slave `
    s += printSlaveKindData(info.slaveKind, info.slaveData, l)
  }
  return s
}

/** print_linkinfo -d after the kind's data: queues, offload sizes, the physical port, the parent device. */
const DETAIL_FIELDS: readonly Field<LinkBody>[] = [
  ['numTxQueues', 'numtxqueues'],
  ['numRxQueues', 'numrxqueues'],
  ['gsoMaxSize', 'gso_max_size'],
  ['gsoMaxSegs', 'gso_max_segs'],
  ['tsoMaxSize', 'tso_max_size'],
  ['tsoMaxSegs', 'tso_max_segs'],
  ['groMaxSize', 'gro_max_size'],
  ['physPortName', 'portname'],
  ['physPortId', 'portid', hexstring],
  ['physSwitchId', 'switchid', hexstring],
  ['parentDevBusName', 'parentbus'],
  ['parentDevName', 'parentdev'],
]

export function formatLink(msg: Message, l: Lookup): string {
  if (msg.type !== RTM_NEWLINK && msg.type !== RTM_DELLINK) return ''
  if (msg.body instanceof Uint8Array) return ''
  const b = msg.body as LinkBody
  // get_ifname_rta: a message without IFLA_IFNAME prints as "ifN" (with a BUG line on stderr).
  const name = b.ifname ?? `if${b.ifiIndex >>> 0}`
  if (!validIfname(name)) return ''
  let s = ''
  if (msg.type === RTM_DELLINK) s += 'Deleted '
  s += `${b.ifiIndex}: `
  const nl = nameAndLink(name, b, l)
  s += nl.text
  s += linkFlagsText(b.ifiFlags, nl.mdown)
  if (b.mtu !== undefined) s += `mtu ${b.mtu} `
  if (b.xdp !== undefined) s += xdpText(b.xdp, false, false)
  if (b.qdisc !== undefined) s += `qdisc ${b.qdisc} `
  if (b.master !== undefined) s += `master ${l.ifname(b.master)} `
  if (b.operstate !== undefined) {
    const st = b.operstate
    s += st < OPER_STATES.length ? `state ${OPER_STATES[st]} ` : `state 0x${st.toString(16)}`
  }
  if (b.group !== undefined) s += `group ${l.names.group(b.group)} `
  if (b.event !== undefined) {
    const ev = b.event >>> 0
    if (ev >= LINK_EVENTS.length) s += `event ${ev | 0} `
    else if (ev) s += `event ${LINK_EVENTS[ev]} `
  }
  // filter.family is 0 in ip monitor: the link/ line is always printed.
  s += `\n    link/${llTypeName(b.ifiType)} `
  if (b.address !== undefined) s += llAddrText(b.address, b.ifiType)
  if (b.broadcast !== undefined) {
    s += b.ifiFlags & IFF_POINTOPOINT ? ' peer ' : ' brd '
    s += llAddrText(b.broadcast, b.ifiType)
  }
  if (b.permAddress !== undefined && b.permAddress !== b.address) {
    s += ` permaddr ${llAddrText(b.permAddress, b.ifiType)}`
  }
  if (b.linkNetnsid !== undefined) {
    const id = b.linkNetnsid
    if (id >= 0) {
      const ns = l.nsidName(id)
      s += ns !== undefined ? ` link-netns ${ns}` : ` link-netnsid ${id}`
    } else s += ' link-netnsid unknown'
  }
  if (b.newNetnsid !== undefined) {
    const ns = l.nsidName(b.newNetnsid)
    s += ns !== undefined ? ` new-netns ${ns}` : ` new-netnsid ${b.newNetnsid}`
  }
  if (b.newIfindex !== undefined) s += ` new-ifindex ${b.newIfindex}`
  if (b.protoDown !== undefined) s += protoDownText(b)
  if (l.details) {
    if (b.promiscuity !== undefined) s += ` promiscuity ${b.promiscuity} `
    if (b.allmulti !== undefined) s += ` allmulti ${b.allmulti} `
    if (b.minMtu !== undefined) s += `minmtu ${b.minMtu} `
    if (b.maxMtu !== undefined) s += `maxmtu ${b.maxMtu} `
    if (b.linkinfo !== undefined) s += linkType(b.linkinfo as LinkInfo<unknown, unknown>, l)
    s += fieldsText(b, DETAIL_FIELDS)
    if (b.ifalias !== undefined) s += `\n    alias ${b.ifalias}`
    if (b.xdp !== undefined) s += xdpText(b.xdp, true, true)
  }
  if (b.propList !== undefined) for (const alt of b.propList.altIfname ?? []) s += `\n    altname ${alt}`
  return s + '\n'
}

/** print_proto_down. Its check of IFLA_PROTO_DOWN_REASON_VALUE (2) looks in the link's own table, where 2 is IFLA_BROADCAST: kept. */
function protoDownText(b: LinkBody): string {
  let s = ''
  if (b.protoDown) s += ' protodown on '
  const r = b.protoDownReason
  if (r !== undefined && b.broadcast !== undefined && r.value !== undefined) {
    let reason = r.value & 0xff
    if (reason) {
      const names: string[] = []
      for (let i = 0; reason; i++, reason >>= 1) if (reason & 1) names.push(String(i))
      s += `protodown_reason <${names.join(',')}>`
    }
  }
  return s
}
