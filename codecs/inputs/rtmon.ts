// rtmon files (`rtmon file F`, read by `ip monitor file F`): the netlink messages as received,
// each padded to 4 bytes, with iproute2's private NLMSG_TSTAMP records (type 15: tv_sec,
// tv_usec as u32) between them.
import { HOST_LE } from '../core/bytes.js'
import type { Decoder } from '../core/decoder.js'
import type { BodyCodec, Message } from '../core/nlmsg.js'
import type { Writer } from '../core/writer.js'

/** iproute2's include/libnetlink.h: not a kernel type, only ever found in rtmon files. */
export const NLMSG_TSTAMP = 15

export interface TstampBody {
  sec: number
  usec: number
}

export type TstampMessage = Message<TstampBody> & { type: typeof NLMSG_TSTAMP }

export const tstampBody: BodyCodec<TstampBody> = {
  family: 'tstamp',
  decode(d: Decoder, start: number, end: number): TstampBody {
    d.need(start, 8, end, 'NLMSG_TSTAMP')
    if (end - start !== 8) d.fail(`NLMSG_TSTAMP: expected 8 bytes, got ${end - start}`, start)
    return { sec: d.dv.getUint32(start, HOST_LE), usec: d.dv.getUint32(start + 4, HOST_LE) }
  },
  encode(w: Writer, body: TstampBody): void {
    w.u32(body.sec)
    w.u32(body.usec)
  },
}

/** Does this binary look like netlink messages (an rtmon file or a raw dump)? */
export function looksLikeNetlink(b: Uint8Array): boolean {
  if (b.length < 16) return false
  const len = (b[0]! | (b[1]! << 8) | (b[2]! << 16) | (b[3]! << 24)) >>> 0
  const type = b[4]! | (b[5]! << 8)
  return len >= 16 && len <= b.length && type > 0 && type < 0x400
}
