/**
 * The warning signs a message states by itself (content/redflag-cues.yaml): "bayar 30jt langsung berangkat ga usah
 * tes bahasa" names an upfront payment and a Korea job without the EPS-TOPIK test. The agency check says them after
 * its verdict, whatever it is, and the red-flag quiz does not ask again what they already answer.
 *
 * Words are read like the router reads them (`cues.ts`: slang table, stretched letters), so "ga usah tes" is
 * "tidak usah ujian" on both sides. Pure and built once per bundle.
 */
import { z } from 'zod'
import type { Problem } from '../content/problems.ts'
import type { FlowDef } from '../content/schemas.ts'
import type { Lexicon } from '../content/types.ts'
import type { YamlSource } from '../content/yaml-source.ts'
import { LANGS, type Lang } from '../engine/types.ts'
import { CueMatcher } from './cues.ts'

const name = z.string().regex(/^[a-z][a-z0-9_]*$/, 'use lower-case letters, digits and _')

const ruleSchema = z.strictObject({
  all: z.array(name).min(1),
  none: z.array(name).optional(),
})

const signSchema = z
  .strictObject({
    id: name,
    question: name.optional(),
    when: z.array(ruleSchema).min(1),
    faq: z.string().min(1).optional(),
    text: z.string().min(1).optional(),
    /**
     * An FAQ entry whose general answer this sign's answer (`faq`) makes specific: when the FAQ answers that entry
     * and the message states this sign, the sign's answer is given instead ("sy mau jd ART, PT minta 12jt": the
     * answer for the fee-exempt jobs, not "it depends on your job"). Rules may then use the cue `refining`. One id or
     * a list (the exempt-job rule refines the general fee answer and the one about agency deductions abroad).
     */
    refines: z
      .union([z.string().min(1), z.array(z.string().min(1)).min(1)])
      .transform((v) => (Array.isArray(v) ? v : [v]))
      .optional(),
    /**
     * The FAQ entry that answers a free-text message stating this sign when the FAQ alone is unsure ("can I work as
     * a maid in Saudi?": the Middle East moratorium), for a sign whose own answer is a `text`.
     */
    answers: z.string().min(1).optional(),
    /**
     * Said first when a free-text message states it, before (and instead of) the answer to the message's question
     * ("mau jadi ART ke arab, tetangga nawarin lewat visa umroh": the umrah visa, the moratorium, the neighbour),
     * with that answer offered after the signs. Signs that only make a fee answer specific leave it out.
     */
    first: z.boolean().optional(),
    /**
     * Crisis categories (content/crisis.yaml) that the crisis classifier's guess alone may not raise for a message
     * stating this sign ("bsk adik sy mau serahin paspor": a passport about to be handed over, not one taken). A
     * crisis phrase still counts.
     */
    calms: z.array(name).optional(),
  })
  .refine((s) => (s.faq === undefined) !== (s.text === undefined), { message: 'give exactly one of faq or text' })
  .refine((s) => s.refines === undefined || s.faq !== undefined, { message: 'a sign that refines an FAQ answer needs its own faq' })

export const redflagCuesSchema = z.strictObject({
  cues: z.record(name, z.array(z.string().min(1)).min(1)),
  signs: z.array(signSchema).min(1),
  /** FAQ entries whose warning is said at once when a form's free-text answer states it (src/engine/form-warning.ts). */
  form_warnings: z.array(z.string().min(1)).default([]),
})

export type RedflagCuesFile = z.output<typeof redflagCuesSchema>
export type RedflagSign = z.output<typeof signSchema>

/** Cues found in code rather than listed (a list of the same name adds words). */
const BUILT_IN = ['amount', 'refining'] as const
/** Cue present only while an FAQ answer is being made specific (`refines`): the message is known to ask about it. */
const REFINING = 'refining'
/** Cue the reader needs: words of an answer that gives no company name. */
const NO_NAME = 'no_name'

/** A sum of money as typed: "30jt", "15 juta", "Rp 5.000.000", "rp5jt", "5 million", "RM 3000", "$1,000". */
const AMOUNT = /(?:\brp\.?\s?\d|\b\d+(?:[.,]\d+)*\s?(?:jt|juta|jutaan|rb|ribu|k|m|million|millions|rupiah|usd|dollars?|ringgit|rm|sgd|hkd|ntd|sar)\b|\b(?:rm|usd|sgd|hkd|ntd|sar)\s?\d|\$\s?\d)/iu

export interface CueProblem {
  path: (string | number)[]
  message: string
}

/** Reads the warning signs a message states. */
export class RedflagReader {
  private constructor(
    private readonly matcher: CueMatcher,
    readonly signs: readonly RedflagSign[],
    /** FAQ ids said as a warning when a form's free text states them (`form_warnings`). */
    readonly formWarnings: readonly string[] = [],
  ) {}

  static build(file: Omit<RedflagCuesFile, 'form_warnings'> & { form_warnings?: string[] }, lexicon?: Lexicon): { reader: RedflagReader; problems: CueProblem[] } {
    const problems: CueProblem[] = []
    const known = new Set([...Object.keys(file.cues), ...BUILT_IN])
    if (!file.cues[NO_NAME]) problems.push({ path: ['cues'], message: `add the cue "${NO_NAME}" (words of an answer that gives no company name)` })
    const ids = new Set<string>()
    file.signs.forEach((sign, i) => {
      if (ids.has(sign.id)) problems.push({ path: ['signs', i, 'id'], message: `sign "${sign.id}" is listed twice` })
      ids.add(sign.id)
      sign.when.forEach((rule, r) => {
        for (const key of ['all', 'none'] as const) {
          ;(rule[key] ?? []).forEach((cue, c) => {
            if (!known.has(cue)) problems.push({ path: ['signs', i, 'when', r, key, c], message: `unknown cue "${cue}"; add it under cues:` })
          })
        }
      })
    })
    return { reader: new RedflagReader(new CueMatcher(file.cues, lexicon), file.signs, file.form_warnings ?? []), problems }
  }

  /** The signs `text` states, in the file's order. */
  read(text: string): RedflagSign[] {
    return this.holding(this.cuesOf(text))
  }

  /**
   * The FAQ entry that answers `text` more specifically than `entryId` (a sign that `refines` it and that the message
   * states, read with the cue `refining`), or undefined.
   */
  refine(entryId: string, text: string): string | undefined {
    const found = this.cuesOf(text)
    found.add(REFINING)
    return this.holding(found).find((sign) => sign.refines?.includes(entryId))?.faq
  }

  /**
   * The FAQ answer of a warning the message states by itself, for a message the FAQ is unsure about: a sign that
   * `refines` an answer ("potongan gaji 7 bulan iku wajar ta? aku dadi PRT"), one explained by a `form_warnings`
   * entry ("ke jepang pake visa turis trus kerja di pabrik, aman gak?"), or one with its own `answers` entry ("can I
   * work as a maid in Saudi?"); in the file's order.
   */
  statedWarning(text: string): string | undefined {
    const sign = this.read(text).find((s) => s.answers !== undefined || (s.faq !== undefined && (s.refines !== undefined || this.formWarnings.includes(s.faq))))
    return sign?.answers ?? sign?.faq
  }

  /**
   * The signs `text` states when one of them is said `first` (all of them, in the file's order); empty otherwise.
   */
  readFirst(text: string): RedflagSign[] {
    const signs = this.read(text)
    return signs.some((s) => s.first) ? signs : []
  }

  /** Whether the message states a sign that `calms` the crisis category `category` (a classifier guess of it). */
  calms(text: string, category: string): boolean {
    return this.read(text).some((s) => s.calms?.includes(category))
  }

  /** FAQ entries the signs answer by themselves: their own answers and the entries they make specific. */
  covers(signs: readonly RedflagSign[]): Set<string> {
    return new Set(signs.flatMap((s) => [s.faq, s.answers, ...(s.refines ?? [])].filter((id): id is string => id !== undefined)))
  }

  private holding(found: ReadonlySet<string>): RedflagSign[] {
    return this.signs.filter((sign) => sign.when.some((rule) => rule.all.every((c) => found.has(c)) && !(rule.none ?? []).some((c) => found.has(c))))
  }

  /** Whether an answer to "which company?" says it has no name ("ga tau PT nya apa kak, cuma sponsor"). */
  givesNoName(text: string): boolean {
    return this.cuesOf(text).has(NO_NAME)
  }

  private cuesOf(text: string): Set<string> {
    const found = this.matcher.find(this.matcher.words(text))
    if (AMOUNT.test(text)) found.add('amount')
    return found
  }
}

/** Answer that lists the ids of the signs the user's messages stated (`msg_flags`). */
export const FLAGS_KEY = 'msg_flags'

/**
 * The answers the signs `text` states give, merged with `previous`: `msg_flags`, "yes" to each quiz question a sign
 * answers, and those questions added to the list of given answers (`listKey`, the plan's `_prefilled`), so the quiz
 * skips them. Empty when the text states no sign.
 */
export function messageSignAnswers(
  reader: RedflagReader | undefined,
  text: string,
  previous: Readonly<Record<string, unknown>>,
  listKey: string,
): Record<string, unknown> {
  const signs = reader?.read(text) ?? []
  if (signs.length === 0) return {}
  const before = Array.isArray(previous[FLAGS_KEY]) ? (previous[FLAGS_KEY] as string[]) : []
  const answers: Record<string, unknown> = { [FLAGS_KEY]: [...new Set([...before, ...signs.map((s) => s.id)])] }
  const questions = [...new Set(signs.flatMap((s) => (s.question ? [s.question] : [])))]
  for (const q of questions) answers[q] = true
  const given = Array.isArray(previous[listKey]) ? (previous[listKey] as string[]) : []
  if (questions.length > 0) answers[listKey] = [...given.filter((q) => !questions.includes(q)), ...questions]
  return answers
}

/**
 * Builds the reader when the bundle loads, with the file's problems: unknown cues, FAQ ids and text keys (in every
 * language), and `question` names that are not answers of the red-flag quiz.
 */
export function loadRedflagCues(
  parsed: { value: RedflagCuesFile; source: YamlSource } | undefined,
  context: {
    faqIds: ReadonlySet<string>
    texts: Readonly<Record<Lang, ReadonlyMap<string, string>>>
    flows: readonly { value: FlowDef }[]
    lexicon: Lexicon
  },
): { reader?: RedflagReader; problems: Problem[] } {
  if (!parsed) return { problems: [] }
  const { reader, problems: found } = RedflagReader.build(parsed.value, context.lexicon)
  const problems: Problem[] = found.map((p) => parsed.source.problem(p.path, p.message))
  const quiz = context.flows.find((f) => f.value.id === QUIZ_FLOW)?.value
  const answers = new Set((quiz?.steps ?? []).flatMap((s) => ('ask' in s ? [s.save ?? s.id] : [])))
  parsed.value.form_warnings.forEach((id, i) => {
    if (!context.faqIds.has(id)) problems.push(parsed.source.problem(['form_warnings', i], `unknown FAQ id "${id}"; use an id from content/faq/`))
  })
  parsed.value.signs.forEach((sign, i) => {
    for (const id of sign.refines ?? []) {
      if (!context.faqIds.has(id)) problems.push(parsed.source.problem(['signs', i, 'refines'], `unknown FAQ id "${id}"; use an id from content/faq/`))
    }
    if (sign.answers && !context.faqIds.has(sign.answers)) problems.push(parsed.source.problem(['signs', i, 'answers'], `unknown FAQ id "${sign.answers}"; use an id from content/faq/`))
    if (sign.faq && !context.faqIds.has(sign.faq)) problems.push(parsed.source.problem(['signs', i, 'faq'], `unknown FAQ id "${sign.faq}"; use an id from content/faq/`))
    if (sign.text) {
      for (const lang of LANGS) {
        if (!context.texts[lang].has(sign.text)) problems.push(parsed.source.problem(['signs', i, 'text'], `text key "${sign.text}" is missing in content/texts/${lang}/`))
      }
    }
    if (sign.question && !answers.has(sign.question)) {
      problems.push(parsed.source.problem(['signs', i, 'question'], `"${sign.question}" is not an answer of flows/${QUIZ_FLOW}.yaml (one of: ${[...answers].join(', ')})`))
    }
  })
  return problems.some((p) => p.severity === 'error') ? { problems } : { reader, problems }
}

/** The red-flag quiz whose answers the signs give. */
export const QUIZ_FLOW = 'redflags'
