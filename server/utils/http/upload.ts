import type { H3Event } from 'h3'

/** A file sent as `multipart/form-data`, and the form's other (text) fields. */
export interface UploadedFile {
  name: string
  bytes: Uint8Array
  fields: Record<string, string>
}

/** Room for the form's boundaries and small fields around the file. */
const FORM_OVERHEAD = 64 * 1024

/**
 * Reads one uploaded file (field `field`) of at most `limit` bytes: 415 for a body that is not a
 * multipart form, 413 past the limit with `tooLarge` as the message, 400 IMPORT_NO_FILE without one.
 * The form is parsed by the runtime's own `Request.formData()`, after the size check.
 */
export async function readUploadedFile(event: H3Event, field: string, limit: number, tooLarge: string): Promise<UploadedFile> {
  const type = getRequestHeader(event, 'content-type') ?? ''
  if (!/^multipart\/form-data\s*;/i.test(type)) throw apiError(415, 'UNSUPPORTED_MEDIA_TYPE', '请以 multipart/form-data 上传文件')
  const body = await readBodyBytes(event, limit + FORM_OVERHEAD, tooLarge)
  let form: FormData
  try {
    form = await new Request('http://upload.invalid/', { method: 'POST', headers: { 'content-type': type }, body: new Uint8Array(body) }).formData()
  }
  catch {
    throw apiError(400, 'INVALID_FORM', '上传的内容无法读取，请重新选择文件')
  }
  const file = form.get(field)
  if (!file || typeof file === 'string') throw apiError(400, 'IMPORT_NO_FILE', '请选择要上传的文件')
  if (file.size > limit) throw apiError(413, 'PAYLOAD_TOO_LARGE', tooLarge, { limit })
  const fields = Object.fromEntries([...form.entries()].filter((entry): entry is [string, string] => typeof entry[1] === 'string'))
  return { name: file.name || 'upload', bytes: new Uint8Array(await file.arrayBuffer()), fields }
}
