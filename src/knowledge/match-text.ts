/**
 * Small building blocks for matching what people type against a short list of known names (trainings,
 * countries, provinces, regencies): one typo budget, one "closest names" search. Text is normalized with
 * `cleanText` (`normalize.ts`) before it comes here. The edit distance comes from `fastest-levenshtein`.
 *
 * Work per message is bounded: a `TermIndex` is built once per list of names (compact forms, names by their
 * length and by their first word), so a lookup touches only names of about the typed length, never every name.
 */
import { distance } from 'fastest-levenshtein'

/** Without spaces, so that "tanjung balai", "tanjungbalai" and "toli toli"/"tolitoli" compare equal. */
export function compact(normalized: string): string {
  return normalized.replace(/ /g, '')
}

/** How many typos a typed word of this length may carry and still be recognized. */
export function typoBudget(length: number): number {
  if (length < 4) return 0
  if (length < 6) return 1
  if (length < 12) return 2
  return 3
}

/**
 * The typo budget for a run of words inside a longer answer ("saya mau jadi helper"): every run is compared with
 * every name, so a near miss by chance is likelier ("helper" is two edits from "welder"); a run shorter than 7
 * letters needs an exact match, and longer ones get one typo fewer than alone.
 */
export function typoBudgetInSentence(length: number): number {
  if (length < 7) return 0
  if (length < 12) return 1
  return 2
}

/** A normalized name or synonym and what it stands for. */
export interface Term<T> {
  /** Normalized with `cleanText`. */
  term: string
  value: T
}

interface Entry<T> {
  /** Position in the list given to the index: results come in this order. */
  order: number
  compact: string
  words: readonly string[]
  value: T
}

/**
 * Names indexed once for typo-tolerant lookup. Immutable; build one per list of names and keep it (the
 * catalog and region matchers cache theirs).
 */
export class TermIndex<T> {
  readonly terms: readonly Term<T>[]
  /** The most words any name has: longer runs of typed words cannot be one name. */
  readonly maxWords: number
  readonly #entries: readonly Entry<T>[]
  readonly #byCompact = new Map<string, Entry<T>[]>()
  readonly #byLength = new Map<number, Entry<T>[]>()
  readonly #byFirstWord = new Map<string, Entry<T>[]>()

  constructor(terms: readonly Term<T>[]) {
    this.terms = terms
    this.#entries = terms.map((t, order) => ({ order, compact: compact(t.term), words: t.term.split(' '), value: t.value }))
    for (const e of this.#entries) {
      push(this.#byCompact, e.compact, e)
      push(this.#byLength, e.compact.length, e)
      push(this.#byFirstWord, e.words[0] ?? '', e)
    }
    this.maxWords = this.#entries.reduce((max, e) => Math.max(max, e.words.length), 0)
  }

  /** The values whose name equals `query` when spaces are ignored, in list order, once each. */
  exact(query: string): T[] {
    return uniqueValues(this.#byCompact.get(compact(query)) ?? [])
  }

  /**
   * The values whose name is closest to `query` within the typo budget of the query, all of those at the
   * smallest distance, in list order. Spaces are ignored. With `words`, only names of that many words count.
   * Empty when nothing is close enough. `spent.comparisons` counts the edit distances computed (callers that
   * look up many runs of words stop at a budget). `budgetOf` gives the typos allowed for the query's length.
   */
  closest(query: string, words?: number, spent?: { comparisons: number }, budgetOf: (length: number) => number = typoBudget): T[] {
    const q = compact(query)
    const budget = budgetOf(q.length)
    if (budget === 0) return []
    let best = budget + 1
    let found: Entry<T>[] = []
    for (let length = q.length - budget; length <= q.length + budget; length++) {
      for (const e of this.#byLength.get(length) ?? []) {
        if (words !== undefined && e.words.length !== words) continue
        if (spent) spent.comparisons++
        const d = distance(q, e.compact)
        if (d > budget || d > best) continue
        if (d < best) {
          best = d
          found = []
        }
        found.push(e)
      }
    }
    return uniqueValues(found.sort((a, b) => a.order - b.order))
  }

  /** The values of names that start with `query` (at least 4 characters), for "jawa" → the three Jawa provinces. */
  prefixed(query: string): T[] {
    const q = compact(query)
    if (q.length < 4) return []
    return uniqueValues(this.#entries.filter((e) => e.compact.startsWith(q)))
  }

  /**
   * Names that occur as whole words in `words` starting at `start`: `[end, value]` pairs, where `end` is the
   * position after the name's last word.
   */
  wordMatchesAt(words: readonly string[], start: number): { end: number; value: T }[] {
    const out: { end: number; value: T }[] = []
    for (const e of this.#byFirstWord.get(words[start] ?? '') ?? []) {
      if (start + e.words.length > words.length) continue
      if (e.words.every((w, i) => words[start + i] === w)) out.push({ end: start + e.words.length, value: e.value })
    }
    return out
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key)
  if (list) list.push(value)
  else map.set(key, [value])
}

function uniqueValues<T>(entries: readonly Entry<T>[]): T[] {
  const seen = new Set<T>()
  const out: T[] = []
  for (const e of entries) {
    if (seen.has(e.value)) continue
    seen.add(e.value)
    out.push(e.value)
  }
  return out
}

/** Adds values not yet in the list, keeping first-seen order. */
export function pushUnique<T>(list: T[], values: Iterable<T>): T[] {
  for (const v of values) if (!list.includes(v)) list.push(v)
  return list
}
