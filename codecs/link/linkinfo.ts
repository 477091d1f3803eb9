// IFLA_LINKINFO (IFLA_INFO_*, linux/if_link.h): the link's kind ('veth', 'bridge' ...) and its
// kind-specific attributes. IFLA_INFO_DATA is read with the table registered for IFLA_INFO_KIND,
// IFLA_INFO_SLAVE_DATA with the one registered for IFLA_INFO_SLAVE_KIND (the kind of the
// master: 'bridge' for a bridge port). Kinds without a table keep their data as raw bytes, which
// re-encode exactly.
//
// The kind attribute may come after the data, so decoding first scans the nest for the two kind
// strings, then decodes it with an attribute-set variant built for that (kind, slave kind) pair
// and cached. Encoding picks the variant from value.kind / value.slaveKind.
import {
  type AttrRow,
  type AttrSet,
  type AttrValues,
  type RawAttr,
  type ValueCodec,
  NLA_TYPE_MASK,
  decodeAttrs,
  defineAttrs,
  encodeAttrs,
} from '../core/attrs.js'
import { readText } from '../core/bytes.js'
import type { Decoder } from '../core/decoder.js'

export const IFLA_INFO_UNSPEC = 0
export const IFLA_INFO_KIND = 1
export const IFLA_INFO_DATA = 2
export const IFLA_INFO_XSTATS = 3
export const IFLA_INFO_SLAVE_KIND = 4
export const IFLA_INFO_SLAVE_DATA = 5

/** A table for IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA: an attribute set, or a hand-written codec. */
export type KindTable = AttrSet | ValueCodec

/** IFLA_INFO_DATA tables by IFLA_INFO_KIND. Add entries with registerLinkKind. */
export const infoDataByKind: ReadonlyMap<string, KindTable> = new Map()
/** IFLA_INFO_SLAVE_DATA tables by IFLA_INFO_SLAVE_KIND (the master's kind). Add with registerSlaveKind. */
export const infoSlaveDataByKind: ReadonlyMap<string, KindTable> = new Map()

/** Decoded IFLA_INFO_DATA / IFLA_INFO_SLAVE_DATA: attributes for a registered kind, bytes otherwise. */
export type KindData = AttrValues | Uint8Array

/** Decoded IFLA_LINKINFO. `data` is typed per kind by the kind modules (VethInfo for 'veth' ...). */
export interface LinkInfo<D = KindData, S = KindData> {
  kind?: string
  data?: D
  xstats?: Uint8Array
  slaveKind?: string
  slaveData?: S
  unknown?: RawAttr[]
}

/** Decode IFLA_INFO_DATA of `kind` with `table` from now on. */
export function registerLinkKind(kind: string, table: KindTable): void {
  ;(infoDataByKind as Map<string, KindTable>).set(kind, table)
  lastSet = undefined
}

/** Decode IFLA_INFO_SLAVE_DATA of ports whose master is of `kind` with `table` from now on. */
export function registerSlaveKind(kind: string, table: KindTable): void {
  ;(infoSlaveDataByKind as Map<string, KindTable>).set(kind, table)
  lastSet = undefined
}

const rawData: ValueCodec<Uint8Array> = {
  describe: 'binary (no table for this kind)',
  decode: (d, start, end) => d.copy(start, end),
  encode(w, v) {
    if (!(v instanceof Uint8Array)) w.fail(`no table is registered for this kind: give the data as a Uint8Array`)
    w.bytes(v)
  },
}

// One payload codec per table, made once: attributes (or the table's own codec), and raw bytes
// accepted on encode so a value decoded before its kind was registered still encodes.
const dataCodecs = new WeakMap<KindTable, ValueCodec>()

function dataCodec(table: KindTable | undefined): ValueCodec {
  if (table === undefined) return rawData
  let c = dataCodecs.get(table)
  if (c !== undefined) return c
  if ('byType' in table) {
    const set = table
    c = {
      describe: `nest (${set.name})`,
      decode: (d, start, end) => decodeAttrs(d, set, start, end),
      encode(w, v) {
        if (v instanceof Uint8Array) w.bytes(v)
        else if (typeof v === 'object' && v !== null) encodeAttrs(w, set, v as AttrValues)
        else w.fail(`expected an object of attributes or a Uint8Array, got ${String(v)}`)
      },
    }
  } else {
    const own = table
    c = {
      describe: own.describe ?? 'custom',
      decode: (d, start, end) => own.decode(d, start, end),
      encode(w, v) {
        if (v instanceof Uint8Array) w.bytes(v)
        else own.encode(w, v)
      },
    }
  }
  dataCodecs.set(table, c)
  return c
}

// Attribute-set variants by (data codec, slave data codec). Keyed by codec, not by kind string,
// so kinds without a table share one variant and the cache stays as small as the registry.
const variants = new Map<ValueCodec, Map<ValueCodec, AttrSet>>()

// The last pair asked for (dumps and requests repeat one kind): no lookups when it comes again.
// Registering a table forgets it.
let lastKind = ''
let lastSlaveKind = ''
let lastSet: AttrSet | undefined

function variant(kind: string, slaveKind: string): AttrSet {
  if (lastSet !== undefined && kind === lastKind && slaveKind === lastSlaveKind) return lastSet
  const set = findVariant(kind, slaveKind)
  lastKind = kind
  lastSlaveKind = slaveKind
  lastSet = set
  return set
}

function findVariant(kind: string, slaveKind: string): AttrSet {
  const data = dataCodec(kind === '' ? undefined : infoDataByKind.get(kind))
  const slaveData = dataCodec(infoSlaveDataByKind.get(slaveKind !== '' ? slaveKind : masterOf(kind)))
  let bySlave = variants.get(data)
  if (bySlave === undefined) variants.set(data, (bySlave = new Map()))
  let set = bySlave.get(slaveData)
  if (set === undefined) {
    const rows: AttrRow[] = [
      // iproute2 writes the kinds without a NUL; the kernel sends them with one.
      [IFLA_INFO_KIND, 'IFLA_INFO_KIND', 'string', { noNulInRequests: true }],
      [IFLA_INFO_DATA, 'IFLA_INFO_DATA', data],
      [IFLA_INFO_XSTATS, 'IFLA_INFO_XSTATS', 'binary'],
      [IFLA_INFO_SLAVE_KIND, 'IFLA_INFO_SLAVE_KIND', 'string', { noNulInRequests: true }],
      [IFLA_INFO_SLAVE_DATA, 'IFLA_INFO_SLAVE_DATA', slaveData],
    ]
    set = defineAttrs('linkinfo-attrs', 'IFLA_INFO_', rows)
    bySlave.set(slaveData, set)
  }
  return set
}

/**
 * iproute2 sets port options (`ip link set X type bridge_slave cost 5`) with IFLA_INFO_KIND
 * 'bridge_slave' and IFLA_INFO_SLAVE_DATA, without IFLA_INFO_SLAVE_KIND: the master's kind is the
 * kind less its '_slave' suffix ('' when there is none: no table).
 */
function masterOf(kind: string): string {
  return kind.endsWith('_slave') ? kind.slice(0, -6) : ''
}

/** The attribute set IFLA_LINKINFO uses for this pair of kinds (test/codecs/tables.test.ts checks each against its constants). */
export function linkInfoAttrs(kind = '', slaveKind = ''): AttrSet {
  return variant(kind, slaveKind)
}

// Kind strings found by the last scan (module state: no allocation per call).
let scannedKind = ''
let scannedSlaveKind = ''

/** Find IFLA_INFO_KIND and IFLA_INFO_SLAVE_KIND in [start, end); stops quietly at malformed input, which decodeAttrs then reports. */
function scanKinds(d: Decoder, start: number, end: number): void {
  scannedKind = ''
  scannedSlaveKind = ''
  const buf = d.buf
  let o = start
  while (end - o >= 4) {
    const len = buf[o]! | (buf[o + 1]! << 8)
    if (len < 4 || o + len > end) return
    const type = (buf[o + 2]! | (buf[o + 3]! << 8)) & NLA_TYPE_MASK
    if (type === IFLA_INFO_KIND || type === IFLA_INFO_SLAVE_KIND) {
      let z = o + 4
      while (z < o + len && buf[z] !== 0) z++
      const s = readText(buf, o + 4, z)
      if (type === IFLA_INFO_KIND) {
        if (scannedKind === '') scannedKind = s
      } else if (scannedSlaveKind === '') scannedSlaveKind = s
    }
    o += (len + 3) & ~3
  }
}

/** IFLA_LINKINFO's payload codec. */
export const linkInfoCodec: ValueCodec<LinkInfo> = {
  describe: 'nest (linkinfo-attrs, IFLA_INFO_DATA by kind)',
  decode(d, start, end) {
    scanKinds(d, start, end)
    return decodeAttrs(d, variant(scannedKind, scannedSlaveKind), start, end) as LinkInfo
  },
  encode(w, value) {
    if (typeof value !== 'object' || value === null) w.fail(`expected an object of attributes, got ${String(value)}`)
    const kind = typeof value.kind === 'string' ? value.kind : ''
    const slaveKind = typeof value.slaveKind === 'string' ? value.slaveKind : ''
    encodeAttrs(w, variant(kind, slaveKind), value as AttrValues)
  },
}
