/**
 * Routing evaluation (`npm run eval`): labelled first messages (`test/eval/routing-*.yaml`, each item
 * `{ q, intent, company?, license?, interest?, destination?, lang }`) classified exactly as the engine treats a first
 * message: emergency → commands → intents (content/intents.yaml) → FAQ or out of scope. Prints intent accuracy,
 * entity exact match, both per language, and the time per message.
 *
 * Entities are compared as the issue asks: the company case-insensitively, spaces collapsed, without PT/CV/LPK; the
 * licence as typed, trimmed; interests as a set of training ids; the destination as a country id. Only the fields of
 * the labelled intent count (company and licence for agency_check and report_recruiter; interest and destination for
 * training_interest), and a field the label leaves out must be absent.
 */
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import type { Bundle } from '../content/bundle.ts'
import { commandKey } from '../content/keys.ts'
import { sanitizeInput } from '../engine/engine.ts'
import type { Lang } from '../engine/types.ts'
import type { Entities } from './entities.ts'
import { planRoute } from './plan.ts'
import { isHeldOut } from './eval-util.ts'

export const ROUTING_INTENTS = [
  'agency_check', 'training_interest', 'report_recruiter', 'siskop2mi', 'faq', 'talk_to_human', 'delete_data',
  'emergency', 'out_of_scope', 'greeting',
] as const

export interface RoutingItem {
  q: string
  intent: string
  company?: string
  license?: string
  interest?: string[]
  destination?: string
  lang: Lang
}

export interface Classified {
  intent: string
  entities: Entities
}

/** How the engine reads `text` as a first message (no session, no menu shown yet). */
export function classifyFirstMessage(bundle: Bundle, raw: string, lang: Lang): Classified {
  const text = sanitizeInput(raw)
  const none: Entities = {}
  if (!text) return { intent: 'out_of_scope', entities: none }
  const key = commandKey(text)
  if (bundle.crisis.detect(text) || key === 'tolong') return { intent: 'emergency', entities: none }
  const words = bundle.commands
  if (words.delete.has(key)) return { intent: 'delete_data', entities: none }
  if (words.handoff.has(key)) return { intent: 'talk_to_human', entities: none }
  if (words.language.has(key) || words.stop.has(key) || words.back.has(key)) return { intent: 'command', entities: none }
  if (words.menu.has(key) || words.greeting.has(key)) return { intent: 'greeting', entities: none }
  if (words.help.has(key)) return { intent: 'talk_to_human', entities: none }
  if (/^\/[a-z_]+(@\w+)?$/i.test(text)) return { intent: 'out_of_scope', entities: none }
  const plan = planRoute(bundle, text, lang)
  // The menu, as for a greeting: a bare number, or thanks and goodbyes (an intent with `command: menu`).
  if (plan.kind === 'menu' || (plan.kind === 'command' && plan.command === 'menu')) return { intent: 'greeting', entities: none }
  // An intent answered with its FAQ entry is an FAQ answer, as the user sees it.
  if (plan.kind === 'faq' && plan.answer) return { intent: 'faq', entities: plan.entities }
  if (plan.intent) return { intent: plan.intent, entities: plan.entities }
  // As the engine answers: an answer, or "maksud Anda…?" with two choices or more; anything else is the fallback.
  const found = bundle.faq.index.search(text)
  const answered = found.kind === 'answer' || (found.kind === 'clarify' && found.hits.length > 1)
  return { intent: answered ? 'faq' : 'out_of_scope', entities: plan.entities }
}

/** Reads a routing set: a list of items, or the same under `items:`. */
export function readRoutingSet(file: string): RoutingItem[] {
  const doc = parse(readFileSync(file, 'utf8')) as unknown
  const list = Array.isArray(doc) ? doc : ((doc as Record<string, unknown> | null)?.['items'] ?? (doc as Record<string, unknown> | null)?.['messages'])
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of { q, intent, lang, … }`)
  return list.map((raw: Record<string, unknown>, i) => {
    if (typeof raw['q'] !== 'string' || typeof raw['intent'] !== 'string') throw new Error(`${file}: item ${i + 1} needs q: and intent:`)
    const interest = raw['interest']
    return {
      q: raw['q'],
      intent: raw['intent'],
      ...(raw['company'] != null ? { company: String(raw['company']) } : {}),
      ...(raw['license'] != null ? { license: String(raw['license']) } : {}),
      ...(interest != null ? { interest: (Array.isArray(interest) ? interest : [interest]).map(String) } : {}),
      ...(raw['destination'] != null ? { destination: String(raw['destination']) } : {}),
      lang: raw['lang'] === 'en' ? 'en' : 'id',
    }
  })
}

/** The company as compared: lower case, single spaces, without a leading or trailing PT/CV. */
export function comparableCompany(name: string | undefined): string | undefined {
  if (name === undefined) return undefined
  const out = name
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    // A training institute's "LPK" is its legal form too: the check gets "LPK X" either way.
    .replace(/^(?:p\.?\s?t\.?|cv\.?|lpk)\s+/, '')
    .replace(/,?\s+(?:p\.?\s?t\.?|cv\.?)$/, '')
    .trim()
  return out || undefined
}

/** Whether the entities found match the label, for the fields of the labelled intent. */
export function entitiesMatch(item: RoutingItem, got: Entities): boolean {
  if (item.intent === 'agency_check' || item.intent === 'report_recruiter') {
    return comparableCompany(item.company) === comparableCompany(got.company) && item.license?.trim() === got.license?.trim()
  }
  if (item.intent === 'training_interest') {
    const want = [...(item.interest ?? [])].sort().join(',')
    const have = [...(got.interests ?? [])].sort().join(',')
    return want === have && item.destination === got.destination
  }
  return true
}

export interface RoutingMiss {
  q: string
  lang: Lang
  want: string
  got: string
  entities?: { want: Partial<RoutingItem>; got: Entities }
}

interface Rate {
  n: number
  correct: number
}

export interface RoutingReport {
  n: number
  intent: Rate & { byLang: Record<Lang, Rate> }
  entities: Rate & { byLang: Record<Lang, Rate> }
  /**
   * Microseconds: the whole first-message classification (emergency, commands, routing, FAQ search) per message,
   * mean and worst, and for a 1,000-character message; `route_*`: the intent router alone.
   */
  time: { mean_us: number; max_us: number; long_message_us: number; route_mean_us: number; route_long_us: number }
  misses: RoutingMiss[]
}

const ENTITY_INTENTS = new Set(['agency_check', 'report_recruiter', 'training_interest'])

export function runRoutingEval(bundle: Bundle, items: readonly RoutingItem[]): RoutingReport {
  const rate = (): Rate => ({ n: 0, correct: 0 })
  const report: RoutingReport = {
    n: items.length,
    intent: { ...rate(), byLang: { id: rate(), en: rate() } },
    entities: { ...rate(), byLang: { id: rate(), en: rate() } },
    time: { mean_us: 0, max_us: 0, long_message_us: 0, route_mean_us: 0, route_long_us: 0 },
    misses: [],
  }
  let total = 0
  for (const item of items) {
    const started = performance.now()
    const got = classifyFirstMessage(bundle, item.q, item.lang)
    const spent = (performance.now() - started) * 1000
    total += spent
    report.time.max_us = Math.max(report.time.max_us, spent)
    const intentOk = got.intent === item.intent
    for (const r of [report.intent, report.intent.byLang[item.lang]]) {
      r.n++
      if (intentOk) r.correct++
    }
    let entitiesOk = true
    if (ENTITY_INTENTS.has(item.intent)) {
      entitiesOk = entitiesMatch(item, got.entities)
      for (const r of [report.entities, report.entities.byLang[item.lang]]) {
        r.n++
        if (entitiesOk) r.correct++
      }
    }
    if (!intentOk || !entitiesOk) {
      const { q, lang, intent, ...want } = item
      report.misses.push({ q, lang, want: intent, got: got.intent, ...(entitiesOk ? {} : { entities: { want, got: got.entities } }) })
    }
  }
  report.time.mean_us = items.length > 0 ? total / items.length : 0
  const long = `${'saya mau tanya soal kerja ke luar negeri '.repeat(25)}apakah PT Maju Jaya resmi?`.slice(0, 1000)
  const started = performance.now()
  for (let i = 0; i < 20; i++) classifyFirstMessage(bundle, long, 'id')
  report.time.long_message_us = ((performance.now() - started) * 1000) / 20
  const router = bundle.router
  if (router && items.length > 0) {
    const routeTime = (texts: readonly string[], rounds: number): number => {
      const t0 = performance.now()
      for (let r = 0; r < rounds; r++) for (const t of texts) router.route(t)
      return ((performance.now() - t0) * 1000) / (rounds * texts.length)
    }
    routeTime(items.map((i) => i.q), 1) // warm-up
    report.time.route_mean_us = routeTime(items.map((i) => i.q), 5)
    report.time.route_long_us = routeTime([long], 50)
  }
  return report
}

/** The report as a few lines of text, with the misses. */
export function formatRoutingReport(name: string, r: RoutingReport): string {
  const pct = (x: Rate) => (x.n === 0 ? '-' : `${((100 * x.correct) / x.n).toFixed(1)}% of ${x.n}`)
  const lines = [
    `Routing: ${name} (${r.n} messages)`,
    `  intent accuracy      ${pct(r.intent)}   (id ${pct(r.intent.byLang.id)}, en ${pct(r.intent.byLang.en)})`,
    `  entities exact       ${pct(r.entities)}   (id ${pct(r.entities.byLang.id)}, en ${pct(r.entities.byLang.en)})`,
    `  time per message     ${r.time.mean_us.toFixed(0)} µs mean, ${r.time.max_us.toFixed(0)} µs max, ${r.time.long_message_us.toFixed(0)} µs for 1,000 characters (with FAQ search and emergency check)`,
    `  routing alone        ${r.time.route_mean_us.toFixed(0)} µs mean, ${r.time.route_long_us.toFixed(0)} µs for 1,000 characters`,
  ]
  if (isHeldOut(name)) lines.push(`  misses (${r.misses.length}): not shown (held-out test set)`)
  else if (r.misses.length > 0) {
    lines.push(`  misses (${r.misses.length}):`)
    for (const m of r.misses) {
      lines.push(`    [${m.lang}] "${m.q}"  want ${m.want}, got ${m.got}${m.entities ? `  entities want ${JSON.stringify(m.entities.want)} got ${JSON.stringify(m.entities.got)}` : ''}`)
    }
  }
  return lines.join('\n')
}
