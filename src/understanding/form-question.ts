/**
 * Inside a form: is a typed message a question rather than the answer? "pelatihan las bayar ga" at the interests
 * step holds the option word "las", but it asks something; "ada loker caregiver jerman?" in the SISKOP2MI menu is
 * no choice at all. Such messages are answered and the step is asked again (see `engine.ts`).
 *
 * The words come from `content/intents.yaml` (`question_words`, `question_endings`, `answer_fillers`).
 */
import type { Bundle } from '../content/bundle.ts'
import type { AskStep } from '../content/schemas.ts'
import type { AnswerResult, Option } from '../engine/answers.ts'

/** Words beyond the option's own names and fillers that make "an answer inside a sentence" a question ("pelatihan las *bayar* ga", "umur 17 *boleh* ga?"). */
const MIN_EXTRA_WORDS = 1

/**
 * True when `text`, typed at `step`, is a question: it reads as one ("?", a question word, a question ending)
 * and either is no answer at all, or says more than the option, number or phone it contains.
 */
export function isQuestionInForm(bundle: Bundle, text: string, step: AskStep, result: AnswerResult, options: readonly Option[]): boolean {
  const router = bundle.router
  if (!router || !router.isQuestion(text)) return false
  if (result.kind === 'invalid') return true
  return router.extraWords(text, optionWords(bundle, options, step.ask)) >= MIN_EXTRA_WORDS
}

/**
 * True when `text`, typed at a choice question (a menu), holds an option's words and at least `choice_extra_words`
 * other words (content/intents.yaml): "tanya jawab soal gaji di taiwan untuk pabrik" at the main menu says more than
 * "Tanya jawab", and is read as free text rather than as that choice.
 */
export function saysMoreThanChoice(bundle: Bundle, text: string, step: AskStep, options: readonly Option[]): boolean {
  const router = bundle.router
  const limit = router?.file.choice_extra_words
  if (!router || limit === undefined || step.ask !== 'choice') return false
  return router.extraWords(text, optionWords(bundle, options)) >= limit
}

/**
 * Word sets of frozen option lists (the engine builds each step's list once and freezes it), per bundle, list and
 * kind of step: the same words `collectOptionWords` gives, read once instead of on every message at a menu.
 */
const optionWordSets = new WeakMap<Bundle, WeakMap<readonly Option[], Map<string, ReadonlySet<string>>>>()

/**
 * The words of the options' ids, labels (both languages) and synonyms; with `answersOf` (the kind of step), also
 * the words that answer that kind of step: yes/no with their softeners and "don't know"; "that's all" for several.
 */
function optionWords(bundle: Bundle, options: readonly Option[], answersOf = ''): ReadonlySet<string> {
  if (!Object.isFrozen(options)) return collectOptionWords(bundle, options, answersOf)
  let byList = optionWordSets.get(bundle)
  if (!byList) optionWordSets.set(bundle, (byList = new WeakMap()))
  let byKind = byList.get(options)
  if (!byKind) byList.set(options, (byKind = new Map()))
  let known = byKind.get(answersOf)
  if (!known) byKind.set(answersOf, (known = collectOptionWords(bundle, options, answersOf)))
  return known
}

function collectOptionWords(bundle: Bundle, options: readonly Option[], answersOf: string): Set<string> {
  const known = new Set<string>()
  const router = bundle.router!
  for (const o of options) {
    for (const name of [o.id, o.label.id, o.label.en ?? '', ...o.synonyms]) for (const w of router.words(name)) known.add(w)
  }
  const c = bundle.commands
  const answerWords = answersOf === 'yesno' ? [c.yes, c.no, c.hedge, c.unsure] : answersOf === 'multi' ? [c.done] : []
  for (const set of answerWords) for (const w of set) for (const x of router.words(w)) known.add(x)
  return known
}

const QUESTION_START = /^(apa|apakah|gimana|bagaimana|gmn|bgmn|berapa|brp|kapan|dimana|di mana|siapa|kenapa|mengapa|knp|bisakah|bolehkah|boleh|bisa|cara|how|what|when|where|who|why|can|is|are|do|does)\b/i

/** Whether a typed text reads as a question rather than an answer to "what is your name?". */
export function looksLikeQuestion(text: string): boolean {
  return text.includes('?') || QUESTION_START.test(text.trim())
}

/** A question by its mark or first word, or as the router reads one ("gaji di korea berapa"). */
export function asksQuestion(bundle: Bundle, text: string): boolean {
  return looksLikeQuestion(text) || bundle.router?.isQuestion(text) === true
}
