/**
 * Structured JSON logs on stderr (stdout belongs to the JSON chat protocol and CLI output).
 * Personal data never goes in: user ids are logged as a short one-way hash (`userRef`), message texts,
 * names and phone numbers not at all; the redact list is a second line of defence.
 */
import { createHash } from 'node:crypto'
import { pino, type Logger } from 'pino'

export type { Logger }

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const
export type LogLevel = (typeof LOG_LEVELS)[number]

/** Keys whose values are replaced by "[redacted]" wherever they appear (two levels deep). */
const REDACT = ['text', 'name', 'phone', 'userId', 'user_id', 'from', 'jid', 'remoteJid', 'contact', 'story', 'recruiter', 'password', 'token', 'secret']

export function createLogger(level: LogLevel = 'info', destination: NodeJS.WritableStream | number = 2): Logger {
  const stream = typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination
  return pino(
    {
      level,
      base: { app: 'migrasi-aman' },
      redact: { paths: [...REDACT, ...REDACT.map((k) => `*.${k}`)], censor: '[redacted]' },
    },
    stream,
  )
}

/** A stable, non-reversible reference to a user for logs: the same user gives the same ref. */
export function userRef(userKey: string): string {
  return createHash('sha256').update(`migrasi-aman:${userKey}`).digest('hex').slice(0, 12)
}
