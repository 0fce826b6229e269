// The "floor" of our stack for `npm run audit`: a bare Nuxt app with no modules and the default
// configuration, whose one page server-renders the list of places and mounts Leaflet with a marker
// for each. What our pages cost beyond it is what our own code and modules add.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { startBuiltServer } from './serve.mjs'

const modules = resolve('node_modules')

const files = places => ({
  'package.json': JSON.stringify({ name: 'floor', private: true, type: 'module' }),
  'nuxt.config.ts': `export default defineNuxtConfig({
  compatibilityDate: '2026-11-01',
  runtimeConfig: { public: { tilesUrl: '' } },
  // Served like our app (its nuxt.config.ts has this too): precompressed JS and CSS, so the script
  // bytes compare like for like.
  nitro: { compressPublicAssets: true },
})
`,
  'server/places.json': JSON.stringify(places),
  'server/api/places.get.ts': `import places from '../places.json'

export default defineEventHandler(() => places)
`,
  'app/app.vue': `<script setup>
const { data: places } = await useFetch('/api/places')
const { tilesUrl } = useRuntimeConfig().public
const el = ref()

onMounted(async () => {
  const [L] = await Promise.all([import('leaflet'), import('leaflet/dist/leaflet.css')])
  const map = L.map(el.value).setView([37.688, 112.7526], 13)
  L.tileLayer(tilesUrl).addTo(map)
  for (const place of places.value) L.marker([place.lat, place.lng], { icon: L.divIcon(), title: place.name }).addTo(map)
})
</script>

<template>
  <main>
    <h1>驿站地图</h1>
    <div ref="el" style="height: 50vh" />
    <ul>
      <li v-for="place in places" :key="place.id">{{ place.name }}<br>{{ place.address }}</li>
    </ul>
  </main>
</template>
`,
})

/**
 * Builds the floor app for these places (`{ id, name, address, lat, lng }`) unless an identical one
 * is already built, and starts it; `env` reaches its server (NUXT_PUBLIC_TILES_URL).
 */
export async function startFloor(places, env = {}) {
  const app = files(places)
  const nuxt = JSON.parse(readFileSync(join(modules, 'nuxt/package.json'), 'utf8')).version
  // A floor build takes a minute on a small machine; the same Nuxt and the same files give the same
  // build, so it is kept in the temporary folder under their hash and reused by later runs.
  const key = createHash('sha256').update(nuxt).update(JSON.stringify(app)).digest('hex').slice(0, 12)
  const dir = join(tmpdir(), 'yizhan-audit-floor', `nuxt-${nuxt}-${key}`)
  if (!existsSync(join(dir, '.output/nitro.json'))) {
    for (const [file, text] of Object.entries(app)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true })
      writeFileSync(join(dir, file), text)
    }
    // No network: the floor resolves nuxt, vue and leaflet from our node_modules. One link per
    // package rather than one for the folder, so its build caches (node_modules/.cache) stay its own.
    mkdirSync(join(dir, 'node_modules'), { recursive: true })
    for (const name of readdirSync(modules)) {
      if (!name.startsWith('.') && !existsSync(join(dir, 'node_modules', name))) symlinkSync(join(modules, name), join(dir, 'node_modules', name), 'dir')
    }
    console.log(`Building the floor (Nuxt ${nuxt}) in ${dir}`)
    execFileSync(process.execPath, [join(modules, 'nuxt/bin/nuxt.mjs'), 'build'], { cwd: dir, stdio: 'inherit', env: { ...process.env, NUXT_TELEMETRY_DISABLED: '1' } })
  }
  return startBuiltServer(env, { dir, ready: '/' })
}
