import { pinyin } from 'pinyin-pro'
import { StationIdSchema } from '#shared/schemas/station'

/**
 * An id (file name and URL) for a station staff add: the pinyin of its name
 * (榆次新建路爱心驿站 → yucixinjianluaixinyizhan), or `station-<n>`, made unique against `taken`.
 */
export function newStationId(name: string, taken: (id: string) => boolean, fallback: string): string {
  const syllables = pinyin(name.replace(/^示例·/, ''), { toneType: 'none', type: 'array', nonZh: 'consecutive' })
  const slug = syllables.join('').toLowerCase().replace(/ü/g, 'v').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 56).replace(/-+$/, '')
  const stem = StationIdSchema.safeParse(slug).success && slug ? slug : fallback
  let id = stem
  for (let n = 2; taken(id); n++) id = `${stem}-${n}`
  return id
}
