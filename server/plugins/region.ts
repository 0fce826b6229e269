import { activateRegion } from '../regions/region'

// The region (NUXT_PUBLIC_REGION) is fixed at start-up: an unknown code stops the server here, with
// the reason, instead of failing on the first place it checks.
export default defineNitroPlugin(() => {
  const config = useRuntimeConfig().public
  const { districts, division, configured } = activateRegion(String(config.region))
  logger.info(`[region] ${division.code} ${division.name}: ${districts.length} districts`)
  if (!configured) logger.warn(`[region] shared/regions.config.ts 没有 ${division.code} 的地图范围：使用全国范围，地图从站点中心开始；标题中的地区名请用 NUXT_PUBLIC_REGION_NAME 设置 (no view configured for this region: China's box, the map starts at the places' centre; set NUXT_PUBLIC_REGION_NAME for headings)`)
})
