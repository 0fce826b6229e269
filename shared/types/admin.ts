import type { StaffRole } from '../schemas/admin'
import type { StationData } from '../schemas/station'
import type { SuggestionBody, SuggestionKind, SuggestionStatus, UnverifiedReason } from '../schemas/suggestion'
import type { District, Kind, Status } from '../utils/vocabulary'

// Answers of the staff API (server/api/admin/**, server/api/auth/**), for the admin pages.

/** A staff account as the API shows it: never the password hash. */
export interface StaffMember {
  id: string
  email: string
  role: StaffRole
  /** An editor limited to one district; null: every district. */
  district: District | null
  disabledAt: string | null
  createdAt: string
}

/** An account just added or given a new password by the server: the password, shown this once. */
export interface StaffAccountAnswer extends StaffMember {
  oneTimePassword?: string
}

/** A station's data as it stands now (content file merged with live edits), with its id. */
export type StationRecord = StationData & { id: string }

/** A station staff retired: off the public map until restored. */
export type RetiredStation = StationRecord & { retiredAt: string, retiredBy: string }

/** Who did something: a staff member (their email, if the account still exists) or the system (CLI, import). */
export interface Actor {
  id: string
  email: string | null
}

export interface RelatedSuggestion {
  id: string
  kind: SuggestionKind
  createdAt: string
  /** Metres from the proposal, for new-station proposals. */
  distance?: number
}

/** One suggestion in the review queue. */
export interface ReviewQueueItem {
  id: string
  kind: SuggestionKind
  status: SuggestionStatus
  stationId: string | null
  /** The station's district; for a new-station proposal, the district whose centre is nearest. */
  district: District | null
  createdAt: string
  /** What the person sent (text exactly as sent: show it as text, never as HTML). */
  body: SuggestionBody
  /** Phone or WeChat id the person left: staff only. */
  contact: string | null
  /** Why the server could not vouch for it (no valid form token: written offline, an old app, or a script); null: it could. */
  unverified: UnverifiedReason | null
  reviewedBy: Actor | null
  reviewedAt: string | null
  reviewReason: string | null
  duplicateOf: string | null
  /** The station's current values, for a diff; null for a new-station proposal or an unknown station. */
  current: StationRecord | null
  /** Other pending suggestions for the same station, or pending proposals within 200 m: the newest 20. */
  duplicates: RelatedSuggestion[]
  /** Stations already on the map within 200 m of a new-station proposal. */
  nearbyStations: Array<{ id: string, name: string, distance: number }>
}

export interface ReviewQueuePage {
  items: ReviewQueueItem[]
  page: number
  pageSize: number
  total: number
}

/** What a review did. */
export interface ReviewOutcome {
  suggestion: { id: string, status: SuggestionStatus }
  /** The station after the change, when accepting changed one. */
  station?: StationRecord
  /** Proposed fields that cannot be changed live (name, address): edit the data file instead. */
  notApplied?: string[]
}

/** One entry of the audit log: who, when, what before and after, why. */
export interface AuditEntry {
  id: number
  at: string
  actor: Actor
  entity: 'station' | 'suggestion' | 'staff'
  entityId: string
  action: string
  before: unknown
  after: unknown
  reason: string | null
  suggestionId: string | null
}

/** A station as the admin sees it: now, in its content file, and the live edits between them. */
export interface AdminStation {
  station: StationRecord
  /** When and by whom the station was retired; null while it is on the map. */
  retired: { at: string, by: Actor } | null
  /** The record in content/ (null for a station added from a proposal). */
  content: StationRecord | null
  override: { fields: Record<string, unknown>, updatedAt: string, updatedBy: Actor } | null
  addition: { createdAt: string, createdBy: Actor } | null
}

/** One station in the workspace's list. */
export interface AdminStationRow {
  id: string
  name: string
  kind: Kind
  district: District
  address: string
  status: Status
  lastVerified: string | null
  /** When someone last tapped "仍在正常服务" (ISO instant). */
  lastConfirmed: string | null
  sample: boolean
  /** When staff retired it (only in the list of retired stations). */
  retiredAt?: string
}

/** `GET /api/admin/stations`: one page of the stations a staff member may see. */
export interface AdminStationList {
  items: AdminStationRow[]
  page: number
  pageSize: number
  /** Stations matching every filter. */
  total: number
  /** Stations matching every filter but the status, by status. */
  byStatus: Record<Status, number>
}

/** What needs a look (the admin home). */
/** One page of a list, and how many it holds in all. */
export interface AttentionPage<T> {
  total: number
  items: T[]
}

export interface AttentionList {
  staleDays: number
  /** How many items each page holds. */
  pageSize: number
  /** Stations (not closed) never verified or verified more than `staleDays` ago, oldest first. */
  stale: AttentionPage<{ id: string, name: string, district: District, lastVerified: string | null, lastConfirmed: string | null }>
  /** Stations with pending problem reports, the most reported first. */
  problems: AttentionPage<{ id: string, name: string, district: District | null, count: number, latestAt: string }>
  /** More than the configured number of suggestions in 24 h for one station, the biggest first, each with its newest 50 ids... */
  stationBursts: AttentionPage<{ id: string, name: string, district: District | null, count: number, suggestionIds: string[] }>
  /** ...or from one client (a salted hash of its address: the address itself is never stored). */
  clientBursts: AttentionPage<{ client: string, count: number, stationIds: string[], suggestionIds: string[] }>
}

/** A cell of the union's spreadsheet that cannot be read, with why (in Chinese). */
export interface ImportProblem {
  /** The spreadsheet's row number (the header is usually 1). */
  line: number
  /** The station field, e.g. `location.lat`. */
  field: string
  /** The column as the file heads it. */
  column?: string
  message: string
}

/** A station already on the map that a new row may repeat: the same name, or within 50 m. */
export interface ImportDuplicate {
  id: string
  name: string
  reason: 'name' | 'near'
  /** Metres between the two. */
  distance: number
  /** True when the other one is a row of the same file (its id is then the row number). */
  inFile: boolean
}

export interface ImportFieldChange {
  field: string
  before: unknown
  after: unknown
}

/** A row that adds a station. */
export interface ImportAdded {
  line: number
  /** The id from the file's 编号 column; null: one is made from the name when applied. */
  id: string | null
  station: StationData
  duplicates: ImportDuplicate[]
}

/** A row that changes a station on the map. */
export interface ImportChanged {
  line: number
  id: string
  name: string
  changes: ImportFieldChange[]
}

export interface ImportUnchanged {
  line: number
  id: string
  name: string
}

export type ImportStatus = 'preview' | 'applied' | 'undone'

export interface ImportCounts {
  added: number
  changed: number
  unchanged: number
  /** Rows with at least one problem. */
  bad: number
}

/** An import of the union's spreadsheet: its preview, and whether it was applied or undone. */
export interface StationImport {
  id: string
  fileName: string
  /** `xlsx`, `UTF-8`, `GB18030 (GBK)`, `UTF-16LE`… */
  encoding: string
  /** The coordinate system of rows that do not name theirs (null: every row does). */
  crs: 'wgs84' | 'gcj02' | 'bd09' | null
  status: ImportStatus
  counts: ImportCounts
  ignoredColumns: string[]
  added: ImportAdded[]
  changed: ImportChanged[]
  unchanged: ImportUnchanged[]
  problems: ImportProblem[]
  createdAt: string
  createdBy: Actor
  /** The rows written, once applied. */
  appliedLines: number[] | null
  appliedAt: string | null
  appliedBy: Actor | null
  undoneAt: string | null
  undoneBy: Actor | null
}

/** An import in the list of recent ones. */
export type StationImportListing = Pick<StationImport, 'id' | 'fileName' | 'status' | 'counts' | 'createdAt' | 'createdBy' | 'appliedAt' | 'appliedBy' | 'undoneAt' | 'undoneBy'>
