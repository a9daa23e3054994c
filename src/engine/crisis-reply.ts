/**
 * What a person in crisis is told, in short messages of one idea each (texts in content/texts/<lang>/crisis.yaml):
 *
 *   self-harm         a calm, caring line → the mental-health lines (healing119.id, SEJIWA) → the officer offer;
 *   sexual violence   acknowledgement → SAPA 129 first → where to call by place → family → the officer offer;
 *   anything else     acknowledgement → where to call by place → family → the FAQ answer (passport held, wages
 *                     unpaid, …) → the officer offer.
 *
 * Where to call: abroad (or unknown) → local emergency number, KBRI/KJRI, Safe Travel, KP2MI from abroad; in
 * Indonesia → police 110 and KP2MI; unknown adds a one-line Indonesia fallback. Someone writing about another
 * person gets the same help written for them ("Anda bisa melapor untuk dia"). A message without a category
 * ("tolong") keeps the general `emergency.text`; a general danger about someone else (a worker the family cannot
 * reach) gets how the family reports for them (the category's FAQ answer) and the numbers abroad.
 */
import type { Bundle } from '../content/bundle.ts'
import type { CrisisResult } from '../understanding/crisis.ts'
import { faqAnswer } from './faq-reply.ts'
import { renderText } from './text.ts'
import type { Lang, Reply } from './types.ts'

/** The id of the choice that asks for a human officer (handled by the handoff feature). */
export const HANDOFF_CHOICE = 'g:handoff'

export function crisisReplies(bundle: Bundle, lang: Lang, crisis: CrisisResult | undefined): Reply[] {
  const say = (key: string): Reply => ({ text: renderText(bundle, lang, key), key })
  const has = (key: string): boolean => bundle.texts.id.has(key)
  const other = crisis?.about === 'other'
  // Someone else in danger with no words of its own for the category (a worker the family cannot reach, "my friend
  // ran away"): how to help them and how the family reports, not "if you are in danger".
  if (crisis && other && !has(`crisis.intro.${crisis.category}`)) return [say('crisis.other'), ...reportFor(bundle, lang, crisis, say)]
  if (!crisis || !has(`crisis.intro.${crisis.category}`)) return [say('emergency.text')]
  const replies: Reply[] = [say(other ? 'crisis.other' : `crisis.intro.${crisis.category}`)]
  if (crisis.category === 'self_harm') {
    // Abroad, SEJIWA (dialled from Indonesia, office hours) is no help: the online line and the local number lead.
    const abroad = crisis.place === 'abroad' ? '_abroad' : ''
    replies.push(say(other ? `crisis.self_harm_other${abroad}` : `crisis.self_harm_lines${abroad}`))
    return replies
  }
  if (crisis.category === 'sexual_violence') replies.push(say('crisis.sapa'))
  if (other) {
    replies.push(say('crisis.family_other'))
    if (crisis.place !== 'indonesia') replies.push(say('crisis.abroad_other'))
  } else if (crisis.place === 'indonesia') {
    replies.push(say('crisis.indonesia'))
  } else {
    replies.push(say('crisis.abroad'))
    if (crisis.place === 'unknown') replies.push(say('crisis.indonesia_short'))
    replies.push(say('crisis.family'))
  }
  const entry = crisis.faq ? bundle.faq.byId.get(crisis.faq) : undefined
  if (entry) replies.push(faqAnswer(bundle, entry, lang))
  return replies
}

/** How a family reports for someone abroad: the category's FAQ answer (or the short line), then the numbers there. */
function reportFor(bundle: Bundle, lang: Lang, crisis: CrisisResult, say: (key: string) => Reply): Reply[] {
  const entry = crisis.faq ? bundle.faq.byId.get(crisis.faq) : undefined
  const replies = [entry ? faqAnswer(bundle, entry, lang) : say('crisis.family_other')]
  if (crisis.place !== 'indonesia') replies.push(say('crisis.abroad_other'))
  return replies
}
