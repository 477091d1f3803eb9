// Reading a topology file: YAML 1.2 (through the `yaml` package) or JSON, then validate.ts.
// YAML 1.2 matters here: under YAML 1.1 rules `up: no` is false, a MAC like 02:00:00:00:00:01 is
// a base-60 number and 010 is octal; under 1.2 they are the string "no" (which validation then
// rejects), a string and ten. Duplicate keys are errors, not "last one wins".
import { readFile } from 'node:fs/promises'
import { TopologyFileError } from './errors.js'
import type { TopologySpec } from './spec.js'
import { validateTopology } from './validate.js'

/** Parse text (YAML or JSON; JSON is YAML 1.2 too, but JSON.parse gives its own positions). */
export async function parseTopology(text: string, source = 'topology'): Promise<TopologySpec> {
  let value: unknown
  if (/\.json$/i.test(source)) {
    try {
      value = JSON.parse(text)
    } catch (e) {
      throw new TopologyFileError(source, [{ path: '(file)', message: `not JSON: ${(e as Error).message}` }])
    }
  } else {
    const { parseDocument } = await import('yaml')
    const doc = parseDocument(text, { version: '1.2', uniqueKeys: true, prettyErrors: true })
    if (doc.errors.length > 0) {
      throw new TopologyFileError(
        source,
        doc.errors.map((e) => ({ path: e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '(file)', message: `not YAML: ${e.message.split('\n')[0]}` })),
      )
    }
    value = doc.toJS({ maxAliasCount: 100 })
  }
  return validateTopology(value, source)
}

/** Read and validate a topology file. */
export async function loadTopology(file: string): Promise<TopologySpec> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (e) {
    const err = e as NodeJS.ErrnoException
    throw new TopologyFileError(file, [{ path: '(file)', message: `cannot read it: ${err.code === 'ENOENT' ? 'no such file' : err.message}` }])
  }
  return parseTopology(text, file)
}
