/**
 * The secret salt of the user reference in logs (`userRef` in logger.ts): LOG_SALT when set, otherwise a random
 * one generated once into `<DATA_DIR>/log-salt` (mode 0600) and read from there on every start, so refs stay the
 * same across restarts. Several processes sharing one Redis store must be given the same LOG_SALT.
 */
import { randomBytes } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'

export const LOG_SALT_FILE = 'log-salt'

export type LogSaltSource = 'env' | 'file' | 'generated' | 'process'

/**
 * The salt and where it came from. Without LOG_SALT and a usable DATA_DIR (`process`), a random salt that lives
 * as long as the process: refs then change on restart, which `warning` explains.
 */
export function resolveLogSalt(env: { LOG_SALT?: string | undefined; DATA_DIR: string }): { salt: string; source: LogSaltSource; warning?: string } {
  if (env.LOG_SALT) return { salt: env.LOG_SALT, source: 'env' }
  const file = path.resolve(env.DATA_DIR, LOG_SALT_FILE)
  try {
    const existing = fs.readFileSync(file, 'utf8').trim()
    if (existing.length >= 32) return { salt: existing, source: 'file' }
  } catch {
    // Not there yet: generated below.
  }
  const salt = randomBytes(32).toString('hex')
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true })
    // `wx`: of two processes starting at once, one writes; the other reads what it wrote.
    fs.writeFileSync(file, `${salt}\n`, { mode: 0o600, flag: 'wx' })
    return { salt, source: 'generated' }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      const written = fs.readFileSync(file, 'utf8').trim()
      if (written.length >= 32) return { salt: written, source: 'file' }
    }
    return {
      salt,
      source: 'process',
      warning: `could not keep a log salt in ${file} (${(error as Error).message}); user refs in logs change on restart. Set LOG_SALT.`,
    }
  }
}
