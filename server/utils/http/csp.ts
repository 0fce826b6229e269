/**
 * The CSP source for a tile URL template: `https://t{s}.tianditu.gov.cn/...` → `https://*.tianditu.gov.cn`.
 * Returns undefined for an empty or unparsable template.
 */
export function tileSource(template: string): string | undefined {
  const match = /^(https?):\/\/([^/?#]+)/i.exec(template.trim())
  if (!match) return undefined
  const [, scheme, host] = match
  const labels = host!.split('.')
  if (labels.slice(1).some(label => label.includes('{'))) return undefined
  if (labels[0]!.includes('{')) labels[0] = '*'
  return `${scheme!.toLowerCase()}://${labels.join('.')}`
}
