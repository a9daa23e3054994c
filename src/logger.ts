/**
 * Structured JSON logs on stderr (stdout belongs to the JSON chat protocol and CLI output): one line per entry with
 * an ISO timestamp (`time`), `pid` and `hostname` (which process of several), and errors under `err` as
 * `{ type, message, stack, cause }` (pino's error serializer; a string given as `err` stays a string).
 * Personal data never goes in: user ids are logged as a keyed hash (`userRef`: HMAC-SHA256 with a secret salt,
 * see `log-salt.ts`), message texts, names and phone numbers not at all; the redact list is a second line of
 * defence.
 */
import { createHmac, randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { pino, stdSerializers, stdTimeFunctions, type Logger } from 'pino'

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
      base: { app: 'migrasi-aman', pid: process.pid, hostname: hostname() },
      timestamp: stdTimeFunctions.isoTime,
      serializers: { err: stdSerializers.err },
      redact: { paths: [...REDACT, ...REDACT.map((k) => `*.${k}`)], censor: '[redacted]' },
    },
    stream,
  )
}

/** Until `setLogSalt` is called (tests, one-shot CLI commands): a random salt, so refs hold within one process. */
let logSalt: Buffer | string = randomBytes(32)

/**
 * The secret key of `userRef` (LOG_SALT, or the one generated into DATA_DIR/log-salt). Processes that share a
 * store must share it, or one user gets a different ref in each process's logs.
 */
export function setLogSalt(salt: string): void {
  logSalt = salt
}

/**
 * A stable reference to a user for logs: the same user gives the same ref. Keyed (HMAC-SHA256 with the log
 * salt, 64 bits shown): without the salt, trying every phone number does not find whose ref it is.
 */
export function userRef(userKey: string): string {
  return createHmac('sha256', logSalt).update(userKey).digest('hex').slice(0, 16)
}
