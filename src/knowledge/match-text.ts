/**
 * Small building blocks for matching what people type against a short list of known names (trainings,
 * countries, provinces, regencies): one typo budget, one "closest names" search. Text is normalized with
 * `cleanText` (`normalize.ts`) before it comes here. The edit distance comes from `fastest-levenshtein`.
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

/** A normalized name or synonym and what it stands for. */
export interface Term<T> {
  /** Normalized with `cleanText`. */
  term: string
  value: T
}

/**
 * The values whose term is closest to `query` (both normalized) within the typo budget of the query, all of
 * those at the smallest distance. Spaces are ignored. Empty when nothing is close enough.
 */
export function closestTerms<T>(query: string, terms: readonly Term<T>[]): T[] {
  const q = compact(query)
  const budget = typoBudget(q.length)
  if (budget === 0) return []
  let best = budget + 1
  let found: T[] = []
  for (const { term, value } of terms) {
    const t = compact(term)
    if (Math.abs(t.length - q.length) > budget) continue
    const d = distance(q, t)
    if (d > budget) continue
    if (d < best) {
      best = d
      found = [value]
    } else if (d === best && !found.includes(value)) {
      found.push(value)
    }
  }
  return found
}

/** The values of terms that start with `query` (at least 4 characters), for "jawa" → the three Jawa provinces. */
export function prefixTerms<T>(query: string, terms: readonly Term<T>[]): T[] {
  const q = compact(query)
  if (q.length < 4) return []
  const found: T[] = []
  for (const { term, value } of terms) {
    if (compact(term).startsWith(q) && !found.includes(value)) found.push(value)
  }
  return found
}

/** Adds values not yet in the list, keeping first-seen order. */
export function pushUnique<T>(list: T[], values: Iterable<T>): T[] {
  for (const v of values) if (!list.includes(v)) list.push(v)
  return list
}
