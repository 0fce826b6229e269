import { writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { generatedDivisionsSource } from './lib/division-source'

// The raw package is 6 MB of JSON with every town; the server needs only its ~3,400 provinces,
// prefectures and counties, so they are written once into a small module that ships with the build.
const target = fileURLToPath(new URL('../server/regions/divisions.generated.ts', import.meta.url))
writeFileSync(target, generatedDivisionsSource())
console.log(`Wrote ${target}`)
