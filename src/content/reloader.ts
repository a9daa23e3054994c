/**
 * Holds the current content bundle and swaps it atomically on reload (file change or SIGHUP), only when the
 * new content is valid. A bad file never takes a running assistant down: the old bundle stays, and the
 * problems are logged with their `file:line:col`.
 *
 * Content comes from the working files (development, a single instance: watched and reloaded) until a version is
 * published; then from the published version that src/publish/follower.ts loads and hands over with `adopt`
 * (file watching stops: the files are no longer the source). `status` says which, for /readyz and metrics.
 */
import { watch, type FSWatcher } from 'node:fs'
import type { Logger } from '../logger.ts'
import type { Bundle } from './bundle.ts'
import { loadBundle, type LoadOptions } from './load.ts'
import { ContentError, formatProblems, type Problem } from './problems.ts'

/** Where the content in use comes from, and a published version that could not be loaded (the old one stays). */
export interface ContentStatus {
  source: 'files' | 'published'
  /** The published version in use. */
  published?: { number: number; createdAt: string; by: string }
  /** The newest published version that failed to load; cleared when a version loads. */
  refused?: { number: number; at: string; error: string }
}

export interface ReloadResult {
  ok: boolean
  problems: Problem[]
  version?: string
}

export class ContentHolder {
  private bundle: Bundle
  private watchers: FSWatcher[] = []
  private timer?: NodeJS.Timeout
  private state: ContentStatus = { source: 'files' }
  private loadOptions: LoadOptions

  /**
   * Loads content; throws `ContentError` when it has errors (start-up must not run on bad content). With `initial`
   * (a published version already loaded) it starts with that bundle instead of reading the files.
   */
  constructor(
    options: LoadOptions,
    private readonly logger?: Logger,
    initial?: { bundle: Bundle; published: NonNullable<ContentStatus['published']> },
  ) {
    this.loadOptions = options
    if (initial) {
      this.bundle = initial.bundle
      this.state = { source: 'published', published: initial.published }
      return
    }
    const { bundle, problems } = loadBundle(options)
    if (!bundle) throw new ContentError(problems)
    this.bundle = bundle
  }

  get current(): Bundle {
    return this.bundle
  }

  /**
   * Where the content in use is read from: the working folders, or the folder a published version was written to
   * (the console's content health page validates the files again).
   */
  get options(): LoadOptions {
    return this.loadOptions
  }

  get status(): ContentStatus {
    return this.state
  }

  /**
   * Serves a published version from now on: `bundle` was loaded from `options` (its files written to a folder).
   * Stops watching the working files. A later SIGHUP reloads that same folder.
   */
  adopt(bundle: Bundle, options: LoadOptions, published: NonNullable<ContentStatus['published']>): void {
    this.stopWatching()
    this.loadOptions = options
    this.bundle = bundle
    this.state = { source: 'published', published }
    this.logger?.info({ published: published.number, version: bundle.version, loadMs: Math.round(bundle.loadMs) }, 'content: now serving published version')
  }

  /** Records that a published version could not be loaded (the current content stays). */
  refuse(number: number, error: string): void {
    this.state = { ...this.state, refused: { number, at: new Date().toISOString(), error } }
  }

  /** Builds a new bundle and swaps it in when valid. */
  reload(): ReloadResult {
    const { bundle, problems } = loadBundle(this.loadOptions)
    if (!bundle) {
      this.logger?.error({ problems: formatProblems(problems) }, 'content reload refused; keeping the previous content')
      return { ok: false, problems }
    }
    const changed = bundle.version !== this.bundle.version
    this.bundle = bundle
    if (changed) this.logger?.info({ version: bundle.version, loadMs: Math.round(bundle.loadMs) }, 'content reloaded')
    return { ok: true, problems, version: bundle.version }
  }

  /** Reloads on changes under the flows and content folders (debounced) and on SIGHUP. */
  watch(debounceMs = 300): void {
    const schedule = (): void => {
      clearTimeout(this.timer)
      this.timer = setTimeout(() => this.reload(), debounceMs)
      this.timer.unref()
    }
    for (const dir of [this.loadOptions.flowsDir, this.loadOptions.contentDir]) {
      try {
        const watcher = watch(dir, { recursive: true }, schedule)
        watcher.unref()
        watcher.on('error', (error) => this.logger?.warn({ err: String(error) }, 'content watcher stopped; use SIGHUP to reload'))
        this.watchers.push(watcher)
      } catch (error) {
        this.logger?.warn({ dir, err: String(error) }, 'cannot watch content folder; use SIGHUP to reload')
      }
    }
    process.on('SIGHUP', this.onHup)
  }

  close(): void {
    this.stopWatching()
    process.off('SIGHUP', this.onHup)
  }

  private stopWatching(): void {
    clearTimeout(this.timer)
    for (const watcher of this.watchers) watcher.close()
    this.watchers = []
  }

  private readonly onHup = (): void => {
    this.logger?.info('SIGHUP: reloading content')
    this.reload()
  }
}
