/**
 * Understanding a typed answer to a list question: which training, which country, which province, which
 * education level. People answer with the number of a row ("2"), the label ("Perhotelan"), a word they use for
 * it ("las", "welder", "jepang"), in either language, often with a typo ("pengelasn") or inside a sentence
 * ("mau belajar las"). For multi-choice questions they list several ("las dan bahasa jepang", "1, 3").
 *
 * `exact` means: safe to take without asking back. `close` means: ask "did you mean …?" with the ids found.
 */
import type { Localized } from '../content/types.ts'
import { cleanText } from '../understanding/normalize.ts'
import { pushUnique, TermIndex, typoBudgetInSentence, type Term } from './match-text.ts'

/** Anything offered in a list: a training, a country, a province, an education level. */
export interface CatalogOption {
  id: string
  label: Localized
  /** Other words people type for it, any language. */
  synonyms?: readonly string[]
}

export type MatchKind = 'exact' | 'close' | 'none'

/** The result of matching one answer. `exact` has exactly one id; `close` has one or more candidates. */
export interface OptionMatch {
  kind: MatchKind
  ids: string[]
}

/**
 * The result of matching a list of answers. `exact`: every part was recognized for certain. `close`: `ids`
 * holds what was recognized, some of it by guessing (typos, ambiguous words) or some parts were not recognized
 * (`unmatched`, as typed); confirm before saving. `none`: nothing recognized.
 */
export interface ManyMatch {
  kind: MatchKind
  ids: string[]
  unmatched: string[]
}

export interface MatchSettings {
  /** Whether a typed number picks the option at that 1-based position. Default true. */
  numbers?: boolean
}

const NONE: OptionMatch = { kind: 'none', ids: [] }

/**
 * At most this many edit distances are computed per answer (a sentence of 30 words needs a few hundred to a
 * few thousand): a 1,000-character message cannot make the typo search cost more than about a millisecond.
 */
const MAX_COMPARISONS = 5_000

/**
 * Everything an option can be called: id ("oil_gas" → "oil gas"), both labels and synonyms, normalized. An id
 * made of digits (a province code) is not a name: typed numbers are positions.
 */
function termsOf(options: readonly CatalogOption[]): Term<string>[] {
  const terms: Term<string>[] = []
  for (const option of options) {
    const id = /^[\d.]+$/.test(option.id) ? '' : option.id
    const names = [id, option.label.id, option.label.en ?? '', ...(option.synonyms ?? [])]
    for (const name of names) {
      const term = cleanText(name)
      if (term) terms.push({ term, value: option.id })
    }
  }
  return terms
}

/** Indexes by list: the same list object (provinces) and lists with the same content (rebuilt per message). */
const indexesByList = new WeakMap<readonly CatalogOption[], TermIndex<string>>()
const indexesByContent = new Map<string, TermIndex<string>>()
const INDEX_CACHE_SIZE = 256

/** The names of `options`, indexed once per list of options and then remembered. */
function indexOf(options: readonly CatalogOption[]): TermIndex<string> {
  const byList = indexesByList.get(options)
  if (byList) return byList
  const key = options
    .map((o) => [o.id, o.label.id, o.label.en ?? '', ...(o.synonyms ?? [])].join('\u0001'))
    .join('\u0002')
  let index = indexesByContent.get(key)
  if (!index) {
    index = new TermIndex(termsOf(options))
    if (indexesByContent.size >= INDEX_CACHE_SIZE) indexesByContent.clear()
    indexesByContent.set(key, index)
  }
  indexesByList.set(options, index)
  return index
}

/**
 * Terms that occur as whole words inside the query, longest first and not overlapping: in "energi terbarukan"
 * the term "energi terbarukan" wins over "energi". One group of ids per place in the query; a group with
 * more than one id is an ambiguous word ("energi": oil and gas, electricity or renewables?).
 */
function mentions(query: string, index: TermIndex<string>): string[][] {
  const words = query.split(' ')
  const spans = new Map<string, { start: number; end: number; ids: string[] }>()
  for (let start = 0; start < words.length; start++) {
    for (const { end, value } of index.wordMatchesAt(words, start)) {
      const key = `${start}:${end}`
      const span = spans.get(key) ?? { start, end, ids: [] }
      pushUnique(span.ids, [value])
      spans.set(key, span)
    }
  }
  // Longest first; among equal lengths, the earliest. Then keep spans that overlap none already kept.
  const byLength = [...spans.values()].sort((a, b) => b.end - b.start - (a.end - a.start) || a.start - b.start)
  const covered = new Uint8Array(words.length)
  const taken: { start: number; end: number; ids: string[] }[] = []
  for (const span of byLength) {
    let free = true
    for (let i = span.start; i < span.end && free; i++) free = covered[i] === 0
    if (!free) continue
    covered.fill(1, span.start, span.end)
    taken.push(span)
  }
  return taken.sort((a, b) => a.start - b.start).map((t) => t.ids)
}

/**
 * Typo-tolerant guesses: the whole answer, then each run of words as long as a term (runs longer than the
 * longest term cannot match one; each different run is compared once) with the stricter budget inside a sentence
 * (short words exact: "domestic helper" is not "welder"), then prefixes.
 */
function guesses(query: string, index: TermIndex<string>): string[] {
  const whole = index.closest(query)
  if (whole.length > 0) return whole
  const words = query.split(' ')
  const found: string[] = []
  if (words.length > 1) {
    const seen = new Set<string>()
    const spent = { comparisons: 0 }
    const longest = Math.min(index.maxWords, words.length - 1)
    for (let n = 1; n <= longest && spent.comparisons < MAX_COMPARISONS; n++) {
      for (let start = 0; start + n <= words.length && spent.comparisons < MAX_COMPARISONS; start++) {
        const run = words.slice(start, start + n).join(' ')
        if (seen.has(run)) continue
        seen.add(run)
        pushUnique(found, index.closest(run, n, spent, typoBudgetInSentence))
      }
    }
  }
  if (found.length > 0) return found
  return index.prefixed(query)
}

/** A 1-based position → that option's id, or undefined when out of range. */
function byPosition(n: string, options: readonly CatalogOption[]): string | undefined {
  return options[Number(n) - 1]?.id
}

/** Matches one normalized answer. With `many`, several certain mentions are all taken ("las jepang"). */
function matchPart(query: string, index: TermIndex<string>, many: boolean): OptionMatch {
  const exact = index.exact(query)
  if (exact.length > 0) return { kind: exact.length === 1 ? 'exact' : 'close', ids: exact }

  const groups = mentions(query, index)
  if (groups.length > 0) {
    const ids = pushUnique([], groups.flat())
    const certain = groups.every((g) => g.length === 1) && (many || ids.length === 1)
    return { kind: certain ? 'exact' : 'close', ids }
  }

  const guessed = guesses(query, index)
  if (guessed.length > 0) return { kind: 'close', ids: guessed }
  return NONE
}

/**
 * Which one option a typed answer means: a number (1-based position, unless `numbers: false`), an id, a label
 * or synonym in either language, a word of it inside a sentence, or a near miss.
 *
 * ```ts
 * matchOption('2', trainings)               // { kind: 'exact', ids: [trainings[1].id] }
 * matchOption('mau belajar las', trainings) // { kind: 'exact', ids: ['welding'] }
 * matchOption('pengelasn', trainings)       // { kind: 'close', ids: ['welding'] }
 * ```
 */
export function matchOption(text: string, options: readonly CatalogOption[], settings: MatchSettings = {}): OptionMatch {
  const query = cleanText(text)
  if (!query) return NONE
  if (/^\d+$/.test(query) && settings.numbers !== false) {
    const id = byPosition(query, options)
    return id ? { kind: 'exact', ids: [id] } : NONE
  }
  return matchPart(query, indexOf(options), false)
}

/** Separators between answers in a list: punctuation, and "dan/and/atau/or/serta/sama/plus" between words. */
const LIST_SEPARATORS = /[,;/&+|\n]+|\s+(?:dan|and|atau|or|serta|sama|plus)\s+/i

/**
 * Which options a typed list means: "las dan bahasa jepang", "welding, cooking", "1, 3", "1 3".
 * Numbers are 1-based positions (unless `numbers: false`). Ids come in the order they were typed, once each.
 */
export function matchMany(text: string, options: readonly CatalogOption[], settings: MatchSettings = {}): ManyMatch {
  const index = indexOf(options)
  const whole = cleanText(text)
  if (!whole) return { kind: 'none', ids: [], unmatched: [] }

  // "minyak dan gas" is one option, although it contains a separator.
  const wholeExact = index.exact(whole)
  if (wholeExact.length === 1) return { kind: 'exact', ids: wholeExact, unmatched: [] }

  const ids: string[] = []
  const unmatched: string[] = []
  let certain = true
  for (const part of text.split(LIST_SEPARATORS)) {
    const query = cleanText(part ?? '')
    if (!query) continue
    if (/^\d+( \d+)*$/.test(query) && settings.numbers !== false) {
      for (const n of query.split(' ')) {
        const id = byPosition(n, options)
        if (id) pushUnique(ids, [id])
        else unmatched.push(n)
      }
      continue
    }
    const match = matchPart(query, index, true)
    if (match.kind === 'none') unmatched.push((part ?? '').trim())
    else pushUnique(ids, match.ids)
    if (match.kind !== 'exact') certain = false
  }
  if (ids.length === 0) return { kind: 'none', ids, unmatched }
  return { kind: certain && unmatched.length === 0 ? 'exact' : 'close', ids, unmatched }
}
