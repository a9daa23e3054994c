/**
 * Measures FAQ search against a labelled question set (`test/eval/queries.yaml`), for the real index and for
 * the plain baseline, so that a change of normalization, slang table, stemmer or thresholds can be judged by
 * numbers.
 *
 * Per query, `expect` lists the entry ids that answer it; `expect: []` marks a question the FAQ must NOT
 * answer (it should fall back). Rates:
 * - top-1: the first hit (whatever the kind) is expected; for an unanswerable query: the kind is `none`;
 * - top-3: one of the first three hits is expected; unanswerable as for top-1;
 * - fallback: kind `none` for an answerable query (share of answerable queries);
 * - wrong-confident: kind `answer` with a first hit that is not expected, or any `answer` to an
 *   unanswerable query (share of all queries). This is the number that must stay near zero.
 */
import type { FaqEntry, Lexicon } from '../content/types.ts'
import type { Lang } from '../engine/types.ts'
import { FaqIndex, type FaqIndexOptions, type FaqSearchResult } from './faq-search.ts'

/** One labelled question. */
export interface EvalQuery {
  q: string
  /** Entry ids that answer it; empty when the FAQ has no answer. */
  expect: string[]
  lang?: Lang
}

/** A query the index got wrong in some way, for content writers to look at. */
export interface EvalMiss {
  q: string
  expect: string[]
  kind: FaqSearchResult['kind']
  /** Ids of the hits, best first. */
  got: string[]
  /** What was wrong: the first hit, a confident wrong answer, a fallback, or an answer to the unanswerable. */
  problem: 'wrong-top1' | 'wrong-confident' | 'fallback' | 'answered-unanswerable'
}

export interface EvalReport {
  /** All queries. */
  n: number
  answerable: number
  unanswerable: number
  /** Rates between 0 and 1, over all queries (see the top of this file). */
  top1: number
  top3: number
  /** Over answerable queries. */
  fallbackRate: number
  /** Over all queries. */
  wrongConfidentRate: number
  /** Over answerable queries: the first hit is expected. */
  answerableTop1: number
  /** Over unanswerable queries: kind `none`. */
  unanswerableNoneRate: number
  /** Share of all queries per kind. */
  kinds: Record<FaqSearchResult['kind'], number>
  /** Per language of the query (as labelled), top-1 over those queries. */
  top1ByLang: Partial<Record<Lang, { n: number; top1: number }>>
  misses: EvalMiss[]
}

export interface EvalResult {
  /** The real index: normalization, slang, stemming, calibrated thresholds. */
  index: EvalReport
  /** The plain baseline: same MiniSearch and decision rule, no normalization. */
  baseline: EvalReport
}

/** Builds both indexes over `entries` and runs every query through them. */
export function runEval(
  entries: readonly FaqEntry[],
  lexicon: Lexicon,
  queries: readonly EvalQuery[],
  options: FaqIndexOptions = {},
): EvalResult {
  return {
    index: evaluate(FaqIndex.build(entries, lexicon, options), queries),
    baseline: evaluate(FaqIndex.buildPlain(entries, options), queries),
  }
}

/** Runs `queries` through one index. */
export function evaluate(index: Pick<FaqIndex, 'search'>, queries: readonly EvalQuery[]): EvalReport {
  let top1 = 0
  let top3 = 0
  let fallback = 0
  let wrongConfident = 0
  let answerable = 0
  let answerableTop1 = 0
  let unanswerableNone = 0
  const kinds: Record<FaqSearchResult['kind'], number> = { answer: 0, clarify: 0, none: 0 }
  const byLang: Partial<Record<Lang, { n: number; top1: number }>> = {}
  const misses: EvalMiss[] = []

  for (const query of queries) {
    const result = index.search(query.q)
    const got = result.hits.map((h) => h.id)
    const expected = new Set(query.expect)
    kinds[result.kind]++
    let firstRight: boolean
    let problem: EvalMiss['problem'] | undefined
    if (expected.size === 0) {
      firstRight = result.kind === 'none'
      if (firstRight) {
        top3++
        unanswerableNone++
      }
      if (result.kind === 'answer') {
        wrongConfident++
        problem = 'answered-unanswerable'
      }
    } else {
      answerable++
      firstRight = got[0] !== undefined && expected.has(got[0])
      if (got.slice(0, 3).some((id) => expected.has(id))) top3++
      if (firstRight) answerableTop1++
      if (result.kind === 'none') {
        fallback++
        problem = 'fallback'
      } else if (result.kind === 'answer' && !firstRight) {
        wrongConfident++
        problem = 'wrong-confident'
      } else if (!firstRight) {
        problem = 'wrong-top1'
      }
    }
    if (firstRight) top1++
    if (query.lang) {
      const stats = (byLang[query.lang] ??= { n: 0, top1: 0 })
      stats.n++
      if (firstRight) stats.top1++
    }
    if (problem) misses.push({ q: query.q, expect: [...query.expect], kind: result.kind, got, problem })
  }

  const n = queries.length
  const unanswerable = n - answerable
  const top1ByLang: EvalReport['top1ByLang'] = {}
  for (const [lang, stats] of Object.entries(byLang) as [Lang, { n: number; top1: number }][]) {
    top1ByLang[lang] = { n: stats.n, top1: rate(stats.top1, stats.n) }
  }
  return {
    n,
    answerable,
    unanswerable,
    top1: rate(top1, n),
    top3: rate(top3, n),
    fallbackRate: rate(fallback, answerable),
    wrongConfidentRate: rate(wrongConfident, n),
    answerableTop1: rate(answerableTop1, answerable),
    unanswerableNoneRate: rate(unanswerableNone, unanswerable),
    kinds: { answer: rate(kinds.answer, n), clarify: rate(kinds.clarify, n), none: rate(kinds.none, n) },
    top1ByLang,
    misses,
  }
}

function rate(count: number, total: number): number {
  return total === 0 ? 0 : count / total
}
