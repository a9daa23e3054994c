/**
 * Calibrates the FAQ matcher's decision thresholds on labelled DEV questions (`npm run eval -- --tune`): every
 * question is read once (classifier and BM25 candidates), then a grid of thresholds is tried on the readings.
 * Never give it the test set.
 *
 * The grid is scored by a utility per question, so that the choice is one number that says what matters:
 * a right direct answer +1; a clarification with the right entry among its choices +0.3, without it -0.2;
 * an honest fallback 0 (or +1 for an unanswerable question); a wrong confident answer -4 (the one mistake
 * that misleads a user); a clarification of an unanswerable question -0.3.
 */
import type { FaqMatcher, MatcherThresholds, MessageReading } from './faq-matcher.ts'

export interface LabelledText {
  q: string
  expect: string[]
}

export interface CalibrationResult {
  questions: number
  best: MatcherThresholds
  utility: number
  summary: string
}

const GRID: Record<keyof MatcherThresholds, readonly number[]> = {
  blend: [0, 0.15, 0.3, 0.45],
  minScore: [0.1, 0.15, 0.2, 0.25, 0.3],
  minCoverage: [0.3, 0.4, 0.45, 0.5, 0.55, 0.6],
  answerScore: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7],
  answerRatio: [0.3, 0.4, 0.5, 0.6, 0.7],
  clarifyRatio: [0.4, 0.5, 0.6],
  alsoScore: [0.6],
}

export function calibrate(matcher: FaqMatcher, questions: readonly LabelledText[]): CalibrationResult {
  const readings = questions.map((q) => ({ reading: matcher.read(q.q), expect: new Set(q.expect) }))
  let best = { utility: -Infinity, thresholds: matcher.currentThresholds as MatcherThresholds, counts: '' }
  for (const thresholds of combinations(GRID)) {
    const m = matcher.withThresholds(thresholds)
    const { utility, counts } = score(m, readings)
    if (utility > best.utility) best = { utility, thresholds, counts }
  }
  return { questions: questions.length, best: best.thresholds, utility: Math.round(best.utility * 1000) / 1000, summary: best.counts }
}

function score(matcher: FaqMatcher, readings: readonly { reading: MessageReading; expect: ReadonlySet<string> }[]): { utility: number; counts: string } {
  let utility = 0
  const c = { direct: 0, wrong: 0, clarify: 0, fallback: 0, unansweredOk: 0 }
  for (const { reading, expect } of readings) {
    const result = matcher.decide(reading).result
    const first = result.hits[0]?.id
    if (expect.size === 0) {
      if (result.kind === 'none') {
        utility += 1
        c.unansweredOk++
      } else if (result.kind === 'answer') {
        utility -= 4
        c.wrong++
      } else utility -= 0.3
    } else if (result.kind === 'answer') {
      if (first && expect.has(first)) {
        utility += 1
        c.direct++
      } else {
        utility -= 4
        c.wrong++
      }
    } else if (result.kind === 'clarify') {
      c.clarify++
      utility += result.hits.some((h) => expect.has(h.id)) ? 0.3 : -0.2
    } else c.fallback++
  }
  const counts = `direct ${c.direct}, wrong-confident ${c.wrong}, clarify ${c.clarify}, fallback ${c.fallback}, unanswerable→fallback ${c.unansweredOk}`
  return { utility: utility / Math.max(readings.length, 1), counts }
}

function* combinations(grid: Record<keyof MatcherThresholds, readonly number[]>): Generator<MatcherThresholds> {
  const keys = Object.keys(grid) as (keyof MatcherThresholds)[]
  const index = keys.map(() => 0)
  while (true) {
    yield Object.fromEntries(keys.map((k, i) => [k, grid[k][index[i]!]!])) as unknown as MatcherThresholds
    let i = 0
    while (i < keys.length && ++index[i]! >= grid[keys[i]!].length) index[i++] = 0
    if (i === keys.length) return
  }
}
