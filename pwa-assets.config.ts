import { defineConfig, minimal2023Preset } from '@vite-pwa/assets-generator/config'

// `npm run icons` makes the PNG icons of the web manifest from public/icon.svg.
export default defineConfig({
  preset: {
    ...minimal2023Preset,
    maskable: { ...minimal2023Preset.maskable, resizeOptions: { background: '#b71c1c' } },
    apple: { ...minimal2023Preset.apple, resizeOptions: { background: '#b71c1c' } },
  },
  images: ['public/icon.svg'],
})
