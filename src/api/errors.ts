// Errors of the API layer itself: options it refuses before anything reaches the kernel.
import { NlwireError } from '../errors.js'

/** A value the caller passed cannot be used (bad address text, unknown link, missing option). */
export class ApiError extends NlwireError {
  override name = 'ApiError'
  readonly code = 'EINVAL'
}

/** The named object does not exist (resolved before sending the real request). */
export class NotFoundError extends NlwireError {
  override name = 'NotFoundError'
  readonly code = 'ENOENT'
}
