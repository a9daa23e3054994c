import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { z } from 'zod'
import type { Lang } from '../engine/types.ts'
import { loadRegistry } from './agency-csv.ts'
import { normalizeLexicon, normalizeText } from '../understanding/normalize.ts'
import { CrisisDetector } from '../understanding/crisis.ts'
import { FileWeightCache } from './model-cache.ts'
import { crisisExamplesSchema, crisisSchema } from './crisis-schema.ts'
import { crisisExamples, everydayQuestions, formAnswers } from '../understanding/crisis-model.ts'
import { RegionIndex } from '../knowledge/regions.ts'
import { FaqMatcher } from '../understanding/faq-matcher.ts'
import { bilingualLexiconCached } from '../understanding/bilingual.ts'
import type { Bundle, CommandWords, Flow } from './bundle.ts'
import { checkBundle, type ActionSpecs } from './checks.ts'
import { freshnessProblems } from './freshness.ts'
import { hasErrors, type Problem } from './problems.ts'
import {
  commandsSchema,
  contactsSchema,
  countriesSchema,
  discourseSchema,
  faqFileSchema,
  faqTopicsSchema,
  flowSchema,
  lexiconSchema,
  englishLexiconSchema,
  faqOutsideSchema,
  textTreeSchema,
  trainingsSchema,
  type Commands,
  type FlowDef,
  type TextTree,
} from './schemas.ts'
import type { Contact, Country, FaqEntry, FaqTopic, Training } from './types.ts'
import { YamlSource } from './yaml-source.ts'
import { intentsFileSchema } from '../understanding/intents-format.ts'
import { commandKey, mediaTextKey } from './keys.ts'
import { Condition, ConditionError } from '../engine/conditions.ts'
import { loadRouter } from '../understanding/load-router.ts'
import type { Router } from '../understanding/router.ts'
import { loadRedflagCues, redflagCuesSchema } from '../understanding/redflag-cues.ts'
import { abroadSchema, buildAbroad } from '../engine/abroad.ts'

/** commands.yaml lists read inside form answers (src/engine/recruiter-text.ts, form-input.ts), not typed alone. */
const READING_WORDS: ReadonlySet<string> = new Set(['small_talk', 'ask_intro', 'asks_bot', 'recruiter_intro', 'recruiter_noise', 'recruiter_title', 'recruiter_company', 'family_phone', 'report_fix', 'age_soon', 'summary_destination', 'summary_interest', 'summary_language', 'recruiter_possessive', 'not_a_name', 'for_someone_else', 'name_intro_other', 'privacy_question', 'not_a_company', 'work_not_place', 'no_own_phone', 'quiz_not_answer', 'unsure_typed', 'yes_typed', 'summary_add', 'call_when', 'this_number', 'age_cue', 'age_unit', 'education_cue', 'school_words', 'name_correction_lead', 'name_correction', 'name_correction_after', 'name_correction_name', 'already_said', 'name_cue', 'leave_to_ask', 'ask_leave', 'ask_topic', 'off_topic', 'no_typed', 'enough', 'place_now'])

export interface LoadOptions {
  flowsDir: string
  contentDir: string
  /** The engine's actions and their outcomes, to check `action:` steps. */
  actions: ActionSpecs
  /** Paths in problems are shown relative to this folder (default: the current directory). */
  baseDir?: string
  now?: number
  /**
   * A folder for trained classifier weights (DATA_DIR/model-cache; `model-cache.ts`): a load whose training inputs
   * are unchanged reads them instead of training. Without it every load trains.
   */
  modelCacheDir?: string
}

export interface LoadResult {
  bundle?: Bundle
  problems: Problem[]
}

/** What a file contributed, with its source for locating later problems. */
export interface Parsed<T> {
  value: T
  source: YamlSource
}

/**
 * Reads, validates and indexes all content. Returns every problem found (not only the first); `bundle` is
 * set only when there is no error (warnings allowed).
 */
export function loadBundle(options: LoadOptions): LoadResult {
  const started = performance.now()
  const base = options.baseDir ?? process.cwd()
  const problems: Problem[] = []
  const hash = createHash('sha256')
  const show = (path: string): string => relative(base, path) || path

  const readValidated = <S extends z.ZodType>(path: string, schema: S): Parsed<z.output<S>> | undefined => {
    const display = show(path)
    if (!existsSync(path)) {
      problems.push({ file: display, line: 0, col: 0, severity: 'error', message: 'file is missing; restore it from the repository' })
      return undefined
    }
    const text = readFileSync(path, 'utf8')
    hash.update(display).update('\0').update(text)
    const { source, problems: syntax } = YamlSource.parse(display, text.replace(/^\uFEFF/, ''))
    problems.push(...syntax)
    if (!source) return undefined
    // Each schema checks one file once per load: zod's generated fast path (code built and compiled per object
    // shape) costs more than it saves here, so it is skipped; the same checks and messages either way.
    const result = schema.safeParse(source.data, { jitless: true })
    if (!result.success) {
      for (const issue of result.error.issues) problems.push(source.problem(issue.path, issue.message))
      return undefined
    }
    return { value: result.data, source }
  }

  const yamlFiles = (dir: string): string[] =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((name) => name.endsWith('.yaml') || name.endsWith('.yml'))
          .sort()
          .map((name) => join(dir, name))
      : []

  // Flows
  const flowDefs: Parsed<FlowDef>[] = []
  const flowFiles = yamlFiles(options.flowsDir)
  if (flowFiles.length === 0) {
    problems.push({ file: show(options.flowsDir), line: 0, col: 0, severity: 'error', message: 'no flow files (*.yaml) found; check FLOWS_DIR' })
  }
  for (const file of flowFiles) {
    const parsed = readValidated(file, flowSchema)
    if (parsed) flowDefs.push(parsed)
  }

  // Texts per language
  const texts: Record<Lang, Map<string, string>> = { id: new Map(), en: new Map() }
  const textSources: Record<Lang, Map<string, { source: YamlSource; path: string[] }>> = { id: new Map(), en: new Map() }
  for (const lang of ['id', 'en'] as const) {
    for (const file of yamlFiles(join(options.contentDir, 'texts', lang))) {
      const parsed = readValidated(file, textTreeSchema)
      if (!parsed) continue
      flattenTexts(parsed.value, [], (path, text) => {
        const key = path.join('.')
        const previous = textSources[lang].get(key)
        if (previous) {
          problems.push(
            parsed.source.problem(path, `text key "${key}" is also defined in ${previous.source.file}; keep one`),
          )
        }
        texts[lang].set(key, text)
        textSources[lang].set(key, { source: parsed.source, path })
      })
    }
  }

  const contacts = readValidated(join(options.contentDir, 'contacts.yaml'), contactsSchema)
  const commands = readValidated(join(options.contentDir, 'commands.yaml'), commandsSchema)
  const topics = readValidated(join(options.contentDir, 'faq', 'topics.yaml'), faqTopicsSchema)
  const faqFiles: Parsed<z.output<typeof faqFileSchema>>[] = []
  for (const file of yamlFiles(join(options.contentDir, 'faq'))) {
    if (file.endsWith('/topics.yaml')) continue
    const parsed = readValidated(file, faqFileSchema)
    if (parsed) faqFiles.push(parsed)
  }
  const lexicon = readValidated(join(options.contentDir, 'lexicon', 'slang.yaml'), lexiconSchema)
  const discourse = readValidated(join(options.contentDir, 'lexicon', 'discourse.yaml'), discourseSchema)
  const englishPath = join(options.contentDir, 'lexicon', 'english.yaml')
  const english = existsSync(englishPath) ? readValidated(englishPath, englishLexiconSchema) : undefined
  const outsidePath = join(options.contentDir, 'faq-outside.yaml')
  const outsideFile = existsSync(outsidePath) ? readValidated(outsidePath, faqOutsideSchema) : undefined
  const intentsPath = join(options.contentDir, 'intents.yaml')
  const intentsFile = existsSync(intentsPath) ? readValidated(intentsPath, intentsFileSchema) : undefined
  const trainings = readValidated(join(options.contentDir, 'trainings.yaml'), trainingsSchema)
  const crisisFile = readValidated(join(options.contentDir, 'crisis.yaml'), crisisSchema)
  // Optional: without labelled messages the crisis classifier learns from the phrases alone.
  const crisisExamplesPath = join(options.contentDir, 'crisis-examples.yaml')
  const crisisExamplesFile = existsSync(crisisExamplesPath) ? readValidated(crisisExamplesPath, crisisExamplesSchema) : undefined
  const countries = readValidated(join(options.contentDir, 'countries.yaml'), countriesSchema)

  let regions: RegionIndex | undefined
  const regionsPath = join(options.contentDir, 'regions.csv')
  try {
    const text = readFileSync(regionsPath, 'utf8')
    hash.update(text)
    regions = RegionIndex.fromCsv(text)
  } catch (error) {
    problems.push({ file: show(regionsPath), line: 0, col: 0, severity: 'error', message: `regions could not be read: ${(error as Error).message}` })
  }

  const registry = loadRegistry(options.contentDir)
  problems.push(...registry.problems.map((p) => ({ ...p, file: show(p.file) })))
  if (registry.registry) hash.update(`registry:${registry.registry.asOf}:${registry.registry.agencies.length}`)

  // Build flows with their indexes; conditions are parsed here so that a bad one is located precisely.
  const flows = new Map<string, Flow>()
  for (const { value: def, source } of flowDefs) {
    if (flows.has(def.id)) {
      problems.push(source.problem(['id'], `flow id "${def.id}" is used by another file too; flow ids must be unique`))
      continue
    }
    const index = new Map<string, number>()
    const conditions = new Map<string, Condition>()
    def.steps.forEach((step, position) => {
      if (index.has(step.id)) {
        problems.push(source.problem(['steps', position, 'id'], `step id "${step.id}" is used twice in flow "${def.id}"; rename one`))
      } else index.set(step.id, position)
      if ('branch' in step) {
        step.branch.forEach((line, lineNo) => {
          if (!('if' in line)) return
          try {
            conditions.set(`${step.id}#${lineNo}`, Condition.parse(line.if))
          } catch (error) {
            const detail = error instanceof ConditionError ? `${error.message} (at character ${error.offset + 1})` : String(error)
            problems.push(source.problem(['steps', position, 'branch', lineNo, 'if'], `condition "${line.if}": ${detail}`))
          }
        })
      }
    })
    flows.set(def.id, { id: def.id, file: source.file, title: def.title, ...(def.about ? { about: def.about } : {}), steps: def.steps, index, conditions })
  }

  const entries: FaqEntry[] = faqFiles.flatMap((file) => file.value.entries)
  const commandWords = commands ? buildCommandWords(commands.value) : undefined
  const lexiconMap = new Map(Object.entries(lexicon?.value.slang ?? {}).map(([k, v]) => [k.toLowerCase(), v]))

  const weights = options.modelCacheDir ? new FileWeightCache(options.modelCacheDir) : undefined
  // The FAQ matcher reads English questions through the English domain words too (not crisis, not routing).
  const faqLexicon = bilingualLexiconCached(lexiconMap, english?.value.english ?? {}, entries, weights)
  if (english) for (const p of faqLexicon.problems) problems.push(english.source.problem(['english', p.key], p.message, p.severity))

  // Questions outside the FAQ: never the same text as an entry's question variant (that one has an answer).
  const outside: string[] = []
  if (outsideFile) {
    const variants = new Map(entries.flatMap((e) => [...(e.q.id ?? []), ...(e.q.en ?? [])].map((q) => [normalizeText(q), e.id] as const)))
    for (const lang of ['id', 'en'] as const) {
      outsideFile.value.outside[lang].forEach((q, i) => {
        const entry = variants.get(normalizeText(q))
        if (entry) problems.push(outsideFile.source.problem(['outside', lang, i], `"${q}" is a question of FAQ entry "${entry}", which answers it; remove it here`))
        else outside.push(q)
      })
    }
  }

  // The FAQ classifier trains in a worker thread while the rest loads here (crisis detector, checks, routing);
  // the bundle is returned only once it is ready (`settle()` below).
  const faqIndex =
    discourse && !hasErrors(problems) ? FaqMatcher.build(entries.filter(matchable), faqLexicon.lexicon, discourse.value, { outside }, weights, { background: true }) : undefined
  let crisis: CrisisDetector | undefined
  let requestRouter: Router | undefined
  if (crisisFile) {
    const categories = crisisFile.value.categories.map((c) => c.id)
    const read = crisisExamplesFile ? crisisExamples(crisisExamplesFile.value, categories) : { examples: [], problems: [] }
    for (const p of read.problems) problems.push(crisisExamplesFile!.source.problem(p.path, p.message, p.severity))
    const englishWords = Object.keys(english?.value.english ?? {}).filter((k) => !k.includes(' '))
    const built = CrisisDetector.build(crisisFile.value, normalizeLexicon(lexiconMap), {
      examples: read.examples,
      // The `requests:` rule reads the job a message asks for; the router is built further down, before any message.
      intentOf: (text) => requestRouter?.route(text) ?? {},
      knownWords: [...englishWords, ...englishWords.map((w) => `${w}s`)],
      calm: [
        ...everydayQuestions(entries),
        // What people ask besides the FAQ (chit-chat, weather, other services) and the examples of the jobs they
        // start (check an agency, delete my data, talk to a person): ordinary messages, calm.
        ...outside,
        ...(intentsFile?.value.intents ?? []).flatMap((intent) => [...(intent.examples?.id ?? []), ...(intent.examples?.en ?? [])]),
        ...formAnswers([
          // Words that help read form answers (recruiter_*, family_phone, …) are not whole messages: not calm examples.
          ...Object.entries(commands?.value.commands ?? {}).filter(([key]) => !READING_WORDS.has(key)).map(([, words]) => words),
          (countries?.value.countries ?? []).flatMap((c) => [c.label.id, c.label.en ?? '', ...c.synonyms]),
          (trainings?.value.trainings ?? []).flatMap((t) => [t.label.id, t.label.en ?? '', ...t.synonyms]),
          (regions?.provinces() ?? []).flatMap((p) => [p.name, ...regions!.regencies(p.code).map((r) => r.name)]),
        ]),
      ],
    }, weights, { background: true })
    crisis = built.detector
    for (const p of built.problems) problems.push(crisisFile.source.problem(p.path, p.message))
    const faqIds = new Set(entries.map((e) => e.id))
    for (const ref of crisis.faqRefs()) {
      if (!faqIds.has(ref.id)) problems.push(crisisFile.source.problem(ref.path, `unknown FAQ id "${ref.id}"; use an id from content/faq/`))
    }
  }

  problems.push(
    ...checkBundle({
      flows: flowDefs,
      texts,
      textSources,
      contacts: contacts ?? undefined,
      faqFiles,
      topics: topics ?? undefined,
      actions: options.actions,
    }),
  )

  problems.push(...freshnessProblems(faqFiles, options.now ?? Date.now()))

  const routing =
    trainings && countries && existsSync(intentsPath)
      ? loadRouter(intentsFile, flowDefs, trainings.value.trainings, countries.value.countries, lexiconMap, entries, regions?.placeNames() ?? [])
      : { problems: [] }
  problems.push(...routing.problems)
  requestRouter = routing.router

  const redflagsPath = join(options.contentDir, 'redflag-cues.yaml')
  const redflagCues = loadRedflagCues(existsSync(redflagsPath) ? readValidated(redflagsPath, redflagCuesSchema) : undefined, {
    faqIds: new Set(entries.map((e) => e.id)),
    texts,
    flows: flowDefs,
    lexicon: lexiconMap,
  })
  problems.push(...redflagCues.problems)

  // Optional: places abroad and the words around them (src/engine/abroad.ts).
  const abroadPath = join(options.contentDir, 'abroad.yaml')
  const abroadFile = existsSync(abroadPath) ? readValidated(abroadPath, abroadSchema) : undefined
  const abroad = abroadFile && countries && contacts ? buildAbroad(abroadFile.value, countries.value.countries, new Set(contacts.value.contacts.map((c) => c.id))) : undefined
  for (const message of abroad?.problems ?? []) problems.push({ file: 'content/abroad.yaml', line: 0, col: 0, severity: 'error', message })

  // Work without a training of its own: the trainings it offers instead exist, and its text is there in every language.
  for (const [i, gap] of (trainings?.value.without_training ?? []).entries()) {
    for (const [j, id] of gap.closest.entries()) {
      if (!trainings!.value.trainings.some((t) => t.id === id)) problems.push(trainings!.source.problem(['without_training', i, 'closest', j], `"${id}" is not a training id in this file`))
    }
    for (const lang of ['id', 'en'] as const) {
      if (!texts[lang].has(gap.text)) problems.push(trainings!.source.problem(['without_training', i, 'text'], `text key "${gap.text}" is missing in content/texts/${lang}/`))
    }
  }

  if (hasErrors(problems) || !contacts || !commandWords || !topics || !lexicon || !discourse || !trainings || !countries || !regions || !crisis || !faqIndex) {
    return { problems }
  }

  const bundle: Bundle = {
    version: hash.digest('hex').slice(0, 12),
    loadedAt: options.now ?? Date.now(),
    flows,
    texts,
    contacts: new Map<string, Contact>(contacts.value.contacts.map((c) => [c.id, c])),
    commands: commandWords,
    faq: {
      entries,
      byId: new Map(entries.map((e) => [e.id, e])),
      topics: topics.value.topics as FaqTopic[],
      index: faqIndex.settle(),
    },
    lexicon: lexiconMap,
    crisis: crisis.settle(),
    // `phrases` are read like synonyms at the interests question (not taught to the crisis classifier above).
    trainings: trainings.value.trainings.map(({ phrases, ...t }) => ({ ...t, synonyms: [...t.synonyms, ...phrases] })) as Training[],
    withoutTraining: trainings.value.without_training,
    countries: countries.value.countries as Country[],
    regions,
    agencies: registry.registry,
    ...(routing.router ? { router: routing.router } : {}),
    ...(redflagCues.reader ? { redflags: redflagCues.reader } : {}),
    ...(abroad ? { abroad: abroad.index } : {}),
    loadMs: 0,
  }
  return { bundle: { ...bundle, loadMs: performance.now() - started }, problems }
}

function flattenTexts(tree: TextTree, path: string[], emit: (path: string[], text: string) => void): void {
  for (const [key, value] of Object.entries(tree)) {
    if (typeof value === 'string') emit([...path, key], value)
    else flattenTexts(value, [...path, key], emit)
  }
}

function buildCommandWords(raw: Commands): CommandWords {
  const set = (words: string[]): ReadonlySet<string> => new Set(words.map(commandKey))
  return {
    menu: set(raw.commands.menu),
    back: set(raw.commands.back),
    help: set(raw.commands.help),
    stop: set(raw.commands.stop),
    language: set(raw.commands.language),
    delete: set(raw.commands.delete),
    greeting: set(raw.commands.greeting),
    yes: set([...raw.commands.yes, ...raw.commands.yes_typed]),
    no: set([...raw.commands.no, ...raw.commands.no_typed]),
    handoff: set(raw.commands.handoff),
    hedge: [...set(raw.commands.hedge)].sort((a, b) => b.length - a.length),
    unsure: set([...raw.commands.unsure, ...raw.commands.unsure_typed]),
    done: set(raw.commands.done),
    more: set(raw.commands.more),
    nameIntro: [...set(raw.commands.name_intro)].sort((a, b) => b.length - a.length),
    nameAfter: [...set(raw.commands.name_after)].sort((a, b) => b.length - a.length),
    nameTail: set(raw.commands.name_tail ?? []),
    why: [...set(raw.commands.why)],
    mediaText: new Set(raw.media_text.map(mediaTextKey)),
    raw,
  }
}

/** Entries the FAQ matcher may answer: those with question variants; answer-only entries are said in place of another. */
function matchable(entry: { q: { id?: readonly string[]; en?: readonly string[] } }): boolean {
  return (entry.q.id?.length ?? 0) + (entry.q.en?.length ?? 0) > 0
}
