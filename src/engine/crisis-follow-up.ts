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
 *   ack        "makasih kak", "ok" → a short warm reply, nothing repeated.
 * Anything else is taken as details: acknowledged, with what to do now and who can act on them.
 */
import type { Bundle } from '../content/bundle.ts'
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

const MEANS = /\b(obat|obatnya|pil|pills?|tablets?|racun|poison|tali|rope|pisau|knife|silet|razor|loncat|lompat|terjun|jump|gantung|hang)\b/
const SELF = /\b(bukan|not)\b[^.!?]{0,30}\b(aku|saya|sy|gue|gw|aku dewe|me|myself|i am|i'm)\b|\b(aku|saya|sy|gue|gw)\s+(sendiri|dewe)\b|\bit'?s me\b|\bit is me\b|\bini (aku|saya|sy)\b/
const NUMBERS_A = /\b(nomor|nomer|nmr|no|number|brp|berapa|kontak|contact|hotline)\b[^.!?]{0,40}\b(kbri|kjri|kdei|polisi|police|darurat|emergency|embassy|konsulat|kedutaan)\b/
const NUMBERS_B = /\b(kbri|kjri|kdei|polisi|police|embassy|konsulat|kedutaan)\b[^.!?]{0,40}\b(nomor|nomer|nmr|number|brp|berapa|kontak|contact)\b/
const NO_CREDIT = /\b(pulsa|wifi|wi-fi|kuota|no credit|no phone credit|no top ?up)\b|\b(ga|gak|nggak|tidak|tdk|can'?t|cannot)\s+(berani|bisa|boleh)?\s*(telpon|telepon|nelpon|call)\b/
const ACK = /^(ok|oke|okay|okey|baik|iya|ya|y|siap|sip|makasih|mksh|makasi|terima ?kasih|trims|thanks|thank you|thx|tq|ty|noted|paham|ngerti|udah|sudah)( (kak|min|ya|banyak|bu|pak|mbak|mas|kakak|so much|you|very much|ya))*$/
// A request to be phoned: "tolong telpon sy", "bisa ditelpon balik?", "please call me" — not "she call me" (a story).
const CALLBACK = /\b(tolong|please|pls|plz|bisa|bisakah|can you|could you|mohon|minta|kakak|admin|min)\b[^.!?]{0,25}\b(telpon|telepon|telp|hubungi|call|tlp)\s+(sy|saya|aku|me|balik|back)\b|\b(ditelpon|ditelepon|ditelp|dihubungi) balik\b|\bcall me back\b|^ (call me|telpon (sy|saya|aku)|telepon (sy|saya|aku))\b/

/** What a message in help mode adds, in the order its answers are given. */
export function readFollowUp(text: string, context: CrisisContext): FollowUpKind[] {
  const t = ` ${text.toLowerCase().replace(/\s+/g, ' ')} `
  const kinds: FollowUpKind[] = []
  if (context.category === 'self_harm' && MEANS.test(t)) kinds.push('means')
  if (context.about === 'other' && SELF.test(t)) kinds.push('self')
  if (NUMBERS_A.test(t) || NUMBERS_B.test(t)) kinds.push('numbers')
  if (CALLBACK.test(t)) kinds.push('callback')
  else if (NO_CREDIT.test(t)) kinds.push('no_credit')
  if (kinds.length === 0 && ACK.test(t.replace(/[^\p{L}\p{N} ]+/gu, ' ').replace(/\s+/g, ' ').trim())) kinds.push('ack')
  return kinds
}

/** "tolong telpon sy di 0812…", "bisa ditelpon balik?", "call me": a request to be phoned. */
export function asksCallBack(text: string): boolean {
  return CALLBACK.test(` ${text.toLowerCase().replace(/\s+/g, ' ')} `)
}

/** Whether a message says the writer (or the person) is abroad: a destination country, "luar negeri", a mission. */
export function mentionsAbroad(bundle: Bundle, text: string): boolean {
  const t = ` ${text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ')} `
  if (/ (luar negeri|abroad|overseas|kbri|kjri|kdei|malaysia|singapura|singapore|hongkong|hong kong|saudi|riyadh|jeddah|dubai|qatar|kuwait|kamboja|cambodia|myanmar|yangon|thailand|brunei|sihanoukville|phnom penh|taichung|kuala lumpur|johor|sabah|korea|jepang|japan|taiwan) /.test(t)) return true
  return bundle.countries.some((c) => c.synonyms.some((s) => t.includes(` ${s.toLowerCase()} `)))
}
