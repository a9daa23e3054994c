/**
 * The officer dashboard's query under load (`npm run bench`): a year of per-day counters holding 10,000 leads
 * and 100,000 messages (with their conversations, FAQ outcomes, form steps, agency checks, emergencies and
 * handoffs, spread over the days, provinces, interests and destinations of the real content), then the time of
 * `loadDashboard` — the store read, the shaping and the JSON the page fetches — for the last 30 and 365 days,
 * median and worst of several runs, on each store. The goal: under 1 s.
 */
import type { Bundle } from '../content/bundle.ts'
import { loadDashboard } from '../officer/dashboard-data.ts'
import { addCounts, addDays, type DayCounts, statsDay } from '../store/stats.ts'
import type { Store } from '../store/types.ts'
import { seededRandom } from '../understanding/seeded-random.ts'
import { percentile } from './load.ts'

export interface DashboardBenchResult {
  leads: number
  messages: number
  days: number
  /** Counter fields stored (summed over the days). */
  fields: number
  results: Array<{ store: string; range_days: number; median_ms: number; max_ms: number; json_kb: number }>
}

/** The counters of `leads` leads and `messages` messages over `days` days ending `today`, per day. */
export function syntheticCounters(bundle: Bundle, options: { leads: number; messages: number; days: number; today: string }): Map<string, DayCounts> {
  const rnd = seededRandom(15)
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!
  const dayOf = (): string => addDays(options.today, -Math.floor(rnd() * options.days))
  const byDay = new Map<string, DayCounts>()
  const add = (day: string, counts: DayCounts): void => {
    byDay.set(day, addCounts(byDay.get(day) ?? {}, counts))
  }
  const channels = ['whatsapp', 'telegram', 'web']
  const provinces = bundle.regions.provinces().map((p) => p.name)
  const interests = bundle.trainings.map((t) => t.id)
  const countries = bundle.countries.map((c) => c.id)
  const training = bundle.flows.get('training')
  const steps = training ? training.steps.filter((s) => 'ask' in s).map((s) => s.id) : ['ask_name']
  const verdicts = ['licensed', 'not_found', 'expired', 'revoked', 'ambiguous']
  const categories = ['violence', 'trafficking', 'self_harm', 'documents_taken', 'danger']

  for (let i = 0; i < options.messages; i++) {
    const day = dayOf()
    const channel = pick(channels)
    const counts: DayCounts = { [`msg:${channel}`]: 1 }
    if (rnd() < 0.2) counts[`conv:${channel}`] = 1
    const r = rnd()
    if (r < 0.2) counts['faq:answered'] = 1
    else if (r < 0.25) counts['faq:clarify'] = 1
    else if (r < 0.3) counts['faq:fallback'] = 1
    else if (r < 0.33) counts[`agency:${pick(verdicts)}`] = 1
    else if (r < 0.335) counts[`emergency:${pick(categories)}`] = 1
    else if (r < 0.34) Object.assign(counts, { 'handoff:opened': 1, 'handoff:closed_by_officer': 1, 'handoff:first_reply': 1, 'handoff:first_reply_ms': Math.floor(rnd() * 3_600_000), 'handoff:first_reply_within:60': 1 })
    add(day, counts)
  }
  for (let i = 0; i < options.leads; i++) {
    const day = dayOf()
    const counts: DayCounts = { lead: 1, 'flow:training:started': 1, 'flow:training:completed': 1, [`lead:province:${pick(provinces)}`]: 1, [`lead:destination:${pick(countries)}`]: 1 }
    for (const interest of new Set([pick(interests), pick(interests)])) counts[`lead:interest:${interest}`] = 1
    for (const step of steps) counts[`step:training:${step}`] = 1
    add(day, counts)
    // Someone who started the form and left it somewhere.
    const left = Math.floor(rnd() * steps.length)
    add(day, { 'flow:training:started': 1, 'flow:training:abandoned': 1, ...Object.fromEntries(steps.slice(0, left + 1).map((s) => [`step:training:${s}`, 1])) })
  }
  return byDay
}

/** Stores the counters in each store, then times the dashboard query for 30 and 365 days (`runs` each). */
export async function benchDashboard(
  bundle: Bundle,
  stores: ReadonlyArray<{ name: string; store: Store }>,
  options: { leads?: number; messages?: number; runs?: number; now?: number } = {},
): Promise<DashboardBenchResult> {
  const leads = options.leads ?? 10_000
  const messages = options.messages ?? 100_000
  const days = 365
  const today = statsDay(options.now ?? Date.now())
  const counters = syntheticCounters(bundle, { leads, messages, days, today })
  const results: DashboardBenchResult['results'] = []
  for (const { name, store } of stores) {
    for (const [day, counts] of counters) await store.addStats(day, counts)
    for (const range of [30, days]) {
      const from = addDays(today, 1 - range)
      const times: number[] = []
      let json = ''
      for (let run = 0; run < (options.runs ?? 7); run++) {
        const started = performance.now()
        json = JSON.stringify(await loadDashboard(store, bundle, from, today))
        times.push(performance.now() - started)
      }
      times.sort((a, b) => a - b)
      results.push({ store: name, range_days: range, median_ms: round(percentile(times, 0.5)), max_ms: round(times.at(-1)!), json_kb: Math.round(json.length / 102.4) / 10 })
    }
  }
  const fields = [...counters.values()].reduce((total, counts) => total + Object.keys(counts).length, 0)
  return { leads, messages, days, fields, results }
}

const round = (ms: number): number => Math.round(ms * 100) / 100
