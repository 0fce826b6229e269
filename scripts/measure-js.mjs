// Prints the first-load JavaScript (gzip) of pages of the production build. Run `npm run build` first.
import { firstLoadJs, kb, startBuiltServer } from './lib/serve.mjs'

const paths = process.argv.slice(2).length ? process.argv.slice(2) : ['/']
const server = await startBuiltServer({ DATABASE_URL: 'file:.data/measure.sqlite' })
try {
  for (const path of paths) {
    const { first, later, firstTotal, laterTotal } = firstLoadJs(await (await fetch(server.baseURL + path)).text())
    console.log(`${path}: first-load JavaScript ${kb(firstTotal)} gzip in ${first.length} files; prefetched for later ${kb(laterTotal)} gzip in ${later.length} files`)
    for (const f of first) console.log(`  first  ${kb(f.gzip).padStart(9)}  ${f.file}`)
    for (const f of later) console.log(`  later  ${kb(f.gzip).padStart(9)}  ${f.file}`)
  }
}
finally {
  server.stop()
}
