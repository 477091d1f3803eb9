// ───────────────────────────────────────────────────────────────────────────────────────────────
// NLWIRE IN THE BENCH. The bench calls nlwire only through this file, each workload through one
// function below. A function that throws NotWiredError makes the bench print
// "n/a (not yet wired)" in nlwire's column, never a number (a new workload starts that way).
//
// A workload's function keeps its signature and calls into nlwire (../src/… or ../codecs/…);
// nothing else in bench/ needs to change. The start-up workload has its own plug,
// bench/startup/nlwire.mjs (it loads the *built* package, see there).
//
// Where these run: encode/decode, openSocket, createVethPairs, deleteLinks, deleteByGroup and
// dumpLinks run in the bench child, a Node process started with `ip netns exec <scratch ns>`,
// so a socket opened with nlwire's default transport is already in the scratch namespace.
// deleteNamespace runs in the orchestrator, in the root namespace (like `ip netns del`).
// ───────────────────────────────────────────────────────────────────────────────────────────────

import { open, type Netlink } from '../src/api/netlink.js'
import { newLink } from '../src/api/link-requests.js'
import { netns } from '../src/netns.js'
// The codecs entry point (not link.ts alone): every link kind registered, as users get it.
import { NLMSG_NOOP, NLM_F_ACK, NLM_F_CREATE, NLM_F_EXCL, NLM_F_REQUEST, RTM_NEWLINK, link } from '../codecs/index.js'

export class NotWiredError extends Error {
  constructor(what: string) {
    super(`nlwire-adapter: ${what}() is not wired yet`)
    this.name = 'NotWiredError'
  }
}

export function isNotWired(err: unknown): boolean {
  return err instanceof Error && err.name === 'NotWiredError'
}

/** An open nlwire rtnetlink client/socket in the current network namespace. */
export interface NlwireHandle {
  close(): void | Promise<void>
}

/**
 * How createVethPairs sends: 'one-by-one' waits for each ack before the next request;
 * 'pipelined' keeps up to `window` requests in flight (one request per sendmsg);
 * 'batched' puts `perSend` requests in one sendmsg and keeps up to `window` unacked.
 */
export type SendMode = 'one-by-one' | 'pipelined' | 'batched'
export interface SendOptions {
  window: number
  perSend: number
}

/**
 * Encode the complete RTM_NEWLINK (nlmsghdr included) that
 * `ip link add NAME type veth peer name PEER` sends: flags REQUEST|ACK|EXCL|CREATE, nlmsg_pid 0,
 * the given nlmsg_seq. The bench compares the result with iproute2's bytes (strace) once, before
 * timing, and reports any difference. Timed in a tight loop: return the bytes, nothing else.
 */
export function encodeVethCreate(name: string, peer: string, seq: number): Uint8Array {
  return link.encode({
    type: RTM_NEWLINK,
    flags: VETH_CREATE_FLAGS,
    seq,
    pid: 0,
    body: {
      ifiFamily: 0,
      ifiType: 0,
      ifiIndex: 0,
      ifiFlags: 0,
      ifiChange: 0,
      ifname: name,
      linkinfo: { kind: 'veth', data: { peer: { ifname: peer } } },
    },
  })
}

const VETH_CREATE_FLAGS = NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE

/**
 * Fully decode one RTM_NEWLINK message (nlmsghdr included; a real ~1.5 KB veth notification the
 * bench captured from the kernel): every nested attribute (IFLA_LINKINFO → IFLA_INFO_DATA →
 * VETH_INFO_PEER, IFLA_AF_SPEC → AF_INET/AF_INET6 …) decoded into values, not left as bytes.
 * The bench lists any byte-array leaves longer than 16 bytes in the result as "left raw".
 */
export function decodeLinkMessage(bytes: Uint8Array): unknown {
  return link.decode(bytes)
}

/** Open nlwire's rtnetlink client in this process's (the scratch) namespace. */
export async function openSocket(): Promise<NlwireHandle> {
  return open({ maxInFlight: 256 })
}

/**
 * Create veth pairs [name, peer] with nlwire's public API (or its client, for the batched modes
 * if the API has no batch entry point), each request the same as iproute2's (no group, no
 * other attributes). Resolve only when every request is acked; reject on the first error.
 */
export async function createVethPairs(
  h: NlwireHandle,
  pairs: readonly (readonly [string, string])[],
  mode: SendMode,
  opts: SendOptions,
): Promise<void> {
  const nl = h as Netlink
  if (mode === 'one-by-one') {
    for (const [name, peer] of pairs) await nl.link.add({ name, kind: 'veth', peer: { name: peer } })
    return
  }
  // The same requests as link.add, several in flight (pipelined) or several per sendmsg (batched).
  const msgs = pairs.map(([name, peer]) => newLink({ name, kind: 'veth', peer: { name: peer } }))
  const perSend = mode === 'batched' ? Math.max(1, opts.perSend) : 1
  const chunks: (typeof msgs)[] = []
  for (let i = 0; i < msgs.length; i += perSend) chunks.push(msgs.slice(i, i + perSend))
  const window = Math.max(1, Math.floor(opts.window / perSend))
  let next = 0
  const worker = async (): Promise<void> => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!
      await Promise.all(chunk.length === 1 ? [nl.client.request(chunk[0]!)] : nl.client.batch(chunk))
    }
  }
  await Promise.all(Array.from({ length: Math.min(window, chunks.length) }, worker))
}

const NLMSG_NOOP_ACK = { type: NLMSG_NOOP, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: new Uint8Array(0) }

/**
 * `n` NLMSG_NOOP requests with NLM_F_ACK through nlwire's client, each acked before the next: the
 * kernel does nothing for them, so this times what nlwire adds to every request.
 */
export async function noops(h: NlwireHandle, n: number): Promise<void> {
  const nl = h as Netlink
  for (let i = 0; i < n; i++) await nl.client.request(NLMSG_NOOP_ACK)
}

/** Delete these links one by one by name, each acked before the next (`ip link del NAME`). */
export async function deleteLinks(h: NlwireHandle, names: readonly string[]): Promise<void> {
  const nl = h as Netlink
  for (const name of names) await nl.link.del(name)
}

/** Delete every link in IFLA_GROUP `group` with one request (`ip link del group G`); acked. */
export async function deleteByGroup(h: NlwireHandle, group: number): Promise<void> {
  await (h as Netlink).link.del({ group })
}

/**
 * Dump all links of the namespace and fully decode them (as decodeLinkMessage does); resolve
 * with the decoded links (the bench checks the count).
 */
export async function dumpLinks(h: NlwireHandle): Promise<readonly unknown[]> {
  return (h as Netlink).link.list()
}

/**
 * Delete the named network namespace (/run/netns/NAME) the way nlwire's netns API does. Called in
 * the root namespace by the orchestrator; the bench times it until the namespace's veths are gone.
 */
export async function deleteNamespace(name: string): Promise<void> {
  await netns.del(name)
}
