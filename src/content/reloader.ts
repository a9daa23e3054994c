/**
 * Holds the current content bundle and swaps it atomically on reload (file change or SIGHUP), only when the
 * new content is valid. A bad file never takes a running assistant down: the old bundle stays, and the
 * problems are logged with their `file:line:col`.
 */
import { watch, type FSWatcher } from 'node:fs'
import type { Logger } from '../logger.ts'
import type { Bundle } from './bundle.ts'
import { loadBundle, type LoadOptions } from './load.ts'
import { ContentError, formatProblems, type Problem } from './problems.ts'

export interface ReloadResult {
  ok: boolean
  problems: Problem[]
  version?: string
}

export class ContentHolder {
  private bundle: Bundle
  private watchers: FSWatcher[] = []
  private timer?: NodeJS.Timeout

  /** Loads content; throws `ContentError` when it has errors (start-up must not run on bad content). */
  constructor(
    /** Where the content is read from (the console's content health page validates the files again). */
    readonly options: LoadOptions,
    private readonly logger?: Logger,
  ) {
    const { bundle, problems } = loadBundle(options)
    if (!bundle) throw new ContentError(problems)
    this.bundle = bundle
  }

  get current(): Bundle {
    return this.bundle
  }

  /** Builds a new bundle and swaps it in when valid. */
  reload(): ReloadResult {
    const { bundle, problems } = loadBundle(this.options)
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
    for (const dir of [this.options.flowsDir, this.options.contentDir]) {
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
    clearTimeout(this.timer)
    for (const watcher of this.watchers) watcher.close()
    this.watchers = []
    process.off('SIGHUP', this.onHup)
  }

  private readonly onHup = (): void => {
    this.logger?.info('SIGHUP: reloading content')
    this.reload()
  }
}
