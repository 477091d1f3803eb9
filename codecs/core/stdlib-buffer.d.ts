// @stdlib/buffer ships no exports map and its types pull in Node's Buffer; the codec layer only
// needs byte arrays, so we declare the one entry point we load (the Buffer constructor: Node's own
// Buffer under Node, a Uint8Array-based polyfill in a browser).
declare module '@stdlib/buffer/ctor/lib/index.js' {
  interface ByteBufferCtor {
    alloc(size: number): Uint8Array
    allocUnsafe(size: number): Uint8Array
  }
  const ctor: ByteBufferCtor
  export default ctor
}
