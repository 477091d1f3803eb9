// open({ netns }) and netns.add/del on the in-process path (setns from this thread, koffi): the
// socket really is in the namespace, the thread always comes back to its own namespace, even
// after failures inside the window, nothing leaks, and where koffi cannot load the relay path
// takes over by itself and says so.
import { spawn, spawnSync } from 'node:child_process'
import { readdirSync, readFileSync, readlinkSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import t from 'tap'
import { open } from '../src/api/netlink.js'
import { NetnsError } from '../src/errors.js'
import { netns } from '../src/netns.js'
import { DirectTransport, lastFdLookup, openInNetns } from '../src/transport/direct.js'
import { needsRoot, ip, linkNames, scratchNetns, uniqueName } from './helpers/scratch.js'

const info = netns.mechanism()
const SETNS = needsRoot || (info.mechanism === 'setns' ? false : `the in-process path is not in use: ${info.reason}`)
const probe = join(import.meta.dirname, 'helpers', 'netns-probe.ts')
const noKoffi = join(import.meta.dirname, 'helpers', 'no-koffi.cjs')

const here = (): string => readlinkSync('/proc/thread-self/ns/net')
const fdCount = (): number => readdirSync('/proc/self/fd').length
/** This process's children, from every thread's /proc children list. */
const children = (): number[] =>
  readdirSync(`/proc/${process.pid}/task`).flatMap((tid) =>
    readFileSync(`/proc/${process.pid}/task/${tid}/children`, 'utf8').split(' ').filter(Boolean).map(Number),
  )

function runProbe(args: string[], opts: { pre?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number | null; signal: string | null; out: Record<string, unknown> | undefined; stderr: string }> {
  const cmd = [...(opts.pre ?? []), process.execPath, '--import', 'tsx', probe, ...args]
  return new Promise((resolve) => {
    const child = spawn(cmd[0]!, cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...opts.env }, timeout: 60_000, killSignal: 'SIGKILL' })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s))
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s))
    child.on('close', (code, signal) => {
      let out: Record<string, unknown> | undefined
      try {
        out = JSON.parse(stdout.trim().split('\n').pop() ?? '') as Record<string, unknown>
      } catch {}
      resolve({ code, signal, out, stderr })
    })
  })
}

t.test('the socket is made in the namespace, by this process, and the thread comes back', { skip: SETNS }, async (t) => {
  const ns = scratchNetns(t, 'inp')
  const home = here()
  const before = children().length
  const nl = await open({ netns: ns })
  t.teardown(() => nl.close())
  t.equal(here(), home, 'back in its own namespace')
  t.equal(children().length, before, 'no child process')
  const tr = nl.client.transport as DirectTransport
  t.type(tr, DirectTransport)
  t.equal(tr.name, `netns:${ns}`)
  t.equal(lastFdLookup, 'predicted', 'the descriptor was where the kernel was expected to put it (no /proc/self/fd scan)')
  t.match(readlinkSync(`/proc/self/fd/${tr.fd}`), /^socket:\[\d+\]$/, `fd ${tr.fd} is a socket of this process`)
  await nl.link.add({ name: 'nlwin0', kind: 'veth', peer: { name: 'nlwin1' } })
  t.strictSame(linkNames(ns).sort(), ['lo', 'nlwin0', 'nlwin1'], 'made inside the namespace (ip -n sees them)')
  t.notOk(ip('-o', 'link').includes('nlwin0'), 'not in the namespace the tests run in')
  t.strictSame((await nl.link.list()).map((l) => l.name).sort(), ['lo', 'nlwin0', 'nlwin1'])
})

t.test('IFLA_NET_NS_FD: namespace fds are this process’s own', { skip: SETNS }, async (t) => {
  const a = scratchNetns(t, 'fda')
  const b = scratchNetns(t, 'fdb')
  const nl = await open({ netns: a })
  t.teardown(() => nl.close())
  const fd = await nl.client.transport.openNetnsFd(`/run/netns/${b}`)
  t.equal(readlinkSync(`/proc/self/fd/${fd}`), `/run/netns/${b}`, 'a descriptor in this process’s own table')
  await nl.client.transport.closeFd(fd)
  await nl.link.add({ name: 'nlwfd0', kind: 'veth', peer: { name: 'nlwfd1', netns: b } })
  t.strictSame(linkNames(a).sort(), ['lo', 'nlwfd0'])
  t.strictSame(linkNames(b).sort(), ['lo', 'nlwfd1'])
  await nl.link.set('nlwfd0', { netns: b })
  t.strictSame(linkNames(b).sort(), ['lo', 'nlwfd0', 'nlwfd1'])
})

t.test('injected failures inside the window: the thread is always back home', { skip: SETNS }, async (t) => {
  const ns = scratchNetns(t, 'flt')
  const home = here()
  const target = spawnSync('stat', ['-L', '-c', '%i', `/run/netns/${ns}`], { encoding: 'utf8' }).stdout.trim()
  const fds = fdCount()
  let seenInside: string | undefined
  const err = (() => {
    try {
      openInNetns(ns, {}, () => {
        seenInside = here()
        throw new Error('injected: socket creation failed')
      })
    } catch (e) {
      return e as Error
    }
    return undefined
  })()
  t.equal(err?.message, 'injected: socket creation failed', 'the factory’s error comes out unchanged')
  t.equal(seenInside, `net:[${target}]`, 'the factory ran inside the target namespace')
  t.equal(here(), home, 'and the thread came back')
  t.equal(fdCount(), fds, 'no descriptor left open')

  const file = join(tmpdir(), `nlw-notns-${process.pid}`)
  writeFileSync(file, 'not a namespace\n')
  t.teardown(() => rmSync(file, { force: true }))
  for (const [path, code, why] of [
    [file, 'EINVAL', /is not a network namespace \(setns: EINVAL\)/],
    ['/proc/self/ns/mnt', 'EINVAL', /is not a network namespace/],
    [`/run/netns/${uniqueName('missing')}`, 'ENOENT', /there is no network namespace/],
    [uniqueName('missing'), 'ENOENT', /there is no network namespace .* \(no \/run\/netns\//],
    ['/proc/self/status', 'EINVAL', /is not a network namespace/],
  ] as const) {
    const e = await open({ netns: path }).catch((x: unknown) => x)
    t.type(e, NetnsError, path)
    t.match(e, { code, message: why }, path)
    t.equal(here(), home, `home after ${path}`)
  }
  t.equal(fdCount(), fds, 'still no descriptor left open')
})

t.test('EPERM: without CAP_SYS_ADMIN, open and netns.add fail and leave nothing behind', { skip: SETNS }, async (t) => {
  const ns = scratchNetns(t, 'prm')
  const drop = ['setpriv', '--bounding-set=-sys_admin', '--inh-caps=-sys_admin', '--']
  const o = await runProbe(['open', ns], { pre: drop })
  t.equal(o.code, 0, o.stderr)
  t.match(o.out, {
    home: true,
    error: { name: 'NetnsError', code: 'EPERM', message: /needs CAP_SYS_ADMIN, which this process does not have \(setns: EPERM\)/ },
  })
  const name = uniqueName('prmadd')
  t.teardown(() => spawnSync('ip', ['netns', 'del', name]))
  const a = await runProbe(['add', name], { pre: drop })
  t.equal(a.code, 0, a.stderr)
  t.match(a.out, {
    home: true,
    left: false,
    error: { name: 'NetnsError', code: 'EPERM', message: /could not create the namespace: unshare\(CLONE_NEWNET\): EPERM \(Operation not permitted\): this process does not have CAP_SYS_ADMIN/ },
  })
})

t.test('if the way back fails, the process says so and aborts rather than carry on', { skip: SETNS }, async (t) => {
  const ns = scratchNetns(t, 'ab')
  const r = await runProbe(['restore-fails', ns])
  t.equal(r.signal, 'SIGABRT', `killed by SIGABRT (code ${r.code})`)
  t.equal(r.out, undefined, 'no report: nothing ran after the failure')
  t.match(r.stderr, /nlwire: FATAL: this thread could not return to its own network namespace .*injected: setns back refused.* the process is aborted/)
})

t.test('1000 open/close cycles: no descriptor, process or namespace reference left', { skip: SETNS }, async (t) => {
  const ns = scratchNetns(t, 'cyc')
  const warm = await open({ netns: ns })
  await warm.close()
  const fds = fdCount()
  const kids = children().length
  const t0 = performance.now()
  let scans = 0
  for (let i = 0; i < 1000; i++) {
    const nl = await open({ netns: ns })
    if (lastFdLookup !== 'predicted') scans++
    if (i % 250 === 0) t.equal((await nl.link.list()).length, 1, `cycle ${i}: lo only`)
    await nl.close()
  }
  const ms = performance.now() - t0
  t.equal(fdCount(), fds, `fds flat (${fds})`)
  t.equal(children().length, kids, 'no child processes')
  t.ok(scans <= 10, `the predicted descriptor held in ${1000 - scans} of 1000 opens`)
  t.comment(`1000 open+close in ${ms.toFixed(0)} ms (${(ms / 1000).toFixed(3)} ms each, a link dump every 250)`)
  t.equal(here(), readlinkSync('/proc/self/ns/net'), 'still home')
})

t.test('netns.add / del use no subprocess and are what `ip netns` sees', { skip: SETNS }, async (t) => {
  const name = uniqueName('sys')
  t.teardown(() => spawnSync('ip', ['netns', 'del', name]))
  const kids = children().length
  const home = here()
  await netns.add(name)
  t.equal(here(), home, 'the thread is back after unshare')
  t.equal(children().length, kids, 'no unshare(1) child left (and none was needed)')
  t.ok(ip('netns', 'list').split('\n').some((l) => l.split(' ')[0] === name))
  t.strictSame(linkNames(name), ['lo'])
  t.not(spawnSync('stat', ['-L', '-c', '%i', `/run/netns/${name}`], { encoding: 'utf8' }).stdout.trim(), home.replace(/\D/g, ''), 'a new namespace, not ours')
  await netns.del(name)
  t.notOk(ip('netns', 'list').includes(name))
})

t.test('where koffi cannot load, the relay path is used by itself, and says why', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'nok')
  for (const [label, opts] of [
    ['koffi hidden', { env: { NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} -r ${noKoffi}`, NLWIRE_NETNS: '' } }],
    ['NLWIRE_NETNS=relay', { env: { NLWIRE_NETNS: 'relay' } }],
  ] as const) {
    const pre: string[] = []
    const r = await runProbe(['open', ns], { pre, env: opts.env })
    t.equal(r.code, 0, r.stderr)
    t.match(
      r.out,
      {
        mechanism: { mechanism: 'relay', reason: label === 'koffi hidden' ? /^koffi could not be loaded: Cannot find module 'koffi'/ : /^NLWIRE_NETNS=relay/ },
        result: { links: ['lo'], transport: `relay:${ns}` },
        home: true,
      },
      label,
    )
    const name = uniqueName('nokadd')
    t.teardown(() => spawnSync('ip', ['netns', 'del', name]))
    const a = await runProbe(['add', name], { pre, env: opts.env })
    t.match(a.out, { result: 'added', left: true }, `${label}: netns.add through util-linux`)
    spawnSync('ip', ['netns', 'del', name])
  }
})

t.test('DEBUG=nlwire:* says which path is in use', { skip: needsRoot }, async (t) => {
  const ns = scratchNetns(t, 'dbg')
  const r = await runProbe(['open', ns], { env: { DEBUG: 'nlwire:netns' } })
  t.equal(r.code, 0, r.stderr)
  const want = info.mechanism === 'setns' ? /nlwire:netns namespaces: in this process \(setns from this process \(koffi/ : /nlwire:netns namespaces: relay processes \(/
  t.match(r.stderr, want)
})
