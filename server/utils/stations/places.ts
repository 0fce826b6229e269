import type { H3Event } from 'h3'
import { queryCollection } from '@nuxt/content/server'
import { StationSchema } from '#shared/schemas/station'
import type { RetiredStation, StationRecord } from '#shared/types/admin'
import type { Place, Schedule } from '#shared/types/place'
import { sortForList, type WordOrder } from '#shared/utils/filters'
import type { ChangeCounter } from '../../database/schema'
import { nameInitials } from './initials'
import { sharedValues } from './shared-values'
import { findById, idTable, positionById, type IdTable } from '../../search/by-id'
import { orderById } from '../../search/name-order'
import { districtName } from '../../regions/region'

const STATION_FIELDS = Object.keys(StationSchema.shape)

/**
 * How long an instance serves its copy of the live stations before asking the database whether
 * another instance changed something (one small query a second at most). Changes made by this
 * instance are seen at once.
 */
const FRESH_MS = 1000

interface Versioned<T> {
  version: string
  value: Promise<T>
}

/** The imported places, their ids, their initials (as the importer made them), and their names in the list's order (ranked once per import). */
interface ImportedSet {
  records: StationRecord[]
  ids: IdTable
  initials: string[]
  names: WordOrder
}

/** Every station: those the public sees, and those staff retired (by id, with when and by whom). */
interface StationSets {
  /** The live stations, content files first, then imported places and stations staff added. */
  live: StationRecord[]
  retired: Map<string, RetiredStation>
  /** The live stations in the list's order: sorted once per change of a station, not per confirmation or day. */
  ordered: StationRecord[]
  /** Their ids: a station of `ordered`, or a place of a view built from it, found by id. */
  ids: IdTable
}

/** What the public sees of confirmations: each station's newest that counts, and how many sender networks confirmed it lately. */
interface Confirmations {
  last: Map<string, string>
  senders: Map<string, number>
}

/** The places of one moment, ready to serve: the list and by id, with what tells this moment's data from another's. */
interface PlacesView {
  places: Place[]
  /** The stations it was built from, in the list's order, their ids (the places' too), and its Beijing day: a confirmation changes none. */
  ordered: StationRecord[]
  ids: IdTable
  day: number
  /** Changes whenever a served place, its schedule or its confirmations may change (counters and the Beijing day). */
  version: string
  /** When this view was computed (ISO instant). */
  builtAt: string
}

// The content dataset changes only with a release: read it once.
let content: Promise<StationRecord[]> | undefined
let counters: { checkedAt: number, value: Promise<Record<ChangeCounter, number>> } | undefined
let live: Versioned<StationSets> | undefined
// The imported places (migration 0009), read again only when an import moved the 'imports' counter.
let imported: Versioned<ImportedSet> | undefined
let confirmations: Versioned<Confirmations> | undefined
let view: Versioned<PlacesView> | undefined
// Schedules start at midnight in Beijing, so one computation per opening_hours value serves a whole day.
let schedules: { day: number, byHours: Map<string, Schedule> } | undefined
const reported = new Set<string>()

/** Caches a promise, forgetting it when it fails so the next call tries again. */
function remember<T>(load: () => Promise<T>, forget: () => void): Promise<T> {
  return load().catch((error: unknown) => {
    forget()
    throw error
  })
}

async function loadContent(event: H3Event): Promise<StationRecord[]> {
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
export function contentStations(event: H3Event): Promise<StationRecord[]> {
  content ??= remember(() => loadContent(event), () => content = undefined)
  return content
}

/**
 * Tells the cache that this instance committed a change: what it touched, and the counters, are read
 * again on the next request that reads places (a suggestion's request path stays one batch write).
 */
export function stationDataChanged(changed: ReadonlySet<ChangeCounter>) {
  if (changed.has('imports')) imported = undefined
  if (changed.has('stations') || changed.has('imports')) live = undefined
  if (changed.has('confirmations')) confirmations = undefined
  // Built again, from the last view (kept: after a confirmation most of its places serve again).
  if (view) view = { version: '', value: view.value }
  // The counters are read again too: they name the version the open data's ETag carries, and a
  // view rebuilt under the old numbers would answer 304 to a client holding the data before the change.
  counters = undefined
}

/** The change counters, asked of the database at most once per FRESH_MS. */
function changeVersions(): Promise<Record<ChangeCounter, number>> {
  if (!counters || Date.now() - counters.checkedAt >= FRESH_MS) {
    counters = { checkedAt: Date.now(), value: remember(() => useStores().changes.versions(), () => counters = undefined) }
  }
  return counters.value
}

/**
 * The imported places as the importer checked them. Not parsed against the schema again: that takes
 * about 0.5 ms a place (the opening_hours parser), 90 s for 186,100; only `data:import` writes the table.
 */
async function loadImported(): Promise<ImportedSet> {
  const records: StationRecord[] = []
  const initials: string[] = []
  const share = sharedValues()
  await useStores().imported.each((row) => {
    records.push(share(row.record, row.id))
    initials.push(row.initials)
  })
  const ids = idTable(records)
  return { records, ids, initials, names: orderById(records, ids) }
}

/** The imported places, read once per import (the 'imports' counter). */
async function importedStations(): Promise<ImportedSet> {
  const version = String((await changeVersions()).imports)
  if (imported?.version !== version) imported = { version, value: remember(() => loadImported(), () => imported = undefined) }
  return imported.value
}

async function loadStations(event: H3Event): Promise<StationSets> {
  const { overrides, additions, retirements } = useStores()
  const [files, fromImports, overrideMap, added, retiredMap] = await Promise.all([contentStations(event), importedStations(), overrides.all(), additions.active(), retirements.all()])
  // A content file wins over an imported row of the same id, as over an addition.
  const fileIds = new Set(files.map(record => record.id))
  const records = fromImports.records.length ? [...files, ...fromImports.records.filter(record => !fileIds.has(record.id))] : files
  const merged = mergeStations(records, overrideMap, added, ({ id, source, error }) => {
    const key = `${source}:${id}:${String(error)}`
    if (reported.has(key)) return
    reported.add(key)
    logger.error(`[places] ${source} of ${id} is not a valid station and is not served: ${errorMessage(error)}`)
  })
  const live: StationRecord[] = []
  const retired = new Map<string, RetiredStation>()
  for (const station of merged) {
    const retirement = retiredMap.get(station.id)
    if (retirement) retired.set(station.id, { ...station, retiredAt: retirement.retiredAt, retiredBy: retirement.retiredBy })
    else live.push(station)
  }
  const ordered = sortForList(live.map(station => ({ station, id: station.id, kind: station.kind, district: station.district, name: station.name, districtName: districtName(station.district) })), fromImports.names)
    .map(({ station }) => station)
  return { live, retired, ordered, ids: idTable(ordered) }
}

/** Every station by id, live and retired: rebuilt only when a station changed. */
async function stationSets(event: H3Event): Promise<StationSets> {
  const { stations, imports } = await changeVersions()
  const version = `${stations}:${imports}`
  if (live?.version !== version) live = { version, value: remember(() => measureRebuild('stations', () => loadStations(event)), () => live = undefined) }
  return live.value
}

/**
 * The collator's order of the imported places' names, ranked once per import: sorting many places by
 * name compares numbers (the other names fall between two ranks, wordOrder).
 */
export async function importedNameOrder(): Promise<WordOrder> {
  return (await importedStations()).names
}

/** Stations staff retired, by id, as they stood (live edits included), with when and by whom. */
export async function retiredStations(event: H3Event): Promise<Map<string, RetiredStation>> {
  return (await stationSets(event)).retired
}

/** Every station as it stands now: content records with staff's live edits, and stations staff added. */
export async function listStations(event: H3Event): Promise<StationRecord[]> {
  return (await stationSets(event)).live.slice()
}

/** One station as it stands now, or undefined (without building the places list). */
export async function findStation(event: H3Event, id: string): Promise<StationRecord | undefined> {
  const { ordered, ids } = await stationSets(event)
  return findById(ids, ordered, id)
}

async function loadConfirmations(now: Date): Promise<Confirmations> {
  const { suggestions } = useStores()
  const [last, senders] = await Promise.all([suggestions.lastConfirmations(), suggestions.recentConfirmers(confirmWindowStart(now))])
  return { last, senders }
}

/** Confirmations as the public sees them: reloaded when one counted or was turned down, and each day (the window moves). */
async function publicConfirmations(now = new Date()): Promise<Confirmations> {
  const version = `${(await changeVersions()).confirmations}:${startOfBeijingDay(now).getTime()}`
  if (confirmations?.version !== version) {
    confirmations = { version, value: remember(() => measureRebuild('confirmations', () => loadConfirmations(now)), () => confirmations = undefined) }
  }
  return confirmations.value
}

/** The newest confirmation per station that counts (one per station, sender network and day, from a checked form). */
export async function lastConfirmations(): Promise<Map<string, string>> {
  return (await publicConfirmations()).last
}

function scheduleFor(hours: string, now: Date): Schedule {
  const day = startOfBeijingDay(now).getTime()
  if (schedules?.day !== day) schedules = { day, byHours: new Map() }
  let schedule = schedules.byHours.get(hours)
  if (!schedule) schedules.byHours.set(hours, schedule = computeSchedule(hours, now))
  return schedule
}

/**
 * A place: its station's fields written out in one order (an absent one undefined), then what is
 * derived. Not `{ ...station, ... }`: V8 gave each such copy of 186,100 a hidden class of its own
 * (138 MB where this takes 51 MB, measured), and assigning the fields in a loop made each a dictionary.
 */
function placeOf(s: StationRecord, derived: Omit<Place, keyof StationRecord>): Place {
  return {
    name: s.name, kind: s.kind, district: s.district, address: s.address, location: s.location, amenities: s.amenities,
    hours: s.hours, hoursNote: s.hoursNote, phone: s.phone, operator: s.operator, audience: s.audience,
    arrivalHint: s.arrivalHint, description: s.description, status: s.status, statusNote: s.statusNote,
    expectedReopen: s.expectedReopen, lastVerified: s.lastVerified, sample: s.sample, source: s.source, id: s.id,
    districtName: derived.districtName, initials: derived.initials, schedule: derived.schedule,
    lastConfirmed: derived.lastConfirmed, recentConfirmers: derived.recentConfirmers,
  } satisfies Record<keyof Place, unknown>
}

/**
 * A station's pinyin initials for one build of the places: the importer's when its name is the
 * imported one (computing 186,100 took seconds), found through the imported places' ids; computed
 * for the others (content files, additions, names staff changed). A Map of every name to its
 * initials, kept, was 7 MB of the server's memory.
 */
function initialsLookup(imported: ImportedSet): (station: StationRecord) => string {
  const computed = new Map<string, string>()
  return (station) => {
    const at = positionById(imported.ids, imported.records, station.id)
    if (at >= 0 && imported.records[at]!.name === station.name) return imported.initials[at]!
    let value = computed.get(station.name)
    if (value === undefined) computed.set(station.name, value = nameInitials(station.name))
    return value
  }
}

async function buildView(event: H3Event, now: Date, version: string, previous?: PlacesView): Promise<PlacesView> {
  const [{ ordered, ids }, confirmed] = await Promise.all([stationSets(event), publicConfirmations(now)])
  const day = startOfBeijingDay(now).getTime()
  // After a confirmation only (the same stations in the same order, the same day), the places whose
  // confirmations read the same are kept as they were: building all 186,100 again took 110–330 ms
  // and left about 60 MB of garbage, and what is built from the places can tell them unchanged.
  const kept = previous?.ordered === ordered && previous.day === day ? previous.places : undefined
  // A kept place's station is the same: its initials too.
  const initialsOf = kept ? (_station: StationRecord, i: number) => kept[i]!.initials : initialsLookup(await importedStations())
  // In the list's order, sorted once per change of a station: the list pages and the phones only filter.
  // Places of one opening_hours value share one Schedule object (no copy per place).
  const places = ordered.map((station, i) => {
    const lastConfirmed = confirmed.last.get(station.id)
    const recentConfirmers = confirmed.senders.get(station.id)
    const old = kept?.[i]
    if (old && old.lastConfirmed === lastConfirmed && old.recentConfirmers === recentConfirmers) return old
    return placeOf(station, {
      districtName: districtName(station.district),
      initials: initialsOf(station, i),
      schedule: scheduleFor(station.hours, now),
      lastConfirmed,
      recentConfirmers,
    })
  })
  return { places, ordered, ids, day, version, builtAt: now.toISOString() }
}

/** The places with their schedules: rebuilt when a station or a confirmation changed, and each day. */
async function placesView(event: H3Event, now: Date): Promise<PlacesView> {
  const { stations, imports, confirmations: confirmed } = await changeVersions()
  const version = `${stations}:${imports}:${confirmed}:${startOfBeijingDay(now).getTime()}`
  if (view?.version !== version) {
    const previous = view?.value.catch(() => undefined)
    view = { version, value: remember(async () => measureRebuild('places', async () => buildView(event, now, version, await previous)), () => view = undefined) }
  }
  return view.value
}

/** Every place, live edits included, with its schedule for the coming days. */
export async function listPlaces(event: H3Event, now = new Date()): Promise<Place[]> {
  return (await placesView(event, now)).places
}

/**
 * Every place with what names this moment's data: `version` changes whenever a place, its schedule
 * or its confirmations may (an ETag of the open data), `builtAt` is when it was computed.
 */
export async function placesSnapshot(event: H3Event, now = new Date()): Promise<{ places: Place[], version: string, builtAt: string }> {
  const { places, version, builtAt } = await placesView(event, now)
  return { places, version, builtAt }
}

/** One place by id, or undefined. */
export async function findPlace(event: H3Event, id: string, now = new Date()): Promise<Place | undefined> {
  const { places, ids } = await placesView(event, now)
  return findById(ids, places, id)
}

/**
 * Cache policy of the public station data: caches may keep a copy but must ask again each time,
 * so a station that staff close shows as closed at once (offline, the service worker answers).
 */
export const PUBLIC_DATA_CACHE_CONTROL = 'public, no-cache'
