// The stdio framing between a relay and its parent: frames survive any chunking of the stream.
import t from 'tap'
import { FrameReader, KIND_MESSAGE, KIND_SENT, frame, u32 } from '../src/transport/relay-protocol.js'

t.test('frames are u32 length, u8 kind, payload', async (t) => {
  t.strictSame([...frame(KIND_SENT, u32(7))], [5, 0, 0, 0, KIND_SENT, 7, 0, 0, 0])
})

t.test('reassembly: byte by byte, several per chunk, split headers', async (t) => {
  const a = frame(KIND_MESSAGE, u32(0), u32(1), Buffer.from('hello'))
  const b = frame(KIND_SENT, u32(42))
  const stream = Buffer.concat([a, b, a])
  for (const size of [1, 2, 3, 7, stream.length]) {
    const got: [number, string][] = []
    const r = new FrameReader((kind, payload) => got.push([kind, payload.toString('hex')]))
    for (let o = 0; o < stream.length; o += size) r.push(stream.subarray(o, o + size))
    t.strictSame(got, [
      [KIND_MESSAGE, '0000000001000000' + Buffer.from('hello').toString('hex')],
      [KIND_SENT, '2a000000'],
      [KIND_MESSAGE, '0000000001000000' + Buffer.from('hello').toString('hex')],
    ], `chunks of ${size}`)
  }
})

t.test('an impossible length is an error, not a wait for 4 GiB', async (t) => {
  const r = new FrameReader(() => {})
  t.throws(() => r.push(Buffer.from([0xff, 0xff, 0xff, 0xff, 1])), /relay stream corrupt: frame length 4294967295/)
  t.throws(() => new FrameReader(() => {}).push(Buffer.from([0, 0, 0, 0, 1])), /frame length 0/)
})
