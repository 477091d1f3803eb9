// The one error class the decoders throw. Every failure names where it happened: the attribute
// path from the message down (kernel constant names) and the absolute byte offset in the input.

export class NetlinkDecodeError extends Error {
  override name = 'NetlinkDecodeError'
  /** Kernel names from the outermost structure down, e.g. ['IFLA_LINKINFO', 'IFLA_INFO_DATA', 'IFLA_BR_HELLO_TIME']. */
  readonly path: readonly string[]
  /** Byte offset of the problem, from the start of the buffer given to decode(). */
  readonly offset: number
  /** The problem alone, without path and offset. */
  readonly reason: string

  constructor(path: readonly string[], reason: string, offset: number) {
    super(`${path.length > 0 ? path.join(' > ') + ': ' : ''}${reason} at offset ${offset}`)
    this.path = path
    this.reason = reason
    this.offset = offset
  }
}

/** A value handed to an encoder that cannot be put on the wire (bad MAC text, u8 out of range...). */
export class NetlinkEncodeError extends Error {
  override name = 'NetlinkEncodeError'
  readonly path: readonly string[]
  readonly reason: string

  constructor(path: readonly string[], reason: string) {
    super(`${path.length > 0 ? path.join(' > ') + ': ' : ''}${reason}`)
    this.path = path
    this.reason = reason
  }
}
