// `nlwire decode --html`: the decoder page (dist/web/index.html, built by `npm run web`) with the
// input embedded, one self-contained file to attach to a bug report. The page decodes the bytes
// itself with the same codecs (web/model.ts → codecs/annotate.ts), so what it shows is what
// `nlwire decode` prints.
import { existsSync, readFileSync } from 'node:fs'
import { basename } from 'node:path'
import { fileURLToPath } from 'node:url'

const PLACEHOLDER = '<script id="nlwire-input" type="application/json">null</script>'

/** Where the built page is: next to the bundled CLI (dist/bundle → dist/web), or from src/cli in a checkout. */
export function pagePath(): string | undefined {
  for (const rel of ['../web/index.html', '../../dist/web/index.html']) {
    const p = fileURLToPath(new URL(rel, import.meta.url))
    if (existsSync(p)) return p
  }
  return undefined
}

function base64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64')
}

/** The page with `raw` embedded; `format` as decode resolved it, `name` shown in the page. */
export function htmlFor(raw: Uint8Array, format: string, name: string, page = readPage()): string {
  if (!page.includes(PLACEHOLDER)) throw new Error('the decoder page has no input placeholder: rebuild it with npm run web')
  // JSON inside <script>: no "<" may appear raw (it could close the element).
  const data = JSON.stringify({ name, format, base64: base64(raw) }).replace(/</g, '\\u003c')
  return page.replace(PLACEHOLDER, () => `<script id="nlwire-input" type="application/json">${data}</script>`)
}

export function readPage(): string {
  const p = pagePath()
  if (p === undefined) throw new Error('the decoder page is not built (dist/web/index.html): run npm run web')
  return readFileSync(p, 'utf8')
}

export function inputName(file: string | undefined): string {
  return file === undefined || file === '-' ? 'standard input' : basename(file)
}
