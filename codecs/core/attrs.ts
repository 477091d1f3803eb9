// The attribute engine, as codecs use it: tables (attr-set.ts), the decoder (attr-decode.ts) and
// the encoder (attr-encode.ts). Code generation for the hot paths is compile.ts, driven by the
// same tables; scalar kinds are defined once in scalars.ts.
export * from './attr-set.js'
export { decodeAttrs, decodeHeaderAndAttrs } from './attr-decode.js'
export { encodeAttrs, encodeAttrsWith, lookupSkipping } from './attr-encode.js'
