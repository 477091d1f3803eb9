// openClient(): a Client on the right transport. In this process's namespace the socket is opened
// directly; for a named namespace (or a namespace file) a relay process owns it there.
import { openDirect } from '../transport/direct.js'
import { openRelay } from '../transport/relay.js'
import type { Transport } from '../transport/types.js'
import { Client, type ClientOptions } from './client.js'

export interface OpenClientOptions extends ClientOptions {
  /** A namespace name (/run/netns/NAME) or a namespace file path; default: this process's. */
  netns?: string
  /** Use this transport instead (a FakeTransport in tests). */
  transport?: Transport
  /** SO_RCVBUF to ask for (capped by net.core.rmem_max). */
  recvBufferSize?: number
}

export async function openClient(opts: OpenClientOptions = {}): Promise<Client> {
  let transport = opts.transport
  if (transport === undefined) {
    const sizes = opts.recvBufferSize !== undefined ? { recvBufferSize: opts.recvBufferSize } : {}
    transport = opts.netns !== undefined ? await openRelay({ netns: opts.netns, ...sizes }) : openDirect(sizes)
  }
  return new Client(transport, opts)
}
