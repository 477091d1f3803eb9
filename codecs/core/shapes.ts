// Shapes: kernel messages of one kind list the same attributes in the same order (a dump of 1000
// veths: 1000 times the same sequence). A sequence seen twice gets a generated builder
// (compile.ts, compileShape) that reads it straight through and allocates the value as one
// object literal with every key in place, instead of growing an object key by key. Each attribute
// set, and each message body (header + set), keeps a few learned sequences here.
import { HOST_LE } from './bytes.js'
import type { ShapeBuilder } from './compile.js'
import type { Decoder } from './decoder.js'

const MAX_SHAPES = 8
/** With every slot taken, misses before the least used shape makes room for a new one. */
const EVICT_AFTER = 256
/** struct nlattr */
const NLA_HDRLEN = 4

interface Shape {
  /** Attribute type words in wire order, flags included. */
  types: Int32Array
  build: ShapeBuilder
  hits: number
}

/** Learned attribute sequences of one set, or of one message body (header + set). */
export class ShapeCache {
  readonly shapes: Shape[] = []
  /** A canonical sequence seen once: built when seen again. */
  candidate: Int32Array | null = null
  misses = 0
  last = 0

  /**
   * Note the sequence of type words in [start, end) (already decoded, so well formed, and
   * canonical); when it is the one noted last time, build it (null: cannot be built).
   */
  learn(d: Decoder, start: number, end: number, build: (types: number[]) => ShapeBuilder | null): void {
    const shapes = this.shapes
    if (shapes.length >= MAX_SHAPES) {
      if (++this.misses < EVICT_AFTER) return
      let least = 0
      for (let q = 1; q < shapes.length; q++) if (shapes[q]!.hits < shapes[least]!.hits) least = q
      shapes.splice(least, 1)
      for (const sh of shapes) sh.hits = 0
      this.misses = 0
    }
    const dv = d.dv
    let count = 0
    for (let o = start; o < end; o += (dv.getUint16(o, HOST_LE) + 3) & ~3) count++
    const types = new Int32Array(count)
    for (let o = start, k = 0; o < end; o += (dv.getUint16(o, HOST_LE) + 3) & ~3) types[k++] = dv.getUint16(o + 2, HOST_LE)
    const cand = this.candidate
    if (cand === null || cand.length !== count || !cand.every((t, k) => t === types[k])) {
      this.candidate = types
      return
    }
    this.candidate = null
    const b = build(Array.from(types))
    if (b !== null) shapes.push({ types, build: b, hits: 0 })
  }
}

/**
 * The value decoded by a learned sequence's builder, or null if [start, end) holds none of them.
 * The last one used is tried straight away (its builder checks the sequence as it goes); others
 * only after a scan of the headers says they fit.
 */
export function decodeByShape<T>(d: Decoder, cache: ShapeCache, start: number, end: number, hs: number): T | null {
  const shapes = cache.shapes
  const n = shapes.length
  if (n === 0) return null
  const first = cache.last < n ? cache.last : 0
  const sh = shapes[first]!
  let out = sh.build(d, start, end, hs)
  if (out !== null) {
    sh.hits++
    return out as T
  }
  for (let q = 0; q < n; q++) {
    if (q === first) continue
    const other = shapes[q]!
    if (!holdsExactly(d, start, end, other.types)) continue
    out = other.build(d, start, end, hs)
    if (out !== null) {
      cache.last = q
      other.hits++
      return out as T
    }
  }
  return null
}

/** [start, end) holds attributes of exactly these type words, each inside it, padding exact. */
function holdsExactly(d: Decoder, start: number, end: number, types: Int32Array): boolean {
  const dv = d.dv
  let o = start
  for (let k = 0; k < types.length; k++) {
    if (end - o < NLA_HDRLEN) return false
    const len = dv.getUint16(o, HOST_LE)
    if (len < NLA_HDRLEN || o + len > end || dv.getUint16(o + 2, HOST_LE) !== types[k]) return false
    o += (len + 3) & ~3
  }
  return o === end
}
