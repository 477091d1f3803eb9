// MDBA_MDB_ENTRY_INFO's payload in the kernel's MDB messages: struct br_mdb_entry, then the
// entry's MDBA_MDB_EATTR_* attributes (linux/if_bridge.h; DST .. SRC_VNI are Linux 6.3+, for
// VXLAN MDB entries). Read as one flat object: the struct's fields beside the attributes.
import { namesOf } from '../core/names.js'
import { RTPROT_NAMES } from '../route.js'
import { type AttrValue, type AttrSet, type RawAttr, type ValueCodec, decodeAttrs, defineAttrs, encodeAttrs } from '../core/attrs.js'
import { BR_MDB_ENTRY_SIZE, type BrMdbEntry, decodeBrMdbEntry, encodeBrMdbEntry } from './entry.js'

// enum MDBA_MDB_EATTR_*
export const MDBA_MDB_EATTR_UNSPEC = 0
export const MDBA_MDB_EATTR_TIMER = 1
export const MDBA_MDB_EATTR_SRC_LIST = 2
export const MDBA_MDB_EATTR_GROUP_MODE = 3
export const MDBA_MDB_EATTR_SOURCE = 4
export const MDBA_MDB_EATTR_RTPROT = 5
export const MDBA_MDB_EATTR_DST = 6
export const MDBA_MDB_EATTR_DST_PORT = 7
export const MDBA_MDB_EATTR_VNI = 8
export const MDBA_MDB_EATTR_IFINDEX = 9
export const MDBA_MDB_EATTR_SRC_VNI = 10

// enum MDBA_MDB_SRCLIST_*
export const MDBA_MDB_SRCLIST_ENTRY = 1

// enum MDBA_MDB_SRCATTR_*
export const MDBA_MDB_SRCATTR_ADDRESS = 1
export const MDBA_MDB_SRCATTR_TIMER = 2

// MDBA_MDB_EATTR_GROUP_MODE (linux/in.h)
export const MCAST_EXCLUDE = 0
export const MCAST_INCLUDE = 1

export const MCAST_MODE_NAMES: Readonly<Record<number, string>> = namesOf({ MCAST_EXCLUDE, MCAST_INCLUDE })

export const mdbSrcAttrs = defineAttrs('mdba-mdb-srcattr', 'MDBA_MDB_SRCATTR_', [
  [MDBA_MDB_SRCATTR_ADDRESS, 'MDBA_MDB_SRCATTR_ADDRESS', 'ipaddr'],
  // Remaining time in 1/100 s (clock_t)
  [MDBA_MDB_SRCATTR_TIMER, 'MDBA_MDB_SRCATTR_TIMER', 'u32'],
])

export type MdbSource = AttrValue<typeof mdbSrcAttrs>

export const mdbSrcListAttrs = defineAttrs('mdba-mdb-srclist', 'MDBA_MDB_SRCLIST_', [
  [MDBA_MDB_SRCLIST_ENTRY, 'MDBA_MDB_SRCLIST_ENTRY', 'nest', { nest: mdbSrcAttrs, multi: true }],
])

export type MdbSrcList = AttrValue<typeof mdbSrcListAttrs>

export const mdbEntryAttrs: AttrSet = defineAttrs('mdba-mdb-eattr', 'MDBA_MDB_EATTR_', [
  // Remaining time in 1/100 s (clock_t), 0 for permanent entries
  [MDBA_MDB_EATTR_TIMER, 'MDBA_MDB_EATTR_TIMER', 'u32'],
  [MDBA_MDB_EATTR_SRC_LIST, 'MDBA_MDB_EATTR_SRC_LIST', 'nest', { nest: mdbSrcListAttrs }],
  [MDBA_MDB_EATTR_GROUP_MODE, 'MDBA_MDB_EATTR_GROUP_MODE', 'u8', { enumNames: MCAST_MODE_NAMES }],
  // The source of an (S, G) entry
  [MDBA_MDB_EATTR_SOURCE, 'MDBA_MDB_EATTR_SOURCE', 'ipaddr'],
  // RTPROT_*: who added it (RTPROT_KERNEL: snooping, RTPROT_STATIC: bridge mdb add)
  [MDBA_MDB_EATTR_RTPROT, 'MDBA_MDB_EATTR_RTPROT', 'u8', { enumNames: RTPROT_NAMES }],
  // VXLAN MDB entries: the remote's underlay address, port, VNI, device
  [MDBA_MDB_EATTR_DST, 'MDBA_MDB_EATTR_DST', 'ipaddr'],
  [MDBA_MDB_EATTR_DST_PORT, 'MDBA_MDB_EATTR_DST_PORT', 'u16'],
  [MDBA_MDB_EATTR_VNI, 'MDBA_MDB_EATTR_VNI', 'u32'],
  // `dstIfindex`: the struct's `ifindex` (the port) sits beside it in the same object
  [MDBA_MDB_EATTR_IFINDEX, 'MDBA_MDB_EATTR_IFINDEX', 'u32', { key: 'dstIfindex' }],
  [MDBA_MDB_EATTR_SRC_VNI, 'MDBA_MDB_EATTR_SRC_VNI', 'u32'],
])

/** One MDBA_MDB_ENTRY_INFO: the br_mdb_entry fields and the entry's attributes side by side. */
export interface MdbEntryInfo extends BrMdbEntry {
  timer?: number
  srcList?: MdbSrcList
  /** MCAST_EXCLUDE / MCAST_INCLUDE */
  groupMode?: number
  source?: string
  /** RTPROT_* */
  rtprot?: number
  dst?: string
  dstPort?: number
  vni?: number
  dstIfindex?: number
  srcVni?: number
  unknown?: RawAttr[]
}

const STRUCT_KEYS: ReadonlySet<string> = new Set(['ifindex', 'state', 'flags', 'vid', 'addr', 'proto', 'addrBytes'])

export const mdbEntryInfo: ValueCodec<MdbEntryInfo> = {
  describe: 'struct br_mdb_entry + MDBA_MDB_EATTR_* attributes',
  decode(d, start, end) {
    if (end - start < BR_MDB_ENTRY_SIZE) d.fail(`br_mdb_entry: expected ${BR_MDB_ENTRY_SIZE} bytes, got ${end - start}`, start)
    if (d.trace) d.trace.open({ name: 'br_mdb_entry', offset: start, length: BR_MDB_ENTRY_SIZE })
    const e = decodeBrMdbEntry(d, start)
    if (d.trace) d.trace.close()
    return decodeAttrs(d, mdbEntryAttrs, start + BR_MDB_ENTRY_SIZE, end, e as unknown as Record<string, unknown>) as unknown as MdbEntryInfo
  },
  encode(w, v) {
    encodeBrMdbEntry(w, v)
    encodeAttrs(w, mdbEntryAttrs, v as unknown as Record<string, unknown>, STRUCT_KEYS)
  },
}
