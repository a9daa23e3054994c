import type { Lead, Report, Session } from '../engine/types.ts'
import type { DayCounts, StatsByDay } from './stats.ts'

/** One recorded question the assistant could not answer, aggregated by normalized text. */
export interface UnansweredQuestion {
  text: string
  lang: string
  count: number
  firstAt: string
  lastAt: string
}

/** What was removed by a deletion request. */
export interface DeletionResult {
  leads: number
  reports: number
  session: boolean
}

/**
 * Everything the assistant remembers. Two implementations pass the same contract tests:
 * `EmbeddedStore` (memory plus durable files under DATA_DIR; the default) and `RedisStore` (production,
 * several processes). Every method rejects with a `StoreUnavailableError` when the backing store cannot be
 * reached, so callers can tell users "try again" instead of losing data silently.
 */
export interface Store {
  readonly kind: 'embedded' | 'redis'

  getSession(userKey: string): Promise<Session | undefined>
  /** Saves a session; it expires `ttlSeconds` after the last save. */
  setSession(userKey: string, session: Session, ttlSeconds: number): Promise<void>
  deleteSession(userKey: string): Promise<void>

  /** Marks a message id as seen. Resolves `true` the first time, `false` for a duplicate. */
  markSeen(key: string, ttlSeconds: number): Promise<boolean>
  /** Forgets a seen mark (used when handling failed, so a redelivery is processed). */
  unmarkSeen(key: string): Promise<void>

  /**
   * Runs `fn` while holding the per-user lock, so that one user's messages are handled one at a time and in
   * order, also across processes (Redis). Waits for the lock up to `waitMs` (default 10 000) before rejecting
   * with a `UserLockTimeoutError`. Within one process waiters run in FIFO order; across processes (Redis) the
   * lock is exclusive but not ordered.
   */
  withUserLock<T>(userKey: string, fn: () => Promise<T>, waitMs?: number): Promise<T>

  /**
   * One message's turn for one user, handled at most once and committed atomically: waits for the user's lock
   * (as `withUserLock`; across processes waiting messages are served oldest `order` first), then
   *  - when `messageId` was already committed for this user, does nothing and resolves `{ duplicate: true }`;
   *  - otherwise calls `fn` with the stored session, a copy of its own (decoded for this call: `fn` may change
   *    it, the store's copy stays as it was); when `fn` returns a `commit`, saves its session (or deletes
   *    it for `null`) and marks `messageId` handled *in one atomic step*, then frees the lock.
   * A crash (or a lost lock, or an error in `fn`) before that step leaves the old session and the message
   * unhandled, so a redelivery is handled again from the same state: the turn happens exactly once. Whatever
   * `fn` wrote elsewhere before (a lead) must therefore be idempotent. When the lock was lost meanwhile (this
   * process stalled longer than the lock's life), nothing is committed and it rejects with `StoreUnavailableError`.
   * Handled ids are kept per user: the last `HANDLED_PER_USER` ones, for `handledTtlSeconds` after the last turn.
   * A commit of `session: null` (the user's data deleted) forgets them too, so nothing keyed by the user remains.
   */
  runTurn<T>(
    userKey: string,
    messageId: string,
    fn: (session: Session | undefined) => Promise<TurnOutcome<T>>,
    options: TurnOptions,
  ): Promise<TurnResult<T>>

  /**
   * Inserts or replaces the lead with `lead.id` of the same user (`lead.userKey`). A lead belongs to the chat that
   * gave it: the same id from another user is another lead (it never replaces or takes over the first one).
   * Durable when it resolves.
   */
  upsertLead(lead: Lead): Promise<void>
  /**
   * All leads, oldest `createdAt` first. `since` (an ISO date `2025-01-31`, read as UTC midnight, or an ISO
   * datetime) keeps the leads with `updatedAt >= since`; an unreadable `since` throws a `RangeError`.
   */
  listLeads(options?: { since?: string }): Promise<Lead[]>

  /**
   * Deletes one lead: the one with `id` that belongs to `userKey` (an officer's deletion; the user's other data
   * stays). Resolves whether there was one. Gone from the disk (embedded) when it resolves.
   */
  deleteLead(userKey: string, id: string): Promise<boolean>
  /** Deletes one report of `userKey` by id, as `deleteLead`. */
  deleteReport(userKey: string, id: string): Promise<boolean>

  /** Stores a report by `report.id` (a second add with the same id replaces it). */
  addReport(report: Report): Promise<void>
  /** All reports, oldest `createdAt` first. */
  listReports(): Promise<Report[]>

  /**
   * Counts one unanswered question. Aggregates by the exact `text` (the caller normalizes and masks it); keeps the
   * language of the first occurrence and the earliest and latest `at` (ISO datetimes). With `userKey` the
   * occurrence is the user's: `deleteUserData` takes it back out of the count (and the question, when nobody
   * else asked it).
   */
  recordUnanswered(text: string, lang: string, at: string, userKey?: string): Promise<void>
  /**
   * Most frequent first; equal counts by text (byte order). All of them without `limit`. Questions last asked
   * longer ago than the store's age limit (`unansweredMaxAgeDays`, default 90) are left out (and purged).
   */
  listUnanswered(limit?: number): Promise<UnansweredQuestion[]>
  /**
   * Deletes the unanswered questions last asked before `before` (an ISO date or datetime, see `listLeads`), or
   * all of them; resolves how many went. For officers (`questions clear`) and the age limit.
   */
  clearUnanswered(options?: { before?: string }): Promise<number>

  /** Deletes a user's leads, reports, session and unanswered questions ("hapus data saya"). */
  deleteUserData(userKey: string): Promise<DeletionResult>

  /**
   * Adds `counts` to the dashboard counters of `day` (`YYYY-MM-DD`, WIB; see stats.ts). Counters hold no personal
   * data. Redis: in Redis when it resolves, one round trip; embedded: in memory, on disk at the next periodic
   * save and at `close()`. Rejects with a `RangeError` for a day that is not a date.
   */
  addStats(day: string, counts: DayCounts): Promise<void>
  /**
   * The counters of every day from `from` to `to` (both included; days without counts are left out). Rejects
   * with a `RangeError` that says what is wrong for a range that is backwards, too long or not made of dates.
   */
  readStats(from: string, to: string): Promise<StatsByDay>

  /**
   * Small durable key-value space for channel state (e.g. WhatsApp auth). Values are strings. Any string is a
   * valid key; keys are case-sensitive. A failed write rejects (never swallowed).
   */
  kvGet(key: string): Promise<string | undefined>
  kvSet(key: string, value: string): Promise<void>
  /** Deletes every key that starts with `keyPrefix` (`''` deletes all). */
  kvDelete(keyPrefix: string): Promise<void>
  /** The keys that start with `keyPrefix`, sorted. */
  kvKeys(keyPrefix: string): Promise<string[]>

  /**
   * Takes or renews a named lease (e.g. one process per WhatsApp number). Resolves `true` when `owner`
   * holds it for the next `ttlMs`.
   */
  acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean>
  releaseLease(name: string, owner: string): Promise<void>

  /**
   * A per-user rate limit that every process on this store shares (Redis: one budget per user across all
   * instances). Absent on a store that only one process uses (embedded): the gate then keeps the limit in memory.
   */
  sharedRateLimiter?(options: { perMinute: number; burst: number }): SharedRateLimiter

  /** Resolves when the store answers; rejects with `StoreUnavailableError` otherwise. */
  ping(): Promise<void>
  /** Saves what is kept in memory (embedded: sessions) and lets go of files and connections. Idempotent. */
  close(): Promise<void>
}

/** A rate limit's answer: go on; the first message over the limit (a polite notice); the rest of a flood (silence). */
export type RateDecision = 'allow' | 'notify' | 'drop'

/** A per-user rate limit kept in the store (see `Store.sharedRateLimiter`). */
export interface SharedRateLimiter {
  check(userKey: string): Promise<RateDecision>
}

/** Unanswered questions last asked longer ago than this are dropped, unless configured otherwise. */
export const DEFAULT_UNANSWERED_MAX_AGE_DAYS = 90

/** The ISO datetime before which unanswered questions are too old (`maxAgeDays` before `now`). */
export function unansweredCutoff(now: number, maxAgeDays: number): string {
  return new Date(now - maxAgeDays * 86_400_000).toISOString()
}

/** How many handled message ids `runTurn` remembers per user (older redeliveries are not recognized). */
export const HANDLED_PER_USER = 64

/** What a turn's `fn` decided. */
export interface TurnOutcome<T> {
  value: T
  /**
   * Save this session (`null`: delete it) and mark the message handled, atomically. Leave it out to keep the
   * stored session and the message unhandled (e.g. a lead could not be stored and the user is asked to retry).
   */
  commit?: { session: Session | null }
}

export interface TurnOptions {
  /** The saved session expires this long after the turn. */
  sessionTtlSeconds: number
  /** A handled message id is remembered this long after the user's last turn. */
  handledTtlSeconds: number
  /** Longest wait for the user's lock (default 10 000 ms), then `UserLockTimeoutError`. */
  waitMs?: number
  /**
   * The message's own time (epoch ms, the platform's timestamp). Messages of one user waiting at the same time
   * in several processes are served in this order (within one process: arrival order). Default: now.
   */
  order?: number
}

export type TurnResult<T> = { duplicate: true } | { duplicate: false; value: T }

/** The store cannot be reached or refused a write. The message says which store and why. */
export class StoreUnavailableError extends Error {
  override readonly name = 'StoreUnavailableError'
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options)
  }
}

/**
 * `withUserLock` waited `waitMs` and the user's lock was still held (a slow or stuck handler for the same user).
 * The message was not handled; the caller can ask the user to try again.
 */
export class UserLockTimeoutError extends Error {
  override readonly name = 'UserLockTimeoutError'
  readonly waitMs: number
  constructor(waitMs: number) {
    super(`Waited ${waitMs} ms for this user's lock; another message of the same user is still being handled.`)
    this.waitMs = waitMs
  }
}
