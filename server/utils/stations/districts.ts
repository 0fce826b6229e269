// Relative imports: migration 0007 uses it too, and the CLI runs migrations without Nuxt's aliases.
import { distanceMeters, type LatLng } from '../../../shared/utils/geo'
import type { DistrictCode } from '../../../shared/utils/region'
import { currentRegion, districtCentres, everyCentreKnown } from '../../regions/region'

/** Places by position, in columns: an object per place took 14 MB at 186,100 places (issue 10). */
interface PlacePoints {
  lat: Float64Array
  lng: Float64Array
  district: DistrictCode[]
}

// The places last seen, by position: a region whose county centres are not all known guesses from them.
let placePoints: PlacePoints = { lat: new Float64Array(), lng: new Float64Array(), district: [] }

/** Tells the guess where the places are (every station as it stands, at start-up). */
export function rememberPlaceDistricts(places: Iterable<{ district: DistrictCode, location: LatLng }>) {
  const list = [...places]
  placePoints = { lat: new Float64Array(list.length), lng: new Float64Array(list.length), district: list.map(place => place.district) }
  for (const [i, { location }] of list.entries()) {
    placePoints.lat[i] = location.lat
    placePoints.lng[i] = location.lng
  }
}

function nearestPlaceDistrict(point: LatLng): DistrictCode | undefined {
  const { lat, lng, district } = placePoints
  let best: DistrictCode | undefined
  let bestDistance = Infinity
  for (let i = 0; i < district.length; i++) {
    const distance = distanceMeters(point, { lat: lat[i]!, lng: lng[i]! })
    if (distance < bestDistance) [best, bestDistance] = [district[i], distance]
  }
  return best
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
  return nearestPlaceDistrict(point) ?? nearestOf(point, centres)?.code ?? region.districts[0]!.code
}
