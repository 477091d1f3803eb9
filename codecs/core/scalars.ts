// The scalar kinds, once: how many bytes each takes, how it is read (by the table-driven loop,
// and as an expression in generated code), and how it is written. Attribute tables
// (`[IFLA_MTU, 'IFLA_MTU', 'u32']`), struct fields (`['ifiIndex', 's32']`) and u32/u64 arrays all
// take their kinds from here: a new kind is one entry below.
import { formatIP, formatIPv4, formatIPv6, formatLladdr, parseIP, parseIPv4, parseIPv6, parseLladdr } from './addresses.js'
import { HOST_LE, readText } from './bytes.js'
import type { Decoder } from './decoder.js'
import type { Writer } from './writer.js'

// BigInts are immutable values: small ones (most counters of a fresh link) are shared instead of
// allocated per read. `===` and every operation see the same value either way.
const SMALL_BIG_COUNT = 256
export const SMALL_BIG: readonly bigint[] = []
for (let i = 0; i < SMALL_BIG_COUNT; i++) (SMALL_BIG as bigint[]).push(BigInt(i))

/** A 64-bit value in host byte order at o (small ones from the shared table). */
function read64(dv: DataView, o: number, signed: boolean): bigint {
  if (dv.getUint32(HOST_LE ? o + 4 : o, HOST_LE) === 0) {
    const lo = dv.getUint32(HOST_LE ? o : o + 4, HOST_LE)
    if (lo < SMALL_BIG_COUNT) return SMALL_BIG[lo]!
  }
  return signed ? dv.getBigInt64(o, HOST_LE) : dv.getBigUint64(o, HOST_LE)
}

/** u64 in host byte order at o. */
export const readU64 = (dv: DataView, o: number): bigint => read64(dv, o, false)

/** s64 in host byte order at o. */
export const readS64 = (dv: DataView, o: number): bigint => read64(dv, o, true)

/** What generated code may call (in scope there as H). */
export const READ_HELPERS = { readU64, readS64, formatIPv4, formatIPv6, formatLladdr, readText, SMALL_BIG }

export interface ScalarDef {
  /** Payload size in bytes when fixed (a flag: 0); undefined: any length. */
  readonly size?: number
  /** Read [s, e) (its size already checked against `size`). */
  read(d: Decoder, s: number, e: number): unknown
  /**
   * The same read as an expression of generated code, at offset expression `at` and end `end`
   * (buf, dv, H from READ_HELPERS and a scratch `let x` in scope). Undefined: generated code
   * cannot read this kind (the caller keeps the table-driven path).
   */
  expr?(at: string, end: string): string
  /** Write the payload of value `v` (the writer's path names the attribute or field). */
  write(w: Writer, v: unknown): void
  /**
   * Generated struct writers' fast path for numbers: `check` (on x) says the value fits, `at(o)`
   * is the statement storing x at offset expression o (buf, dv in scope). Anything else: write().
   */
  readonly store?: { readonly check: string; at(o: string): string }
}

const LE = String(HOST_LE)
const LO = HOST_LE ? 0 : 4
const HI = HOST_LE ? 4 : 0

/** A u64 / s64 read inline (no call): small values from the shared table. */
const u64Expr = (get: string) => (at: string) =>
  `(dv.getUint32(${at} + ${HI}, ${LE}) === 0 && (x = dv.getUint32(${at} + ${LO}, ${LE})) < ${SMALL_BIG_COUNT} ? SB[x] : dv.${get}(${at}, ${LE}))`

function num(w: Writer, v: unknown): number {
  if (typeof v === 'number') return v
  if (typeof v === 'boolean') return v ? 1 : 0
  if (typeof v === 'bigint' && v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER)) return Number(v)
  return w.fail(`expected a number, got ${typeof v}`)
}

function big(w: Writer, v: unknown): bigint {
  if (typeof v === 'bigint') return v
  if (typeof v === 'number' && Number.isInteger(v)) return BigInt(v)
  return w.fail(`expected a bigint, got ${typeof v}`)
}

function address(w: Writer, v: unknown, parse: (s: string) => Uint8Array | null, what: string): Uint8Array {
  const b = typeof v === 'string' ? parse(v) : null
  return b ?? w.fail(`expected ${what}, got ${JSON.stringify(v)}`)
}

export const SCALARS = {
  u8: { size: 1, read: (d, s) => d.buf[s], expr: (at) => `buf[${at}]`, write: (w, v) => w.u8(num(w, v)), store: { check: 'x >= 0 && x <= 255', at: (o) => `buf[${o}] = x` } },
  u16: { size: 2, read: (d, s) => d.dv.getUint16(s, HOST_LE), expr: (at) => `dv.getUint16(${at}, ${LE})`, write: (w, v) => w.u16(num(w, v)), store: { check: 'x >= 0 && x <= 65535', at: (o) => `dv.setUint16(${o}, x, ${LE})` } },
  u32: { size: 4, read: (d, s) => d.dv.getUint32(s, HOST_LE), expr: (at) => `dv.getUint32(${at}, ${LE})`, write: (w, v) => w.u32(num(w, v)), store: { check: 'x >= 0 && x <= 4294967295', at: (o) => `dv.setUint32(${o}, x, ${LE})` } },
  u64: { size: 8, read: (d, s) => readU64(d.dv, s), expr: u64Expr('getBigUint64'), write: (w, v) => w.u64(big(w, v)) },
  s8: { size: 1, read: (d, s) => d.dv.getInt8(s), expr: (at) => `dv.getInt8(${at})`, write: (w, v) => w.s8(num(w, v)), store: { check: 'x >= -128 && x <= 127', at: (o) => `dv.setInt8(${o}, x)` } },
  s16: { size: 2, read: (d, s) => d.dv.getInt16(s, HOST_LE), expr: (at) => `dv.getInt16(${at}, ${LE})`, write: (w, v) => w.s16(num(w, v)), store: { check: 'x >= -32768 && x <= 32767', at: (o) => `dv.setInt16(${o}, x, ${LE})` } },
  s32: { size: 4, read: (d, s) => d.dv.getInt32(s, HOST_LE), expr: (at) => `dv.getInt32(${at}, ${LE})`, write: (w, v) => w.s32(num(w, v)), store: { check: 'x >= -2147483648 && x <= 2147483647', at: (o) => `dv.setInt32(${o}, x, ${LE})` } },
  s64: { size: 8, read: (d, s) => readS64(d.dv, s), expr: u64Expr('getBigInt64'), write: (w, v) => w.s64(big(w, v)) },
  be16: { size: 2, read: (d, s) => d.dv.getUint16(s, false), expr: (at) => `dv.getUint16(${at}, false)`, write: (w, v) => w.be16(num(w, v)), store: { check: 'x >= 0 && x <= 65535', at: (o) => `dv.setUint16(${o}, x, false)` } },
  be32: { size: 4, read: (d, s) => d.dv.getUint32(s, false), expr: (at) => `dv.getUint32(${at}, false)`, write: (w, v) => w.be32(num(w, v)), store: { check: 'x >= 0 && x <= 4294967295', at: (o) => `dv.setUint32(${o}, x, false)` } },
  flag: {
    size: 0,
    read: () => true,
    expr: () => 'true',
    write: (w, v) => {
      if (v !== true) w.fail(`a flag is true or absent, got ${String(v)}`)
    },
  },
  binary: {
    read: (d, s, e) => d.copy(s, e),
    expr: (at, end) => `d.copy(${at}, ${end})`,
    write: (w, v) => (v instanceof Uint8Array ? w.bytes(v) : w.fail(`expected a Uint8Array, got ${typeof v}`)),
  },
  /** A link-layer address of any length: '02:aa:bb:cc:dd:ee'. */
  lladdr: {
    read: (d, s, e) => formatLladdr(d.buf, s, e),
    expr: (at, end) => `H.formatLladdr(buf, ${at}, ${end})`,
    write: (w, v) => {
      const b = typeof v === 'string' ? parseLladdr(v) : v instanceof Uint8Array ? v : null
      w.bytes(b ?? w.fail(`expected a link-layer address like '02:00:00:00:00:01', got ${JSON.stringify(v)}`))
    },
  },
  /** A struct's 6-byte MAC address. */
  mac: {
    size: 6,
    read: (d, s) => formatLladdr(d.buf, s, s + 6),
    expr: (at) => `H.formatLladdr(buf, ${at}, ${at} + 6)`,
    write: (w, v) => {
      const b = typeof v === 'string' ? parseLladdr(v) : null
      w.bytes(b !== null && b.length === 6 ? b : w.fail(`expected a MAC address, got ${JSON.stringify(v)}`))
    },
  },
  ipv4: { size: 4, read: (d, s) => formatIPv4(d.buf, s), expr: (at) => `H.formatIPv4(buf, ${at})`, write: (w, v) => w.bytes(address(w, v, parseIPv4, 'an IPv4 address')) },
  ipv6: { size: 16, read: (d, s) => formatIPv6(d.buf, s), expr: (at) => `H.formatIPv6(buf, ${at})`, write: (w, v) => w.bytes(address(w, v, parseIPv6, 'an IPv6 address')) },
  /** IPv4 or IPv6 by its length (4 or 16); any other length is malformed (the readers check). */
  ipaddr: { read: (d, s, e) => formatIP(d.buf, s, e), write: (w, v) => w.bytes(address(w, v, parseIP, 'an IPv4 or IPv6 address')) },
  /** Text up to the first NUL (what else is there is the attribute engine's business). */
  string: {
    read: (d, s, e) => {
      let z = s
      while (z < e && d.buf[z] !== 0) z++
      return readText(d.buf, s, z)
    },
    write: (w, v) => (typeof v === 'string' ? w.text(v, true) : w.fail(`expected a string, got ${typeof v}`)),
  },
} satisfies Record<string, ScalarDef>

export type Scalar = keyof typeof SCALARS

/** The kinds of a fixed size, as struct fields and arrays take them. */
export type FixedScalar = { [K in Scalar]: (typeof SCALARS)[K] extends { size: number } ? K : never }[Scalar]

/** SCALARS[kind] for a kind read from a table (a string). */
export function scalarDef(kind: string): ScalarDef | undefined {
  return Object.hasOwn(SCALARS, kind) ? (SCALARS as Record<string, ScalarDef>)[kind] : undefined
}
