import type { H3Event } from 'h3'
import { queryCollection } from '@nuxt/content/server'
import { pinyin } from 'pinyin-pro'
import { StationSchema } from '#shared/schemas/station'
import type { StationRecord } from '#shared/types/admin'
import type { Place, Schedule } from '#shared/types/place'

const STATION_FIELDS = Object.keys(StationSchema.shape)

// The content dataset changes only with a release: read it once. Live edits are merged on every request.
let cache: Promise<StationRecord[]> | undefined
// Schedules start at midnight in Beijing, so one computation per opening_hours value serves a whole day.
let schedules: { day: number, byHours: Map<string, Schedule> } | undefined
const initials = new Map<string, string>()
const reported = new Set<string>()

function initialsOf(text: string): string {
  let value = initials.get(text)
  if (value === undefined) {
    value = pinyin(text.replace(/^示例·/, ''), { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('').toLowerCase()
    initials.set(text, value)
  }
  return value
}

async function load(event: H3Event): Promise<StationRecord[]> {
  const rows = await queryCollection(event, 'places').all()
  const stations = rows.map((row) => {
    const id = row.stem.split('/').pop()!
    // Content's table adds its own columns and stores absent fields as NULL: keep only our fields.
    const record = row as unknown as Record<string, unknown>
    const fields = Object.fromEntries(STATION_FIELDS.filter(key => record[key] != null).map(key => [key, record[key]]))
    // The build already rejected bad files; parsing again fills defaults and types the record.
    return { ...StationSchema.parse(fields), id }
  })
  stations.sort((a, b) => a.id.localeCompare(b.id))
  return stations
}

/** The places as content files have them, without live edits. */
export async function contentStations(event: H3Event): Promise<StationRecord[]> {
  cache ??= load(event).catch((error) => {
    cache = undefined
    throw error
  })
  return cache
}

/** Every station as it stands now: content records with staff's live edits, and stations staff added. */
export async function listStations(event: H3Event): Promise<StationRecord[]> {
  const { overrides, additions } = useStores()
  return mergeStations(await contentStations(event), overrides.all(), additions.active(), ({ id, source, error }) => {
    const key = `${source}:${id}:${String(error)}`
    if (reported.has(key)) return
    reported.add(key)
    console.error(`[places] ${source} of ${id} is not a valid station and is not served:`, error)
  })
}

/** One station as it stands now, or undefined. */
export async function findStation(event: H3Event, id: string): Promise<StationRecord | undefined> {
  return (await listStations(event)).find(station => station.id === id)
}

/** Every place, live edits included, with its schedule for the coming days. */
export async function listPlaces(event: H3Event, now = new Date()): Promise<Place[]> {
  const stations = await listStations(event)
  const day = startOfBeijingDay(now).getTime()
  if (schedules?.day !== day) schedules = { day, byHours: new Map() }
  const byHours = schedules.byHours
  const scheduleOf = (hours: string) => {
    let schedule = byHours.get(hours)
    if (!schedule) byHours.set(hours, schedule = computeSchedule(hours, now))
    return schedule
  }
  const confirmed = useSuggestionStore().lastConfirmations()
  return stations.map(station => ({
    ...station,
    initials: initialsOf(station.name),
    schedule: scheduleOf(station.hours),
    lastConfirmed: confirmed.get(station.id),
  }))
}

/** One place by id, or undefined. */
export async function findPlace(event: H3Event, id: string, now = new Date()): Promise<Place | undefined> {
  return (await listPlaces(event, now)).find(place => place.id === id)
}

/**
 * Cache policy of the public station data: caches may keep a copy but must ask again each time,
 * so a station that staff close shows as closed at once (offline, the service worker answers).
 */
export const PUBLIC_DATA_CACHE_CONTROL = 'public, no-cache'
