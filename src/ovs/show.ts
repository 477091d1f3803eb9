// What `ovs-vsctl show` prints, as data (OvsShow) and as the same text (formatShow).
//
// ovs-vsctl walks Open_vSwitch → Manager/Bridge → Controller/Port → Interface and prints, for each
// row, a fixed list of columns that are not at their default value (db-ctl-base.c cmd_show_row,
// the tables in ovs-vsctl.c cmd_show_tables). Set elements keep the server's order (sorted by
// uuid), which is also the order ovs-vsctl prints them in.
import {
  mapEntries,
  optional,
  setElements,
  uuidElements,
  type Atom,
  type Row,
} from './types.js'

export interface ShowTarget {
  uuid: string
  target: string
  isConnected: boolean
}

export interface ShowInterface {
  uuid: string
  name: string
  /** "" means a plain system device, as in the database. */
  type: string
  options: Record<string, string>
  /** What ovs-vswitchd reported when it could not set the interface up. */
  error: string | undefined
  bfdStatus: Record<string, string>
  /** OpenFlow port number; -1 or undefined when ovs-vswitchd could not attach it. */
  ofport: number | undefined
}

export interface ShowPort {
  uuid: string
  name: string
  tag: number | undefined
  trunks: number[]
  interfaces: ShowInterface[]
}

export interface ShowBridge {
  uuid: string
  name: string
  controllers: ShowTarget[]
  failMode: string | undefined
  /** "" means the default ("system"), as in the database. */
  datapathType: string
  ports: ShowPort[]
}

export interface OvsShow {
  /** The Open_vSwitch row's uuid; null when the database has no Open_vSwitch row yet. */
  uuid: string | null
  managers: ShowTarget[]
  bridges: ShowBridge[]
  ovsVersion: string | undefined
}

/** Rows as returned by "select" with _uuid included, per table. */
export interface ShowRows {
  Open_vSwitch: Row[]
  Bridge: Row[]
  Port: Row[]
  Interface: Row[]
  Controller: Row[]
  Manager: Row[]
}

/** The columns show() selects from each table (what ovs-vsctl show reads). */
export const SHOW_COLUMNS: Record<keyof ShowRows, string[]> = {
  Open_vSwitch: ['_uuid', 'manager_options', 'bridges', 'ovs_version'],
  Bridge: ['_uuid', 'name', 'controller', 'fail_mode', 'datapath_type', 'ports'],
  Port: ['_uuid', 'name', 'tag', 'trunks', 'interfaces'],
  Interface: ['_uuid', 'name', 'type', 'options', 'error', 'bfd_status', 'ofport'],
  Controller: ['_uuid', 'target', 'is_connected'],
  Manager: ['_uuid', 'target', 'is_connected'],
}

export function buildShow(rows: ShowRows): OvsShow {
  const byUuid = (list: Row[]) => new Map(list.map((r) => [uuidElements(r._uuid)[0]!, r]))
  const bridges = byUuid(rows.Bridge)
  const ports = byUuid(rows.Port)
  const ifaces = byUuid(rows.Interface)
  const controllers = byUuid(rows.Controller)
  const managers = byUuid(rows.Manager)
  const refs = <T>(v: Row[string] | undefined, table: Map<string, Row>, make: (id: string, r: Row) => T): T[] =>
    uuidElements(v).flatMap((id) => {
      const r = table.get(id)
      return r ? [make(id, r)] : []
    })
  const target = (id: string, r: Row): ShowTarget => ({
    uuid: id,
    target: String(r.target),
    isConnected: r.is_connected === true,
  })
  const iface = (id: string, r: Row): ShowInterface => {
    const ofport = optional(r.ofport)
    const error = optional(r.error)
    return {
      uuid: id,
      name: String(r.name),
      type: String(r.type ?? ''),
      options: mapEntries(r.options),
      error: error === undefined ? undefined : String(error),
      bfdStatus: mapEntries(r.bfd_status),
      ofport: typeof ofport === 'number' ? ofport : undefined,
    }
  }
  const port = (id: string, r: Row): ShowPort => {
    const tag = optional(r.tag)
    return {
      uuid: id,
      name: String(r.name),
      tag: typeof tag === 'number' ? tag : undefined,
      trunks: setElements(r.trunks).map(Number),
      interfaces: refs(r.interfaces, ifaces, iface),
    }
  }
  const bridge = (id: string, r: Row): ShowBridge => {
    const failMode = optional(r.fail_mode)
    return {
      uuid: id,
      name: String(r.name),
      controllers: refs(r.controller, controllers, target),
      failMode: failMode === undefined ? undefined : String(failMode),
      datapathType: String(r.datapath_type ?? ''),
      ports: refs(r.ports, ports, port),
    }
  }
  const ovs = rows.Open_vSwitch[0]
  if (!ovs) return { uuid: null, managers: [], bridges: [], ovsVersion: undefined }
  const version = optional(ovs.ovs_version)
  return {
    uuid: uuidElements(ovs._uuid)[0]!,
    managers: refs(ovs.manager_options, managers, target),
    bridges: refs(ovs.bridges, bridges, bridge),
    ovsVersion: version === undefined ? undefined : String(version),
  }
}

/** The text `ovs-vsctl show` prints for the same database contents. */
export function formatShow(s: OvsShow): string {
  if (s.uuid === null) return ''
  const out: string[] = []
  const line = (level: number, text: string) => out.push(' '.repeat(level * 4) + text)
  const targetRow = (level: number, table: string, t: ShowTarget) => {
    line(level, `${table} ${quote(t.target)}`)
    if (t.isConnected) line(level + 1, 'is_connected: true')
  }
  line(0, s.uuid)
  for (const m of s.managers) targetRow(1, 'Manager', m)
  for (const b of s.bridges) {
    line(1, `Bridge ${quote(b.name)}`)
    for (const c of b.controllers) targetRow(2, 'Controller', c)
    if (b.failMode !== undefined) line(2, `fail_mode: ${quote(b.failMode)}`)
    if (b.datapathType !== '') line(2, `datapath_type: ${quote(b.datapathType)}`)
    for (const p of b.ports) {
      line(2, `Port ${quote(p.name)}`)
      if (p.tag !== undefined) line(3, `tag: ${p.tag}`)
      if (p.trunks.length) line(3, `trunks: [${p.trunks.join(', ')}]`)
      for (const i of p.interfaces) {
        line(3, `Interface ${quote(i.name)}`)
        if (i.type !== '') line(4, `type: ${quote(i.type)}`)
        if (Object.keys(i.options).length) line(4, `options: ${formatMap(i.options)}`)
        if (i.error !== undefined) line(4, `error: ${quote(i.error)}`)
        if (Object.keys(i.bfdStatus).length) line(4, `bfd_status: ${formatMap(i.bfdStatus)}`)
      }
    }
  }
  if (s.ovsVersion !== undefined) line(1, `ovs_version: ${quote(s.ovsVersion)}`)
  return out.join('\n') + '\n'
}

function formatMap(m: Record<string, string>): string {
  return `{${Object.entries(m).map(([k, v]) => `${quote(k)}=${quote(v)}`).join(', ')}}`
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** ovsdb-data.c string_needs_quotes: bare only for identifier-like strings. */
export function quote(s: string | Atom): string {
  const str = String(s)
  const bare =
    /^[A-Za-z_][A-Za-z0-9_.-]*$/.test(str) && str !== 'true' && str !== 'false' && !UUID_RE.test(str)
  return bare ? str : JSON.stringify(str)
}
