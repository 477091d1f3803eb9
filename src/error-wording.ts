// The sentence after "link.add veth01: EEXIST (File exists): ...". The API layer defines wording
// per operation ("a link named veth01 already exists"), followed by the kernel's own extended-ack
// text when it sent one; what the API leaves out is the kernel's text alone, and only where the
// kernel says nothing, a generic sentence for the errnos people meet most. A sentence never
// asserts what the process can check is false (EPERM: its capabilities are read, not guessed).
import type { Message } from '../codecs/core/nlmsg.js'
import { CAP_NET_ADMIN, hasCapability } from './caps.js'

export interface ErrorContext {
  /** Positive errno. */
  errno: number
  /** 'EEXIST' */
  code: string
  operation: string | undefined
  object: string | undefined
  /** Facts the API layer knew when it sent the request (e.g. { minMtu, maxMtu, netnsImmutable }). */
  details: Readonly<Record<string, unknown>>
  request: Message | undefined
  /** NLMSGERR_ATTR_MSG, when the kernel sent one. */
  kernelMessage: string | undefined
  /** NLMSGERR_ATTR_POLICY in words ("the kernel's policy: u32, 321..4294967295"), when sent. */
  kernelPolicy?: string | undefined
  /** The offending attribute, when the kernel pointed at one. */
  attrPath: string[] | undefined
}

/** A fixed sentence, or one built from the context (undefined: fall through to the next rule). */
export type Wording = string | ((ctx: ErrorContext) => string | undefined)

const byOperation = new Map<string, Readonly<Record<string, Wording>>>()

/**
 * Give the sentences for one operation, keyed by errno name:
 * `defineErrorWording('link.add', { EEXIST: (c) => \`a link named ${c.object} already exists\` })`.
 * A later call for the same operation adds to (and overrides) the earlier one.
 */
export function defineErrorWording(operation: string, table: Readonly<Record<string, Wording>>): void {
  byOperation.set(operation, { ...byOperation.get(operation), ...table })
}

/**
 * EPERM / EACCES: the capability sentence only when the process really lacks CAP_NET_ADMIN (read
 * from /proc/self/status); a process that has it was refused for another reason, and is not told
 * to become root.
 */
function permission(what: string): (c: ErrorContext) => string {
  return () => {
    const has = hasCapability(CAP_NET_ADMIN)
    if (has === false) {
      // Root without the capability (a container, a dropped bounding set) is not told to become root.
      const how = process.getuid?.() === 0 ? 'it runs as root, but without the capability: grant it to the process' : 'run as root, or grant the capability'
      return `${what}: changing network configuration needs CAP_NET_ADMIN, which this process does not have (${how})`
    }
    if (has === true) return `${what}: this process has CAP_NET_ADMIN, so the kernel refuses this request itself (the object or value is not one it allows to change this way)`
    return `${what}: changing network configuration needs CAP_NET_ADMIN (this process's capabilities could not be read)`
  }
}

const GENERIC: Readonly<Record<string, Wording>> = {
  EPERM: permission('operation not permitted'),
  EACCES: permission('permission denied'),
  ENODEV: (c) => (c.object ? `there is no network device ${c.object}` : 'the network device does not exist'),
  EEXIST: (c) => (c.object ? `${c.object} already exists` : 'the object already exists'),
  EINVAL: 'the kernel rejected a value in the request as invalid',
  EOPNOTSUPP: 'the kernel does not support this here (a module that is not loaded, or a device type without this feature)',
  ENOTSUPP: 'the kernel does not support this here (a module that is not loaded, or a device type without this feature)',
  EBUSY: (c) => (c.object ? `${c.object} is busy: something else is using it` : 'the device or resource is busy'),
  ENOENT: (c) => (c.object ? `${c.object} was not found` : 'the object was not found'),
  ERANGE: 'a value in the request is outside the range the kernel accepts',
}

function apply(w: Wording | undefined, ctx: ErrorContext): string | undefined {
  if (w === undefined) return undefined
  return typeof w === 'string' ? w : w(ctx)
}

/**
 * The operation's own wording (with the kernel's message after it, if any); else the kernel's
 * message; else the generic sentence for the errno; else undefined.
 */
export function errorSentence(ctx: ErrorContext): string | undefined {
  const said = ctx.kernelMessage?.trim().replace(/\.$/, '')
  const kernel = said && ctx.kernelPolicy ? `${said} (${ctx.kernelPolicy})` : said
  const own = ctx.operation !== undefined ? apply(byOperation.get(ctx.operation)?.[ctx.code], ctx) : undefined
  if (own !== undefined) return kernel ? `${own} (kernel: ${kernel})` : own
  if (kernel) return `kernel: ${kernel}`
  return apply(GENERIC[ctx.code], ctx)
}
