/**
 * Times FAQ search for the project benchmark (`npm run bench`): the mean time of one `search` call over a
 * list of questions, after one warm-up pass (which fills the stemmer's memo the way a running bot has it). Each
 * call reads its question afresh (`freshReadings`): the matcher's memory of whole questions is not timed.
 */
import { performance } from 'node:perf_hooks'
import type { FaqIndex } from '../understanding/faq-search.ts'
import { freshReadings } from '../understanding/text-cache.ts'

export interface FaqBenchResult {
  /** Mean microseconds per `search` call. */
  perQueryMicros: number
  /** How many `search` calls were timed. */
  calls: number
}

/** Runs every query `iterations` times through `index.search` and returns the mean time per call. */
export function benchFaqSearch(
  index: Pick<FaqIndex, 'search'>,
  queries: readonly string[],
  iterations: number,
): FaqBenchResult {
  if (queries.length === 0 || iterations < 1) return { perQueryMicros: 0, calls: 0 }
  return freshReadings(() => timeSearch(index, queries, iterations))
}

function timeSearch(index: Pick<FaqIndex, 'search'>, queries: readonly string[], iterations: number): FaqBenchResult {
  for (const q of queries) index.search(q)
  let sink = 0
  const start = performance.now()
  for (let i = 0; i < iterations; i++) {
    for (const q of queries) sink += index.search(q).hits.length
  }
  const elapsed = performance.now() - start
  const calls = iterations * queries.length
  // `sink` keeps the calls from being optimized away.
  return { perQueryMicros: (elapsed * 1000) / calls + (sink < 0 ? 1 : 0), calls }
}
