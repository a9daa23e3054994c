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
 *   medical    "i am bleeding", "sesak napas", "pingsan" → get medical help now, and the lines for where they are;
 *   report     "sy hrs lapor kemana", "where do I report" → where to report from where they are;
 *   night      after self-harm, "jam segini ga ada yg angkat" → which help works now (online, 24 hours);
 *   wants      "sy cuma mau gaji sy dibayar", "i just want my money", "sy mau ngadu" → the FAQ answer for that need
 *              (`wantedFaq`: unpaid wages, how to complain, a passport held), then an officer;
 *   ack        "makasih kak", "ok", "ok thanks" → a short warm reply, nothing repeated.
 * A message that itself states danger (the crisis detector fires) gets the help for its own category; the same
 * category again gets that category's most important next step (`crisis.next.*`), not the whole first answer.
 * Anything else is taken as details: acknowledged, with what to do now and who can act on them.
 */
import type { Bundle } from '../content/bundle.ts'
import type { FollowUpContent } from '../content/crisis-schema.ts'
import type { CrisisResult } from '../understanding/crisis.ts'

/** How long after a crisis answer the conversation stays in help mode. */
export const HELP_MODE_MS = 30 * 60 * 1000

export type FollowUpKind = 'means' | 'self' | 'numbers' | 'no_credit' | 'callback' | 'ack' | 'medical' | 'report' | 'night' | 'wants' | NowKind | SituationKind

/**
 * What changed in the situation, or what the writer needs now (answered in src/engine/help-mode-turns.ts, `nowKeys`):
 *   danger_now    "dia dateng lg kak", "what if he force": where to go and who to call this minute;
 *   away          "majikan pergi": while nobody watches, send the location and contact the mission;
 *   battery       "hp mau lowbat": what to send before the phone dies;
 *   secret        "please dont tell agency": what happens with their messages here;
 *   borrowed      "this is friend phone": a short answer that fits on someone else's phone;
 *   legal         "is that legal": whether it is allowed, as far as the facts go;
 *   sent_home     "kalo sy lapor nanti sy dipulangin?": the fear of being sent home after reporting;
 *   what_to_do    "what i do", "sy hrs gmn": the next concrete step for the situation;
 *   phone_number  a phone number typed alone: nobody calls from here, and it is not kept.
 */
export type NowKind = 'danger_now' | 'away' | 'battery' | 'secret' | 'borrowed' | 'legal' | 'sent_home' | 'what_to_do' | 'phone_number'

/**
 * What a help-mode message says about the situation itself (answered in src/engine/help-mode-turns.ts):
 *   hide          "majikan dtg, nanti lg": someone may see the phone;
 *   safe          "udah aman skrg, aku udah di kbri": the writer is safe now;
 *   thanks        "makasih ya kak udh dengerin", "suwun mas": a thank-you or goodbye;
 *   family        "sy kakaknya", "dia yg di arab": the writer is a relative, not the person in danger;
 *   home          "sy di indramayu": the writer is in Indonesia;
 *   not_departed  "anak sy masih di rumah blm berangkat": the person has not left Indonesia.
 */
export type SituationKind = 'hide' | 'safe' | 'thanks' | 'family' | 'home' | 'not_departed'

/** The crisis a session is helping with (kept in the session for `HELP_MODE_MS`). */
export interface CrisisContext {
  category: string
  about: CrisisResult['about']
  place: CrisisResult['place']
  at: number
  /** The writer is a relative at home (help mode learnt it: "sy di indramayu"). */
  writer?: 'home'
  /** When the 24-hour line closed a reply in this help mode (said once, then only when asked). */
  line?: number
  /** The texts of the last help-mode answer (keys), so that the next one is never the same word for word. */
  said?: string[]
  /** The danger was being denied food (not only unpaid wages, the same "deprivation" kind). */
  food?: boolean
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
  thanks: RegExp
  but: RegExp
  safe: RegExp
  hide: RegExp
  family: RegExp
  familyTold: RegExp
  home: RegExp
  notDeparted: RegExp
  she: RegExp
  me: RegExp
  night: RegExp
  plan: RegExp
  meansNow: RegExp
  medical: RegExp
  medicalWeak: RegExp
  medicalUnless: RegExp
  report: RegExp
  hiding: RegExp
  /** Per need of `follow_up.wants`, its FAQ entry and the pattern "a want word, then a need word". */
  wants: readonly { faq: string; pattern: RegExp; unless?: RegExp }[]
  dangerNow: RegExp
  away: RegExp
  battery: RegExp
  secret: RegExp
  borrowed: RegExp
  legal: RegExp
  sentHome: RegExp
  situation: RegExp
  helper: RegExp
}

/** A message that is only a phone number ("+62 812 3456 7890", "0812-3456-789"). */
const PHONE_ONLY = /^\s*(?:\+?\d[\d\s().\-/]{6,}\d)\s*$/

/** Whole words or phrases of a list (an empty list never matches). */
function wholeWords(list: readonly string[]): RegExp {
  return list.length > 0 ? new RegExp(`\\b${any(list)}\\b`) : /$^/
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
    thanks: new RegExp(`\\b${any(words.thanks.words)}\\b`),
    but: new RegExp(`\\b${any(words.thanks.but)}\\b`),
    safe: new RegExp(`\\b${any(words.safe)}\\b`),
    hide: new RegExp(`\\b${any(words.hide.who)}\\b[^.!?]{0,20}\\b${any(words.hide.coming)}\\b|\\b${any(words.hide.phrases)}\\b`),
    family: new RegExp(`\\b${any(words.family.me)} ${any(words.family.role)}\\b|\\b${any([...words.family.phrases, ...words.family.relatives])}\\b`),
    familyTold: words.family.told.length > 0 ? wholeWords(words.family.told) : /(?!)/,
    home: new RegExp(`\\b${any(words.home.me)} (?:(?:masih|sudah|udah|udh|sdh|lagi|lg|tinggal|still|now) )?(?:di|in|at) (?:(?:rumah|kampung|home) (?:di|in) )?${any(words.home.places)}\\b`),
    // "masih di rumah majikan" is the workplace, not home.
    notDeparted: new RegExp(`\\b${any(words.not_departed)}\\b(?! ?(?:majikan|employer|bos|boss|agen|agency))`),
    she: new RegExp(`\\b${any(words.she)}\\b`),
    me: new RegExp(`\\b${any([...words.family.me, 'i', 'me', 'my', "i'm", 'im'])}\\b`),
    night: new RegExp(`\\b${any(words.night)}\\b`),
    plan: wholeWords(words.plan),
    meansNow: wholeWords(words.means_now),
    medical: new RegExp(`\\b${any(words.medical.words)}\\b`),
    medicalWeak: new RegExp(`^${any(words.medical.weak)}$`),
    medicalUnless: new RegExp(`\\b${any(words.medical.unless)}\\b|\\?`),
    report: new RegExp(`\\b${any(words.report)}\\b`),
    hiding: new RegExp(`\\b${any(words.hiding)}\\b`),
    wants:
      words.wants.want.length === 0
        ? []
        : words.wants.needs.map((need) => ({
            faq: need.faq,
            pattern: new RegExp(`\\b${any(words.wants.want)}\\b[^.!?]{0,30}\\b${any(need.words)}\\b`),
            ...(need.unless.length > 0 ? { unless: new RegExp(`\\b${any(need.unless)}\\b`) } : {}),
          })),
    dangerNow: wholeWords(words.danger_now),
    away: wholeWords(words.away),
    battery: wholeWords(words.battery),
    secret: wholeWords(words.secret),
    borrowed: wholeWords(words.borrowed),
    legal: wholeWords(words.legal),
    sentHome: wholeWords(words.sent_home),
    situation: wholeWords(words.situation),
    helper: wholeWords(words.helper),
  }
}

/**
 * What a message in help mode adds, in the order its answers are given. `detected`: the message itself reads as a
 * crisis (told again, with more), so it is never only thanks, "safe now" or "someone is coming". `wishes`: what the
 * person wants ("sy mau ngadu aja") is read as a wish; not when the message states a danger in so many words ("agen
 * mau ambil paspor sy").
 */
export function readFollowUp(words: FollowUpPatterns, text: string, context: CrisisContext, detected = false, wishes = !detected): FollowUpKind[] {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  // A means at hand in any help mode, or after self-harm a time or a farewell letter: the urgent steps first, before
  // "safe", "family" or anything else the words may also say (blind tester C, C-1).
  if (words.meansNow.test(t) || (context.category === 'self_harm' && context.about === 'self' && words.plan.test(t))) return ['means']
  // Only the classifier read a danger (none stated in so many words): "safe now" is still read as such.
  const situation = readSituation(words, t, detected, detected && wishes)
  if (situation.length > 0) return situation
  const kinds: FollowUpKind[] = []
  if (context.category === 'self_harm' && words.means.test(t)) kinds.push('means')
  if (context.about === 'other' && words.self.test(t)) kinds.push('self')
  if (words.numbers.some((pattern) => pattern.test(t))) kinds.push('numbers')
  if (words.medical.test(t)) kinds.push('medical')
  if (words.report.test(t)) kinds.push('report')
  // After self-harm, what the person wants stays with how they feel (never an FAQ answer).
  else if (wishes && context.category !== 'self_harm' && wantedFaq(words, text).length > 0) kinds.push('wants')
  if (context.category === 'self_harm' && words.night.test(t)) kinds.push('night')
  // "i dont have credit. can you call police for me?": what works without credit, and that nobody is called from here.
  if (words.noCredit.test(t)) kinds.push('no_credit')
  if (words.callback.test(t)) kinds.push('callback')
  kinds.push(...readNow(words, text, t))
  if (kinds.length === 0 && words.ack.test(t.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim())) kinds.push('ack')
  return kinds
}

/**
 * The FAQ entries for what the message says the person wants ("sy cuma mau gaji sy dibayar" → unpaid wages), in the
 * order of `follow_up.wants.needs`.
 */
export function wantedFaq(words: FollowUpPatterns, text: string): string[] {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  return words.wants.filter((need) => need.pattern.test(t) && !need.unless?.test(t)).map((need) => need.faq)
}

/** What changed or what is needed now (`t`: lower-cased, spaces around), in the order of its answers. */
function readNow(words: FollowUpPatterns, text: string, t: string): NowKind[] {
  if (PHONE_ONLY.test(text)) return ['phone_number']
  const kinds: NowKind[] = []
  if (words.dangerNow.test(t)) kinds.push('danger_now')
  if (words.away.test(t)) kinds.push('away')
  if (words.battery.test(t)) kinds.push('battery')
  if (words.borrowed.test(t)) kinds.push('borrowed')
  if (words.secret.test(t)) kinds.push('secret')
  if (words.legal.test(t)) kinds.push('legal')
  if (words.sentHome.test(t)) kinds.push('sent_home')
  if (kinds.length === 0 && words.situation.test(t)) kinds.push('what_to_do')
  return kinds
}

/** Whether the writer helps the worker as a volunteer, case worker, lawyer or employer (`follow_up.helper`). */
export function writesAsHelper(words: FollowUpPatterns, text: string): boolean {
  return words.helper.test(` ${text.toLowerCase().replace(/\s+/g, ' ')} `)
}

/** "sy istrinya di indonesia", "we are her family in indonesia": the writer is at home (`follow_up.home`). */
export function writesFromHome(words: FollowUpPatterns, text: string): boolean {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  return words.home.test(t) || /\b(?:in|di) (?:indonesia|indo)\b/.test(t) && words.family.test(t)
}

/** The situation kinds of a message (`t`: lower-cased, spaces around); at most one of hide, safe, thanks. */
function readSituation(words: FollowUpPatterns, t: string, detected: boolean, guessed = false): SituationKind[] {
  const count = t.trim().split(' ').length
  const asks = t.includes('?')
  if (!detected && count <= 8 && words.hide.test(t)) return ['hide']
  // Up to 16 words: "ok i am safe now, thai police rescued us. we are in mae sot" (blind tester C, C-6).
  if ((!detected || guessed) && count <= 16 && !asks && words.safe.test(t)) return ['safe']
  if (!detected && count <= 7 && !asks && words.thanks.test(t) && !words.but.test(t)) return ['thanks']
  if (count > 16) return []
  const kinds: SituationKind[] = []
  if (words.family.test(t) && !words.familyTold.test(t)) kinds.push('family')
  if (words.notDeparted.test(t)) kinds.push('not_departed')
  else if (words.home.test(t)) kinds.push('home')
  return kinds
}

/**
 * "i am bleeding", "i need a doctor", "sesak napas" with no crisis answer before: medical help now. Not a general
 * question ("kalau sakit di sana gimana?", a word of `medical.unless`), and not only a weak word ("pusing") alone.
 */
export function statesMedical(words: FollowUpPatterns, text: string): boolean {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  if (words.medicalUnless.test(t)) return false
  // No medical word at all (most messages): nothing to look at one by one.
  if (!words.medical.test(t)) return false
  const found = [...t.matchAll(new RegExp(words.medical.source, 'g'))].map((m) => m[0])
  return found.some((w) => !words.medicalWeak.test(w)) || found.length >= 2
}

/** "terakhir dia bilang …", "she said …": about the relative, without the writer as the subject. */
export function speaksOfThem(words: FollowUpPatterns, text: string): boolean {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  return words.she.test(t) && !words.me.test(t)
}

/** "tolong telpon sy di 0812…", "bisa ditelpon balik?", "call me": a request to be phoned. */
export function asksCallBack(words: FollowUpPatterns, text: string): boolean {
  return words.callback.test(` ${text.toLowerCase().replace(/\s+/g, ' ')} `)
}

/**
 * The honest answer to a request to be phoned: someone abroad about themselves gets the numbers to call from there;
 * someone writing for another person is told to call the lines themselves; anyone else 0800-1000.
 */
export function callbackKey(crisis: Pick<CrisisContext, 'place' | 'about'> | undefined): string {
  // The writer is the family (or another helper): they call the line themselves, nobody else is asked to.
  if (crisis?.about === 'other') return 'crisis.follow.callback_family'
  return crisis?.place === 'abroad' && crisis.about === 'self' ? 'crisis.follow.callback_abroad' : 'crisis.follow.callback'
}

/** Whether a message says the writer (or the person) is abroad: a destination country, "luar negeri", a mission. */
export function mentionsAbroad(bundle: Bundle, text: string): boolean {
  const t = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  if (followUpWords(bundle).abroad.test(t)) return true
  return bundle.countries.some((c) => c.synonyms.some((s) => t.includes(` ${s.toLowerCase()} `)))
}
