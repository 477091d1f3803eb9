// Permissions: an unprivileged process (setpriv: uid nobody, no capabilities), and root without
// CAP_NET_ADMIN, inside a scratch namespace with a veth pair. Every change is refused with an
// NlwireError whose code is EPERM or EACCES and whose message names what is missing; reads and
// monitors still work; nothing crashes, nothing changes. And the other way round: root with
// CAP_NET_ADMIN refused with EPERM for another reason is not told it lacks the capability.
import { join } from 'node:path'
import { open } from 'nlwire'
import type { CaseResult, Ctx } from '../cases.js'
import { hasStack, ipBatch, run, scratchNetns, state, stateDiff } from '../util.js'

interface Line {
  call: string
  ok: boolean
  name?: string
  code?: string
  message?: string
  nlwire?: boolean
}

const READS = new Set(['link.list', 'addr.list', 'monitor'])

export async function permissions(ctx: Ctx): Promise<CaseResult[]> {
  const G = 'permissions'
  const out: CaseResult[] = []
  const ns = await scratchNetns('perm')
  ipBatch(ns, ['link add v0 type veth peer name v1', 'link set lo up'])
  const nobody = ['--reuid=65534', '--regid=65534', '--clear-groups', '--inh-caps=-all', '--bounding-set=-all']
  const variants: [string, string[], boolean, NodeJS.ProcessEnv][] = [
    ['uid 65534 (nobody), no capabilities', nobody, false, {}],
    ['uid 65534 (nobody), no capabilities, the relay fallback (NLWIRE_NETNS=relay)', nobody, false, { NLWIRE_NETNS: 'relay' }],
    ['uid 0 without CAP_NET_ADMIN (nor CAP_SYS_ADMIN)', ['--inh-caps=-net_admin,-sys_admin', '--bounding-set=-net_admin,-sys_admin'], true, {}],
  ]
  const worker = join(ctx.root, 'scripts', 'faults', 'worker-unprivileged.ts')
  for (const [who, caps, isRoot, env] of variants) {
    // The worker runs from this checkout: under a directory others cannot enter (a 0700 home or
    // mktemp -d) uid 65534 cannot load it, and Node's loader error would say nothing of why.
    if ((await run('setpriv', [...caps, '--', 'test', '-r', worker], { timeoutMs: 10_000 })).code !== 0) {
      out.push({ group: G, name: `${who}: not run`, ok: false, figure: `this user cannot read ${worker}: a directory above it is not searchable by others (chmod o+x it, or clone where others can read); the case did not run` })
      continue
    }
    const before = state(ns)
    const r = await run('nsenter', [`--net=/run/netns/${ns}`, '--', 'setpriv', ...caps, '--', process.execPath, '--import', 'tsx', worker, ns], { timeoutMs: 120_000, env: { ...process.env, HOME: '/tmp', ...env } })
    const after = state(ns)
    let lines: Line[] = []
    try {
      lines = r.stdout.trim().split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line)
    } catch {}
    const changes = lines.filter((l) => !READS.has(l.call))
    const refusedWell = changes.filter(
      (l) =>
        !l.ok &&
        l.nlwire === true &&
        (l.code === 'EPERM' || l.code === 'EACCES' || (l.name === 'RelayError' && /^[^:]*: relay for netns [^:]*: EPERM: /.test(l.message ?? ''))) &&
        /CAP_NET_ADMIN|CAP_SYS_ADMIN|permission|root/i.test(l.message ?? '') &&
        // A sentence of ours never asserts what the process can check is false: uid 0 is told about the capability, not to become root.
        !(isRoot && /run as root|needs root/i.test(l.message ?? '')),
    )
    const reads = lines.filter((l) => READS.has(l.call) && l.ok).length
    const bad = changes.filter((l) => !refusedWell.includes(l))
    out.push({
      group: G,
      name: `${who}: ${changes.length} changes refused, ${READS.size} reads`,
      ok: r.code === 0 && !hasStack(r.stderr) && lines.length === changes.length + READS.size && refusedWell.length === changes.length && reads === READS.size && before === after,
      figure:
        `${refusedWell.length}/${changes.length} refused with an NlwireError EPERM/EACCES that says what is missing, ${reads}/${READS.size} reads and monitors work, namespace unchanged: ${before === after ? 'yes' : stateDiff(before, after)}, exit ${r.code}` +
        (bad.length ? `; NOT as they should: ${bad.map((l) => `${l.call}: ${l.ok ? 'succeeded' : `${l.name} ${l.code}: ${l.message}`}`).join(' | ')}` : '') +
        `; e.g. "${changes.find((l) => l.call === 'link.add')?.message ?? ''}"` +
        (r.code !== 0 ? `; stderr: ${r.stderr.slice(-400)}` : ''),
    })
  }
  // Root with CAP_NET_ADMIN: EPERM that is not about privileges (a link.del of group 0).
  const nl = await open({ netns: ns })
  try {
    const before = state(ns)
    const err = await nl.link.del({ group: 0 }).then(() => undefined, (e: unknown) => e as Error & { code?: string })
    const after = state(ns)
    out.push({
      group: G,
      name: 'root with CAP_NET_ADMIN: link.del({ group: 0 }) is refused for another reason',
      ok: err !== undefined && !/needs CAP_NET_ADMIN|run as root/i.test(err.message) && before === after,
      figure: `${err ? `${err.name} ${err.code}: "${err.message}"` : 'not refused (!)'}; namespace unchanged: ${before === after}`,
    })
  } finally {
    await nl.close()
  }
  return out
}
