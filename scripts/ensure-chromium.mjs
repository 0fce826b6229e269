// Browser tests drive the system Chromium (never a downloaded one). Find it, or install it when we
// can (root with apt-get), or stop with a message saying exactly what to install.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'

const CANDIDATES = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean)
const found = () => CANDIDATES.find(path => existsSync(path))

if (!found()) {
  const isRoot = process.getuid?.() === 0
  const hasApt = spawnSync('sh', ['-c', 'command -v apt-get'], { stdio: 'ignore' }).status === 0
  if (isRoot && hasApt) {
    console.log('Chromium not found: installing the Debian package "chromium" with apt-get...')
    execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' })
    execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' } })
  }
  if (!found()) {
    console.error('Browser tests need Chromium and none was found.\n'
      + '  Debian/Ubuntu: sudo apt-get install -y chromium\n'
      + '  Or point CHROMIUM_PATH at an installed Chromium or Chrome binary.')
    process.exit(1)
  }
}
console.log(`Chromium: ${found()}`)
