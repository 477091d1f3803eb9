// The ovs-vsctl commands S6/S7 need (add-br, del-br, add-port, del-port, list-br, show), done the
// way utilities/ovs-vsctl.c does them:
//
//  1. read Open_vSwitch/Bridge/Port/Interface and refuse what ovs-vsctl refuses (name taken, no such
//     bridge, ...) before writing anything;
//  2. one transaction: "wait" operations that verify the columns the decision was based on (the
//     IDL's verify), the inserts/deletes/mutations, "next_cfg += 1" plus a select of the new
//     value, and a comment. A failed verification means someone else changed the database in
//     between: read again and retry (the IDL's TXN_TRY_AGAIN);
//  3. wait until ovs-vswitchd reports Open_vSwitch.cur_cfg >= that next_cfg (it has applied the
//     change), bounded by applyTimeoutMs;
//  4. read the new Interface rows: an interface with an `error` or without a usable ofport is an
//     InterfaceError (ovs-vsctl only prints a warning and exits 0).
import { OvsdbClient, type OvsdbConnectOptions } from './client.js'
import {
  InterfaceError,
  OvsdbClosedError,
  OvsdbError,
  VsctlError,
  VswitchdTimeoutError,
  type InterfaceProblem,
} from './errors.js'
import { buildShow, SHOW_COLUMNS, type OvsShow, type ShowRows } from './show.js'
import {
  namedUuid,
  optional,
  set,
  uuid,
  uuidElements,
  type NamedUuid,
  type Operation,
  type OperationResult,
  type Row,
  type TableUpdates,
  type Uuid,
} from './types.js'

const DB = 'Open_vSwitch'
const MAX_TRIES = 10

export interface SwitchOptions extends OvsdbConnectOptions {
  /** How long a change may take to be applied by ovs-vswitchd (ms). Default 10000. */
  applyTimeoutMs?: number
  /** false: do not wait for ovs-vswitchd (like `ovs-vsctl --no-wait`). Default true. */
  wait?: boolean
}

export interface AddBridgeOptions {
  /** Bridge.datapath_type: 'netdev' for the userspace datapath; unset means 'system'. */
  datapathType?: 'system' | 'netdev' | (string & {})
  /** Like --may-exist: no error (and no change) if the bridge already exists. */
  mayExist?: boolean
}

export interface AddPortOptions {
  /** Interface.type: 'internal' makes ovs-vswitchd create the device; unset means an existing device. */
  type?: 'internal' | (string & {})
  /** Like --may-exist: no error if the port already exists on this bridge. */
  mayExist?: boolean
}

export interface DelOptions {
  /** Like --if-exists: no error if there is nothing to delete. */
  ifExists?: boolean
}

interface BridgeRec { uuid: string; name: string; ports: string[] }
interface PortRec { uuid: string; name: string; interfaces: string[]; bridge: BridgeRec }
interface IfaceRec { uuid: string; name: string; port: PortRec }

/** What ovs-vsctl's vsctl_context_populate_cache builds: names of everything reachable from Open_vSwitch. */
interface Snapshot {
  ovs: { uuid: string; bridges: string[] } | undefined
  bridges: Map<string, BridgeRec>
  ports: Map<string, PortRec>
  ifaces: Map<string, IfaceRec>
}

/** Collects the operations of one transaction; named-uuids are local to it. */
class Txn {
  readonly ops: Operation[] = []
  private n = 0
  /** Index in ops of each inserted Interface, to find its real uuid in the reply. */
  readonly newInterfaces: { index: number; name: string }[] = []
  nextCfgSelect = -1

  insert(table: string, row: Row): NamedUuid {
    const name = `nlwire_row${++this.n}`
    if (table === 'Interface') this.newInterfaces.push({ index: this.ops.length, name: String(row.name) })
    this.ops.push({ op: 'insert', table, row, 'uuid-name': name })
    return namedUuid(name)
  }

  /** The IDL's "verify": fail the transaction if the column changed since we read it. */
  verify(table: string, ref: Uuid, column: string, value: string[]): void {
    this.ops.push({
      op: 'wait',
      table,
      where: [['_uuid', '==', ref]],
      columns: [column],
      until: '==',
      rows: [{ [column]: set(...value.map(uuid)) }],
      timeout: 0,
    })
  }

  remove(table: string, id: string): void {
    this.ops.push({ op: 'delete', table, where: [['_uuid', '==', uuid(id)]] })
  }

  mutateSet(table: string, ref: Uuid | NamedUuid, column: string, mutator: 'insert' | 'delete', ids: (Uuid | NamedUuid)[]): void {
    this.ops.push({ op: 'mutate', table, where: [['_uuid', '==', ref]], mutations: [[column, mutator, set(...ids)]] })
  }

  /** next_cfg += 1 and read back the new value, as ovsdb_idl_txn_increment does. */
  incrementNextCfg(ovs: Uuid | NamedUuid): void {
    this.ops.push({ op: 'mutate', table: DB, where: [['_uuid', '==', ovs]], mutations: [['next_cfg', '+=', 1]] })
    this.nextCfgSelect = this.ops.length
    this.ops.push({ op: 'select', table: DB, where: [['_uuid', '==', ovs]], columns: ['next_cfg'] })
  }
}

/** What a command decided to do, given a snapshot: nothing, or these operations. */
type Plan = ((txn: Txn, ovs: Uuid | NamedUuid) => void) | null

export class Switch {
  private curCfg: number | undefined
  private cfgMonitor: Promise<unknown> | undefined
  private readonly cfgWaiters = new Set<() => void>()
  private readonly applyTimeoutMs: number
  private readonly waitForApply: boolean

  constructor(readonly client: OvsdbClient, opts: SwitchOptions = {}) {
    this.applyTimeoutMs = opts.applyTimeoutMs ?? 10000
    this.waitForApply = opts.wait ?? true
    client.onClose(() => {
      for (const w of this.cfgWaiters) w()
    })
  }

  get socketPath(): string {
    return this.client.socketPath
  }

  /** ovs-vsctl add-br NAME [-- set Bridge NAME datapath_type=TYPE] */
  async addBridge(name: string, opts: AddBridgeOptions = {}): Promise<void> {
    const command = `add-br ${name}`
    await this.change(command, (s) => {
      if (opts.mayExist && s.bridges.has(name)) return null
      checkConflicts(command, s, name, `cannot create a bridge named ${name}`)
      return (txn, ovs) => {
        const iface = txn.insert('Interface', { name, type: 'internal' })
        const port = txn.insert('Port', { name, interfaces: iface })
        const bridgeRow: Row = { name, ports: port }
        if (opts.datapathType !== undefined) bridgeRow.datapath_type = opts.datapathType
        const br = txn.insert('Bridge', bridgeRow)
        txn.mutateSet(DB, ovs, 'bridges', 'insert', [br])
      }
    })
  }

  /** ovs-vsctl del-br NAME: the bridge, its ports and their interfaces. */
  async delBridge(name: string, opts: DelOptions = {}): Promise<void> {
    const command = `del-br ${name}`
    await this.change(command, (s) => {
      const br = s.bridges.get(name)
      if (!br) {
        if (opts.ifExists) return null
        throw new VsctlError(command, `no bridge named ${name}`)
      }
      return (txn, ovs) => {
        for (const p of s.ports.values()) {
          if (p.bridge !== br) continue
          for (const i of p.interfaces) txn.remove('Interface', i)
          txn.remove('Port', p.uuid)
        }
        txn.remove('Bridge', br.uuid)
        txn.mutateSet(DB, ovs, 'bridges', 'delete', [uuid(br.uuid)])
      }
    })
  }

  /** ovs-vsctl add-port BRIDGE PORT [-- set Interface PORT type=TYPE] */
  async addPort(bridge: string, port: string, opts: AddPortOptions = {}): Promise<void> {
    const command = `add-port ${bridge} ${port}`
    await this.change(command, (s) => {
      if (opts.mayExist) {
        const existing = s.ports.get(port)
        if (existing && existing.name !== existing.bridge.name) {
          if (existing.bridge.name !== bridge) {
            throw new VsctlError(command, `--may-exist, but ${port} is actually attached to bridge ${existing.bridge.name}`)
          }
          return null
        }
      }
      checkConflicts(command, s, port, `cannot create a port named ${port}`)
      const br = s.bridges.get(bridge)
      if (!br) throw new VsctlError(command, `no bridge named ${bridge}`)
      return (txn) => {
        txn.verify('Bridge', uuid(br.uuid), 'ports', br.ports)
        const ifaceRow: Row = { name: port }
        if (opts.type !== undefined) ifaceRow.type = opts.type
        const iface = txn.insert('Interface', ifaceRow)
        const p = txn.insert('Port', { name: port, interfaces: iface })
        txn.mutateSet('Bridge', uuid(br.uuid), 'ports', 'insert', [p])
      }
    })
  }

  /** ovs-vsctl del-port BRIDGE PORT */
  async delPort(bridge: string, port: string, opts: DelOptions = {}): Promise<void> {
    const command = `del-port ${bridge} ${port}`
    await this.change(command, (s) => {
      if (s.bridges.has(port)) {
        if (opts.ifExists) return null
        throw new VsctlError(
          command,
          `cannot delete port ${port} because it is the local port for bridge ${port} ` +
            `(deleting this port requires deleting the entire bridge)`,
        )
      }
      const p = s.ports.get(port)
      if (!p) {
        if (opts.ifExists) return null
        throw new VsctlError(command, `no port named ${port}`)
      }
      const br = s.bridges.get(bridge)
      if (!br) throw new VsctlError(command, `no bridge named ${bridge}`)
      if (p.bridge !== br) throw new VsctlError(command, `bridge ${bridge} does not have a port ${port}`)
      return (txn) => {
        txn.verify('Bridge', uuid(br.uuid), 'ports', br.ports)
        txn.mutateSet('Bridge', uuid(br.uuid), 'ports', 'delete', [uuid(p.uuid)])
        for (const i of p.interfaces) txn.remove('Interface', i)
        txn.remove('Port', p.uuid)
      }
    })
  }

  /** ovs-vsctl list-br: bridge names, sorted. */
  async listBridges(): Promise<string[]> {
    const s = await this.snapshot()
    return [...s.bridges.keys()].sort()
  }

  /** ovs-vsctl list-ports BRIDGE: port names other than the bridge's own, sorted. */
  async listPorts(bridge: string): Promise<string[]> {
    const s = await this.snapshot()
    const br = s.bridges.get(bridge)
    if (!br) throw new VsctlError(`list-ports ${bridge}`, `no bridge named ${bridge}`)
    return [...s.ports.values()].filter((p) => p.bridge === br && p.name !== bridge).map((p) => p.name).sort()
  }

  /** The information `ovs-vsctl show` prints; formatShow() renders it the same way. */
  async show(): Promise<OvsShow> {
    const tables = Object.keys(SHOW_COLUMNS) as (keyof ShowRows)[]
    const results = await this.client.transact(
      DB,
      tables.map((table) => ({ op: 'select', table, where: [], columns: SHOW_COLUMNS[table] })),
    )
    const rows = Object.fromEntries(tables.map((t, i) => [t, results[i]!.rows ?? []])) as unknown as ShowRows
    return buildShow(rows)
  }

  /** Closes the connection to ovsdb-server. */
  async close(): Promise<void> {
    await this.client.close()
  }

  // ---- the common path of every change ----

  private async change(command: string, plan: (s: Snapshot) => Plan): Promise<void> {
    if (this.waitForApply) await this.startCfgMonitor()
    for (let attempt = 1; ; attempt++) {
      const s = await this.snapshot()
      const build = plan(s)
      if (!build) return // --may-exist / --if-exists: nothing to do, nothing to wait for
      const txn = new Txn()
      let ovs: Uuid | NamedUuid
      if (s.ovs) {
        ovs = uuid(s.ovs.uuid)
        txn.verify(DB, ovs, 'bridges', s.ovs.bridges)
      } else {
        // Empty database (no `ovs-vsctl init` yet): create the row, as ovs-vsctl does, and make
        // sure nobody else created one meanwhile.
        txn.ops.push({ op: 'wait', table: DB, where: [], columns: ['_uuid'], until: '==', rows: [], timeout: 0 })
        ovs = txn.insert(DB, {})
      }
      build(txn, ovs)
      if (this.waitForApply) txn.incrementNextCfg(ovs)
      txn.ops.push({ op: 'comment', comment: `nlwire: ${command}` })

      let results: OperationResult[]
      try {
        results = await this.client.transact(DB, txn.ops)
      } catch (err) {
        const verifyFailed =
          err instanceof OvsdbError && err.error === 'timed out' && err.operation?.op === 'wait'
        if (verifyFailed && attempt < MAX_TRIES) continue // the database changed under us: redo
        if (err instanceof OvsdbError) throw new OvsdbError({ ...errFields(err), method: `${command}: transact` })
        throw err
      }
      if (!this.waitForApply) return
      const nextCfg = Number(results[txn.nextCfgSelect]?.rows?.[0]?.next_cfg)
      await this.waitApplied(command, nextCfg)
      await this.checkNewInterfaces(command, txn, results)
      return
    }
  }

  private async snapshot(): Promise<Snapshot> {
    const [ovsR, brR, portR, ifR] = await this.client.transact(DB, [
      { op: 'select', table: DB, where: [], columns: ['_uuid', 'bridges'] },
      { op: 'select', table: 'Bridge', where: [], columns: ['_uuid', 'name', 'ports'] },
      { op: 'select', table: 'Port', where: [], columns: ['_uuid', 'name', 'interfaces'] },
      { op: 'select', table: 'Interface', where: [], columns: ['_uuid', 'name'] },
    ])
    const ovsRow = ovsR!.rows?.[0]
    const s: Snapshot = {
      ovs: ovsRow ? { uuid: idOf(ovsRow), bridges: uuidElements(ovsRow.bridges) } : undefined,
      bridges: new Map(),
      ports: new Map(),
      ifaces: new Map(),
    }
    const brRows = new Map((brR!.rows ?? []).map((r) => [idOf(r), r]))
    const portRows = new Map((portR!.rows ?? []).map((r) => [idOf(r), r]))
    const ifRows = new Map((ifR!.rows ?? []).map((r) => [idOf(r), r]))
    // Only what is reachable from Open_vSwitch.bridges counts, and the first of duplicate names wins.
    for (const bid of s.ovs?.bridges ?? []) {
      const b = brRows.get(bid)
      if (!b || s.bridges.has(String(b.name))) continue
      const br: BridgeRec = { uuid: bid, name: String(b.name), ports: uuidElements(b.ports) }
      s.bridges.set(br.name, br)
      for (const pid of br.ports) {
        const p = portRows.get(pid)
        if (!p || s.ports.has(String(p.name))) continue
        const port: PortRec = { uuid: pid, name: String(p.name), interfaces: uuidElements(p.interfaces), bridge: br }
        s.ports.set(port.name, port)
        for (const iid of port.interfaces) {
          const i = ifRows.get(iid)
          if (!i || s.ifaces.has(String(i.name))) continue
          s.ifaces.set(String(i.name), { uuid: iid, name: String(i.name), port })
        }
      }
    }
    return s
  }

  // ---- waiting for ovs-vswitchd ----

  /** One monitor on Open_vSwitch.cur_cfg per Switch, started before the first change is sent. */
  private startCfgMonitor(): Promise<unknown> {
    if (!this.cfgMonitor) {
      this.cfgMonitor = this.client
        .monitor(DB, { [DB]: { columns: ['cur_cfg'] } }, (u) => this.onCfgUpdate(u))
        .then((m) => this.onCfgUpdate(m.initial))
        .catch((err: unknown) => {
          this.cfgMonitor = undefined
          throw err
        })
    }
    return this.cfgMonitor
  }

  private onCfgUpdate(u: TableUpdates): void {
    for (const row of Object.values(u[DB] ?? {})) {
      const v = row.new?.cur_cfg
      if (typeof v === 'number') this.curCfg = v
    }
    for (const w of this.cfgWaiters) w()
  }

  private waitApplied(command: string, nextCfg: number): Promise<void> {
    if (this.curCfg !== undefined && this.curCfg >= nextCfg) return Promise.resolve()
    return new Promise<void>((resolve, reject) => {
      const done = (err?: Error) => {
        clearTimeout(timer)
        this.cfgWaiters.delete(check)
        if (err) reject(err)
        else resolve()
      }
      const check = () => {
        if (this.curCfg !== undefined && this.curCfg >= nextCfg) done()
        else if (this.client.closed) {
          done(new OvsdbClosedError(this.socketPath, command, 'connection closed while waiting for ovs-vswitchd'))
        }
      }
      const timer = setTimeout(
        () => done(new VswitchdTimeoutError(command, this.socketPath, nextCfg, this.curCfg, this.applyTimeoutMs)),
        this.applyTimeoutMs,
      )
      this.cfgWaiters.add(check)
      check()
    })
  }

  /** ovs-vsctl's post_db_reload_do_checks, plus the Interface error column. */
  private async checkNewInterfaces(command: string, txn: Txn, results: OperationResult[]): Promise<void> {
    if (!txn.newInterfaces.length) return
    const ids = txn.newInterfaces.map((n) => results[n.index]!.uuid!)
    const rows = await this.client.transact(
      DB,
      ids.map((id) => ({ op: 'select', table: 'Interface', where: [['_uuid', '==', id]], columns: ['name', 'ofport', 'error'] })),
    )
    const problems: InterfaceProblem[] = []
    rows.forEach((r, i) => {
      const row = r.rows?.[0]
      if (!row) return // deleted meanwhile by someone else: nothing to report
      const ofport = optional(row.ofport)
      const error = optional(row.error)
      if (error !== undefined || typeof ofport !== 'number' || ofport === -1) {
        problems.push({
          name: txn.newInterfaces[i]!.name,
          error: error === undefined ? undefined : String(error),
          ofport: typeof ofport === 'number' ? ofport : undefined,
        })
      }
    })
    if (problems.length) throw new InterfaceError(command, problems)
  }
}

/** ovs-vsctl check_conflicts: a new bridge/port/interface name must be unused everywhere. */
function checkConflicts(command: string, s: Snapshot, name: string, what: string): void {
  if (s.bridges.has(name)) throw new VsctlError(command, `${what} because a bridge named ${name} already exists`)
  const p = s.ports.get(name)
  if (p) throw new VsctlError(command, `${what} because a port named ${name} already exists on bridge ${p.bridge.name}`)
  const i = s.ifaces.get(name)
  if (i) {
    throw new VsctlError(command, `${what} because an interface named ${name} already exists on bridge ${i.port.bridge.name}`)
  }
}

function idOf(r: Row): string {
  return uuidElements(r._uuid)[0]!
}

function errFields(e: OvsdbError) {
  return { error: e.error, details: e.details, index: e.index, operation: e.operation }
}

