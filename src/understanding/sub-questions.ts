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
import { contextWords, messageClauses } from './plan.ts'

/** At most this many other questions are offered (with the matcher's own `also`). */
const MAX_OFFERED = 2
/** At most this many clauses are searched again. */
const MAX_CLAUSES = 4
/**
 * A clause the FAQ cannot answer on its own still has its best entry offered when it scores this much: a choice to
 * look at, not an answer. Below it the clause is likely outside the FAQ.
 */
const OFFER_SCORE = 0.2

/** Entry ids to offer after `answered` (the FAQ's answer to the whole message), besides its own `also`. */
export function otherQuestions(bundle: Bundle, text: string, answered: FaqMatch, lang: Lang): string[] {
  const router = bundle.router
  if (!router || answered.kind !== 'answer') return []
  const clauses = messageClauses(text).filter((c) => router.isQuestion(c))
  if (clauses.length < 2) return []
  const taken = new Set([answered.hits[0]?.id, ...(answered.also ?? []).map((h) => h.id)])
  const room = MAX_OFFERED - (answered.also?.length ?? 0)
  const context = contextWords(bundle, router.read(text), lang)
  const offered: string[] = []
  for (const clause of clauses.slice(0, MAX_CLAUSES)) {
    if (offered.length >= room) break
    const alone = bundle.faq.index.search(clause)
    // The clause is the answered question (or one already offered).
    if (alone.kind !== 'none' && alone.hits.slice(0, alone.kind === 'answer' ? 1 : 2).some((h) => taken.has(h.id))) continue
    const named = context && !router.read(clause).destination && !router.read(clause).interests ? bundle.faq.index.search(`${clause.replace(/\?/g, ' ')} ${context}`) : undefined
    const pick = [named, alone].find((found): found is FaqMatch => !!found && found.kind !== 'none' && !taken.has(found.hits[0]!.id)) ?? (alone.hits[0] && alone.hits[0].score >= OFFER_SCORE ? alone : undefined)
    const id = pick?.hits[0]?.id
    if (!id || taken.has(id)) continue
    taken.add(id)
    offered.push(id)
  }
  return offered
}
