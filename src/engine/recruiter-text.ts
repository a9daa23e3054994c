/**
 * Reading who recruited someone out of a sentence, at the report's "who recruited you?" question and the agency
 * check's "which company?" question:
 *
 *     "lho kan td udh sy tulis. pak slamet cilacap"                  → name "Pak Slamet, Cilacap"
 *     "nama sponsornya pak slamet, orang cilacap, nomernya 0813 …"    → name "Pak Slamet, Cilacap", phone "0813 …"
 *     "sponsornya namanya pak darto, dia bilang dari PT apa gt sy lupa" → name "Pak Darto", no company (forgotten)
 *     "dia janji kerja di taiwan, minta 20jt, sy transfer 3x …"       → a story, not a name
 *
 * The words are content (content/commands.yaml: `recruiter_intro`, `recruiter_noise`, `recruiter_title`); this file
 * only knows the order: the message is cut into clauses; a clause with a noise phrase ("sy lupa", "kan td udh sy
 * tulis") is left out; a phone number is kept apart; words that introduce the name ("nama sponsornya", "orang") are
 * taken off the front of each clause. Linear in the length of the text.
 */
import { commandKey } from '../content/keys.ts'
import type { CommandWords } from '../content/bundle.ts'
import { phoneInSentence } from '../knowledge/phone.ts'

export interface RecruiterText {
  /** The name part, tidied ("Pak Slamet, Cilacap"); empty when the message names nobody. */
  name: string
  /** A phone number the message gives, as typed. */
  phone?: string
  /** The message tells what happened rather than who (a story typed at the name question). */
  story: boolean
  /** Some of the message was left out (noise such as "sy lupa", "udh sy tulis"). */
  trimmed: boolean
  /** A clause says the company name is not known ("PT apa gt sy lupa"). */
  forgotCompany: boolean
  /** The name part names a company by its legal form (PT, CV, …) or only a person. */
  company: boolean
  /** The name part starts at a title or a legal form ("pak slamet", "PT Maju"). */
  named: boolean
  /** The message also tells what happened (a long clause that is not the name): kept as the story too. */
  told: boolean
}

/** A clause longer than this (after its intro words) that names nobody is told, not a name. */
const NAME_CLAUSE_WORDS = 4
/** A message of at least this many words that names nobody is a story. */
const STORY_WORDS = 9

export function words(bundle: { commands: CommandWords }, key: 'recruiter_intro' | 'recruiter_noise' | 'recruiter_title' | 'recruiter_company' | 'recruiter_cue' | 'recruiter_possessive'): string[] {
  const raw = (bundle.commands.raw.commands as Partial<Record<string, string[]>>)[key] ?? []
  return raw.map(commandKey).sort((a, b) => b.length - a.length)
}

/** The words, lower case; quotes around a name ("'Bu Ratna Kerja Malaysia'") are not part of its words. */
function tokensOf(text: string): string[] {
  return commandKey(text)
    .replace(/[^\p{L}\p{N}' ]+/gu, ' ')
    .split(' ')
    .map((t) => t.replace(/^'+|'+$/g, ''))
    .filter(Boolean)
}

export function hasPhrase(tokens: string[], phrases: string[]): boolean {
  const spaced = ` ${tokens.join(' ')} `
  return phrases.some((p) => spaced.includes(` ${p} `))
}

/** Takes intro phrases ("nama sponsornya", "orang", "dari") off the front, as long as one matches. */
function stripIntro(tokens: string[], intro: string[]): string[] {
  let rest = tokens
  for (let changed = true; changed && rest.length > 0; ) {
    changed = false
    const spaced = `${rest.join(' ')} `
    for (const phrase of intro) {
      if (spaced.startsWith(`${phrase} `)) {
        rest = rest.slice(phrase.split(' ').length)
        changed = true
        break
      }
    }
  }
  return rest
}

/** "pak slamet" → "Pak Slamet"; words typed with capitals or digits ("PT", "BRI", "3x") stay as typed. */
function tidy(tokens: string[], original: string): string {
  return tokens
    .map((t) => {
      const typed = original.match(new RegExp(`(?<![\\p{L}\\p{N}])${t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'iu'))?.[0] ?? t
      if (typed !== typed.toLowerCase() || /\d/.test(typed)) return typed
      return typed.charAt(0).toUpperCase() + typed.slice(1)
    })
    .join(' ')
}

export function readRecruiterText(bundle: { commands: CommandWords }, text: string): RecruiterText {
  const intro = words(bundle, 'recruiter_intro')
  const noise = words(bundle, 'recruiter_noise')
  const titles = new Set(words(bundle, 'recruiter_title'))
  const forms = new Set(words(bundle, 'recruiter_company'))
  const mine = new Set(words(bundle, 'recruiter_possessive'))
  const phone = phoneInSentence(text) ?? undefined
  const withoutPhone = phone ? text.replace(phone, ' ') : text
  // "pt Hj. Siti Aminah": the full stop of an abbreviated title or legal form does not end the clause.
  const abbreviated = withoutPhone.replace(/(?<![\p{L}\p{N}])(\p{L}{1,4})\.(?=\s*\p{L})/gu, (all, word: string) => (titles.has(word.toLowerCase()) || forms.has(word.toLowerCase()) ? `${word} ` : all))
  const clauses = abbreviated.split(/[,.;:!?\n()]+/u).map((c) => c.trim()).filter(Boolean)
  const kept: { text: string; named: boolean }[] = []
  let trimmed = false
  let forgotCompany = false
  let told = false
  let named = false
  let company = false
  for (const clause of clauses) {
    const tokens = tokensOf(clause)
    if (tokens.length === 0) continue
    if (hasPhrase(tokens, noise)) {
      trimmed = true
      if (tokens.some((t) => forms.has(t))) forgotCompany = true
      continue
    }
    let rest = stripIntro(tokens, intro)
    // "dia bilang namanya pak darto": the name starts at its title; "ibu sy dimintain uang" is the writer's mother.
    const at = rest.findIndex((t, i) => forms.has(t) || (titles.has(t) && !mine.has(rest[i + 1] ?? '')))
    if (at > 0) rest = rest.slice(at)
    if (rest.length === 0) {
      trimmed = true
      continue
    }
    const isNamed = at >= 0
    // "pak darto janji kerja di taiwan": a person's title and the word after it are the name; the rest is told.
    // "pak slamet dari pt Hj Siti Aminah": the person, and the company named after them (a PT named after a person
    // stays the company's name, never cut to a person's two words).
    const formAt = titles.has(rest[0] ?? '') ? rest.findIndex((t) => forms.has(t)) : -1
    if (isNamed && formAt > 0) {
      const person = rest.slice(0, Math.min(2, formAt))
      const firm = rest.slice(formAt, formAt + NAME_CLAUSE_WORDS + 2)
      if (rest.length > formAt + firm.length) told = true
      named = true
      company = true
      trimmed = true
      kept.push({ text: `${tidy(person, clause)}, ${tidy(firm, clause).replace(/^\p{L}{2,3}(?=\s)/u, (form) => form.toUpperCase())}`, named: true })
      continue
    }
    if (isNamed && titles.has(rest[0]!) && rest.length > NAME_CLAUSE_WORDS) {
      rest = rest.slice(0, 2)
      told = true
    }
    if (!isNamed && rest.length > NAME_CLAUSE_WORDS) {
      told = true
      continue
    }
    if (isNamed) named = true
    if (rest.some((t) => forms.has(t))) company = true
    if (rest.length < tokens.length) trimmed = true
    kept.push({ text: tidy(rest, clause), named: isNamed })
  }
  const count = tokensOf(text).length
  const story = !named && (told || (count >= STORY_WORDS && kept.length === 0))
  // A message that also tells what happened keeps only the named clauses as the name ("minta 20jt" is told).
  const names = (told && named ? kept.filter((k) => k.named) : kept).map((k) => k.text)
  // "di fb namanya Bunda Rizky Sukses": where the recruiter was met, after the name ("Bunda Rizky Sukses (FB)").
  const allTokens = ` ${tokensOf(text).join(' ')} `
  const platform = (bundle.commands.raw.recruiter_platform ?? []).find(([, ...ws]) => ws.some((w) => allTokens.includes(` ${commandKey(w)} `)))?.[0]
  const nameText = names.join(', ')
  const withPlatform = platform && nameText && !new RegExp(`\\b${platform}\\b`, 'i').test(nameText) ? `${nameText} (${platform})` : nameText
  return { name: story ? '' : withPlatform, ...(phone ? { phone } : {}), story, trimmed: trimmed || told, forgotCompany, company, named, told }
}

/** The recruiter as saved: the name part and the phone number, or the text as typed when nothing could be read. */
export function recruiterAnswer(read: RecruiterText, typed: string): string {
  const parts = [read.name, read.phone].filter((p): p is string => !!p && p.trim() !== '')
  return parts.length > 0 ? parts.join(', ') : typed.trim()
}
