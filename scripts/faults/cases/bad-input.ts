// Bad input, on the kernel: one bad value for each option of each API call (the table of
// test/helpers/bad-options.ts), values the checks let through that the kernel refuses, and bad
// flags for every CLI command. Each must end in a typed error naming the value — an NlwireError,
// or for the CLI a one-line message and the documented exit status, no stack trace — and leave
// the namespace exactly as it was (`ip -d -j` of links, addresses, routes, neighbours, rules and
// nexthops, before and after): nothing created, nothing changed, nothing half-built.
import { ApiError, NlwireError, open, type Netlink } from 'nlwire'
import { BAD_OPTIONS } from '../../../test/helpers/bad-options.js'
import type { CaseResult, Ctx } from '../cases.js'
import { hasStack, ipBatch, run, scratchNetns, state, stateDiff } from '../util.js'

const G = 'bad-input'

/** Calls the checks let through and the kernel refuses: [what, call, what the message must name]. */
function kernelRefused(other: string): [string, (nl: Netlink) => Promise<unknown>, RegExp][] {
  return [
  ['link.add of a veth with mtu 1e9', (nl) => nl.link.add({ name: 'v9', kind: 'veth', mtu: 1e9 }), /mtu 1000000000 is outside the range a new veth link takes/],
  ['link.add of a kind no kernel has', (nl) => nl.link.add({ name: 'd9', kind: 'nlwnosuchkind' }), /does not know link kind 'nlwnosuchkind'/],
  ['link.add of a name that exists', (nl) => nl.link.add({ name: 'v0', kind: 'veth', peer: { name: 'v7' } }), /a link named v0 already exists/],
  ['link.add of a veth whose peer name exists', (nl) => nl.link.add({ name: 'v8', kind: 'veth', peer: { name: 'v1' } }), /EEXIST/],
  ['link.add of a veth with its peer up', (nl) => nl.link.add({ name: 'v8', kind: 'veth', peer: { name: 'v7', up: true } }), /cannot be brought up by the request that creates it/],
  ['link.add of a vxlan with a VNI and nothing to send to', (nl) => nl.link.add({ name: 'x9', kind: 'vxlan', vxlan: { id: 5, dev: 'nope0' } }), /nope0/],
  ['link.set mtu 70000', (nl) => nl.link.set('v0', { mtu: 70000 }), /mtu 70000 is outside v0's range 68\.\.65535/],
  ['link.set of a missing link', (nl) => nl.link.set('nope0', { up: true }), /there is no link named nope0/],
  ['link.set master of a missing bridge', (nl) => nl.link.set('v0', { master: 'nobr0' }), /nobr0/],
  ['link.set netns of a bridge (netns-local)', (nl) => nl.link.set('br0', { netns: { pid: 1 } }), /netns-local/],
  ['link.set name of a link that is up to an existing name', (nl) => nl.link.set('v0', { name: 'v1' }), /a link named v1 already exists|is up/],
  ['link.del of a missing link', (nl) => nl.link.del('nope0'), /there is no link named nope0/],
  ['addr.add of an address already there', (nl) => nl.addr.add('v0', '192.0.2.1/24'), /192\.0\.2\.1\/24 is already on v0/],
  ['addr.del of an address not there', (nl) => nl.addr.del('v0', '192.0.2.99/24'), /192\.0\.2\.99\/24 is not an address of v0/],
  ['route.add via a gateway on no network', (nl) => nl.route.add({ dst: '10.30.0.0/16', via: '203.0.113.99' }), /gateway 203\.0\.113\.99 is not on any network/],
  ['route.add of a route that exists', (nl) => nl.route.add({ dst: '198.51.100.0/24', dev: 'v0' }), /already exists/],
  ['route.add with nhid of a missing nexthop', (nl) => nl.route.add({ dst: '10.31.0.0/16', nhid: 999 }), /EINVAL|ENOENT|nexthop/i],
  ['route.del of a missing route', (nl) => nl.route.del({ dst: '10.32.0.0/16' }), /there is no such route to 10\.32\.0\.0\/16/],
  ['neigh.del of a missing entry', (nl) => nl.neigh.del({ dev: 'v0', dst: '192.0.2.77' }), /there is no neighbour entry for 192\.0\.2\.77 on v0/],
  ['fdb.add on a port of no bridge (master)', (nl) => nl.fdb.add({ dev: 'v0', lladdr: '02:00:00:00:00:09', master: true }), /EINVAL|EOPNOTSUPP|ENODEV/],
  ['nsid.set of an id in use', (nl) => nl.nsid.set(other, 5), /nsid 5 is already in use/],
  ['rule.add with a backward goto', (nl) => nl.rule.add({ priority: 2000, goto: 1000 }), /goto 1000 must name a later rule/],
  ['rule.del of a missing rule', (nl) => nl.rule.del({ priority: 4242 }), /there is no rule matching pref 4242/],
  ['nexthop.add on a device that is down', (nl) => nl.nexthop.add({ id: 7, via: '192.0.2.2', dev: 'v1' }), /ENETDOWN|down/],
  ['nexthop.add of a group with a missing member', (nl) => nl.nexthop.add({ id: 8, group: [{ id: 999 }] }), /999|EINVAL|ENOENT/],
  ['nexthop.del of a missing nexthop', (nl) => nl.nexthop.del(4242), /there is no nexthop id 4242/],
  ]
}

/** CLI commands with bad flags: [args, exit status, stderr must say]. */
function cliCases(ns: string, prefix: string, dir: string): [string[], number, RegExp][] {
  return [
    [['bogus'], 2, /^nlwire: unknown command 'bogus'/],
    [['decode', '--format', 'bogus'], 2, /unknown format 'bogus'/],
    [['decode', '--bogus'], 2, /Unknown option '--bogus'/],
    [['decode', 'a', 'b'], 2, /one input file at most/],
    [['decode', '--out', 'x.html'], 2, /--out goes with --html/],
    [['decode', '--html', '--json'], 2, /--html/],
    [['decode', `${dir}/missing.hex`], 2, /ENOENT/],
    [['monitor', 'bogus'], 2, /unknown object 'bogus'/],
    [['monitor', '--bogus'], 2, /--bogus/],
    [['monitor', '--netns'], 2, /--netns/],
    [['monitor', '--netns', 'a/b'], 2, /--netns wants a name in \/run\/netns, not 'a\/b'/],
    [['monitor', '--netns', `${prefix}missing`], 1, /missing/],
    [['monitor', '--netns', ns, '--pcap', `${dir}/no/such/dir/x.pcap`], 1, /ENOENT|no such file/i],
    [['up'], 2, /FILE|file/],
    // Exit 3: an invalid file, nothing touched (nlwire help up).
    [['up', `${dir}/missing.yaml`, '--host', ns, '--prefix', prefix], 3, /missing\.yaml.*\n.*cannot read it/],
    [['up', `${dir}/bad.yaml`, '--host', ns, '--prefix', prefix], 3, /problems:\n/],
    [['plan', `${dir}/bad.yaml`, '--host', ns, '--prefix', prefix], 3, /problems:\n/],
    [['plan', `${dir}/good.yaml`, '--host', ns, '--prefix', 'a/b'], 3, /a namespace name cannot contain "\/"/],
    [['down', `${dir}/good.yaml`, '--bogus'], 2, /--bogus/],
  ]
}

export async function badInput(ctx: Ctx): Promise<CaseResult[]> {
  const out: CaseResult[] = []
  const ns = await scratchNetns('bad')
  const other = await scratchNetns('badother')
  ipBatch(ns, [
    'link set lo up',
    'link add v0 type veth peer name v1',
    'link set v0 up',
    'link add br0 type bridge',
    'addr add 192.0.2.1/24 dev v0',
    'route add 198.51.100.0/24 dev v0',
    'rule add priority 1000 table 100',
  ])
  ipBatch(ns, [`netns set ${other} 5`])
  const nl = await open({ netns: ns })
  try {
    // 1. Every option of every call, refused by the checks.
    const before = state(ns)
    const fails: string[] = []
    const calls = new Set<string>()
    for (const [op, call, message] of BAD_OPTIONS) {
      calls.add(op)
      let err: unknown
      try {
        await call(nl)
      } catch (e) {
        err = e
      }
      if (!(err instanceof ApiError) || (err as ApiError).operation !== op || !message.test((err as Error).message)) {
        fails.push(`${op}: ${err instanceof Error ? `${err.name}: ${err.message}` : `no error (${String(err)})`}`)
      }
    }
    const after = state(ns)
    out.push({
      group: G,
      name: `${BAD_OPTIONS.length} bad values, one per option of each of ${calls.size} API calls (bad-options.ts)`,
      ok: fails.length === 0 && before === after,
      figure: `${BAD_OPTIONS.length - fails.length}/${BAD_OPTIONS.length} refused with an ApiError naming the call, the option and the value; namespace as before: ${before === after ? 'yes' : stateDiff(before, after)}${fails.length ? `; NOT: ${fails.slice(0, 3).join(' | ')}` : ''}`,
    })
    // 2. Values the kernel refuses: one typed error each, nothing changed.
    const kfails: string[] = []
    const kbefore = state(ns)
    const KERNEL_REFUSED = kernelRefused(other)
    for (const [what, call, message] of KERNEL_REFUSED) {
      const s0 = state(ns)
      let err: unknown
      try {
        await call(nl)
      } catch (e) {
        err = e
      }
      const e = err as Error
      const msg = e?.message ?? ''
      const s1 = state(ns)
      if (!(err instanceof NlwireError) || !message.test(msg) || s0 !== s1) kfails.push(`${what}: ${err instanceof Error ? `${e.name}: ${msg}` : 'no error'}${s0 !== s1 ? ` (${stateDiff(s0, s1)})` : ''}`)
    }
    const kafter = state(ns)
    const netlinkErrors = KERNEL_REFUSED.length - kfails.length
    out.push({
      group: G,
      name: `${KERNEL_REFUSED.length} requests the kernel refuses (existing names, missing objects, out-of-range MTUs, unreachable gateways ...)`,
      ok: kfails.length === 0 && kbefore === kafter,
      figure: `${netlinkErrors}/${KERNEL_REFUSED.length} a typed error (NetlinkError or ApiError) worded for the value, each leaving the namespace as it was: ${kbefore === kafter ? 'yes' : stateDiff(kbefore, kafter)}${kfails.length ? `; NOT: ${kfails.join(' | ')}` : ''}`,
    })
  } finally {
    await nl.close()
  }
  // 3. The CLI's flags.
  const { mkdtempSync, rmSync, writeFileSync } = await import('node:fs')
  const { tmpdir } = await import('node:os')
  const dir = mkdtempSync(`${tmpdir()}/nlw-faults-flags-`)
  const prefix = `nlw-${process.pid}-t`
  writeFileSync(`${dir}/bad.yaml`, 'nodes:\n  a: { kind: nope }\nlinks: [[a, b]]\n')
  writeFileSync(`${dir}/good.yaml`, 'name: two\nnodes:\n  a:\n    interfaces:\n      e1: { up: true }\n  b:\n    interfaces:\n      e2: { up: true }\ncables:\n  - [a:e1, b:e2]\n')
  try {
    const cli = `${ctx.root}/dist/bundle/cli.js`
    const before = state(ns)
    // Namespaces of this campaign's prefix only: other processes on the machine make their own.
    const mine = async (): Promise<string> => (await run('ip', ['netns', 'list'])).stdout.split('\n').filter((l) => l.startsWith(prefix)).join(',')
    const netnsBefore = await mine()
    const cases = cliCases(ns, prefix, dir)
    const bad: string[] = []
    for (const [args, exit, message] of cases) {
      const r = await run(process.execPath, [cli, ...args], { timeoutMs: 30_000 })
      const first = r.stderr.split('\n').filter(Boolean)
      if (r.code !== exit || hasStack(r.stderr) || !message.test(r.stderr) || first.length === 0) bad.push(`nlwire ${args.join(' ')}: exit ${r.code} (want ${exit}), stderr ${JSON.stringify(r.stderr.slice(0, 200))}`)
    }
    const after = state(ns)
    const netnsAfter = await mine()
    out.push({
      group: G,
      name: `${cases.length} CLI commands with bad flags or files (decode, monitor, up, plan, down)`,
      ok: bad.length === 0 && before === after && netnsBefore === netnsAfter,
      figure: `${cases.length - bad.length}/${cases.length} exit with the documented status (0/1/2, topologies 3 for an invalid file) and a message on stderr, no stack trace; namespace as before: ${before === after}, no namespace made: ${netnsBefore === netnsAfter}${bad.length ? `; NOT: ${bad.join(' | ')}` : ''}`,
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  return out
}
