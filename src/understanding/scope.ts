/**
 * Out of scope: a message the FAQ cannot answer that is not about working abroad at all ("siapa juara piala
 * dunia", "resep rendang gimana", "pe"). Such a message is not an unanswered question for officers: the assistant
 * says what it helps with and shows the menu, and keeps nothing.
 *
 * The domain's words are taken from the content itself, so officers change them by editing content, not code:
 * every FAQ entry's keywords and title (its first question, Indonesian and English) and every destination's name
 * and synonyms (`content/countries.yaml`). A message is out of scope when it has at least one content word (not a
 * function word), none of its words, stemmed, is one of the domain's, and at least one is a word of the questions
 * the FAQ does not answer (`content/faq-outside.yaml`: "resep", "piala", "cuaca"). One domain word ("kontrak",
 * "majikan", "taiwan", "gaji") keeps the usual honest fallback, which logs the question for officers; so do typos
 * and words the content does not know at all ("brp biyaa krj taiwn" is read by no list: officers should see it).
 */
import type { Bundle } from '../content/bundle.ts'
import { tokenize } from './normalize.ts'
import { stem } from './stemmer.ts'
import { ENGLISH_FUNCTION_WORDS, INDONESIAN_FUNCTION_WORDS } from './stopwords.ts'

const vocabularies = new WeakMap<Bundle['faq'], ReadonlySet<string>>()
const outsideVocabularies = new WeakMap<Bundle['faq'], ReadonlySet<string>>()

function isFunctionWord(word: string): boolean {
  return INDONESIAN_FUNCTION_WORDS.has(word) || ENGLISH_FUNCTION_WORDS.has(word)
}

/** The words of `text` that are not function words, as read for search (slang table applied). */
export function contentWords(text: string, lexicon: Bundle['lexicon']): string[] {
  return tokenize(text, lexicon).filter((word) => !isFunctionWord(word))
}

/** The stemmed content words of the domain (built once per content bundle). */
export function domainVocabulary(bundle: Pick<Bundle, 'faq' | 'lexicon' | 'countries'>): ReadonlySet<string> {
  const known = vocabularies.get(bundle.faq)
  if (known) return known
  const words = new Set<string>()
  const add = (text: string): void => {
    for (const word of contentWords(text, bundle.lexicon)) words.add(stem(word))
  }
  for (const entry of bundle.faq.entries) {
    for (const keyword of entry.keywords) add(keyword)
    add(entry.q.id?.[0] ?? '')
    add(entry.q.en?.[0] ?? '')
  }
  for (const country of bundle.countries) {
    add(country.label.id ?? '')
    add(country.label.en ?? '')
    for (const synonym of country.synonyms) add(synonym)
  }
  vocabularies.set(bundle.faq, words)
  return words
}

/** The stemmed content words of the questions outside the FAQ (`content/faq-outside.yaml`), once per bundle. */
function outsideVocabulary(bundle: Pick<Bundle, 'faq' | 'lexicon'>): ReadonlySet<string> {
  const known = outsideVocabularies.get(bundle.faq)
  if (known) return known
  const words = new Set<string>()
  for (const question of bundle.faq.index.trainedOn?.outside ?? []) {
    for (const word of contentWords(question, bundle.lexicon)) words.add(stem(word))
  }
  outsideVocabularies.set(bundle.faq, words)
  return words
}

/** Whether `text` is about something else entirely (see the top of this file). */
export function isOutOfScope(text: string, bundle: Pick<Bundle, 'faq' | 'lexicon' | 'countries'>): boolean {
  const content = contentWords(text, bundle.lexicon).filter((word) => !/^\d+$/.test(word)).map(stem)
  if (content.length === 0) return false
  const domain = domainVocabulary(bundle)
  const outside = outsideVocabulary(bundle)
  // "cuaca di taiwan gmn", "jam brp skrg di jepang": a destination's name beside small talk does not make it a
  // question about working there (any other word of the domain still does).
  const places = placeVocabulary(bundle)
  const about = content.filter((word) => !places.has(word) || !outside.has(word))
  if (about.some((word) => domain.has(word) && !places.has(word))) return false
  if (about.length === content.length && content.some((word) => domain.has(word))) return false
  return content.some((word) => outside.has(word) && !places.has(word))
}

const placeVocabularies = new WeakMap<Bundle['faq'], ReadonlySet<string>>()

/** The stemmed words of the destinations' names (`content/countries.yaml`), once per bundle. */
function placeVocabulary(bundle: Pick<Bundle, 'faq' | 'lexicon' | 'countries'>): ReadonlySet<string> {
  const known = placeVocabularies.get(bundle.faq)
  if (known) return known
  const words = new Set<string>()
  for (const country of bundle.countries) {
    for (const name of [country.label.id ?? '', country.label.en ?? '', ...country.synonyms]) for (const word of contentWords(name, bundle.lexicon)) words.add(stem(word))
  }
  placeVocabularies.set(bundle.faq, words)
  return words
}
