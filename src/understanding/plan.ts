/**
 * What the engine does with free text that is not an answer to a pending question: show the menu (a bare number),
 * run a command, start a job with what the message already says (prefilled answers), or look in the FAQ.
 * Pure: the engine carries the plan out (`engine.ts`), and the routing evaluation (`routing-eval.ts`) reads the
 * same plan, so both classify a message the same way.
 */
import type { Bundle } from '../content/bundle.ts'
import type { Lang } from '../engine/types.ts'
import { pick } from '../engine/text.ts'
import { distance } from 'fastest-levenshtein'
import { agencyNameTokens, licenseShapeIn } from '../knowledge/agencies.ts'
import type { Entities } from './entities.ts'
import type { IntentDef } from './intents-format.ts'
import { registryMention, registryPartMention } from './registry-mention.ts'
import { messageSignAnswers } from './redflag-cues.ts'
import type { Route } from './router.ts'
import { TextMemo } from './text-cache.ts'

/** Answer-slot that lists the answers taken from the user's words, for `skip_if_prefilled` steps. */
export const PREFILLED_KEY = '_prefilled'

export type RoutePlan =
  | { kind: 'menu'; intent: 'greeting' }
  | { kind: 'command'; intent: string; def: IntentDef; command: NonNullable<IntentDef['command']>; entities: Entities }
  | {
      kind: 'start'
      intent: string
      def: IntentDef
      flow: string
      step?: string
      answers: Record<string, unknown>
      entities: Entities
      /** A question asked in the same message as the job ("mau daftar pelatihan las, biayanya berapa?"). */
      question?: AlongsideQuestion
      /** The job is asked for in words ("mau lapor calo"), not only named ("PT Maju Jaya"). */
      asked?: boolean
    }
  /**
   * `intent` is set when an intent with `faq_first` was recognized and the FAQ answers it, or a question about the
   * job (`answer_first`) that the FAQ answers: then `offer` is the job, offered after the answer.
   */
  | { kind: 'faq'; intent?: string; entities: Entities; offer?: JobOffer; answer?: string }

/** A job offered as a button after an answer: the flow (and step) to start, with the answers the message gave. */
export interface JobOffer {
  flow: string
  step?: string
  answers: Record<string, unknown>
}

/** The FAQ's reading of a question asked next to a job: one entry that answers it, or entries to choose from. */
export type AlongsideQuestion = { answer: string } | { choices: string[] }

/** Free text is routed on its first characters: what a message asks for is said early, and a pasted page stays cheap. */
export const ROUTE_CHARS = 600

/** A bare number typed with no menu to pick from ("4"): the main menu, not an FAQ search. */
const BARE_NUMBER = /^\d{1,3}$/

export function planRoute(bundle: Bundle, text: string, lang: Lang): RoutePlan {
  // A bare number, or only emoji and punctuation ("🙏", "👍", "??"): the menu, not an unanswered question.
  if (BARE_NUMBER.test(text.trim()) || !/[\p{L}\p{N}]/u.test(text)) return { kind: 'menu', intent: 'greeting' }
  const router = bundle.router
  if (!router) return { kind: 'faq', entities: {} }
  const routed = text.length > ROUTE_CHARS ? text.slice(0, ROUTE_CHARS) : text
  const route = withRegistryName(bundle, routeOf(bundle, routed), text)
  const def = route.def
  if (!def || !route.intent) return { kind: 'faq', entities: route.entities }
  if (def.command) return { kind: 'command', intent: route.intent, def, command: def.command, entities: route.entities }
  if (def.faq_first && bundle.faq.index.search(text).kind === 'answer') return { kind: 'faq', intent: route.intent, entities: route.entities }
  // An intent that names its FAQ entry (`answer:`): that entry, whatever the matcher reads; its job (if any) offered.
  if (!def.start) return { kind: 'faq', intent: route.intent, entities: route.entities, ...(def.answer ? { answer: def.answer } : {}) }
  const [flow, defStep] = def.start.split('.', 2) as [string, string | undefined]
  const answers = prefillAnswers(bundle, def, route.entities, lang)
  const step = defStep ?? unnamedStep(bundle, def, answers, text)
  if (def.answer) return { kind: 'faq', intent: route.intent, entities: route.entities, answer: def.answer, offer: { flow, ...(step ? { step } : {}), answers } }
  // A question about the job, not a wish to do it ("ada pelatihan gratis ga?"): answered, then the job is offered.
  if (route.answerFirst) {
    const found = bundle.faq.index.search(text)
    if (found.kind === 'answer' || (found.kind === 'clarify' && found.hits.length > 1)) {
      return { kind: 'faq', intent: route.intent, entities: route.entities, offer: { flow, ...(step ? { step } : {}), answers } }
    }
  }
  // The agency check also takes the warning signs the message states ("bayar 30jt ga usah tes"): said after the
  // verdict, and not asked again by the red-flag quiz (src/understanding/redflag-cues.ts).
  const signs = Object.values(def.prefill ?? {}).includes('agency_query') ? messageSignAnswers(bundle.redflags, text, answers, PREFILLED_KEY) : {}
  Object.assign(answers, signs)
  // Several questions in one message and nothing specific for the job ("what are the requirements? also how do I
  // check an agency"): the FAQ answers the main one and offers the others, the job among them.
  if (answers[PREFILLED_KEY] === undefined && (bundle.faq.index.search(text).also?.length ?? 0) > 0) {
    return { kind: 'faq', entities: route.entities }
  }
  // The warning signs the message states are its questions' answers here ("bayar 30jt ga usah tes, bisa ga?").
  // A company named for the check gets its result at once: another question of the message ("PT X resmi gk? trs
  // biayanya brp") is offered after the result, even when the FAQ is not sure of it alone (`weak`).
  const named = answers.agency_query !== undefined
  const question = Object.keys(signs).length > 0 && !named ? undefined : questionAlongside(bundle, route, text, lang, named)
  return { kind: 'start', intent: route.intent, def, flow, ...(step ? { step } : {}), answers, entities: route.entities, ...(question ? { question } : {}), ...(route.asked ? { asked: true } : {}) }
}

/** The agency check's step for a company whose name the user does not know. */
const NO_NAME_STEP = 'no_name'

/**
 * "ditawarin kerja sm PT tp lupa namanya, aman gk?": the name is not known (cue `name_unknown` of
 * content/intents.yaml), so the check starts at its answer for no name (what to ask the recruiter, flows/agency.yaml)
 * instead of asking for the name the user just said they do not have.
 */
function unnamedStep(bundle: Bundle, def: IntentDef, answers: Record<string, unknown>, text: string): string | undefined {
  if (!Object.values(def.prefill ?? {}).includes('agency_query') || answers.agency_query !== undefined) return undefined
  const [flow] = def.start!.split('.', 1) as [string]
  if (!bundle.flows.get(flow)?.steps.some((s) => s.id === NO_NAME_STEP)) return undefined
  return bundle.router?.hasCue(text, 'name_unknown') ? NO_NAME_STEP : undefined
}

/** Routings remembered per bundle and text (frozen): menu words, form answers and common questions recur. */
const routings = new WeakMap<Bundle, TextMemo<Route>>()

/** The router's reading of `text` with the warning signs it states: a function of the text (and the content). */
function routeOf(bundle: Bundle, text: string): Route {
  let memo = routings.get(bundle)
  if (!memo) {
    memo = new TextMemo<Route>(2_000, 300)
    routings.set(bundle, memo)
  }
  return memo.get(text, (t) => bundle.router!.route(t, warningCues(bundle, t)))
}

/**
 * `warning_sign` when the message states a warning sign of content/redflag-cues.yaml ("bayar 30jt dulu"), and
 * `warning_signs` when it states two or more ("… paspor dipegang dia, berangkat pake visa turis").
 */
function warningCues(bundle: Bundle, text: string): string[] {
  const n = bundle.redflags?.read(text).length ?? 0
  return n >= 2 ? ['warning_sign', 'warning_signs'] : n === 1 ? ['warning_sign'] : []
}

/**
 * Clauses of a message: split at punctuation and at words that add a second question ("terus", "sekalian", "also").
 * "dan"/"and" do not split: they join the parts of one thing ("minyak dan gas", "bahasa jerman dan caregiver").
 */
const CLAUSE_BREAK = /[,;.!?\n]+|\s(?:terus|trus|lalu|sekalian|sama satu lagi|satu lagi|btw|oh ya|also|and also|plus)\s/iu

/** At most this many clauses are looked at. */
const MAX_CLAUSES = 6

/**
 * A question asked next to the job, in its own clause: "mau daftar pelatihan las, biayanya berapa?" starts the
 * training form, and the FAQ reads "biayanya berapa" with what the message named (Las / pengelasan). A clause that
 * asks for the job itself ("bisa daftar lewat sini?"), or an entry of the intent's `faq_self`, is not a second
 * question. Only what the FAQ answers confidently, or a close choice of entries, is returned.
 */
function questionAlongside(bundle: Bundle, route: Route, text: string, lang: Lang, weak = false): AlongsideQuestion | undefined {
  const router = bundle.router
  if (!router || !route.intent) return undefined
  if (messageClauses(text).length < 2) return undefined
  // Only clauses that read as questions: a "?" alone often ends the job's own clause here ("Are they registered?").
  const clauses = questionClauses(bundle, text)
    .filter((c) => c.worded)
    .map((c) => c.text)
  if (clauses.length === 0) return undefined
  const self = new Set(route.def?.faq_self ?? [])
  const context = contextWords(bundle, route.entities, lang)
  for (const clause of clauses.slice(0, MAX_CLAUSES)) {
    // A clause asking for the job itself is no second question; one asking about it is ("… gratis ga? sy mau daftar").
    const own = router.route(clause)
    if (own.intent === route.intent && !own.answerFirst) continue
    // The clause alone and with what the message named (no "?" inside, which the FAQ would read as a second
    // question): "gajinya berapa" may be about pay or about the hospitality training. When both readings are sure
    // of different entries, both are offered.
    const readings = (context ? [clause, `${clause.replace(/\?/g, ' ')} ${context}`] : [clause]).map((query): AlongsideQuestion | undefined => {
      const found = bundle.faq.index.search(query)
      const hits = found.hits.map((h) => h.id).filter((id) => !self.has(id))
      if (found.kind === 'answer' && hits[0] === found.hits[0]?.id) return { answer: hits[0]! }
      if (found.kind === 'clarify' && hits.length > 1) return { choices: hits.slice(0, 3) }
      return undefined
    })
    const sure = [...new Set(readings.flatMap((r): string[] => (r && 'answer' in r ? [r.answer] : [])))]
    if (sure.length === 1) return { answer: sure[0]! }
    if (sure.length > 1) return { choices: sure }
    const choices = readings.find((r) => r && 'choices' in r)
    if (choices) return choices
  }
  return weak ? weakQuestion(bundle, route, clauses, context) : undefined
}

/** A choice is offered for a clause the FAQ is not sure of when its best entries score this much. */
const WEAK_OFFER_SCORE = 0.2

/**
 * The best entries (at most 2) of the first question clause that is not the job itself, when the FAQ is not sure
 * of it ("trs biayanya brp sih sebenernya": the placement costs, the costs of other jobs): offered as choices.
 */
function weakQuestion(bundle: Bundle, route: Route, clauses: readonly string[], context: string): AlongsideQuestion | undefined {
  const router = bundle.router!
  const self = new Set(route.def?.faq_self ?? [])
  for (const clause of clauses.slice(0, MAX_CLAUSES)) {
    if (router.route(clause).intent === route.intent) continue
    const found = bundle.faq.index.search(context ? `${clause.replace(/\?/g, ' ')} ${context}` : clause)
    const ids = found.hits.filter((h) => !self.has(h.id) && h.score >= WEAK_OFFER_SCORE).map((h) => h.id).slice(0, 2)
    if (ids.length > 0) return { choices: ids }
  }
  return undefined
}

/** The clauses of a message's first characters that hold words (see `CLAUSE_BREAK`). */
export function messageClauses(text: string): string[] {
  return text.slice(0, ROUTE_CHARS).split(CLAUSE_BREAK).map((c) => c.trim()).filter((c) => /\p{L}/u.test(c))
}

/** `CLAUSE_BREAK` with the break kept, to see which clause a "?" ended. */
const CLAUSE_BREAK_KEPT = new RegExp(`(${CLAUSE_BREAK.source})`, CLAUSE_BREAK.flags)

/** A clause of a message that asks something: `worded` by its words (`Router.isQuestion`), or only `marked` by a "?". */
export interface QuestionClause {
  text: string
  worded: boolean
}

/**
 * The question clauses of a message's first characters, in order: a clause that reads as a question on its own
 * (`Router.isQuestion`) or ends with "?" ("and can my employer keep my passport?", whose "?" `messageClauses` drops;
 * not `worded`). A clause of question words alone ("… kalo gajinya dipotong terus gmn": "gmn" after the break word
 * "terus") asks about the clause before it: the two are one question.
 */
export function questionClauses(bundle: Bundle, text: string): QuestionClause[] {
  const router = bundle.router
  if (!router) return []
  const pieces = text.slice(0, ROUTE_CHARS).split(CLAUSE_BREAK_KEPT)
  const clauses: (QuestionClause & { marked: boolean })[] = []
  for (let i = 0; i < pieces.length; i += 2) {
    const clause = pieces[i]!.trim()
    if (!/\p{L}/u.test(clause)) continue
    const worded = router.isQuestion(clause)
    const marked = (pieces[i + 1] ?? '').includes('?')
    const previous = clauses[clauses.length - 1]
    if (previous && (worded || marked) && router.onlyQuestionWords(clause)) {
      previous.text = `${previous.text} ${clause}`
      previous.worded = true
    } else clauses.push({ text: clause, worded, marked })
  }
  return clauses.filter((c) => c.worded || c.marked).map(({ text: t, worded }) => ({ text: t, worded }))
}

/** What the message named, as words for the FAQ: the trainings ("pelatihan Las / pengelasan") and the destination. */
export function contextWords(bundle: Bundle, entities: Entities, lang: Lang): string {
  const words: string[] = []
  for (const id of entities.interests ?? []) {
    const training = bundle.trainings.find((t) => t.id === id)
    if (training) words.push(lang === 'en' ? `${pick(training.label, lang)} training` : `pelatihan ${pick(training.label, lang)}`)
  }
  const country = entities.destination ? bundle.countries.find((c) => c.id === entities.destination) : undefined
  if (country && country.id !== 'not_sure') words.push(pick(country.label, lang))
  return words.join(' ')
}

/** A message with no intent that is a registered name plus filler words ("Contoh Kembar Fiktif resmi?") checks it. */
function withRegistryName(bundle: Bundle, route: Route, text: string): Route {
  if (route.intent) return route
  const name = registryMention(bundle.agencies, text) ?? registryPartAlone(bundle, text) ?? licenseShapeIn(bundle.agencies, text)
  const def = name ? bundle.router?.intents.find((d) => Object.values(d.prefill ?? {}).includes('agency_query')) : undefined
  return def && name ? { intent: def.id, def, entities: { ...route.entities, company: name } } : route
}

/**
 * A part of a registered name typed alone ("bintang sejahtera"), when the FAQ knows nothing about it. (A function of
 * its own, not a closure: under tsx every named closure costs a `defineProperty` of its name, about 1 µs.)
 */
function registryPartAlone(bundle: Bundle, text: string): string | undefined {
  const found = registryPartMention(bundle.agencies, text)
  return found && bundle.faq.index.search(text).kind === 'none' ? found : undefined
}

/**
 * The company name to look up. When the registry has a longer name that goes on like the words typed after the name
 * found ("Nusa Fiktif" + "ih" and the registered "Nusa Fiktif Nih"), those words belong to the question too: the
 * lookup then sees the whole clause and its own rules decide (a near match is never "licensed").
 */
export function agencyName(bundle: Bundle, entities: Entities): string | undefined {
  const { company, companyClause } = entities
  if (!company || !companyClause || !bundle.agencies) return company
  const name = agencyNameTokens(company)
  const next = agencyNameTokens(companyClause)[name.length]
  if (name.length === 0 || !next) return company
  let seen = 0
  for (const key of bundle.agencies.indexes.names.atPrefix(`${name.join(' ')} `).keys()) {
    const continuation = key.slice(name.join(' ').length + 1).split(' ')[0] ?? ''
    if (continuation.startsWith(next) || next.startsWith(continuation) || distance(continuation, next) <= 1) return companyClause
    if (++seen >= MAX_CONTINUATIONS) return companyClause // too many to tell: let the lookup decide
  }
  return company
}

/** Longer registered names compared with the typed continuation before the lookup gets the whole clause anyway. */
const MAX_CONTINUATIONS = 50

/** The answers a started flow gets from the message, with `<name>_label` for catalog answers and the list of them. */
export function prefillAnswers(bundle: Bundle, def: IntentDef, entities: Entities, lang: Lang): Record<string, unknown> {
  const answers: Record<string, unknown> = {}
  const filled: string[] = []
  for (const [answer, entity] of Object.entries(def.prefill ?? {})) {
    if (entity === 'interests' && entities.interests) {
      answers[answer] = entities.interests
      answers[`${answer}_label`] = entities.interests
        .map((id) => bundle.trainings.find((t) => t.id === id))
        .map((t) => (t ? pick(t.label, lang) : ''))
        .join(', ')
    } else if (entity === 'destination' && entities.destination) {
      const country = bundle.countries.find((c) => c.id === entities.destination)
      answers[answer] = entities.destination
      if (country) answers[`${answer}_label`] = pick(country.label, lang)
    } else if (entity === 'agency_query' && (entities.company || entities.license)) {
      // "LPK Sakura Mandiri": the check says what an LPK is, then what the registry says of the name.
      // A city typed after the name without "di" goes with it ("pt surya abadi lestari jakarta timur"): the check
      // searches the whole and then offers names without the city as suggestions, never as a verdict.
      const found = agencyName(bundle, entities)
      const name = found && entities.place && found === entities.company ? `${found} ${entities.place}` : found
      answers[answer] = [name && entities.institution ? `${entities.institution} ${name}` : name, entities.license].filter(Boolean).join(' ')
    } else if (entity === 'company' && (entities.company || entities.license)) {
      answers[answer] = entities.company ? [entities.company, entities.place].filter(Boolean).join(' ') : entities.license
    } else if (entity === 'license' && entities.license) {
      answers[answer] = entities.license
    } else continue
    filled.push(answer)
  }
  if (filled.length > 0) answers[PREFILLED_KEY] = filled
  return answers
}
