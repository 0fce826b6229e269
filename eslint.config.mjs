// @ts-check
import withNuxt from './.nuxt/eslint.config.mjs'

export default withNuxt({
  rules: {
    // Public text (names, addresses, suggestions) is never rendered as HTML.
    'vue/no-v-html': 'error',
  },
}, {
  ignores: ['content/**', 'public/**'],
})
