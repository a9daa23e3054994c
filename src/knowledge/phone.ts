/**
 * Indonesian mobile numbers, as people type them ("0812-3456-7890", "+62 812 3456 7890", "628123456789") and
 * as WhatsApp knows them ("6281234567890"), turned into E.164 (`+6281234567890`), with a reason when that is
 * not possible, so the assistant can say what to fix.
 *
 * Validation is libphonenumber-js with its `max` metadata: only that one tells mobile numbers (8xx) from
 * landlines (021-…), which the smaller default metadata cannot.
 */
import { Metadata, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js/max'

export type PhoneProblem = 'too_short' | 'too_long' | 'letters' | 'foreign' | 'not_mobile' | 'invalid'

export type PhoneResult = { ok: true; e164: string } | { ok: false; reason: PhoneProblem }

/** Words people write before the number: "no HP: 0812…", "WA 0812…". Dropped before checking for letters. */
const LABEL = /^\s*(?:(?:no|nomor|nomer|nmr|hp|handphone|telp|telpon|telepon|tel|wa|whatsapp|ponsel|mobile|phone|number)\b[\s.:=-]*)+/i

/** Lengths of an Indonesian mobile number without the country code or the leading 0 (8123456789: 10). */
const MOBILE_LENGTHS: readonly number[] = mobileLengths()
const MOBILE_MIN = Math.min(...MOBILE_LENGTHS)
const MOBILE_MAX = Math.max(...MOBILE_LENGTHS)

function mobileLengths(): number[] {
  const metadata = new Metadata()
  metadata.selectNumberingPlan('ID')
  // `type()` exists at runtime (metadata.max) but is not in the published typings.
  const plan = metadata.numberingPlan as unknown as { type(kind: string): { possibleLengths(): number[] } | undefined }
  const lengths = plan.type('MOBILE')?.possibleLengths()
  if (!lengths || lengths.length === 0) throw new Error('libphonenumber-js metadata has no Indonesian mobile lengths')
  return lengths
}

/**
 * Checks digits with a country code: Indonesian, mobile, of a possible length. A number with another country
 * code is `foreign` whatever follows.
 */
function classifyInternational(digits: string): PhoneResult {
  // No country code starts with 0: "+0812…" is a local number with a stray plus.
  if (digits.startsWith('0')) return classifyNational(digits.slice(1))
  if (!digits.startsWith('62')) return { ok: false, reason: 'foreign' }
  // "+62 (0)812…", "62 0812…": the national 0 written after the country code.
  return classifyNational(digits.slice(2).replace(/^0/, ''))
}

/** Checks an Indonesian number without country code and without the leading 0: `81234567890`. */
function classifyNational(national: string): PhoneResult {
  const international = `+62${national}`
  if (national.startsWith('8')) {
    if (national.length < MOBILE_MIN) return { ok: false, reason: 'too_short' }
    if (national.length > MOBILE_MAX) return { ok: false, reason: 'too_long' }
    const phone = parsePhoneNumberFromString(international)
    return phone?.getType() === 'MOBILE' ? { ok: true, e164: phone.number } : { ok: false, reason: 'invalid' }
  }
  if (national.length === 0) return { ok: false, reason: 'too_short' }
  if (parsePhoneNumberFromString(international)?.isValid()) return { ok: false, reason: 'not_mobile' }
  const length = validatePhoneNumberLength(international)
  if (length === 'TOO_SHORT') return { ok: false, reason: 'too_short' }
  if (length === 'TOO_LONG') return { ok: false, reason: 'too_long' }
  return { ok: false, reason: 'invalid' }
}

/**
 * A typed Indonesian mobile number → E.164. Accepts `08xx…`, `8xx…`, `+628xx…`, `628xx…`, `00628xx…`, with
 * spaces, dashes, dots or brackets, and a label before it ("no HP: …"). Reasons: `letters` (words instead of
 * a number), `foreign` (another country's code), `not_mobile` (a landline), `too_short`, `too_long`, `invalid`.
 *
 * ```ts
 * normalizeIndonesianMobile('0812-3456-7890') // { ok: true, e164: '+6281234567890' }
 * normalizeIndonesianMobile('+60 12 345 6789') // { ok: false, reason: 'foreign' }
 * ```
 */
export function normalizeIndonesianMobile(text: string): PhoneResult {
  const unlabelled = text.normalize('NFKC').replace(LABEL, '').trim()
  if (/\p{L}/u.test(unlabelled)) {
    // A number inside a sentence: "boleh, 0812.9988.7766", "kan udah sy kasih td 0812…", "62-857-1234-5678 (wa aja)".
    const inside = phoneInSentence(unlabelled)
    return inside ? normalizeIndonesianMobile(inside) : { ok: false, reason: 'letters' }
  }
  if (/[^\d\s+().\-/]/.test(unlabelled)) return { ok: false, reason: 'invalid' }
  const digits = unlabelled.replace(/\D/g, '')
  if (digits.length === 0) return { ok: false, reason: 'invalid' }
  if (unlabelled.startsWith('+')) return classifyInternational(digits)
  if (digits.startsWith('00')) return classifyInternational(digits.slice(2))
  if (digits.startsWith('62')) return classifyInternational(digits)
  return classifyNational(digits.replace(/^0/, ''))
}

/** A run of digits (with spaces, dots, dashes, brackets) long enough to be a phone number. */
const NUMBER_RUN = /\+?\d[\d\s().\-/]{6,}\d/g

/**
 * The one phone-like number in a sentence ("boleh, 0812.9988.7766"), or undefined when there is none or more
 * than one (which one is meant is then for the user to say).
 */
export function phoneInSentence(text: string): string | undefined {
  const runs = (text.normalize('NFKC').match(NUMBER_RUN) ?? []).map((r) => r.replace(/[\s(]+$/, '')).filter((r) => r.replace(/\D/g, '').length >= 9)
  return runs.length === 1 ? runs[0] : undefined
}

/**
 * The phone number of a WhatsApp chat: digits with the country code (`6281234567890`), or a JID
 * (`6281234567890@s.whatsapp.net`, `6281234567890:12@s.whatsapp.net`). A non-Indonesian number is
 * `foreign`; a JID that is not a phone number (`…@lid`, groups) is `invalid`.
 */
export function phoneFromChat(digits: string): PhoneResult {
  const match = /^\+?(\d+)(?::\d+)?(?:@s\.whatsapp\.net|@c\.us)?$/.exec(digits.trim())
  if (!match?.[1]) return { ok: false, reason: 'invalid' }
  return classifyInternational(match[1])
}

/**
 * A mobile number for the contact question of a form: Indonesian as `normalizeIndonesianMobile`, or, for workers
 * abroad who only have a local number, a valid mobile number of another country ("+966 55 123 4567",
 * "00852 6123 4567") in E.164. A foreign number must carry its country code (+ or 00): without it, it is read as
 * Indonesian.
 */
export function normalizeMobile(text: string): PhoneResult {
  const indonesian = normalizeIndonesianMobile(text)
  if (indonesian.ok || indonesian.reason !== 'foreign') return indonesian
  const unlabelled = text.normalize('NFKC').replace(LABEL, '').trim()
  const written = /\p{L}/u.test(unlabelled) ? (phoneInSentence(unlabelled) ?? '') : unlabelled
  const digits = written.replace(/\D/g, '').replace(/^00/, '')
  const phone = parsePhoneNumberFromString(`+${digits}`)
  const type = phone?.isValid() ? phone.getType() : undefined
  return phone && (type === 'MOBILE' || type === 'FIXED_LINE_OR_MOBILE') ? { ok: true, e164: phone.number } : indonesian
}
