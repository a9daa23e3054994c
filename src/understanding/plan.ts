/**
 * What the engine does with free text that is not an answer to a pending question: show the menu (a bare number),
 * run a command, start a job with what the message already says (prefilled answers), or look in the FAQ.
 * Pure: the engine carries the plan out (`engine.ts`), and the routing evaluation (`routing-eval.ts`) reads the
 * same plan, so both classify a message the same way.
 */
import type { Bundle } from '../content/bundle.ts'
import type { Lang } from '../engine/types.ts'
import { pick } from '../engine/text.ts'
import type { Entities } from './entities.ts'
import type { IntentDef } from './intents-format.ts'

/** Answer-slot that lists the answers taken from the user's words, for `skip_if_prefilled` steps. */
export const PREFILLED_KEY = '_prefilled'

export type RoutePlan =
  | { kind: 'menu'; intent: 'greeting' }
  | { kind: 'command'; intent: string; command: NonNullable<IntentDef['command']>; entities: Entities }
  | { kind: 'start'; intent: string; def: IntentDef; flow: string; step?: string; answers: Record<string, unknown>; entities: Entities }
  | { kind: 'faq'; intent?: undefined; entities: Entities }

/** A bare number typed with no menu to pick from ("4"): the main menu, not an FAQ search. */
const BARE_NUMBER = /^\d{1,3}$/

export function planRoute(bundle: Bundle, text: string, lang: Lang): RoutePlan {
  if (BARE_NUMBER.test(text.trim())) return { kind: 'menu', intent: 'greeting' }
  const router = bundle.router
  if (!router) return { kind: 'faq', entities: {} }
  const route = router.route(text)
  const def = route.def
  if (!def || !route.intent) return { kind: 'faq', entities: route.entities }
  if (def.command) return { kind: 'command', intent: route.intent, command: def.command, entities: route.entities }
  if (def.faq_first && bundle.faq.index.search(text).kind === 'answer') return { kind: 'faq', entities: route.entities }
  const [flow, step] = def.start!.split('.', 2) as [string, string | undefined]
  return {
    kind: 'start',
    intent: route.intent,
    def,
    flow,
    ...(step ? { step } : {}),
    answers: prefillAnswers(bundle, def, route.entities, lang),
    entities: route.entities,
  }
}

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
      answers[answer] = [entities.company, entities.license].filter(Boolean).join(' ')
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
