// The build's performance budget: the JavaScript a phone downloads to show the catalog page
// (the app's entry, the catalog page's chunk and everything they import up front), gzipped.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'

const BUDGET_BYTES = 250 * 1024
const DIST = new URL('../dist/', import.meta.url).pathname
const ENTRY = 'index.html'
const CATALOG_PAGE = 'src/buyer/pages/catalog/CatalogPage.vue'

const manifest = JSON.parse(readFileSync(join(DIST, '.vite/manifest.json'), 'utf8'))

function staticClosure(keys) {
  const seen = new Set()
  const visit = (key) => {
    const chunk = manifest[key]
    if (!chunk) throw new Error(`${key} is not in the build manifest: is the page still routed?`)
    if (seen.has(chunk.file)) return
    seen.add(chunk.file)
    for (const imported of chunk.imports ?? []) visit(imported)
  }
  keys.forEach(visit)
  return [...seen].filter((file) => file.endsWith('.js'))
}

const files = staticClosure([ENTRY, CATALOG_PAGE])
const sizes = files.map((file) => ({ file, gzipped: gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length }))
const total = sizes.reduce((sum, { gzipped }) => sum + gzipped, 0)
for (const { file, gzipped } of sizes.sort((a, b) => b.gzipped - a.gzipped)) {
  console.log(`  ${(gzipped / 1024).toFixed(1).padStart(7)} kB  ${file}`)
}
const verdict = `catalog page JavaScript: ${(total / 1024).toFixed(1)} kB gzipped (budget ${BUDGET_BYTES / 1024} kB)`
if (total > BUDGET_BYTES) {
  console.error(`over budget: ${verdict}`)
  process.exit(1)
}
console.log(`within budget: ${verdict}`)
