// nlwire show: the renderers on every example file, live discovery on the fake machine (every
// namespace, veth ends joined across namespaces), and on the kernel: show --live of S5 as a
// topology file that up accepts and finds already matching.
import t, { type Test } from 'tap'
import { readFileSync, readdirSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import { spawnSync } from 'node:child_process'
import * as topology from '../src/topology/index.js'
import { discover } from '../src/topology/discover.js'
import { graphOfSpec, shownInterfaces, type Graph } from '../src/topology/graph.js'
import { renderDot, renderMermaid } from '../src/topology/render/graphviz.js'
import { renderSvg } from '../src/topology/render/svg.js'
import { renderText } from '../src/topology/render/text.js'
import { graphToTopology, renderTopology } from '../src/topology/render/topology.js'
import { parseTopology } from '../src/topology/load.js'
import { FakeMachine } from './helpers/fake-machine.js'
import { Scratch, needsRoot, waitFor } from './helpers/scratch.js'
import { runCli } from './helpers/cli.js'

const ROOT = fileURLToPath(new URL('..', import.meta.url))
const EXAMPLES = readdirSync(join(ROOT, 'examples')).filter((f) => f.endsWith('.yaml')).sort()

/** Tags balance and nothing is NaN: a browser would draw it. */
function wellFormed(svg: string): string | undefined {
  if (/NaN|undefined|Infinity/.test(svg)) return 'NaN, undefined or Infinity in it'
  const stack: string[] = []
  for (const m of svg.matchAll(/<(\/?)([a-zA-Z]+)[^>]*?(\/?)>/g)) {
    if (m[3] === '/') continue
    if (m[1] === '') stack.push(m[2]!)
    else if (stack.pop() !== m[2]) return `</${m[2]}> does not close the last open tag`
  }
  return stack.length ? `unclosed <${stack.join('>, <')}>` : undefined
}

/** Each line as drawn (colour, width, dashes): the paths of the picture and the legend's lines. */
function lineStyles(svg: string): { drawn: Set<string>; legend: Set<string> } {
  const style = (el: string) => ['stroke', 'stroke-width', 'stroke-dasharray'].map((a) => el.match(new RegExp(` ${a}="([^"]*)"`))?.[1] ?? '-').join(' ')
  return {
    drawn: new Set([...svg.matchAll(/<path [^>]*>/g)].map((m) => style(m[0]))),
    legend: new Set([...svg.matchAll(/<line [^>]*>/g)].map((m) => style(m[0]))),
  }
}

function checkRenders(t: Test, g: Graph, what: string): void {
  const shown = g.namespaces.flatMap((n) => shownInterfaces(n))
  const text = renderText(g)
  for (const n of g.namespaces) t.match(text, new RegExp(`^${n.label}\\b`, 'm'), `${what}: text has ${n.label}`)
  for (const i of shown) t.ok(text.includes(i.name), `${what}: text has ${i.name}`)
  t.equal((renderMermaid(g).match(/ === /g) ?? []).length, g.cables.length, `${what}: mermaid, one === per cable`)
  t.equal((renderDot(g).match(/penwidth=2\.5/g) ?? []).length, g.cables.length, `${what}: dot, one thick edge per cable`)
  const svg = renderSvg(g)
  t.equal(wellFormed(svg), undefined, `${what}: the SVG is well formed`)
  t.equal((svg.match(/class="cable"/g) ?? []).length, g.cables.length, `${what}: svg, one cable path per cable`)
  t.equal((svg.match(/class="interface"/g) ?? []).length, shown.length, `${what}: svg, every interface drawn`)
  t.equal((svg.match(/class="namespace"/g) ?? []).length, g.namespaces.length, `${what}: svg, a box per namespace`)
  const lines = lineStyles(svg)
  t.strictSame([...lines.legend].sort(), [...lines.drawn].sort(), `${what}: svg, the legend shows each kind of line as it is drawn, and only those`)
}

t.test('every example file, every format', async (t) => {
  for (const f of EXAMPLES) {
    const spec = await topology.load(join(ROOT, 'examples', f))
    checkRenders(t, graphOfSpec(spec), f)
  }
})

t.test('text: the S5 tree', async (t) => {
  const g = graphOfSpec(await topology.load(join(ROOT, 'examples/s5-bridge.yaml')), { prefix: 'lab-' })
  t.equal(
    renderText(g),
    [
      'lab-s5-bridge',
      '',
      'host',
      '└─ br-test01  bridge  UP  stp off  192.168.88.1/24',
      '   ├─ br-tap1  veth  UP  <-> ns1:tap1',
      '   └─ br-tap2  veth  UP  <-> ns2:tap2',
      '',
      'ns1 (lab-ns1)',
      '├─ tap1  veth  UP  192.168.88.3/24  <-> host:br-tap1',
      '└─ route default via 192.168.88.1',
      '',
      'ns2 (lab-ns2)',
      '├─ tap2  veth  UP  192.168.88.4/24  <-> host:br-tap2',
      '└─ route default via 192.168.88.1',
      '',
    ].join('\n'),
  )
})

t.test('live on the fake machine: every namespace, cables joined across them, and back to a file', async (t) => {
  const spec = await topology.load(join(ROOT, 'examples/s5-bridge.yaml'))
  const m = new FakeMachine()
  t.teardown(() => m.close())
  await topology.up(spec, { prefix: 'lab-', machine: m })
  await m.netnsAdd('someone-else')
  const all = await discover(m)
  t.strictSame(all.namespaces.map((n) => n.id).sort(), ['(host)', 'lab-ns1', 'lab-ns2', 'someone-else'], 'every namespace plus the current one')
  t.strictSame(all.cables.map((c) => `${c.a.ns}:${c.a.name} ${c.b.ns}:${c.b.name}`).sort(), ['(host):br-tap1 lab-ns1:tap1', '(host):br-tap2 lab-ns2:tap2'], 'veth ends joined through peer ifindex and nsid')
  checkRenders(t, all, 'live')
  const mine = await discover(m, { prefix: 'lab-' })
  t.strictSame(mine.namespaces.map((n) => n.label), ['host', 'ns1', 'ns2'], '--prefix: only those, shown without it')
  const back = graphToTopology(mine, 's5-bridge')
  t.strictSame((await topology.plan(back, { prefix: 'lab-', machine: m })).changes, [], 'the live state as a file: up has nothing to do')
  const yaml = await renderTopology(mine, 's5-bridge')
  t.strictSame(await parseTopology(yaml, 'live.yaml'), back, 'the YAML reads back as the same topology')
  t.match(yaml, /addresses: \[ 192\.168\.88\.1\/24 \]/, 'short lists on one line')
})

t.test('live on the kernel: S5 as a file, up finds it matching', { skip: needsRoot }, async (t) => {
  const s = new Scratch(t)
  const host = await s.netns('host')
  const prefix = `${s.name('v')}-`
  const file = join(ROOT, `.scratch-show-${process.pid}.yaml`)
  t.teardown(() => {
    rmSync(file, { force: true })
    for (const n of readdirSync('/run/netns')) if (n.startsWith(prefix)) spawnSync('ip', ['netns', 'del', n])
  })
  const where = ['--prefix', prefix, '--host', host]
  t.equal(runCli(['up', join(ROOT, 'examples/s5-bridge.yaml'), ...where]).status, 0)
  // The kernel reports a veth's operstate UP a moment after both ends are up (linkwatch defers
  // it, by up to a second under load): show --live prints what the kernel says, so wait for it.
  let text!: ReturnType<typeof runCli>
  t.ok(await waitFor(() => !/ UP \(/.test((text = runCli(['show', '--live', ...where])).stdout), 5000), 'no link shows UP (LOWERLAYERDOWN) or the like any more')
  t.equal(text.status, 0, text.stderr)
  t.match(text.stdout, /^host \(.*\)\n└─ br-test01  bridge  UP  stp off  192\.168\.88\.1\/24\n   ├─ br-tap1  veth  UP  <-> ns1:tap1\n   └─ br-tap2  veth  UP  <-> ns2:tap2$/m)
  t.match(text.stdout, /^├─ tap1  veth  UP  192\.168\.88\.3\/24  <-> host:br-tap1$/m)
  const svg = runCli(['show', '--live', ...where, '--format', 'svg'])
  t.equal(wellFormed(svg.stdout), undefined)
  t.equal((svg.stdout.match(/class="cable"/g) ?? []).length, 2, 'two cables drawn')
  t.equal(runCli(['show', '--live', ...where, '--format', 'topology', '--name', 's5-bridge', '-o', file]).status, 0)
  t.match(readFileSync(file, 'utf8'), /cables:\n  - \[ host:br-tap1, ns1:tap1 \]/)
  const plan = runCli(['plan', file, ...where, '--json'])
  t.equal(plan.status, 0, plan.stderr)
  t.strictSame(JSON.parse(plan.stdout).changes, [], 'plan of the live state as a file: nothing to do')
  t.equal(runCli(['down', join(ROOT, 'examples/s5-bridge.yaml'), ...where]).status, 0)
  t.equal(runCli(['show', '--live', '--format', 'bogus']).status, 2, 'a bad format: usage')
})
