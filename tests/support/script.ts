import { spawn } from 'node:child_process'
import { resolve } from 'node:path'

const root = resolve(import.meta.dirname, '../..')

/**
 * Runs one of the project's scripts (`scripts/data-import.ts`, ...) in a process of its own, as its npm
 * command does, with `env` added to this process's. Waits without blocking this process, unlike
 * spawnSync: an import of more than 5 s on a loaded machine outlasted the server's keep-alive timeout
 * while this process could not close its idle connection in time, and the next request on it failed
 * ("fetch failed: other side closed").
 */
export function runScript(script: string, args: string[], env: Record<string, string> = {}): Promise<{ code: number | null, stdout: string, stderr: string, output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [resolve(root, 'node_modules/jiti/lib/jiti-cli.mjs'), script, ...args], { cwd: root, env: { ...process.env, ...env } })
    const stdout: Buffer[] = []
    const stderr: Buffer[] = []
    child.stdout.on('data', chunk => stdout.push(chunk))
    child.stderr.on('data', chunk => stderr.push(chunk))
    child.on('close', (code) => {
      const [out, err] = [Buffer.concat(stdout).toString(), Buffer.concat(stderr).toString()]
      done({ code, stdout: out, stderr: err, output: `${out}\n${err}` })
    })
  })
}
