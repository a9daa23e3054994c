/**
 * A burst: someone in danger often types in short pieces, one after another ("tlg" / "sy di hk" / "majikan" /
 * "mukul" / "sy boleh kabur?"; "help" / "im in malaysia" / "boss hit me"). Each piece alone says little; together
 * they say it. The session keeps the last few short messages of the last minutes (`Session.burst`), and the crisis
 * detector reads them joined when the message alone says nothing.
 *
 * Only a danger *phrase* of the joined text counts (never the classifier's guess from words gathered across
 * messages), every piece must be short and no question (a question is a whole thought), and the pieces are forgotten once a danger is answered, after a long
 * message, inside a form, and when they are older than `BURST_MS`: two calm questions never add up to an alarm.
 * Pure: time comes with the message.
 */
import type { Bundle } from '../content/bundle.ts'
import { commandKey } from '../content/keys.ts'
import type { CrisisResult } from '../understanding/crisis.ts'
import { asksQuestion } from '../understanding/form-question.ts'
import { wordCount } from '../understanding/normalize.ts'

/** Pieces further apart than this (from the last one) are not one burst. */
export const BURST_MS = 3 * 60 * 1000
/** A piece of a burst has at most this many words. */
export const BURST_WORDS = 6
/** How many earlier pieces are read with the message. */
export const BURST_TEXTS = 4

/** The short messages just sent (`Session.burst`). */
export interface Burst {
  texts: string[]
  /** When the last piece came (the message's time). */
  at: number
}

/** Whether a message is short enough to be a piece of a burst. */
export function isFragment(text: string): boolean {
  const n = wordCount(text)
  return n > 0 && n <= BURST_WORDS
}

/** The earlier pieces still part of the burst at `now` (none when the last one is too old). */
export function burstTexts(burst: Burst | undefined, now: number): string[] {
  if (!burst || now - burst.at > BURST_MS || now < burst.at) return []
  return burst.texts
}

/** The burst after this message: the piece added, or undefined when the message ends it (long, or none). */
export function nextBurst(burst: Burst | undefined, text: string, now: number): Burst | undefined {
  if (!isFragment(text)) return undefined
  return { texts: [...burstTexts(burst, now), text.slice(0, 120)].slice(-BURST_TEXTS), at: now }
}

/**
 * The danger that the burst and this message state together, when this short message completes it ("majikan" …
 * "mukul"): a phrase of the crisis detector over the joined text, not of the kind the earlier pieces state alone, nor
 * stated by the message alone (the pieces before may say less: a general danger). Undefined otherwise.
 */
export function crisisInBurst(bundle: Bundle, burst: Burst | undefined, text: string, now: number): CrisisResult | undefined {
  // A question is a whole thought ("majikan simpen paspor sy, itu boleh?", "tppo artinya apa"): never a piece.
  const before = burstTexts(burst, now).filter((t) => !asksQuestion(bundle, t))
  if (before.length === 0 || !isFragment(text) || asksQuestion(bundle, text)) return undefined
  const found = bundle.crisis.detect([...before, text].join(' '))
  if (!found || found.phrase.startsWith('(classifier')) return undefined
  // The pieces before already said this much ("tolong" / "aku di malaysia" is a general danger, answered as such).
  const earlier = bundle.crisis.detect(before.join(' '))
  if (earlier && !earlier.phrase.startsWith('(classifier') && earlier.category === found.category) return undefined
  return found
}


/** The last piece of the burst was a bare cry for help ("help", "tolong"): the next piece goes on with it. */
export function criedForHelp(bundle: Bundle, burst: Burst | undefined, now: number): boolean {
  const last = burstTexts(burst, now).at(-1)
  if (!last) return false
  const key = commandKey(last)
  return key === 'tolong' || bundle.commands.help.has(key)
}
