/**
 * The other questions of a message whose main question the FAQ answered: "biaya ke taiwan brp? trus syaratnya apa
 * aja?" gets the requirements answered and the cost offered as a choice, never lost. The FAQ matcher already offers
 * a second clause it is sure of (`also`); this reads every question clause the answer leaves out, alone and with
 * what the message names elsewhere (a country, a training: "syaratnya apa aja" + "taiwan"), and offers its best entry.
 * Pure; a message of one clause costs nothing.
 */
import type { Bundle } from '../content/bundle.ts'
import type { Lang } from '../engine/types.ts'
import type { FaqMatch } from './faq-matcher.ts'
import { contextWords, messageClauses, questionClauses } from './plan.ts'

/** At most this many other questions are offered (with the matcher's own `also`). */
const MAX_OFFERED = 2
/** At most this many clauses are searched again. */
const MAX_CLAUSES = 4
/**
 * A clause the FAQ cannot answer on its own still has its best entry offered when it scores this much: a choice to
 * look at, not an answer. Below it the clause is likely outside the FAQ.
 */
const OFFER_SCORE = 0.2

/** With two questions only thanks to a "?", an unsure clause's best entry is offered from this score (see `otherQuestions`). */
const MARKED_OFFER_SCORE = 0.3

/**
 * The country an entry is about (its first question and keywords name it: "apa syarat kerja ke Korea lewat EPS" →
 * korea), or undefined for an entry about no country. Read once per bundle.
 */
const entryCountries = new WeakMap<Bundle, Map<string, string | undefined>>()
function entryCountry(bundle: Bundle, id: string): string | undefined {
  let byId = entryCountries.get(bundle)
  if (!byId) entryCountries.set(bundle, (byId = new Map()))
  if (!byId.has(id)) {
    const entry = bundle.faq.byId.get(id)
    const text = entry ? [entry.q.id?.[0] ?? '', entry.q.en?.[0] ?? '', ...entry.keywords].join(' , ') : ''
    byId.set(id, bundle.router?.read(text).destination)
  }
  return byId.get(id)
}

/** Entry ids to offer after `answered` (the FAQ's answer to the whole message), besides its own `also`. */
export function otherQuestions(bundle: Bundle, text: string, answered: FaqMatch, lang: Lang): string[] {
  const router = bundle.router
  if (!router || answered.kind !== 'answer') return []
  // Two questions or more, the answered one perhaps only by its "?" ("… hong kong? and can my employer keep my
  // passport?"); only those that ask in words are offered (a "?" alone often ends a clause of the story). An account
  // problem told without a question word ("kode otp nya ga masuk2 udh 3x, trus …?") is a question too.
  const asked = questionClauses(bundle, text)
  const account = messageClauses(text).filter((c) => router.hasCue(c, 'account_strong') && !asked.some((q) => q.text.includes(c)))
  if (asked.length + account.length < 2) return []
  const clauses = [...asked.filter((c) => c.worded).map((c) => c.text), ...account]
  // Counted only thanks to a "?": a clause the FAQ is unsure of alone is offered only when its best entry scores
  // `MARKED_OFFER_SCORE` (short clauses like "daftarnya kapan" lack the topic the rest of the message gives).
  const sureOnly = clauses.length < 2
  const taken = new Set([answered.hits[0]?.id, ...(answered.also ?? []).map((h) => h.id)])
  const room = MAX_OFFERED - (answered.also?.length ?? 0)
  const entities = router.read(text)
  const country = entities.destination && entities.destination !== 'not_sure' ? entities.destination : undefined
  const context = contextWords(bundle, entities, lang)
  // Another country's entry never answers a message about this one ("… ke jepang? syaratnya?" is not Korea's EPS).
  const fits = (id: string): boolean => {
    const about = entryCountry(bundle, id)
    return !about || !country || about === country
  }
  const offered: string[] = []
  for (const clause of clauses.slice(0, MAX_CLAUSES)) {
    if (offered.length >= room) break
    const alone = bundle.faq.index.search(clause)
    if (sureOnly && alone.kind === 'none' && (alone.hits[0]?.score ?? 0) < MARKED_OFFER_SCORE) continue
    // The clause is the answered question (or one already offered).
    if (alone.kind !== 'none' && alone.hits.slice(0, alone.kind === 'answer' ? 1 : 2).some((h) => taken.has(h.id))) continue
    const own = router.read(clause)
    const named = context && !own.destination && !own.interests ? bundle.faq.index.search(`${clause.replace(/\?/g, ' ')} ${context}`) : undefined
    // What the clause asks is what it reads as alone ("syaratnya apa aja": the requirements); the message's country
    // or training picks among those entries: the one about that country first ("syarat-ssw" for Japan), then one
    // about no country ("syarat-umum"). The reading with the context words alone may drift to another topic that
    // only shares the country ("syaratnya apa aja Taiwan" → the SP2T programme): it is taken only when the clause
    // alone finds nothing.
    const topical = alone.kind !== 'none' ? alone.hits : named && named.kind !== 'none' ? named.hits : alone.hits.filter((h) => h.score >= OFFER_SCORE)
    const candidates = topical.filter((h) => !taken.has(h.id) && fits(h.id))
    const namedTop = named?.kind === 'answer' ? named.hits[0]?.id : undefined
    const pick =
      (country ? candidates.find((h) => entryCountry(bundle, h.id) === country) : undefined) ??
      (namedTop && candidates.some((h) => h.id === namedTop) ? candidates.find((h) => h.id === namedTop) : undefined) ??
      candidates.find((h, i) => i === 0 || entryCountry(bundle, h.id) === undefined)
    const id = pick?.id
    if (!id || taken.has(id)) continue
    taken.add(id)
    offered.push(id)
  }
  return offered
}

/** Another clause's best entry is offered after a clause's answer when it scores this much (a choice, not an answer). */
const CLAUSE_OFFER_SCORE = 0.15

/**
 * A message of two questions that the FAQ cannot answer as a whole ("mau kerja ke jepang caranya gmn, ada biayanya
 * ga": the two halves pull to different entries, so the whole falls back or asks back): each question clause is
 * read alone, with what the message names (the country, a training), and the first clause the FAQ answers with
 * confidence is answered; the other clauses' best entries are offered after it (`also`). Undefined when no clause
 * is answered on its own, or the message has fewer than two question clauses.
 */
export function answerByClauses(bundle: Bundle, text: string, lang: Lang): FaqMatch | undefined {
  const router = bundle.router
  if (!router) return undefined
  const clauses = questionClauses(bundle, text)
    .filter((c) => c.worded)
    .map((c) => c.text)
    .slice(0, MAX_CLAUSES)
  if (clauses.length < 2) return undefined
  const entities = router.read(text)
  const context = contextWords(bundle, entities, lang)
  const country = entities.destination && entities.destination !== 'not_sure' ? entities.destination : undefined
  const fits = (id: string): boolean => {
    const about = entryCountry(bundle, id)
    return !about || !country || about === country
  }
  const readings = clauses.map((clause) => {
    const own = router.read(clause)
    const named = context && !own.destination && !own.interests ? `${clause.replace(/\?/g, ' ')} ${context}` : clause
    return bundle.faq.index.search(named)
  })
  const main = readings.findIndex((r) => r.kind === 'answer' && !!r.hits[0] && fits(r.hits[0].id))
  if (main < 0) return undefined
  const answered = readings[main]!.hits[0]!
  const taken = new Set([answered.id])
  const also = []
  for (const [i, reading] of readings.entries()) {
    if (i === main || also.length >= MAX_OFFERED) continue
    const hit = reading.hits.find((h) => !taken.has(h.id) && fits(h.id) && h.score >= CLAUSE_OFFER_SCORE)
    if (!hit) continue
    taken.add(hit.id)
    also.push(hit)
  }
  return { kind: 'answer', hits: [answered], ...(also.length > 0 ? { also } : {}) }
}
