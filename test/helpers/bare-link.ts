// The link family's codec alone, as the link tests exercise it: with the tables of its own
// attribute sets that codecs/families.ts registers (veth's peer, which is a link body itself, and
// IPv6 protinfo), and none of the kinds other modules define (bridge, vxlan ...), so the tests
// can show what a kind's data is before and after its table is registered.
import { registerLinkKind } from '../../codecs/link/linkinfo.js'
import { inet6Attrs } from '../../codecs/link/inet6.js'
import { linkBody } from '../../codecs/link/link.js'
import { registerProtinfo } from '../../codecs/link/protinfo.js'
import { VETH_KIND, vethInfoAttrs } from '../../codecs/link/veth.js'
import type { BodyCodec } from '../../codecs/core/nlmsg.js'
import { AF_INET6 } from '../../codecs/address-families.js'

registerLinkKind(VETH_KIND, vethInfoAttrs(linkBody as BodyCodec<object>))
registerProtinfo(AF_INET6, inet6Attrs)
