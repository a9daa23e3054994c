/**
 * Which job a free-text message asks for: the intents of `content/intents.yaml`, checked in their order, each by
 * its rules over cue words and the entities the message names. Built once when the bundle loads; a message costs one
 * pass over its words (see `cues.ts`, `entities.ts`).
 *
 * ```ts
 * router.route('apakah PT Maju Jaya resmi?')
 * // { intent: 'agency_check', def: …, entities: { company: 'PT Maju Jaya', form: 'PT' } }
 * router.route('mau ikut pelatihan las ke jepang')
 * // { intent: 'training_interest', entities: { interests: ['welding'], destination: 'japan' } }
 * ```
 */
import type { Country, Lexicon, Training } from '../content/types.ts'
import { CueMatcher } from './cues.ts'
import { EntityReader, type Entities } from './entities.ts'
import { BUILTIN_CUES, type IntentDef, type IntentsFile } from './intents-format.ts'

const BUILTIN: ReadonlySet<string> = new Set(BUILTIN_CUES)
/** Words before where the writer is from ("dari", "from"; after the slang table "dr" is "dari"). */
const HOME_BEFORE: ReadonlySet<string> = new Set(['dari', 'dr', 'from', 'asal'])
type Rule = NonNullable<IntentDef['when']>[number]

/** What a message asks for. `intent` is undefined when no intent holds (the FAQ decides then). */
export interface Route {
  intent?: string
  def?: IntentDef
  entities: Entities
  /** The rule that held names a word cue (a wish, report or check word), not only what the message names. */
  asked?: boolean
  /** A rule of the intent's `answer_first` holds: a question about the job, answered before the job is offered. */
  answerFirst?: boolean
}

export class Router {
  private readonly cues: CueMatcher
  private readonly entities: EntityReader
  private readonly questionWords: CueMatcher
  private readonly questionEndings: ReadonlySet<string>
  private readonly answerFillers: ReadonlySet<string>
  private readonly denials: readonly (readonly string[])[]
  readonly intents: readonly IntentDef[]

  constructor(
    readonly file: IntentsFile,
    trainings: readonly Training[],
    countries: readonly Country[],
    lexicon?: Lexicon,
    /** The FAQ's own texts: a name without "PT" made of their words is a term ("Triple Win"), not a company. */
    domainTexts: Iterable<string> = [],
    /** Cities, regencies and provinces, normalized: one typed after a company's name is not part of it. */
    places: Iterable<string> = [],
  ) {
    this.cues = new CueMatcher(file.cues, lexicon)
    this.entities = new EntityReader(file, trainings, countries, lexicon, domainTexts, places)
    this.questionWords = new CueMatcher({ question: file.question_words }, lexicon)
    this.questionEndings = new Set(file.question_endings.flatMap((w) => this.cues.words(w)))
    this.answerFillers = new Set(file.answer_fillers.flatMap((w) => this.cues.words(w)))
    this.denials = (file.denials?.phrases ?? []).map((p) => this.cues.words(p)).filter((p) => p.length > 0)
    this.intents = file.intents
  }

  /**
   * The message's words without the job words a denial takes away ("no need training, I just want to ask …" →
   * "no need, I just want to ask …"; content/intents.yaml `denials`), clause by clause.
   */
  private wordsWithoutDenied(text: string): string[] {
    const denials = this.file.denials
    const all = this.cues.words(text)
    const denied = (words: readonly string[], i: number) => this.denials.find((p) => p.every((w, k) => words[i + k] === w))
    if (!denials || !all.some((_, i) => denied(all, i))) return all
    const out: string[] = []
    for (const clause of text.split(/[,.;:!?\n]+/)) {
      const words = this.cues.words(clause)
      for (let i = 0; i < words.length; i++) {
        out.push(words[i]!)
        const denial = denied(words, i)
        if (!denial) continue
        for (let k = 1; k < denial.length; k++) out.push(words[i + k]!)
        i += denial.length - 1
        // The job words right after it: "(tidak perlu) ikut pelatihan", "(don't need) to join training".
        let dropped = 0
        for (let n = 0; n < denials.max_words && i + 1 < words.length; n++) {
          const next = words[i + 1]!
          const isJob = this.cues.covers([next], denials.cues)
          if (!isJob && dropped > 0) break
          i++
          if (isJob) dropped++
          else out.push(next)
        }
      }
    }
    return out
  }

  /** Whether `text` holds a phrase of the cue list `name` (content/intents.yaml `cues`). */
  hasCue(text: string, name: string): boolean {
    return this.cues.find(this.cues.words(text)).has(name)
  }

  /** The intent of `text` and what it names; `extra`: cues the caller found (`warning_sign`, `warning_signs`). */
  route(text: string, extra: Iterable<string> = []): Route {
    const words = this.wordsWithoutDenied(text)
    const found = this.cues.find(words)
    for (const cue of extra) found.add(cue)
    const entities = this.entities.read(text)
    if (entities.company) found.add('company')
    if (entities.named) found.add('named')
    if (entities.license) found.add('license')
    if (entities.interests) found.add('interest')
    if (entities.destination) found.add('destination')
    if (text.includes('?')) found.add('question_mark')
    // A question word or ending ("berlaku di jepang gak?"); a "?" alone ("welding course?") is not enough.
    if (this.isQuestion(text.replace(/\?/g, ' '))) found.add('asks')
    // "asslm kak, mau tanya2 dulu boleh? sy dr lombok": where the writer is from says nothing of the job.
    const bare = this.withoutHome(words)
    const holds = (r: Rule): boolean =>
      r.all.every((c) => found.has(c)) && !(r.none ?? []).some((c) => found.has(c)) && (r.only === undefined || this.cues.covers(bare, [...r.all, ...r.only]))
    for (const def of this.intents) {
      const rule = def.when?.find(holds)
      if (rule || (def.only !== undefined && this.cues.covers(bare, def.only))) {
        // Asked in words when any rule that holds names a word cue, not only the first: "please verify Rajawali Tenaga
        // Kerja, license no …" holds by the licence number (a rule of entities alone) and by "verify" too.
        const asked = !rule || def.when!.some((r) => r.all.some((c) => !BUILTIN.has(c)) && holds(r))
        const answerFirst = def.answer_first?.some(holds) === true
        return { intent: def.id, def, entities: withNamed(def, entities), asked, ...(answerFirst ? { answerFirst } : {}) }
      }
    }
    return { entities }
  }

  /**
   * The words without "dari <place>" ("saya dari lombok", "from Kebumen"; places: content/regions.csv): for the rules
   * that allow only some words (`only:`), a greeting or a request with where the writer is from is still only that.
   */
  private withoutHome(words: readonly string[]): readonly string[] {
    let out: string[] | undefined
    for (let i = 0; i < words.length; i++) {
      const n = HOME_BEFORE.has(words[i]!) ? this.entities.placeAt(words, i + 1) : 0
      if (n === 0) {
        out?.push(words[i]!)
        continue
      }
      out ??= words.slice(0, i)
      i += n
    }
    return out ?? words
  }

  /** The entities of `text` alone. */
  read(text: string): Entities {
    return this.entities.read(text)
  }

  /** The country named right after a destination word ("kerja di jepang"), see `EntityReader.markedDestination`. */
  markedDestination(text: string): string | undefined {
    return this.entities.markedDestination(text)
  }

  /** Another company asked about after an agency result ("kalau Bumi Prima Jasa gimana?"): see `EntityReader.otherCompany`. */
  otherCompany(text: string): string | undefined {
    return this.entities.otherCompany(text)
  }

  /** Whether `text` reads as a question: a "?", a question word anywhere ("berapa"), or a question ending ("bayar ga"). */
  isQuestion(text: string): boolean {
    if (text.includes('?')) return true
    const words = this.questionWords.words(text)
    if (words.length >= 2 && this.questionEndings.has(words[words.length - 1]!)) return true
    return this.questionWords.find(words).size > 0
  }

  /**
   * Whether `text` is only a question word, with fillers and question endings ("gmn", "gimana ya", "how?"): a
   * clause that asks about what was said before it, not a question of its own.
   */
  onlyQuestionWords(text: string): boolean {
    const words = this.questionWords.words(text).filter((w) => !this.answerFillers.has(w) && !this.questionEndings.has(w))
    return words.length > 0 && words.length <= 2 && this.questionWords.covers(words, ['question'])
  }

  /**
   * Words of `text` that are neither in `known` (an option's names), answer fillers ("mau", "pelatihan") nor
   * question endings ("ga"):
   * what a message says beyond the label it contains.
   */
  extraWords(text: string, known: ReadonlySet<string>): number {
    return this.cues
      .words(text)
      .filter((w) => !known.has(w) && !this.answerFillers.has(w) && !this.questionEndings.has(w) && !/^\d+$/.test(w)).length
  }

  /** Normalized words, as cues and option names are compared. */
  words(text: string): string[] {
    return this.cues.words(text)
  }
}

/** For an intent that takes a company, capitalized words without a marker count as its name. */
function withNamed(def: IntentDef, entities: Entities): Entities {
  const { named, ...rest } = entities
  const wantsCompany = Object.values(def.prefill ?? {}).some((e) => e === 'company' || e === 'agency_query')
  return wantsCompany && named && !rest.company ? { ...rest, company: named } : rest
}
