// nl.nsid: the ids this namespace uses for other namespaces (links report their peers' by it).
import type { NsidMessage } from '../../codecs/index.js'
import { RTM_NEWNSID } from '../../codecs/rtnetlink.js'
import type { ApiContext, NetnsRef } from './context.js'
import { dumpNsids, getNsid, setNsid } from './nsid-requests.js'
import { ApiError } from './errors.js'

export interface NsidEntry {
  nsid: number
  /** The namespace as the kernel reports it: NETNSA_PID/FD are not sent back in dumps. */
  raw: NsidMessage['body']
}

export class NsidApi {
  constructor(private readonly ctx: ApiContext) {}

  /** The nsid of a namespace, as seen from this one (-1: none assigned yet). */
  async get(ns: NetnsRef): Promise<number> {
    const h = await this.ctx.netns(ns, 'nsid.get')
    try {
      const [reply] = await this.ctx.request(getNsid(h.fd ?? -1), { operation: 'nsid.get', object: label(ns) })
      return (reply as NsidMessage).body.nsid ?? -1
    } finally {
      await h.release()
    }
  }

  /** `ip netns set NAME ID` */
  async set(ns: NetnsRef, id: number): Promise<void> {
    if (!Number.isInteger(id) || id < -1) throw new ApiError(`nsid.set: id ${id} must be an integer >= -1 (-1: the kernel picks)`)
    const h = await this.ctx.netns(ns, 'nsid.set')
    try {
      if (h.fd === undefined) throw new ApiError('nsid.set: give the namespace by name, fd or path')
      await this.ctx.request(setNsid(h.fd, id), { operation: 'nsid.set', object: label(ns), details: { id } })
    } finally {
      await h.release()
    }
  }

  /** `ip netns list-id` */
  async list(): Promise<NsidEntry[]> {
    const parts = await this.ctx.dump(dumpNsids(), { operation: 'nsid.list' })
    return parts.filter((m): m is NsidMessage => m.type === RTM_NEWNSID).map((m) => ({ nsid: m.body.nsid ?? -1, raw: m.body }))
  }
}

function label(ns: NetnsRef): string {
  return typeof ns === 'string' ? ns : JSON.stringify(ns)
}
