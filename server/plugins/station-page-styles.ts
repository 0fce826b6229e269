// A station page comes with the global stylesheet inlined in its HTML instead of linked. Its full
// loads are mostly first visits, from a poster's QR code or a link shared in a chat app (in the app,
// the map opens it without loading a page): the first paint then waits for the HTML only, not also for
// the stylesheet requested after it. The map page keeps the link: the installed app opens it again
// every day with the stylesheet already kept, where 4.3 KB (gzip) more HTML is a cost every time.
// Measured in Chromium with DevTools' throttling and the CPU 4x slower, first paint, medians of 5
// loads of this build and the one before, in turn (a repeat visit once the first has gone quiet):
//   400 ms, 400 kbit/s   station page: first visit 1,482 -> 726 ms, repeat visit 588 -> 650 ms
//   150 ms, 1.6 Mbit/s   station page: first visit 711 -> 587 ms, repeat visit 347 -> 309 ms
// Inlined in every page (a trial build), the map page at 400 ms, 400 kbit/s: first visit
// 1,697 -> 1,494 ms, repeat visit 587 -> 622 ms.

/** Nuxt's link to the build's global stylesheet (`css` in nuxt.config.ts); the build names it by its hash. */
const STYLESHEET = /<link\b[^>]*\brel="stylesheet"[^>]*\bhref="(\/_nuxt\/entry\.[\w-]+\.css)"[^>]*>/

/** Each build's stylesheet by its address, read once (undefined: keep the link). */
const stylesheets = new Map<string, Promise<string | undefined>>()

function stylesheet(href: string): Promise<string | undefined> {
  let css = stylesheets.get(href)
  if (!css) {
    css = $fetch<string>(href, { responseType: 'text' })
      // Text that would end the element early never goes inline.
      .then(text => (text.includes('</') ? undefined : text))
      .catch(() => undefined)
    stylesheets.set(href, css)
  }
  return css
}

export default defineNitroPlugin((nitroApp) => {
  nitroApp.hooks.hook('render:html', async (html, { event }) => {
    if (!event.path.startsWith('/stations/')) return
    for (const [i, part] of html.head.entries()) {
      const link = part.match(STYLESHEET)
      if (!link) continue
      const css = await stylesheet(link[1]!)
      // The link stays, disabled, so never fetched: Vite's loader of the page's later chunks adds a
      // stylesheet they name only when no link in the page has it, and downloaded it again after load.
      if (css !== undefined) html.head[i] = part.replace(link[0], `<style>${css}</style>${link[0].replace(/^<link\b/, '<link disabled')}`)
      return
    }
  })
})
