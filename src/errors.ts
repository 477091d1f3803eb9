// The errors nlwire throws. Each one says what was being done, to what, and what went wrong, in
// one line a person can act on; the fields carry the same facts for programs.
//
//   NetlinkError                 the kernel refused a request (NLMSG_ERROR / NLMSG_DONE errno)
//   NetlinkTimeoutError          no answer within the request's timeout
//   NetlinkDumpInterruptedError  a dump kept being interrupted (NLM_F_DUMP_INTR) and retries ran out
//   NetlinkSocketError           the socket itself failed: ENOBUFS (notifications lost), poll errors
//   NetlinkOverrunError          a notification queue in this process overflowed (code ENOBUFS too)
//   NetlinkClosedError           the client was closed while the request was pending
//   RelayError                   the relay process for a namespace failed or exited
//   NetnsError                   netns.add/del/... refused a name or failed on the file system
import type { ExtAck } from '../codecs/core/nlmsgerr.js'
import type { Message } from '../codecs/core/nlmsg.js'
import { errnoLabel, errnoName } from './errno.js'
import { type ErrorContext, errorSentence } from './error-wording.js'
import { type ErrorDetailOptions, formatErrorDetail } from './error-detail.js'
import { type ExtAckInfo, describePolicy, extAckInfo } from './extack.js'
import { messageName as messageTypeName } from '../codecs/core/nlmsg.js'
import { RTM_BASE, RTNL_KIND_GET, rtnlMsgtypeKind } from '../codecs/rtnetlink.js'

/** Base class: `err instanceof NlwireError` catches everything this library throws on purpose. */
export class NlwireError extends Error {
  override name = 'NlwireError'
}

export { type AttributeNamer, type ExtAckInfo, type PolicyInfo, describePolicy, setAttributeNamer } from './extack.js'

export interface NetlinkErrorInit {
  /** The errno, either sign (the kernel sends it negative). */
  errno: number
  /** What the caller was doing: 'link.add'. */
  operation?: string
  /** What it was done to: 'veth01'. */
  object?: string
  /** Facts the API knew about the object, for the wording (see ErrorContext.details). */
  details?: Readonly<Record<string, unknown>>
  /** The request as sent (decoded), and its bytes, to locate the offending attribute. */
  request?: Message
  requestBytes?: Uint8Array
  /** The extended ack TLVs from the NLMSG_ERROR / NLMSG_DONE body. */
  extack?: ExtAck
}

/** The kernel answered a request with an errno. */
export class NetlinkError extends NlwireError {
  override name = 'NetlinkError'
  /** Positive errno: 17. */
  readonly errno: number
  /** Its name: 'EEXIST'. */
  readonly code: string
  readonly operation: string | undefined
  readonly object: string | undefined
  /** The request the kernel refused, decoded. */
  readonly request: Message | undefined
  readonly extack: ExtAckInfo | undefined

  constructor(init: NetlinkErrorInit) {
    const errno = Math.abs(init.errno)
    const extack = extAckInfo(init.extack, init.requestBytes)
    const ctx: ErrorContext = {
      errno,
      code: errnoName(errno),
      operation: init.operation,
      object: init.object,
      details: init.details ?? {},
      request: init.request,
      kernelMessage: extack?.msg,
      kernelPolicy: extack?.policy !== undefined ? describePolicy(extack.policy) : undefined,
      attrPath: extack?.attrPath,
    }
    super(formatNetlinkError(ctx))
    this.errno = errno
    this.code = ctx.code
    this.operation = init.operation
    this.object = init.object
    this.request = init.request
    this.extack = extack
  }

  /** The message, then every byte of the refused request named, the blamed attribute marked. */
  detail(opts?: ErrorDetailOptions): string {
    return formatErrorDetail(this, opts)
  }
}

/** "link.add veth01: EEXIST (File exists): a link named veth01 already exists [at IFLA_IFNAME]" */
export function formatNetlinkError(ctx: ErrorContext): string {
  const head = subject(ctx.operation, ctx.object, ctx.request)
  let text = `${head}: ${errnoLabel(ctx.errno)}`
  const sentence = errorSentence(ctx)
  if (sentence !== undefined) text += `: ${sentence}`
  if (ctx.attrPath !== undefined && ctx.attrPath.length > 0) text += ` [attribute ${ctx.attrPath.join(' > ')}]`
  return text
}

function subject(operation: string | undefined, object: string | undefined, request: Message | undefined): string {
  const what = operation ?? (request !== undefined ? messageTypeName(request.type) : 'netlink request')
  return object !== undefined && object !== '' ? `${what} ${object}` : what
}

export interface RequestDescription {
  operation?: string
  object?: string
  request?: Message
}

/**
 * Does this rtnetlink message type change state (RTM_NEW*, RTM_DEL*, RTM_SET*) rather than read
 * it (RTM_GET*)? The kernel's rtnl_msgtype_kind().
 */
export function changesState(type: number): boolean {
  return type >= RTM_BASE && rtnlMsgtypeKind(type) !== RTNL_KIND_GET
}

/**
 * No answer arrived within the request's timeout. That is not a refusal: a request that was sent
 * is in the kernel's hands (or a relay's, which may only be stopped and resume), and a change may
 * still be made after the timeout — `mayHaveTakenEffect` says so, and so does the message.
 */
export class NetlinkTimeoutError extends NlwireError {
  override name = 'NetlinkTimeoutError'
  readonly code = 'ETIMEDOUT'
  readonly timeout: number
  readonly operation: string | undefined
  readonly object: string | undefined
  readonly request: Message | undefined
  /** The request was handed to the socket (false: it was still queued behind others, and was dropped). */
  readonly sent: boolean
  /** It was sent and changes state: the kernel may carry it out after this error. */
  readonly mayHaveTakenEffect: boolean

  constructor(timeout: number, desc: RequestDescription & { sent?: boolean }) {
    const seq = desc.request !== undefined ? ` (${messageTypeName(desc.request.type)} seq ${desc.request.seq})` : ''
    const sent = desc.sent ?? true
    const change = desc.request !== undefined && changesState(desc.request.type)
    let after = ''
    if (!sent) after = '; it was still queued behind other requests and was never sent'
    else if (change) after = '; it was sent, and the kernel may still carry it out (a timeout does not undo it): read the state back before trying again'
    super(`${subject(desc.operation, desc.object, desc.request)}: no answer from the kernel within ${timeout} ms${seq}${after}`)
    this.timeout = timeout
    this.operation = desc.operation
    this.object = desc.object
    this.request = desc.request
    this.sent = sent
    this.mayHaveTakenEffect = sent && change
  }
}

/** A dump was interrupted by concurrent changes (NLM_F_DUMP_INTR) on every attempt. */
export class NetlinkDumpInterruptedError extends NlwireError {
  override name = 'NetlinkDumpInterruptedError'
  readonly code = 'EINTR'
  readonly attempts: number
  readonly operation: string | undefined
  readonly request: Message | undefined

  constructor(attempts: number, desc: RequestDescription) {
    const read = desc.request === undefined || !changesState(desc.request.type)
    super(
      `${subject(desc.operation, desc.object, desc.request)}: the dump was interrupted by concurrent changes ` +
        (read
          ? `(NLM_F_DUMP_INTR) on all ${attempts} attempts; its result would be inconsistent, so nlwire gave up`
          : `(NLM_F_DUMP_INTR); ${messageTypeName(desc.request!.type)} is not a read, so nlwire did not send it again`),
    )
    this.attempts = attempts
    this.operation = desc.operation
    this.request = desc.request
  }
}

const SOCKET_HINTS: Readonly<Record<string, string>> = {
  ENOBUFS:
    'the socket receive buffer overflowed and the kernel dropped messages (notifications were lost); ' +
    're-read the state with a dump and subscribe again',
}

/** The netlink socket reported an error of its own (not an answer to a request). */
export class NetlinkSocketError extends NlwireError {
  override name = 'NetlinkSocketError'
  readonly errno: number
  readonly code: string
  /** The system call that failed: 'recvmsg', 'sendmsg', 'setsockopt'... */
  readonly syscall: string | undefined

  constructor(errno: number, syscall: string | undefined, detail?: string) {
    const n = Math.abs(errno)
    const code = errnoName(n)
    const hint = detail ?? SOCKET_HINTS[code]
    super(`netlink socket${syscall ? ` ${syscall}` : ''}: ${errnoLabel(n)}${hint ? `: ${hint}` : ''}`)
    this.errno = n
    this.code = code
    this.syscall = syscall
  }
}

/** A notification queue in this process filled up: the consumer did not keep up. */
export class NetlinkOverrunError extends NetlinkSocketError {
  override name = 'NetlinkOverrunError'
  readonly queueSize: number

  constructor(queueSize: number) {
    super(
      105,
      undefined,
      `the notification queue is full (${queueSize} messages unread); later notifications were dropped. ` +
        'Read faster or raise queueSize, then re-read the state with a dump',
    )
    this.queueSize = queueSize
  }
}

/**
 * A notification socket's receive buffer overflowed and the kernel dropped notifications. nlwire's
 * own notification sockets set NETLINK_NO_ENOBUFS (so the overrun cannot take the process down
 * through the `netlink` package's EPOLLERR abort) and read the socket's drop counter (SO_MEMINFO
 * SK_MEMINFO_DROPS) after each burst and on a timer: `dropped` is how many were lost.
 */
export class NetlinkDroppedError extends NetlinkSocketError {
  override name = 'NetlinkDroppedError'
  readonly dropped: number

  constructor(dropped: number) {
    super(
      105,
      'recvmsg',
      `the receive buffer overflowed and the kernel dropped ${dropped} notification${dropped === 1 ? '' : 's'} ` +
        '(SO_MEMINFO drops); re-read the state with a dump',
    )
    this.dropped = dropped
  }
}

/** The client was closed while this request or subscription was still waiting. */
export class NetlinkClosedError extends NlwireError {
  override name = 'NetlinkClosedError'
  readonly code = 'ECLOSED'

  constructor(what: string) {
    super(`${what}: the netlink client was closed`)
  }
}

export interface RelayErrorInit {
  netns: string
  reason: string
  exitCode?: number | null
  signal?: string | null
  stderr?: string
}

/** The relay process that owns a socket inside a named namespace failed, or exited. */
export class RelayError extends NlwireError {
  override name = 'RelayError'
  readonly code = 'ERELAY'
  readonly netns: string
  readonly exitCode: number | null
  readonly signal: string | null
  readonly stderr: string

  constructor(init: RelayErrorInit) {
    const how = init.signal ? ` (killed by ${init.signal})` : init.exitCode != null ? ` (exit code ${init.exitCode})` : ''
    const err = init.stderr?.trim() ? `: ${init.stderr.trim().split('\n').slice(-3).join(' | ')}` : ''
    super(`relay for netns ${init.netns}: ${init.reason}${how}${err}`)
    this.netns = init.netns
    this.exitCode = init.exitCode ?? null
    this.signal = init.signal ?? null
    this.stderr = init.stderr ?? ''
  }
}

/** netns.add/del/path refused a name, or the file system operation failed. */
export class NetnsError extends NlwireError {
  override name = 'NetnsError'
  /** 'EINVAL' for a bad name, 'EEXIST', 'ENOENT', or the errno of the failed step. */
  readonly code: string
  readonly netns: string
  /** 'netns.add', 'open' ... */
  readonly operation: string
  /** The namespace (as `netns`). */
  readonly object: string

  constructor(operation: string, netns: string, code: string, reason: string) {
    super(`${operation} ${JSON.stringify(netns)}: ${code}: ${reason}`)
    this.code = code
    this.netns = netns
    this.operation = operation
    this.object = netns
  }
}

