// openClient(): a Client on the right transport. In this process's namespace the socket is opened
// directly. For a named namespace (or a namespace file) this thread enters it, opens the socket
// and comes back (setns, through koffi); where koffi is not available, a relay process owns the
// socket there (netns.mechanism() says which, and why).
import { openDirect, openInNetns } from '../transport/direct.js'
import { openRelay } from '../transport/relay.js'
import { sys } from '../transport/sys.js'
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
    if (opts.netns === undefined) transport = openDirect(sizes)
    else if (sys() !== undefined) transport = openInNetns(opts.netns, sizes)
    else transport = await openRelay({ netns: opts.netns, ...sizes })
  }
  return new Client(transport, opts)
}
