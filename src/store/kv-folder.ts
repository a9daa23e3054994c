/**
 * The embedded store's key-value space on disk: one small file per key under `<dataDir>/kv/`, so that the many
 * small writes of channel state (WhatsApp auth keys) each cost one file, not a rewrite of everything.
 *
 * A file name is the key made safe for every file system: lower-case letters, digits, `.`, `_` and `-` stay,
 * every other byte (upper-case letters too, for case-insensitive file systems) becomes `%XX`, and the name
 * starts with `k-` (no hidden files, no reserved names). Keys whose safe name would be too long use `h-` and a
 * SHA-256 of the key instead. The file holds `{"key": …, "value": …}`, so keys are read back from the content.
 *
 * All keys and values are loaded into memory on open. Writes are atomic (temporary file, fsync, rename, fsync of
 * the folder) and run in call order per key; a value is visible after its write reached the disk.
 */

import { createHash } from 'node:crypto'
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import { diskError, DIR_MODE, fsyncDir, removeTempFilesSync, writeFileAtomic } from './durable-files.ts'

export const KV_DIR = 'kv'
const MAX_NAME_LENGTH = 200

/** The file name that holds `key`. */
export function kvFileName(key: string): string {
  let safe = ''
  for (const byte of Buffer.from(key)) {
    const char = String.fromCharCode(byte)
    safe += /[a-z0-9._-]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`
  }
  const name = `k-${safe}.json`
  return name.length <= MAX_NAME_LENGTH ? name : `h-${createHash('sha256').update(key).digest('hex')}.json`
}

export class KvFolder {
  /** The folder, or `undefined` for a memory-only space (no data folder). */
  readonly dir: string | undefined
  readonly #values = new Map<string, string>()
  /** The tail of each key's chain of pending writes. */
  readonly #pending = new Map<string, Promise<void>>()

  private constructor(dir: string | undefined) {
    this.dir = dir
  }

  /** A key-value space that lives in memory only. */
  static memory(): KvFolder {
    return new KvFolder(undefined)
  }

  /** Creates or reads `<dataDir>/kv`. Throws a `StoreUnavailableError` when the folder cannot be used. */
  static open(dataDir: string, onWarning: (message: string) => void): KvFolder {
    const dir = path.join(dataDir, KV_DIR)
    const folder = new KvFolder(dir)
    try {
      fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE })
      removeTempFilesSync(dir)
      for (const name of fs.readdirSync(dir)) {
        if (!name.endsWith('.json')) continue
        const entry = readEntry(path.join(dir, name))
        if (entry) folder.#values.set(entry.key, entry.value)
        else onWarning(`Ignored the unreadable key-value file ${path.join(dir, name)}.`)
      }
    } catch (error) {
      throw diskError('read the key-value folder', dir, error)
    }
    return folder
  }

  async get(key: string): Promise<string | undefined> {
    await this.#pending.get(key)?.catch(() => undefined)
    return this.#values.get(key)
  }

  keys(prefix: string): string[] {
    return [...this.#values.keys()].filter((key) => key.startsWith(prefix)).sort()
  }

  /** Writes `key` durably; rejects with a `StoreUnavailableError` naming the folder (never the key). */
  set(key: string, value: string): Promise<void> {
    const dir = this.dir
    return this.#enqueue(key, async () => {
      if (dir) await writeFileAtomic(path.join(dir, kvFileName(key)), JSON.stringify({ key, value }))
      this.#values.set(key, value)
    })
  }

  /** Deletes every key starting with `prefix`, including keys whose first write is still pending. */
  async deletePrefix(prefix: string): Promise<void> {
    const keys = new Set([...this.#values.keys(), ...this.#pending.keys()].filter((key) => key.startsWith(prefix)))
    const dir = this.dir
    if (keys.size === 0) return
    await Promise.all(
      [...keys].map((key) =>
        this.#enqueue(key, async () => {
          if (dir) await fsp.rm(path.join(dir, kvFileName(key)), { force: true })
          this.#values.delete(key)
        }),
      ),
    )
    if (!dir) return
    try {
      await fsyncDir(dir)
    } catch (error) {
      throw diskError('delete from', dir, error)
    }
  }

  /** Resolves when every pending write has finished (successfully or not). */
  async settle(): Promise<void> {
    await Promise.all([...this.#pending.values()].map((p) => p.catch(() => undefined)))
  }

  #enqueue(key: string, work: () => Promise<void>): Promise<void> {
    const previous = this.#pending.get(key) ?? Promise.resolve()
    const next = previous
      .catch(() => undefined)
      .then(work)
      .catch((error: unknown) => {
        throw diskError('write to', this.dir ?? 'memory', error)
      })
    this.#pending.set(key, next)
    const forget = (): void => {
      if (this.#pending.get(key) === next) this.#pending.delete(key)
    }
    next.then(forget, forget)
    return next
  }
}

function readEntry(file: string): { key: string; value: string } | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(file, 'utf8')) as { key?: unknown; value?: unknown }
    if (typeof entry.key === 'string' && typeof entry.value === 'string') return { key: entry.key, value: entry.value }
  } catch {
    // Reported by the caller.
  }
  return undefined
}
