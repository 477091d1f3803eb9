// `node --import tsx scripts/topology-schema.ts`: writes schema/topology.schema.json from the
// table in src/topology/schema.ts (test/topology-validate.test.ts fails when it is out of date).
import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { jsonSchema } from '../src/topology/schema.js'

const out = fileURLToPath(new URL('../schema/topology.schema.json', import.meta.url))
writeFileSync(out, JSON.stringify(jsonSchema(), null, 2) + '\n')
console.log(`wrote ${out}`)
