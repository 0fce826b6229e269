import { defineNuxtModule, useLogger } from '@nuxt/kit'
import { join } from 'node:path'
import { assertValidPlaces } from './place-files'

// @nuxt/content turns the schema into SQL columns but does not reject a bad file, so check every
// place file against the station schema before anything is built: a bad file fails the build.
export default defineNuxtModule({
  meta: { name: 'validate-places' },
  setup(_options, nuxt) {
    const logger = useLogger('validate-places')
    const places = assertValidPlaces(join(nuxt.options.rootDir, 'content'), nuxt.options.rootDir)
    logger.info(`${places.length} places checked against the station schema`)
  },
})
