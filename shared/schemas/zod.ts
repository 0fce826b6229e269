import { z } from 'zod'

// zod probes `new Function('')` to decide whether to compile validators; the strict CSP forbids
// eval, so the probe only produces a CSP violation. Tell zod not to try.
z.config({ jitless: true })

export { z }
