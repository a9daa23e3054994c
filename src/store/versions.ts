/**
 * Published content versions: numbered, immutable snapshots of the content's source files (flows, content and the
 * agency registry), and a pointer to the active one. Every instance serves the active version; `content publish`,
 * `agencies import` and `content rollback` add a version and make it active.
 *
 * Two implementations with one contract (test/store/versions.test.ts):
 * - `FolderVersionStore` for the embedded store, under `DATA_DIR/content-versions/`:
 *
 *   | file                         | written                                                                  |
 *   | ---------------------------- | ------------------------------------------------------------------------ |
 *   | `blobs/<sha256>`             | a file's bytes, content-addressed: written once (temp file + rename)     |
 *   | `versions/<n>.json`          | a version's manifest: written to a temp file, then hard-linked to its    |
 *   |                              | name, which fails when the number is taken (the next one is tried)       |
 *   | `active.json`                | `{ "number": n }`, replaced atomically (temp file + rename)               |
 *
 *   Nothing here is held in a process's memory and no file is ever changed in place, so the CLI may publish while
 *   the assistant runs: this folder is not covered by the data folder's lock (which guards the store's own files).
 *   The assistant notices a new `active.json` by watching the folder and by polling it (the safety net).
 * - `RedisVersionStore` (redis-versions.ts) keeps the same under `ma:{content}:…` and announces each new active
 *   version on the pub/sub channel `ma:content`.
 */
import fs from 'node:fs'
import fsp from 'node:fs/promises'
import path from 'node:path'
import type { FileChanges, Manifest, Snapshot } from '../content/snapshot.ts'
import { sha256 } from '../content/snapshot.ts'
import { DIR_MODE, FILE_MODE, fsyncDir, tempPathFor, TEMP_PREFIX, writeFileAtomic } from './durable-files.ts'

/** What a version is and where it came from (shown by `content versions`). */
export interface ContentVersion {
  number: number
  /** ISO datetime. */
  createdAt: string
  /** Who made it: `--by`, else the operating-system user and host. */
  by: string
  kind: 'publish' | 'registry' | 'rollback'
  note?: string
  /** For a rollback: the version whose files it restores. */
  rollbackOf?: number
  /** The registry in this version, when there is one. */
  registry?: { asOf: string; rows: number }
  /** Path → SHA-256 of the file. */
  files: Manifest
  /** Against the version that was active when this one was made. */
  changes: FileChanges
}

export type VersionDraft = Omit<ContentVersion, 'number'>

export interface VersionStore {
  readonly kind: 'folder' | 'redis'
  /** Stores file contents (by their SHA-256; storing one that is already there is a no-op). */
  putBlobs(files: Snapshot): Promise<void>
  /** The files of a manifest; rejects naming the first missing one. */
  getFiles(manifest: Manifest): Promise<Snapshot>
  /** Adds a version with the next free number, makes it active and tells every instance. */
  create(draft: VersionDraft): Promise<ContentVersion>
  get(number: number): Promise<ContentVersion | undefined>
  /** All versions, oldest first. */
  list(): Promise<ContentVersion[]>
  /** The active version's number; undefined when nothing was ever published. */
  active(): Promise<number | undefined>
  /**
   * Calls `listener` soon after the active version may have changed (a hint: the caller reads `active()` again).
   * Returns a function that stops listening.
   */
  watch(listener: () => void): Promise<() => void>
  close(): Promise<void>
}

/** The embedded store's versions, in a folder next to its files (see the header). */
export class FolderVersionStore implements VersionStore {
  readonly kind = 'folder' as const
  readonly dir: string
  readonly #blobs: string
  readonly #versions: string
  readonly #active: string

  constructor(dir: string) {
    this.dir = path.resolve(dir)
    this.#blobs = path.join(this.dir, 'blobs')
    this.#versions = path.join(this.dir, 'versions')
    this.#active = path.join(this.dir, 'active.json')
  }

  async #ensure(): Promise<void> {
    await fsp.mkdir(this.#blobs, { recursive: true, mode: DIR_MODE })
    await fsp.mkdir(this.#versions, { recursive: true, mode: DIR_MODE })
  }

  async putBlobs(files: Snapshot): Promise<void> {
    await this.#ensure()
    for (const bytes of files.values()) {
      const file = path.join(this.#blobs, sha256(bytes))
      if (fs.existsSync(file)) continue
      await writeFileAtomic(file, bytes)
    }
  }

  async getFiles(manifest: Manifest): Promise<Snapshot> {
    const files: Snapshot = new Map()
    for (const [name, hash] of Object.entries(manifest)) {
      let bytes: Buffer
      try {
        bytes = await fsp.readFile(path.join(this.#blobs, hash))
      } catch {
        throw new Error(`the stored content of ${name} (${hash.slice(0, 12)}) is missing from ${this.#blobs}`)
      }
      if (sha256(bytes) !== hash) throw new Error(`the stored content of ${name} (${hash.slice(0, 12)}) is damaged`)
      files.set(name, bytes)
    }
    return files
  }

  async create(draft: VersionDraft): Promise<ContentVersion> {
    await this.#ensure()
    for (let number = (await this.#highest()) + 1; ; number++) {
      const version: ContentVersion = { number, ...draft }
      const temp = tempPathFor(path.join(this.#versions, 'x'))
      const handle = await fsp.open(temp, 'wx', FILE_MODE)
      try {
        await handle.writeFile(`${JSON.stringify(version)}\n`)
        await handle.sync()
      } finally {
        await handle.close()
      }
      try {
        // A hard link fails when the name exists: two publishers at once get two numbers, never one file.
        await fsp.link(temp, this.#versionFile(number))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue
        throw error
      } finally {
        await fsp.rm(temp, { force: true })
      }
      await fsyncDir(this.#versions)
      await writeFileAtomic(this.#active, `${JSON.stringify({ number })}\n`)
      return version
    }
  }

  async get(number: number): Promise<ContentVersion | undefined> {
    try {
      return JSON.parse(await fsp.readFile(this.#versionFile(number), 'utf8')) as ContentVersion
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async list(): Promise<ContentVersion[]> {
    const versions: ContentVersion[] = []
    for (const number of await this.#numbers()) {
      const version = await this.get(number)
      if (version) versions.push(version)
    }
    return versions
  }

  async active(): Promise<number | undefined> {
    try {
      const { number } = JSON.parse(await fsp.readFile(this.#active, 'utf8')) as { number: unknown }
      return typeof number === 'number' && Number.isInteger(number) ? number : undefined
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
      throw error
    }
  }

  async watch(listener: () => void): Promise<() => void> {
    try {
      await fsp.mkdir(this.dir, { recursive: true, mode: DIR_MODE })
      const watcher = fs.watch(this.dir, (_event, name) => {
        if (name === 'active.json') listener()
      })
      watcher.on('error', () => watcher.close())
      watcher.unref()
      return () => watcher.close()
    } catch {
      // No file events here (some network file systems): the caller's poll still notices.
      return () => undefined
    }
  }

  async close(): Promise<void> {}

  #versionFile(number: number): string {
    return path.join(this.#versions, `${String(number).padStart(6, '0')}.json`)
  }

  async #numbers(): Promise<number[]> {
    let names: string[]
    try {
      names = await fsp.readdir(this.#versions)
    } catch {
      return []
    }
    return names
      .filter((name) => !name.startsWith(TEMP_PREFIX) && /^\d+\.json$/.test(name))
      .map((name) => Number(name.slice(0, -5)))
      .sort((a, b) => a - b)
  }

  async #highest(): Promise<number> {
    const numbers = await this.#numbers()
    return numbers.at(-1) ?? 0
  }
}

/** Where the embedded store's versions live. */
export function versionFolder(dataDir: string): string {
  return path.join(dataDir, 'content-versions')
}
