import { describe, expect, it } from 'vitest'
import { tileSource } from '../../server/utils/http/csp'

describe('tileSource', () => {
  it.each([
    ['https://tile.openstreetmap.org/{z}/{x}/{y}.png', 'https://tile.openstreetmap.org'],
    ['https://{s}.tile.example.com/{z}/{x}/{y}.png', 'https://*.tile.example.com'],
    ['https://t{s}.tianditu.gov.cn/vec_w/wmts?tk=KEY', 'https://*.tianditu.gov.cn'],
    ['HTTP://Tiles.Example.com:8080/{z}/{x}/{y}', 'http://Tiles.Example.com:8080'],
    ['', undefined],
    ['/tiles/{z}/{x}/{y}.png', undefined],
    ['https://tiles.{s}.example.com/{z}', undefined],
  ])('%s -> %s', (template, source) => {
    expect(tileSource(template)).toBe(source)
  })
})
