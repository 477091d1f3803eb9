// Kernel names of message types, for traces and error messages.
import { NLMSG_DONE, NLMSG_ERROR, NLMSG_NOOP, NLMSG_OVERRUN } from '../codecs/core/nlmsg.js'
import { RTM_NAMES } from '../codecs/rtnetlink.js'

const CONTROL: Readonly<Record<number, string>> = {
  [NLMSG_NOOP]: 'NLMSG_NOOP',
  [NLMSG_ERROR]: 'NLMSG_ERROR',
  [NLMSG_DONE]: 'NLMSG_DONE',
  [NLMSG_OVERRUN]: 'NLMSG_OVERRUN',
}

/** 'RTM_NEWLINK', 'NLMSG_ERROR', or 'type N' when unknown. */
export function messageTypeName(type: number): string {
  return CONTROL[type] ?? RTM_NAMES[type] ?? `type ${type}`
}
