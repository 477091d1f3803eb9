// What the API hands back: typed, readable views of the decoded kernel messages, one module per
// family (link-view.ts, addr-view.ts ...). Every view keeps the full decoded body as `raw` for
// anything it does not lift out.
export { type Family, FAMILY_NUMBER, familyName, protocolName, scopeName } from './view-names.js'
export { type Link, toLink } from './link-view.js'
export { type Address, toAddress } from './addr-view.js'
export { type Route, type RouteNexthopView, toRoute } from './route-view.js'
export { type Neighbour, toNeighbour } from './neigh-view.js'
export { type Rule, toRule } from './rule-view.js'
export { type Nexthop, toNexthop } from './nexthop-view.js'
