// Relative imports: migration 0007 uses it too, and the CLI runs migrations without Nuxt's aliases.
import { distanceMeters, type LatLng } from '../../../shared/utils/geo'
import type { DistrictCode } from '../../../shared/utils/region'
import { currentRegion, districtCentres, everyCentreKnown } from '../../regions/region'

// The places last seen, by position: a region whose county centres are not all known guesses from them.
let placePoints: Array<LatLng & { district: DistrictCode }> = []

/** Tells the guess where the places are (every station as it stands, at start-up and on additions). */
export function rememberPlaceDistricts(places: Iterable<{ district: DistrictCode, location: LatLng }>, replace = true) {
  const points = [...places].map(({ district, location }) => ({ lat: location.lat, lng: location.lng, district }))
  placePoints = replace ? points : [...placePoints, ...points]
}

function nearestOf<T extends LatLng>(point: LatLng, list: readonly T[]): T | undefined {
  let best: T | undefined
  let bestDistance = Infinity
  for (const candidate of list) {
    const distance = distanceMeters(point, candidate)
    if (distance < bestDistance) [best, bestDistance] = [candidate, distance]
  }
  return best
}

/**
 * The district a point is probably in: a guess for a new-station proposal, which has a position but
 * no district (there are no district borders in the app). Staff confirm it on accepting. The county
 * whose centre is nearest, when the region's county centres are all known (shared/regions.config.ts);
 * else the district of the nearest place; else the nearest known centre, else the region's first county.
 */
export function nearestDistrict(point: LatLng): DistrictCode {
  const region = currentRegion()
  const centres = districtCentres(region)
  if (everyCentreKnown(region) && centres.length) return nearestOf(point, centres)!.code
  return nearestOf(point, placePoints)?.district ?? nearestOf(point, centres)?.code ?? region.districts[0]!.code
}
