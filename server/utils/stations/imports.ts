import { isDeepStrictEqual } from 'node:util'
import type { H3Event } from 'h3'
import { cleanCell, checkPlace, layRow, readRow, withDefaults, type RowProblem } from '../../spreadsheet/row'
import { ImportFileError, matchHeader, type Column } from '../../spreadsheet/headers'
import { readTable } from '../../spreadsheet/read'
import { districtName } from '../../regions/region'
import type { StoredImport } from '../../database/stores'
import { STATION_EDIT_KEYS, type StationEdit } from '#shared/schemas/admin'
import { StationIdSchema, type StationData, type StationInput } from '#shared/schemas/station'
import type { InputCrs } from '#shared/utils/coords'
import type {
  ImportAdded, ImportChanged, ImportCounts, ImportDuplicate, ImportUnchanged, StaffMember, StationImport, StationImportListing,
} from '#shared/types/admin'

// The union's spreadsheet in the workspace (issue 9): upload → preview (nothing written) → apply the
// chosen rows as one batch → undo the batch. The rows are read by the rules `npm run data:import` uses.

/** Largest file accepted. */
export const IMPORT_MAX_BYTES = 5 * 1024 * 1024
export const IMPORT_TOO_LARGE = '文件太大：最大 5 MB。请把名单分成几个文件'

/** `source.name` of a station a workspace import adds. */
export const IMPORT_SOURCE_NAME = '工作台表格导入'

/** A preview can be applied for a day; after that the file is uploaded again. */
const PREVIEW_TTL_MS = 24 * 3600_000

/** A new row within this distance of a station is flagged as a likely duplicate. */
const DUPLICATE_RADIUS_M = 50

/** What is kept between preview and apply (the plan) and shown in the list of imports (the counts). */
interface ImportPlan {
  encoding: string
  crs: InputCrs | null
  ignoredColumns: string[]
  added: ImportAdded[]
  changed: ImportChanged[]
  unchanged: ImportUnchanged[]
  problems: RowProblem[]
}

const sameName = (a: string, b: string) => {
  const key = (name: string) => name.normalize('NFKC').replace(/\s+/g, '').replace(/^示例·/, '')
  return key(a) === key(b)
}

function duplicatesOf(station: StationData, others: Iterable<{ id: string, station: StationData, inFile: boolean }>): ImportDuplicate[] {
  const found: ImportDuplicate[] = []
  for (const other of others) {
    const distance = Math.round(distanceMeters(station.location, other.station.location))
    const reason = sameName(station.name, other.station.name) ? 'name' : distance <= DUPLICATE_RADIUS_M ? 'near' : undefined
    if (reason) found.push({ id: other.id, name: other.station.name, reason, distance, inFile: other.inFile })
  }
  return found
}

/** The fields of a station an import changes, before and after (null: absent). */
function fieldChanges(before: StationData, after: StationData) {
  const value = (data: StationData, key: string) => (data as Record<string, unknown>)[key] ?? null
  return STATION_EDIT_KEYS.filter(key => !isDeepStrictEqual(value(before, key), value(after, key)))
    .map(field => ({ field, before: value(before, field), after: value(after, field) }))
}

function countsOf(plan: ImportPlan): ImportCounts {
  return { added: plan.added.length, changed: plan.changed.length, unchanged: plan.unchanged.length, bad: new Set(plan.problems.map(p => p.line)).size }
}

async function answer(stored: StoredImport): Promise<StationImport> {
  const actor = await actorNamer()
  const plan = stored.plan as ImportPlan
  return {
    id: stored.id,
    fileName: stored.fileName,
    encoding: plan.encoding,
    crs: plan.crs,
    status: stored.status,
    counts: countsOf(plan),
    ignoredColumns: plan.ignoredColumns,
    added: plan.added,
    changed: plan.changed,
    unchanged: plan.unchanged,
    problems: plan.problems,
    createdAt: stored.createdAt,
    createdBy: actor(stored.createdBy),
    appliedLines: stored.appliedLines,
    appliedAt: stored.appliedAt,
    appliedBy: stored.appliedBy ? actor(stored.appliedBy) : null,
    undoneAt: stored.undoneAt,
    undoneBy: stored.undoneBy ? actor(stored.undoneBy) : null,
  }
}

/**
 * Reads an uploaded spreadsheet and keeps its preview: rows that add a station, rows that change one
 * (field by field), unchanged rows, and bad rows with their reasons. Nothing is written to the map.
 * 400 IMPORT_CRS_NEEDED when a row's coordinate system is not known: the page asks and sends `crs`.
 */
export async function previewImport(event: H3Event, staff: StaffMember, file: { name: string, bytes: Uint8Array }, crs: InputCrs | undefined): Promise<StationImport> {
  let table, columns
  try {
    table = await readTable(file.bytes)
    columns = matchHeader(table.header)
  }
  catch (error) {
    if (error instanceof ImportFileError) throw apiError(400, error.code, error.message)
    throw error
  }
  const crsIndex = columns.index.get('crs')
  if (!crs && (crsIndex === undefined || table.rows.some(row => !cleanCell(row.cells[crsIndex])))) {
    throw apiError(400, 'IMPORT_CRS_NEEDED', '文件没有说明坐标是哪种坐标系，请选择（高德、腾讯地图上取的坐标是 GCJ-02，百度是 BD-09，GPS 和天地图是 WGS-84）')
  }

  const [live, retired, content, additionIds] = await Promise.all([
    listStations(event), retiredStations(event), contentStations(event), useStores().additions.ids(),
  ])
  const byId = new Map(live.map(station => [station.id, station]))
  const contentIds = new Set(content.map(station => station.id))
  const plan: ImportPlan = { encoding: table.encoding, crs: crs ?? null, ignoredColumns: columns.ignored, added: [], changed: [], unchanged: [], problems: [...table.problems] }
  const rowOfId = new Map<string, number>()
  const scopeMessage = (district: string) => `你只能导入和修改${districtName(staff.district ?? '')}的站点（这一行是${districtName(district)}）`

  for (const { line, cells } of table.rows) {
    const row = readRow(cells, line, columns, crs)
    const problems = [...row.problems]
    const problem = (field: Column, message: string) => problems.push({ line, field, column: columns.title(field), message })
    const id = row.id || null
    if (id && rowOfId.has(id)) problem('id', `编号「${id}」与第 ${rowOfId.get(id)} 行重复`)
    if (id) rowOfId.set(id, line)
    const current = id ? byId.get(id) : undefined

    if (current) {
      const { id: _, ...before } = current
      const checked = checkPlace(layRow(before, row.fields), { ...row, problems }, columns)
      problems.push(...checked.problems)
      for (const district of new Set([before.district, checked.data?.district])) {
        if (district && !mayActIn(staff, district)) problem('district', scopeMessage(district))
      }
      if (!problems.length && checked.data) {
        const changes = fieldChanges(before, checked.data)
        if (changes.length) plan.changed.push({ line, id: current.id, name: current.name, changes })
        else plan.unchanged.push({ line, id: current.id, name: current.name })
      }
    }
    else {
      const idCheck = id ? StationIdSchema.safeParse(id) : undefined
      if (id && retired.has(id)) problem('id', `「${retired.get(id)!.name}」已下线：请先在工作台恢复它，再导入`)
      else if (idCheck?.error) problem('id', idCheck.error.issues[0]!.message)
      else if (id && (additionIds.has(id) || contentIds.has(id))) problem('id', `编号「${id}」已被使用`)
      const input = { ...withDefaults(row.fields), source: { name: IMPORT_SOURCE_NAME, note: `${file.name} 第 ${line} 行` } }
      const checked = checkPlace(input, { ...row, problems }, columns)
      problems.push(...checked.problems)
      if (checked.data && !mayActIn(staff, checked.data.district)) problem('district', scopeMessage(checked.data.district))
      if (!problems.length && checked.data) {
        const others = [
          ...live.map(station => ({ id: station.id, station, inFile: false })),
          ...plan.added.map(added => ({ id: `第 ${added.line} 行`, station: added.station, inFile: true })),
        ]
        plan.added.push({ line, id, station: checked.data, duplicates: duplicatesOf(checked.data, others) })
      }
    }
    plan.problems.push(...problems)
  }
  plan.problems.sort((a, b) => a.line - b.line)

  const id = crypto.randomUUID()
  await useStores().imports.create({ id, fileName: file.name, plan, summary: countsOf(plan), by: staff.id })
  return answer((await useStores().imports.get(id))!)
}

/** An import the staff member may see: their own, or any for an admin. 404 IMPORT_NOT_FOUND otherwise. */
export async function requireImport(staff: StaffMember, id: string): Promise<StoredImport> {
  const stored = await useStores().imports.get(id)
  if (!stored || (staff.role !== 'admin' && stored.createdBy !== staff.id)) throw apiError(404, 'IMPORT_NOT_FOUND', '找不到这次导入', { id })
  return stored
}

export async function importAnswer(staff: StaffMember, id: string): Promise<StationImport> {
  return answer(await requireImport(staff, id))
}

/** The newest imports (an editor's own; every import for an admin). */
export async function recentImports(staff: StaffMember): Promise<StationImportListing[]> {
  const actor = await actorNamer()
  const rows = await useStores().imports.recent(20, staff.role === 'admin' ? undefined : staff.id)
  return rows.map(row => ({
    id: row.id,
    fileName: row.fileName,
    status: row.status,
    counts: row.summary as ImportCounts,
    createdAt: row.createdAt,
    createdBy: actor(row.createdBy),
    appliedAt: row.appliedAt,
    appliedBy: row.appliedBy ? actor(row.appliedBy) : null,
    undoneAt: row.undoneAt,
    undoneBy: row.undoneBy ? actor(row.undoneBy) : null,
  }))
}

const staleError = (names: string[]) => apiError(409, 'IMPORT_STALE', `预览之后这些站点又被修改过：${names.join('、')}。请重新上传文件，看新的预览`, { names })

/**
 * Writes the chosen rows of a preview (default: every new and changed row) as one batch: every
 * station or none, each change in the audit log with the import's id as its batch. 409 IMPORT_STALE
 * when a station changed since the preview.
 */
export async function applyImport(event: H3Event, staff: StaffMember, id: string, lines: number[] | undefined): Promise<StationImport> {
  const stored = await requireImport(staff, id)
  if (stored.status !== 'preview') throw apiError(409, 'IMPORT_NOT_PREVIEW', stored.status === 'applied' ? '这次导入已经写入' : '这次导入已经撤销')
  if (Date.now() - Date.parse(stored.createdAt) > PREVIEW_TTL_MS) throw apiError(410, 'IMPORT_EXPIRED', '预览已超过 24 小时，请重新上传文件')
  const plan = stored.plan as ImportPlan
  const writable = new Set([...plan.added, ...plan.changed].map(row => row.line))
  const chosen = new Set(lines ?? writable)
  const refused = [...chosen].filter(line => !writable.has(line))
  if (refused.length) throw apiError(400, 'IMPORT_ROWS_INVALID', `第 ${refused.join('、')} 行不能写入：有错误或没有变化`, { lines: refused })
  if (!chosen.size) throw apiError(400, 'IMPORT_NOTHING_CHOSEN', '没有选择要写入的行')
  const added = plan.added.filter(row => chosen.has(row.line))
  const changed = plan.changed.filter(row => chosen.has(row.line))

  // Checked again for the person applying, and against the stations as they are now.
  for (const row of added) assertMayActIn(staff, row.station.district)
  const bases = new Map<string, StationBase>()
  const stale: string[] = []
  for (const row of changed) {
    const base = await findStationBase(event, row.id)
    const current = await findStation(event, row.id)
    if (!base || !current || row.changes.some(change => !isDeepStrictEqual((current as Record<string, unknown>)[change.field] ?? null, change.before))) {
      stale.push(row.name)
      continue
    }
    assertMayActIn(staff, current.district)
    const district = row.changes.find(change => change.field === 'district')?.after
    if (district) assertMayActIn(staff, district as StationData['district'])
    bases.set(row.id, base)
  }
  if (stale.length) throw staleError(stale)
  const taken = new Set([...(await contentStations(event)).map(station => station.id), ...(await useStores().additions.ids())])
  const newIds = added.map((row) => {
    if (row.id && taken.has(row.id)) stale.push(row.station.name)
    const newId = row.id ?? newStationId(row.station.name, id => taken.has(id), `station-${crypto.randomUUID().slice(0, 8)}`)
    taken.add(newId)
    return newId
  })
  if (stale.length) throw staleError(stale)

  const now = new Date()
  const context = { actor: staff.id, reason: `表格导入「${stored.fileName}」`, action: 'import', batchId: id, now }
  await useStores().transaction(async (tx) => {
    if (!(await tx.imports.advance(id, 'preview', 'applied', staff.id, now, [...chosen].sort((a, b) => a - b)))) {
      throw apiError(409, 'IMPORT_NOT_PREVIEW', '这次导入已经写入')
    }
    for (const [index, row] of added.entries()) await writeStationAddition(tx, newIds[index]!, row.station as StationInput, context)
    for (const row of changed) {
      const edit = Object.fromEntries(row.changes.map(change => [change.field, change.after])) as StationEdit
      await applyStationEdit(tx, bases.get(row.id)!, edit, context)
    }
  })
  return answer((await useStores().imports.get(id))!)
}

/**
 * Takes an applied batch back: stations it added are removed, fields it changed get their earlier
 * values, in one transaction, audited with the batch id. 409 IMPORT_CHANGED_SINCE when a station
 * of the batch was changed after it (that change would be lost).
 */
export async function undoImport(event: H3Event, staff: StaffMember, id: string): Promise<StationImport> {
  const stored = await requireImport(staff, id)
  if (stored.status !== 'applied') throw apiError(409, 'IMPORT_NOT_APPLIED', stored.status === 'undone' ? '这次导入已经撤销' : '这次导入还没有写入')
  const { audit } = useStores()
  const records = (await audit.forBatch(id)).filter(record => record.entity === 'station' && record.action === 'import')
  const later: string[] = []
  const bases = new Map<string, StationBase>()
  for (const record of records) {
    const since = (await audit.forEntity('station', record.entityId)).filter(entry => entry.id > record.id && entry.batchId !== id)
    const base = await findStationBase(event, record.entityId)
    if (since.length || !base) later.push(base ? (base.data.name) : record.entityId)
    else bases.set(record.entityId, base)
  }
  if (later.length) throw apiError(409, 'IMPORT_CHANGED_SINCE', `导入之后这些站点又被修改或下线过，不能整批撤销：${later.join('、')}。请在站点页逐个修改`, { names: later })
  for (const base of bases.values()) assertMayActIn(staff, base.data.district)

  const now = new Date()
  const reason = `撤销表格导入「${stored.fileName}」`
  await useStores().transaction(async (tx) => {
    if (!(await tx.imports.advance(id, 'applied', 'undone', staff.id, now))) throw apiError(409, 'IMPORT_NOT_APPLIED', '这次导入已经撤销')
    for (const record of records) {
      if (record.before === null) {
        await tx.additions.retire(record.entityId, now)
        await tx.audit.write({ actor: staff.id, entity: 'station', entityId: record.entityId, action: 'import-undo', before: record.after, after: null, reason, batchId: id }, now)
      }
      else {
        await applyStationEdit(tx, bases.get(record.entityId)!, record.before as StationEdit, { actor: staff.id, reason, action: 'import-undo', batchId: id, now })
      }
    }
  })
  return answer((await useStores().imports.get(id))!)
}
