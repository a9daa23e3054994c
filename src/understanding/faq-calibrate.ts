/**
 * Calibrates the FAQ matcher's decision thresholds on labelled DEV questions (`npm run eval -- --tune`): every
 * question is read once (classifier and BM25 candidates), then thresholds are searched on the readings.
 * Never give it the test set.
 *
 * The grid is scored by a utility per question, so that the choice is one number that says what matters:
 * a right direct answer +1; a clarification with the right entry among its choices +0.4 (one tap more), without
 * it -0.3; an honest fallback 0 (or +1 for an unanswerable question); a wrong confident answer -4 (the one
 * mistake that misleads a user); a clarification of an unanswerable question -0.7 (choices that cannot help).
 */
import { confidenceFeatures, type FaqMatcher, type MatcherThresholds, type MessageReading } from './faq-matcher.ts'

export interface LabelledText {
  q: string
  expect: string[]
}

export interface CalibrationResult {
  questions: number
  best: MatcherThresholds
  /** Confidence weights fitted on the held-out readings (the matcher's own when there are none). */
  confidence: readonly number[]
  utility: number
  summary: string
}

/** Share of unanswerable dev questions that must get the fallback; thresholds below it are not chosen. */
const MIN_UNANSWERABLE_FALLBACK = 0.95

const GRID: Record<keyof MatcherThresholds, readonly number[]> = {
  blend: [0, 0.15, 0.3, 0.45, 0.6],
  minScore: [0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4],
  minCoverage: [0.2, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6],
  answerScore: [0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7],
  answerRatio: [0.3, 0.4, 0.5, 0.6, 0.7],
  clarifyRatio: [0.4, 0.5, 0.6],
  alsoScore: [0.4, 0.5, 0.6, 0.7],
  disagreeScore: [0.5, 0.6, 0.7, 0.8, 0.9, 1],
  outsideP: [0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1.01],
  agreedScore: [0.3, 0.35, 0.4, 0.45],
  answerConfidence: [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 2],
  keepConfidence: [0, 0.3, 0.4, 0.5, 0.55, 0.6, 0.65, 0.7],
  fallbackConfidence: [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3],
  storyConfidence: [0.8, 0.85, 0.9, 0.95, 2],
  wholeOutsideP: [0.3, 0.4, 0.5, 0.6, 0.8, 2],
  clauseConfidence: [0.8, 0.85, 0.9, 0.95, 2],
}

/** A question already read by a matcher (for instance one trained without it, in cross-validation). */
export interface LabelledReading {
  reading: MessageReading
  expect: ReadonlySet<string>
  /** How much it counts in fitting the confidence model (default 1). */
  weight?: number
}

/**
 * Coordinate descent over `GRID` from the matcher's current thresholds: each threshold in turn takes the grid
 * value with the best utility, the others fixed, for a few rounds (a full grid is too slow to rerun often).
 */
export function calibrate(trained: FaqMatcher, questions: readonly LabelledText[], rounds = 3, heldOut: readonly LabelledReading[] = []): CalibrationResult {
  const readings = questions.map((q) => ({ reading: trained.read(q.q), expect: new Set(q.expect) }))
  const weights = heldOut.length > 0 ? fitConfidence(trained, heldOut) : trained.currentConfidence
  const matcher = trained.withConfidence(weights)
  const score = (m: FaqMatcher): { utility: number; counts: string } => {
    const dev = scoreReadings(m, readings)
    if (heldOut.length === 0) return dev
    // Dev questions and held-out variants count as much as each other, whatever their numbers.
    const variants = scoreReadings(m, heldOut)
    return { utility: (dev.utility + variants.utility) / 2, counts: `dev: ${dev.counts}; held-out variants: ${variants.counts}` }
  }
  let current: MatcherThresholds = { ...matcher.currentThresholds }
  let best = score(matcher.withThresholds(current))
  for (let round = 0; round < rounds; round++) {
    let improved = false
    for (const key of Object.keys(GRID) as (keyof MatcherThresholds)[]) {
      for (const value of GRID[key]) {
        if (value === current[key]) continue
        const candidate = { ...current, [key]: value }
        const result = score(matcher.withThresholds(candidate))
        if (result.utility > best.utility + 1e-9) {
          best = result
          current = candidate
          improved = true
        }
      }
    }
    if (!improved) break
  }
  return { questions: questions.length + heldOut.length, best: current, confidence: weights, utility: Math.round(best.utility * 1000) / 1000, summary: best.counts }
}

/**
 * Fits the confidence model: a logistic regression of "the best entry is right" over `confidenceFeatures` of
 * each reading's ranking, the same ranking `decide` judges (batch gradient descent, light L2 on the weights, not
 * the bias). An unanswerable reading that the score rules do not already send to the fallback counts as "not
 * right". Give it readings of questions the classifier was not trained on (cross-validated variants and
 * "outside" questions): on its own training questions the classifier is surer than it will be on new ones.
 */
export function fitConfidence(matcher: FaqMatcher, readings: readonly LabelledReading[], iterations = 2000): number[] {
  const xs: number[][] = []
  const ys: number[] = []
  const ws: number[] = []
  for (const { reading, expect, weight } of readings) {
    const input = matcher.confidenceInput(reading)
    if (!input) continue
    xs.push(input.features)
    ys.push(expect.has(input.top) ? 1 : 0)
    ws.push(weight ?? 1)
  }
  const total = ws.reduce((a, b) => a + b, 0)
  if (xs.length === 0) return [...matcher.currentConfidence]
  const w = new Array<number>(xs[0]!.length).fill(0)
  const g = new Array<number>(w.length)
  for (let it = 0; it < iterations; it++) {
    g.fill(0)
    for (let i = 0; i < xs.length; i++) {
      const x = xs[i]!
      let z = 0
      for (let j = 0; j < w.length; j++) z += x[j]! * w[j]!
      const err = (1 / (1 + Math.exp(-z)) - ys[i]!) * ws[i]!
      for (let j = 0; j < w.length; j++) g[j]! += err * x[j]!
    }
    for (let j = 0; j < w.length; j++) w[j]! -= 0.5 * (g[j]! / total + (j > 0 ? 1e-3 * w[j]! : 0))
  }
  return w.map((v) => Math.round(v * 100) / 100)
}

function scoreReadings(matcher: FaqMatcher, readings: readonly LabelledReading[]): { utility: number; counts: string } {
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
      } else utility -= 0.7
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
      utility += result.hits.some((h) => expect.has(h.id)) ? 0.4 : -0.3
    } else c.fallback++
  }
  // A hard requirement, not a trade-off: questions the FAQ cannot answer get the honest fallback (≥ 95%).
  const unanswerable = readings.filter((r) => r.expect.size === 0).length
  if (unanswerable > 0 && c.unansweredOk < MIN_UNANSWERABLE_FALLBACK * unanswerable) utility -= readings.length
  const counts = `direct ${c.direct}, wrong-confident ${c.wrong}, clarify ${c.clarify}, fallback ${c.fallback}, unanswerable→fallback ${c.unansweredOk}`
  return { utility: utility / Math.max(readings.length, 1), counts }
}
