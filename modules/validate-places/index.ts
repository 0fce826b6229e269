import { defineNuxtModule, useLogger } from '@nuxt/kit'
import { join } from 'node:path'
import { readPlaceFiles } from './place-files'

// @nuxt/content turns the schema into SQL columns but does not reject a bad file, so check every
// place file against the station schema before anything is built: a bad file fails the build.
export default defineNuxtModule({
  meta: { name: 'validate-places' },
  setup(_options, nuxt) {
    const logger = useLogger('validate-places')
    const { places, errors } = readPlaceFiles(join(nuxt.options.rootDir, 'content'), nuxt.options.rootDir)
    if (errors.length) {
      throw new Error(`站点数据有 ${errors.length} 处错误:\n${errors.map(e => `  - ${e}`).join('\n')}`)
    }
    logger.info(`${places.length} places checked against the station schema`)
  },
})
