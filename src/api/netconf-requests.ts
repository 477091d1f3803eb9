// The RTM_GETNETCONF dump `ip netconf show` sends (iproute2 ipnetconf.c): every device's
// forwarding, rp_filter ... and the `all` and `default` entries, of every family (AF_UNSPEC).
import type { NetconfMessage } from '../../codecs/index.js'
import { NLM_F_DUMP, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTM_GETNETCONF } from '../../codecs/rtnetlink.js'
import { AF_UNSPEC } from '../../codecs/address-families.js'

/** `ip netconf show`: a dump of one family's netconf entries (AF_UNSPEC: inet and inet6 ...). */
export function dumpNetconf(family = AF_UNSPEC): NetconfMessage {
  return { type: RTM_GETNETCONF, flags: NLM_F_REQUEST | NLM_F_DUMP, seq: 0, pid: 0, body: { ncmFamily: family } }
}
