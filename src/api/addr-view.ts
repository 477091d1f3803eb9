// nl.addr's answers: an address, readable (the decoded body kept as `raw`).
import type { AddrBody } from '../../codecs/index.js'
import { IFA_F_NAMES } from '../../codecs/addr.js'
import { type Family, familyName, names, scopeName } from './view-names.js'

export interface Address {
  /** ifindex of the device. */
  index: number
  family: Family
  /** '192.168.88.1' */
  address: string
  prefixlen: number
  /** '192.168.88.1/24' */
  cidr: string
  /** IFA_ADDRESS when it differs from IFA_LOCAL (point-to-point peer). */
  peer?: string
  broadcast?: string
  label?: string
  /** 'global', 'link', 'host' ... */
  scope: string
  /** IFA_F_* names: ['permanent'], ['tentative'] ... */
  flags: string[]
  raw: AddrBody
}

export function toAddress(b: AddrBody): Address {
  const local = b.local ?? b.address ?? ''
  const flagBits = b.flags ?? b.ifaFlags
  const a: Address = {
    index: b.ifaIndex,
    family: familyName(b.ifaFamily),
    address: local,
    prefixlen: b.ifaPrefixlen,
    cidr: `${local}/${b.ifaPrefixlen}`,
    scope: scopeName(b.ifaScope),
    flags: names(flagBits, IFA_F_NAMES, 'IFA_F_', true),
    raw: b,
  }
  if (b.address !== undefined && b.local !== undefined && b.address !== b.local) a.peer = b.address
  if (b.broadcast !== undefined) a.broadcast = b.broadcast
  if (b.label !== undefined) a.label = b.label
  return a
}
