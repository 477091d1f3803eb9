// Preloaded (node -r) by tests that need a process where koffi cannot load, as on a platform
// without its prebuilt binary: every require('koffi') fails the way a missing package does.
const Module = require('node:module')
const resolve = Module._resolveFilename
Module._resolveFilename = function (request, ...rest) {
  if (request === 'koffi') {
    const e = new Error("Cannot find module 'koffi' (hidden by test/helpers/no-koffi.cjs)")
    e.code = 'MODULE_NOT_FOUND'
    throw e
  }
  return resolve.call(this, request, ...rest)
}
