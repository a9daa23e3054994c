/**
 * What the dashboard counts, and how a turn becomes counts. The gate calls `turnCounts` after a turn was
 * committed and adds the result to the store's per-day counters (`Store.addStats`, src/store/stats.ts); the
 * handoff service reports cases through `handoffStats`. The engine stays pure: it only emits events.
 *
 * | counter                          | counts                                                           |
 * | -------------------------------- | ---------------------------------------------------------------- |
 * | `conv:<channel>`                 | conversations: a user's first message, or the first after 30 min quiet |
 * | `msg:<channel>`                  | messages from users handled (not duplicates, not rate-limited)   |
 * | `lead`                           | lead forms submitted (a chat that submits again counts again)    |
 * | `lead:province:<name>`           | … by province (the label chosen from the content's list)         |
 * | `lead:interest:<id>`             | … by training interest (one per interest chosen)                 |
 * | `lead:destination:<id>`          | … by destination country                                         |
 * | `flow:<flow>:started/completed/abandoned` | forms begun, finished, left (stop, menu, retries out)   |
 * | `step:<flow>:<step>`             | questions reached: the funnel, step by step                      |
 * | `invalid:<flow>:<step>`          | answers that did not fit the question                            |
 * | `faq:answered/clarify/fallback`  | FAQ outcomes                                                     |
 * | `agency:<verdict>`               | agency checks by verdict (licensed, not_found, …)                |
 * | `emergency:<category>`           | crisis messages by category (content/crisis.yaml)                |
 * | `report`                         | recruiter reports submitted                                      |
 * | `handoff:opened/claimed/closed_by_user/closed_by_officer` | cases with officers                     |
 * | `handoff:first_reply`, `handoff:first_reply_ms` | first officer replies and the sum of their waits  |
 * | `handoff:first_reply_within:<minutes>` | first replies within 5, 15, 60, 240, 1440 minutes          |
 *
 * No counter holds personal data: only channel names, content ids, labels from the content's lists, verdicts
 * and categories.
 */
import type { Effect, Inbound, Session } from '../engine/types.ts'
import type { HandoffMetrics } from '../handoff/service.ts'
import type { Store } from '../store/types.ts'
import { addCounts, type DayCounts, statsDay, statsField } from '../store/stats.ts'

/** A message after this much quiet starts a new conversation. */
export const CONVERSATION_GAP_MS = 30 * 60_000

/** Buckets of the time to the first officer reply, in minutes. */
export const FIRST_REPLY_BUCKETS_MIN = [5, 15, 60, 240, 1440] as const

/** True when this message starts a conversation (no session, or the last message was long ago). */
export function startsConversation(previous: Session | undefined, now: number): boolean {
  return previous === undefined || now - previous.updatedAt >= CONVERSATION_GAP_MS
}

/** The counts of one committed turn of a user (system turns count nothing but their effects' events). */
export function turnCounts(inbound: Inbound, effects: readonly Effect[], newConversation: boolean): DayCounts {
  const counts: DayCounts = {}
  if (!inbound.system) {
    count(counts, 'msg', inbound.channel)
    if (newConversation) count(counts, 'conv', inbound.channel)
  }
  for (const effect of effects) {
    if (effect.type === 'saveLead') {
      const lead = effect.lead
      count(counts, 'lead')
      if (lead.province) count(counts, 'lead', 'province', lead.province)
      for (const interest of new Set(lead.interests)) count(counts, 'lead', 'interest', interest)
      if (lead.destination) count(counts, 'lead', 'destination', lead.destination)
    } else if (effect.type === 'saveReport') {
      count(counts, 'report')
    } else if (effect.type === 'event') {
      const flow = effect.flow ?? ''
      const step = effect.step ?? ''
      switch (effect.name) {
        case 'flow_started': count(counts, 'flow', flow, 'started'); break
        case 'flow_completed': count(counts, 'flow', flow, 'completed'); break
        case 'flow_abandoned': count(counts, 'flow', flow, 'abandoned'); break
        case 'step_shown': count(counts, 'step', flow, step); break
        case 'answer_invalid': count(counts, 'invalid', flow, step); break
        case 'faq_answered': count(counts, 'faq', 'answered'); break
        case 'faq_clarify': count(counts, 'faq', 'clarify'); break
        case 'faq_fallback': count(counts, 'faq', 'fallback'); break
        case 'faq_out_of_scope': count(counts, 'faq', 'out_of_scope'); break
        case 'faq_distress': count(counts, 'faq', 'distress'); break
        case 'emergency': count(counts, 'emergency', effect.detail ?? 'danger'); break
        case 'action': {
          const [action, outcome] = (effect.detail ?? '').split(':')
          if (action === 'agency_check' && outcome) count(counts, 'agency', outcome)
          break
        }
        default:
      }
    }
  }
  return counts
}

/** Adds 1 to the counter of the parts (a module function with fixed parameters: no closure or array per message). */
function count(counts: DayCounts, a: string, b?: string, c?: string, d?: string): void {
  const field = fieldOf(a, b, c, d)
  counts[field] = (counts[field] ?? 0) + 1
}

/** `statsField(...parts)`, remembered: the same few counters (channels, flows, steps) come up on every message. */
function fieldOf(a: string, b?: string, c?: string, d?: string): string {
  const raw = b === undefined ? a : c === undefined ? `${a}\u0001${b}` : d === undefined ? `${a}\u0001${b}\u0001${c}` : `${a}\u0001${b}\u0001${c}\u0001${d}`
  let field = fields.get(raw)
  if (field === undefined) {
    field = statsField(...[a, b, c, d].filter((part): part is string => part !== undefined))
    if (fields.size >= 5_000) fields.clear()
    fields.set(raw, field)
  }
  return field
}

const fields = new Map<string, string>()

/** Adds counts to the store for the day of `at`; a failure is only a warning (counts are best effort). */
export function recordCounts(store: Store, at: number, counts: DayCounts, warn: (message: string) => void): void {
  if (Object.keys(counts).length === 0) return
  store.addStats(statsDay(at), counts).catch((error: unknown) => {
    warn(`Could not add to the dashboard counters: ${error instanceof Error ? error.message : String(error)}`)
  })
}

/**
 * Counts gathered in memory and added to the store in one call per day every `flushMs` (default 1 s), so a busy
 * process adds one pipelined write a second instead of one per message. Each process adds only its own counts,
 * so the totals from several processes are right. `flush()` at shutdown (the gate's `drain`) keeps the last ones.
 */
export class StatsBuffer {
  readonly #pending = new Map<string, DayCounts>()
  readonly #timer: NodeJS.Timeout

  constructor(
    private readonly store: Store,
    private readonly warn: (message: string) => void,
    flushMs = 1_000,
  ) {
    this.#timer = setInterval(() => void this.flush(), flushMs)
    this.#timer.unref()
  }

  add(at: number, counts: Readonly<DayCounts>): void {
    for (const _ in counts) {
      this.#addTo(statsDay(at), counts)
      return
    }
  }

  #addTo(day: string, counts: Readonly<DayCounts>): void {
    this.#pending.set(day, addCounts(this.#pending.get(day) ?? {}, counts))
  }

  /** Adds what was gathered to the store; what cannot be added is kept for the next try. Never rejects. */
  async flush(): Promise<void> {
    const batch = [...this.#pending]
    this.#pending.clear()
    await Promise.all(
      batch.map(async ([day, counts]) => {
        try {
          await this.store.addStats(day, counts)
        } catch (error) {
          this.#addTo(day, counts)
          this.warn(`Could not add to the dashboard counters (will retry): ${error instanceof Error ? error.message : String(error)}`)
        }
      }),
    )
  }

  /** Stops the timer after a last flush. */
  async close(): Promise<void> {
    clearInterval(this.#timer)
    await this.flush()
  }
}

/** The handoff service's counters, kept in the store per day (see the table above). */
export function handoffStats(store: Store, warn: (message: string) => void, now: () => number = Date.now): HandoffMetrics {
  const count = (counts: DayCounts): void => recordCounts(store, now(), counts, warn)
  return {
    opened: () => count({ 'handoff:opened': 1 }),
    claimed: () => count({ 'handoff:claimed': 1 }),
    closed: (by) => count({ [by === 'user' ? 'handoff:closed_by_user' : 'handoff:closed_by_officer']: 1 }),
    firstReply: (ms) => {
      const counts: DayCounts = { 'handoff:first_reply': 1, 'handoff:first_reply_ms': Math.max(0, Math.round(ms)) }
      for (const minutes of FIRST_REPLY_BUCKETS_MIN) if (ms <= minutes * 60_000) counts[`handoff:first_reply_within:${minutes}`] = 1
      count(counts)
    },
  }
}

/** Several handoff counters as one (Prometheus and the store's). */
export function bothHandoffMetrics(...all: Array<HandoffMetrics | undefined>): HandoffMetrics {
  const present = all.filter((m): m is HandoffMetrics => m !== undefined)
  return {
    opened: () => present.forEach((m) => m.opened?.()),
    claimed: () => present.forEach((m) => m.claimed?.()),
    closed: (by) => present.forEach((m) => m.closed?.(by)),
    firstReply: (ms) => present.forEach((m) => m.firstReply?.(ms)),
  }
}
