/**
 * Where logs go while a person chats in this terminal: into `DATA_DIR/assistant.log`, never between the lines
 * of the conversation. The JSON-lines chat keeps stderr (scripts read stdout only).
 */
import { mkdirSync, openSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { createLogger, type Logger, type LogLevel } from '../logger.ts'

export const CHAT_LOG_FILE = 'assistant.log'

/** A logger that appends to `DATA_DIR/assistant.log`, and the path it writes to. */
export function chatLogger(dataDir: string, level: LogLevel): { logger: Logger; path: string } {
  const dir = resolve(dataDir)
  mkdirSync(dir, { recursive: true })
  const path = join(dir, CHAT_LOG_FILE)
  return { logger: createLogger(level, openSync(path, 'a', 0o600)), path }
}
