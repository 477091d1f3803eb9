// Errors of the API layer itself: options it refuses before anything reaches the kernel.
import { NlwireError } from '../errors.js'

export interface ApiErrorInit {
  /** The call: 'link.set'. */
  operation?: string
  /** What it was about: 'v0'. */
  object?: string
  /** The option at fault, as users write it: 'mtu', 'peer.address', 'nexthops[1].weight'. */
  option?: string
  /** Its value as given. */
  value?: unknown
  /** The error this one explains (a codec's NetlinkEncodeError). */
  cause?: unknown
}

/** A value the caller passed cannot be used (bad address text, unknown option, missing option). */
export class ApiError extends NlwireError {
  override name = 'ApiError'
  readonly code = 'EINVAL'
  readonly operation: string | undefined
  readonly object: string | undefined
  readonly option: string | undefined
  readonly value: unknown

  constructor(message: string, init: ApiErrorInit = {}) {
    super(message, init.cause !== undefined ? { cause: init.cause } : undefined)
    this.operation = init.operation
    this.object = init.object
    this.option = init.option
    this.value = init.value
  }
}

/** The named object does not exist (resolved before sending the real request). */
export class NotFoundError extends NlwireError {
  override name = 'NotFoundError'
  readonly code = 'ENOENT'
}
