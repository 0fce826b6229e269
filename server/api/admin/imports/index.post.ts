import { INPUT_CRS, type InputCrs } from '#shared/utils/coords'
import type { StationImport } from '#shared/types/admin'

// The union's spreadsheet (.xlsx or CSV) as a preview: nothing reaches the map until it is applied.
export default defineEventHandler(async (event): Promise<StationImport> => {
  const staff = await requireStaff(event)
  const file = await readUploadedFile(event, 'file', IMPORT_MAX_BYTES, IMPORT_TOO_LARGE)
  const crs = file.fields.crs || undefined
  if (crs && !INPUT_CRS.includes(crs as InputCrs)) throw apiError(400, 'VALIDATION_FAILED', '坐标系应为 wgs84、gcj02 或 bd09', { issues: [{ path: 'crs', code: 'invalid_value', message: '坐标系应为 wgs84、gcj02 或 bd09' }] })
  const preview = await previewImport(event, staff, file, crs as InputCrs | undefined)
  setResponseStatus(event, 201)
  return preview
})
