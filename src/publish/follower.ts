/**
 * Keeps one running instance on the active published content version.
 *
 * It listens for "a new version is active" (Redis pub/sub, or file events in the embedded store's version folder)
 * and also polls the active number every `pollMs` (default 2 s) as a safety net, so every instance switches within
 * a few seconds even when a notification was lost. To switch, it reads the version's files from the store, writes
 * them to a private temporary folder and loads them exactly as files are loaded; only a bundle without errors is
 * swapped in (`ContentHolder.adopt`). A version that fails to load is logged with its problems, reported in
 * /readyz (`content.refused`) and not tried again until another version becomes active: the instance keeps
 * serving what it served.
 */
import { EventEmitter } from 'node:events'
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import { join } from 'node:path'
import type { Bundle } from '../content/bundle.ts'
import { loadBundle, type LoadOptions } from '../content/load.ts'
import { formatProblems } from '../content/problems.ts'
import type { ContentHolder, ContentStatus } from '../content/reloader.ts'
import { materializeSnapshot } from '../content/snapshot.ts'
import type { ActionSpecs } from '../content/checks.ts'
import type { Logger } from '../logger.ts'
import type { VersionStore } from '../store/versions.ts'

export interface FollowerOptions {
  versions: VersionStore
  actions: ActionSpecs
  logger?: Logger
  /** How often the active version is read again (the safety net under pub/sub). Default 2 000 ms. */
  pollMs?: number
  /** Trained weights kept between loads (LoadOptions.modelCacheDir). */
  modelCacheDir?: string
}

export type LoadedVersion =
  | { ok: true; number: number; bundle: Bundle; options: LoadOptions; published: NonNullable<ContentStatus['published']> }
  | { ok: false; number: number; error: string }

/** Events: `switched` (number), `refused` (number, error). */
export class ContentFollower extends EventEmitter {
  readonly #versions: VersionStore
  readonly #actions: ActionSpecs
  readonly #logger: Logger | undefined
  readonly #pollMs: number
  readonly #modelCacheDir: string | undefined
  #root: string | undefined
  #holder: ContentHolder | undefined
  #timer: NodeJS.Timeout | undefined
  #unwatch: (() => void) | undefined
  #checking: Promise<void> | undefined
  #again = false
  #failing = false
  #closed = false
  /** The folder of the version in use (removed when another one is adopted). */
  #inUse: string | undefined

  constructor(options: FollowerOptions) {
    super()
    this.#versions = options.versions
    this.#actions = options.actions
    this.#logger = options.logger
    this.#pollMs = options.pollMs ?? 2_000
    this.#modelCacheDir = options.modelCacheDir
  }

  /** The private folder the versions are written to, made on first use. */
  get #folder(): string {
    this.#root ??= mkdtempSync(join(os.tmpdir(), 'migrasi-content-'))
    return this.#root
  }

  /** Loads the active version (start-up); undefined when nothing is published. */
  async loadActive(): Promise<LoadedVersion | undefined> {
    const number = await this.#versions.active()
    return number === undefined ? undefined : this.load(number)
  }

  /** Reads version `number` from the store, writes it to a folder of its own and loads it. */
  async load(number: number): Promise<LoadedVersion> {
    const dir = join(this.#folder, `v${number}-${Date.now().toString(36)}`)
    try {
      const version = await this.#versions.get(number)
      if (!version) throw new Error(`version ${number} is missing from the store`)
      const files = await this.#versions.getFiles(version.files)
      const folders = materializeSnapshot(files, dir)
      const options: LoadOptions = { ...folders, actions: this.#actions, baseDir: dir, ...(this.#modelCacheDir ? { modelCacheDir: this.#modelCacheDir } : {}) }
      const { bundle, problems } = loadBundle(options)
      if (!bundle) {
        rmSync(dir, { recursive: true, force: true })
        return { ok: false, number, error: formatProblems(problems.filter((p) => p.severity === 'error')) }
      }
      return { ok: true, number, bundle, options, published: { number, createdAt: version.createdAt, by: version.by } }
    } catch (error) {
      rmSync(dir, { recursive: true, force: true })
      return { ok: false, number, error: error instanceof Error ? error.message : String(error) }
    }
  }

  /**
   * Follows the active version for `holder` from now on: subscribes, polls, and checks once at once. `initial` is
   * what start-up loaded (its folder is kept while it is in use).
   */
  async follow(holder: ContentHolder, initial?: LoadedVersion): Promise<void> {
    this.#holder = holder
    if (initial?.ok) this.#inUse = initial.options.contentDir.slice(0, -'/content'.length)
    if (initial && !initial.ok) this.#refuse(initial.number, initial.error)
    try {
      this.#unwatch = await this.#versions.watch(() => this.check())
    } catch (error) {
      this.#logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'content: cannot listen for new versions; polling only')
    }
    this.#timer = setInterval(() => this.check(), this.#pollMs)
    this.#timer.unref()
    this.check()
  }

  /** Reads the active number and switches when it changed. Never rejects; one check at a time. */
  check(): Promise<void> {
    if (this.#checking) {
      this.#again = true
      return this.#checking
    }
    this.#checking = this.#check()
      .then(() => {
        if (this.#failing) this.#logger?.info('content: the active version can be read again')
        this.#failing = false
      })
      .catch((error: unknown) => {
        // Once per outage, not every poll.
        if (!this.#failing) this.#logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'content: cannot read the active version (will retry)')
        this.#failing = true
      })
      .finally(() => {
        this.#checking = undefined
        if (this.#again && !this.#closed) {
          this.#again = false
          void this.check()
        }
      })
    return this.#checking
  }

  async #check(): Promise<void> {
    const holder = this.#holder
    if (!holder || this.#closed) return
    const number = await this.#versions.active()
    if (number === undefined) return
    const status = holder.status
    if (status.published?.number === number || status.refused?.number === number) return
    const loaded = await this.load(number)
    if (this.#closed) return
    if (!loaded.ok) {
      this.#refuse(number, loaded.error)
      return
    }
    holder.adopt(loaded.bundle, loaded.options, loaded.published)
    const previous = this.#inUse
    this.#inUse = loaded.options.contentDir.slice(0, -'/content'.length)
    if (previous) rmSync(previous, { recursive: true, force: true })
    this.emit('switched', number)
  }

  #refuse(number: number, error: string): void {
    this.#holder?.refuse(number, error)
    this.#logger?.error(
      { published: number, problems: error, serving: this.#holder?.status.published?.number ?? 'files' },
      'content: published version refused; keeping the content in use',
    )
    this.emit('refused', number, error)
  }

  async close(): Promise<void> {
    this.#closed = true
    clearInterval(this.#timer)
    this.#unwatch?.()
    await this.#checking
    if (this.#root) rmSync(this.#root, { recursive: true, force: true })
  }
}
