// The detailed view of a NetlinkError: its one-line message, then every byte of the request the
// kernel refused, named, with the attribute the kernel's extended ack points at marked:
//
//   link.set veth0: ERANGE (Numerical result out of range): integer out of range [attribute IFLA_GSO_MAX_SIZE]
//   request RTM_NEWLINK, 40 bytes:
//   0000  0028  RTM_NEWLINK
//   ...
//   0020  0008    IFLA_GSO_MAX_SIZE  1   <-- kernel: "integer out of range"
//
// The request is re-encoded from the decoded copy the error keeps (encode(decode(b)) is b).
import { annotate, renderAnnotation } from '../codecs/annotate.js'
import type { Message } from '../codecs/core/nlmsg.js'
import { messageName } from '../codecs/core/nlmsg.js'
import { encode } from '../codecs/messages.js'
import { type ExtAckInfo, describePolicy } from './extack.js'

/** What the detailed view needs of an error (NetlinkError has it all). */
export interface ErrorDetailSource {
  message: string
  request?: Message | undefined
  extack?: ExtAckInfo | undefined
  code?: string
}

export interface ErrorDetailOptions {
  /** Also print each field's bytes in hex. */
  hex?: boolean
}

/** The error's message, the request's annotated field tree, and the offending attribute marked. */
export function formatErrorDetail(err: ErrorDetailSource, opts: ErrorDetailOptions = {}): string {
  const lines = [err.message]
  const ext = err.extack
  if (err.request === undefined) {
    lines.push('(the request is not known: nothing to show)')
    return lines.join('\n')
  }
  let bytes: Uint8Array
  try {
    bytes = encode(err.request)
  } catch (e) {
    lines.push(`(the request cannot be re-encoded: ${(e as Error).message})`)
    return lines.join('\n')
  }
  lines.push(`request ${messageName(err.request.type)}, ${bytes.length} bytes:`)
  const policy = ext?.policy !== undefined ? ` (${describePolicy(ext.policy)})` : ''
  const why = ext?.msg !== undefined ? `kernel: ${JSON.stringify(ext.msg)}${policy}` : `kernel: ${err.code ?? 'error'} here${policy}`
  const mark = ext?.offs !== undefined && ext.offs < bytes.length ? { offset: ext.offs, note: why } : undefined
  lines.push(renderAnnotation(annotate(bytes), bytes, { ...(opts.hex ? { hex: true } : {}), ...(mark ? { mark } : {}) }))
  if (ext?.offs !== undefined && mark === undefined) lines.push(`(the kernel's offset ${ext.offs} is past the end of the request)`)
  if (ext?.missType !== undefined) {
    const where = ext.missNest !== undefined ? ` in the nest at offset ${ext.missNest}` : ''
    lines.push(`the kernel wants attribute type ${ext.missType}${where}, which the request lacks`)
  }
  return lines.join('\n')
}
