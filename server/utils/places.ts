import type { H3Event } from 'h3'
import { queryCollection } from '@nuxt/content/server'
import { pinyin } from 'pinyin-pro'
import { StationSchema, type StationData } from '#shared/schemas/station'
import type { Place, Schedule } from '#shared/types/place'

interface Cached {
  stations: Array<StationData & { id: string, initials: string }>
}

const STATION_FIELDS = Object.keys(StationSchema.shape)

let cache: Promise<Cached> | undefined
// Schedules start at midnight in Beijing, so one computation serves a whole day.
let schedules: { day: number, byId: Map<string, Schedule> } | undefined

function initialsOf(text: string): string {
  return pinyin(text.replace(/^示例·/, ''), { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('').toLowerCase()
}

async function load(event: H3Event): Promise<Cached> {
  const rows = await queryCollection(event, 'places').all()
  const stations = rows.map((row) => {
    const id = row.stem.split('/').pop()!
    // Content's table adds its own columns and stores absent fields as NULL: keep only our fields.
    const record = row as unknown as Record<string, unknown>
    const fields = Object.fromEntries(STATION_FIELDS.filter(key => record[key] != null).map(key => [key, record[key]]))
    // The build already rejected bad files; parsing again fills defaults and types the record.
    const data = StationSchema.parse(fields)
    return { ...data, id, initials: initialsOf(data.name) }
  })
  stations.sort((a, b) => a.id.localeCompare(b.id))
  return { stations }
}

/** Every place from the content dataset, with its schedule for the coming days. */
export async function listPlaces(event: H3Event, now = new Date()): Promise<Place[]> {
  cache ??= load(event).catch((error) => {
    cache = undefined
    throw error
  })
  const { stations } = await cache
  const day = startOfBeijingDay(now).getTime()
  if (schedules?.day !== day) {
    schedules = { day, byId: new Map(stations.map(s => [s.id, computeSchedule(s.hours, now)])) }
  }
  const byId = schedules.byId
  const confirmed = useSuggestionStore().lastConfirmations()
  return stations.map(station => ({ ...station, schedule: byId.get(station.id)!, lastConfirmed: confirmed.get(station.id) }))
}

/** One place by id, or undefined. */
export async function findPlace(event: H3Event, id: string, now = new Date()): Promise<Place | undefined> {
  return (await listPlaces(event, now)).find(place => place.id === id)
}
