// What the client needs from a netlink socket, wherever it lives: in this process (direct), in a
// child process inside another network namespace (relay), or nowhere at all (fake, for tests).
// Transports move whole datagrams; they never look inside them.
import type { NetlinkSocketError, RelayError } from '../errors.js'

/** Who sent a datagram (struct sockaddr_nl of recvmsg). */
export interface Sender {
  /** nl_pid: 0 for the kernel. */
  port: number
  /** nl_groups: non-zero when the datagram was multicast (the group's bit: netlinkGroupMask). */
  groups: number
}

export type TransportError = NetlinkSocketError | RelayError

/**
 * Asked-for SO_RCVBUF. The kernel caps it at net.core.rmem_max (and doubles it for bookkeeping);
 * a big buffer costs nothing until messages queue up, and makes ENOBUFS rare during bursts.
 */
export const DEFAULT_RECV_BUFFER = 4 * 1024 * 1024

export interface MonitorOptions {
  /** SO_RCVBUF for the notification socket. */
  recvBufferSize?: number
}

export interface Transport {
  /** 'direct', 'relay:NAME', 'fake': for traces and messages. */
  readonly name: string
  /** The socket's netlink port id (nl_pid it is bound to). */
  readonly portId: number
  /**
   * NETLINK_GET_STRICT_CHK is set on the socket: the kernel checks dump requests strictly and
   * applies the filters in them (a link's master or kind, a route's table ...), as it does for
   * `ip` and `bridge`. Unset (relay processes, no koffi): the kernel ignores most of those
   * filters, and the API filters the dump itself (src/api/list-filters.ts).
   */
  readonly strictChecking?: boolean
  /**
   * Send the buffers as one datagram (one sendmsg). Several netlink messages may be in it; each
   * buffer must hold whole messages. Resolves once the kernel took it (for netlink that means it
   * has also processed it); rejects with NetlinkSocketError / RelayError.
   */
  send(frames: readonly Uint8Array[]): Promise<void>
  /** Every datagram received, with its sender. One listener; a second call replaces it. */
  onMessage(cb: (buf: Uint8Array, from: Sender) => void): void
  /**
   * Socket-level failures. `fatal` errors mean the transport is gone (relay died, socket closed);
   * others (ENOBUFS) mean messages were lost but the socket still works.
   */
  onError(cb: (err: TransportError, fatal: boolean) => void): void
  /** Join / leave a multicast group (RTNLGRP_*, by number, not mask). */
  addMembership(group: number): Promise<void>
  dropMembership(group: number): Promise<void>
  /**
   * Open a namespace file (/run/netns/NAME, /proc/PID/ns/net) in the process that owns the
   * socket, and return the descriptor number to put in IFLA_NET_NS_FD and similar attributes:
   * the kernel resolves such numbers in the sending process's file table.
   */
  openNetnsFd(path: string): Promise<number>
  closeFd(fd: number): Promise<void>
  /**
   * A second socket in the same namespace, for multicast notifications, owned by a separate
   * process. Optional: without it the client subscribes on this transport itself.
   *
   * Why a process: the `netlink` package aborts the whole process when its socket reports an
   * error through poll (EPOLLERR, which is how a netlink receive-buffer overrun, ENOBUFS,
   * shows up). Notification floods are what overrun sockets, so they get a socket whose owner
   * may die of it: the relay reports that death as NetlinkSocketError ENOBUFS, and requests on
   * this transport are unaffected.
   */
  openMonitor?(opts: MonitorOptions): Promise<Transport>
  /** Let the process exit while the socket is idle (unref) / keep it alive (ref). */
  ref(): void
  unref(): void
  /** Close the socket (and end the relay process); resolves when nothing is left of it. */
  close(): Promise<void>
}
