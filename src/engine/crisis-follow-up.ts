/**
 * Help mode: the messages that follow a crisis answer. For a while after it (`HELP_MODE_MS`, from the message's
 * time) the next messages are read as part of the same situation, not as new questions: details about the person
 * ("namanya Siti, umur 23, dia di Sihanoukville") never start an agency check or the FAQ fallback, and the same
 * three messages are never sent again word for word.
 *
 * What a follow-up may add, each answered with one short message (texts `crisis.follow.*`):
 *   means      a plan or means after self-harm ("udah siapin obat", pills, rope, jumping) → urgent steps;
 *   self       a correction "bukan temen, aku sendiri", "it's me" → the first-person answer of the same category;
 *   numbers    "kbri yangon nomernya brp?", "nomor polisi malaysia?" → where the numbers are (never guessed);
 *   no_credit  "ga punya pulsa", "cuma bisa wifi", "ga berani telpon" → what works over wifi;
 *   callback   "tolong telpon sy", "bisa ditelpon balik?" → the assistant cannot phone anyone;
 *   ack        "makasih kak", "ok", "ok thanks" → a short warm reply, nothing repeated.
 * Anything else is taken as details: acknowledged, with what to do now and who can act on them.
 */
import type { Bundle } from '../content/bundle.ts'
import type { FollowUpContent } from '../content/crisis-schema.ts'
import type { CrisisResult } from '../understanding/crisis.ts'

/** How long after a crisis answer the conversation stays in help mode. */
export const HELP_MODE_MS = 30 * 60 * 1000

export type FollowUpKind = 'means' | 'self' | 'numbers' | 'no_credit' | 'callback' | 'ack'

/** The crisis a session is helping with (kept in the session for `HELP_MODE_MS`). */
export interface CrisisContext {
  category: string
  about: CrisisResult['about']
  place: CrisisResult['place']
  at: number
}

/**
 * The help-mode words of `content/crisis.yaml` (`follow_up:`) as patterns over the lower-cased message with spaces
 * around it, built once when the content loads.
 */
export interface FollowUpPatterns {
  means: RegExp
  self: RegExp
  numbers: readonly RegExp[]
  noCredit: RegExp
  callback: RegExp
  ack: RegExp
  abroad: RegExp
}

/** One alternation group of whole words or phrases: `(obat|pil|…)`. */
function any(words: readonly string[]): string {
  return `(?:${[...new Set(words.map((w) => w.toLowerCase().trim()).filter((w) => w !== ''))].map(escape).join('|')})`
}

function escape(word: string): string {
  return word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/ +/g, ' ')
}

const built = new WeakMap<object, FollowUpPatterns>()

/** The patterns of the bundle's help-mode words (built on first use for each content version). */
export function followUpWords(bundle: Bundle): FollowUpPatterns {
  let patterns = built.get(bundle.crisis)
  if (!patterns) {
    patterns = followUpPatterns(bundle.crisis.followUp)
    built.set(bundle.crisis, patterns)
  }
  return patterns
}

export function followUpPatterns(words: FollowUpContent): FollowUpPatterns {
  const { self, no_credit: credit, callback, ack } = words
  return {
    means: new RegExp(`\\b${any(words.means)}\\b`),
    self: new RegExp(`\\b${any(self.not)}\\b[^.!?]{0,30}\\b${any(self.me)}\\b|\\b${any(self.alone_who)}\\s+${any(self.alone)}\\b|\\b${any(self.phrases)}\\b`),
    numbers: words.numbers.map((pair) => new RegExp(`\\b${any(pair.first)}\\b[^.!?]{0,40}\\b${any(pair.then)}\\b`)),
    noCredit: new RegExp(`\\b${any(credit.words)}\\b|\\b${any(credit.cannot)}\\s+${any(credit.dare)}?\\s*${any(credit.call)}\\b`),
    callback: new RegExp(
      `\\b${any(callback.ask)}\\b[^.!?]{0,25}\\b${any(callback.call)}\\s+${any(callback.who)}\\b|\\b${any(callback.phrases)}\\b|^ ${any(callback.opening)}\\b`,
    ),
    ack: new RegExp(`^${any(ack.words)}(?: ${any([...ack.words, ...ack.after])})*$`),
    abroad: new RegExp(` ${any(words.abroad)} `),
  }
}

/** What a message in help mode adds, in the order its answers are given. */
export function readFollowUp(words: FollowUpPatterns, text: string, context: CrisisContext): FollowUpKind[] {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  const kinds: FollowUpKind[] = []
  if (context.category === 'self_harm' && words.means.test(t)) kinds.push('means')
  if (context.about === 'other' && words.self.test(t)) kinds.push('self')
  if (words.numbers.some((pattern) => pattern.test(t))) kinds.push('numbers')
  if (words.callback.test(t)) kinds.push('callback')
  else if (words.noCredit.test(t)) kinds.push('no_credit')
  if (kinds.length === 0 && words.ack.test(t.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim())) kinds.push('ack')
  return kinds
}

/** "tolong telpon sy di 0812…", "bisa ditelpon balik?", "call me": a request to be phoned. */
export function asksCallBack(words: FollowUpPatterns, text: string): boolean {
  return words.callback.test(` ${text.toLowerCase().replace(/\s+/g, ' ')} `)
}

/**
 * The honest answer to a request to be phoned: someone abroad about themselves gets the numbers to call from there;
 * a family at home (or anyone else) 0800-1000.
 */
export function callbackKey(crisis: Pick<CrisisContext, 'place' | 'about'> | undefined): string {
  return crisis?.place === 'abroad' && crisis.about === 'self' ? 'crisis.follow.callback_abroad' : 'crisis.follow.callback'
}

/** Whether a message says the writer (or the person) is abroad: a destination country, "luar negeri", a mission. */
export function mentionsAbroad(bundle: Bundle, text: string): boolean {
  const t = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  if (followUpWords(bundle).abroad.test(t)) return true
  return bundle.countries.some((c) => c.synonyms.some((s) => t.includes(` ${s.toLowerCase()} `)))
}
