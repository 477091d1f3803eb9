// The one place nlwire calls libc itself, through `koffi` (an optional dependency): the system
// calls Node has no binding for and the `netlink` package does not make. setns and unshare for
// namespaces, mount / umount2 for /run/netns, setsockopt / getsockopt / getsockname on netlink
// sockets, and dup / close to find a new socket's descriptor. Nothing else goes through the FFI.
//
// Loaded on first need (opening a socket, netns.add), with createRequire so that the bundle keeps
// `koffi` external and importing nlwire does not pay for it. Where koffi cannot load (no prebuilt
// binary for the platform, a runtime that refuses native addons), or NLWIRE_NETNS=relay asks for
// it, sys() answers undefined and nlwire behaves as it would without koffi: sockets in named
// namespaces are owned by relay processes, netns.add runs util-linux, and no socket option is set.
import { createRequire } from 'node:module'
import { errnoName } from '../errno.js'
import { netnsLog } from '../debug.js'

/** <sched.h> */
export const CLONE_NEWNET = 0x40000000
/** <sys/mount.h> */
export const MS_BIND = 0x1000
export const MS_REC = 0x4000
export const MS_SHARED = 1 << 20
export const MNT_DETACH = 2
/** <sys/socket.h>, <linux/netlink.h> */
export const AF_NETLINK = 16
export const SOL_SOCKET = 1
export const SO_MEMINFO = 55
export const SOL_NETLINK = 270
export const NETLINK_NO_ENOBUFS = 5
export const NETLINK_EXT_ACK = 11
export const NETLINK_GET_STRICT_CHK = 12
/** <linux/sock_diag.h>: indexes into SO_MEMINFO's u32 array. */
export const SK_MEMINFO_RMEM_ALLOC = 0
export const SK_MEMINFO_RCVBUF = 1
export const SK_MEMINFO_DROPS = 8
export const SK_MEMINFO_VARS = 9

/** A system call failed: errno, its name, and the call. */
export class SysError extends Error {
  override name = 'SysError'
  readonly code: string
  constructor(
    readonly syscall: string,
    readonly errno: number,
  ) {
    super(`${syscall}: ${errnoName(errno)}`)
    this.code = errnoName(errno)
  }
}

/** The calls, each throwing SysError on failure. */
export interface Sys {
  setns(fd: number, nstype: number): void
  unshare(flags: number): void
  mount(source: string, target: string, fstype: string, flags: number): void
  umount2(target: string, flags: number): void
  setsockoptInt(fd: number, level: number, name: number, value: number): void
  getsockoptInt(fd: number, level: number, name: number): number
  /** SO_MEMINFO: the socket's u32 counters (SK_MEMINFO_*). */
  meminfo(fd: number): Uint32Array
  /** getsockname of a netlink socket; undefined when fd is not one (or not a socket). */
  netlinkAddress(fd: number): { port: number; groups: number } | undefined
  dup(fd: number): number
  close(fd: number): void
  /** What was loaded: 'koffi 3.3.4, libc.so.6'. */
  readonly description: string
}

export type NetnsMechanism = 'setns' | 'relay'

export interface MechanismInfo {
  /** 'setns': sockets in other namespaces are made by this process; 'relay': by child processes. */
  mechanism: NetnsMechanism
  /** Why: what was loaded, or why koffi was not used. */
  reason: string
}

type KoffiFunc = (...args: unknown[]) => number
interface KoffiLib {
  func(signature: string): KoffiFunc
}
interface Koffi {
  load(path: string): KoffiLib
  errno(): number
  version?: string
}

let loaded: { sys: Sys | undefined; info: MechanismInfo } | undefined

const LIBC = ['libc.so.6', 'libc.so', 'libc.musl-x86_64.so.1', 'libc.musl-aarch64.so.1']

function loadKoffi(): { sys: Sys | undefined; info: MechanismInfo } {
  const forced = process.env.NLWIRE_NETNS
  if (forced === 'relay') {
    return { sys: undefined, info: { mechanism: 'relay', reason: 'NLWIRE_NETNS=relay: koffi is not used (as if it could not load)' } }
  }
  let koffi: Koffi
  try {
    koffi = createRequire(import.meta.url)('koffi') as Koffi
  } catch (e) {
    return notLoaded(`koffi could not be loaded: ${firstLine(e)}`)
  }
  let lib: KoffiLib | undefined
  let libName = ''
  const failures: string[] = []
  for (const name of LIBC) {
    try {
      lib = koffi.load(name)
      libName = name
      break
    } catch (e) {
      failures.push(`${name}: ${firstLine(e)}`)
    }
  }
  if (lib === undefined) return notLoaded(`koffi loaded but no C library did (${failures.join('; ')})`)
  try {
    const sys = bind(koffi, lib, `koffi ${koffi.version ?? '?'}, ${libName}`)
    return { sys, info: { mechanism: 'setns', reason: `setns from this process (${sys.description})` } }
  } catch (e) {
    return notLoaded(`koffi could not bind the system calls in ${libName}: ${firstLine(e)}`)
  }
}

function notLoaded(reason: string): { sys: undefined; info: MechanismInfo } {
  if (process.env.NLWIRE_NETNS === 'setns') throw new Error(`NLWIRE_NETNS=setns, but ${reason}`)
  return { sys: undefined, info: { mechanism: 'relay', reason } }
}

function firstLine(e: unknown): string {
  return String((e as Error)?.message ?? e).split('\n')[0]!
}

function bind(koffi: Koffi, lib: KoffiLib, description: string): Sys {
  const f = (sig: string) => lib.func(sig)
  const setns = f('int setns(int fd, int nstype)')
  const unshare = f('int unshare(int flags)')
  const mount = f('int mount(const char *source, const char *target, const char *fstype, unsigned long flags, const void *data)')
  const umount2 = f('int umount2(const char *target, int flags)')
  const setsockopt = f('int setsockopt(int fd, int level, int name, const void *value, uint32_t len)')
  const getsockopt = f('int getsockopt(int fd, int level, int name, _Out_ void *value, _Inout_ uint32_t *len)')
  const getsockname = f('int getsockname(int fd, _Out_ void *addr, _Inout_ uint32_t *len)')
  const dup = f('int dup(int fd)')
  const close = f('int close(int fd)')
  const check = (name: string, r: number): number => {
    if (r < 0) throw new SysError(name, koffi.errno())
    return r
  }
  const intBuf = Buffer.alloc(4)
  const addrBuf = Buffer.alloc(12)
  return {
    description,
    setns: (fd, nstype) => void check('setns', setns(fd, nstype)),
    unshare: (flags) => void check('unshare', unshare(flags)),
    mount: (source, target, fstype, flags) => void check('mount', mount(source, target, fstype, flags, null)),
    umount2: (target, flags) => void check('umount2', umount2(target, flags)),
    setsockoptInt: (fd, level, name, value) => {
      intBuf.writeInt32LE(value, 0)
      check('setsockopt', setsockopt(fd, level, name, intBuf, 4))
    },
    getsockoptInt: (fd, level, name) => {
      const len = [4]
      check('getsockopt', getsockopt(fd, level, name, intBuf, len))
      return intBuf.readInt32LE(0)
    },
    meminfo: (fd) => {
      const out = new Uint32Array(SK_MEMINFO_VARS)
      const len = [out.byteLength]
      check('getsockopt', getsockopt(fd, SOL_SOCKET, SO_MEMINFO, out, len))
      return out
    },
    netlinkAddress: (fd) => {
      const len = [12]
      if (getsockname(fd, addrBuf, len) < 0) return undefined
      if (len[0]! < 12 || addrBuf.readUInt16LE(0) !== AF_NETLINK) return undefined
      return { port: addrBuf.readUInt32LE(4), groups: addrBuf.readUInt32LE(8) }
    },
    dup: (fd) => check('dup', dup(fd)),
    close: (fd) => void check('close', close(fd)),
  }
}

function state(): { sys: Sys | undefined; info: MechanismInfo } {
  if (loaded === undefined) {
    loaded = loadKoffi()
    netnsLog('namespaces: %s (%s)', loaded.info.mechanism === 'setns' ? 'in this process' : 'relay processes', loaded.info.reason)
  }
  return loaded
}

/** The system calls, or undefined where koffi is not available (or NLWIRE_NETNS=relay). */
export function sys(): Sys | undefined {
  return state().sys
}

/** Which path nlwire takes for other namespaces, and why. Loads koffi if it was not yet. */
export function mechanism(): MechanismInfo {
  return { ...state().info }
}
