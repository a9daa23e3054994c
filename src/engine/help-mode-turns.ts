/**
 * Help mode, the human side: what a person in danger (or their family) says after the crisis answer that is not a
 * new detail of the danger, and what they get (texts `crisis.follow.*`). Each answer is short and says nothing twice:
 *
 *   thanks        "makasih ya kak udh dengerin", "suwun mas" → a warm close that keeps the door open (after
 *                 self-harm, the online line once more, in one sentence);
 *   safe          "udah aman skrg, aku udah di kbri" → glad, the emergency tone ends, what comes next; help mode ends;
 *   hide          "majikan dtg, nanti lg" → one line (be careful, delete the chat, write again), no buttons;
 *   family/home   "sy kakaknya, sy di indonesia bkn di arab", "sy di indramayu. hrs lapor kemana" → the writer is a
 *                 relative at home: how to report for them from Indonesia (KP2MI, the details officers need,
 *                 BP3MI/P4MI, Disnaker), never "that country's emergency number";
 *   not_departed  "anak sy masih di rumah blm berangkat" → the person is still in Indonesia: report and prevent;
 *   self-harm     any other message after a self-harm answer stays with self-harm: the online line, which also
 *                 works abroad (healing119.id is an online service, shared/facts §2d), never the complaint blocks.
 *
 * The 24-hour line that closes help answers is said once per help mode, then only when asked (`asksForLine`).
 * Pure: the engine pushes the texts and keeps the context.
 */
import type { Bundle } from '../content/bundle.ts'
import type { CrisisResult } from '../understanding/crisis.ts'
import { hasCue } from './abroad.ts'
import { followUpWords, HELP_MODE_MS, speaksOfThem, type CrisisContext, type FollowUpKind } from './crisis-follow-up.ts'
import { nextKey } from './crisis-reply.ts'
import { worryKeys } from './help-mode-worries.ts'

/** What to answer: texts in order, the help context after it (undefined: help mode ends), the buttons. */
export interface HelpTurn {
  keys: string[]
  context: CrisisContext | undefined
  /** `none`: no buttons at all (someone may be looking); `help`: the officer and menu buttons. */
  choices: 'none' | 'help'
}

/** The answer to a help-mode message about the situation itself, or undefined when it is a detail or a request. */
export function helpTurn(bundle: Bundle, text: string, context: CrisisContext, kinds: readonly FollowUpKind[], newlyAbroad: boolean): HelpTurn | undefined {
  if (kinds.includes('hide')) return { keys: ['crisis.follow.hide'], context, choices: 'none' }
  if (kinds.includes('safe')) return { keys: [context.about === 'other' ? 'crisis.follow.safe_other' : 'crisis.follow.safe'], context: undefined, choices: 'help' }
  if (kinds.includes('thanks')) {
    return { keys: [context.category === 'self_harm' ? 'crisis.follow.thanks_self_harm' : 'crisis.follow.thanks'], context, choices: 'help' }
  }
  const family = kinds.includes('family')
  const other = family || context.about === 'other'
  if (kinds.includes('not_departed')) {
    const next: CrisisContext = other ? { ...context, about: 'other', place: 'indonesia', writer: 'home' } : { ...context, place: 'indonesia' }
    return { keys: [other ? 'crisis.follow.not_departed' : 'crisis.follow.not_departed_self'], context: next, choices: 'help' }
  }
  // "sy di indramayu" from the person in danger themselves: where they are, read as a detail.
  if (kinds.includes('home') && !other) return undefined
  if (kinds.includes('home') || family) {
    // The writer is a relative at home; the person stays where they are (abroad, unless said otherwise).
    const next: CrisisContext = { ...context, about: 'other', writer: 'home', place: context.place === 'indonesia' ? 'unknown' : context.place }
    if (context.category === 'self_harm') return { keys: ['crisis.follow.self_harm_family'], context: next, choices: 'help' }
    const keys = hasCue(bundle, text, 'phone_taken') ? ['crisis.follow.phone_taken_other', 'crisis.follow.family_home'] : ['crisis.follow.family_home']
    return { keys, context: next, choices: 'help' }
  }
  if (kinds.length > 0) return undefined
  if (context.category === 'self_harm' && context.about === 'other') {
    // "she not answer now" about a friend who wants to die: how to reach her now, spoken to the writer who helps.
    return { keys: ['crisis.follow.self_harm_other_now'], context, choices: 'help' }
  }
  if (context.category === 'self_harm') {
    // Self-harm stays self-harm: the online line (just learnt they are abroad: Indonesian numbers do not work there).
    return { keys: [newlyAbroad ? 'crisis.follow.self_harm_abroad' : 'crisis.follow.listening'], context, choices: 'help' }
  }
  if (context.about === 'other' && hasCue(bundle, text, 'phone_taken') && context.place !== 'indonesia') {
    // "terakhir dia bilang …, hpnya mau diambil": what the relative should send now, then how the family reports.
    return { keys: ['crisis.follow.phone_taken_other', context.writer === 'home' ? 'crisis.follow.family_home' : 'crisis.follow.send_details'], context, choices: 'help' }
  }
  // A worry of the family's own ("saya gak punya nomor agennya", "nomor 0800 itu bayar gak?") has its own answer.
  if (context.writer === 'home' && context.about === 'other' && worryKeys(bundle, text, context).length === 0) return { keys: ['crisis.follow.family_home'], context, choices: 'help' }
  return undefined
}

/**
 * A crisis detected in help mode that is the same situation told further: the classifier's guess alone (no phrase)
 * of another kind ("kamar aku ga ada kuncinya" after sexual harassment) keeps the situation's kind, unless the
 * situation was only a general danger; "dia …" after a family opener stays about the relative. A self-harm phrase
 * (the message itself says it) always counts.
 */
export function sameSituation(bundle: Bundle, text: string, crisis: CrisisResult, context: CrisisContext): CrisisResult & { selfHarmGuess?: boolean } {
  let out = crisis
  if (out.about === 'self' && context.about === 'other' && speaksOfThem(followUpWords(bundle), text)) out = { ...out, about: 'other' }
  const guessed = out.phrase.startsWith('(classifier')
  // A guess of sexual violence never turns a help mode into it: only the words do ("dia teriak2" after "tolong" is
  // shouting, not SAPA 129; blind tester C, c36).
  if (guessed && out.category === 'sexual_violence' && context.category !== 'sexual_violence') return { ...out, category: context.category, about: context.about }
  // After self-harm, another danger of the person's own ("majikan sy di malaysia ngancem terus") is answered as
  // that danger (where to call there): the feeling was answered already, the new danger was not.
  const newDanger = context.category === 'self_harm' && out.about === 'self' && out.category !== 'self_harm' && out.category !== 'danger'
  if (guessed && !newDanger && out.category !== context.category && context.category !== 'danger') {
    // A self-harm guess is not dropped: the situation's answer gets one line about the online help (`selfHarmGuess`).
    return { ...out, category: context.category, about: context.about, ...(out.category === 'self_harm' ? { selfHarmGuess: true } : {}) }
  }
  return out
}

/** The message asks for a number or who to call: the 24-hour line is said again. */
export function asksForLine(bundle: Bundle, text: string, kinds: readonly FollowUpKind[]): boolean {
  return kinds.includes('numbers') || kinds.includes('callback') || kinds.includes('no_credit') || hasCue(bundle, text, 'contacts')
}

/** Whether the 24-hour line already closed a reply in this help mode. */
export function lineGiven(context: CrisisContext | undefined, now: number): boolean {
  return context?.line !== undefined && now - context.line <= HELP_MODE_MS
}

/**
 * What changed or what the writer needs now (`NowKind`s, and going home): one short text each, in order. `short`:
 * someone in danger this minute, on a low battery or a borrowed phone gets no officer offer after it, only the
 * buttons. Undefined when the message adds none of these.
 */
export function nowKeys(bundle: Bundle, text: string, context: CrisisContext, kinds: readonly FollowUpKind[]): { keys: string[]; short: boolean } | undefined {
  if (kinds.includes('phone_number')) return { keys: ['crisis.follow.phone_number'], short: true }
  const other = context.about === 'other'
  const indonesia = context.place === 'indonesia'
  const keys: string[] = []
  if (kinds.includes('danger_now')) keys.push(other ? 'crisis.follow.danger_now_other' : indonesia ? 'crisis.follow.danger_now_indonesia' : 'crisis.follow.danger_now')
  if (kinds.includes('away') && !other) keys.push(indonesia ? 'crisis.follow.away_indonesia' : 'crisis.follow.away')
  if (kinds.includes('battery')) keys.push(other ? 'crisis.follow.phone_taken_other' : 'crisis.follow.battery')
  if (kinds.includes('borrowed') && !other) keys.push('crisis.follow.borrowed_phone')
  if (kinds.includes('secret')) keys.push('crisis.follow.private')
  if (kinds.includes('sent_home')) keys.push('crisis.follow.sent_home')
  if (kinds.includes('legal')) keys.push(bundle.texts.id.has(`crisis.legal.${context.category}`) && !other ? `crisis.legal.${context.category}` : 'crisis.legal.general')
  const home = !indonesia && hasCue(bundle, text, 'go_home')
  // "biayanya sy yg bayar?": that it depends comes first, so the help that follows never reads as "yes, you pay" (C-12).
  if (home && !other && hasCue(bundle, text, 'trip_cost')) keys.push('abroad.go_home_cost')
  if (home) keys.push(other ? 'crisis.follow.go_home_other' : 'abroad.go_home')
  if (kinds.includes('what_to_do') && !home) keys.push(nextStep(bundle, context))
  if (keys.length === 0) return undefined
  const short = !kinds.some((k) => k === 'secret' || k === 'legal' || k === 'sent_home' || k === 'what_to_do') && !home
  return { keys, short }
}

/** "what i do", "sy hrs gmn": the next concrete step of the situation, for the writer or for whom they help. */
export function nextStep(bundle: Bundle, context: CrisisContext): string {
  if (context.about === 'other') {
    if (context.category === 'self_harm') return 'crisis.follow.self_harm_other_now'
    return context.writer === 'home' ? 'crisis.follow.family_home' : 'crisis.follow.other_next'
  }
  if (context.category === 'self_harm') return 'crisis.follow.listening'
  if (bundle.texts.id.has(`crisis.next.${context.category}`)) return nextKey(bundle, context.category, context.place, context.food === true)
  return context.place === 'indonesia' ? 'crisis.follow.now_indonesia' : 'crisis.follow.now_abroad'
}
