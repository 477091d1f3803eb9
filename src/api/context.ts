// What every part of the API shares: the client, name → ifindex lookups done the way iproute2
// does them (an RTM_GETLINK by name per command), and namespace references turned into the fds
// the kernel wants, opened in the process that owns the socket.
import type { LinkBody, LinkMessage, Message } from '../../codecs/index.js'
import type { Client, RequestOptions } from '../client/client.js'
import { netnsPath, validateNetnsName } from '../netns.js'
import { ApiError } from './errors.js'
import { getLinkByName } from './link-requests.js'
import type { LinkRef, NetnsHandle, NetnsRef } from './refs.js'

export type { LinkRef, NetnsHandle, NetnsRef } from './refs.js'

export class ApiContext {
  constructor(readonly client: Client) {}

  request(msg: Message, opts: RequestOptions): Promise<Message[]> {
    return this.client.request(msg, opts)
  }

  dump(msg: Message, opts: RequestOptions): Promise<Message[]> {
    return this.client.dump(msg, opts)
  }

  /**
   * Whether the kernel applies the filters of a dump request on this socket
   * (NETLINK_GET_STRICT_CHK, Transport.strictChecking). Where it does not, each list() filters
   * the dump itself, so the answer is the same either way (list-filters.ts).
   */
  get kernelFilters(): boolean {
    return this.client.transport.strictChecking === true
  }

  /**
   * The link as the kernel describes it (RTM_GETLINK by name, as `ip link set NAME` starts), or
   * just its index when given one. Errors name `operation` and the link.
   */
  async link(ref: LinkRef, operation: string): Promise<{ index: number; body?: LinkBody; name: string }> {
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref <= 0) throw new ApiError(`${operation}: ifindex ${ref} is not a positive integer`)
      return { index: ref, name: String(ref) }
    }
    validateLinkName(ref, operation)
    const [reply] = await this.client.request(getLinkByName(ref), { operation, object: ref, details: { lookup: true } })
    const body = (reply as LinkMessage | undefined)?.body
    if (body === undefined || body instanceof Uint8Array) throw new ApiError(`${operation} ${ref}: the kernel's answer to the lookup was not a link`)
    return { index: body.ifiIndex, body, name: ref }
  }

  /** ifindex of a link reference. */
  async index(ref: LinkRef, operation: string): Promise<number> {
    return (await this.link(ref, operation)).index
  }

  /** Open a namespace reference where the socket lives (fds are per process). */
  async netns(ref: NetnsRef, operation: string): Promise<NetnsHandle> {
    if (typeof ref === 'object' && 'pid' in ref) {
      if (!Number.isInteger(ref.pid) || ref.pid <= 0) throw new ApiError(`${operation}: pid ${ref.pid} is not a process id`)
      return { pid: ref.pid, release: async () => {} }
    }
    if (typeof ref === 'object' && 'fd' in ref) {
      if (!Number.isInteger(ref.fd) || ref.fd < 0) throw new ApiError(`${operation}: fd ${ref.fd} is not a file descriptor`)
      return { fd: ref.fd, release: async () => {} }
    }
    let path: string
    if (typeof ref === 'string' || 'name' in ref) {
      const name = typeof ref === 'string' ? ref : ref.name
      validateNetnsName(name, operation)
      path = netnsPath(name)
    } else path = ref.path
    const transport = this.client.transport
    let fd: number
    try {
      fd = await transport.openNetnsFd(path)
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code
      const why = code === 'ENOENT' ? 'no such network namespace (see `ip netns list`)' : (e as Error).message
      throw new ApiError(`${operation}: cannot open network namespace ${path}: ${why}`)
    }
    return { fd, release: () => transport.closeFd(fd) }
  }
}

const IFNAMSIZ = 16
const BAD_NAME_CHAR = /[/:\s]/

/** Interface names the kernel accepts (dev_valid_name): 1..15 bytes, no '/', ':' or whitespace, not '.' or '..'. */
export function validateLinkName(name: unknown, operation: string): asserts name is string {
  if (typeof name !== 'string' || name === '') throw new ApiError(`${operation}: a link name must be a non-empty string`)
  // UTF-8 length (lone surrogates count as U+FFFD's 3 bytes, as TextEncoder writes them).
  if (name.length * 3 >= IFNAMSIZ && Buffer.byteLength(name, 'utf8') >= IFNAMSIZ) throw new ApiError(`${operation}: link name '${name}' is longer than 15 bytes (IFNAMSIZ)`)
  if (name === '.' || name === '..' || BAD_NAME_CHAR.test(name)) throw new ApiError(`${operation}: link name '${name}' may not be '.', '..' or contain '/', ':' or whitespace`)
}
