// How API options name the objects they refer to, before and after the API looked them up.
// Request builders take options with every reference resolved (a link as its ifindex, a
// namespace as an fd or pid of the socket's process); the API entry points do the resolving.

/** A link by name ('veth01') or ifindex (3). */
export type LinkRef = string | number

/** A network namespace: a name under /run/netns, a process's, an open fd, or a file path. */
export type NetnsRef = string | { name: string } | { pid: number } | { fd: number } | { path: string }

/** A namespace as a request carries it: IFLA_NET_NS_FD (an fd of the socket's process) or IFLA_NET_NS_PID. */
export interface NetnsTarget {
  fd?: number
  pid?: number
}

/** A namespace made ready for a request: put `fd` or `pid` in it, call release() after. */
export interface NetnsHandle extends NetnsTarget {
  release(): Promise<void>
}
