/**
 * What the division package does not hold: where the map of a region starts, the box a place of it
 * must lie in, and the short names its headings use. One entry per region the app has been set up
 * for; any other GB/T 2260 code (NUXT_PUBLIC_REGION) gets China's box and a start computed from its
 * places, or China's centre while it has none (see README, "Another city or province").
 * Coordinates are WGS-84. Boxes are a little wider than the border: a place on the edge fits.
 */

export interface Bounds {
  south: number
  north: number
  west: number
  east: number
}

export interface RegionView {
  /** Short name for headings, in Chinese and in English (`晋中`, `Jinzhong`). */
  name: string
  nameEn: string
  /** Where the map starts, and how close. */
  center: { lat: number, lng: number }
  zoom: number
  /** A place of the region must lie in this box. */
  bounds: Bounds
}

/**
 * The defaults of runtimeConfig.public (nuxt.config.ts) that name the region and its union: the app
 * as it was first set up. The CLI scripts read the same NUXT_PUBLIC_* variables over these.
 */
export const REGION_DEFAULTS = {
  region: '140700',
  union: { name: '晋中市总工会', nameEn: 'Jinzhong Federation of Trade Unions' },
  hotline: { number: '12351', dial: '0351-12351', area: '山西', areaEn: 'Shanxi' },
}

/** The box around China the app falls back to (南沙 to 漠河, 帕米尔 to 抚远). */
export const CHINA_BOUNDS: Bounds = { south: 3.8, north: 53.6, west: 73.4, east: 135.1 }

export const REGION_VIEWS: Record<string, RegionView> = {
  // The default region: the values the app had before regions were configurable.
  140700: { name: '晋中', nameEn: 'Jinzhong', center: { lat: 37.688, lng: 112.7526 }, zoom: 13, bounds: { south: 36.6, north: 38.2, west: 111.3, east: 114.2 } },
  140000: { name: '山西', nameEn: 'Shanxi', center: { lat: 37.8706, lng: 112.5489 }, zoom: 8, bounds: { south: 34.5, north: 40.8, west: 110.2, east: 114.6 } },
  100000: { name: '全国', nameEn: 'China', center: { lat: 35.0, lng: 104.0 }, zoom: 5, bounds: CHINA_BOUNDS },
}

/**
 * County centres known to the app (a suggestion's district is guessed from the nearest one); a
 * region whose counties are not listed guesses from its nearest place instead.
 */
export const COUNTY_CENTRES: Record<string, { lat: number, lng: number }> = {
  140702: { lat: 37.688, lng: 112.7526 },
  140703: { lat: 37.42, lng: 112.55 },
  140721: { lat: 37.0678, lng: 112.9678 },
  140722: { lat: 37.083, lng: 113.383 },
  140723: { lat: 37.33, lng: 113.57 },
  140724: { lat: 37.61, lng: 113.71 },
  140725: { lat: 37.89, lng: 113.18 },
  140727: { lat: 37.36, lng: 112.33 },
  140728: { lat: 37.1896, lng: 112.1763 },
  140729: { lat: 36.8475, lng: 111.7706 },
  140781: { lat: 37.027, lng: 111.917 },
}
