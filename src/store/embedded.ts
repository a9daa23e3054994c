/**
 * The default store: everything in memory, and with a data folder, durable files. No set-up, one process.
 *
 * Without `dataDir` nothing touches the disk (tests, conversation transcripts). With `dataDir`:
 *
 * | what                                   | where                    | durability                                   |
 * | -------------------------------------- | ------------------------ | -------------------------------------------- |
 * | leads, reports, deletions, unanswered  | `journal.jsonl`          | fsync before the call resolves: one per      |
 * |                                        |                          | event-loop turn for all (group commit)       |
 * | channel key-value state                | `kv/<one file per key>`  | atomic write + fsync before it resolves      |
 * | sessions and handled message ids       | `sessions.jsonl`         | a line per turn, written at the end of the   |
 * |                                        |                          | event-loop turn, fsync every tick            |
 * | dashboard counters (per day)           | `stats.json`             | saved every tick and at close (stats-file)   |
 * | seen marks, leases, locks              | memory only              | lost on restart (harmless)                   |
 * | "one process only"                     | `.lock`                  | see `data-dir-lock.ts`                       |
 *
 * So a lead whose `upsertLead` resolved survives `kill -9` and power loss. A turn's session and handled id are
 * one line (see session-table.ts): a crash loses at most the turn in progress (a power cut at most one tick,
 * `maintenanceIntervalMs`), and never splits them. Each write costs O(that user): nothing rewrites all users on
 * the event loop. Both files are compacted in the background (append-log.ts). `deleteUserData` writes
 * tombstones and resolves once both files have been rewritten without the user's data, so it is gone from the
 * disk too, not only hidden; meanwhile the other users are served.
 *
 * Time comes from `now` (a fake clock in tests) for session, seen-mark and lease expiry. Expired entries are
 * dropped when read and by a periodic sweep whose timer does not keep the process alive.
 */

import fs from 'node:fs'
import path from 'node:path'
import type { Lead, Report, Session } from '../engine/types.ts'
import { DataDirLock } from './data-dir-lock.ts'
import { diskError, DIR_MODE, removeTempFilesSync } from './durable-files.ts'
import { applyRecord, emptyState, Journal, type JournalRecord, type JournalState, type Removed } from './journal.ts'
import { HotSessions } from './hot-sessions.ts'
import { KvFolder } from './kv-folder.ts'
import { SESSIONS_LOG, SessionTable, sessionText } from './session-table.ts'
import { leadKey, parseSince, rankUnanswered, selectLeads, sortReports } from './records.ts'
import { cleanCounts, type DayCounts, isStatsDay, type StatsByDay } from './stats.ts'
import { StatsFile } from './stats-file.ts'
import {
  DEFAULT_UNANSWERED_MAX_AGE_DAYS,
  type DeletionResult,
  unansweredCutoff,
  HANDLED_PER_USER,
  type Store,
  StoreUnavailableError,
  type TurnOptions,
  type TurnOutcome,
  type TurnResult,
  type UnansweredQuestion,
} from './types.ts'
import { DEFAULT_LOCK_WAIT_MS, UserQueue } from './user-queue.ts'

/** The sessions file (an append-only log since the embedded store scales; `sessions.json` before). */
export const SESSIONS_FILE = SESSIONS_LOG

/** After this many appends the journal is compacted at the next tick, so a long-running process stays small. */
const COMPACT_AFTER_APPENDS = 50_000

export interface EmbeddedStoreOptions {
  /** Folder for durable files. Without it, the store lives in memory only. */
  dataDir?: string
  /** Clock in epoch milliseconds, for expiry. Default `Date.now`. */
  now?: () => number
  /** Hears about recoverable problems (a torn journal line, a failed background save). Default: `process.emitWarning`. */
  onWarning?: (message: string) => void
  /** How often expired entries are swept and sessions saved. Default 30 s. */
  maintenanceIntervalMs?: number
  /** Unanswered questions last asked longer ago are left out and purged. Default 90. */
  unansweredMaxAgeDays?: number
}

function defaultWarning(message: string): void {
  process.emitWarning(message, 'StoreWarning')
}

/** A stored session (its JSON text or bytes) as an object. */
function decodeSession(stored: string | Buffer | undefined): Session | undefined {
  return stored === undefined ? undefined : (JSON.parse(stored.toString()) as Session)
}

/** A deep copy through JSON: what a durable store would give back. */
function copy<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T
}

export class EmbeddedStore implements Store {
  readonly kind = 'embedded' as const
  /** The absolute data folder, or `undefined` in memory-only mode. */
  readonly dataDir: string | undefined

  readonly #now: () => number
  readonly #warn: (message: string) => void
  readonly #unansweredMaxAgeDays: number
  readonly #lock: DataDirLock | undefined
  readonly #journal: Journal | undefined
  readonly #state: JournalState
  readonly #kv: KvFolder
  /** Sessions and handled message ids, per user. */
  readonly #users: SessionTable
  /** Per-day dashboard counters. */
  readonly #stats: StatsFile
  readonly #seen = new Map<string, number>()
  readonly #leases = new Map<string, { owner: string; expiresAt: number }>()
  readonly #queue = new UserQueue()
  /** The session objects of the last committed turns, continued by the users' next turns (hot-sessions.ts). */
  readonly #hot = new HotSessions<string | Buffer>()
  readonly #timer: NodeJS.Timeout
  #appendsSinceCompaction = 0
  #closed = false

  /**
   * Opens the store. With a `dataDir` this reads and compacts the files and takes the folder's lock; it throws a
   * `StoreUnavailableError` (a `DataDirInUseError` when another process holds the folder) if that fails.
   */
  constructor(options: EmbeddedStoreOptions = {}) {
    this.#now = options.now ?? Date.now
    this.#warn = options.onWarning ?? defaultWarning
    this.#unansweredMaxAgeDays = options.unansweredMaxAgeDays ?? DEFAULT_UNANSWERED_MAX_AGE_DAYS
    if (options.dataDir === undefined) {
      this.dataDir = undefined
      this.#state = emptyState()
      this.#kv = KvFolder.memory()
      this.#users = new SessionTable(undefined, this.#now(), this.#warn)
      this.#stats = new StatsFile(undefined, this.#warn)
    } else {
      const dir = path.resolve(options.dataDir)
      this.dataDir = dir
      try {
        fs.mkdirSync(dir, { recursive: true, mode: DIR_MODE })
      } catch (error) {
        throw diskError('create the data folder', dir, error)
      }
      this.#lock = DataDirLock.acquire(dir)
      let journal: Journal | undefined
      try {
        removeTempFilesSync(dir)
        const opened = Journal.open(dir, this.#warn)
        journal = opened.journal
        this.#state = opened.state
        this.#kv = KvFolder.open(dir, this.#warn)
        this.#users = new SessionTable(dir, this.#now(), this.#warn)
        this.#stats = new StatsFile(dir, this.#warn)
      } catch (error) {
        journal?.closeNow()
        this.#lock.release()
        throw error instanceof StoreUnavailableError ? error : diskError('open', dir, error)
      }
      this.#journal = journal
      // Replaced and deleted records from before are rewritten away in the background, soon after the start.
      this.#appendsSinceCompaction = COMPACT_AFTER_APPENDS
    }
    this.#timer = setInterval(() => this.#maintain(), options.maintenanceIntervalMs ?? 30_000)
    this.#timer.unref()
  }

  // Sessions

  async getSession(userKey: string): Promise<Session | undefined> {
    this.#assertOpen()
    const session = sessionText(this.#users.get(userKey, this.#now()))
    return session === undefined ? undefined : (JSON.parse(session) as Session)
  }

  async setSession(userKey: string, session: Session, ttlSeconds: number): Promise<void> {
    this.#assertOpen()
    const record = this.#users.get(userKey, this.#now())
    this.#hot.forget(userKey)
    this.#users.set(userKey, {
      session: JSON.stringify(session),
      expiresAt: this.#now() + ttlSeconds * 1000,
      handled: record?.handled ?? [],
      handledExpiresAt: record?.handledExpiresAt ?? 0,
    })
  }

  async deleteSession(userKey: string): Promise<void> {
    this.#assertOpen()
    const record = this.#users.get(userKey, this.#now())
    this.#hot.forget(userKey)
    if (record?.session === undefined) return
    this.#users.set(userKey, record.handled.length ? { ...record, session: undefined, expiresAt: 0 } : undefined)
  }

  // Duplicate detection

  async markSeen(key: string, ttlSeconds: number): Promise<boolean> {
    this.#assertOpen()
    const now = this.#now()
    const expiresAt = this.#seen.get(key)
    if (expiresAt !== undefined && expiresAt > now) return false
    this.#seen.set(key, now + ttlSeconds * 1000)
    return true
  }

  async unmarkSeen(key: string): Promise<void> {
    this.#assertOpen()
    this.#seen.delete(key)
  }

  // Per-user order

  async withUserLock<T>(userKey: string, fn: () => Promise<T>, waitMs = DEFAULT_LOCK_WAIT_MS): Promise<T> {
    this.#assertOpen()
    return this.#queue.run(userKey, fn, waitMs)
  }

  /** In-process FIFO lock, then the turn; the session and the handled mark change together (synchronously). */
  async runTurn<T>(
    userKey: string,
    messageId: string,
    fn: (session: Session | undefined) => Promise<TurnOutcome<T>>,
    options: TurnOptions,
  ): Promise<TurnResult<T>> {
    this.#assertOpen()
    return this.#queue.run(
      userKey,
      async (): Promise<TurnResult<T>> => {
        const record = this.#users.get(userKey, this.#now())
        if (record?.handled.includes(messageId)) return { duplicate: true }
        const stored = record?.session
        const outcome = await fn(this.#hot.take(userKey, stored, () => decodeSession(stored)))
        if (outcome.commit) {
          this.#assertOpen()
          const { session } = outcome.commit
          if (!session) {
            // The user's data was deleted: keep nothing keyed by them, not even message ids (also on disk).
            this.#users.set(userKey, undefined)
            this.#eraseInBackground()
            return { duplicate: false, value: outcome.value }
          }
          const now = this.#now()
          const json = JSON.stringify(session)
          // Session and handled id in one record: one line, saved together or not at all.
          const saved = this.#users.commitTurn(
            userKey,
            {
              session: json,
              expiresAt: now + options.sessionTtlSeconds * 1000,
              messageId,
              handledExpiresAt: now + options.handledTtlSeconds * 1000,
              limit: HANDLED_PER_USER,
            },
            now,
          )
          this.#hot.keep(userKey, saved, session, json)
        }
        return { duplicate: false, value: outcome.value }
      },
      options.waitMs ?? DEFAULT_LOCK_WAIT_MS,
    )
  }

  // Leads, reports, unanswered questions: journaled

  async upsertLead(lead: Lead): Promise<void> {
    await this.#write({ t: 'lead', lead: copy(lead) })
  }

  async listLeads(options: { since?: string } = {}): Promise<Lead[]> {
    this.#assertOpen()
    return selectLeads(this.#state.leads.values(), options.since).map(copy)
  }

  async deleteLead(userKey: string, id: string): Promise<boolean> {
    this.#assertOpen()
    if (!this.#state.leads.has(leadKey({ userKey, id }))) return false
    const { leads } = await this.#write({ t: 'drop', kind: 'lead', userKey, id })
    await this.#compactJournal()
    return leads > 0
  }

  async deleteReport(userKey: string, id: string): Promise<boolean> {
    this.#assertOpen()
    if (this.#state.reports.get(id)?.userKey !== userKey) return false
    const { reports } = await this.#write({ t: 'drop', kind: 'report', userKey, id })
    await this.#compactJournal()
    return reports > 0
  }

  async addReport(report: Report): Promise<void> {
    await this.#write({ t: 'report', report: copy(report) })
  }

  async listReports(): Promise<Report[]> {
    this.#assertOpen()
    return sortReports(this.#state.reports.values()).map(copy)
  }

  async recordUnanswered(text: string, lang: string, at: string, userKey?: string): Promise<void> {
    await this.#write({ t: 'unanswered', text, lang, count: 1, firstAt: at, lastAt: at, ...(userKey ? { users: { [userKey]: 1 } } : {}) })
  }

  async listUnanswered(limit?: number): Promise<UnansweredQuestion[]> {
    this.#assertOpen()
    await this.#clearQuestions(unansweredCutoff(this.#now(), this.#unansweredMaxAgeDays))
    return rankUnanswered(this.#state.unanswered.values(), limit).map(copy)
  }

  async clearUnanswered(options: { before?: string } = {}): Promise<number> {
    this.#assertOpen()
    const before = options.before === undefined ? undefined : new Date(parseSince(options.before)).toISOString()
    return this.#clearQuestions(before)
  }

  /** Deletes questions last asked before `before` (all without it); resolves once they are gone from the disk. */
  async #clearQuestions(before: string | undefined): Promise<number> {
    const old = [...this.#state.unanswered.values()].some((question) => before === undefined || question.lastAt < before)
    if (!old) return 0
    const { unanswered } = await this.#write({ t: 'clearUnanswered', ...(before === undefined ? {} : { before }) })
    await this.#compactJournal()
    return unanswered
  }

  async deleteUserData(userKey: string): Promise<DeletionResult> {
    this.#assertOpen()
    const owns = (record: { userKey: string }): boolean => record.userKey === userKey
    const hasRecords =
      this.#state.askedByUser.has(userKey) || [...this.#state.leads.values()].some(owns) || [...this.#state.reports.values()].some(owns)
    const { leads, reports } = hasRecords ? await this.#write({ t: 'forget', userKey }) : { leads: 0, reports: 0 }
    const session = this.#users.get(userKey, this.#now())?.session !== undefined
    const remembered = this.#users.has(userKey)
    this.#hot.forget(userKey)
    this.#users.set(userKey, undefined)
    // Only this user waits for the files to be rewritten; the event loop keeps serving everyone else.
    await Promise.all([remembered ? this.#eraseInBackground() : undefined, hasRecords ? this.#compactJournal() : undefined])
    return { leads, reports, session }
  }

  // Dashboard counters

  async addStats(day: string, counts: DayCounts): Promise<void> {
    this.#assertOpen()
    if (!isStatsDay(day)) throw new RangeError(`"${day}" is not a stats day (YYYY-MM-DD).`)
    const clean = cleanCounts(counts)
    if (clean) this.#stats.add(day, clean)
  }

  async readStats(from: string, to: string): Promise<StatsByDay> {
    this.#assertOpen()
    return this.#stats.read(from, to)
  }

  // Key-value space for channels

  async kvGet(key: string): Promise<string | undefined> {
    this.#assertOpen()
    return this.#kv.get(key)
  }

  async kvSet(key: string, value: string): Promise<void> {
    this.#assertOpen()
    await this.#kv.set(key, value)
  }

  async kvDelete(keyPrefix: string): Promise<void> {
    this.#assertOpen()
    await this.#kv.deletePrefix(keyPrefix)
  }

  async kvKeys(keyPrefix: string): Promise<string[]> {
    this.#assertOpen()
    return this.#kv.keys(keyPrefix)
  }

  // Leases

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    this.#assertOpen()
    const now = this.#now()
    const lease = this.#leases.get(name)
    if (lease && lease.owner !== owner && lease.expiresAt > now) return false
    this.#leases.set(name, { owner, expiresAt: now + ttlMs })
    return true
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    this.#assertOpen()
    if (this.#leases.get(name)?.owner === owner) this.#leases.delete(name)
  }

  // Life cycle

  async ping(): Promise<void> {
    this.#assertOpen()
    if (!this.dataDir) return
    try {
      fs.accessSync(this.dataDir, fs.constants.W_OK)
    } catch (error) {
      throw diskError('write to the data folder', this.dataDir, error)
    }
  }

  /**
   * Writes what is buffered, closes the files and frees the data folder. Rejects if the final save failed. When
   * data deleted on request may still be in the sessions file, it is rewritten first.
   */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    this.#hot.clear()
    let failure: unknown
    if (this.#journal) {
      this.#sweep()
      try {
        await this.#users.close()
      } catch (error) {
        failure = error
      }
      await this.#kv.settle()
      await this.#stats.close().catch((error: unknown) => {
        failure ??= error
      })
      await this.#journal.close().catch((error: unknown) => {
        failure ??= error
      })
      this.#lock?.release()
    }
    if (failure) throw failure
  }

  // Internals

  #assertOpen(): void {
    if (this.#closed) throw new StoreUnavailableError('The embedded store is closed; it cannot be used after close().')
  }

  /**
   * Appends a record to the journal and applies it to memory at once (in the journal's order, so a compaction's
   * snapshot and the lines after it agree), and resolves once it is on the disk: the records of one event-loop
   * turn share one write and one fsync, off the event loop (group commit). A lead is confirmed to the user only
   * after that.
   */
  async #write(record: JournalRecord): Promise<Removed> {
    this.#assertOpen()
    if (!this.#journal) return applyRecord(this.#state, record)
    this.#journal.append(record)
    const removed = applyRecord(this.#state, record)
    this.#appendsSinceCompaction++
    await this.#journal.durable()
    return removed
  }

  /** Rewrites the journal with only live records, in the background. A failure is only a warning: it is still whole. */
  async #compactJournal(): Promise<void> {
    if (!this.#journal) return
    this.#appendsSinceCompaction = 0
    try {
      await this.#journal.compact(this.#state)
    } catch (error) {
      this.#warn(`Could not compact the journal (it stays correct, only larger): ${(error as Error).message}`)
    }
  }

  /** Rewrites the sessions file without what was deleted, in the background. A failure is only a warning. */
  async #eraseInBackground(): Promise<void> {
    try {
      await this.#users.compact()
    } catch (error) {
      this.#warn(`Could not compact the sessions file (deleted data stays in it until the next try): ${(error as Error).message}`)
    }
  }

  #sweep(): void {
    const now = this.#now()
    this.#users.sweep(now)
    for (const [key, expiresAt] of this.#seen) if (expiresAt <= now) this.#seen.delete(key)
    for (const [name, { expiresAt }] of this.#leases) if (expiresAt <= now) this.#leases.delete(name)
  }

  /** The periodic tick: sweep, flush sessions to disk, keep the folder lock fresh, purge old questions, compact. */
  #maintain(): void {
    if (this.#closed) return
    this.#sweep()
    if (!this.#journal) return
    this.#users.sync().catch((error: unknown) => {
      this.#warn(`Could not save the sessions (will retry): ${(error as Error).message}`)
    })
    this.#lock?.touch()
    this.#stats.save().catch((error: unknown) => {
      this.#warn(`Could not save the dashboard counters (will retry): ${(error as Error).message}`)
    })
    void this.#clearQuestions(unansweredCutoff(this.#now(), this.#unansweredMaxAgeDays)).catch((error: unknown) => {
      this.#warn(`Could not purge old unanswered questions (will retry): ${(error as Error).message}`)
    })
    if (this.#appendsSinceCompaction >= COMPACT_AFTER_APPENDS) void this.#compactJournal()
    if (this.#users.needsCompaction(this.#now())) void this.#eraseInBackground()
  }
}
