/**
 * The officer dashboard's numbers: the store's per-day counters (src/ops/stats.ts names them) over a date range,
 * shaped for charts — one series per channel, totals by province / interest / destination with the content's
 * labels, each form's funnel in the order of its questions with the drop-off between them, FAQ outcomes per
 * day, agency checks by verdict, emergencies by category, handoffs and the time to the first officer reply.
 *
 * `dashboardData` is pure (counters in, JSON out); `loadDashboard` reads the store. The JSON is what
 * `GET /console/api/dashboard?from=…&to=…` answers and what the page draws.
 */
import type { Bundle } from '../content/bundle.ts'
import { pick, renderText } from '../engine/text.ts'
import type { Lang } from '../engine/types.ts'
import { FIRST_REPLY_BUCKETS_MIN } from '../ops/stats.ts'
import { addDays, daysInRange, statsDay, type StatsByDay } from '../store/stats.ts'
import type { Store } from '../store/types.ts'

/** A labelled total (a bar of a bar chart). */
export interface Total {
  key: string
  label: string
  count: number
}

/** One question of a form: how many reached it, and how many of those did not reach the next one. */
export interface FunnelStep {
  step: string
  reached: number
  /** Reached this step but not the next (for the last step: not the end of the form). */
  dropOff: number
}

export interface Funnel {
  flow: string
  label: string
  started: number
  completed: number
  abandoned: number
  steps: FunnelStep[]
}

export interface DashboardData {
  from: string
  to: string
  /** Every day of the range; every series below has one number per day, in this order. */
  days: string[]
  conversations: Record<string, number[]>
  messages: Record<string, number[]>
  totals: { conversations: number; messages: number; leads: number; reports: number; emergencies: number; faq: number }
  leads: { perDay: number[]; byProvince: Total[]; byInterest: Total[]; byDestination: Total[] }
  funnels: Funnel[]
  faq: { answered: number[]; clarify: number[]; fallback: number[] }
  agency: Total[]
  emergencies: Total[]
  handoff: {
    opened: number[]
    closed: number[]
    firstReplies: number
    /** Mean minutes from a case opened to the first officer reply, or null without replies. */
    meanFirstReplyMinutes: number | null
    /** First replies within 5, 15, 60, 240 and 1440 minutes. */
    within: Total[]
  }
}

/** Agency verdicts as officers read them (src/knowledge/agencies.ts). */
const VERDICTS: Record<string, { id: string; en: string }> = {
  licensed: { id: 'berizin', en: 'licensed' },
  suspended: { id: 'dibekukan', en: 'suspended' },
  revoked: { id: 'dicabut', en: 'revoked' },
  expired: { id: 'izin habis', en: 'expired' },
  ambiguous: { id: 'beberapa cocok', en: 'ambiguous' },
  not_found: { id: 'tidak ada di daftar', en: 'not in the list' },
  no_registry: { id: 'belum ada daftar', en: 'no registry' },
}

/** The default range: the last 30 days up to today (WIB). */
export function defaultRange(now: number): { from: string; to: string } {
  const to = statsDay(now)
  return { from: addDays(to, -29), to }
}

/** Reads the range's counters and shapes them. Rejects with a `RangeError` (a sentence) for a bad range. */
export async function loadDashboard(store: Store, bundle: Bundle, from: string, to: string, lang: Lang = 'id'): Promise<DashboardData> {
  const days = daysInRange(from, to)
  return dashboardData(await store.readStats(from, to), days, bundle, lang)
}


/** Shapes the counters of `days` for the dashboard (see the module comment). */
export function dashboardData(stats: StatsByDay, days: readonly string[], bundle: Bundle, lang: Lang = 'id'): DashboardData {
  const series = (field: string): number[] => days.map((day) => stats[day]?.[field] ?? 0)
  const sum = (field: string): number => days.reduce((total, day) => total + (stats[day]?.[field] ?? 0), 0)
  // Every counter name seen in the range, with its total.
  const totals = new Map<string, number>()
  for (const day of days) for (const [field, count] of Object.entries(stats[day] ?? {})) totals.set(field, (totals.get(field) ?? 0) + count)
  const withPrefix = (prefix: string): Array<[string, number]> =>
    [...totals].filter(([field]) => field.startsWith(prefix)).map(([field, count]) => [field.slice(prefix.length), count])
  const ranked = (prefix: string, label: (key: string) => string = (key) => key): Total[] =>
    withPrefix(prefix)
      .filter(([, count]) => count > 0)
      .map(([key, count]) => ({ key, label: label(key), count }))
      .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label))
  const byChannel = (kind: string): Record<string, number[]> =>
    Object.fromEntries(withPrefix(`${kind}:`).map(([channel]) => [channel, series(`${kind}:${channel}`)]).sort(([a], [b]) => String(a).localeCompare(String(b))))

  const training = new Map(bundle.trainings.map((t) => [t.id, pick(t.label, lang)]))
  const country = new Map(bundle.countries.map((c) => [c.id, pick(c.label, lang)]))
  const firstReplies = sum('handoff:first_reply')

  return {
    from: days[0] ?? '',
    to: days[days.length - 1] ?? '',
    days: [...days],
    conversations: byChannel('conv'),
    messages: byChannel('msg'),
    totals: {
      conversations: withPrefix('conv:').reduce((t, [, c]) => t + c, 0),
      messages: withPrefix('msg:').reduce((t, [, c]) => t + c, 0),
      leads: sum('lead'),
      reports: sum('report'),
      emergencies: withPrefix('emergency:').reduce((t, [, c]) => t + c, 0),
      faq: sum('faq:answered') + sum('faq:clarify') + sum('faq:fallback'),
    },
    leads: {
      perDay: series('lead'),
      byProvince: ranked('lead:province:'),
      byInterest: ranked('lead:interest:', (id) => training.get(id) ?? id),
      byDestination: ranked('lead:destination:', (id) => country.get(id) ?? id),
    },
    funnels: funnels(totals, bundle, lang),
    faq: { answered: series('faq:answered'), clarify: series('faq:clarify'), fallback: series('faq:fallback') },
    agency: ranked('agency:', (verdict) => (VERDICTS[verdict] ? pick(VERDICTS[verdict], lang) : verdict)),
    emergencies: ranked('emergency:'),
    handoff: {
      opened: series('handoff:opened'),
      closed: days.map((day) => (stats[day]?.['handoff:closed_by_officer'] ?? 0) + (stats[day]?.['handoff:closed_by_user'] ?? 0)),
      firstReplies,
      meanFirstReplyMinutes: firstReplies > 0 ? Math.round((sum('handoff:first_reply_ms') / firstReplies / 60_000) * 10) / 10 : null,
      within: FIRST_REPLY_BUCKETS_MIN.map((minutes) => ({ key: String(minutes), label: minutes < 60 ? `≤ ${minutes} min` : `≤ ${minutes / 60} h`, count: sum(`handoff:first_reply_within:${minutes}`) })),
    },
  }
}

/** Each flow with questions reached in the range, its questions in the flow's order. */
function funnels(totals: ReadonlyMap<string, number>, bundle: Bundle, lang: Lang): Funnel[] {
  const result: Funnel[] = []
  for (const flow of bundle.flows.values()) {
    const at = (field: string): number => totals.get(field) ?? 0
    const steps = flow.steps.filter((step) => 'ask' in step && at(`step:${flow.id}:${step.id}`) > 0).map((step) => step.id)
    const started = at(`flow:${flow.id}:started`)
    if (steps.length === 0 && started === 0) continue
    const completed = at(`flow:${flow.id}:completed`)
    const reached = steps.map((step) => at(`step:${flow.id}:${step}`))
    result.push({
      flow: flow.id,
      label: flow.title === undefined ? flow.id : renderText(bundle, lang, flow.title),
      started,
      completed,
      abandoned: at(`flow:${flow.id}:abandoned`),
      steps: steps.map((step, index) => ({ step, reached: reached[index]!, dropOff: Math.max(0, reached[index]! - (reached[index + 1] ?? completed)) })),
    })
  }
  return result.sort((a, b) => b.started - a.started || a.flow.localeCompare(b.flow))
}
