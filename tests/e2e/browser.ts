import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core'
import { expect } from 'vitest'
import { existsSync } from 'node:fs'

const CHROMIUM = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome']
  .find((path): path is string => !!path && existsSync(path))

// A plain tile so maps render with no network; the real tile servers are never contacted in tests.
const TILE = '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256"><rect width="256" height="256" fill="#e4eadf" stroke="#c8cfc2"/></svg>'

export async function launch(...args: string[]): Promise<Browser> {
  if (!CHROMIUM) throw new Error('No Chromium found: install the Debian package "chromium" or set CHROMIUM_PATH')
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', ...args],
  })
}

/**
 * A phone-sized context (390x844) whose map tiles are stubbed, which records every request's host
 * and every page error or console error (a CSP violation shows up there).
 */
export async function phone(browser: Browser, baseURL: string, options: BrowserContextOptions = {}): Promise<BrowserContext & { hosts: Set<string>, problems: string[] }> {
  const context = await browser.newContext({ baseURL, viewport: { width: 390, height: 844 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', ...options })
  const hosts = new Set<string>()
  const problems: string[] = []
  context.on('request', request => hosts.add(new URL(request.url()).host))
  context.on('console', (message) => {
    if (message.type() === 'error') problems.push(message.text())
  })
  context.on('weberror', error => problems.push(String(error.error())))
  await context.route(/^https?:\/\/[^/]*tile\.openstreetmap\.org\//, route => route.fulfill({ status: 200, contentType: 'image/svg+xml', headers: { 'access-control-allow-origin': '*' }, body: TILE }))
  return Object.assign(context, { hosts, problems })
}

/**
 * Taps an element once it is on screen and holds still there. Playwright's click scrolls to it in one
 * jump and presses at once, but the list's cards that come near the screen are laid out only in a
 * later frame (`content-visibility: auto`): laid out between pointerdown and pointerup, they moved the
 * footer's link by 50-450 px and the tap became a click on the page (open data did not open, 7 runs
 * in 64 beside a build and busy cores). A person's finger comes long after the page has settled; this
 * waits for that: the element in view at the same place for three frames in a row.
 */
export async function tapWhenStill(target: Locator) {
  await target.evaluate(element => new Promise<void>((resolve, reject) => {
    const deadline = performance.now() + 10_000
    let last = ''
    let still = 0
    const check = () => {
      const box = element.getBoundingClientRect()
      const inView = box.top >= 0 && box.bottom <= innerHeight
      if (!inView) element.scrollIntoView({ block: 'center' })
      const place = `${box.top},${box.left}`
      still = inView && place === last ? still + 1 : 0
      last = place
      if (still >= 3) resolve()
      else if (performance.now() > deadline) reject(new Error(`tapWhenStill: ${element.outerHTML.slice(0, 80)} did not hold still on screen within 10 s`))
      else requestAnimationFrame(check)
    }
    check()
  }))
  await target.click()
}

/**
 * Follows the list's "more" link until all `total` places are listed, waiting each time for the
 * longer list (the link is re-rendered, or gone, only once the list has grown). The link is
 * followed from the keyboard, as its position does not hold still: Playwright scrolls the link into
 * view in one jump, the cards that come near the screen are laid out only in the next frame (the
 * list's `content-visibility: auto`), and cards laid out between pointerdown and pointerup moved the
 * link by 1,000 px or more, so the tap became a click on the page: 4 runs in 30 beside two busy cores.
 */
export async function showWholeList(page: Page, total: number) {
  const cards = page.getByTestId('station-card')
  for (let listed = await cards.count(); listed < total; listed = await cards.count()) {
    await page.getByTestId('list-more').focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => cards.count()).toBeGreaterThan(listed)
  }
}
