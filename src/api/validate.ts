// Every option of every API call, checked before anything is looked up, encoded or sent: small
// pure checkers per kind of value (an integer in a range, a MAC, an address, a link reference, a
// set of kernel attributes ...), each throwing ApiError with the operation, the object, the
// option and the value — `link.set v0: mtu -1 is not a valid MTU (an integer 0..4294967295 ...)`.
// One table below says what each call takes (CALLS); guard.ts runs it at the top of every entry
// point, so the request builders never see a value they cannot encode, and an unknown option (a
// typo) is an error rather than silently nothing.
import type { AttrSet } from '../../codecs/core/attrs.js'
import { parseIP, parseIPv4, parseIPv6, parseLladdr } from '../../codecs/core/addresses.js'
import { bridgePortAttrs } from '../../codecs/link/bridge-port.js'
import { bridgeAttrs } from '../../codecs/link/bridge.js'
import { ipv4DevconfAttrs } from '../../codecs/link/inet.js'
import { macvlanAttrs } from '../../codecs/link/macvlan.js'
import { vxlanAttrs } from '../../codecs/link/vxlan.js'
import { ApiError } from './errors.js'
import { protocolNumber } from './view-names.js'

export const U8 = 0xff
export const U16 = 0xffff
export const U32 = 0xffffffff
const IFNAMSIZ = 16
/** IFALIASZ: an alias is at most 255 bytes. */
const IFALIASZ = 256
/** MAX_ADDR_LEN: link-layer addresses are at most 32 bytes. */
const MAX_ADDR_LEN = 32

/** Where a check runs: the call and the object it is about, for the message. */
export interface Where {
  operation: string
  object: string | undefined
}

/** A value as messages quote it: strings in quotes, numbers as they are, objects briefly. */
export function show(v: unknown): string {
  if (typeof v === 'string') return JSON.stringify(v)
  if (typeof v === 'bigint') return `${v}n`
  if (typeof v === 'number' || typeof v === 'boolean' || v === undefined || v === null) return String(v)
  if (v instanceof Uint8Array) return `<${v.length} bytes>`
  if (Array.isArray(v)) return `[${v.map(show).join(', ')}]`
  if (typeof v === 'function') return 'a function'
  try {
    const s = JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x))
    return s.length > 60 ? `${s.slice(0, 57)}...` : s
  } catch {
    return 'an object'
  }
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!
    d[0] = i
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1]!.toLowerCase() === b[j - 1]!.toLowerCase() ? 0 : 1))
      prev = cur
    }
  }
  return d[b.length]!
}

/** The known name closest to a misspelt one, if one is close. */
function nearest(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined
  let bestD = Infinity
  for (const k of known) {
    const dd = distance(name, k)
    if (dd < bestD) [best, bestD] = [k, dd]
  }
  return best !== undefined && bestD <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined
}

/** The checkers, bound to one call. `option` is the option's path as users write it: 'peer.mtu'. */
export class Check {
  constructor(readonly where: Where) {}

  fail(option: string, value: unknown, why: string): never {
    const { operation, object } = this.where
    const head = object !== undefined && object !== '' ? `${operation} ${object}` : operation
    throw new ApiError(`${head}: ${option} ${show(value)} ${why}`, { operation, object, option, value })
  }

  /** A sentence that is not about one value (a missing option, options that exclude each other). */
  refuse(why: string, option?: string): never {
    const { operation, object } = this.where
    const head = object !== undefined && object !== '' ? `${operation} ${object}` : operation
    throw new ApiError(`${head}: ${why}`, { operation, object, ...(option !== undefined ? { option } : {}) })
  }

  /** A plain object of options (what, for the message: "the link's options ({ name, kind, ... })"). */
  options(option: string, v: unknown, what: string): asserts v is Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) {
      if (option === '') this.refuse(`give ${what}, not ${show(v)}`)
      this.fail(option, v, `is not an object of options (${what})`)
    }
  }

  /** Only these keys (an unknown one is a typo, or an option of another call or kind). */
  keys(option: string, v: Record<string, unknown>, known: readonly string[], elsewhere: Readonly<Record<string, string>> = {}): void {
    for (const k of Object.keys(v)) {
      if (known.includes(k) || v[k] === undefined) continue
      const path = option === '' ? k : `${option}.${k}`
      const other = elsewhere[k]
      if (other !== undefined) this.refuse(`${path} is ${other}`, path)
      const near = nearest(k, known)
      this.refuse(`unknown option ${path}${near !== undefined ? ` (did you mean ${option === '' ? near : `${option}.${near}`}?)` : ` (${option === '' ? 'the options are' : `${option} takes`} ${known.join(', ')})`}`, path)
    }
  }

  required(option: string, v: unknown, what: string): void {
    if (v === undefined) this.refuse(`${option} is required (${what})`, option)
  }

  /** An integer lo..hi (bigints in that range too). `what`: 'a valid MTU'. */
  int(option: string, v: unknown, lo: number, hi: number, what: string, note = ''): void {
    if (typeof v === 'bigint' && v >= BigInt(lo) && v <= BigInt(hi)) return
    if (typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi) return
    this.fail(option, v, `is not ${what} (an integer ${lo}..${hi}${note})`)
  }

  /** u64: a bigint or a safe integer, 0..2^64-1. */
  u64(option: string, v: unknown, what: string): void {
    const ok = typeof v === 'bigint' ? v >= 0n && v <= 0xffffffffffffffffn : typeof v === 'number' && Number.isSafeInteger(v) && v >= 0
    if (!ok) this.fail(option, v, `is not ${what} (an integer 0..2^64-1, a bigint above 2^53)`)
  }

  bool(option: string, v: unknown): void {
    if (typeof v !== 'boolean') this.fail(option, v, 'is not true or false')
  }

  /** A string of at most maxBytes UTF-8 bytes (the kernel's buffer, NUL excluded), without NUL. */
  text(option: string, v: unknown, what: string, maxBytes?: number, nonEmpty = false): void {
    if (typeof v !== 'string') this.fail(option, v, `is not a string (${what})`)
    if (nonEmpty && v === '') this.fail(option, v, `is empty (${what})`)
    if (v.includes('\0')) this.fail(option, v, `contains a NUL byte (${what})`)
    if (maxBytes !== undefined && Buffer.byteLength(v, 'utf8') > maxBytes) this.fail(option, v, `is longer than ${maxBytes} bytes (${what})`)
  }

  oneOf<T extends string>(option: string, v: unknown, values: readonly T[], what = 'one of'): asserts v is T {
    if (typeof v !== 'string' || !values.includes(v as T)) this.fail(option, v, `is not ${what} ${values.map((x) => `'${x}'`).join(', ')}`)
  }

  /** A link-layer (MAC) address: '02:00:00:00:00:01'. */
  mac(option: string, v: unknown): void {
    const b = typeof v === 'string' ? parseLladdr(v) : null
    if (b === null || b.length === 0 || b.length > MAX_ADDR_LEN) this.fail(option, v, "is not a MAC address (like '02:00:00:00:00:01')")
  }

  /** An IPv4 or IPv6 address (family: only that one). */
  ip(option: string, v: unknown, family?: 'inet' | 'inet6'): void {
    const b = typeof v === 'string' ? (family === 'inet' ? parseIPv4(v) : family === 'inet6' ? parseIPv6(v) : parseIP(v)) : null
    if (b === null) this.fail(option, v, `is not an ${family === 'inet' ? 'IPv4' : family === 'inet6' ? 'IPv6' : 'IPv4 or IPv6'} address`)
  }

  /** 'a.b.c.d/len', 'x::y/len', or an address alone (a host); `all`: also 'all'. */
  prefix(option: string, v: unknown, opts: { all?: boolean; default?: boolean } = {}): void {
    if (typeof v === 'string' && ((opts.all && v === 'all') || (opts.default && v === 'default'))) return
    const like = `(like '192.168.88.1/24', '10.0.0.0/8' or '2001:db8::1/64'${opts.default ? ", or 'default'" : ''}${opts.all ? ", or 'all'" : ''})`
    if (typeof v !== 'string') this.fail(option, v, `is not an IPv4 or IPv6 address or prefix ${like}`)
    const slash = v.indexOf('/')
    const addr = slash === -1 ? v : v.slice(0, slash)
    const b = parseIP(addr)
    if (b === null) this.fail(option, v, `is not an IPv4 or IPv6 address or prefix ${like}`)
    if (slash !== -1) {
      const len = v.slice(slash + 1)
      const max = b.length * 8
      if (!/^\d+$/.test(len) || Number(len) > max) this.fail(option, v, `has no valid prefix length (0..${max})`)
    }
  }

  /** An interface name the kernel accepts (dev_valid_name). */
  linkName(option: string, v: unknown): void {
    if (typeof v !== 'string' || v === '') this.fail(option, v, 'is not a link name (a non-empty string)')
    if (Buffer.byteLength(v, 'utf8') >= IFNAMSIZ) this.fail(option, v, 'is not a link name: longer than 15 bytes (IFNAMSIZ)')
    if (v === '.' || v === '..' || /[/:\s]/.test(v)) this.fail(option, v, "is not a link name: '.', '..', or it contains '/', ':' or whitespace")
  }

  /** A link by name or ifindex. */
  linkRef(option: string, v: unknown): void {
    if (typeof v === 'number') return this.int(option, v, 1, 0x7fffffff, 'an ifindex')
    if (typeof v === 'string') return this.linkName(option, v)
    this.fail(option, v, 'is not a link (a name or an ifindex)')
  }

  /** A namespace: a /run/netns name, { name }, { pid }, { fd } or { path }. */
  netnsRef(option: string, v: unknown): void {
    if (typeof v === 'string') return this.netnsName(option, v)
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) {
      const o = v as Record<string, unknown>
      const keys = Object.keys(o).filter((k) => o[k] !== undefined)
      if (keys.length === 1) {
        if (keys[0] === 'name') return this.netnsName(`${option}.name`, o.name)
        if (keys[0] === 'pid') return this.int(`${option}.pid`, o.pid, 1, 0x7fffffff, 'a process id')
        if (keys[0] === 'fd') return this.int(`${option}.fd`, o.fd, 0, 0x7fffffff, 'a file descriptor')
        if (keys[0] === 'path') return this.text(`${option}.path`, o.path, 'a namespace file', 4095, true)
      }
    }
    this.fail(option, v, 'is not a network namespace (a name, { name }, { pid }, { fd } or { path })')
  }

  netnsName(option: string, v: unknown): void {
    if (typeof v !== 'string' || v === '' || v === '.' || v === '..' || v.includes('/') || v.includes('\0') || Buffer.byteLength(v, 'utf8') > 255) {
      this.fail(option, v, "is not a namespace name (a file name under /run/netns: no '/', not '.' or '..')")
    }
  }

  /** An array, each element checked by `each`. */
  array(option: string, v: unknown, what: string, each: (option: string, x: unknown) => void, min = 0): void {
    if (!Array.isArray(v)) this.fail(option, v, `is not an array (${what})`)
    if (v.length < min) this.fail(option, v, `needs at least ${min} element${min === 1 ? '' : 's'} (${what})`)
    v.forEach((x, i) => each(`${option}[${i}]`, x))
  }

  /** n or [from, to], each 0..max, from <= to. */
  range(option: string, v: unknown, max: number, what: string): void {
    if (typeof v === 'number') return this.int(option, v, 0, max, what)
    if (!Array.isArray(v) || v.length !== 2) this.fail(option, v, `is not ${what} or a [from, to] range`)
    this.int(`${option}[0]`, v[0], 0, max, what)
    this.int(`${option}[1]`, v[1], 0, max, what)
    if ((v[0] as number) > (v[1] as number)) this.fail(option, v, 'is a range that runs backwards')
  }

  /**
   * An object of kernel attributes by their YNL names (a bridge's IFLA_BR_*, a port's
   * IFLA_BRPORT_*, devconf ...): each key must be one the codec knows, each value fit its type.
   * `except`: keys the API takes itself (handled by the caller). Struct-valued attributes are the
   * codec's to check.
   */
  attrs(option: string, v: unknown, set: AttrSet, what: string, except: readonly string[] = []): void {
    this.options(option, v, what)
    const known = set.specs.map((s) => s.key).filter((k) => !except.includes(k))
    for (const [k, x] of Object.entries(v)) {
      if (x === undefined || except.includes(k)) continue
      const path = `${option}.${k}`
      if (k === 'unknown') {
        this.array(path, x, 'raw attributes { type, data }', (p, a) => {
          this.options(p, a, '{ type, data }')
          this.int(`${p}.type`, a.type, 0, U16, 'an attribute type')
          if (!(a.data instanceof Uint8Array)) this.fail(`${p}.data`, a.data, 'is not a Uint8Array')
        })
        continue
      }
      const spec = set.byKey.get(k)
      if (spec === undefined || except.includes(k)) {
        const near = nearest(k, known)
        this.refuse(`unknown option ${path}${near !== undefined ? ` (did you mean ${option}.${near}?)` : ` (${what})`}`, path)
      }
      const vals = spec.multi ? (Array.isArray(x) ? x : this.fail(path, x, 'is not an array (the attribute repeats)')) : [x]
      for (const y of vals) this.attrValue(path, y, spec.kind, spec.name, spec.nest)
    }
  }

  private attrValue(path: string, v: unknown, kind: string, name: string, nest: AttrSet | (() => AttrSet) | undefined): void {
    const asNumber = typeof v === 'boolean' ? (v ? 1 : 0) : v
    switch (kind) {
      case 'u8':
        return this.int(path, asNumber, 0, U8, `a valid ${name}`)
      case 'u16':
      case 'be16':
        return this.int(path, asNumber, 0, U16, `a valid ${name}`)
      case 'u32':
      case 'be32':
        return this.int(path, asNumber, 0, U32, `a valid ${name}`)
      case 's8':
        return this.int(path, asNumber, -0x80, 0x7f, `a valid ${name}`)
      case 's16':
        return this.int(path, asNumber, -0x8000, 0x7fff, `a valid ${name}`)
      case 's32':
        return this.int(path, asNumber, -0x80000000, 0x7fffffff, `a valid ${name}`)
      case 'u64':
        return this.u64(path, v, `a valid ${name}`)
      case 's64': {
        const ok = typeof v === 'bigint' ? v >= -(2n ** 63n) && v < 2n ** 63n : typeof v === 'number' && Number.isSafeInteger(v)
        if (!ok) this.fail(path, v, `is not a valid ${name} (a signed 64-bit integer)`)
        return
      }
      case 'flag':
        if (v !== true) this.fail(path, v, `is not true (${name} is a flag: true, or leave it out)`)
        return
      case 'string':
        return this.text(path, v, name)
      case 'binary':
        if (!(v instanceof Uint8Array)) this.fail(path, v, `is not a Uint8Array (${name})`)
        return
      case 'lladdr':
        return this.mac(path, v)
      case 'ipaddr':
        return this.ip(path, v)
      case 'ipv4':
        return this.ip(path, v, 'inet')
      case 'ipv6':
        return this.ip(path, v, 'inet6')
      case 'nest': {
        const set = typeof nest === 'function' ? nest() : nest
        if (set !== undefined) this.attrs(path, v, set, name)
        return
      }
      default:
        return // 'custom': a struct or array the codec checks as it encodes
    }
  }
}

// ---------------------------------------------------------------------------------------------
// What each call takes

const FAMILIES = ['inet', 'inet6'] as const

function common(c: Check, o: Record<string, unknown>, at = ''): void {
  const p = (k: string): string => (at === '' ? k : `${at}.${k}`)
  if (o.mtu !== undefined) c.int(p('mtu'), o.mtu, 0, U32, 'a valid MTU', "; the kernel holds it to the link's own range, ip -d link show: minmtu..maxmtu")
  if (o.address !== undefined) c.mac(p('address'), o.address)
  if (o.broadcast !== undefined) c.mac(p('broadcast'), o.broadcast)
  if (o.txqlen !== undefined) c.int(p('txqlen'), o.txqlen, 0, U32, 'a valid queue length')
  if (o.group !== undefined) c.int(p('group'), o.group, 0, U32, 'a link group')
  if (o.alias !== undefined) c.text(p('alias'), o.alias, 'an alias', IFALIASZ - 1)
  if (o.master !== undefined && o.master !== null) c.linkRef(p('master'), o.master)
  if (o.netns !== undefined) c.netnsRef(p('netns'), o.netns)
  if (o.up !== undefined) c.bool(p('up'), o.up)
}

const COMMON_KEYS = ['mtu', 'address', 'broadcast', 'txqlen', 'group', 'alias', 'master', 'netns', 'up'] as const
/** The options only some kinds take, and those kinds (link-requests.ts KIND_DATA turns each into the kind's data). */
const KIND_OPTIONS: Readonly<Record<string, readonly string[]>> = {
  peer: ['veth'],
  bridge: ['bridge'],
  vxlan: ['vxlan'],
  macvlan: ['macvlan', 'macvtap'],
}
const MACVLAN_MODES = ['private', 'vepa', 'bridge', 'passthru', 'source'] as const

/** The keys a link.add of `kind` takes, and what the other kinds' keys are; made once per kind (link.add is a hot path). */
const keysByKind = new Map<string, { own: readonly string[]; elsewhere: Readonly<Record<string, string>> }>()
function kindKeys(kind: string): { own: readonly string[]; elsewhere: Readonly<Record<string, string>> } {
  let k = keysByKind.get(kind)
  if (k === undefined) {
    const own: string[] = ['name', 'kind', ...COMMON_KEYS, 'link', 'echo']
    for (const [option, kinds] of Object.entries(KIND_OPTIONS)) if (kinds.includes(kind)) own.push(option)
    const whose = (kinds: readonly string[]) => `an option of kind ${kinds.map((x) => `'${x}'`).join(' and ')} links, not '${kind}'`
    k = { own, elsewhere: Object.fromEntries(Object.entries(KIND_OPTIONS).map(([option, kinds]) => [option, whose(kinds)])) }
    // Kinds are whatever callers write: keep the table from growing without bound.
    if (keysByKind.size < 64) keysByKind.set(kind, k)
  }
  return k
}

function linkAdd(c: Check, [o]: unknown[]): void {
  c.options('', o, "the new link's options ({ name, kind, ... })")
  c.required('name', o.name, "the new link's name")
  c.linkName('name', o.name)
  c.required('kind', o.kind, "'veth', 'bridge', 'vxlan', 'macvlan' ...")
  c.text('kind', o.kind, "a link kind: 'veth', 'bridge', 'vxlan' ...", 63, true)
  const kind = o.kind as string
  const { own, elsewhere } = kindKeys(kind)
  c.keys('', o, own, elsewhere)
  common(c, o)
  if (o.link !== undefined) c.linkRef('link', o.link)
  if (o.echo !== undefined) c.bool('echo', o.echo)
  if (o.peer !== undefined) {
    c.options('peer', o.peer, "the veth peer's options ({ name, ... })")
    c.keys('peer', o.peer, ['name', 'mtu', 'address', 'broadcast', 'txqlen', 'netns', 'up'])
    if (o.peer.name !== undefined) c.linkName('peer.name', o.peer.name)
    common(c, o.peer, 'peer')
  }
  if (o.bridge !== undefined) c.attrs('bridge', o.bridge, bridgeAttrs, 'IFLA_BR_* options')
  if (o.vxlan !== undefined) {
    c.options('vxlan', o.vxlan, 'vxlan options ({ id, ... })')
    const v = o.vxlan
    c.required('vxlan.id', v.id, 'the VNI')
    c.int('vxlan.id', v.id, 0, 0xffffff, 'a VNI', ': 24 bits')
    if (v.port !== undefined) c.int('vxlan.port', v.port, 0, U16, 'a UDP port')
    if (v.dev !== undefined) c.linkRef('vxlan.dev', v.dev)
    c.attrs('vxlan', v, vxlanAttrs, 'IFLA_VXLAN_* options', ['id', 'port', 'dev', 'link'])
  }
  if (kind === 'vxlan' && o.vxlan === undefined) c.refuse('a vxlan link needs vxlan: { id }', 'vxlan')
  if (o.macvlan !== undefined) {
    c.options('macvlan', o.macvlan, 'macvlan options ({ mode, ... })')
    if (o.macvlan.mode !== undefined) c.oneOf('macvlan.mode', o.macvlan.mode, MACVLAN_MODES)
    c.attrs('macvlan', o.macvlan, macvlanAttrs, 'IFLA_MACVLAN_* options', ['mode'])
  }
}

function linkSet(c: Check, [ref, o]: unknown[]): void {
  c.linkRef('link', ref)
  c.options('', o, 'the changes ({ mtu, up, master, ... })')
  c.keys('', o, ['name', ...COMMON_KEYS, 'bridge', 'bridgePort', 'inet'])
  if (o.name !== undefined) c.linkName('name', o.name)
  common(c, o)
  if (o.bridge !== undefined) c.attrs('bridge', o.bridge, bridgeAttrs, 'IFLA_BR_* options')
  if (o.bridgePort !== undefined) c.attrs('bridgePort', o.bridgePort, bridgePortAttrs, 'IFLA_BRPORT_* options')
  if (o.inet !== undefined) c.attrs('inet', o.inet, ipv4DevconfAttrs, 'IPv4 devconf (net.ipv4.conf.DEV.*)')
}

function filter(c: Check, v: unknown, keys: readonly string[], what: string): Record<string, unknown> {
  if (v === undefined) return {}
  c.options('filter', v, what)
  c.keys('filter', v, keys)
  return v
}

function family(c: Check, option: string, v: unknown, all = false): void {
  if (v !== undefined) c.oneOf(option, v, all ? [...FAMILIES, 'all'] : FAMILIES)
}

function addr(c: Check, [dev, cidr, o]: unknown[], withOptions: boolean): void {
  c.linkRef('dev', dev)
  c.required('cidr', cidr, "the address: '192.168.88.1/24' or '2001:db8::1/64'")
  c.prefix('address', cidr)
  if (!withOptions || o === undefined) return
  c.options('options', o, '{ broadcast, label, nodad, peer }')
  c.keys('', o, ['broadcast', 'label', 'nodad', 'peer'])
  const fam = (cidr as string).includes(':') ? 'inet6' : 'inet'
  if (o.broadcast !== undefined) c.ip('broadcast', o.broadcast, 'inet')
  if (o.label !== undefined) c.text('label', o.label, 'an address label', IFNAMSIZ - 1)
  if (o.nodad !== undefined) c.bool('nodad', o.nodad)
  if (o.peer !== undefined) c.ip('peer', o.peer, fam)
}

function route(c: Check, [o]: unknown[], del: boolean): void {
  c.options('', o, "the route's options ({ dst, via, dev, ... })")
  const keys = del ? ['dst', 'via', 'dev', 'metric', 'table'] : ['dst', 'via', 'dev', 'src', 'metric', 'table', 'mtu', 'mtuLock', 'nexthops', 'nhid', 'replace', 'scope', 'protocol']
  c.keys('', o, keys)
  c.required('dst', o.dst, "'default' or a prefix like '10.0.0.0/24'")
  c.prefix('dst', o.dst, { default: true })
  if (o.via !== undefined) c.ip('via', o.via)
  if (o.dev !== undefined) c.linkRef('dev', o.dev)
  if (o.src !== undefined) c.ip('src', o.src)
  if (o.metric !== undefined) c.int('metric', o.metric, 0, U32, 'a valid metric')
  if (o.table !== undefined) c.int('table', o.table, 0, U32, 'a table number')
  if (o.mtu !== undefined) c.int('mtu', o.mtu, 0, U32, 'a path MTU')
  if (o.mtuLock !== undefined) c.bool('mtuLock', o.mtuLock)
  if (o.nexthops !== undefined) {
    c.array('nexthops', o.nexthops, 'the paths of a multipath route', (p, n) => {
      c.options(p, n, '{ via, dev, weight }')
      c.keys(p, n, ['via', 'dev', 'weight'])
      if (n.via !== undefined) c.ip(`${p}.via`, n.via)
      if (n.dev !== undefined) c.linkRef(`${p}.dev`, n.dev)
      if (n.weight !== undefined) c.int(`${p}.weight`, n.weight, 1, 256, 'a valid weight')
    }, 1)
  }
  if (o.nhid !== undefined) c.int('nhid', o.nhid, 1, U32, 'a nexthop id')
  if (o.replace !== undefined) c.bool('replace', o.replace)
  if (o.scope !== undefined) c.int('scope', o.scope, 0, U8, 'a scope (RT_SCOPE_*)')
  if (o.protocol !== undefined) c.int('protocol', o.protocol, 0, U8, 'a protocol (RTPROT_*)')
}

const NEIGH_STATES = ['permanent', 'reachable', 'stale', 'noarp'] as const
const FDB_STATES = ['permanent', 'static', 'dynamic'] as const

function neigh(c: Check, [o]: unknown[], del: boolean): void {
  c.options('', o, "the neighbour's options ({ dev, dst, lladdr, ... })")
  c.keys('', o, del ? ['dev', 'dst'] : ['dev', 'dst', 'lladdr', 'state', 'router', 'replace'])
  c.required('dev', o.dev, 'the link the entry is on')
  c.linkRef('dev', o.dev)
  c.required('dst', o.dst, 'the neighbour address')
  c.ip('dst', o.dst)
  if (o.lladdr !== undefined) c.mac('lladdr', o.lladdr)
  if (o.state !== undefined) c.oneOf('state', o.state, NEIGH_STATES)
  if (o.router !== undefined) c.bool('router', o.router)
  if (o.replace !== undefined) c.bool('replace', o.replace)
}

function fdb(c: Check, [o]: unknown[]): void {
  c.options('', o, "the FDB entry's options ({ dev, lladdr, ... })")
  c.keys('', o, ['dev', 'lladdr', 'master', 'self', 'state', 'dst', 'vni', 'append'])
  c.required('dev', o.dev, 'the port the entry points at')
  c.linkRef('dev', o.dev)
  c.required('lladdr', o.lladdr, 'the MAC address')
  c.mac('lladdr', o.lladdr)
  for (const k of ['master', 'self', 'append'] as const) if (o[k] !== undefined) c.bool(k, o[k])
  if (o.state !== undefined) c.oneOf('state', o.state, FDB_STATES)
  if (o.dst !== undefined) c.ip('dst', o.dst)
  if (o.vni !== undefined) c.int('vni', o.vni, 0, 0xffffff, 'a VNI', ': 24 bits')
}

const TABLE_NAMES = ['main', 'local', 'default']
const ACTIONS = ['lookup', 'goto', 'nop', 'blackhole', 'unreachable', 'prohibit'] as const
const IPPROTOS = ['tcp', 'udp', 'icmp', 'sctp'] as const
const PROTOCOLS = ['unspec', 'redirect', 'kernel', 'boot', 'static', 'dhcp', 'bgp', 'ospf', 'zebra']
const RULE_KEYS = [
  'from', 'to', 'not', 'tos', 'fwmark', 'fwmask', 'iif', 'oif', 'ipproto', 'sport', 'dport', 'realms', 'tunId', 'l3mdev', 'uidrange',
  'suppressIfgroup', 'suppressPrefixlength', 'table', 'action', 'goto', 'priority', 'protocol', 'family',
] as const

function protocol(c: Check, option: string, v: unknown): void {
  if (typeof v === 'number') return c.int(option, v, 0, U8, 'a protocol (RTPROT_*)')
  if (typeof v !== 'string' || !PROTOCOLS.includes(v)) c.fail(option, v, `is not a protocol (0..255, or ${PROTOCOLS.map((p) => `'${p}'`).join(', ')})`)
}

function rule(c: Check, [o]: unknown[]): void {
  c.options('', o, "the rule's selector and action ({ from, table, priority, ... })")
  c.keys('', o, RULE_KEYS)
  if (o.from !== undefined) c.prefix('from', o.from, { all: true })
  if (o.to !== undefined) c.prefix('to', o.to, { all: true })
  for (const k of ['not', 'l3mdev'] as const) if (o[k] !== undefined) c.bool(k, o[k])
  if (o.tos !== undefined) c.int('tos', o.tos, 0, U8, 'a TOS byte')
  for (const k of ['fwmark', 'fwmask', 'suppressIfgroup', 'goto', 'priority'] as const) if (o[k] !== undefined) c.int(k, o[k], 0, U32, `a valid ${k}`)
  for (const k of ['iif', 'oif'] as const) if (o[k] !== undefined) c.linkName(k, o[k])
  if (o.ipproto !== undefined) {
    if (typeof o.ipproto === 'number') c.int('ipproto', o.ipproto, 0, U8, 'an IP protocol number')
    else c.oneOf('ipproto', o.ipproto, IPPROTOS, 'an IP protocol number or one of')
  }
  if (o.sport !== undefined) c.range('sport', o.sport, U16, 'a port')
  if (o.dport !== undefined) c.range('dport', o.dport, U16, 'a port')
  if (o.realms !== undefined) {
    if (typeof o.realms === 'number') c.int('realms', o.realms, 0, U16, 'a realm')
    else {
      if (!Array.isArray(o.realms) || o.realms.length !== 2) c.fail('realms', o.realms, 'is not a realm or a [source, destination] pair')
      c.int('realms[0]', o.realms[0], 0, U16, 'a realm')
      c.int('realms[1]', o.realms[1], 0, U16, 'a realm')
    }
  }
  if (o.tunId !== undefined) c.u64('tunId', o.tunId, 'a tunnel id')
  if (o.uidrange !== undefined) {
    if (!Array.isArray(o.uidrange) || o.uidrange.length !== 2) c.fail('uidrange', o.uidrange, 'is not a [first, last] uid range')
    c.range('uidrange', o.uidrange, U32, 'a uid')
  }
  if (o.suppressPrefixlength !== undefined) c.int('suppressPrefixlength', o.suppressPrefixlength, 0, 128, 'a prefix length')
  if (o.table !== undefined) {
    if (typeof o.table === 'number') c.int('table', o.table, 0, U32, 'a table number')
    else if (typeof o.table !== 'string' || !TABLE_NAMES.includes(o.table)) c.fail('table', o.table, `is not a table (a number, or ${TABLE_NAMES.map((t) => `'${t}'`).join(', ')})`)
  }
  if (o.action !== undefined) c.oneOf('action', o.action, ACTIONS)
  if (o.protocol !== undefined) protocol(c, 'protocol', o.protocol)
  family(c, 'family', o.family)
}

function nexthopId(c: Check, option: string, v: unknown): void {
  c.int(option, v, 1, U32, 'a nexthop id')
}

function nexthop(c: Check, [o]: unknown[]): void {
  c.options('', o, "the nexthop's options ({ id, via, dev, ... })")
  c.keys('', o, ['id', 'via', 'dev', 'blackhole', 'group', 'type', 'buckets', 'idleTimer', 'unbalancedTimer', 'fdb', 'onlink', 'protocol', 'family', 'replace'])
  c.required('id', o.id, "the nexthop's id")
  nexthopId(c, 'id', o.id)
  if (o.via !== undefined) c.ip('via', o.via)
  if (o.dev !== undefined) c.linkRef('dev', o.dev)
  for (const k of ['blackhole', 'fdb', 'onlink', 'replace'] as const) if (o[k] !== undefined) c.bool(k, o[k])
  if (o.group !== undefined) {
    c.array('group', o.group, 'the members ({ id, weight })', (p, m) => {
      c.options(p, m, '{ id, weight }')
      c.keys(p, m, ['id', 'weight'])
      nexthopId(c, `${p}.id`, m.id)
      if (m.weight !== undefined) c.int(`${p}.weight`, m.weight, 1, 256, 'a valid weight')
    }, 1)
  }
  if (o.type !== undefined) c.oneOf('type', o.type, ['mpath', 'resilient'])
  if (o.buckets !== undefined) c.int('buckets', o.buckets, 1, U16, 'a number of buckets')
  for (const k of ['idleTimer', 'unbalancedTimer'] as const) if (o[k] !== undefined) c.int(k, o[k], 0, Math.floor(U32 / 100) - 1, 'a number of seconds')
  if (o.protocol !== undefined) protocol(c, 'protocol', o.protocol)
  family(c, 'family', o.family)
}

/**
 * Every API call: how its errors name the object (from the arguments, without trusting them)
 * and what it takes.
 */
export interface CallSpec {
  object(args: unknown[]): string | undefined
  check(c: Check, args: unknown[]): void
}

const str = (v: unknown): string | undefined => (typeof v === 'string' || typeof v === 'number' ? String(v) : undefined)
const field = (v: unknown, k: string): unknown => (typeof v === 'object' && v !== null ? (v as Record<string, unknown>)[k] : undefined)
const on = (what: unknown, dev: unknown): string | undefined => (str(what) !== undefined ? `${str(what)}${str(dev) !== undefined ? ` on ${str(dev)}` : ''}` : undefined)
const netnsLabel = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'object' && v !== null ? show(v) : undefined)
const none = (): undefined => undefined
/** A rule as errors name it (rule.ts does the same for the kernel's answers): its priority, else its selector. */
const ruleLabel = (o: unknown): string | undefined => {
  const parts: string[] = []
  for (const [k, w] of [['priority', 'pref'], ['from', 'from'], ['to', 'to'], ['table', 'table']] as const) {
    const v = field(o, k)
    if (typeof v === 'string' || typeof v === 'number') parts.push(`${w} ${v}`)
  }
  return parts.length > 0 ? parts.join(' ') : undefined
}

export const CALLS: Readonly<Record<string, CallSpec>> = {
  'link.add': { object: ([o]) => str(field(o, 'name')), check: linkAdd },
  'link.set': { object: ([ref]) => str(ref), check: linkSet },
  'link.get': { object: ([ref]) => str(ref), check: (c, [ref]) => c.linkRef('link', ref) },
  'link.list': {
    object: none,
    check: (c, [f]) => {
      const o = filter(c, f, ['kind', 'master', 'up'], '{ kind, master, up }')
      if (o.kind !== undefined) c.text('filter.kind', o.kind, 'a link kind')
      if (o.master !== undefined && o.master !== null) c.linkRef('filter.master', o.master)
      if (o.up !== undefined) c.bool('filter.up', o.up)
    },
  },
  'link.del': {
    object: ([ref]) => (typeof ref === 'object' && ref !== null ? `group ${show(field(ref, 'group'))}` : str(ref)),
    check: (c, [ref]) => {
      if (typeof ref === 'object' && ref !== null && !Array.isArray(ref)) {
        c.keys('', ref as Record<string, unknown>, ['group'])
        return c.int('group', field(ref, 'group'), 0, U32, 'a link group')
      }
      c.linkRef('link', ref)
    },
  },
  'addr.add': { object: ([dev, cidr]) => on(cidr, dev), check: (c, a) => addr(c, a, true) },
  'addr.del': { object: ([dev, cidr]) => on(cidr, dev), check: (c, a) => addr(c, a, false) },
  'addr.list': {
    object: none,
    check: (c, [f]) => {
      const o = filter(c, f, ['dev', 'family'], '{ dev, family }')
      if (o.dev !== undefined) c.linkRef('filter.dev', o.dev)
      family(c, 'filter.family', o.family)
    },
  },
  'route.add': { object: ([o]) => str(field(o, 'dst')), check: (c, a) => route(c, a, false) },
  'route.del': { object: ([o]) => str(field(o, 'dst')), check: (c, a) => route(c, a, true) },
  'route.get': { object: ([a]) => str(a), check: (c, [a]) => c.prefix('address', a) },
  'route.list': {
    object: none,
    check: (c, [f]) => {
      const o = filter(c, f, ['table', 'family', 'protocol', 'dev'], '{ table, family, protocol, dev }')
      if (o.table !== undefined && o.table !== 'all') c.int('filter.table', o.table, 1, U32, "a table number (or 'all')")
      family(c, 'filter.family', o.family)
      if (typeof o.protocol === 'string') {
        if (protocolNumber(o.protocol) === undefined) c.fail('filter.protocol', o.protocol, "is not a routing protocol's name ('boot', 'static', 'kernel', 'dhcp' ... or a number)")
      } else if (o.protocol !== undefined) c.int('filter.protocol', o.protocol, 1, U8, 'a routing protocol (RTPROT_*)')
      if (o.dev !== undefined) c.linkRef('filter.dev', o.dev)
    },
  },
  'neigh.add': { object: ([o]) => on(field(o, 'dst'), field(o, 'dev')), check: (c, a) => neigh(c, a, false) },
  'neigh.del': { object: ([o]) => on(field(o, 'dst'), field(o, 'dev')), check: (c, a) => neigh(c, a, true) },
  'neigh.list': {
    object: none,
    check: (c, [f]) => {
      const o = filter(c, f, ['dev', 'master', 'family'], '{ dev, master, family }')
      if (o.dev !== undefined) c.linkRef('filter.dev', o.dev)
      if (o.master !== undefined) c.linkRef('filter.master', o.master)
      family(c, 'filter.family', o.family)
    },
  },
  'fdb.add': { object: ([o]) => on(field(o, 'lladdr'), field(o, 'dev')), check: fdb },
  'fdb.del': { object: ([o]) => on(field(o, 'lladdr'), field(o, 'dev')), check: fdb },
  'fdb.list': {
    object: none,
    check: (c, [f]) => {
      const o = filter(c, f, ['master', 'dev'], '{ master, dev }')
      if (o.master !== undefined) c.linkRef('filter.master', o.master)
      if (o.dev !== undefined) c.linkRef('filter.dev', o.dev)
    },
  },
  'nsid.get': { object: ([ns]) => netnsLabel(ns), check: (c, [ns]) => c.netnsRef('netns', ns) },
  'nsid.set': {
    object: ([ns]) => netnsLabel(ns),
    check: (c, [ns, id]) => {
      c.netnsRef('netns', ns)
      c.int('id', id, -1, 0x7fffffff, 'an nsid', '; -1: the kernel picks')
    },
  },
  'nsid.list': { object: none, check: () => {} },
  'rule.add': { object: ([o]) => ruleLabel(o), check: rule },
  'rule.del': { object: ([o]) => ruleLabel(o), check: rule },
  'rule.list': {
    object: none,
    check: (c, [f]) => {
      const o = filter(c, f, ['family'], '{ family }')
      family(c, 'filter.family', o.family, true)
    },
  },
  'nexthop.add': { object: ([o]) => (field(o, 'id') !== undefined ? `id ${show(field(o, 'id'))}` : undefined), check: nexthop },
  'nexthop.del': { object: ([id]) => `id ${show(id)}`, check: (c, [id]) => nexthopId(c, 'id', id) },
  'nexthop.get': { object: ([id]) => `id ${show(id)}`, check: (c, [id]) => nexthopId(c, 'id', id) },
  'nexthop.list': {
    object: none,
    check: (c, [f]) => {
      const o = filter(c, f, ['dev', 'groups', 'fdb'], '{ dev, groups, fdb }')
      if (o.dev !== undefined) c.linkRef('filter.dev', o.dev)
      for (const k of ['groups', 'fdb'] as const) if (o[k] !== undefined) c.bool(`filter.${k}`, o[k])
    },
  },
  // Open vSwitch (ovs.connect() → Switch): names and ovs-vsctl's options.
  'ovs.addBridge': { object: ([n]) => str(n), check: (c, [n, o]) => ovsCall(c, [['bridge', n]], o, { datapathType: 'text', mayExist: 'bool' }) },
  'ovs.delBridge': { object: ([n]) => str(n), check: (c, [n, o]) => ovsCall(c, [['bridge', n]], o, { ifExists: 'bool' }) },
  'ovs.addPort': { object: ([b, p]) => on(p, b), check: (c, [b, p, o]) => ovsCall(c, [['bridge', b], ['port', p]], o, { type: 'text', mayExist: 'bool' }) },
  'ovs.delPort': { object: ([b, p]) => on(p, b), check: (c, [b, p, o]) => ovsCall(c, [['bridge', b], ['port', p]], o, { ifExists: 'bool' }) },
  'ovs.listPorts': { object: ([b]) => str(b), check: (c, [b]) => ovsCall(c, [['bridge', b]], undefined, {}) },
  monitor: {
    object: none,
    check: (c: Check, [objects, opts]) => {
      if (objects !== undefined && !Array.isArray(objects)) c.fail('objects', objects, "is not an array of objects to watch (['link', 'addr', ...])")
      if (opts === undefined) return
      c.options('options', opts, '{ resync }')
      c.keys('', opts, ['resync'])
      if (opts.resync !== undefined) c.bool('resync', opts.resync)
    },
  },
}

function ovsCall(c: Check, names: [string, unknown][], o: unknown, opts: Readonly<Record<string, 'text' | 'bool'>>): void {
  for (const [k, v] of names) c.text(k, v, `a ${k} name`, undefined, true)
  if (o === undefined) return
  c.options('options', o, `{ ${Object.keys(opts).join(', ')} }`)
  c.keys('', o, Object.keys(opts))
  for (const [k, kind] of Object.entries(opts)) {
    if (o[k] === undefined) continue
    if (kind === 'bool') c.bool(k, o[k])
    else c.text(k, o[k], k, undefined, true)
  }
}

/** ovs.connect()'s options. */
export function checkOvsConnect(o: unknown): void {
  const c: Check = new Check({ operation: 'ovs.connect', object: typeof field(o, 'socket') === 'string' ? (field(o, 'socket') as string) : undefined })
  if (o === undefined) return
  c.options('', o, '{ socket, wait, applyTimeoutMs, ... }')
  c.keys('', o, ['socket', 'wait', 'applyTimeoutMs', 'requestTimeoutMs', 'connectTimeoutMs'])
  if (o.socket !== undefined) c.text('socket', o.socket, "ovsdb-server's unix socket", 107, true)
  if (o.wait !== undefined) c.bool('wait', o.wait)
  for (const k of ['applyTimeoutMs', 'requestTimeoutMs', 'connectTimeoutMs'] as const) if (o[k] !== undefined) c.int(k, o[k], 1, 0x7fffffff, 'a time in ms')
}

/** open()'s options. */
export function checkOpen(o: unknown): void {
  const c: Check = new Check({ operation: 'open', object: typeof field(o, 'netns') === 'string' ? (field(o, 'netns') as string) : undefined })
  if (o === undefined) return
  c.options('', o, '{ netns, timeout, ... }')
  if (o.transport !== undefined) return // a transport of the caller's (tests): its options are the caller's business
  c.keys('', o, ['netns', 'timeout', 'dumpRetries', 'queueSize', 'maxInFlight', 'monitorRecvBufferSize', 'recvBufferSize', 'transport'])
  // A name under /run/netns, or a namespace file's absolute path (/proc/PID/ns/net).
  if (o.netns !== undefined) {
    if (typeof o.netns === 'string' && o.netns.startsWith('/')) c.text('netns', o.netns, 'a namespace file', 4095, true)
    else c.netnsName('netns', o.netns)
  }
  if (o.timeout !== undefined) c.int('timeout', o.timeout, 0, 0x7fffffff, 'a timeout in ms', '; 0: none')
  if (o.dumpRetries !== undefined) c.int('dumpRetries', o.dumpRetries, 0, 1000, 'a number of retries')
  for (const k of ['queueSize', 'maxInFlight'] as const) if (o[k] !== undefined) c.int(k, o[k], 1, 0x7fffffff, `a valid ${k}`)
  for (const k of ['monitorRecvBufferSize', 'recvBufferSize'] as const) if (o[k] !== undefined) c.int(k, o[k], 1, 0x7fffffff, 'a buffer size in bytes')
}
