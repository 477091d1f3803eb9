// Fixed-layout C structs (ifinfomsg, rtnl_link_stats64, ifa_cacheinfo ...), declared field by
// field with explicit padding, never relying on implicit C alignment.
//
// Structs the kernel grows over time (stats, cacheinfo) are `growable`: a shorter payload from an
// older kernel decodes the fields it holds, a longer one from a newer kernel keeps the extra bytes
// in `tail`, and both re-encode byte for byte.
import { HOST_LE } from './bytes.js'
import type { ValueCodec } from './attr-set.js'
import {
  type ArrayReader,
  type StructReader,
  type StructWriter,
  compileArrayReader,
  compileStructReader,
  compileStructWriter,
} from './compile.js'
import type { Decoder } from './decoder.js'
import type { TraceNode } from './trace.js'
import { type FixedScalar, SCALARS, type ScalarDef, SMALL_BIG } from './scalars.js'
import type { Writer } from './writer.js'

// Offsets of the low and high 32-bit words of a host-order u64.
const LO_WORD = HOST_LE ? 0 : 4
const HI_WORD = HOST_LE ? 4 : 0

/** A field: a scalar kind of a fixed size (scalars.ts), or padding. */
export type FieldKind = Exclude<FixedScalar, 'flag'> | { pad: number }

export interface StructField {
  readonly key: string
  readonly kind: FieldKind
  readonly offset: number
  readonly size: number
  /** How traces show the value (flag or enum names), as an attribute row's options do. */
  readonly spec?: FieldSpec
}

export interface FieldSpec {
  readonly enumNames?: Readonly<Record<number, string>>
  readonly flagNames?: Readonly<Record<number, string>>
}

/** A struct row: [key, kind] or [key, kind, { flagNames | enumNames }]. */
export type StructRow = readonly [string, FieldKind] | readonly [string, FieldKind, FieldSpec]

export interface StructOptions {
  /** Older/newer kernels send fewer/more bytes: decode what is there, keep any tail. */
  growable?: boolean
}

export class StructCodec<T extends object = Record<string, unknown>> implements ValueCodec<T> {
  readonly name: string
  readonly fields: readonly StructField[]
  readonly size: number
  readonly growable: boolean
  readonly describe = 'struct'
  /** The generated whole-struct reader (undefined until first used; null: none, read field by field). */
  private reader: StructReader | null | undefined = undefined
  /** The generated writer (undefined until first used; null: none, write field by field). */
  private writer: StructWriter | null | undefined = undefined

  constructor(name: string, fields: readonly StructRow[], opts: StructOptions = {}) {
    this.name = name
    let off = 0
    const out: StructField[] = []
    for (const [key, kind, spec] of fields) {
      const size = typeof kind === 'object' ? kind.pad : SCALARS[kind].size
      out.push(spec === undefined ? { key, kind, offset: off, size } : { key, kind, offset: off, size, spec })
      off += size
    }
    this.fields = out
    this.size = off
    this.growable = opts.growable ?? false
  }

  /**
   * @internal The generated reader of the whole struct (exactly `size` bytes, no tracer), or null.
   * Shape builders call it directly where the payload has that size.
   */
  exactReader(): StructReader | null {
    let r = this.reader
    if (r === undefined) r = this.reader = compileStructReader(this.name, this.fields as Parameters<typeof compileStructReader>[1])
    return r
  }

  decode(d: Decoder, start: number, end: number): T {
    const n = end - start
    if (n === this.size && d.trace === null) {
      // The usual case: the struct whole, read in one object literal.
      const r = this.reader !== undefined ? this.reader : this.exactReader()
      if (r !== null) return r(d, start) as T
    }
    if (!this.growable && n !== this.size) d.fail(`${this.name}: expected ${this.size} bytes, got ${n}`, start)
    const out: Record<string, unknown> = {}
    let o = start
    for (const f of this.fields) {
      if (o + f.size > end) {
        if (o !== end) d.fail(`${this.name}: ${n} bytes end inside field ${f.key}`, start)
        break
      }
      if (typeof f.kind !== 'object') {
        const v = readField(d, f.kind, o)
        out[f.key] = v
        if (d.trace) traceField(d, f, o, v)
      }
      o += f.size
    }
    if (o < end) {
      out.tail = d.copy(o, end)
      if (d.trace) d.trace.leaf({ name: 'tail', offset: o, length: end - o, value: out.tail })
    }
    return out as T
  }

  /** Decode a fixed header that may be shorter than the struct (legacy rtgenmsg-style dumps). */
  decodePrefix(d: Decoder, start: number, end: number): T {
    const out: Record<string, unknown> = {}
    let o = start
    for (const f of this.fields) {
      if (o + f.size > end) break
      if (typeof f.kind !== 'object') {
        const v = readField(d, f.kind, o)
        out[f.key] = v
        if (d.trace) traceField(d, f, o, v)
      }
      o += f.size
    }
    return out as T
  }

  encode(w: Writer, value: T): void {
    let wr = this.writer
    if (wr === undefined) wr = this.writer = this.compileWriter()
    if (wr !== null) return wr(w, value as Record<string, unknown>)
    const v = value as Record<string, unknown>
    for (const f of this.fields) {
      if (typeof f.kind === 'object') {
        w.zeros(f.size)
        continue
      }
      const x = v[f.key]
      if (x === undefined) {
        if (this.growable) break // a shorter struct from an older kernel
        // Absent fields of a fixed struct are zero, as in C designated initialisers.
        w.zeros(f.size)
        continue
      }
      w.path.push(f.key)
      writeField(w, f.kind, x)
      w.path.pop()
    }
    writeTail(w, v)
  }

  private compileWriter(): StructWriter | null {
    const fields = this.fields
    const slow = (w: Writer, index: number, x: unknown): void => {
      const f = fields[index]!
      w.path.push(f.key)
      writeField(w, f.kind as Exclude<FieldKind, { pad: number }>, x)
      w.path.pop()
    }
    return compileStructWriter(this.name, fields as Parameters<typeof compileStructWriter>[1], this.size, this.growable, slow, writeTail)
  }
}

/** A field's leaf in the annotated tree, with its names table when it has one (how it is spelled). */
function traceField(d: Decoder, f: { key: string; size: number; spec?: TraceNode['spec'] }, o: number, v: unknown): void {
  d.trace!.leaf(f.spec === undefined ? { name: f.key, offset: o, length: f.size, value: v } : { name: f.key, offset: o, length: f.size, value: v, spec: f.spec })
}

function writeTail(w: Writer, v: Record<string, unknown>): void {
  const tail = v.tail
  if (tail instanceof Uint8Array) w.bytes(tail)
}

function readField(d: Decoder, kind: Exclude<FieldKind, { pad: number }>, o: number): unknown {
  return (SCALARS[kind] as ScalarDef).read(d, o, o + SCALARS[kind].size)
}

function writeField(w: Writer, kind: Exclude<FieldKind, { pad: number }>, x: unknown): void {
  const def: ScalarDef = SCALARS[kind]
  def.write(w, x)
}

/** Declare a struct: fields in order, pads as { pad: n }. */
export function defineStruct<T extends object = Record<string, unknown>>(
  name: string,
  fields: readonly StructRow[],
  opts?: StructOptions,
): StructCodec<T> {
  return new StructCodec<T>(name, fields, opts)
}

/** An array of one fixed-size scalar kind filling the payload (IFLA_INET_CONF as the kernel sends it). */
export function arrayOf<K extends 'u32' | 's32' | 'u64'>(kind: K, name: string): ValueCodec<K extends 'u64' ? bigint[] : number[]>
export function arrayOf(kind: 'u32' | 's32' | 'u64', name: string): ValueCodec<(number | bigint)[]> {
  const size = SCALARS[kind].size
  // Generated literal readers by element count (the kernel sends one count per kernel version),
  // at most a few; other counts use the loop.
  const readers = new Map<number, ArrayReader | null>()
  return {
    describe: `${kind}[]`,
    decode(d, start, end) {
      if ((end - start) % size !== 0) d.fail(`${name}: ${end - start} bytes is not a whole number of ${kind}`, start)
      if (d.trace === null) {
        const n = (end - start) / size
        let r = readers.get(n)
        if (r === undefined && readers.size < 4 && n <= 256) readers.set(n, (r = compileArrayReader(kind, n)))
        if (r) return r(d, start)
      }
      const count = (end - start) / size
      const out: (number | bigint)[] = new Array<number | bigint>(count)
      const dv = d.dv
      if (kind === 'u64') {
        const small = SMALL_BIG
        for (let k = 0, o = start; k < count; k++, o += 8) {
          const lo = dv.getUint32(o + LO_WORD, HOST_LE)
          out[k] = lo < small.length && dv.getUint32(o + HI_WORD, HOST_LE) === 0 ? small[lo]! : dv.getBigUint64(o, HOST_LE)
        }
      } else if (kind === 'u32') for (let k = 0, o = start; k < count; k++, o += 4) out[k] = dv.getUint32(o, HOST_LE)
      else for (let k = 0, o = start; k < count; k++, o += 4) out[k] = dv.getInt32(o, HOST_LE)
      return out
    },
    encode(w, v) {
      for (const x of v) writeField(w, kind, x)
    },
  }
}
