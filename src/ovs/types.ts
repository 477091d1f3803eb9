// The OVSDB data model of RFC 7047 (section 5.1 "Notation" and 5.2 "Operations"), as TypeScript
// types, plus small helpers to build and read its tagged JSON values.
//
// On the wire a set is ["set", [atoms]] except that a set of exactly one element may be sent as
// the bare atom, a map is ["map", [[key, value], ...]], a row reference is ["uuid", "…"] and a
// reference to a row inserted earlier in the same transaction is ["named-uuid", "name"].

/** Any JSON value as JSON.parse returns it. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
export type JsonObject = { [key: string]: Json }

export type Uuid = ['uuid', string]
export type NamedUuid = ['named-uuid', string]
/** integer, real, boolean, string or uuid (RFC 7047 <atom>). */
export type Atom = number | boolean | string | Uuid | NamedUuid
export type OvsSet = ['set', Atom[]]
export type OvsMap = ['map', [Atom, Atom][]]
/** RFC 7047 <value>: an atom, a set or a map. */
export type Value = Atom | OvsSet | OvsMap
export type Row = Record<string, Value>

export const uuid = (id: string): Uuid => ['uuid', id]
export const namedUuid = (name: string): NamedUuid => ['named-uuid', name]
export const set = (...atoms: Atom[]): OvsSet => ['set', atoms]
export const map = (entries: Record<string, Atom> | [Atom, Atom][]): OvsMap =>
  ['map', Array.isArray(entries) ? entries : Object.entries(entries)]

export function isUuid(v: unknown): v is Uuid {
  return Array.isArray(v) && v.length === 2 && v[0] === 'uuid' && typeof v[1] === 'string'
}

/** The elements of a set column, whether the server sent ["set", [...]] or a bare atom. */
export function setElements(v: Value | undefined): Atom[] {
  if (v === undefined) return []
  if (Array.isArray(v) && v[0] === 'set') return (v as OvsSet)[1]
  if (Array.isArray(v) && v[0] === 'map') throw new TypeError('setElements: value is a map')
  return [v as Atom]
}

/** The uuid strings of a set (or single) reference column. */
export function uuidElements(v: Value | undefined): string[] {
  return setElements(v).map((a) => {
    if (!isUuid(a)) throw new TypeError(`expected a uuid, got ${JSON.stringify(a)}`)
    return a[1]
  })
}

/** The single element of an optional column (a set with min 0, max 1), or undefined if empty. */
export function optional(v: Value | undefined): Atom | undefined {
  const e = setElements(v)
  return e.length ? e[0] : undefined
}

/** A string→string map column as a plain object, in the server's (key-sorted) order. */
export function mapEntries(v: Value | undefined): Record<string, string> {
  const out: Record<string, string> = {}
  if (v === undefined) return out
  if (!Array.isArray(v) || v[0] !== 'map') throw new TypeError(`expected a map, got ${JSON.stringify(v)}`)
  for (const [k, val] of (v as OvsMap)[1]) out[String(k)] = String(val)
  return out
}

// ---- conditions, mutations, operations (RFC 7047 5.1, 5.2) ----

export type ConditionFunction = '<' | '<=' | '==' | '!=' | '>=' | '>' | 'includes' | 'excludes'
export type Condition = [column: string, fn: ConditionFunction, value: Value]
export type Mutator = '+=' | '-=' | '*=' | '/=' | '%=' | 'insert' | 'delete'
export type Mutation = [column: string, mutator: Mutator, value: Value]

export interface InsertOp { op: 'insert'; table: string; row: Row; 'uuid-name'?: string }
export interface SelectOp { op: 'select'; table: string; where: Condition[]; columns?: string[] }
export interface UpdateOp { op: 'update'; table: string; where: Condition[]; row: Row }
export interface MutateOp { op: 'mutate'; table: string; where: Condition[]; mutations: Mutation[] }
export interface DeleteOp { op: 'delete'; table: string; where: Condition[] }
export interface WaitOp {
  op: 'wait'
  table: string
  where: Condition[]
  columns: string[]
  until: '==' | '!='
  rows: Row[]
  /** Milliseconds the server may block the transaction; 0 means "check now, fail if not". */
  timeout?: number
}
export interface CommitOp { op: 'commit'; durable: boolean }
export interface AbortOp { op: 'abort' }
export interface CommentOp { op: 'comment'; comment: string }
export interface AssertOp { op: 'assert'; lock: string }

export type Operation =
  | InsertOp | SelectOp | UpdateOp | MutateOp | DeleteOp | WaitOp | CommitOp | AbortOp | CommentOp | AssertOp

/** One element of a transact reply. Which field is present depends on the operation. */
export interface OperationResult {
  uuid?: Uuid
  rows?: Row[]
  count?: number
  error?: string
  details?: string
}

// ---- schema (RFC 7047 3.2) ----

export type BaseType =
  | string
  | {
      type: string
      enum?: Value
      minInteger?: number
      maxInteger?: number
      minReal?: number
      maxReal?: number
      minLength?: number
      maxLength?: number
      refTable?: string
      refType?: 'strong' | 'weak'
    }
export interface ColumnType { key: BaseType; value?: BaseType; min?: number; max?: number | 'unlimited' }
export interface ColumnSchema { type: BaseType | ColumnType; ephemeral?: boolean; mutable?: boolean }
export interface TableSchema {
  columns: Record<string, ColumnSchema>
  maxRows?: number
  isRoot?: boolean
  indexes?: string[][]
}
export interface DatabaseSchema {
  name: string
  version: string
  cksum?: string
  tables: Record<string, TableSchema>
}

// ---- monitor (RFC 7047 4.1.5/4.1.6) and monitor_cond (ovsdb-server(7) "update2") ----

export interface MonitorSelect { initial?: boolean; insert?: boolean; delete?: boolean; modify?: boolean }
export interface MonitorRequest { columns?: string[]; select?: MonitorSelect }
export interface MonitorCondRequest extends MonitorRequest { where?: Condition[] }
export type MonitorRequests = Record<string, MonitorRequest | MonitorRequest[]>
export type MonitorCondRequests = Record<string, MonitorCondRequest | MonitorCondRequest[]>

/** "update" notification: per table, per row uuid, the old and/or new row. */
export interface RowUpdate { old?: Row; new?: Row }
export type TableUpdates = Record<string, Record<string, RowUpdate>>

/** "update2" notification: per row exactly one of these keys. "modify" holds only changed
 *  columns, and for set/map columns the difference (elements to toggle), not the new value. */
export interface RowUpdate2 { initial?: Row; insert?: Row; delete?: null; modify?: Row }
export type TableUpdates2 = Record<string, Record<string, RowUpdate2>>
