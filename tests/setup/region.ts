// What the server's start-up (server/plugins/region.ts) and the CLI (through place-files.ts) do: the
// shared schemas resolve district names in the region of NUXT_PUBLIC_REGION (140700 by default).
import '../../server/regions/region'
