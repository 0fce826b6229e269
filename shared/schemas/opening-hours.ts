import OpeningHours from 'opening_hours'

// The opening_hours parser, imported by name only (never from shared/utils, which Nuxt auto-imports
// into pages): the server checks and expands hours; a phone only compares the numbers it sends.

// Public holidays (PH) resolve against China's calendar as far as the opening_hours package knows it.
const NOMINATIM = { lat: 37.688, lon: 112.7526, address: { country_code: 'cn', state: '山西省' } }

// Parsing takes about 0.5 ms; a list of 186,100 places has a few dozen distinct values (issue 10).
const validity = new Map<string, boolean>()

/** An `opening_hours` value parsed, China's holidays known; throws on invalid syntax. */
export function parseOpeningHours(value: string): OpeningHours {
  return new OpeningHours(value, NOMINATIM)
}

/** True when `value` is valid OpenStreetMap `opening_hours` syntax (parsed by the `opening_hours` package, once per value). */
export function isValidOpeningHours(value: string): boolean {
  let valid = validity.get(value)
  if (valid !== undefined) return valid
  try {
    parseOpeningHours(value)
    valid = true
  }
  catch {
    valid = false
  }
  if (validity.size >= 10_000) validity.clear()
  validity.set(value, valid)
  return valid
}
