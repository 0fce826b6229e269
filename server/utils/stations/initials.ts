import { pinyin } from 'pinyin-pro'

/** The marks before a name that say it is not a real place: 示例 (sample), 合成 (synthetic, npm run data:synth). */
export const NAME_MARK = /^(?:示例|合成)·/

/**
 * Pinyin initials of a place's name for search (榆次新建路驿站 → "ycxjlyz"), without its sample or
 * synthetic mark. Pure (also run by `data:import --to database`, which stores them with each row).
 */
export function nameInitials(name: string): string {
  return pinyin(name.replace(NAME_MARK, ''), { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'removed' }).join('').toLowerCase()
}
