// @stdlib/buffer ships no exports map and its types pull in Node's Buffer; the codec layer only
// needs byte arrays, so we declare the one entry point we load: the constructor's Node entry,
// which is Node's own Buffer.
declare module '@stdlib/buffer/ctor/lib/main.js' {
  interface ByteBufferCtor {
    alloc(size: number): Uint8Array
    allocUnsafe(size: number): Uint8Array
    from(buffer: ArrayBuffer, byteOffset: number, length: number): Uint8Array
  }
  const ctor: ByteBufferCtor
  export default ctor
}
