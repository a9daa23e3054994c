/**
 * Human handoff: cases with officers, from the user's side (the gate's effects) and the officers' side (the
 * officer API and the Telegram officer group call `claim`, `reply`, `close`).
 *
 *   user asks, agrees ─▶ engine: openCase ─▶ gate ─▶ here: case stored ─▶ officers told (bus ▶ officer group)
 *   user writes       ─▶ engine: caseMessage (silent) ─▶ appended ─▶ officers told
 *   officer replies   ─▶ here: appended, audited ─▶ a system turn through the gate (the user's order, exactly once)
 *                        ─▶ replies ─▶ bus ▶ the process that has the user's channel sends them
 *   officer closes    ─▶ closed, audited ─▶ system turn: the session's flag cleared, the user told, the menu
 *
 * Every process hears every bus event; the one that can act (it has the channel or the officer group) claims the
 * event in the store (`markSeen`) and acts once. A periodic sweep (one process at a time, by a lease) reminds
 * users and officers of cases without an officer reply after `remindAfterMs`.
 */
import { randomUUID } from 'node:crypto'
import type { GateHandoff, HandoffEffect } from '../gate/gate.ts'
import type { Inbound, Reply, Session } from '../engine/types.ts'
import { userRef, type Logger } from '../logger.ts'
import type { Store } from '../store/types.ts'
import type { HandoffBus, HandoffEvent, OfficerNotice } from './bus.ts'
import { CaseStore, type CaseStatus, type HandoffCase } from './cases.ts'

/** Sends replies to a user of one channel (Telegram, WhatsApp). Rejects when they could not be sent. */
export interface UserSender {
  send(userId: string, replies: Reply[]): Promise<void>
}

/** Where officers are told about cases (the Telegram officer group). */
export interface OfficerDesk {
  notify(notice: OfficerNotice): Promise<void>
}

/** Counters for `src/ops/metrics.ts`. */
export interface HandoffMetrics {
  opened?(): void
  claimed?(): void
  closed?(by: 'officer' | 'user'): void
  firstReply?(ms: number): void
}

/** The part of the gate the service uses: system turns. */
export interface SystemTurns {
  handleSystem(inbound: Inbound): Promise<Reply[]>
}

export interface HandoffOptions {
  store: Store
  logger: Logger
  bus: HandoffBus
  /** Officers can be reached: an officer group or officer API tokens are configured. */
  available: boolean
  /** A case without an officer reply this long tells the user again and alerts officers. Default 30 min. */
  remindAfterMs?: number
  /** Per channel: how long after the user's last message an officer may still write (WhatsApp Cloud: 24 h). */
  replyWindowMs?: Readonly<Record<string, number>>
  now?: () => number
  metrics?: HandoffMetrics
}

export type OfficerVia = 'api' | 'telegram' | 'console'

export type ActionError =
  | { error: 'not_found'; message: string }
  | { error: 'closed'; message: string }
  | { error: 'outside_window'; message: string }
  | { error: 'invalid'; message: string }
  | { error: 'unavailable'; message: string }

export type ActionResult = { ok: true; case: HandoffCase } | ({ ok: false } & ActionError)

/** Longest officer message accepted; channels split it into messages of their size. */
export const MAX_OFFICER_TEXT = 20_000
const CLAIM_TTL_SECONDS = 3 * 24 * 3600
const SWEEP_LEASE = 'handoff-sweep'

export class HandoffService {
  readonly cases: CaseStore
  readonly available: boolean
  /** What the gate calls (`GateOptions.handoff`). */
  readonly gateHooks: GateHandoff
  readonly #options: HandoffOptions
  readonly #log: Logger
  readonly #now: () => number
  readonly #senders = new Map<string, UserSender>()
  readonly #listeners = new Set<(notice: OfficerNotice) => void>()
  readonly #owner = randomUUID()
  #desk: OfficerDesk | undefined
  #turns: SystemTurns | undefined
  #timer: NodeJS.Timeout | undefined
  /** Work started from bus events, awaited by `idle()` (tests) and `close()`. */
  readonly #pending = new Set<Promise<void>>()

  constructor(options: HandoffOptions) {
    this.#options = options
    this.cases = new CaseStore(options.store)
    this.available = options.available
    this.#log = options.logger.child({ component: 'handoff' })
    this.#now = options.now ?? Date.now
    this.gateHooks = {
      available: options.available,
      prepare: (inbound, session) => this.#prepare(inbound, session),
      runEffect: (effect) => this.#runEffect(effect),
      afterCommit: (effect) => this.#afterCommit(effect),
      deleteUser: (userKey) => this.#deleteUser(userKey),
    }
    options.bus.subscribe((event) => this.#track(this.#onEvent(event)))
  }

  /** The gate that runs system turns (made after this service, which the gate takes as its `handoff`). */
  attach(turns: SystemTurns): void {
    this.#turns = turns
  }

  /** A channel that can send to its users (`telegram`, `whatsapp`). */
  registerSender(channel: string, sender: UserSender): void {
    this.#senders.set(channel, sender)
  }

  /** The Telegram officer group. */
  registerDesk(desk: OfficerDesk): void {
    this.#desk = desk
  }

  /** Hears every officer notice in this process (a console's live updates). Returns the way to stop. */
  onNotice(listener: (notice: OfficerNotice) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  // ── the user's side (the gate) ────────────────────────────────────────────────────────────────

  async #prepare(inbound: Inbound, session: Session | undefined): Promise<{ inbound: Inbound; session: Session | undefined }> {
    const system = inbound.system
    if (system?.kind === 'handoff_reply') {
      const found = await this.cases.get(system.caseId)
      return { inbound: { ...inbound, system: { ...system, open: !!found && found.status !== 'closed' } }, session }
    }
    // A session that expired while the user's case stayed open: the user is still with the officer.
    if (!system && !session) {
      const open = await this.cases.openCaseOf(`${inbound.channel}:${inbound.userId}`)
      if (open) {
        const restored: Session = { v: 1, lang: open.lang, createdAt: inbound.now, updatedAt: inbound.now, handoff: { caseId: open.id, ref: open.ref, since: open.openedAt } }
        return { inbound, session: restored }
      }
    }
    // A case closed while the user's turn for it failed (or deleted): the user is not left in silence.
    if (!system && session?.handoff) {
      const found = await this.cases.get(session.handoff.caseId)
      if (!found || found.status === 'closed') {
        const { handoff: _closed, ...rest } = session
        return { inbound, session: rest }
      }
    }
    return { inbound, session }
  }

  async #runEffect(effect: HandoffEffect): Promise<void> {
    if (effect.type === 'openCase') {
      await this.cases.open(effect.case)
    } else if (effect.type === 'caseMessage') {
      await this.cases.append(effect.caseId, { id: effect.messageId, from: 'user', text: effect.text, at: effect.at }, { lastUserAt: effect.at })
    } else {
      await this.cases.change(effect.caseId, async (found) => {
        if (!found || found.status === 'closed') return { value: undefined }
        return { value: undefined, save: { ...found, status: 'closed' as const, closedAt: effect.at, closedBy: 'user' } }
      })
      await this.cases.forgetOpen(effect.userKey, effect.caseId)
    }
  }

  #afterCommit(effect: HandoffEffect): void {
    const work = async (): Promise<void> => {
      const caseId = effect.type === 'openCase' ? effect.case.id : effect.caseId
      const found = await this.cases.get(caseId)
      if (!found) return
      if (effect.type === 'openCase') {
        this.#options.metrics?.opened?.()
        this.#log.info({ case: found.ref, user: userRef(found.userKey), channel: found.channel }, 'handoff: case opened')
        await this.#notify({ kind: 'opened', case: found })
      } else if (effect.type === 'caseMessage') {
        const message = found.messages.find((m) => m.id === effect.messageId)
        if (message) await this.#notify({ kind: 'message', case: found, message })
      } else {
        this.#options.metrics?.closed?.('user')
        this.#log.info({ case: found.ref }, 'handoff: the user left the case')
        await this.#notify({ kind: 'closed', case: found, by: 'user' })
      }
    }
    this.#track(work().catch((error: unknown) => this.#log.warn({ err: describe(error) }, 'handoff: could not tell officers')))
  }

  async #deleteUser(userKey: string): Promise<void> {
    const deleted = await this.cases.deleteForUser(userKey)
    for (const found of deleted) {
      this.#log.info({ case: found.ref }, 'handoff: case deleted at the user\'s request')
      this.#track(this.#notify({ kind: 'deleted', case: found }).catch(() => undefined))
    }
  }

  // ── the officers' side ─────────────────────────────────────────────────────────────────────────

  /** Cases for officers, newest first. */
  async list(officer: string, via: OfficerVia, status?: CaseStatus | 'active'): Promise<HandoffCase[]> {
    await this.cases.audit({ officer, action: 'list', via }, this.#now())
    return this.cases.list(status)
  }

  /** One case with its transcript (the view is audited). */
  async view(caseId: string, officer: string, via: OfficerVia): Promise<ActionResult> {
    const found = await this.cases.get(caseId)
    if (!found) return notFound(caseId)
    await this.cases.audit({ officer, action: 'view', caseId, via }, this.#now())
    return { ok: true, case: found }
  }

  async claim(caseId: string, officer: string, via: OfficerVia): Promise<ActionResult> {
    const now = this.#now()
    const result = await this.#changeActive(caseId, (found) => ({ ...found, status: 'claimed', claimedBy: officer, claimedAt: now }))
    if (!result.ok) return result
    await this.cases.audit({ officer, action: 'claim', caseId, via }, now)
    this.#options.metrics?.claimed?.()
    this.#log.info({ case: result.case.ref, officer }, 'handoff: case claimed')
    await this.#notify({ kind: 'claimed', case: result.case, officer })
    return result
  }

  /**
   * An officer's message to the user. Refused for an unknown or closed case and, on WhatsApp Cloud, when the user's
   * last message is more than 24 hours old (the user must write first). An open case is claimed by the replier.
   */
  async reply(caseId: string, officer: string, text: string, via: OfficerVia): Promise<ActionResult> {
    const clean = text.replace(/\r\n?/g, '\n').trim()
    if (!clean) return { ok: false, error: 'invalid', message: 'The reply is empty: send {"text": "..."} with the message for the user.' }
    if (clean.length > MAX_OFFICER_TEXT) return { ok: false, error: 'invalid', message: `The reply is longer than ${MAX_OFFICER_TEXT} characters; split it.` }
    if (!this.#turns) return { ok: false, error: 'unavailable', message: 'The assistant is starting; try again in a moment.' }
    const now = this.#now()
    const message = { id: `o-${randomUUID()}`, from: 'officer' as const, officer, text: clean, at: now }
    let first = false
    const result = await this.cases.change<ActionResult>(caseId, async (found) => {
      if (!found) return { value: notFound(caseId) }
      if (found.status === 'closed') return { value: closed(found) }
      const window = this.#options.replyWindowMs?.[found.channel]
      if (window !== undefined && now - found.lastUserAt >= window) {
        return {
          value: {
            ok: false,
            error: 'outside_window',
            message: `The user's last message is more than ${Math.round(window / 3_600_000)} hours old: WhatsApp allows no free message now. The user must write first; the reply was not sent.`,
          },
        }
      }
      first = found.firstReplyAt === undefined
      const next: HandoffCase = {
        ...found,
        ...(found.status === 'open' ? { status: 'claimed' as const, claimedBy: officer, claimedAt: now } : {}),
        ...(first ? { firstReplyAt: now } : {}),
        messages: [...found.messages, message],
      }
      return { value: { ok: true, case: next }, save: next }
    })
    if (!result.ok) return result
    const found = result.case
    await this.cases.audit({ officer, action: 'reply', caseId, via }, now)
    if (first) this.#options.metrics?.firstReply?.(now - found.openedAt)
    const turn = this.#systemInbound(found, message.id, { kind: 'handoff_reply', caseId, ref: found.ref, text: clean })
    if (!(await this.#runSystemTurn(found, message.id, turn))) {
      return { ok: false, error: 'unavailable', message: 'The reply is in the case but could not be sent now (the store is busy). Send it again in a minute.' }
    }
    if (via !== 'telegram') await this.#notify({ kind: 'replied', case: found, message, via })
    return result
  }

  /** Ends a case: the user is told and handed back to the assistant (through a turn of the user). */
  async close(caseId: string, officer: string, via: OfficerVia): Promise<ActionResult> {
    if (!this.#turns) return { ok: false, error: 'unavailable', message: 'The assistant is starting; try again in a moment.' }
    const now = this.#now()
    const result = await this.#changeActive(caseId, (found) => ({ ...found, status: 'closed', closedAt: now, closedBy: officer }))
    if (!result.ok) return result
    await this.cases.forgetOpen(result.case.userKey, caseId)
    await this.cases.audit({ officer, action: 'close', caseId, via }, now)
    this.#options.metrics?.closed?.('officer')
    this.#log.info({ case: result.case.ref, officer }, 'handoff: case closed')
    // When this turn cannot run now, the user's next message finds the case closed and gets the assistant.
    await this.#runSystemTurn(result.case, `close-${caseId}`, this.#systemInbound(result.case, `close-${caseId}`, { kind: 'handoff_closed', caseId }))
    await this.#notify({ kind: 'closed', case: result.case, by: officer })
    return result
  }

  /** Changes a case that is not closed; an unknown or closed case is an error. */
  async #changeActive(caseId: string, update: (found: HandoffCase) => HandoffCase): Promise<ActionResult> {
    return this.cases.change<ActionResult>(caseId, async (found) => {
      if (!found) return { value: notFound(caseId) }
      if (found.status === 'closed') return { value: closed(found) }
      const next = update(found)
      return { value: { ok: true, case: next }, save: next }
    })
  }

  /** A case by its reference (`MA-7K3F9Q`), for officers who type it. */
  async findByRef(ref: string): Promise<HandoffCase | undefined> {
    const wanted = ref.trim().toUpperCase()
    return (await this.cases.list()).find((c) => c.ref === wanted)
  }

  // ── reminders ──────────────────────────────────────────────────────────────────────────────────

  /** Starts the periodic sweep (every `everyMs`, default a quarter of the reminder time, at most a minute). */
  start(everyMs?: number): void {
    if (this.#timer || !this.available) return
    const every = everyMs ?? Math.max(1_000, Math.min(60_000, Math.floor(this.remindAfterMs / 4)))
    this.#timer = setInterval(() => this.#track(this.sweep(every * 3).then(() => undefined, (error: unknown) => this.#log.warn({ err: describe(error) }, 'handoff: sweep failed'))), every)
    this.#timer.unref()
  }

  get remindAfterMs(): number {
    return this.#options.remindAfterMs ?? 30 * 60_000
  }

  /**
   * Reminds the user and alerts officers, once per case, when no officer replied within `remindAfterMs`. One process
   * sweeps at a time (a lease). Resolves how many cases were reminded.
   */
  async sweep(leaseMs = 60_000): Promise<number> {
    if (!this.#turns) return 0
    if (!(await this.#options.store.acquireLease(SWEEP_LEASE, this.#owner, leaseMs))) return 0
    const now = this.#now()
    let reminded = 0
    for (const waiting of await this.cases.list('active')) {
      if (waiting.firstReplyAt !== undefined || waiting.remindedAt !== undefined || now - waiting.openedAt < this.remindAfterMs) continue
      const marked = await this.cases.change<HandoffCase | undefined>(waiting.id, async (found) => {
        if (!found || found.status === 'closed' || found.firstReplyAt !== undefined || found.remindedAt !== undefined) return { value: undefined }
        const next = { ...found, remindedAt: now }
        return { value: next, save: next }
      })
      if (!marked) continue
      reminded++
      const id = `remind-${marked.id}`
      const window = this.#options.replyWindowMs?.[marked.channel]
      if (window === undefined || now - marked.lastUserAt < window) {
        await this.#runSystemTurn(marked, id, this.#systemInbound(marked, id, { kind: 'handoff_remind', caseId: marked.id }))
      }
      await this.#notify({ kind: 'reminder', case: marked, waitedMs: now - marked.openedAt })
    }
    return reminded
  }

  /** Resolves when the work started so far (deliveries, notices) is done. */
  async idle(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending])
  }

  /** Stops the sweep, finishes deliveries under way, closes the bus. */
  async shutdown(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer)
    this.#timer = undefined
    await this.idle()
    await this.#options.bus.close()
  }

  // ── fan-out ────────────────────────────────────────────────────────────────────────────────────

  #systemInbound(found: HandoffCase, messageId: string, system: NonNullable<Inbound['system']>): Inbound {
    return { channel: found.channel, userId: found.userId, messageId: `handoff:${messageId}`, now: this.#now(), system }
  }

  /** Runs a turn for the user and sends its replies. Resolves false when the turn could not run (logged). */
  async #runSystemTurn(found: HandoffCase, id: string, inbound: Inbound): Promise<boolean> {
    let replies: Reply[]
    try {
      replies = await this.#turns!.handleSystem(inbound)
    } catch (error) {
      this.#log.error({ err: describe(error), case: found.ref }, 'handoff: the turn for the user did not run')
      return false
    }
    await this.#deliver(found, id, replies)
    return true
  }

  async #deliver(found: HandoffCase, id: string, replies: Reply[]): Promise<void> {
    if (replies.length === 0) return
    await this.#publish({ kind: 'deliver', id: `deliver:${found.id}:${id}`, channel: found.channel, userId: found.userId, replies })
  }

  async #notify(notice: OfficerNotice): Promise<void> {
    await this.#publish({ kind: 'notice', id: `notice:${notice.case.id}:${notice.kind}:${randomUUID()}`, notice })
  }

  /** Publishes on the bus; when the bus is down, acts here (this process may have the channel). */
  async #publish(event: HandoffEvent): Promise<void> {
    try {
      await this.#options.bus.publish(event)
    } catch (error) {
      this.#log.warn({ err: describe(error), kind: event.kind }, 'handoff: the bus is down; acting in this process')
      await this.#onEvent(event)
    }
  }

  async #onEvent(event: HandoffEvent): Promise<void> {
    try {
      if (event.kind === 'deliver') {
        const sender = this.#senders.get(event.channel)
        if (!sender || !(await this.#claim(event.id))) return
        await sender.send(event.userId, event.replies)
        return
      }
      for (const listener of this.#listeners) listener(event.notice)
      if (this.#desk && (await this.#claim(event.id))) await this.#desk.notify(event.notice)
    } catch (error) {
      const user = event.kind === 'deliver' ? userRef(`${event.channel}:${event.userId}`) : undefined
      this.#log.error({ err: describe(error), kind: event.kind, user }, 'handoff: could not deliver')
    }
  }

  async #claim(id: string): Promise<boolean> {
    return this.#options.store.markSeen(`handoff:${id}`, CLAIM_TTL_SECONDS)
  }

  #track(work: Promise<void>): void {
    this.#pending.add(work)
    void work.finally(() => this.#pending.delete(work))
  }
}

function notFound(caseId: string): ActionResult {
  return { ok: false, error: 'not_found', message: `No case "${caseId}": it was closed and deleted at the user's request, or the id is wrong.` }
}

function closed(found: HandoffCase): ActionResult {
  return { ok: false, error: 'closed', message: `Case ${found.ref} is closed; nothing was sent. The user can ask for an officer again.` }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error)
}
