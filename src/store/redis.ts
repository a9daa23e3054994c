/**
 * The production store on Redis (ioredis): several processes share sessions, duplicate marks, per-user locks,
 * leads and channel state.
 *
 * ## Keys (prefix `ma:` by default)
 *
 * | key                               | type       | holds                                                |
 * | --------------------------------- | ---------- | ---------------------------------------------------- |
 * | `ma:{user:<userKey>}:session`     | string     | session JSON, `SET … EX ttl`                         |
 * | `ma:{user:<userKey>}:lock`        | string     | lock token, `SET NX PX`, renewed while held          |
 * | `ma:{user:<userKey>}:queue`       | sorted set | waiting turns (token, score = message time)          |
 * | `ma:{user:<userKey>}:waiting`     | sorted set | waiting turns (token, score = give-up deadline, ms)  |
 * | `ma:{user:<userKey>}:handled`     | sorted set | last 64 handled message ids, `EXPIRE` dedupe ttl     |
 * | `ma:{user:<userKey>}:rate`        | string     | messages in the rate-limit window (redis-rate-limit) |
 * | `ma:{user:<userKey>}:leads`       | set        | fields of the user's leads (index for deletion)      |
 * | `ma:{user:<userKey>}:reports`     | set        | ids of the user's reports (index for deletion)       |
 * | `ma:leads`                        | hash       | `<userKey>\n<lead id>` → lead JSON (1)              |
 * | `ma:reports`                      | hash       | report id → report JSON                              |
 * | `ma:{unanswered}:rank`            | sorted set | text, score = −count                                 |
 * | `ma:{unanswered}:meta`            | hash       | text → `{"lang","firstAt","lastAt"}`                 |
 * | `ma:{unanswered}:users`           | hash       | text → `{"<userKey>": occurrences}`                  |
 * | `ma:{user:<userKey>}:unanswered`  | set        | texts the user asked, `EXPIRE` the age limit         |
 * | `ma:seen:<key>`                   | string     | duplicate mark, `SET NX EX`                          |
 * | `ma:kv:<key>`                     | string     | channel state value                                  |
 * | `ma:lease:<name>`                 | string     | owner, `SET NX PX` / compare-and-pexpire             |
 * | `ma:{stats}:<YYYY-MM-DD>`         | hash       | dashboard counter → count, `HINCRBY` (stats.ts)      |
 *
 * (1) Leads stored before leads were owned by their chat have the bare id as field; they stay readable and
 * deletable (their index holds that field), no migration is needed.
 *
 * ## One message's turn (`runTurn`): order and exactly-once
 *
 * Two round trips per message. `ACQUIRE_TURN` checks the user's handled ids, takes the lock when it is free and
 * nobody older waits, and returns the session; while the lock is held it puts the caller in the user's queue,
 * ordered by the message's own time, and the caller polls (2 to 50 ms, jittered). `COMMIT_TURN` saves the
 * session, records the message id as handled and frees the lock in one step, only if the caller still holds the
 * lock. So across processes one user's messages are handled one at a time, those waiting together oldest first,
 * each at most once; a process that dies mid-message leaves the session and the id untouched and its lock
 * expires (`lockTtlMs`), so a redelivery is handled by whoever gets it.
 *
 * ## Redis Cluster
 *
 * Every command and every Lua script touches keys of one hash slot. The `{user:…}` hash tag puts all of a
 * user's keys in one slot and `{unanswered}` keeps its two keys together; `{stats}` keeps every day's counters in
one slot, so a date range is read in one pipeline. The leads hash and a user's index
 * set live in different slots, so they are written by separate commands, in an order that keeps deletion
 * complete: the id is added to the user's index *before* the lead is written, so a crash in between leaves at
 * worst an index entry without a lead (harmless), never a lead that `deleteUserData` cannot find. Deletion
 * then removes, by a Lua script on the hash, only the listed records that still belong to the user.
 *
 * ## When Redis is away
 *
 * A client made here does not queue commands while disconnected (`enableOfflineQueue: false`,
 * `maxRetriesPerRequest: 0`, a `commandTimeout`), so every call rejects at once with a `StoreUnavailableError`
 * ("Redis at host:port is unreachable: …") and the gate can answer "try again". The client keeps reconnecting
 * in the background with a capped backoff; when Redis is back, the same store works again. Messages never
 * contain the password.
 *
 * Durability of leads is Redis's own: run it with `appendonly yes` (and `appendfsync everysec` or `always`), and
 * with `maxmemory-policy noeviction`: `ping()` (start-up, `/readyz`) refuses any evicting policy (redis-policy.ts).
 */

import { randomUUID } from 'node:crypto'
import { Cluster, Redis, type RedisOptions } from 'ioredis'
import type { Lead, Report, Session } from '../engine/types.ts'
import { RedisRateLimiter } from './redis-rate-limit.ts'
import { evictionProblem, readEvictionPolicy, unreadablePolicyWarning } from './redis-policy.ts'
import { leadKey, parseSince, rankUnanswered, selectLeads, sortReports } from './records.ts'
import {
  ACQUIRE_TURN,
  COMMIT_TURN,
  COMPARE_AND_DELETE,
  COMPARE_AND_PEXPIRE,
  DELETE_OWNED,
  HASH_SWAP,
  LEAVE_QUEUE,
  FORGET_UNANSWERED,
  LuaScript,
  PURGE_UNANSWERED,
  RECORD_UNANSWERED,
} from './redis-scripts.ts'
import { cleanCounts, type DayCounts, daysInRange, isStatsDay, type StatsByDay } from './stats.ts'
import { incrementCounts, readDays } from './redis-stats.ts'
import {
  DEFAULT_UNANSWERED_MAX_AGE_DAYS,
  type DeletionResult,
  unansweredCutoff,
  HANDLED_PER_USER,
  type SharedRateLimiter,
  type Store,
  StoreUnavailableError,
  type TurnOptions,
  type TurnOutcome,
  type TurnResult,
  type UnansweredQuestion,
  UserLockTimeoutError,
} from './types.ts'
import { HotSessions } from './hot-sessions.ts'
import { DEFAULT_LOCK_WAIT_MS, UserQueue } from './user-queue.ts'

export type RedisClient = Redis | Cluster

/** A user lock held by a running turn: renewed while held, one warning at most if that fails. */
interface HeldLock {
  readonly key: string
  readonly token: string
  renewedAt: number
  warned: boolean
}

export interface RedisStoreOptions {
  /** `redis://[user:password@]host:port[/db]` or `rediss://…`. Default `redis://127.0.0.1:6379`. */
  url?: string
  /**
   * A client to use instead of `url` (e.g. a `Cluster`). The store does not close it. Give it the options of
   * `failFastRedisOptions()` so that calls reject instead of waiting while Redis is away.
   */
  redis?: RedisClient
  /** Close `redis` on `close()` (the store was given the only reference, e.g. by `createStore`). Default false. */
  ownsClient?: boolean
  /** Prefix of every key; must not contain `{` or `}`. Default `ma:`. */
  keyPrefix?: string
  /**
   * How long a user lock lives unless renewed; it is renewed every third of this while held. Default 5 s: a
   * message of a user whose process died waits at most this long (less than the default lock wait of 10 s).
   */
  lockTtlMs?: number
  /** A waiting turn that stops polling for this long (its process died) loses its place. Default 2 s. */
  waiterTtlMs?: number
  /** Longest pause between reconnection attempts. Default 2 s. */
  maxReconnectDelayMs?: number
  /** A command without an answer after this long rejects (a hung server). Default 3 s. */
  commandTimeoutMs?: number
  /** Hears about connection loss and recovery and about lock renewal problems. Default `process.emitWarning`. */
  onWarning?: (message: string) => void
  /** `ping()` re-reads Redis's maxmemory-policy at most this often (see redis-policy.ts). Default 60 s. */
  policyCheckIntervalMs?: number
  /** Unanswered questions last asked longer ago are left out and purged (on read, and hourly on write). Default 90. */
  unansweredMaxAgeDays?: number
  /** Clock for the age of unanswered questions (epoch ms). Default `Date.now`. */
  now?: () => number
}

/** The age purge of unanswered questions runs at most this often on write. */
const UNANSWERED_PURGE_EVERY_MS = 3_600_000

/** Client options that make commands reject at once while Redis is away and reconnect forever in the background. */
export function failFastRedisOptions(
  options: { maxReconnectDelayMs?: number; commandTimeoutMs?: number } = {},
): RedisOptions {
  const maxDelay = options.maxReconnectDelayMs ?? 2_000
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    autoResendUnfulfilledCommands: false,
    commandTimeout: options.commandTimeoutMs ?? 3_000,
    connectTimeout: 5_000,
    retryStrategy: (times: number) => reconnectDelay(times, maxDelay),
  }
}

/** Pause before reconnection attempt `times`: doubling from 100 ms up to `maxDelayMs`, with jitter. */
export function reconnectDelay(times: number, maxDelayMs = 2_000): number {
  return Math.min(50 * 2 ** Math.min(times, 10), maxDelayMs) + Math.floor(Math.random() * 50)
}

/** `host:port` of a Redis URL and its password (to keep it out of messages). */
function parseRedisUrl(url: string): { target: string; password: string } {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new StoreUnavailableError('REDIS_URL is not a valid URL; write it as redis://[user:password@]host:port[/db].')
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new StoreUnavailableError(
      `REDIS_URL must start with redis:// or rediss://, not ${parsed.protocol}//; write it as redis://host:port.`,
    )
  }
  return { target: `${parsed.hostname}:${parsed.port || '6379'}`, password: decodeURIComponent(parsed.password) }
}

function describeClient(client: RedisClient): { target: string; password: string } {
  if (client instanceof Cluster) return { target: 'Redis Cluster', password: client.options.redisOptions?.password ?? '' }
  const { host, port, path, password, sentinels, name } = client.options
  if (sentinels?.length) {
    return { target: `Redis master "${name ?? ''}" via Sentinel ${sentinels.map((s) => `${s.host}:${s.port}`).join(',')}`, password: password ?? '' }
  }
  return { target: path ? String(path) : `${host ?? '127.0.0.1'}:${port ?? 6379}`, password: password ?? '' }
}

/** Escapes a literal for a SCAN MATCH pattern. */
function globEscape(text: string): string {
  return text.replace(/[*?[\]\\]/g, (char) => `\\${char}`)
}

/** The turn's scripts, run by SHA1 (they are on the hot path). */
const TURN_SCRIPTS = { acquire: new LuaScript(ACQUIRE_TURN), commit: new LuaScript(COMMIT_TURN) }

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

function defaultWarning(message: string): void {
  process.emitWarning(message, 'StoreWarning')
}

export class RedisStore implements Store {
  readonly kind = 'redis' as const
  /** `host:port` (never the password), for messages. */
  readonly target: string

  readonly #client: RedisClient
  readonly #ownsClient: boolean
  readonly #password: string
  readonly #prefix: string
  readonly #lockTtlMs: number
  readonly #waiterTtlMs: number
  readonly #warn: (message: string) => void
  readonly #queue = new UserQueue()
  /**
   * The session objects of this process's last committed turns, by the JSON they were saved as: a user's next turn
   * continues with it while Redis still holds that JSON (hot-sessions.ts); a change by another process is decoded.
   */
  readonly #hot = new HotSessions<string>()
  readonly #leads: IndexedRecords<Lead>
  readonly #reports: IndexedRecords<Report>
  readonly #policyCheckIntervalMs: number
  readonly #unansweredMaxAgeDays: number
  readonly #now: () => number
  #unansweredPurgedAt = Number.NEGATIVE_INFINITY
  #policyCheckedAt: number | undefined
  #policyProblem: string | undefined
  #policyWarned = false
  #lastError: string | undefined
  #connected = false
  /** The connection was lost after it had been ready; recovery is then worth a word. */
  #lostOnce = false
  #closed = false
  /** Locks held by turns running now, renewed by one timer (`#startRenewer`). */
  readonly #held = new Set<HeldLock>()
  #renewer: NodeJS.Timeout | undefined
  readonly #tokenPrefix = `${randomUUID()}:`
  #tokens = 0

  constructor(options: RedisStoreOptions = {}) {
    this.#prefix = options.keyPrefix ?? 'ma:'
    if (/[{}]/.test(this.#prefix)) {
      throw new RangeError(`The Redis key prefix "${this.#prefix}" must not contain { or }: they make hash tags.`)
    }
    this.#lockTtlMs = options.lockTtlMs ?? 5_000
    this.#waiterTtlMs = options.waiterTtlMs ?? 2_000
    this.#warn = options.onWarning ?? defaultWarning
    this.#policyCheckIntervalMs = options.policyCheckIntervalMs ?? 60_000
    this.#unansweredMaxAgeDays = options.unansweredMaxAgeDays ?? DEFAULT_UNANSWERED_MAX_AGE_DAYS
    this.#now = options.now ?? Date.now
    if (options.redis) {
      this.#client = options.redis
      this.#ownsClient = options.ownsClient ?? false
      const { target, password } = describeClient(options.redis)
      this.target = target
      this.#password = password
    } else {
      const url = options.url ?? 'redis://127.0.0.1:6379'
      const { target, password } = parseRedisUrl(url)
      this.target = target
      this.#password = password
      this.#client = new Redis(url, failFastRedisOptions(options))
      this.#ownsClient = true
    }
    this.#connected = this.#client.status === 'ready'
    this.#client.on('error', (error: Error) => {
      this.#lastError = this.#redact(error.message)
      this.#lost()
    })
    this.#client.on('close', () => this.#lost())
    this.#client.on('ready', () => {
      if (this.#connected) return
      if (this.#lostOnce) this.#warn(`Connected to Redis at ${this.target} again.`)
      this.#connected = true
      this.#lostOnce = false
      this.#lastError = undefined
    })
    const recordsOf = (part: string) => (userKey: string) => this.#userKey(userKey, part)
    this.#leads = new IndexedRecords<Lead>(this.#client, `${this.#prefix}leads`, recordsOf('leads'), this.#warn, leadKey)
    this.#reports = new IndexedRecords<Report>(this.#client, `${this.#prefix}reports`, recordsOf('reports'), this.#warn)
  }

  /**
   * Resolves when the connection is ready. At start-up this rejects with a `StoreUnavailableError` at the first
   * connection error or after `timeoutMs`, so a wrong REDIS_URL is reported at once.
   */
  async ready(timeoutMs = 5_000): Promise<void> {
    this.#assertOpen()
    if (this.#client.status === 'ready') return
    if (this.#client.status === 'wait') this.#client.connect().catch(() => undefined)
    await new Promise<void>((resolve, reject) => {
      const finish = (error?: Error): void => {
        clearTimeout(timer)
        this.#client.off('ready', onReady)
        this.#client.off('error', onError)
        if (error) reject(this.#unavailable(error))
        else resolve()
      }
      const onReady = (): void => finish()
      const onError = (error: Error): void => finish(error)
      const timer = setTimeout(
        () => finish(new Error(this.#lastError ?? `no answer within ${timeoutMs} ms`)),
        timeoutMs,
      )
      this.#client.on('ready', onReady)
      this.#client.on('error', onError)
    })
  }

  // Sessions

  async getSession(userKey: string): Promise<Session | undefined> {
    const json = await this.#run(() => this.#client.get(this.#userKey(userKey, 'session')))
    return this.#parseSession(json)
  }

  #parseSession(json: string | null): Session | undefined {
    if (json === null) return undefined
    try {
      return JSON.parse(json) as Session
    } catch {
      this.#warn('Ignored a session that is not valid JSON; the conversation restarts.')
      return undefined
    }
  }

  async setSession(userKey: string, session: Session, ttlSeconds: number): Promise<void> {
    this.#hot.forget(userKey)
    const key = this.#userKey(userKey, 'session')
    await this.#run(() => this.#client.set(key, JSON.stringify(session), 'EX', wholeSeconds(ttlSeconds)))
  }

  async deleteSession(userKey: string): Promise<void> {
    this.#hot.forget(userKey)
    await this.#run(() => this.#client.del(this.#userKey(userKey, 'session')))
  }

  // Duplicate detection

  async markSeen(key: string, ttlSeconds: number): Promise<boolean> {
    const reply = await this.#run(() =>
      this.#client.set(`${this.#prefix}seen:${key}`, '1', 'EX', wholeSeconds(ttlSeconds), 'NX'),
    )
    return reply === 'OK'
  }

  async unmarkSeen(key: string): Promise<void> {
    await this.#run(() => this.#client.del(`${this.#prefix}seen:${key}`))
  }

  // Per-user order

  /**
   * In this process, waiters queue in FIFO order (`UserQueue`); the head of the queue then takes the Redis lock
   * `SET lock token NX PX lockTtlMs`, retrying with a short jittered backoff while another process holds it, all
   * within `waitMs`. The lock is renewed while `fn` runs and released by compare-and-delete, so a lock that
   * expired and was taken by another process is never deleted by mistake.
   */
  async withUserLock<T>(userKey: string, fn: () => Promise<T>, waitMs = DEFAULT_LOCK_WAIT_MS): Promise<T> {
    this.#assertOpen()
    const deadline = Date.now() + waitMs
    const releaseLocal = await this.#queue.acquire(userKey, waitMs)
    try {
      const key = this.#userKey(userKey, 'lock')
      const token = await this.#takeLock(key, deadline, waitMs)
      try {
        return await this.#whileRenewing(key, token, fn)
      } finally {
        await this.#run(() => this.#client.eval(COMPARE_AND_DELETE, 1, key, token)).catch((error: unknown) => {
          this.#warn(`Could not release a user lock (it expires by itself): ${(error as Error).message}`)
        })
      }
    } finally {
      releaseLocal()
    }
  }

  async #takeLock(key: string, deadline: number, waitMs: number): Promise<string> {
    const token = randomUUID()
    for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
      const reply = await this.#run(() => this.#client.set(key, token, 'PX', this.#lockTtlMs, 'NX'))
      if (reply === 'OK') return token
      const left = deadline - Date.now()
      if (left <= 0) throw new UserLockTimeoutError(waitMs)
      await sleep(Math.min(left, pause / 2 + Math.random() * pause))
    }
  }

  async #whileRenewing<T>(key: string, token: string, fn: () => Promise<T>): Promise<T> {
    const held: HeldLock = { key, token, renewedAt: Date.now(), warned: false }
    this.#held.add(held)
    this.#renewer ??= this.#startRenewer()
    try {
      return await fn()
    } finally {
      this.#held.delete(held)
    }
  }

  /**
   * One timer for every lock held by this process (a timer per message cost about 2% of a turn's CPU): it renews
   * each lock held for a third of its life since it was taken or last renewed, and ticks every sixth, so a lock is
   * renewed between a third and a half of its life after that (it expires after all of it).
   */
  #startRenewer(): NodeJS.Timeout {
    const every = Math.max(10, Math.floor(this.#lockTtlMs / 3))
    const warnOnce = (held: HeldLock, message: string): void => {
      if (!held.warned) this.#warn(message)
      held.warned = true
    }
    const timer = setInterval(() => {
      const now = Date.now()
      for (const held of this.#held) {
        if (now - held.renewedAt < every) continue
        held.renewedAt = now
        this.#client.eval(COMPARE_AND_PEXPIRE, 1, held.key, held.token, this.#lockTtlMs).then(
          (renewed) => {
            if (renewed !== 1) {
              warnOnce(held, 'A user lock expired while its message was still being handled; another process may handle that user now.')
            }
          },
          (error: unknown) => warnOnce(held, `Could not renew a user lock: ${this.#unavailable(error).message}`),
        )
      }
    }, Math.max(5, Math.floor(every / 2)))
    // The turns themselves keep the process alive while they run.
    timer.unref()
    return timer
  }


  // One message's turn

  async runTurn<T>(
    userKey: string,
    messageId: string,
    fn: (session: Session | undefined) => Promise<TurnOutcome<T>>,
    options: TurnOptions,
  ): Promise<TurnResult<T>> {
    this.#assertOpen()
    const waitMs = options.waitMs ?? DEFAULT_LOCK_WAIT_MS
    const deadline = Date.now() + waitMs
    const releaseLocal = await this.#queue.acquire(userKey, waitMs)
    try {
      const lock = this.#userKey(userKey, 'lock')
      const session = this.#userKey(userKey, 'session')
      const handled = this.#userKey(userKey, 'handled')
      const token = this.#turnToken()
      const acquired = await this.#acquireTurn(userKey, token, messageId, options.order ?? Date.now(), deadline, waitMs)
      if (acquired.duplicate) return { duplicate: true }
      let committed = false
      try {
        const stored = acquired.session
        const outcome = await this.#whileRenewing(lock, token, () => fn(this.#hot.take(userKey, stored ?? undefined, () => this.#parseSession(stored))))
        if (outcome.commit) {
          const json = outcome.commit.session ? JSON.stringify(outcome.commit.session) : ''
          const args = [token, json, wholeSeconds(options.sessionTtlSeconds), messageId, wholeSeconds(options.handledTtlSeconds), HANDLED_PER_USER]
          const done = await this.#run(() => TURN_SCRIPTS.commit.run(this.#client, [lock, session, handled], args))
          if (done !== 1) {
            throw new StoreUnavailableError(
              'This process lost the user\'s lock before saving (it stalled longer than the lock lives); nothing was saved, the message can be handled again.',
            )
          }
          committed = true
          if (outcome.commit.session) this.#hot.keep(userKey, json, outcome.commit.session, json)
        }
        return { duplicate: false, value: outcome.value }
      } finally {
        if (!committed) {
          await this.#run(() => this.#client.eval(COMPARE_AND_DELETE, 1, lock, token)).catch((error: unknown) => {
            this.#warn(`Could not release a user lock (it expires by itself): ${(error as Error).message}`)
          })
        }
      }
    } finally {
      releaseLocal()
    }
  }

  /** Polls `ACQUIRE_TURN` until the lock is ours or the message turns out handled; leaves the queue on giving up. */
  /**
   * A lock token no other turn uses, in this process or another: a random id made once per store, and a counter
   * (a fresh `randomUUID()` per message cost about 1% of a turn's CPU).
   */
  #turnToken(): string {
    return `${this.#tokenPrefix}${(this.#tokens++).toString(36)}`
  }

  async #acquireTurn(
    userKey: string,
    token: string,
    messageId: string,
    order: number,
    deadline: number,
    waitMs: number,
  ): Promise<{ duplicate: true } | { duplicate: false; session: string | null }> {
    const keys = ['lock', 'queue', 'waiting', 'session', 'handled'].map((part) => this.#userKey(userKey, part))
    const args = [token, this.#lockTtlMs, order, this.#waiterTtlMs, messageId]
    try {
      for (let pause = 2; ; pause = Math.min(pause * 2, 50)) {
        const reply = (await this.#run(() => TURN_SCRIPTS.acquire.run(this.#client, keys, args))) as [number, (string | null)?]
        if (reply[0] === 2) return { duplicate: true }
        if (reply[0] === 1) return { duplicate: false, session: reply[1] ?? null }
        const left = deadline - Date.now()
        if (left <= 0) throw new UserLockTimeoutError(waitMs)
        await sleep(Math.min(left, pause / 2 + Math.random() * pause))
      }
    } catch (error) {
      await this.#client.eval(LEAVE_QUEUE, 2, keys[1]!, keys[2]!, token).catch(() => undefined)
      throw error
    }
  }

  // Leads and reports

  async upsertLead(lead: Lead): Promise<void> {
    await this.#run(() => this.#leads.put(lead))
  }

  async listLeads(options: { since?: string } = {}): Promise<Lead[]> {
    const leads = await this.#run(() => this.#leads.all())
    return selectLeads(leads, options.since)
  }

  async deleteLead(userKey: string, id: string): Promise<boolean> {
    return this.#run(() => this.#leads.deleteOne(userKey, leadKey({ userKey, id })))
  }

  async deleteReport(userKey: string, id: string): Promise<boolean> {
    return this.#run(() => this.#reports.deleteOne(userKey, id))
  }

  async addReport(report: Report): Promise<void> {
    await this.#run(() => this.#reports.put(report))
  }

  async listReports(): Promise<Report[]> {
    return sortReports(await this.#run(() => this.#reports.all()))
  }

  // Unanswered questions

  /**
   * With a user: first the user's index (texts, expiring with the age limit), then the count, so a crash in
   * between leaves at worst an index entry without an occurrence, never an occurrence deletion cannot find.
   */
  async recordUnanswered(text: string, lang: string, at: string, userKey?: string): Promise<void> {
    const keys = this.#unansweredKeys()
    await this.#run(async () => {
      if (userKey) {
        const index = this.#userKey(userKey, 'unanswered')
        await this.#client.sadd(index, text)
        await this.#client.expire(index, Math.ceil(this.#unansweredMaxAgeDays * 86_400))
      }
      await this.#client.eval(RECORD_UNANSWERED, 3, ...keys, text, lang, at, userKey ?? '')
    })
    if (this.#now() - this.#unansweredPurgedAt >= UNANSWERED_PURGE_EVERY_MS) await this.#purgeOldQuestions()
  }

  async clearUnanswered(options: { before?: string } = {}): Promise<number> {
    const before = options.before === undefined ? '' : new Date(parseSince(options.before)).toISOString()
    return (await this.#run(() => this.#client.eval(PURGE_UNANSWERED, 3, ...this.#unansweredKeys(), before))) as number
  }

  async #purgeOldQuestions(): Promise<void> {
    this.#unansweredPurgedAt = this.#now()
    await this.clearUnanswered({ before: unansweredCutoff(this.#now(), this.#unansweredMaxAgeDays) })
  }

  async listUnanswered(limit?: number): Promise<UnansweredQuestion[]> {
    if (limit !== undefined && limit <= 0) return []
    await this.#purgeOldQuestions()
    const [rank, meta] = this.#unansweredKeys()
    const stop = limit === undefined ? -1 : limit - 1
    const reply = await this.#run(() => this.#client.zrange(rank, 0, String(stop), 'WITHSCORES'))
    const pairs = flattenPairs(reply)
    if (pairs.length === 0) return []
    const metas = await this.#run(() => this.#client.hmget(meta, ...pairs.map(([text]) => text)))
    const questions = pairs.map(([text, score], index): UnansweredQuestion => {
      const m = parseJson<{ lang?: string; firstAt?: string; lastAt?: string }>(metas[index] ?? null) ?? {}
      return { text, lang: m.lang ?? '', count: -Number(score), firstAt: m.firstAt ?? '', lastAt: m.lastAt ?? '' }
    })
    return rankUnanswered(questions, limit)
  }

  // Dashboard counters

  /** One pipeline of `HINCRBY`s on the day's hash (redis-stats.ts). */
  async addStats(day: string, counts: DayCounts): Promise<void> {
    if (!isStatsDay(day)) throw new RangeError(`"${day}" is not a stats day (YYYY-MM-DD).`)
    const clean = cleanCounts(counts)
    if (clean) await this.#run(() => incrementCounts(this.#client, this.#statsKey(day), clean))
  }

  /** One pipeline of `HGETALL`s, one per day of the range. */
  async readStats(from: string, to: string): Promise<StatsByDay> {
    const days = daysInRange(from, to)
    return this.#run(() => readDays(this.#client, days, (day) => this.#statsKey(day)))
  }

  // Deletion

  async deleteUserData(userKey: string): Promise<DeletionResult> {
    this.#hot.forget(userKey)
    return this.#run(async () => {
      const leads = await this.#leads.deleteForUser(userKey)
      const reports = await this.#reports.deleteForUser(userKey)
      const session = (await this.#client.del(this.#userKey(userKey, 'session'))) > 0
      await this.#client.del(this.#userKey(userKey, 'handled'))
      const asked = this.#userKey(userKey, 'unanswered')
      const texts = await this.#client.smembers(asked)
      if (texts.length > 0) await this.#client.eval(FORGET_UNANSWERED, 3, ...this.#unansweredKeys(), userKey, ...texts)
      await this.#client.del(asked)
      return { leads, reports, session }
    })
  }

  // Key-value space for channels

  async kvGet(key: string): Promise<string | undefined> {
    const value = await this.#run(() => this.#client.get(this.#kvKey(key)))
    return value ?? undefined
  }

  async kvSet(key: string, value: string): Promise<void> {
    await this.#run(() => this.#client.set(this.#kvKey(key), value))
  }

  /** Deletes the matching keys one by one (they live in many slots); a key written meanwhile may survive. */
  async kvDelete(keyPrefix: string): Promise<void> {
    const keys = await this.kvKeys(keyPrefix)
    await this.#run(async () => {
      for (let i = 0; i < keys.length; i += 100) {
        await Promise.all(keys.slice(i, i + 100).map((key) => this.#client.unlink(this.#kvKey(key))))
      }
    })
  }

  /** SCANs every master (all nodes of a Cluster), so it never blocks Redis like KEYS would. */
  async kvKeys(keyPrefix: string): Promise<string[]> {
    const start = this.#kvKey('')
    const pattern = `${globEscape(start + keyPrefix)}*`
    const nodes = this.#client instanceof Cluster ? this.#client.nodes('master') : [this.#client]
    const found = new Set<string>()
    await this.#run(async () => {
      for (const node of nodes) {
        let cursor = '0'
        do {
          const [next, keys] = await node.scan(cursor, 'MATCH', pattern, 'COUNT', 500)
          for (const key of keys) found.add(key.slice(start.length))
          cursor = next
        } while (cursor !== '0')
      }
    })
    return [...found].sort()
  }

  // Leases

  async acquireLease(name: string, owner: string, ttlMs: number): Promise<boolean> {
    const key = `${this.#prefix}lease:${name}`
    const ms = Math.max(1, Math.ceil(ttlMs))
    return this.#run(async () => {
      if ((await this.#client.set(key, owner, 'PX', ms, 'NX')) === 'OK') return true
      return (await this.#client.eval(COMPARE_AND_PEXPIRE, 1, key, owner, ms)) === 1
    })
  }

  async releaseLease(name: string, owner: string): Promise<void> {
    await this.#run(() => this.#client.eval(COMPARE_AND_DELETE, 1, `${this.#prefix}lease:${name}`, owner))
  }

  // Life cycle

  /**
   * PING, then (at most every `policyCheckIntervalMs`) the maxmemory-policy: rejects with a sentence naming
   * `maxmemory-policy` and the fix `noeviction` when Redis may silently delete keys we must keep, so the start
   * (`createStore`) refuses and `/readyz` reports not ready. A policy that cannot be read is only a warning.
   */
  /** The per-user rate limit in Redis: one budget per user for every process (redis-rate-limit.ts). */
  sharedRateLimiter(options: { perMinute: number; burst: number }): SharedRateLimiter {
    return new RedisRateLimiter(this.#client, (userKey) => this.#userKey(userKey, 'rate'), options)
  }

  async ping(): Promise<void> {
    await this.#run(() => this.#client.ping())
    await this.checkEvictionPolicy()
  }

  /** See `ping()`. Resolves when the policy is `noeviction` (or unreadable, with a warning). */
  async checkEvictionPolicy(): Promise<void> {
    const now = Date.now()
    if (this.#policyCheckedAt === undefined || now - this.#policyCheckedAt >= this.#policyCheckIntervalMs) {
      const reading = await readEvictionPolicy(this.#client)
      this.#policyCheckedAt = now
      this.#policyProblem = undefined
      if ('unreadable' in reading) {
        if (!this.#policyWarned) this.#warn(unreadablePolicyWarning(this.target, this.#redact(reading.unreadable)))
        this.#policyWarned = true
      } else {
        this.#policyProblem = reading.policies.map((policy) => evictionProblem(policy, this.target)).find(Boolean)
      }
    }
    if (this.#policyProblem) throw new StoreUnavailableError(this.#policyProblem)
  }

  /** Closes the connection if this store made it (a client passed in stays open). Idempotent. */
  async close(): Promise<void> {
    this.#hot.clear()
    if (this.#closed) return
    this.#closed = true
    clearInterval(this.#renewer)
    if (!this.#ownsClient) return
    try {
      await this.#client.quit()
    } catch {
      // Not connected: nothing to say goodbye to.
    }
    if (this.#client.status !== 'end') this.#client.disconnect()
  }

  // Internals

  #userKey(userKey: string, part: string): string {
    return `${this.#prefix}{user:${userKey}}:${part}`
  }

  #statsKey(day: string): string {
    return `${this.#prefix}{stats}:${day}`
  }

  #kvKey(key: string): string {
    return `${this.#prefix}kv:${key}`
  }

  #unansweredKeys(): [string, string, string] {
    return [`${this.#prefix}{unanswered}:rank`, `${this.#prefix}{unanswered}:meta`, `${this.#prefix}{unanswered}:users`]
  }

  #assertOpen(): void {
    if (this.#closed) throw new StoreUnavailableError('The Redis store is closed; it cannot be used after close().')
  }

  async #run<T>(command: () => Promise<T>): Promise<T> {
    this.#assertOpen()
    try {
      return await command()
    } catch (error) {
      throw this.#unavailable(error)
    }
  }

  /** Turns any client error into a `StoreUnavailableError` that says where and why, without the password. */
  #unavailable(error: unknown): StoreUnavailableError {
    if (error instanceof StoreUnavailableError) return error
    const message = this.#redact(error instanceof Error ? error.message : String(error))
    if (error instanceof Error && error.name === 'ReplyError') {
      return new StoreUnavailableError(`Redis at ${this.target} refused the command: ${message}.`)
    }
    const reason =
      this.#client.status === 'ready' || this.#lastError === undefined ? message : `${this.#lastError} (${message})`
    return new StoreUnavailableError(
      `Redis at ${this.target} is unreachable: ${reason}. Check that redis-server runs and REDIS_URL is right.`,
    )
  }

  #redact(text: string): string {
    return this.#password ? text.split(this.#password).join('***') : text
  }

  #lost(): void {
    if (!this.#connected || this.#closed) return
    this.#connected = false
    this.#lostOnce = true
    this.#warn(
      `Lost the connection to Redis at ${this.target}${this.#lastError ? ` (${this.#lastError})` : ''}; ` +
        'reconnecting in the background, calls fail until then.',
    )
  }
}

/**
 * Records (leads, reports) in one hash by field (`fieldOf`: the id, or for leads owner and id), with a per-user
 * set of fields for deletion. See the module comment
 * for why the two are written by separate commands and in which order.
 */
class IndexedRecords<T extends { id: string; userKey: string }> {
  readonly #client: RedisClient
  readonly #hash: string
  readonly #indexOf: (userKey: string) => string
  readonly #warn: (message: string) => void
  readonly #fieldOf: (record: T) => string

  constructor(
    client: RedisClient,
    hash: string,
    indexOf: (userKey: string) => string,
    warn: (message: string) => void,
    fieldOf: (record: T) => string = (record) => record.id,
  ) {
    this.#client = client
    this.#hash = hash
    this.#indexOf = indexOf
    this.#warn = warn
    this.#fieldOf = fieldOf
  }

  async put(record: T): Promise<void> {
    const field = this.#fieldOf(record)
    await this.#client.sadd(this.#indexOf(record.userKey), field)
    const previous = (await this.#client.eval(HASH_SWAP, 1, this.#hash, field, JSON.stringify(record))) as
      | string
      | null
    const previousUser = parseJson<{ userKey?: unknown }>(previous)?.userKey
    if (typeof previousUser === 'string' && previousUser !== record.userKey) {
      await this.#client.srem(this.#indexOf(previousUser), field)
    }
  }

  async all(): Promise<T[]> {
    const records: T[] = []
    let cursor = '0'
    do {
      const [next, entries] = await this.#client.hscan(this.#hash, cursor, 'COUNT', 1000)
      for (let i = 1; i < entries.length; i += 2) {
        const record = parseJson<T>(entries[i] ?? null)
        if (record) records.push(record)
        else this.#warn(`Skipped a record in ${this.#hash} that is not valid JSON.`)
      }
      cursor = next
    } while (cursor !== '0')
    return records
  }

  /** Deletes the record in `field` when it belongs to `userKey`; resolves whether it did. */
  async deleteOne(userKey: string, field: string): Promise<boolean> {
    const deleted = (await this.#client.eval(DELETE_OWNED, 1, this.#hash, userKey, field)) as number
    await this.#client.srem(this.#indexOf(userKey), field)
    return deleted > 0
  }

  async deleteForUser(userKey: string): Promise<number> {
    const index = this.#indexOf(userKey)
    const ids = await this.#client.smembers(index)
    if (ids.length === 0) return 0
    const deleted = (await this.#client.eval(DELETE_OWNED, 1, this.#hash, userKey, ...ids)) as number
    await this.#client.srem(index, ...ids)
    return deleted
  }
}

function parseJson<T>(text: string | null): T | undefined {
  if (text === null) return undefined
  try {
    return JSON.parse(text) as T
  } catch {
    return undefined
  }
}

/** Redis wants whole seconds for EX; never 0 (an error) and never shorter than asked. */
function wholeSeconds(seconds: number): number {
  return Math.max(1, Math.ceil(seconds))
}

/** ZRANGE … WITHSCORES answers `[m, s, m, s]` over RESP2 and `[[m, s], …]` over RESP3; both become pairs. */
function flattenPairs(reply: unknown[]): [string, string][] {
  const flat = reply.flat() as (string | number)[]
  const pairs: [string, string][] = []
  for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([String(flat[i]), String(flat[i + 1])])
  return pairs
}
