// nlmsg_flags spelled out. The high byte means different things by request kind (GET, NEW, DEL)
// and in acks, so the names depend on the message type and direction.
import {
  NLMSG_DONE,
  NLMSG_ERROR,
  NLM_F_ACK,
  NLM_F_ACK_TLVS,
  NLM_F_APPEND,
  NLM_F_ATOMIC,
  NLM_F_CAPPED,
  NLM_F_CREATE,
  NLM_F_DUMP_FILTERED,
  NLM_F_DUMP_INTR,
  NLM_F_ECHO,
  NLM_F_EXCL,
  NLM_F_MATCH,
  NLM_F_MULTI,
  NLM_F_REPLACE,
  NLM_F_REQUEST,
  NLM_F_ROOT,
  NLM_F_BULK,
  NLM_F_NONREC,
} from './core/nlmsg.js'

const LOW: [number, string][] = [
  [NLM_F_REQUEST, 'REQUEST'],
  [NLM_F_MULTI, 'MULTI'],
  [NLM_F_ACK, 'ACK'],
  [NLM_F_ECHO, 'ECHO'],
  [NLM_F_DUMP_INTR, 'DUMP_INTR'],
  [NLM_F_DUMP_FILTERED, 'DUMP_FILTERED'],
]
const GET: [number, string][] = [
  [NLM_F_ROOT, 'ROOT'],
  [NLM_F_MATCH, 'MATCH'],
  [NLM_F_ATOMIC, 'ATOMIC'],
]
const NEW: [number, string][] = [
  [NLM_F_REPLACE, 'REPLACE'],
  [NLM_F_EXCL, 'EXCL'],
  [NLM_F_CREATE, 'CREATE'],
  [NLM_F_APPEND, 'APPEND'],
]
const DEL: [number, string][] = [
  [NLM_F_NONREC, 'NONREC'],
  [NLM_F_BULK, 'BULK'],
]
const ACK: [number, string][] = [
  [NLM_F_CAPPED, 'CAPPED'],
  [NLM_F_ACK_TLVS, 'ACK_TLVS'],
]

/**
 * '0x0605 REQUEST|ACK|EXCL|CREATE'. `type` picks the meaning of the high byte: rtnetlink types
 * are NEW/DEL/GET/SET in that order from RTM_BASE (16); 0 means "unknown": high bits in hex.
 */
export function describeNlmsgFlags(flags: number, type: number): string {
  const parts: string[] = []
  let rest = flags
  const take = (table: [number, string][]) => {
    for (const [bit, name] of table)
      if ((rest & bit) === bit) {
        parts.push(name)
        rest &= ~bit
      }
  }
  take(LOW)
  if (type === NLMSG_ERROR || type === NLMSG_DONE) take(ACK)
  else if (type >= 16) {
    const op = (type - 16) & 3
    if (op === 2) {
      if ((rest & 0x300) === 0x300) {
        parts.push('DUMP')
        rest &= ~0x300
      }
      take(GET)
    }
    else if (op === 0 || op === 3) take(NEW)
    else take(DEL)
  } else if ((rest & 0x300) === 0x300) {
    parts.push('DUMP')
    rest &= ~0x300
  }
  if (rest !== 0) parts.push(`0x${rest.toString(16)}`)
  return `0x${flags.toString(16).padStart(4, '0')}${parts.length ? ' ' + parts.join('|') : ''}`
}
