// nl.nsid → the RTM_*NSID messages `ip netns set` / `ip netns list-id` send. Pure: the namespace
// is an fd of the socket's process here.
import type { NsidMessage } from '../../codecs/index.js'
import { NLM_F_ACK, NLM_F_DUMP, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTM_GETNSID, RTM_NEWNSID } from '../../codecs/rtnetlink.js'

/** `ip netns set NAME ID` (the namespace given as an fd of the sender); ID -1 lets the kernel pick. */
export function setNsid(fd: number, id: number): NsidMessage {
  return { type: RTM_NEWNSID, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: { rtgenFamily: 0, fd, nsid: id } }
}

/** The nsid this namespace uses for the namespace open on `fd` (`ip netns list`, per name). */
export function getNsid(fd: number): NsidMessage {
  return { type: RTM_GETNSID, flags: NLM_F_REQUEST, seq: 0, pid: 0, body: { rtgenFamily: 0, fd } }
}

/** `ip netns list-id` */
export function dumpNsids(): NsidMessage {
  return { type: RTM_GETNSID, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: { rtgenFamily: 0 } }
}
