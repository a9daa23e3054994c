/**
 * The gate: the only place with per-message machinery. For each inbound message it
 *   rate-limits → takes the user's lock and loads the session (`Store.runTurn`), dropping duplicates →
 *   runs the engine → runs the critical effects (a lead is stored before its confirmation is sent) →
 *   saves the session and marks the message handled, atomically → runs best-effort effects → returns the replies.
 * A message is handled exactly once: a crash before the atomic save leaves no trace but idempotent lead
 * upserts, and a redelivery is then handled from the same session.
 * It never throws to a channel: a store outage becomes "busy, try again"; anything else becomes an apology
 * with the official contacts. Nothing confirmed to a user is ever lost: when a critical effect fails the
 * user is told to try again and the previous session (with all answers) is kept.
 */
import type { Bundle } from '../content/bundle.ts'
import { handleMessage, userKeyOf } from '../engine/engine.ts'
import { renderText } from '../engine/text.ts'
import type { Effect, Inbound, Lang, Reply, Session } from '../engine/types.ts'
import { userRef, type Logger } from '../logger.ts'
import { StatsBuffer, startsConversation, turnCounts } from '../ops/stats.ts'
import { StoreUnavailableError, UserLockTimeoutError, type Store } from '../store/types.ts'
import type { EngineRunner } from './engine-pool.ts'
import { maskQuestion } from './question-mask.ts'
import { isCrisis, rateLimitFor, rateLimitLang, type RateLimitOptions, type UserRateLimit } from './rate-limit.ts'

export interface GateHooks {
  /** Called for every engine event (analytics, metrics). */
  onEvent?(event: Extract<Effect, { type: 'event' }>, inbound: Inbound): void
  /** Called once per handled message with its outcome and duration. */
  onHandled?(inbound: Inbound, outcome: HandleOutcome, ms: number, replies: number): void
  /** Called after a lead or report is stored. */
  onStored?(kind: 'lead' | 'report', inbound: Inbound): void
}

/** The effects of a case with a human officer (src/handoff/). */
export type HandoffEffect = Extract<Effect, { type: 'openCase' | 'caseMessage' | 'leaveCase' }>

/** What the gate needs of human handoff (`HandoffService.gateHooks`). */
export interface GateHandoff {
  /** Officers can be reached (an officer group or the officer API is configured). */
  readonly available: boolean
  /** Under the user's lock, before the engine: checks the user's case against the store. */
  prepare(inbound: Inbound, session: Session | undefined): Promise<{ inbound: Inbound; session: Session | undefined }>
  /** Opens a case, appends a message, closes it as the user left: before the turn commits. */
  runEffect(effect: HandoffEffect, inbound: Inbound): Promise<void>
  /** After the commit: tells officers. Never throws. */
  afterCommit(effect: HandoffEffect, inbound: Inbound): void
  /** "hapus data saya": deletes the user's cases. */
  deleteUser(userKey: string): Promise<void>
}

export type HandleOutcome = 'ok' | 'duplicate' | 'rate_limited' | 'store_unavailable' | 'error' | 'critical_failed' | 'shutting_down'

export interface GateOptions {
  store: Store
  /** The current content bundle (it may be swapped by a reload between messages). */
  bundle: () => Bundle
  logger: Logger
  sessionTtlSeconds?: number
  dedupeTtlSeconds?: number
  rateLimit?: RateLimitOptions | false
  /** How long to wait for a user's lock before answering "busy". */
  lockWaitMs?: number
  hooks?: GateHooks
  /** Human officers; without it the engine says that no officer can be reached here. */
  handoff?: GateHandoff
  /**
   * Add each turn to the store's per-day dashboard counters (src/ops/stats.ts), gathered in memory and written
   * every `flushMs` (default 1 000) and at `drain()`. Default on; `false` turns counting off.
   */
  stats?: false | { flushMs?: number }
  /** Where the engine's turns run: worker threads (`EnginePool`, ENGINE_WORKERS); default this thread. */
  engine?: EngineRunner
}

const DAY = 24 * 3600

/** What one turn hands back to the gate. */
interface TurnValue {
  outcome: 'ok' | 'critical_failed'
  replies: Reply[]
  effects: Effect[]
  /** The message started a conversation (for the dashboard counters). */
  newConversation: boolean
}

export class Gate {
  private readonly limiter?: UserRateLimit
  private readonly stats?: StatsBuffer
  private readonly sessionTtl: number
  private readonly dedupeTtl: number
  private inFlight = 0
  private closing = false
  private idleWaiters: Array<() => void> = []

  constructor(private readonly options: GateOptions) {
    // With Redis the budget is the store's, shared by every instance; the embedded store's is this process's.
    if (options.rateLimit !== false) this.limiter = rateLimitFor(options.store, options.rateLimit ?? { perMinute: 30, burst: 8 })
    this.sessionTtl = options.sessionTtlSeconds ?? 3 * DAY
    this.dedupeTtl = options.dedupeTtlSeconds ?? 3 * DAY
    if (options.stats !== false) {
      const warn = (message: string): void => options.logger.warn({ component: 'stats' }, message)
      this.stats = new StatsBuffer(options.store, warn, options.stats?.flushMs)
    }
  }

  /** Handles one message and returns what to send back. Never rejects. */
  async handle(inbound: Inbound): Promise<Reply[]> {
    const started = performance.now()
    this.inFlight++
    let outcome: HandleOutcome = 'ok'
    let replies: Reply[] = []
    try {
      ;({ outcome, replies } = await this.process(inbound))
    } catch (error) {
      const lang = inbound.lang ?? 'id'
      if (error instanceof StoreUnavailableError || error instanceof UserLockTimeoutError) {
        outcome = 'store_unavailable'
        this.options.logger.error({ err: error.message, user: userRef(userKeyOf(inbound)) }, 'store unavailable; user asked to retry')
        replies = [this.reply(lang, 'error.busy')]
      } else {
        outcome = 'error'
        this.options.logger.error({ err: loggable(error), user: userRef(userKeyOf(inbound)), channel: inbound.channel }, 'message handling failed')
        replies = [this.reply(lang, 'error.internal')]
      }
    } finally {
      this.inFlight--
      if (this.inFlight === 0) for (const resolve of this.idleWaiters.splice(0)) resolve()
    }
    this.options.hooks?.onHandled?.(inbound, outcome, performance.now() - started, replies.length)
    return replies
  }

  /**
   * A turn the assistant makes for a user (an officer's reply, a closed case, a reminder: `inbound.system`), in the
   * user's order and exactly once (by `messageId`). Resolves the replies to send; rejects when it could not run.
   */
  async handleSystem(inbound: Inbound): Promise<Reply[]> {
    const { outcome, replies } = await this.process(inbound)
    if (outcome !== 'ok' && outcome !== 'duplicate') throw new Error(`the system turn was not handled (${outcome})`)
    return replies
  }

  /** Stops taking messages (they get "busy") and resolves when in-flight ones are done and their counts saved. */
  async drain(): Promise<void> {
    this.closing = true
    if (this.inFlight > 0) await new Promise<void>((resolve) => this.idleWaiters.push(resolve))
    await this.stats?.close()
  }

  /** Adds the dashboard counts gathered so far to the store now (they are otherwise added every second). */
  async flushStats(): Promise<void> {
    await this.stats?.flush()
  }

  /** Messages being handled now. */
  get busy(): number {
    return this.inFlight
  }

  /** True once `drain()` was called: new messages are answered "busy" (readiness reports not ready). */
  get draining(): boolean {
    return this.closing
  }

  private async process(inbound: Inbound): Promise<{ outcome: HandleOutcome; replies: Reply[] }> {
    const { store, logger } = this.options
    const userKey = userKeyOf(inbound)
    if (this.closing) return { outcome: 'shutting_down', replies: [this.reply(inbound.lang ?? 'id', 'error.busy')] }

    // Someone in danger is always answered, however fast they write (duplicates are still dropped below).
    const rate = inbound.system || !this.limiter ? 'allow' : await this.limiter.check(userKey)
    if (rate !== 'allow' && !isCrisis(inbound, this.options.bundle())) {
      if (rate === 'drop') return { outcome: 'rate_limited', replies: [] }
      const lang = await rateLimitLang(inbound, store)
      return { outcome: 'rate_limited', replies: [this.reply(lang, 'error.rate_limited')] }
    }

    // One turn: lock (ordered by the message's time across processes), duplicate check, session, engine, critical
    // effects, then the new session and the "handled" mark saved together. A crash or a store failure before that
    // last step changes nothing, so a redelivery is handled again; a lead written before it is an idempotent upsert.
    const turn = await store.runTurn<TurnValue>(
      userKey,
      inbound.messageId,
      async (stored) => {
        const handoff = this.options.handoff
        const { inbound: input, session: previous } = handoff ? await handoff.prepare(inbound, stored) : { inbound, session: stored }
        // Read before the engine: it changes the stored session in place (below).
        const newConversation = startsConversation(stored, inbound.now)
        // The store decoded `stored` for this turn only (Store.runTurn): the engine changes it in place, no copy.
        const engineOptions = { handoff: handoff?.available ?? false, ownsSession: true }
        const engine = this.options.engine
        const result = engine
          ? await engine.run(previous, input, this.options.bundle(), engineOptions)
          : handleMessage(previous, input, this.options.bundle(), engineOptions)
        const failed = await this.runCritical(result.effects, inbound)
        // Keep the previous session (with every answer) so the user can simply try again (the store still has it).
        if (failed) return { value: { outcome: 'critical_failed', replies: failed, effects: [], newConversation } }
        return { value: { outcome: 'ok', replies: result.replies, effects: result.effects, newConversation }, commit: { session: result.session } }
      },
      {
        sessionTtlSeconds: this.sessionTtl,
        handledTtlSeconds: this.dedupeTtl,
        order: inbound.now,
        ...(this.options.lockWaitMs !== undefined ? { waitMs: this.options.lockWaitMs } : {}),
      },
    )
    if (turn.duplicate) {
      logger.debug({ user: userRef(userKey), channel: inbound.channel }, 'duplicate message dropped')
      return { outcome: 'duplicate', replies: [] }
    }
    this.runBestEffort(turn.value.effects, inbound)
    if (turn.value.outcome === 'ok') this.stats?.add(inbound.now, turnCounts(inbound, turn.value.effects, turn.value.newConversation))
    return { outcome: turn.value.outcome, replies: turn.value.replies }
  }

  /** Runs lead/report saves and deletions. Returns the fail replies of the first that failed, if any. */
  private async runCritical(effects: Effect[], inbound: Inbound): Promise<Reply[] | undefined> {
    const { store, logger, hooks } = this.options
    for (const effect of effects) {
      if (!('critical' in effect)) continue
      try {
        if (effect.type === 'saveLead') {
          await store.upsertLead(effect.lead)
          hooks?.onStored?.('lead', inbound)
          logger.info({ user: userRef(effect.lead.userKey), ref: effect.lead.ref }, 'lead saved')
        } else if (effect.type === 'saveReport') {
          await store.addReport(effect.report)
          hooks?.onStored?.('report', inbound)
          logger.info({ user: userRef(effect.report.userKey) }, 'recruiter report saved')
        } else if (effect.type === 'deleteUserData') {
          await this.options.handoff?.deleteUser(effect.userKey)
          const removed = await store.deleteUserData(effect.userKey)
          logger.info({ user: userRef(effect.userKey), leads: removed.leads, reports: removed.reports }, 'user data deleted on request')
        } else if (effect.type === 'openCase' || effect.type === 'caseMessage' || effect.type === 'leaveCase') {
          if (!this.options.handoff) throw new Error('no officers are configured')
          await this.options.handoff.runEffect(effect, inbound)
        }
      } catch (error) {
        logger.error({ err: loggable(error), effect: effect.type, user: userRef(userKeyOf(inbound)) }, 'critical effect failed; user asked to retry')
        return effect.failReplies
      }
    }
    return undefined
  }

  private runBestEffort(effects: Effect[], inbound: Inbound): void {
    const { store, logger, hooks } = this.options
    for (const effect of effects) {
      if (effect.type === 'event') hooks?.onEvent?.(effect, inbound)
      else if (effect.type === 'openCase' || effect.type === 'caseMessage' || effect.type === 'leaveCase') this.options.handoff?.afterCommit(effect, inbound)
      else if (effect.type === 'logUnanswered') {
        store
          .recordUnanswered(normalizeQuestion(effect.text, this.options.bundle()), effect.lang, new Date(inbound.now).toISOString(), userKeyOf(inbound))
          .catch((error: unknown) => logger.warn({ err: errorSummary(error) }, 'could not record an unanswered question'))
      }
    }
  }

  private reply(lang: Lang, key: string): Reply {
    return { text: renderText(this.options.bundle(), lang, key), key }
  }
}

/**
 * Unanswered questions are grouped by this form: personal details masked (numbers, e-mails, names, places: see
 * `maskQuestion`), lower-case, single spaces, no trailing punctuation.
 */
export function normalizeQuestion(text: string, bundle?: Bundle): string {
  return maskQuestion(text, bundle)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/[?!.]+$/, '')
    .trim()
}

/** An error as the logger's `err` serializer shows it (type, message, stack, cause); anything else as text. */
function loggable(error: unknown): Error | string {
  return error instanceof Error ? error : String(error)
}

function errorSummary(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`
  return String(error)
}
