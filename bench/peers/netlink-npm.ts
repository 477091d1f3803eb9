// The `netlink` npm package (0.3.0) used the way its README shows: its own codec (rt / ifla
// format* and parse* functions) and its own sockets (createRtNetlink, createNetlink).
// Runs inside the bench child, in the scratch namespace.
import { AttrStream, Flags, FlagsGet, FlagsNew, createNetlink, createRtNetlink, formatMessage, ifla, parseMessages, rt } from 'netlink'
import type { NetlinkSocket, RtNetlinkSocket } from 'netlink'
import { IFLA_INFO_DATA, NLMSG_NOOP, RTM_GETLINK, RTM_NEWLINK, VETH_INFO_PEER } from '../wire/constants.js'

/** IFLA_LINKINFO for a veth with its peer, built from the package's own formatters. */
function vethLinkinfo(peer: string): Buffer {
  // VETH_INFO_PEER carries an ifinfomsg followed by the peer's IFLA_* attributes.
  const peerBody = new AttrStream()
  peerBody.emit(rt.formatLink({}))
  peerBody.emit(ifla.formatLinkAttrs({ ifname: peer }))
  const infoData = new AttrStream()
  infoData.push(VETH_INFO_PEER, peerBody.bufs)
  const info = new AttrStream()
  info.emit(ifla.formatInfo({ kind: 'veth', data: Buffer.concat(infoData.bufs) }))
  return Buffer.concat(info.bufs)
}

/**
 * The whole veth-create RTM_NEWLINK (nlmsghdr included), encoded as the package's newLink()
 * encodes it, joined into one buffer so the result is comparable bytes.
 */
export function encodeVethCreate(name: string, peer: string, seq: number): Buffer {
  const body = new AttrStream()
  rt.formatLinkMessage({ kind: 'link', data: {}, attrs: { ifname: name, linkinfo: vethLinkinfo(peer) } }, body)
  const flags = Flags.REQUEST | Flags.ACK | FlagsNew.EXCL | FlagsNew.CREATE
  return Buffer.concat(formatMessage({ type: RTM_NEWLINK, flags, seq, port: 0, data: body.bufs }))
}

/** nlmsghdr parse + rt.parseLinkMessage: the package's decode of one RTM_NEWLINK. */
export function decodeLinkMessage(bytes: Buffer): rt.LinkMessage {
  const [msg] = parseMessages(bytes)
  if (!msg) throw new Error('netlink npm: no message in buffer')
  return rt.parseLinkMessage(msg.data)
}

export class NetlinkNpmPeer {
  private readonly rtSock: RtNetlinkSocket
  private nlSock: NetlinkSocket | null = null

  constructor() {
    this.rtSock = createRtNetlink({ recvBufferSize: 4 << 20, sendBufferSize: 1 << 20 })
  }

  private newVeth(name: string, peer: string): Promise<unknown> {
    return this.rtSock.newLink({}, { ifname: name, linkinfo: vethLinkinfo(peer) }, { flags: FlagsNew.EXCL | FlagsNew.CREATE, timeout: 30_000 })
  }

  /** Create the pairs keeping at most `window` requests outstanding (1 = one by one). */
  async createVeths(pairs: readonly (readonly [string, string])[], window: number): Promise<void> {
    if (window <= 1) {
      for (const [a, b] of pairs) await this.newVeth(a, b)
      return
    }
    let next = 0
    const worker = async () => {
      while (next < pairs.length) {
        const [a, b] = pairs[next++]!
        await this.newVeth(a, b)
      }
    }
    await Promise.all(Array.from({ length: Math.min(window, pairs.length) }, worker))
  }

  async deleteLinks(names: readonly string[]): Promise<void> {
    for (const name of names) await this.rtSock.delLink({}, { ifname: name }, { timeout: 30_000 })
  }

  async deleteGroup(group: number): Promise<void> {
    await this.rtSock.delLink({}, { group }, { timeout: 60_000 })
  }

  /** rt.getLinks(): the package's dump with its decode of every message. */
  async dumpLinks(): Promise<number> {
    const links = await this.rtSock.getLinks({}, undefined, { timeout: 30_000 })
    return links.length
  }

  /**
   * The same dump through the package's socket layer alone (NetlinkSocket.request: multipart
   * grouping and nlmsghdr parsing, no rtnetlink decode): how much of dumpLinks() is transport.
   */
  async dumpSocketOnly(): Promise<number> {
    this.nlSock ??= createNetlink(0, { recvBufferSize: 4 << 20, sendBufferSize: 1 << 20 })
    const [msgs] = await this.nlSock.request(RTM_GETLINK, [rt.formatLink({})], { flags: FlagsGet.DUMP, timeout: 30_000 })
    return msgs.length
  }

  /** `n` NLMSG_NOOP requests (the package adds REQUEST|ACK), each acked before the next. */
  async noops(n: number): Promise<void> {
    const empty = new Uint8Array(0)
    for (let i = 0; i < n; i++) await this.rtSock.socket.request(NLMSG_NOOP, empty, { timeout: 30_000 })
  }

  close(): void {
    this.rtSock.socket.close()
    this.nlSock?.close()
  }
}
