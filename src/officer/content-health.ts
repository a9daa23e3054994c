/**
 * Content health for officers: the validator's problems (as `npm run validate` finds them in flows/ and content/,
 * without the conversation transcripts), the FAQ entries due for review, and "try a question": what the assistant
 * would answer to a first message, and why — the route (intent), the crisis verdict, the FAQ matcher's top
 * candidates with their scores, the replies, and the effects it *would* ask for.
 *
 * `tryQuestion` is pure: it runs the engine on a fresh session with the current bundle and touches no store —
 * no session, no unanswered-question log, no counters, no lead. The effects are only listed.
 */
import type { Bundle } from '../content/bundle.ts'
import { locator } from '../content/faq-locations.ts'
import { staleEntries, todayIso, type StaleEntry } from '../content/freshness.ts'
import { loadBundle, type LoadOptions } from '../content/load.ts'
import type { Problem } from '../content/problems.ts'
import { handleMessage } from '../engine/engine.ts'
import type { Lang } from '../engine/types.ts'

export interface ValidationReport {
  checkedAt: string
  ok: boolean
  errors: number
  warnings: number
  /** Errors first, then by file and position. */
  problems: Problem[]
  /** What loaded (when it loaded). */
  summary?: { flows: number; faq: number }
}

/** Validates the content files again (a full load: about a second of work; the caller caches). */
export function validateContent(options: LoadOptions, now: number): ValidationReport {
  const { bundle, problems } = loadBundle(options)
  const sorted = [...problems].sort(
    (a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1) || a.file.localeCompare(b.file) || a.line - b.line || a.col - b.col,
  )
  const errors = problems.filter((p) => p.severity === 'error').length
  return {
    checkedAt: new Date(now).toISOString(),
    ok: errors === 0,
    errors,
    warnings: problems.length - errors,
    problems: sorted,
    ...(bundle ? { summary: { flows: bundle.flows.size, faq: bundle.faq.entries.length } } : {}),
  }
}

/** FAQ entries of the current bundle due for review today (WIB), oldest review first, with where they are. */
export function staleFaq(bundle: Bundle, options: LoadOptions, now: number): StaleEntry[] {
  let locate: (id: string) => string = () => ''
  try {
    locate = locator(options.contentDir, options.baseDir)
  } catch {
    // The folder may be gone or unreadable: the list still shows, without places.
  }
  return staleEntries(bundle.faq.entries, todayIso(now), locate)
}

export interface TryResult {
  text: string
  /** The language the reply is in. */
  lang: Lang
  /** The router's intent for the text, if any (content/intents.yaml). */
  intent?: string
  /** Where the engine went: `routed` / `route_offered` events (flow, step, intent). */
  route: Array<{ event: string; flow?: string; step?: string; intent?: string }>
  /** The crisis detector's verdict: the category and matched phrase, or null. */
  crisis: { category: string; phrase: string; about: string; place: string } | null
  /** The FAQ matcher's decision and its best candidates. */
  faq: { kind: 'answer' | 'clarify' | 'none'; candidates: Array<{ id: string; question: string; score: number; p: number; bm25: number; coverage: number }> }
  /** Engine events (faq_answered, faq_fallback, emergency, …). */
  events: string[]
  replies: Array<{ text: string; key?: string; choices?: string[] }>
  /** What the assistant would ask the gate to do (nothing is done here). */
  effects: string[]
}

/** Longest question tried (the engine's own limits apply anyway). */
export const MAX_TRY_LENGTH = 1_000

/** What the assistant would answer to `text` as a first message, and why. Stores nothing. */
export function tryQuestion(bundle: Bundle, text: string, now: number, options: { handoff?: boolean; lang?: Lang } = {}): TryResult {
  const clean = text.slice(0, MAX_TRY_LENGTH)
  const inbound = { channel: 'console', userId: 'try', messageId: `try-${now}`, text: clean, now, ...(options.lang ? { lang: options.lang } : {}) }
  const result = handleMessage(undefined, inbound, bundle, { handoff: options.handoff ?? false })
  const events = result.effects.flatMap((e) => (e.type === 'event' ? [e] : []))
  const crisis = bundle.crisis.detect(clean)
  const explanation = bundle.faq.index.explain(clean)
  const intent = bundle.router?.route(clean).intent
  return {
    text: clean,
    lang: result.session?.lang ?? options.lang ?? 'id',
    ...(intent ? { intent } : {}),
    route: events
      .filter((e) => e.name === 'routed' || e.name === 'route_offered')
      .map((e) => ({ event: e.name, ...(e.flow ? { flow: e.flow } : {}), ...(e.step ? { step: e.step } : {}), ...(e.detail ? { intent: e.detail } : {}) })),
    crisis: crisis ? { category: crisis.category, phrase: crisis.phrase, about: crisis.about, place: crisis.place } : null,
    faq: {
      kind: explanation.result.kind,
      candidates: explanation.candidates.slice(0, 5).map((c) => ({
        id: c.id,
        question: bundle.faq.byId.get(c.id)?.q.id?.[0] ?? bundle.faq.byId.get(c.id)?.q.en?.[0] ?? '',
        score: round(c.score),
        p: round(c.p),
        bm25: round(c.bm25),
        coverage: round(c.coverage),
      })),
    },
    events: events.map((e) => (e.detail ? `${e.name} (${e.detail})` : e.name)),
    replies: result.replies.map((r) => ({ text: r.text, ...(r.key ? { key: r.key } : {}), ...(r.choices ? { choices: r.choices.map((c) => c.label) } : {}) })),
    effects: result.effects.filter((e) => e.type !== 'event').map((e) => e.type),
  }
}

const round = (x: number): number => Math.round(x * 1000) / 1000
