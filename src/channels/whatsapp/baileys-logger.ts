/**
 * The logger handed to Baileys. Baileys logs whole stanzas, message keys and JIDs (phone numbers); our logs
 * never carry personal data. So only the message line and an error's name and message are passed on, with
 * every WhatsApp address and every run of 6+ digits masked, and nothing below `level` (default `warn`).
 */
import type { SocketConfig } from '@whiskeysockets/baileys'
import type { Logger } from '../../logger.ts'
import { maskPersonal } from './privacy.ts'

/** Baileys' logger interface (not exported by name). */
export type ILogger = SocketConfig['logger']

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50 } as const
type Level = keyof typeof LEVELS

export function baileysLogger(logger: Logger, level: Level | 'silent' = 'warn'): ILogger {
  const threshold = level === 'silent' ? Infinity : LEVELS[level]
  const log = (at: Level) => (obj: unknown, msg?: string) => {
    if (LEVELS[at] < threshold) return
    const line = typeof obj === 'string' ? obj : (msg ?? '')
    const error = errorOf(obj)
    logger[at]({ component: 'baileys', ...(error ? { err: maskPersonal(error) } : {}) }, maskPersonal(line) || 'baileys')
  }
  const adapter: ILogger = {
    level,
    child: () => adapter,
    trace: log('trace'),
    debug: log('debug'),
    info: log('info'),
    warn: log('warn'),
    error: log('error'),
  }
  return adapter
}

function errorOf(obj: unknown): string | undefined {
  const candidate = obj instanceof Error ? obj : (obj as { err?: unknown; error?: unknown } | null)?.err ?? (obj as { error?: unknown } | null)?.error
  if (candidate instanceof Error) return `${candidate.name}: ${candidate.message}`
  return typeof candidate === 'string' ? candidate : undefined
}
