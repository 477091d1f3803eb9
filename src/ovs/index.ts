// nlwire's Open vSwitch support: an OVSDB client (RFC 7047) and, on top of it, the ovs-vsctl
// operations that build bridges and ports. The lead re-exports this module as `ovs` from
// src/index.ts, so users write `import { ovs } from 'nlwire'; const sw = await ovs.connect()`.
import { OvsdbClient } from './client.js'
import { guardApi } from '../api/guard.js'
import { checkOvsConnect } from '../api/validate.js'
import { Switch, type SwitchOptions } from './vsctl.js'

/**
 * Connects to ovsdb-server (default socket /var/run/openvswitch/db.sock) and returns a Switch
 * whose changes resolve once ovs-vswitchd has applied them.
 */
export async function connect(opts: SwitchOptions = {}): Promise<Switch> {
  checkOvsConnect(opts)
  const client = await OvsdbClient.connect(opts)
  // Names and options are checked before anything is sent (src/api/validate.ts); the errors of
  // the operations themselves already name their command (add-br NAME: ...).
  return guardApi(new Switch(client, opts), 'ovs', { place: false })
}

export { Switch, type SwitchOptions, type AddBridgeOptions, type AddPortOptions, type DelOptions } from './vsctl.js'
export { OvsdbClient, DEFAULT_OVSDB_SOCKET, type OvsdbConnectOptions, type TransactOptions, type Monitor } from './client.js'
export { formatShow, type OvsShow, type ShowBridge, type ShowPort, type ShowInterface, type ShowTarget } from './show.js'
export { JsonStreamSplitter, JsonFramingError } from './jsonrpc.js'
export * from './errors.js'
export * from './types.js'
