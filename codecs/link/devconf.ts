// Device configuration arrays (the per-interface sysctls of net/ipv4/conf/IF/ and
// net/ipv6/conf/IF/) as one typed object keyed by sysctl name.
//
// The kernel SENDS them as a flat array of 32-bit values indexed by devconf number (IPv4 from
// IPV4_DEVCONF_FORWARDING = 1, IPv6 from DEVCONF_FORWARDING = 0). A user REQUEST setting IPv4
// values (RTM_SETLINK / RTM_NEWLINK with IFLA_AF_SPEC > AF_INET > IFLA_INET_CONF) writes a nest
// instead: one attribute per value, its type the devconf number, its payload a u32. Which form a
// message holds follows from its direction (NLM_F_REQUEST), which the core hands to every codec
// as `d.request` / `w.request`; callers see the same object either way.
import { type AttrSet, type RawAttr, type ValueCodec, decodeAttrs, encodeAttrs } from '../core/attrs.js'
import { HOST_LE } from '../core/bytes.js'
import type { Decoder } from '../core/decoder.js'
import type { Writer } from '../core/writer.js'
import { type StructReader, compileStructReader } from '../core/compile.js'

export interface DevconfTable {
  /** Kernel name of the attribute holding the array, for messages. */
  readonly name: string
  /** Devconf number → key; entries the kernel table has no name for are undefined. */
  readonly set: AttrSet
  /** Devconf number of the array's first element: 1 for IPv4, 0 for IPv6. */
  readonly first: number
  /** Elements are s32 (IPv6, `__s32 *array`) rather than u32 (IPv4). */
  readonly signed: boolean
  /** Requests carry a nest of (devconf number, u32) attributes rather than the array. */
  readonly nestedInRequests: boolean
  /**
   * A hand-written reader for an array of exactly `count` values. Without one, the reader of the
   * whole array (every value the table numbers, first to last without a gap) is generated from
   * the table, one object literal (compile.ts).
   */
  readonly whole?: { readonly count: number; readonly read: (dv: DataView, offset: number) => object }
}

/** A devconf object: sysctl values by key; array elements past the known table in `unknown` (type = devconf number). */
export type DevconfValues = Record<string, number | RawAttr[] | undefined> & { unknown?: RawAttr[] }

export function devconfCodec<T extends object>(table: DevconfTable): ValueCodec<T> {
  const { name, set, first, signed, nestedInRequests } = table
  // Flat key list indexed by devconf number: the hot loop reads it without a Map lookup.
  const keys: (string | undefined)[] = []
  for (const s of set.specs) keys[s.type] = s.key
  const given = table.whole
  const whole = given !== undefined ? { count: given.count, read: (d: Decoder, o: number) => given.read(d.dv, o) } : wholeArray(name, keys, first, signed)
  const wholeBytes = whole === undefined ? -1 : whole.count * 4
  return {
    describe: signed ? 's32[] by devconf' : 'u32[] by devconf',
    decode(d: Decoder, start: number, end: number): T {
      if (nestedInRequests && d.request) return decodeAttrs(d, set, start, end) as T
      if (end - start === wholeBytes) {
        const v = whole!.read(d, start)
        if (v !== null) return v as T
      }
      if (((end - start) & 3) !== 0) d.fail(`${end - start} bytes is not a whole number of 32-bit values`, start)
      const out: DevconfValues = {}
      const dv = d.dv
      let n = first
      for (let o = start; o < end; o += 4, n++) {
        const key = keys[n]
        const v = signed ? dv.getInt32(o, HOST_LE) : dv.getUint32(o, HOST_LE)
        if (key !== undefined) out[key] = v
        else (out.unknown ??= []).push({ type: n, data: d.copy(o, o + 4) })
      }
      return out as T
    },
    encode(w: Writer, value: T): void {
      if (nestedInRequests && w.request) return encodeAttrs(w, set, value as DevconfValues)
      const obj = value as DevconfValues
      const unknown = obj.unknown
      // The array runs up to the highest devconf number present.
      let last = first - 1
      for (let n = keys.length - 1; n >= first; n--) {
        const k = keys[n]
        if (k !== undefined && obj[k] !== undefined) {
          last = n
          break
        }
      }
      if (unknown) for (const u of unknown) if (u.type > last) last = u.type
      for (let n = first; n <= last; n++) {
        const k = keys[n]
        const x = k === undefined ? undefined : obj[k]
        if (x !== undefined) {
          w.path.push(k!)
          const v = typeof x === 'boolean' ? +x : (x as number)
          if (signed) w.s32(v)
          else w.u32(v)
          w.path.pop()
          continue
        }
        const u = unknown?.find((r) => r.type === n)
        if (u === undefined) w.u32(0)
        else if (u.data.length !== 4) w.fail(`${name}: unknown devconf ${n} must hold 4 bytes, got ${u.data.length}`)
        else w.bytes(u.data)
      }
    },
  }
}

/**
 * The generated reader of the array the table numbers, first to last (one object literal, built
 * on first use; null where code generation is unavailable); undefined if the numbering has a gap.
 */
function wholeArray(name: string, keys: readonly (string | undefined)[], first: number, signed: boolean): { count: number; read: (d: Decoder, start: number) => object | null } | undefined {
  const fields: { key: string; kind: 'u32' | 's32'; offset: number }[] = []
  for (let n = first; n < keys.length; n++) {
    const key = keys[n]
    if (key === undefined) return undefined
    fields.push({ key, kind: signed ? 's32' : 'u32', offset: (n - first) * 4 })
  }
  let reader: StructReader | null | undefined
  return {
    count: fields.length,
    read(d, start) {
      if (reader === undefined) reader = compileStructReader(name, fields)
      return reader === null ? null : reader(d, start)
    },
  }
}
