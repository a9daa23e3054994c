import type { Bundle } from '../content/bundle.ts'
import type { FaqEntry } from '../content/types.ts'
import { formatReviewDate } from '../content/freshness.ts'
import { userSource } from '../content/source-line.ts'
import { fill, pick, renderText } from './text.ts'
import type { Choice, Lang, Reply } from './types.ts'

/**
 * A short title for an FAQ entry, for buttons: its `title` in the language, else its first question variant (a user's
 * words such as "kontrak kerja sy kapan habisnya ya?" are not a title: such entries get a `title`).
 */
export function faqTitle(entry: FaqEntry, lang: Lang): string {
  const title = (entry.title ? pick(entry.title, lang) : undefined) ?? (lang === 'en' ? entry.q.en?.[0] : undefined) ?? entry.q.id?.[0] ?? entry.id
  return title.length > 60 ? `${title.slice(0, 57)}…` : title
}

/**
 * An FAQ answer with its user-facing source and review date ("diperiksa 22 Nov 2026"); never the evidence. `abroad`:
 * the reader is abroad now, so the entry's `abroad_answer` (if it has one) replaces an answer written for Indonesia.
 */
export function faqAnswer(bundle: Bundle, entry: FaqEntry, lang: Lang, abroad = false): Reply {
  const answer = fill(bundle, pick(abroad && entry.abroad_answer ? entry.abroad_answer : entry.a, lang), {}, lang)
  const source = renderText(bundle, lang, 'faq.source', { source: userSource(entry.source, lang), reviewed: formatReviewDate(entry.reviewed, lang) })
  return { text: `${answer}\n\n${source}`, key: `faq:${entry.id}` }
}

/** At most this many buttons after an answer (the main menu included). */
const MAX_FOLLOWUPS = 6

/**
 * Buttons after an answer: the entries of the other questions of the same message (`also`) when there are any
 * ("Anda juga menanyakan hal lain": only what was asked, not the answer's related entries), else the related
 * entries; then the main menu.
 */
export function faqFollowups(bundle: Bundle, entry: FaqEntry, lang: Lang, also: readonly string[] = []): Choice[] {
  const ids = [...new Set(also.length > 0 ? also : entry.followups)].filter((id) => id !== entry.id)
  const choices: Choice[] = ids
    .map((id) => bundle.faq.byId.get(id))
    .filter((e): e is FaqEntry => !!e)
    .slice(0, MAX_FOLLOWUPS - 1)
    .map((e) => ({ id: `faq:${e.id}`, label: faqTitle(e, lang) }))
  choices.push({ id: 'g:menu', label: renderText(bundle, lang, 'menu.back_to_menu') })
  return choices
}
