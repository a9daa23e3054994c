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
import { join, resolve } from 'node:path'
import { parse } from 'yaml'
import { loadBundle } from '../content/load.ts'
import { ACTION_SPECS } from '../engine/actions.ts'
import type { Lang } from '../engine/types.ts'
import { seededRandom } from './seeded-random.ts'
import { alarmFor, clearKind, CrisisDetector, isNeedsReason, KIND_AT_LEAST, REQUEST_CALM, RULE_CALM, vetoFor, type CrisisBuildOptions, type CrisisThresholds } from './crisis.ts'
import { cleanText } from './normalize.ts'
import type { CrisisExample } from './crisis-model.ts'
import { isHeldOut } from './eval-util.ts'
import { freshReadings } from './text-cache.ts'

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
const DEV_SETS = ['crisis-dev.yaml', 'crisis-own-dev.yaml', 'crisis-fresh-dev.yaml', 'crisis-fresh2-dev.yaml', 'crisis-fresh3-dev.yaml', 'crisis-fresh4-dev.yaml', 'crisis-bt-dev.yaml', 'crisis-fresh5-dev.yaml', 'crisis-fresh6-dev.yaml', 'crisis-fresh7-dev.yaml', 'crisis-fresh8-dev.yaml', 'crisis-fresh9-dev.yaml', 'crisis-fresh10-dev.yaml', 'crisis-fresh11-dev.yaml', 'crisis-calm12-dev.yaml', 'crisis-fresh13-dev.yaml', 'crisis-fresh14-dev.yaml', 'crisis-blind15-dev.yaml', 'crisis-fresh15-dev.yaml', 'crisis-blind16-dev.yaml', 'crisis-fresh16-dev.yaml']
const TEST_SETS = ['crisis-test.yaml', 'crisis-test2.yaml', 'crisis-test3.yaml', 'crisis-test4.yaml', 'crisis-test5.yaml', 'crisis-test6.yaml', 'crisis-test7.yaml', 'crisis-test8.yaml', 'crisis-test9.yaml', 'crisis-test10.yaml', 'crisis-test11.yaml', 'crisis-test12.yaml', 'crisis-test13.yaml', 'crisis-test14.yaml']

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
  // Timing: every message a few times over, each read afresh (no remembered verdicts).
  const rounds = 5
  const started = performance.now()
  freshReadings(() => {
    for (let round = 0; round < rounds; round++) for (const item of items) detector.detect(`${item.q}${' '.repeat(round)}`)
  })
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

/** The detector from the content folder's crisis.yaml, its example messages and the slang table. */
export function loadCrisisDetector(contentDir = 'content'): CrisisDetector {
  return loadCrisisContent(contentDir).detector
}

/** The detector as the content bundle builds it (phrases, example messages, FAQ and form words), and its examples. */
export function loadCrisisContent(contentDir = 'content'): { detector: CrisisDetector; examples: readonly CrisisExample[] } {
  const { bundle, problems } = loadBundle({ contentDir: resolve(contentDir), flowsDir: resolve(contentDir, '..', 'flows'), actions: ACTION_SPECS })
  if (!bundle) throw new Error(`the content does not load (run npm run validate): ${problems.filter((p) => p.severity === 'error').map((p) => `${p.file}: ${p.message}`).slice(0, 3).join('; ')}`)
  return { detector: bundle.crisis, examples: bundle.crisis.examples }
}

/** How each layer decided one message, enough to decide again under other thresholds without retraining. */
export interface CrisisReading {
  item: CrisisEvalItem
  /** The category of the first phrase that counts, if any. */
  rule?: string
  /** That phrase, as the content writes it. */
  phrase?: string
  /** That phrase also counts in calm example messages: a calm classifier may overrule it (`ambiguousVeto`). */
  ambiguous?: boolean
  /** The rules overrule the classifier: a phrase set aside as a denial, question or news, or a calm word. */
  ruleCalm: boolean
  /** That reason is a phrase without a word it needs (`thresholds.sureNeeds` applies, not `sure`). */
  ruleNeeds?: boolean
  /** Laughter or "sudah aman": calm before anything else. */
  silenced: boolean
  /** A `calm_together` rule holds the message calm whatever the classifier says. */
  ruleHolds?: boolean
  /** The classifier's crisis probability; absent when it does not judge (a message of a word or two). */
  p?: number
  modelCategory: string
  /** The likeliest category's probability if the message is a crisis. */
  share?: number
  /** The phrase's category is kept whatever the classifier says (self-harm, or the classifier reads self-harm). */
  ruleKeepsKind: boolean
  /** The classifier's probability for the phrase's part of a long message (a veto takes the higher of the two). */
  localP?: number
}

/** Reads every item with the detector (rules and classifier separately). */
export function readItems(detector: CrisisDetector, items: readonly CrisisEvalItem[]): CrisisReading[] {
  const keepsKind = new Set(detector.keepsKind)
  return items.map((item) => {
    const e = detector.explain(item.q)
    const kept = e.matches.find((m) => m.kept)
    return {
      item,
      ...(kept ? { rule: kept.category, phrase: kept.phrase, ...(kept.ambiguous ? { ambiguous: true } : {}) } : {}),
      ruleCalm: e.overruled !== undefined,
      ...(e.overruled !== undefined && isNeedsReason(e.overruled) ? { ruleNeeds: true } : {}),
      ...(e.overruled === RULE_CALM || e.overruled === REQUEST_CALM ? { ruleHolds: true } : {}),
      ruleKeepsKind: kept !== undefined && (keepsKind.has(kept.category) || keepsKind.has(e.score?.category ?? '')),
      silenced: e.silenced === true,
      ...(e.score ? { p: e.score.p, share: e.score.share } : {}),
      ...(e.localP !== undefined ? { localP: e.localP } : {}),
      modelCategory: e.score?.category ?? 'none',
    }
  })
}

/** The decision `CrisisDetector.run` makes from a reading, under `t` (`layer`: rules or classifier alone). */
export function decide(r: CrisisReading, t: CrisisThresholds, layer: 'both' | 'rules' | 'classifier' = 'both'): string {
  if (r.silenced) return 'none'
  if (layer === 'rules') return r.rule ?? 'none'
  const p = r.p
  const alarm = alarmFor(t, r.modelCategory, r.share ?? 0)
  if (layer === 'classifier') return p !== undefined && p >= alarm ? r.modelCategory : 'none'
  if (r.rule) {
    const vetoP = p === undefined ? undefined : Math.max(p, r.localP ?? 0)
    if (vetoP !== undefined && vetoP < vetoFor(t, r.rule)) return 'none'
    if (vetoP !== undefined && r.ambiguous && vetoP < t.ambiguousVeto) return 'none'
    return p !== undefined && !r.ruleKeepsKind && clearKind(p, r.share ?? 0) ? r.modelCategory : r.rule
  }
  return p !== undefined && p >= alarm && (r.share ?? 0) >= KIND_AT_LEAST && (!r.ruleCalm || (p >= (r.ruleNeeds ? t.sureNeeds : t.sure) && !r.ruleHolds)) ? r.modelCategory : 'none'
}

export interface LayerRates {
  recall: number
  categoryAccuracy: number
  falseAlarmRate: number
  byLang: Partial<Record<Lang, { recall: number; falseAlarmRate: number; crisis: number; calm: number }>>
}

/** Recall, category accuracy and false alarms of decisions over readings. */
export function layerRates(readings: readonly CrisisReading[], t: CrisisThresholds, layer: 'both' | 'rules' | 'classifier' = 'both'): LayerRates {
  const ratio = (a: number, b: number): number => (b === 0 ? 0 : a / b)
  const count = (list: readonly CrisisReading[]) => {
    const crisis = list.filter((r) => r.item.crisis !== 'none')
    const calm = list.filter((r) => r.item.crisis === 'none')
    return {
      crisis: crisis.length,
      calm: calm.length,
      recall: ratio(crisis.filter((r) => decide(r, t, layer) !== 'none').length, crisis.length),
      categoryAccuracy: ratio(crisis.filter((r) => decide(r, t, layer) === r.item.crisis).length, crisis.length),
      falseAlarmRate: ratio(calm.filter((r) => decide(r, t, layer) !== 'none').length, calm.length),
    }
  }
  const byLang: LayerRates['byLang'] = {}
  for (const lang of ['id', 'en'] as const) {
    const list = readings.filter((r) => r.item.lang === lang)
    if (list.length > 0) {
      const { recall, falseAlarmRate, crisis, calm } = count(list)
      byLang[lang] = { recall, falseAlarmRate, crisis, calm }
    }
  }
  const all = count(readings)
  return { recall: all.recall, categoryAccuracy: all.categoryAccuracy, falseAlarmRate: all.falseAlarmRate, byLang }
}

/**
 * k-fold cross-validation over the example messages: the classifier is trained on the phrases and k−1 folds
 * (stratified by label) and reads the held-out fold. Returns the held-out readings of every example.
 *
 * Folds are group-aware (`groups`, default `nearCopies`): messages written as variants of one another ("aku pamit
 * ya mbak, titip ibu" / "aku pamit ya mas, titip anak-anak") go to the same fold, so a held-out message never has a
 * near copy in training. With random folds they would, and cross-validation would promise more than unseen
 * messages give.
 */
export function crossValidate(
  detector: CrisisDetector,
  examples: readonly CrisisExample[],
  k = 5,
  seed = 3,
  groups: (examples: readonly CrisisExample[]) => number[] = nearCopies,
  options: CrisisBuildOptions = {},
): CrisisReading[] {
  const random = seededRandom(seed)
  const groupOf = groups(examples)
  // Groups, by the label of their first message (stratified), dealt to folds in a random order.
  const members = new Map<number, CrisisExample[]>()
  examples.forEach((e, i) => members.set(groupOf[i]!, [...(members.get(groupOf[i]!) ?? []), e]))
  const byLabel = new Map<string, CrisisExample[][]>()
  for (const list of members.values()) byLabel.set(list[0]!.crisis, [...(byLabel.get(list[0]!.crisis) ?? []), list])
  const fold = new Map<CrisisExample, number>()
  const size = new Array<number>(k).fill(0)
  for (const lists of byLabel.values()) {
    // Largest groups first, each to the fold with the fewest messages so far (ties broken at random).
    const order = lists.map((list) => ({ list, r: random() })).sort((a, b) => b.list.length - a.list.length || a.r - b.r)
    const start = Math.floor(random() * k)
    for (const { list } of order) {
      let best = start
      for (let j = 1; j < k; j++) if (size[(start + j) % k]! < size[best]!) best = (start + j) % k
      for (const e of list) fold.set(e, best)
      size[best]! += list.length
    }
  }
  const readings: CrisisReading[] = []
  for (let f = 0; f < k; f++) {
    const trained = detector.rebuild({ ...options, examples: examples.filter((e) => fold.get(e) !== f) })
    readings.push(...readItems(trained, examples.filter((e) => fold.get(e) === f).map((e) => ({ q: e.q, crisis: e.crisis, ...(e.lang ? { lang: e.lang } : {}) }))))
  }
  return readings
}

/** Every message its own group: plain stratified folds. */
export function singletons(examples: readonly CrisisExample[]): number[] {
  return examples.map((_, i) => i)
}

/** Two messages sharing at least this share of their words (Jaccard, words of 3+ letters) are near copies. */
const NEAR_COPY = 0.5

/**
 * Groups of near copies: messages linked (also through others) by sharing half their words or more. Returns the
 * group id of each message.
 */
export function nearCopies(examples: readonly CrisisExample[]): number[] {
  const words = examples.map((e) => new Set(cleanText(e.q).split(' ').filter((w) => w.length >= 3)))
  const parent = examples.map((_, i) => i)
  const root = (i: number): number => {
    while (parent[i] !== i) i = parent[i] = parent[parent[i]!]!
    return i
  }
  const byWord = new Map<string, number[]>()
  words.forEach((set, i) => {
    for (const w of set) byWord.set(w, [...(byWord.get(w) ?? []), i])
  })
  words.forEach((set, i) => {
    const shared = new Map<number, number>()
    for (const w of set) for (const j of byWord.get(w)!) if (j < i) shared.set(j, (shared.get(j) ?? 0) + 1)
    for (const [j, n] of shared) {
      if (n / (set.size + words[j]!.size - n) >= NEAR_COPY) parent[root(i)] = root(j)
    }
  })
  return examples.map((_, i) => root(i))
}

/** Runs the crisis evaluation; returns the reports by set file (printed unless `json`). */
export function crisisEvalCommand(args: readonly string[]): { code: number; reports: Record<string, CrisisEvalReport>; crossValidated?: LayerRates } {
  const json = args.includes('--json')
  const files = [...DEV_SETS, ...(args.includes('--test') ? TEST_SETS : [])].map((f) => join(EVAL_DIR, f)).filter((f) => existsSync(f))
  const reports: Record<string, CrisisEvalReport> = {}
  const layers: Record<string, Record<'rules' | 'classifier', LayerRates>> = {}
  let detector: CrisisDetector
  let examples: readonly CrisisExample[]
  let cv: CrisisReading[] = []
  const devReadings: CrisisReading[] = []
  /** Dev sets whose messages are (mostly) training examples: only cross-validation measures them. */
  const inTraining = new Map<string, Set<string>>()
  try {
    ;({ detector, examples } = loadCrisisContent())
    const trainedOn = new Set(examples.map((e) => e.q))
    for (const file of files) {
      const items = readCrisisSet(file)
      if (items.filter((i) => trainedOn.has(i.q)).length * 2 > items.length) inTraining.set(file, new Set(items.map((i) => i.q)))
      reports[file] = runCrisisEval(detector, items)
      const readings = readItems(detector, items)
      if (file.endsWith('-dev.yaml') && !inTraining.has(file)) devReadings.push(...readings)
      layers[file] = { rules: layerRates(readings, detector.thresholds, 'rules'), classifier: layerRates(readings, detector.thresholds, 'classifier') }
    }
    if (examples.length >= 10) cv = crossValidate(detector, examples)
  } catch (error) {
    console.error(`eval crisis: ${error instanceof Error ? error.message : String(error)}`)
    return { code: 1, reports }
  }
  const crossValidated = cv.length > 0 ? layerRates(cv, detector.thresholds) : undefined
  if (!json) {
    for (const [file, report] of Object.entries(reports)) {
      console.log(`\n${describe(file, report)}${inTraining.has(file) ? '\n  (training examples of the classifier: these numbers are not a measure; see the cross-validation below)' : ''}`)
      const l = layers[file]!
      console.log(`  rules alone: ${brief(l.rules)}\n  classifier alone: ${brief(l.classifier)}`)
    }
    if (files.length === 0) console.log('\nCrisis: no labelled set in test/eval/crisis-*-dev.yaml')
    console.log(`\nCrisis detector built in ${detector.buildMs.toFixed(0)} ms at content load (classifier trained in ${detector.model?.trainMs.toFixed(0) ?? '-'} ms)`)
    if (crossValidated) {
      console.log(`\nCrisis classifier, 5-fold cross-validation over ${cv.length} example messages (content/crisis-examples.yaml; near copies kept in one fold, ${new Set(nearCopies(examples)).size} groups):`)
      console.log(`  rules + classifier: ${brief(crossValidated)}`)
      console.log(`  rules alone: ${brief(layerRates(cv, detector.thresholds, 'rules'))}`)
      console.log(`  classifier alone: ${brief(layerRates(cv, detector.thresholds, 'classifier'))}`)
      const fromSets = new Set([...inTraining.values()].flatMap((texts) => [...texts]))
      const own = cv.filter((r) => !fromSets.has(r.item.q))
      if (inTraining.size > 0) console.log(`  the ${own.length} written for the examples file only (new to the phrases too): ${brief(layerRates(own, detector.thresholds))}`)
      for (const [file, texts] of inTraining) {
        const part = cv.filter((r) => texts.has(r.item.q))
        console.log(`  the ${part.length} from ${file}: ${brief(layerRates(part, detector.thresholds))}`)
      }
      if (args.includes('--explain')) {
        for (const r of cv) {
          const got = decide(r, detector.thresholds)
          if ((got === 'none') !== (r.item.crisis === 'none')) console.log(`  [cv ${r.item.crisis} → ${got}, p ${r.p?.toFixed(2) ?? '-'}] "${r.item.q}"`)
        }
      }
    }
    if (args.includes('--tune') && cv.length > 0) {
      const fromSets = new Set([...inTraining.values()].flatMap((texts) => [...texts]))
      const own = cv.filter((r) => !fromSets.has(r.item.q))
      console.log('\nThresholds (alarm / veto): cross-validated examples | of them, those new to the phrases | dev sets not trained on')
      for (const alarm of [0.5, 0.6, 0.7, 0.75, 0.8, 0.85, 0.9]) {
        for (const veto of [0.02, 0.05, 0.1, 0.15, 0.2]) {
          const t = { ...detector.thresholds, alarm, veto }
          console.log(`  ${alarm.toFixed(2)} / ${veto.toFixed(2)}: ${brief(layerRates(cv, t))} | ${brief(layerRates(own, t))} | ${brief(layerRates(devReadings, t))}`)
        }
      }
    }
  }
  return { code: 0, reports, ...(crossValidated ? { crossValidated } : {}) }
}

function brief(r: LayerRates): string {
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`
  const langs = Object.entries(r.byLang)
    .map(([lang, x]) => `${lang} ${pct(x.recall)}/${pct(x.falseAlarmRate)}`)
    .join(', ')
  return `recall ${pct(r.recall)}, category ${pct(r.categoryAccuracy)}, false alarms ${pct(r.falseAlarmRate)} (${langs})`
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
