// DEBUG=nlwire:* trace lines with the codecs' formatter: what the kernel sends (notifications,
// dump parts, GET answers) is summarised as `ip monitor` would print it, on one line:
//
//   nlwire:recv [direct] ← RTM_NEWLINK flags=0x0000 seq=0 pid=0 len=1500 | 3: veth01@veth02: <BROADCAST,MULTICAST,M-DOWN> mtu 1500 ...
//
// Requests, errors and anything the formatter does not print keep the default summary. Interface
// names come from a cache fed by the traced messages themselves (ip monitor's ll_map, in small),
// so an ifindex shows by name once its link has been seen. Importing this module installs it.
import type { Message } from '../codecs/core/nlmsg.js'
import { NLM_F_REQUEST } from '../codecs/core/nlmsg.js'
import { LinkCache, format } from '../codecs/iproute2/index.js'
import { defaultSummary, setMessageSummary } from './debug-summary.js'

const links = new LinkCache()

/** One line for a trace: the ip monitor text of a kernel message, else the default summary. */
export function formatterSummary(msg: Message): string | undefined {
  if ((msg.flags & NLM_F_REQUEST) === 0 && !(msg.body instanceof Uint8Array)) {
    links.learn(msg)
    const text = format(msg, { links, options: { details: false } })
    if (text !== '') return text.trim().replace(/\s*\n\s*/g, ' ')
  }
  return defaultSummary(msg)
}

setMessageSummary(formatterSummary)
