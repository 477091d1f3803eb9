// The error contract at every API entry point: the call's options are checked first (validate.ts),
// and whatever the call throws leaves it as an NlwireError that names the operation and the
// object — an encoder's NetlinkEncodeError becomes an ApiError with it as the cause, and an error
// raised below the API (a relay that died, a refused name) gets the call and object put in front.
// Installed on each API object by Netlink's constructor, so the entry points themselves stay as
// they are.
import { NetlinkEncodeError } from '../../codecs/core/errors.js'
import { NlwireError } from '../errors.js'
import { ApiError } from './errors.js'
import { CALLS, Check } from './validate.js'

/** What an error says about where it came from. */
interface Placed {
  operation?: unknown
  object?: unknown
}

function head(operation: string, object: string | undefined): string {
  return object !== undefined && object !== '' ? `${operation} ${object}` : operation
}

/**
 * The error as the caller of `operation` sees it. An NlwireError that already names the call is
 * returned as it is; one raised below the API (same class, same fields) is copied with the call
 * and object in front of its message — a copy, so an error shared by many pending requests (a
 * relay's death) is not changed under the others.
 */
export function placeError(e: unknown, operation: string, object: string | undefined): unknown {
  if (e instanceof NetlinkEncodeError) {
    return new ApiError(`${head(operation, object)}: ${e.message}`, { operation, object, option: e.path.join(' > '), cause: e })
  }
  if (!(e instanceof NlwireError)) return e
  const p = e as Placed
  if (typeof p.operation === 'string' && p.operation !== '') return e
  const named = e.message.startsWith(`${operation}:`) || e.message.startsWith(`${operation} `)
  return copyWith(e, { operation, object: typeof p.object === 'string' ? p.object : object, message: named ? e.message : `${head(operation, object)}: ${e.message}` })
}

function copyWith(e: NlwireError, f: { operation: string; object: string | undefined; message: string }): NlwireError {
  const copy = Object.create(Object.getPrototypeOf(e) as object) as NlwireError
  Object.assign(copy, e)
  const hidden = (k: string, value: unknown): void => void Object.defineProperty(copy, k, { value, writable: true, configurable: true, enumerable: false })
  const stack = e.stack ?? ''
  hidden('message', f.message)
  hidden('stack', `${e.name}: ${f.message}${stack.includes('\n') ? stack.slice(stack.indexOf('\n')) : ''}`)
  if (f.message !== e.message) hidden('cause', e)
  Object.defineProperty(copy, 'operation', { value: f.operation, enumerable: true, configurable: true })
  Object.defineProperty(copy, 'object', { value: f.object, enumerable: true, configurable: true })
  return copy
}

/** Run a call's checks (validate.ts CALLS[operation]). */
export function checkCall(operation: string, args: unknown[]): string | undefined {
  const spec = CALLS[operation]
  if (spec === undefined) return undefined
  let object: string | undefined
  try {
    object = spec.object(args)
  } catch {
    object = undefined
  }
  spec.check(new Check({ operation, object }), args)
  return object
}

/** [operation, method name] of the CALLS under `prefix.`, worked out once per prefix (open() guards an API per handle). */
const callsByPrefix = new Map<string, readonly (readonly [string, string])[]>()
function callsUnder(prefix: string): readonly (readonly [string, string])[] {
  let calls = callsByPrefix.get(prefix)
  if (calls === undefined) {
    calls = Object.keys(CALLS)
      .filter((k) => k.startsWith(`${prefix}.`))
      .map((op) => [op, op.slice(prefix.length + 1)] as const)
    callsByPrefix.set(prefix, calls)
  }
  return calls
}

/**
 * Wrap every method of `api` named in CALLS under `prefix.` (link → link.add, link.set ...).
 * `place: false`: check the options only (errors that already name their command, like OVS's).
 */
export function guardApi<T extends object>(api: T, prefix: string, opts: { place?: boolean } = {}): T {
  const place = opts.place ?? true
  for (const [op, name] of callsUnder(prefix)) {
    const orig = (api as Record<string, unknown>)[name]
    if (typeof orig !== 'function') continue
    const fn = orig as (...args: unknown[]) => Promise<unknown>
    Object.defineProperty(api, name, {
      configurable: true,
      writable: true,
      value: async function guarded(this: unknown, ...args: unknown[]): Promise<unknown> {
        const object = checkCall(op, args)
        if (!place) return fn.apply(api, args)
        try {
          return await fn.apply(api, args)
        } catch (e) {
          throw placeError(e, op, object)
        }
      },
    })
  }
  return api
}
