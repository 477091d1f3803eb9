// Run by test/client-debug.test.ts with DEBUG set: one request and its answer through the fake
// transport, so the trace lines can be checked.
import { NLM_F_ACK, NLM_F_REQUEST } from '../../codecs/core/nlmsg.js'
import { RTM_GETLINK } from '../../codecs/rtnetlink.js'
import { Client } from '../../src/client/client.js'
import { FakeTransport, errorFor } from '../../src/transport/fake.js'
import { ifinfomsg } from './tlv.js'

const fake = new FakeTransport({ handler: (req) => [errorFor(req, 4242, 19, { msg: 'no such thing' })] })
const c = new Client(fake)
await c.request({ type: RTM_GETLINK, flags: NLM_F_REQUEST | NLM_F_ACK, seq: 0, pid: 0, body: ifinfomsg(7) }).catch(() => {})
await c.close()
