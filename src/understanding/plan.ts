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
import { agencyNameTokens } from '../knowledge/agencies.ts'
import type { Entities } from './entities.ts'
import type { IntentDef } from './intents-format.ts'
import { registryMention } from './registry-mention.ts'
import { messageSignAnswers } from './redflag-cues.ts'
import type { Route } from './router.ts'

/** Answer-slot that lists the answers taken from the user's words, for `skip_if_prefilled` steps. */
export const PREFILLED_KEY = '_prefilled'

export type RoutePlan =
  | { kind: 'menu'; intent: 'greeting' }
  | { kind: 'command'; intent: string; def: IntentDef; command: NonNullable<IntentDef['command']>; entities: Entities }
  | { kind: 'start'; intent: string; def: IntentDef; flow: string; step?: string; answers: Record<string, unknown>; entities: Entities }
  /** `intent` is set when an intent with `faq_first` was recognized and the FAQ answers it. */
  | { kind: 'faq'; intent?: string; entities: Entities }

/** Free text is routed on its first characters: what a message asks for is said early, and a pasted page stays cheap. */
export const ROUTE_CHARS = 600

/** A bare number typed with no menu to pick from ("4"): the main menu, not an FAQ search. */
const BARE_NUMBER = /^\d{1,3}$/

export function planRoute(bundle: Bundle, text: string, lang: Lang): RoutePlan {
  if (BARE_NUMBER.test(text.trim())) return { kind: 'menu', intent: 'greeting' }
  const router = bundle.router
  if (!router) return { kind: 'faq', entities: {} }
  const route = withRegistryName(bundle, router.route(text.length > ROUTE_CHARS ? text.slice(0, ROUTE_CHARS) : text), text)
  const def = route.def
  if (!def || !route.intent) return { kind: 'faq', entities: route.entities }
  if (def.command) return { kind: 'command', intent: route.intent, def, command: def.command, entities: route.entities }
  if (def.faq_first && bundle.faq.index.search(text).kind === 'answer') return { kind: 'faq', intent: route.intent, entities: route.entities }
  const [flow, step] = def.start!.split('.', 2) as [string, string | undefined]
  const answers = prefillAnswers(bundle, def, route.entities, lang)
  // The agency check also takes the warning signs the message states ("bayar 30jt ga usah tes"): said after the
  // verdict, and not asked again by the red-flag quiz (src/understanding/redflag-cues.ts).
  if (Object.values(def.prefill ?? {}).includes('agency_query')) Object.assign(answers, messageSignAnswers(bundle.redflags, text, answers, PREFILLED_KEY))
  // Several questions in one message and nothing specific for the job ("what are the requirements? also how do I
  // check an agency"): the FAQ answers the main one and offers the others, the job among them.
  if (answers[PREFILLED_KEY] === undefined && (bundle.faq.index.search(text).also?.length ?? 0) > 0) {
    return { kind: 'faq', entities: route.entities }
  }
  return { kind: 'start', intent: route.intent, def, flow, ...(step ? { step } : {}), answers, entities: route.entities }
}

/** A message with no intent that is a registered name plus filler words ("Contoh Kembar Fiktif resmi?") checks it. */
function withRegistryName(bundle: Bundle, route: Route, text: string): Route {
  if (route.intent) return route
  const name = registryMention(bundle.agencies, text)
  const def = name ? bundle.router?.intents.find((d) => Object.values(d.prefill ?? {}).includes('agency_query')) : undefined
  return def && name ? { intent: def.id, def, entities: { ...route.entities, company: name } } : route
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
      answers[answer] = [agencyName(bundle, entities), entities.license].filter(Boolean).join(' ')
    } else if (entity === 'company' && (entities.company || entities.license)) {
      answers[answer] = entities.company ?? entities.license
    } else if (entity === 'license' && entities.license) {
      answers[answer] = entities.license
    } else continue
    filled.push(answer)
  }
  if (filled.length > 0) answers[PREFILLED_KEY] = filled
  return answers
}
