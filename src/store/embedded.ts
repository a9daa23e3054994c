/**
 * The default store: everything in memory, and with a data folder, durable files. No set-up, one process.
 *
 * Without `dataDir` nothing touches the disk (tests, conversation transcripts). With `dataDir`:
 *
 * | what                                   | where                    | durability                                   |
 * | -------------------------------------- | ------------------------ | -------------------------------------------- |
 * | leads, reports, deletions, unanswered  | `journal.jsonl`          | fsync before the call resolves (see journal) |
 * | channel key-value state                | `kv/<one file per key>`  | atomic write + fsync before it resolves      |
 * | sessions                               | `sessions.json`          | snapshot on `close()` and every tick         |
 * | seen marks, handled ids, leases, locks | memory only              | lost on restart (harmless)                   |
 * | "one process only"                     | `.lock`                  | see `data-dir-lock.ts`                       |
 *
 * So a lead whose `upsertLead` resolved survives `kill -9` and power loss. Sessions survive a normal restart
 * (`close()`), and a crash loses at most one tick (`maintenanceIntervalMs`) of conversation progress.
 * `deleteUserData` writes a tombstone, then rewrites the journal and the session snapshot at once, so the
 * deleted data is gone from the disk too, not only hidden.
 *
 * Time comes from `now` (a fake clock in tests) for session, seen-mark and lease expiry. Expired entries are
 * dropped when read and by a periodic sweep whose timer does not keep the process alive.
 */

import fs from 'node:fs'
import path from 'node:path'
import type { Lead, Report, Session } from '../engine/types.ts'
import { DataDirLock } from './data-dir-lock.ts'
import { diskError, DIR_MODE, removeTempFilesSync, writeFileAtomicSync } from './durable-files.ts'
import { applyRecord, emptyState, Journal, type JournalRecord, type JournalState, type Removed } from './journal.ts'
import { KvFolder } from './kv-folder.ts'
import { parseSince, rankUnanswered, selectLeads, sortReports } from './records.ts'
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

export const SESSIONS_FILE = 'sessions.json'

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

interface StoredSession {
  /** The session as JSON, so callers can never change what is stored by mutating an object. */
  json: string
  expiresAt: number
}

interface SessionSnapshot {
  v: 1
  /** `[userKey, expiresAt, session]` */
  sessions: [string, number, Session][]
  /** `[userKey, expiresAt, handled message ids]`, saved with the sessions so that both agree after a restart. */
  handled?: [string, number, string[]][]
}

function defaultWarning(message: string): void {
  process.emitWarning(message, 'StoreWarning')
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
  readonly #sessions = new Map<string, StoredSession>()
  readonly #seen = new Map<string, number>()
  /** Per user: the last handled message ids (insertion order) and when the list expires. */
  readonly #handled = new Map<string, { ids: Set<string>; expiresAt: number }>()
  readonly #leases = new Map<string, { owner: string; expiresAt: number }>()
  readonly #queue = new UserQueue()
  readonly #timer: NodeJS.Timeout
  #sessionsDirty = false
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
        this.#loadSessions()
      } catch (error) {
        journal?.close()
        this.#lock.release()
        throw error instanceof StoreUnavailableError ? error : diskError('open', dir, error)
      }
      this.#journal = journal
    }
    this.#timer = setInterval(() => this.#maintain(), options.maintenanceIntervalMs ?? 30_000)
    this.#timer.unref()
  }

  // Sessions

  async getSession(userKey: string): Promise<Session | undefined> {
    this.#assertOpen()
    const stored = this.#sessions.get(userKey)
    if (!stored) return undefined
    if (stored.expiresAt <= this.#now()) {
      this.#sessions.delete(userKey)
      this.#sessionsDirty = true
      return undefined
    }
    return JSON.parse(stored.json) as Session
  }

  async setSession(userKey: string, session: Session, ttlSeconds: number): Promise<void> {
    this.#assertOpen()
    this.#sessions.set(userKey, { json: JSON.stringify(session), expiresAt: this.#now() + ttlSeconds * 1000 })
    this.#sessionsDirty = true
  }

  async deleteSession(userKey: string): Promise<void> {
    this.#assertOpen()
    if (this.#sessions.delete(userKey)) this.#sessionsDirty = true
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
        const now = this.#now()
        let handled = this.#handled.get(userKey)
        if (handled && handled.expiresAt <= now) {
          this.#handled.delete(userKey)
          handled = undefined
        }
        if (handled?.ids.has(messageId)) return { duplicate: true }
        const outcome = await fn(await this.getSession(userKey))
        if (outcome.commit) {
          this.#assertOpen()
          const { session } = outcome.commit
          if (!session) {
            // The user's data was deleted: keep nothing keyed by them, not even message ids.
            await this.deleteSession(userKey)
            if (this.#handled.delete(userKey)) this.#sessionsDirty = true
            return { duplicate: false, value: outcome.value }
          }
          await this.setSession(userKey, session, options.sessionTtlSeconds)
          const entry = this.#handled.get(userKey) ?? { ids: new Set<string>(), expiresAt: 0 }
          entry.ids.add(messageId)
          for (const old of entry.ids) {
            if (entry.ids.size <= HANDLED_PER_USER) break
            entry.ids.delete(old)
          }
          entry.expiresAt = this.#now() + options.handledTtlSeconds * 1000
          this.#handled.set(userKey, entry)
        }
        return { duplicate: false, value: outcome.value }
      },
      options.waitMs ?? DEFAULT_LOCK_WAIT_MS,
    )
  }

  // Leads, reports, unanswered questions: journaled

  async upsertLead(lead: Lead): Promise<void> {
    this.#write({ t: 'lead', lead: copy(lead) })
  }

  async listLeads(options: { since?: string } = {}): Promise<Lead[]> {
    this.#assertOpen()
    return selectLeads(this.#state.leads.values(), options.since).map(copy)
  }

  async addReport(report: Report): Promise<void> {
    this.#write({ t: 'report', report: copy(report) })
  }

  async listReports(): Promise<Report[]> {
    this.#assertOpen()
    return sortReports(this.#state.reports.values()).map(copy)
  }

  async recordUnanswered(text: string, lang: string, at: string, userKey?: string): Promise<void> {
    this.#write({ t: 'unanswered', text, lang, count: 1, firstAt: at, lastAt: at, ...(userKey ? { users: { [userKey]: 1 } } : {}) })
  }

  async listUnanswered(limit?: number): Promise<UnansweredQuestion[]> {
    this.#assertOpen()
    this.#clearQuestions(unansweredCutoff(this.#now(), this.#unansweredMaxAgeDays))
    return rankUnanswered(this.#state.unanswered.values(), limit).map(copy)
  }

  async clearUnanswered(options: { before?: string } = {}): Promise<number> {
    this.#assertOpen()
    const before = options.before === undefined ? undefined : new Date(parseSince(options.before)).toISOString()
    return this.#clearQuestions(before)
  }

  /** Deletes questions last asked before `before` (all without it), also from the disk. */
  #clearQuestions(before: string | undefined): number {
    const old = [...this.#state.unanswered.values()].some((question) => before === undefined || question.lastAt < before)
    if (!old) return 0
    const { unanswered } = this.#write({ t: 'clearUnanswered', ...(before === undefined ? {} : { before }) })
    this.#compact()
    return unanswered
  }

  async deleteUserData(userKey: string): Promise<DeletionResult> {
    this.#assertOpen()
    const owns = (record: { userKey: string }): boolean => record.userKey === userKey
    const hasRecords =
      this.#state.askedByUser.has(userKey) || [...this.#state.leads.values()].some(owns) || [...this.#state.reports.values()].some(owns)
    const { leads, reports } = hasRecords ? this.#write({ t: 'forget', userKey }) : { leads: 0, reports: 0 }
    const session = this.#sessions.delete(userKey)
    const handled = this.#handled.delete(userKey)
    if ((session || handled) && this.#journal) this.#saveSessions()
    if (hasRecords) this.#compact()
    return { leads, reports, session }
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

  /** Saves the sessions, closes the files and frees the data folder. Rejects if the final save failed. */
  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#timer)
    let failure: unknown
    if (this.#journal) {
      try {
        this.#sweep()
        this.#saveSessions()
      } catch (error) {
        failure = error
      }
      await this.#kv.settle()
      this.#journal.close()
      this.#lock?.release()
    }
    if (failure) throw failure
  }

  // Internals

  #assertOpen(): void {
    if (this.#closed) throw new StoreUnavailableError('The embedded store is closed; it cannot be used after close().')
  }

  /** Makes a record durable (journal, fsync), then applies it to memory. */
  #write(record: JournalRecord): Removed {
    this.#assertOpen()
    if (this.#journal) {
      this.#journal.append(record)
      this.#appendsSinceCompaction++
    }
    return applyRecord(this.#state, record)
  }

  /** Rewrites the journal with only live records. A failure is only a warning: the journal is still whole. */
  #compact(): void {
    if (!this.#journal) return
    try {
      this.#journal.compact(this.#state)
      this.#appendsSinceCompaction = 0
    } catch (error) {
      this.#warn(`Could not compact the journal (it stays correct, only larger): ${(error as Error).message}`)
    }
  }

  #sessionsFile(): string | undefined {
    return this.dataDir && path.join(this.dataDir, SESSIONS_FILE)
  }

  #loadSessions(): void {
    const file = this.#sessionsFile()
    if (!file) return
    let text: string
    try {
      text = fs.readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
      throw diskError('read', file, error)
    }
    let snapshot: SessionSnapshot
    try {
      snapshot = JSON.parse(text) as SessionSnapshot
      if (snapshot.v !== 1 || !Array.isArray(snapshot.sessions)) throw new Error('unknown format')
    } catch (error) {
      this.#warn(`Ignored the unreadable session snapshot ${file} (${(error as Error).message}); conversations restart.`)
      return
    }
    const now = this.#now()
    for (const [userKey, expiresAt, session] of snapshot.sessions) {
      if (expiresAt > now) this.#sessions.set(userKey, { json: JSON.stringify(session), expiresAt })
    }
    for (const [userKey, expiresAt, ids] of Array.isArray(snapshot.handled) ? snapshot.handled : []) {
      if (expiresAt > now && Array.isArray(ids)) this.#handled.set(userKey, { ids: new Set(ids.map(String)), expiresAt })
    }
  }

  /** Writes all sessions atomically. Throws a `StoreUnavailableError`. */
  #saveSessions(): void {
    const file = this.#sessionsFile()
    if (!file) return
    const entries = [...this.#sessions].map(
      ([userKey, { json, expiresAt }]) => `[${JSON.stringify(userKey)},${expiresAt},${json}]`,
    )
    const handled = [...this.#handled].map(([userKey, { ids, expiresAt }]) => JSON.stringify([userKey, expiresAt, [...ids]]))
    try {
      writeFileAtomicSync(file, `{"v":1,"sessions":[\n${entries.join(',\n')}\n],"handled":[\n${handled.join(',\n')}\n]}\n`)
    } catch (error) {
      throw diskError('save the sessions to', file, error)
    }
    this.#sessionsDirty = false
  }

  #sweep(): void {
    const now = this.#now()
    for (const [userKey, { expiresAt }] of this.#sessions) {
      if (expiresAt <= now) {
        this.#sessions.delete(userKey)
        this.#sessionsDirty = true
      }
    }
    for (const [key, expiresAt] of this.#seen) if (expiresAt <= now) this.#seen.delete(key)
    for (const [key, handled] of this.#handled) if (handled.expiresAt <= now) this.#handled.delete(key)
    for (const [name, { expiresAt }] of this.#leases) if (expiresAt <= now) this.#leases.delete(name)
  }

  /** The periodic tick: sweep, save sessions when changed, keep the folder lock fresh, compact when large. */
  #maintain(): void {
    if (this.#closed) return
    this.#sweep()
    if (!this.#journal) return
    if (this.#sessionsDirty) {
      try {
        this.#saveSessions()
      } catch (error) {
        this.#warn(`Could not save the sessions (will retry): ${(error as Error).message}`)
      }
    }
    this.#lock?.touch()
    try {
      this.#clearQuestions(unansweredCutoff(this.#now(), this.#unansweredMaxAgeDays))
    } catch (error) {
      this.#warn(`Could not purge old unanswered questions (will retry): ${(error as Error).message}`)
    }
    if (this.#appendsSinceCompaction >= COMPACT_AFTER_APPENDS) this.#compact()
  }
}
