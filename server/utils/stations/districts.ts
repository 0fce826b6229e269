// Relative imports: migration 0007 uses it too, and the CLI runs migrations without Nuxt's aliases.
import { distanceMeters, type LatLng } from '../../../shared/utils/geo'
import { DISTRICTS, DISTRICT_NAMES, type District } from '../../../shared/utils/vocabulary'

/**
 * The district whose centre is nearest to a point: a guess for a new-station proposal, which has
 * a position but no district (there are no district borders in the app). Staff confirm it on accepting.
 */
export function nearestDistrict(point: LatLng): District {
  let best = DISTRICT_NAMES[0]
  let bestDistance = Infinity
  for (const name of DISTRICT_NAMES) {
    const distance = distanceMeters(point, DISTRICTS[name])
    if (distance < bestDistance) [best, bestDistance] = [name, distance]
  }
  return best
}
