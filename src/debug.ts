// DEBUG=nlwire:* tracing, with the `debug` package. One line per netlink message:
//
//   nlwire:send [direct] → RTM_GETLINK flags=0x0301 REQUEST|DUMP seq=1 pid=0 len=32 | ifiIndex=0
//   nlwire:recv [direct] ← NLMSG_ERROR flags=0x0100 CAPPED seq=1 pid=1234 len=36 | ENODEV (No such device) for RTM_GETLINK seq 1
//
// Namespaces: nlwire:send, nlwire:recv (messages), nlwire:client (requests, retries, timeouts),
// nlwire:relay (relay processes), nlwire:netns (which path namespaces take: setns in this process
// or relay processes, and why; sockets made in namespaces). The text after '|' comes from a
// pluggable summary function; the codecs' formatter can install a richer one with
// setMessageSummary().
//
// `debug` is loaded only when DEBUG is set (or enableDebug() is called): importing nlwire must not
// pay for it otherwise.
import { createRequire } from 'node:module'

export interface Logger {
  (format: string, ...args: unknown[]): void
  readonly enabled: boolean
}

interface DebugFactory {
  (ns: string): { (format: string, ...args: unknown[]): void; enabled: boolean }
  enable(namespaces: string): void
}

let factory: DebugFactory | undefined
const instances = new Map<string, ReturnType<DebugFactory>>()

function load(): DebugFactory {
  if (factory === undefined) {
    const require = createRequire(import.meta.url)
    factory = require('debug') as DebugFactory
    // The ip-monitor-style summaries need the formatter: loaded only once tracing is on (it is
    // the biggest module behind nlwire's start-up otherwise). Until it arrives, a line or two
    // use the default summary.
    void import('./debug-format.js').catch(() => {})
  }
  return factory
}

/**
 * DEBUG as it was when nlwire was loaded (the `debug` package, too, reads it once, when it loads).
 * Read once because the loggers' `enabled` is checked for every message sent and received, and
 * process.env is a slow lookup. Tracing switched on later goes through enableDebug().
 */
const debugEnv = process.env.DEBUG

function instance(ns: string): ReturnType<DebugFactory> | undefined {
  if (factory === undefined) {
    if (!debugEnv) return undefined
    load()
  }
  let d = instances.get(ns)
  if (d === undefined) {
    d = factory!(ns)
    instances.set(ns, d)
  }
  return d
}

function makeLogger(ns: string): Logger {
  const fn = (format: string, ...args: unknown[]) => {
    const d = instance(ns)
    if (d?.enabled) d(format, ...args)
  }
  Object.defineProperty(fn, 'enabled', { get: () => instance(ns)?.enabled ?? false })
  return fn as Logger
}

export const sendLog = makeLogger('nlwire:send')
export const recvLog = makeLogger('nlwire:recv')
export const clientLog = makeLogger('nlwire:client')
export const relayLog = makeLogger('nlwire:relay')
export const netnsLog = makeLogger('nlwire:netns')

/** Turn tracing on from code, as DEBUG=... would: enableDebug('nlwire:*'). */
export function enableDebug(namespaces: string): void {
  load().enable(namespaces)
}

export { type MessageSummary, defaultSummary, describeMessage, setMessageSummary } from './debug-summary.js'
