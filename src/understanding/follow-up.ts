/**
 * Short follow-up questions read with what came before. People write "PT X resmi ga? sponsornya minta 15jt buat ke
 * Hongkong jadi ART" and then "jadi sy harus bayar ga?"; or, inside the training form, "emang gratis ga kak?". Alone,
 * the follow-up names no topic and the FAQ cannot answer it; with the user's previous question or request (the
 * session's `topic`) it can.
 *
 * The rules keep this from guessing: only a short message (at most FOLLOW_UP_WORDS words), only when the FAQ alone
 * does not answer it, only with a recent topic (TOPIC_TTL_MS), never the topic's own entry, and only an entry that
 * the message alone already had among its candidates. Pure: no clock, no I/O.
 *
 * A follow-up that stays on the last answer's subject ("skck perlu gk" after the documents, "pake hp bisa gk" after
 * the sign-up steps: read together, the last answer again, and the message alone sure of nothing) gets the entry
 * linked with that answer that its own words point at (the additional documents), else that answer once more: never
 * the fallback, a "maksud Anda…?" or an entry that shares one word ("email" → the old contacts). A follow-up that
 * names a new subject ("yaudah klo taiwan gmn" after Korea) gets its own best entry when that is clearly ahead.
 *
 * A follow-up that asks only about an aspect ("syaratnya apa?", "berapa biayanya", "how much does it cost") after an
 * answer about one programme (EPS Korea, SSW Japan) is about that programme even when the FAQ alone would answer it
 * in general: the entries the answer leads on to (its `followups` in content/faq/) come first, when the message
 * alone had them among its candidates ("syaratnya apa?" after EPS → the EPS requirements). The programme stays the
 * subject while such follow-ups go on (`Topic.subject`). A question that names its own subject ("syarat ke jepang
 * apa?") is read as usual.
 */
import type { Topic } from '../engine/types.ts'
import type { FaqMatch } from './faq-matcher.ts'
import { withoutPhoneNumbers, wordCount } from './normalize.ts'

/** Longest message read as a follow-up. */
export const FOLLOW_UP_WORDS = 7
/** A topic older than this is not context any more. */
export const TOPIC_TTL_MS = 30 * 60 * 1000
/** The length of topic text kept. */
export const TOPIC_CHARS = 200

interface Searcher {
  search(text: string): FaqMatch
  /**
   * The entries `text` alone shares words with (deeper than the three `hits`, which a message of one content word
   * ranks almost at random); without it, the hits are the message's own candidates.
   */
  candidateIds?(text: string): readonly string[]
  /** Whether the message asks only about an aspect and names no subject ("syaratnya apa?"). */
  onlyAspects?(text: string): boolean
  /** The entries an answer leads on to (its followups). */
  related?(id: string): readonly string[]
}

/**
 * The entry that answers `text` more specifically than the entry `entryId` (the warning signs' `refines`:
 * `RedflagReader.refine`), or undefined.
 */
export type Refiner = (entryId: string, text: string) => string | undefined

export interface FollowUpResult {
  found: FaqMatch
  /** The answer came from reading the message with its topic. */
  withTopic: boolean
  /** The answer was one the topic's subject leads on to ("syaratnya apa?" after EPS): that subject, kept. */
  subject?: string
}

/**
 * The FAQ's reading of `text`, with `topic` as context when the rules allow it. The joined text leans towards the
 * topic (after "mau ikut pelatihan las", towards the welding entry), so an entry counts only when it is also among
 * the candidates of the message alone: the follow-up's own words chose it. The entry the topic was answered with is
 * never given again. A confident joined answer is answered; a weaker one is offered as "maksud Anda…?".
 */
export function searchFollowUp(index: Searcher, text: string, topic: Topic | undefined, now: number, refine?: Refiner): FollowUpResult {
  const found = index.search(text)
  if (!topic || now - topic.at > TOPIC_TTL_MS || wordCount(text) > FOLLOW_UP_WORDS) return { found, withTopic: false }
  const aspect = aspectOfAnswer(index, text, topic)
  if (aspect) {
    const hit = { id: aspect.id, score: found.hits.find((h) => h.id === aspect.id)?.score ?? 0 }
    return { found: { kind: 'answer', hits: [hit] }, withTopic: true, subject: aspect.subject }
  }
  // "kerjanya jadi ART kak" after the cost answer ("it depends on your job"): the job it names makes that answer
  // specific (content/redflag-cues.yaml `refines`: the fee-exempt jobs), unless the message alone is surely about
  // something else.
  const refined = topic.faq ? refine?.(topic.faq, text) : undefined
  if (refined && refined !== topic.faq && !(found.kind === 'answer' && found.hits[0]!.id !== refined && found.hits[0]!.score > ON_TOPIC_WEAK)) {
    return { found: { kind: 'answer', hits: [{ id: refined, score: found.hits.find((h) => h.id === refined)?.score ?? 0 }] }, withTopic: true }
  }
  // A sure answer of the message alone stands, without a second search.
  if (found.kind === 'answer' && (found.hits[0]?.score ?? 0) > ON_TOPIC_WEAK) return { found, withTopic: false }
  const joined = index.search(`${topic.text} ${text}`)
  const own = topic.faq
  const ranked = index.candidateIds?.(text) ?? []
  // Still on the last answer's subject ("skck perlu gk" after the documents, "pake hp bisa gk" after the sign-up
  // steps, "trs klo gk punya email gmn" after the account help; blind tester A, 6): read with it, the message is
  // that answer's once more, and the message alone is no sure answer of its own.
  const onTopic = stillOnTopic(index, found, joined, own, ranked)
  if (onTopic) return { found: { kind: 'answer', hits: [{ id: onTopic, score: joined.hits.find((h) => h.id === onTopic)?.score ?? joined.hits[0]!.score }] }, withTopic: true }
  if (found.kind === 'answer') return { found, withTopic: false }
  const alone = new Set([...found.hits.map((hit) => hit.id), ...ranked])
  const picks = joined.hits.filter((hit) => hit.id !== own && alone.has(hit.id))
  const best = picks[0]
  if (!best) return { found: newSubject(found), withTopic: false }
  if (joined.kind === 'answer' && joined.hits[0]?.id === best.id) return { found: { kind: 'answer', hits: [best] }, withTopic: true }
  const others = found.hits.filter((hit) => hit.id !== best.id && hit.id !== own)
  const offered = [best, ...others].slice(0, 3)
  if (offered.length < 2) return { found, withTopic: false }
  return { found: { kind: 'clarify', hits: offered }, withTopic: true }
}

/** A message-alone answer at most this sure gives way to the last answer's subject when the two read together are sure of it. */
export const ON_TOPIC_WEAK = 0.4
/** A linked entry read together at least this fraction of the last answer's score is a close second. */
const ON_TOPIC_SECOND = 0.5
/** How far down the message's own candidates an entry the last answer leads on to is looked for. */
const ON_TOPIC_DEPTH = 8

/**
 * The entry for a short follow-up that stays on the last answer's subject, or undefined: the message and the topic
 * read together answer the topic's own entry, the message alone shares words with it and answers nothing surely.
 * An entry linked with that answer (its `followups`, or one that lists it) that the message's own words rank
 * higher is more to the point ("skck perlu gk" after the documents: the additional documents); else the same entry.
 */
function stillOnTopic(index: Searcher, found: FaqMatch, joined: FaqMatch, own: string | undefined, ranked: readonly string[]): string | undefined {
  if (!own || joined.kind === 'none' || joined.hits[0]?.id !== own) return undefined
  if (found.kind === 'answer' && (found.hits[0]?.score ?? 0) > ON_TOPIC_WEAK) return undefined
  const mine = ranked.slice(0, ON_TOPIC_DEPTH)
  const at = mine.indexOf(own)
  if (at < 0) return undefined
  const leadsOn = index.related?.(own) ?? []
  const isLinked = (id: string): boolean => id !== own && (leadsOn.includes(id) || (index.related?.(id) ?? []).includes(own))
  // Linked and ranked above the same entry by the message's own words, or a close second when read together
  // ("bayarnya dmn" after the BPJS fee: where to pay, the BPJS portal entry).
  const ownScore = joined.hits[0]!.score
  const linked =
    mine.slice(0, at).find(isLinked) ?? joined.hits.find((h) => isLinked(h.id) && mine.includes(h.id) && h.score >= ownScore * ON_TOPIC_SECOND)?.id
  // Read together only leaning towards the last answer ("maksud Anda…?"): only a linked entry, never the same again.
  return linked ?? (joined.kind === 'answer' ? own : undefined)
}

/** A follow-up naming a new subject ("yaudah klo taiwan gmn" after Korea): its own best entry, when clearly ahead. */
export const NEW_SUBJECT_SCORE = 0.4
export const NEW_SUBJECT_RATIO = 1.5

function newSubject(found: FaqMatch): FaqMatch {
  const [first, second] = found.hits
  if (found.kind !== 'none' || !first || first.score < NEW_SUBJECT_SCORE) return found
  if (second && first.score < second.score * NEW_SUBJECT_RATIO) return found.hits.length > 1 ? { ...found, kind: 'clarify' } : found
  return { kind: 'answer', hits: [first] }
}

/**
 * "syaratnya apa?" right after an answer: the best ranked of the message's own candidates that the topic's subject
 * (else the last answer) leads on to, with the entry that led to it; or undefined.
 */
function aspectOfAnswer(index: Searcher, text: string, topic: Topic): { id: string; subject: string } | undefined {
  if (!topic.faq || !index.related || !index.candidateIds || !index.onlyAspects?.(text)) return undefined
  const own = index.candidateIds(text).filter((id) => id !== topic.faq)
  for (const subject of new Set([topic.subject ?? topic.faq, topic.faq])) {
    const related = index.related(subject)
    const id = own.find((candidate) => candidate !== subject && related.includes(candidate))
    if (id) return { id, subject }
  }
  return undefined
}

/** The topic to keep after answering `text` (with the entry it was answered with, if any). */
export function nextTopic(text: string, now: number, faq?: string, previous?: Topic, withTopic = false, subject?: string): Topic {
  // Kept in the session: a phone number typed with the question is not (nothing is stored before consent).
  const own = withoutPhoneNumbers(text)
  const joined = withTopic && previous ? `${previous.text} ${own}` : own
  return { text: joined.slice(-TOPIC_CHARS), at: now, ...(faq ? { faq } : {}), ...(subject ? { subject } : {}) }
}
