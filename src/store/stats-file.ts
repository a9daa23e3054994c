/**
 * The embedded store's per-day counters (see stats.ts): in memory, saved to `DATA_DIR/stats.json` by the
 * store's periodic tick and at close. The file is replaced atomically (durable-files.ts), so it is always a
 * whole earlier state; a crash loses at most the counts since the last save (one tick, 30 s by default),
 * never leads or sessions, which have their own files.
 */

import fs from 'node:fs'
import path from 'node:path'
import { diskError, writeFileAtomic, writeFileAtomicSync } from './durable-files.ts'
import { addCounts, daysInRange, type DayCounts, isStatsDay, type StatsByDay } from './stats.ts'

export const STATS_FILE = 'stats.json'

export class StatsFile {
  readonly #file: string | undefined
  readonly #days = new Map<string, DayCounts>()
  #dirty = false
  /** The save in progress, so two saves never race on the temporary file. */
  #saving: Promise<void> | undefined

  /** Reads `dir/stats.json` when there is one; an unreadable file is reported and started afresh. */
  constructor(dir: string | undefined, warn: (message: string) => void) {
    this.#file = dir === undefined ? undefined : path.join(dir, STATS_FILE)
    if (!this.#file || !fs.existsSync(this.#file)) return
    try {
      const parsed = JSON.parse(fs.readFileSync(this.#file, 'utf8')) as { days?: Record<string, unknown> }
      for (const [day, counts] of Object.entries(parsed.days ?? {})) {
        if (!isStatsDay(day) || typeof counts !== 'object' || counts === null) continue
        const clean: DayCounts = {}
        for (const [field, value] of Object.entries(counts)) if (typeof value === 'number' && Number.isFinite(value)) clean[field] = value
        this.#days.set(day, clean)
      }
    } catch (error) {
      warn(`Could not read the dashboard counters in ${this.#file} (${(error as Error).message}); they start again from zero.`)
    }
  }

  add(day: string, counts: Readonly<DayCounts>): void {
    let into = this.#days.get(day)
    if (!into) {
      into = {}
      this.#days.set(day, into)
    }
    addCounts(into, counts)
    this.#dirty = true
  }

  read(from: string, to: string): StatsByDay {
    const result: StatsByDay = {}
    for (const day of daysInRange(from, to)) {
      const counts = this.#days.get(day)
      if (counts && Object.keys(counts).length > 0) result[day] = { ...counts }
    }
    return result
  }

  /** Saves the counters when they changed since the last save (off the event loop). */
  async save(): Promise<void> {
    if (!this.#file) return
    await this.#saving
    if (!this.#dirty) return
    this.#dirty = false
    const text = this.#serialize()
    this.#saving = writeFileAtomic(this.#file, text).catch((error: unknown) => {
      this.#dirty = true
      throw diskError('save the dashboard counters to', this.#file!, error)
    })
    try {
      await this.#saving
    } finally {
      this.#saving = undefined
    }
  }

  /** The last save, at close: synchronous, so nothing else can change the counters meanwhile. */
  async close(): Promise<void> {
    if (!this.#file) return
    await this.#saving?.catch(() => undefined)
    if (!this.#dirty) return
    try {
      writeFileAtomicSync(this.#file, this.#serialize())
      this.#dirty = false
    } catch (error) {
      throw diskError('save the dashboard counters to', this.#file, error)
    }
  }

  #serialize(): string {
    return `${JSON.stringify({ v: 1, days: Object.fromEntries([...this.#days].sort(([a], [b]) => (a < b ? -1 : 1))) })}\n`
  }
}
