// iproute2's own bytes for `ip link add va00001 type veth peer name vb00001`, captured with strace
// in a scratch namespace at bench start: the reference the floor's prebuilt requests and every
// encoder are compared with, so nothing about iproute2's encoding is taken on faith.
import { spawnSync } from 'node:child_process'
import { parseStraceText } from '../../codecs/inputs/strace.js'
import { NLM_F_CREATE, RTM_NEWLINK } from './constants.js'

export interface Capture {
  bytes: Uint8Array | null
  note: string
}

export function captureIproute2VethCreate(ns: string, name: string, peer: string): Capture {
  const r = spawnSync('ip', ['netns', 'exec', ns, 'strace', '-f', '-xx', '-e', 'trace=sendmsg,sendto', '-e', 'write=all', 'ip', 'link', 'add', name, 'type', 'veth', 'peer', 'name', peer], {
    encoding: 'utf8',
    timeout: 60_000,
  })
  spawnSync('ip', ['-n', ns, 'link', 'del', name], { timeout: 30_000 })
  if (r.error || r.status !== 0) return { bytes: null, note: `strace capture failed (${r.error?.message ?? (r.stderr ?? '').trim().split('\n').pop()})` }
  for (const chunk of parseStraceText(r.stderr)) {
    const b = chunk.bytes
    if (chunk.direction !== 'out' || b.length < 32) continue
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength)
    if (v.getUint16(4, true) === RTM_NEWLINK && (v.getUint16(6, true) & NLM_F_CREATE) !== 0) return { bytes: b.slice(0, v.getUint32(0, true)), note: 'captured with strace' }
  }
  return { bytes: null, note: 'no RTM_NEWLINK with NLM_F_CREATE in the strace output' }
}
