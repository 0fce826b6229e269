import { format } from 'node:util'
import pino from 'pino'

// Explicit imports only (no Nitro globals): utils that tests and scripts import without Nitro log through it too.

/**
 * The server's log: one JSON object per line on stdout, `{ level, time, pid, msg, ... }`. Never give it
 * an address, a contact, a password, a cookie, a query string or a request body (README, "What to watch").
 */
export const logger = pino({
  base: { pid: process.pid },
  timestamp: pino.stdTimeFunctions.isoTime,
  formatters: { level: label => ({ level: label }) },
})

/** An error's message, for a log line (not its stack). */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** The query string of every URL in `text` replaced by `?…`: a query can carry what a person typed. */
export function withoutQueries(text: string): string {
  return text.replace(/(https?:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/g, '$1?…')
}

type ConsoleMethod = 'log' | 'info' | 'debug' | 'warn' | 'error'
const LEVELS: Record<ConsoleMethod, 'info' | 'debug' | 'warn' | 'error'> = { log: 'info', info: 'info', debug: 'debug', warn: 'warn', error: 'error' }

/**
 * Sends what libraries write with `console.*` (Nitro's "Listening on", its request errors, a
 * driver's warning) to the log as JSON lines, so every line of the server's output parses; URLs lose
 * their query strings on the way.
 */
export function routeConsoleToLog() {
  for (const method of Object.keys(LEVELS) as ConsoleMethod[]) {
    const level = LEVELS[method]
    console[method] = (...args: unknown[]) => {
      const error = args.find((arg): arg is Error => arg instanceof Error)
      const msg = withoutQueries(format(...args.filter(arg => arg !== error)).trim())
      if (!error) return logger[level](msg)
      logger[level]({ err: { type: error.name, message: withoutQueries(error.message), stack: withoutQueries(error.stack ?? '') } }, msg || error.message)
    }
  }
}
