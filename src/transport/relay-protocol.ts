// The framing between a relay parent and its child over stdio. This is not netlink: netlink
// datagrams travel inside DATA / MESSAGE frames untouched, and all netlink encoding stays in the
// parent. Every frame is
//
//   u32 length (little-endian, of what follows) | u8 kind | payload
//
// parent → child                          child → parent
//   SEND     u32 id | datagram bytes        HELLO        JSON { portId, pid, recvBufferSize }
//   CONTROL  JSON { id, op, arg }           MESSAGE      u32 port | u32 groups | datagram bytes
//                                           SENT         u32 id (the datagram went out)
//                                           RESULT       JSON { id, ok, value? | error? }
//                                           SOCKET_ERROR JSON { errno, code, syscall, message, fatal }
//
// SEND is answered by SENT, or by a RESULT carrying the error; CONTROL by a RESULT. SENT is
// binary because there is one per request and it is on the latency path.

export const FRAME_HEADER = 5
/** Larger lengths mean the stream is corrupt (netlink datagrams are at most a few MiB). */
export const MAX_FRAME = 64 * 1024 * 1024

export const KIND_SEND = 1
export const KIND_CONTROL = 2
export const KIND_HELLO = 16
export const KIND_MESSAGE = 17
export const KIND_RESULT = 18
export const KIND_SOCKET_ERROR = 19
export const KIND_SENT = 20

export type ControlOp = 'addMembership' | 'dropMembership' | 'openNetnsFd' | 'closeFd' | 'ref' | 'unref'

export interface ControlRequest {
  id: number
  op: ControlOp
  arg?: number | string
}

export interface WireError {
  errno?: number
  code?: string
  syscall?: string
  message: string
}

export type ControlResult = { id: number; ok: true; value?: number } | { id: number; ok: false; error: WireError }

export interface Hello {
  portId: number
  pid: number
  recvBufferSize: number
}

export interface SocketErrorReport extends WireError {
  fatal: boolean
}

/** One frame: header and payload in a single buffer, so one write() carries it whole. */
export function frame(kind: number, ...parts: Uint8Array[]): Buffer {
  let n = 0
  for (const p of parts) n += p.length
  const out = Buffer.allocUnsafe(FRAME_HEADER + n)
  out.writeUInt32LE(1 + n, 0)
  out[4] = kind
  let o = FRAME_HEADER
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

export function u32(v: number): Buffer {
  const b = Buffer.allocUnsafe(4)
  b.writeUInt32LE(v >>> 0, 0)
  return b
}

export function jsonFrame(kind: number, value: unknown): Buffer {
  return frame(kind, Buffer.from(JSON.stringify(value)))
}

/** The payload of a JSON frame (CONTROL, HELLO, RESULT, SOCKET_ERROR). */
export function readJson<T>(payload: Buffer): T {
  return JSON.parse(payload.toString('utf8')) as T
}

// Each binary frame as a pair: what the sender writes, what the receiver reads.

/** SEND: one datagram (given in pieces, sent as one) under request `id`. */
export function sendFrame(id: number, datagram: readonly Uint8Array[]): Buffer {
  return frame(KIND_SEND, u32(id), ...datagram)
}

export function readSend(payload: Buffer): { id: number; datagram: Buffer } {
  return { id: payload.readUInt32LE(0), datagram: payload.subarray(4) }
}

/** SENT: request `id`'s datagram went out. */
export function sentFrame(id: number): Buffer {
  return frame(KIND_SENT, u32(id))
}

export function readSent(payload: Buffer): number {
  return payload.readUInt32LE(0)
}

/** MESSAGE: a datagram the socket received, with recvmsg's sender port and nl_groups. */
export function messageFrame(port: number, groups: number, datagram: Uint8Array): Buffer {
  return frame(KIND_MESSAGE, u32(port), u32(groups), datagram)
}

export function readMessage(payload: Buffer): { port: number; groups: number; datagram: Buffer } {
  return { port: payload.readUInt32LE(0), groups: payload.readUInt32LE(4), datagram: payload.subarray(8) }
}

/**
 * Reassembles frames from stream chunks; calls `onFrame(kind, payload)` for each whole frame.
 * push() throws when a length is impossible: the stream cannot be resynchronised after that.
 */
export class FrameReader {
  private chunks: Buffer[] = []
  private buffered = 0

  constructor(private readonly onFrame: (kind: number, payload: Buffer) => void) {}

  push(chunk: Buffer): void {
    this.chunks.push(chunk)
    this.buffered += chunk.length
    while (this.buffered >= FRAME_HEADER) {
      const head = this.chunks.length === 1 ? this.chunks[0]! : this.flatten()
      const len = head.readUInt32LE(0)
      if (len < 1 || len > MAX_FRAME) throw new Error(`relay stream corrupt: frame length ${len}`)
      if (this.buffered < 4 + len) return
      const all = this.chunks.length === 1 ? head : this.flatten()
      const kind = all[4]!
      const payload = all.subarray(FRAME_HEADER, 4 + len)
      const rest = all.subarray(4 + len)
      this.chunks = rest.length > 0 ? [rest] : []
      this.buffered = rest.length
      this.onFrame(kind, payload)
    }
  }

  private flatten(): Buffer {
    const all = Buffer.concat(this.chunks, this.buffered)
    this.chunks = [all]
    return all
  }
}
