/**
 * Crisis evaluation (`npm run eval`, or `npm run eval -- crisis`): how well `content/crisis.yaml` catches people
 * in danger and leaves ordinary questions alone, on labelled sets `test/eval/crisis-*.yaml` (a list of
 * `{ q, crisis: <category>|none, lang }`).
 *
 *   recall            crisis messages detected as a crisis (any category)
 *   category accuracy crisis messages detected with their own category
 *   false alarms      calm messages detected as a crisis
 * per language, plus the time per message and every miss and false alarm (with the phrase that fired).
 *
 * Development sets (`*-dev.yaml`) are evaluated by default. The held-out `crisis-test.yaml` only with `--test`:
 * never tune phrases on it.
 */
import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parse } from 'yaml'
import { crisisSchema } from '../content/crisis-schema.ts'
import type { Lang } from '../engine/types.ts'
import { parseLexicon } from './normalize.ts'
import { CrisisDetector } from './crisis.ts'
import { isHeldOut } from './eval-util.ts'

export interface CrisisEvalItem {
  q: string
  /** The expected category, or `none` for a calm message. */
  crisis: string
  lang?: Lang
}

interface Rates {
  n: number
  crisis: number
  calm: number
  recall: number
  categoryAccuracy: number
  falseAlarmRate: number
}

export interface CrisisEvalReport extends Rates {
  byLang: Partial<Record<Lang, Rates>>
  /** Mean detection time per message, in microseconds. */
  microsPerMessage: number
  misses: { q: string; expected: string }[]
  wrongCategory: { q: string; expected: string; got: string; phrase: string }[]
  falseAlarms: { q: string; got: string; phrase: string }[]
}

const EVAL_DIR = join('test', 'eval')
const DEV_SETS = ['crisis-dev.yaml', 'crisis-own-dev.yaml', 'crisis-fresh-dev.yaml', 'crisis-fresh2-dev.yaml', 'crisis-fresh3-dev.yaml', 'crisis-fresh4-dev.yaml', 'crisis-bt-dev.yaml']
const TEST_SETS = ['crisis-test.yaml', 'crisis-test2.yaml']

export function runCrisisEval(detector: CrisisDetector, items: readonly CrisisEvalItem[]): CrisisEvalReport {
  const results = items.map((item) => ({ item, got: detector.detect(item.q) }))
  const rates = (list: typeof results): Rates => {
    const crisis = list.filter((r) => r.item.crisis !== 'none')
    const calm = list.filter((r) => r.item.crisis === 'none')
    const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b)
    return {
      n: list.length,
      crisis: crisis.length,
      calm: calm.length,
      recall: ratio(crisis.filter((r) => r.got).length, crisis.length),
      categoryAccuracy: ratio(crisis.filter((r) => r.got?.category === r.item.crisis).length, crisis.length),
      falseAlarmRate: ratio(calm.filter((r) => r.got).length, calm.length),
    }
  }
  const byLang: Partial<Record<Lang, Rates>> = {}
  for (const lang of ['id', 'en'] as const) {
    const list = results.filter((r) => r.item.lang === lang)
    if (list.length > 0) byLang[lang] = rates(list)
  }
  // Timing: every message a few times over, on a fresh detector cache each round.
  const rounds = 5
  const started = performance.now()
  for (let round = 0; round < rounds; round++) for (const item of items) detector.detect(`${item.q}${' '.repeat(round)}`)
  const micros = items.length === 0 ? 0 : ((performance.now() - started) * 1000) / (rounds * items.length)
  return {
    ...rates(results),
    byLang,
    microsPerMessage: micros,
    misses: results.filter((r) => r.item.crisis !== 'none' && !r.got).map((r) => ({ q: r.item.q, expected: r.item.crisis })),
    wrongCategory: results
      .filter((r) => r.item.crisis !== 'none' && r.got && r.got.category !== r.item.crisis)
      .map((r) => ({ q: r.item.q, expected: r.item.crisis, got: r.got!.category, phrase: r.got!.phrase })),
    falseAlarms: results
      .filter((r) => r.item.crisis === 'none' && r.got)
      .map((r) => ({ q: r.item.q, got: r.got!.category, phrase: r.got!.phrase })),
  }
}

/** A labelled set: a list of `{ q, crisis, lang }` (or the same under `queries:`). */
export function readCrisisSet(file: string): CrisisEvalItem[] {
  const doc = parse(readFileSync(file, 'utf8')) as unknown
  const list = Array.isArray(doc) ? doc : (doc as { queries?: unknown } | null)?.queries
  if (!Array.isArray(list)) throw new Error(`${file}: expected a list of { q, crisis, lang }`)
  return list.map((item: Record<string, unknown>, i) => {
    if (typeof item['q'] !== 'string') throw new Error(`${file}: item ${i + 1} has no \`q:\` text`)
    const crisis = item['crisis'] === undefined || item['crisis'] === null || item['crisis'] === false ? 'none' : String(item['crisis'])
    const lang = item['lang'] === 'en' || item['lang'] === 'id' ? item['lang'] : undefined
    return { q: item['q'], crisis, ...(lang ? { lang } : {}) }
  })
}

/** The detector from the content folder's crisis.yaml and slang table. */
export function loadCrisisDetector(contentDir = 'content'): CrisisDetector {
  const lexicon = parseLexicon(parse(readFileSync(join(contentDir, 'lexicon', 'slang.yaml'), 'utf8')))
  const content = crisisSchema.parse(parse(readFileSync(join(contentDir, 'crisis.yaml'), 'utf8')))
  const { detector, problems } = CrisisDetector.build(content, lexicon)
  if (problems.length > 0) throw new Error(`content/crisis.yaml: ${problems.map((p) => p.message).join('; ')} (run npm run validate)`)
  return detector
}

/** Runs the crisis evaluation; returns the reports by set file (printed unless `json`). */
export function crisisEvalCommand(args: readonly string[]): { code: number; reports: Record<string, CrisisEvalReport> } {
  const json = args.includes('--json')
  const files = [...DEV_SETS, ...(args.includes('--test') ? TEST_SETS : [])].map((f) => join(EVAL_DIR, f)).filter((f) => existsSync(f))
  const reports: Record<string, CrisisEvalReport> = {}
  let detector: CrisisDetector
  try {
    detector = loadCrisisDetector()
    for (const file of files) reports[file] = runCrisisEval(detector, readCrisisSet(file))
  } catch (error) {
    console.error(`eval crisis: ${error instanceof Error ? error.message : String(error)}`)
    return { code: 1, reports }
  }
  if (!json) {
    for (const [file, report] of Object.entries(reports)) console.log(`\n${describe(file, report)}`)
    if (files.length === 0) console.log('\nCrisis: no labelled set in test/eval/crisis-*-dev.yaml')
  }
  return { code: 0, reports }
}

function describe(file: string, r: CrisisEvalReport): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
  const lines = [
    `Crisis detection on ${file}: ${r.n} messages (${r.crisis} crisis / ${r.calm} calm), ${r.microsPerMessage.toFixed(0)} µs per message`,
    `  recall ${pct(r.recall)}   category accuracy ${pct(r.categoryAccuracy)}   false alarms ${pct(r.falseAlarmRate)}`,
  ]
  for (const [lang, x] of Object.entries(r.byLang)) {
    lines.push(`  ${lang}: recall ${pct(x.recall)} of ${x.crisis}, category ${pct(x.categoryAccuracy)}, false alarms ${pct(x.falseAlarmRate)} of ${x.calm}`)
  }
  if (isHeldOut(file)) {
    lines.push(`  misses, false alarms and wrong categories: not shown (held-out test set)`)
    return lines.join('\n')
  }
  for (const m of r.misses) lines.push(`  [missed ${m.expected}] "${m.q}"`)
  for (const m of r.falseAlarms) lines.push(`  [false alarm ${m.got}: ${m.phrase}] "${m.q}"`)
  for (const m of r.wrongCategory) lines.push(`  [${m.got} instead of ${m.expected}: ${m.phrase}] "${m.q}"`)
  return lines.join('\n')
}
