/**
 * The FAQ section of `npm run eval`: how the FAQ matcher that users get (`bundle.faq.index`) does on three
 * kinds of questions, kept apart:
 *
 * - **variants (k-fold)**: the FAQ's own question variants, cross-validated: the matcher is trained on 4/5 of
 *   each entry's variants and asked the other 1/5 (five times). It says how well the matcher generalizes
 *   from the variants, not how well it remembers them;
 * - **dev** (`test/eval/faq-dev.yaml`, and `test/eval/queries.yaml`, the older set that earlier thresholds were
 *   tuned on): the sets thresholds are calibrated on (`--tune`); their misses are printed;
 * - **test** (`test/eval/faq-test.yaml`): written apart and never tuned on; only its totals are printed.
 *
 * Per set: direct answer correct (an answer without a clarification, with an expected entry; over answerable
 * questions), clarification rate (and how often the right entry is among the choices), fallback on answerable
 * questions, wrong-confident (an answer with an entry not expected, or any answer to an unanswerable question;
 * over all questions), unanswerable → honest fallback, and the time per question. The BM25 index alone, with
 * its old thresholds (the assistant before this matcher), is measured on the same sets for comparison.
 */
import { performance } from 'node:perf_hooks'
import type { FaqEntry } from '../content/types.ts'
import type { Lang } from '../engine/types.ts'
import type { FaqSearchResult } from './faq-search.ts'
import type { EvalContext, EvalSection, EvalSectionReport } from './eval-sections.ts'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { evalFile, pct, readYamlList, textTable } from './eval-util.ts'
import { calibrate, type LabelledReading } from './faq-calibrate.ts'
import type { FaqMatch, FaqMatcher } from './faq-matcher.ts'
import { freshReadings } from './text-cache.ts'
import { detectLang } from './lang-detect.ts'

/** One labelled question: `expect` lists the entries that answer it, best first; empty: the FAQ cannot. */
export interface LabelledQuestion {
  q: string
  expect: string[]
  lang?: Lang
}

type Searcher = { search(text: string): FaqSearchResult | FaqMatch }

export interface FaqMiss {
  q: string
  expect: string[]
  kind: FaqSearchResult['kind']
  got: string[]
  problem: 'wrong-confident' | 'answered-unanswerable' | 'fallback' | 'clarify-without-answer' | 'clarify' | 'clarify-unanswerable'
}

export interface FaqSetReport {
  name: string
  n: number
  answerable: number
  unanswerable: number
  /** Over answerable questions. */
  direct: number
  clarify: number
  fallback: number
  /** Over clarifications of answerable questions: the right entry is among the choices. */
  clarifyHasRight: number
  /** Over all questions. */
  wrongConfident: number
  /** Over unanswerable questions. */
  unanswerableFallback: number
  /** Direct answer correct per labelled language, over answerable questions of that language. */
  byLang: Partial<Record<Lang, { n: number; direct: number }>>
  /** Answers that also offered another sub-question's entry. */
  alsoOffered: number
  microsPerQuery: number
  misses: FaqMiss[]
}

/** The labelled questions of a file (`{ q, expect, lang }` items). */
export function readLabelled(file: string): LabelledQuestion[] {
  return readYamlList(file, 'queries').map((item, i) => {
    if (typeof item['q'] !== 'string') throw new Error(`${file}: item ${i + 1} has no \`q:\` text`)
    const lang = item['lang'] === 'en' || item['lang'] === 'id' ? item['lang'] : undefined
    const expect = Array.isArray(item['expect']) ? item['expect'].map(String) : []
    return { q: item['q'], expect, ...(lang ? { lang } : {}) }
  })
}

/** Runs `questions` through `searcher` and counts. */
export function evaluateSet(name: string, searcher: Searcher, questions: readonly LabelledQuestion[]): FaqSetReport {
  let answerable = 0
  let direct = 0
  let clarify = 0
  let clarifyRight = 0
  let fallback = 0
  let wrongConfident = 0
  let unanswerableFallback = 0
  let alsoOffered = 0
  const byLang: Partial<Record<Lang, { n: number; direct: number }>> = {}
  const misses: FaqMiss[] = []
  const started = performance.now()
  // Timed as first reads (the matcher remembers the readings of texts it has seen).
  const results = freshReadings(() => questions.map((q) => searcher.search(q.q)))
  const micros = ((performance.now() - started) * 1000) / Math.max(questions.length, 1)

  questions.forEach((question, i) => {
    const result = results[i]!
    const got = result.hits.map((h) => h.id)
    const expected = new Set(question.expect)
    if ('also' in result && result.also?.length) alsoOffered++
    const miss = (problem: FaqMiss['problem']): void => void misses.push({ q: question.q, expect: question.expect, kind: result.kind, got, problem })
    if (expected.size === 0) {
      if (result.kind === 'none') unanswerableFallback++
      else if (result.kind === 'answer') {
        wrongConfident++
        miss('answered-unanswerable')
      } else miss('clarify-unanswerable')
      return
    }
    answerable++
    const stats = question.lang ? (byLang[question.lang] ??= { n: 0, direct: 0 }) : undefined
    if (stats) stats.n++
    if (result.kind === 'answer') {
      if (expected.has(got[0]!)) {
        direct++
        if (stats) stats.direct++
      } else {
        wrongConfident++
        miss('wrong-confident')
      }
    } else if (result.kind === 'clarify') {
      clarify++
      if (got.some((id) => expected.has(id))) {
        clarifyRight++
        miss('clarify')
      } else miss('clarify-without-answer')
    } else {
      fallback++
      miss('fallback')
    }
  })
  const n = questions.length
  const rate = (count: number, total: number): number => (total === 0 ? NaN : count / total)
  return {
    name,
    n,
    answerable,
    unanswerable: n - answerable,
    direct: rate(direct, answerable),
    clarify: rate(clarify, answerable),
    fallback: rate(fallback, answerable),
    clarifyHasRight: rate(clarifyRight, clarify),
    wrongConfident: rate(wrongConfident, n),
    unanswerableFallback: rate(unanswerableFallback, n - answerable),
    byLang: Object.fromEntries(Object.entries(byLang).map(([lang, s]) => [lang, { n: s.n, direct: rate(s.direct, s.n) }])),
    alsoOffered,
    microsPerQuery: Math.round(micros * 10) / 10,
    misses,
  }
}

/** Templates that wrap a held-out variant in a chatty message (`test/eval/faq-cv-wrappers.yaml`; `{q}`: the variant). */
export type Wrappers = Partial<Record<Lang, readonly string[]>>

/** The wrappers of `test/eval/faq-cv-wrappers.yaml` under `root` (none when the file does not exist). */
export function readWrappers(root: string): Wrappers {
  const path = evalFile(root, 'faq-cv-wrappers.yaml')
  if (!path) return {}
  const doc = parse(readFileSync(path, 'utf8')) as Record<string, unknown> | null
  const list = (lang: Lang): string[] => (Array.isArray(doc?.[lang]) ? (doc[lang] as unknown[]).map(String).filter((t) => t.includes('{q}')) : [])
  return { id: list('id'), en: list('en') }
}

/**
 * The cross-validated sets: held-out variants as written, the same wrapped in chatty messages, "outside" questions,
 * and the same wrapped (a near-topic question inside a greeting and a story, as blind writers send them).
 */
interface HeldOut {
  variants: LabelledQuestion[]
  wrapped: LabelledQuestion[]
  outside: LabelledQuestion[]
  wrappedOutside: LabelledQuestion[]
}

/**
 * k-fold cross-validation over the FAQ's question variants and its "outside" questions: fold f holds out every
 * k-th variant of each entry and every k-th outside question (starting at f), trains on the rest and asks the
 * held-out ones, as written and wrapped in a chatty message (`wrappers`). Entries with fewer than two variants
 * stay whole in training.
 */
export function crossValidate(matcher: FaqMatcher, k = 5, wrappers: Wrappers = {}): FaqSetReport[] {
  const reports = folds(matcher, k, wrappers).map(({ trained, held }, fold) =>
    (['variants', 'wrapped', 'outside', 'wrappedOutside'] as const).map((set) => evaluateSet(`fold ${fold + 1}`, trained, held[set])),
  )
  return [
    mergeReports(`variants (${k}-fold)`, reports.map((r) => r[0]!)),
    mergeReports('wrapped variants', reports.map((r) => r[1]!)),
    mergeReports(`outside (${k}-fold)`, reports.map((r) => r[2]!)),
    mergeReports('wrapped outside', reports.map((r) => r[3]!)),
  ]
}

/**
 * The held-out questions of `crossValidate` (variants, wrapped variants, outside questions), each read by the
 * matcher trained without it: for fitting the confidence model and calibrating the thresholds on questions the
 * classifier has not seen (`npm run eval -- --tune`).
 */
export function crossValidationReadings(matcher: FaqMatcher, k = 5, wrappers: Wrappers = {}): LabelledReading[] {
  return folds(matcher, k, wrappers).flatMap(({ trained, held }) =>
    [...held.variants, ...held.wrapped, ...held.outside, ...held.wrappedOutside].map((q) => ({ reading: trained.read(q.q), expect: new Set(q.expect) })),
  )
}

/**
 * Fold f holds out every k-th variant of each entry and every k-th outside question (starting at f), and trains
 * a matcher on the rest. Entries with fewer than two variants stay whole in training.
 */
function folds(matcher: FaqMatcher, k: number, wrappers: Wrappers): { trained: FaqMatcher; held: HeldOut }[] {
  const { entries, outside } = matcher.trainedOn
  const out: { trained: FaqMatcher; held: HeldOut }[] = []
  const used: Record<Lang, number> = { id: 0, en: 0 }
  // Outside questions take the wrappers in their own turn (the wrapped variants stay as they were).
  const usedOutside: Record<Lang, number> = { id: 0, en: 0 }
  const wrap = (q: string, lang: Lang, counter = used): string | undefined => {
    const list = wrappers[lang] ?? []
    if (list.length === 0) return undefined
    const template = list[counter[lang]++ % list.length]!
    return template.replace('{q}', q.trim().replace(/[?.!]+$/, ''))
  }
  for (let fold = 0; fold < k; fold++) {
    const held: HeldOut = { variants: [], wrapped: [], outside: [], wrappedOutside: [] }
    const training = entries.map((entry) => {
      const variants = [...(entry.q.id ?? []).map((q) => ({ q, lang: 'id' as const })), ...(entry.q.en ?? []).map((q) => ({ q, lang: 'en' as const }))]
      if (variants.length < 2) return entry
      const keep = { id: [] as string[], en: [] as string[] }
      variants.forEach((v, i) => {
        if (i % k === fold) {
          held.variants.push({ q: v.q, expect: [entry.id], lang: v.lang })
          const wrapped = wrap(v.q, v.lang)
          if (wrapped) held.wrapped.push({ q: wrapped, expect: [entry.id], lang: v.lang })
        } else keep[v.lang].push(v.q)
      })
      return { ...entry, q: keep }
    })
    held.outside = outside.filter((_, i) => i % k === fold).map((q) => ({ q, expect: [] }))
    held.wrappedOutside = held.outside.flatMap(({ q }) => {
      const wrapped = wrap(q, detectLang(q) ?? 'id', usedOutside)
      return wrapped ? [{ q: wrapped, expect: [] }] : []
    })
    const trainOutside = outside.filter((_, i) => i % k !== fold)
    out.push({ trained: matcher.rebuild(training, { ...matcher.trainedOn.options, outside: trainOutside }), held })
  }
  return out
}

/** Sums per-fold reports into one (rates weighted by their question counts). */
function mergeReports(name: string, reports: readonly FaqSetReport[]): FaqSetReport {
  const sum = (f: (r: FaqSetReport) => number): number => reports.reduce((s, r) => s + f(r), 0)
  const answerable = sum((r) => r.answerable)
  const n = sum((r) => r.n)
  const weighted = (f: (r: FaqSetReport) => number, w: (r: FaqSetReport) => number): number => {
    const total = sum(w)
    return total === 0 ? NaN : sum((r) => (Number.isNaN(f(r)) ? 0 : f(r) * w(r))) / total
  }
  const byLang: FaqSetReport['byLang'] = {}
  for (const lang of ['id', 'en'] as const) {
    const parts = reports.map((r) => r.byLang[lang]).filter((s): s is { n: number; direct: number } => !!s)
    const count = parts.reduce((s, p) => s + p.n, 0)
    if (count > 0) byLang[lang] = { n: count, direct: parts.reduce((s, p) => s + p.direct * p.n, 0) / count }
  }
  return {
    name,
    n,
    answerable,
    unanswerable: n - answerable,
    direct: weighted((r) => r.direct, (r) => r.answerable),
    clarify: weighted((r) => r.clarify, (r) => r.answerable),
    fallback: weighted((r) => r.fallback, (r) => r.answerable),
    clarifyHasRight: weighted((r) => r.clarifyHasRight, (r) => r.clarify * r.answerable),
    wrongConfident: weighted((r) => r.wrongConfident, (r) => r.n),
    unanswerableFallback: weighted((r) => r.unanswerableFallback, (r) => r.unanswerable),
    byLang,
    alsoOffered: sum((r) => r.alsoOffered),
    microsPerQuery: Math.round(weighted((r) => r.microsPerQuery, (r) => r.n) * 10) / 10,
    misses: reports.flatMap((r) => r.misses),
  }
}

/** The labelled sets that exist: dev sets (tuned on) and the held-out test set. */
export function faqSets(root: string, skipTest: boolean): { name: string; role: 'dev' | 'test'; questions: LabelledQuestion[] }[] {
  const sets: { name: string; role: 'dev' | 'test'; questions: LabelledQuestion[] }[] = []
  const add = (file: string, name: string, role: 'dev' | 'test'): void => {
    const path = evalFile(root, file)
    if (path) sets.push({ name, role, questions: readLabelled(path) })
  }
  add('faq-dev.yaml', 'dev (faq-dev)', 'dev')
  add('queries.yaml', 'dev (queries, old)', 'dev')
  add('faq-fresh-dev.yaml', 'dev (faq-fresh, 2nd batch)', 'dev')
  add('faq-blind-dev.yaml', 'dev (blind paraphrases)', 'dev')
  add('faq-outside-dev.yaml', 'dev (outside, blind)', 'dev')
  add('faq-fresh6-dev.yaml', 'dev (faq-fresh6, 5th session)', 'dev')
  add('faq-blind6-dev.yaml', 'dev (blind paraphrases 6)', 'dev')
  add('faq-outside6-dev.yaml', 'dev (outside 6, blind)', 'dev')
  add('faq-bt5-dev.yaml', 'dev (blind tester, 5th session)', 'dev')
  add('faq-fresh7-dev.yaml', 'dev (faq-fresh7, 6th session)', 'dev')
  add('faq-fresh8-dev.yaml', 'dev (faq-fresh8, 7th session)', 'dev')
  add('faq-fresh9-dev.yaml', 'dev (faq-fresh9, 8th session)', 'dev')
  add('faq-outside10-dev.yaml', 'dev (outside 10, blind)', 'dev')
  add('faq-outside11-dev.yaml', 'dev (outside 11, blind)', 'dev')
  add('faq-fresh14-dev.yaml', 'dev (faq-fresh14, blind tester B, 14th session)', 'dev')
  add('faq-blind15-dev.yaml', 'dev (faq-blind15, blind author, 15th session)', 'dev')
  add('faq-blind16-dev.yaml', 'dev (faq-blind16, blind author, 16th session)', 'dev')
  add('faq-fresh15-dev.yaml', 'dev (faq-fresh15, blind tester B, 15th session)', 'dev')
  add('faq-fresh16-dev.yaml', 'dev (faq-fresh16, blind tester B, 16th session)', 'dev')
  if (!skipTest) add('faq-test.yaml', 'TEST (faq-test)', 'test')
  if (!skipTest) add('faq-test2.yaml', 'TEST 2 (faq-test2, 2nd batch)', 'test')
  if (!skipTest) add('faq-test3.yaml', 'TEST 3 (faq-test3, 3rd batch)', 'test')
  if (!skipTest) add('faq-test4.yaml', 'TEST 4 (faq-test4, 4th batch)', 'test')
  if (!skipTest) add('faq-test5.yaml', 'TEST 5 (faq-test5, 5th batch)', 'test')
  if (!skipTest) add('faq-test6.yaml', 'TEST 6 (faq-test6, 6th batch)', 'test')
  if (!skipTest) add('faq-test7.yaml', 'TEST 7 (faq-test7, 7th batch)', 'test')
  if (!skipTest) add('faq-test8.yaml', 'TEST 8 (faq-test8, 8th batch)', 'test')
  if (!skipTest) add('faq-test9.yaml', 'TEST 9 (faq-test9, 9th batch)', 'test')
  if (!skipTest) add('faq-test10.yaml', 'TEST 10 (faq-test10, 10th batch)', 'test')
  if (!skipTest) add('faq-test11.yaml', 'TEST 11 (faq-test11, 11th batch)', 'test')
  if (!skipTest) add('faq-test12.yaml', 'TEST 12 (faq-test12, 12th batch)', 'test')
  if (!skipTest) add('faq-test13.yaml', 'TEST 13 (faq-test13, 13th batch)', 'test')
  if (!skipTest) add('faq-test14.yaml', 'TEST 14 (faq-test14, 14th batch)', 'test')
  return sets
}

const ROWS: [string, (r: FaqSetReport) => string][] = [
  ['questions (answerable / not)', (r) => `${r.n} (${r.answerable} / ${r.unanswerable})`],
  ['direct answer correct', (r) => pct(r.direct)],
  ['clarification ("maksud Anda")', (r) => pct(r.clarify)],
  ['  right entry among choices', (r) => pct(r.clarifyHasRight)],
  ['fallback on answerable', (r) => pct(r.fallback)],
  ['wrong-confident', (r) => pct(r.wrongConfident)],
  ['unanswerable → fallback', (r) => pct(r.unanswerableFallback)],
  ['direct correct, id', (r) => (r.byLang.id ? `${pct(r.byLang.id.direct)} of ${r.byLang.id.n}` : '-')],
  ['direct correct, en', (r) => (r.byLang.en ? `${pct(r.byLang.en.direct)} of ${r.byLang.en.n}` : '-')],
  ['second question offered', (r) => String(r.alsoOffered)],
  ['time per question', (r) => `${r.microsPerQuery} µs`],
]

function reportTable(reports: readonly FaqSetReport[]): string {
  return textTable(['', ...reports.map((r) => r.name)], ROWS.map(([label, cell]) => [label, ...reports.map(cell)]))
}

function describeMiss(miss: FaqMiss): string {
  const expected = miss.expect.length > 0 ? miss.expect.join(' | ') : '(none: should fall back)'
  return `  [${miss.problem}] "${miss.q}"\n      got ${miss.kind}: ${miss.got.join(', ') || '-'}   expected: ${expected}`
}

export function runFaqEval(context: EvalContext): EvalSectionReport {
  const { bundle } = context
  const matcher = bundle.faq.index
  const sets = faqSets(context.root, context.skipTest)
  const dev = sets.filter((s) => s.role === 'dev')
  const lines: string[] = [
    `FAQ: ${bundle.faq.entries.length} entries, ${bundle.faq.entries.reduce((s, e) => s + (e.q.id?.length ?? 0) + (e.q.en?.length ?? 0), 0)} question variants; classifier trained in ${Math.round(matcher.trainMs)} ms`,
    '',
  ]
  const wrappers = readWrappers(context.root)
  const cv = crossValidate(matcher, 5, wrappers)
  const reports = [...cv, ...sets.map((s) => evaluateSet(s.name, matcher, s.questions))]
  lines.push('FAQ matcher (classifier + BM25, as users get it):', reportTable(reports), '')
  const before = sets.map((s) => evaluateSet(s.name, matcher.bm25, s.questions))
  if (before.length > 0) lines.push('Before: BM25 index alone, old thresholds:', reportTable(before), '')

  let tuned: unknown
  if (context.tune && dev.length > 0) {
    // Dev questions, and the variants each read by a classifier trained without them.
    const result = calibrate(matcher, dev.flatMap((s) => s.questions), 3, crossValidationReadings(matcher, 5, wrappers))
    tuned = result
    lines.push(
      `Calibration on dev (${result.questions} questions): best thresholds ${JSON.stringify(result.best)}`,
      `  confidence weights (fitted on the cross-validated variants): ${JSON.stringify(result.confidence)}`,
      `  ${result.summary}`,
      '',
    )
  }
  for (const [i, set] of sets.entries()) {
    if (set.role !== 'dev') continue
    const report = reports[i + cv.length]!
    if (report.misses.length === 0) continue
    lines.push(`Misses on ${set.name} (${report.misses.length}):`)
    for (const miss of report.misses) {
      lines.push(describeMiss(miss))
      if (context.explain) lines.push(`      ${JSON.stringify(matcher.explain(miss.q))}`)
    }
    lines.push('')
  }
  const strip = (r: FaqSetReport, keepMisses: boolean) => (keepMisses ? r : { ...r, misses: [] })
  return {
    text: lines.join('\n'),
    data: {
      entries: bundle.faq.entries.length,
      trainMs: Math.round(matcher.trainMs),
      thresholds: matcher.currentThresholds,
      sets: reports.map((r, i) => strip(r, i === 0 || sets[i - cv.length]?.role === 'dev')),
      before: before.map((r) => strip(r, false)),
      ...(tuned ? { calibration: tuned } : {}),
    },
  }
}

export const faqEvalSection: EvalSection = { name: 'faq', run: runFaqEval }
