import { defineCollection, defineContentConfig } from '@nuxt/content'
import { StationSchema } from './shared/schemas/station'

// Rest stations and other worker services share one shape; the folder is only for people.
export default defineContentConfig({
  collections: {
    places: defineCollection({
      type: 'data',
      source: [{ include: 'stations/*.yml' }, { include: 'services/*.yml' }],
      schema: StationSchema,
    }),
  },
})
