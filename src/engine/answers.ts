/**
 * Reading the answer to an `ask` step, per type. Pure: returns what the answer is, or why it is not one.
 * Typing is forgiving: numbers, labels, synonyms and small typos all work.
 */
import type { Bundle } from '../content/bundle.ts'
import { commandKey } from '../content/keys.ts'
import type { AskStep } from '../content/schemas.ts'
import type { Localized } from '../content/types.ts'
import { matchMany, matchOption } from '../knowledge/catalog.ts'
import type { RegionMatch } from '../knowledge/regions.ts'
import { normalizeMobile } from '../knowledge/phone.ts'
import { parseNumberWords } from './number-words.ts'
import { pick } from './text.ts'
import { readYesNoWords } from './yes-no.ts'
import type { Lang } from './types.ts'

/** One possible answer of a choice-like ask. */
export interface Option {
  id: string
  label: Localized
  synonyms: string[]
  goto?: string
  /** Come back to the asking step after the `goto` target is answered. */
  review?: boolean
  /** What is saved when this option is chosen; default: the id. */
  value?: unknown
}

export type AnswerResult =
  | {
      kind: 'ok'
      value: unknown
      label?: string
      goto?: string
      review?: boolean
      /** Answers of later steps given in the same message ("Kabupaten Cilacap" at the province question). */
      also?: Record<string, { value: unknown; label: string }>
    }
  /** multi: a selection grew; more may follow. `unknown`: typed numbers that are not on the list. */
  | { kind: 'partial'; value: string[]; unknown?: string[] }
  /** Close but not exact: "did you mean…?" with these options. */
  | { kind: 'clarify'; options: readonly Option[] }
  /** Not an answer; `reason` picks a specific message (`ask.invalid.<reason>`). */
  | { kind: 'invalid'; reason?: string; unknown?: string[] }

export interface AnswerInput {
  text: string
  /** The local id of a pressed button (already checked to belong to this step). */
  choice?: string
  options: readonly Option[]
  bundle: Bundle
  answers: Readonly<Record<string, unknown>>
  lang: Lang
}

const DEFAULT_MAX_LENGTH = 500

export function readAnswer(step: AskStep, input: AnswerInput): AnswerResult {
  switch (step.ask) {
    case 'text':
      return readText(step, step.person_name ? nameOnly(input.text, input.bundle) : input.text)
    case 'number':
      return readNumber(step, input.text)
    case 'phone': {
      const phone = normalizeMobile(input.text)
      return phone.ok ? { kind: 'ok', value: phone.e164 } : { kind: 'invalid', reason: `phone_${phone.reason}` }
    }
    case 'yesno':
      return readYesNo(step, input)
    case 'choice':
      return readChoice(step, input)
    case 'multi':
      return readMulti(step, input)
  }
}

function readText(step: AskStep, text: string): AnswerResult {
  const value = text.replace(/\s+/g, ' ').trim()
  if (value.length < (step.min_length ?? 1)) return { kind: 'invalid', reason: 'too_short' }
  // Emoji or punctuation alone ("🙏🙏", "...") is not a name or a story.
  if (!/[\p{L}\p{N}]/u.test(value)) return { kind: 'invalid', reason: 'no_letters' }
  if (value.length > (step.max_length ?? DEFAULT_MAX_LENGTH)) return { kind: 'invalid', reason: 'too_long' }
  return { kind: 'ok', value }
}

/**
 * The name in "nama saya Siti Aminah", "panggil aja Ujang kak", "my name is Budi": the words around it
 * (`commands.yaml` name_intro, name_after) removed; the name keeps the user's spelling. Nothing is removed when that
 * would leave no letters ("Saya" as a name stays).
 */
export function nameOnly(text: string, bundle: Bundle): string {
  let rest = text.replace(/\s+/g, ' ').trim()
  for (let i = 0; i < 4; i++) {
    const left = stripped(rest, bundle.commands.nameIntro, true)
    if (left === undefined) break
    rest = left
  }
  rest = rest.replace(/[\s!.]+$/, '')
  rest = beforeTail(rest, bundle.commands.nameTail)
  for (let i = 0; i < 3; i++) {
    const left = stripped(rest, bundle.commands.nameAfter, false)
    if (left === undefined) break
    rest = left
  }
  return rest
}

/**
 * The name before what follows it in the message: the first clause, up to a word of `name_tail` ("Rizky Pratama dr
 * kebumen, pengen ke jepang" → "Rizky Pratama", "Dewi kan td udh sy tulis" → "Dewi"), or up to a number; the whole
 * when that would leave no letters ("Kan" as a name stays).
 */
function beforeTail(rest: string, tail: ReadonlySet<string>): string {
  const words = rest.split(' ')
  for (let k = 1; k < words.length; k++) {
    const previous = words[k - 1]!
    const key = words[k]!.toLowerCase().replace(/[^\p{L}\p{N}]/gu, '')
    const clauseEnd = /[,;:!?]$/.test(previous)
    if (!clauseEnd && !tail.has(key) && !/^\+?\d/.test(words[k]!)) continue
    const left = words.slice(0, k).join(' ').replace(/[\s,;:!?.-]+$/u, '')
    if (/\p{L}/u.test(left)) return left
  }
  return rest
}

/**
 * `rest` without the first of `words` at its start (or end), when letters are left; undefined when none is cut.
 * (A module function, not a closure: under tsx each named closure costs a `defineProperty` of its name.)
 */
function stripped(rest: string, words: readonly string[], atStart: boolean): string | undefined {
  const lower = rest.toLowerCase()
  for (const w of words) {
    const cut = atStart ? lower.startsWith(w) && /^[\s,:.-]/.test(lower.slice(w.length)) : lower.endsWith(w) && /[\s,.]$/.test(lower.slice(0, -w.length))
    if (!cut) continue
    const left = (atStart ? rest.slice(w.length) : rest.slice(0, -w.length)).replace(/^[\s,:.-]+|[\s,.!]+$/g, '')
    if (!/\p{L}/u.test(left)) return undefined
    return left
  }
  return undefined
}

function readNumber(step: AskStep, text: string): AnswerResult {
  const match = /(?<![\d.,])(\d{1,6})(?![\d.,]*\d)/.exec(text)
  // "sembilan belas", "twenty three"
  const value = match ? Number(match[1]) : parseNumberWords(text)
  if (value === undefined) return { kind: 'invalid' }
  if ((step.min !== undefined && value < step.min) || (step.max !== undefined && value > step.max)) {
    return { kind: 'invalid', reason: 'range' }
  }
  return { kind: 'ok', value }
}

/** Yes, no, and (where the step says `unsure: true`) "I don't know", saved as the word `unsure`. */
function readYesNo(step: AskStep, input: AnswerInput): AnswerResult {
  if (input.choice === 'yes' || input.choice === 'no') return { kind: 'ok', value: input.choice === 'yes' }
  if (input.choice === 'unsure' && step.unsure) return { kind: 'ok', value: 'unsure' }
  const answer = readYesNoWords(input.text, input.bundle.commands)
  if (answer === 'yes' || answer === 'no') return { kind: 'ok', value: answer === 'yes' }
  if (answer === 'unsure') return step.unsure ? { kind: 'ok', value: 'unsure' } : { kind: 'invalid', reason: 'unsure' }
  return { kind: 'invalid' }
}

function optionResult(option: Option, lang: Lang): AnswerResult {
  return {
    kind: 'ok',
    value: option.value ?? option.id,
    label: pick(option.label, lang),
    ...(option.goto ? { goto: option.goto } : {}),
    ...(option.review ? { review: true } : {}),
  }
}

function readChoice(step: AskStep, input: AnswerInput): AnswerResult {
  const { options, lang } = input
  if (input.choice !== undefined) {
    const option = options.find((o) => o.id === input.choice)
    return option ? optionResult(option, lang) : { kind: 'invalid' }
  }
  if (step.options === 'provinces' || step.options === 'regencies') {
    const regions = input.bundle.regions
    const match =
      step.options === 'provinces'
        ? regions.matchProvince(input.text)
        : regions.matchRegency(input.text, String(input.answers[step.of ?? 'province'] ?? ''))
    const found = match.matches.map((r) => options.find((o) => o.id === r.code)).filter((o): o is Option => !!o)
    if (match.kind === 'exact' && found.length === 1) {
      // "jawa timur, eh tp sy skrg lg tinggal di batam": where the user lives now, in another province, is the answer.
      const now = step.options === 'provinces' ? placeNow(input, found[0]!.id) : undefined
      if (now) return now
      const result = optionResult(found[0]!, lang)
      // "ntb, lombok timur", "jatim, tp skrg ngekos di sby": the town in another clause answers the regency question.
      const regency = step.options === 'provinces' ? regencyInOtherClauses(regions, input.text, found[0]!.id) : undefined
      return regency && result.kind === 'ok' ? { ...result, also: { regency: { value: regency.code, label: regency.name } } } : result
    }
    if (step.options === 'provinces') {
      // A regency or city typed at the province question ("Kota Bandung", "Kabupaten Cilacap", "bandung")
      // gives its province; an exact one also answers the regency question that follows.
      const byRegency = provinceOfRegency(regions.matchRegency(input.text), options, lang)
      if (byRegency) return byRegency
    }
    if (found.length > 0) return { kind: 'clarify', options: found.slice(0, 5) }
    return { kind: 'invalid', reason: step.options === 'provinces' ? 'region_province' : 'region_regency' }
  }
  const match = matchOption(input.text, options)
  const found = match.ids.map((id) => options.find((o) => o.id === id)).filter((o): o is Option => !!o)
  if (match.kind === 'exact' && found.length === 1) return optionResult(found[0]!, lang)
  // One close match whose label holds every typed word ("benar" for "Benar, kirim") needs no question back.
  if (match.kind === 'close' && found.length === 1 && wordsInLabel(input.text, found[0]!)) return optionResult(found[0]!, lang)
  if (found.length > 0 && match.kind !== 'none') return { kind: 'clarify', options: found.slice(0, 5) }
  return { kind: 'invalid' }
}

/**
 * A later clause that says where the user lives now (`commands.yaml` place_now: "eh tp sy skrg lg tinggal di batam")
 * and ends with one regency of another province than `provinceCode`: that province, with the regency. Undefined otherwise.
 */
function placeNow(input: AnswerInput, provinceCode: string): AnswerResult | undefined {
  const cues = new Set((input.bundle.commands.raw.commands.place_now ?? []).map((w) => w.toLowerCase()))
  const clauses = input.text.split(/[,;\n]+/u).map((c) => c.trim()).filter(Boolean)
  if (cues.size === 0 || clauses.length < 2) return undefined
  for (const clause of clauses.slice(1)) {
    const words = clause.split(/\s+/u)
    if (!words.some((w) => cues.has(w.toLowerCase().replace(/[^\p{L}]+/gu, '')))) continue
    for (let n = Math.min(TOWN_TAIL_WORDS, words.length); n >= 1; n--) {
      const match = input.bundle.regions.matchRegency(words.slice(-n).join(' '))
      const regency = match.kind === 'exact' && match.matches.length === 1 ? match.matches[0]! : undefined
      if (!regency) continue
      if (regency.province === provinceCode) return undefined
      const province = input.options.find((o) => o.id === regency.province)
      const result = province ? optionResult(province, input.lang) : undefined
      return result && result.kind === 'ok' ? { ...result, also: { regency: { value: regency.code, label: regency.name } } } : undefined
    }
  }
  return undefined
}

/** Words at the end of a clause tried as a town name ("tp skrg ngekos di sby" → "sby"); bounded work. */
const TOWN_TAIL_WORDS = 3

/**
 * A regency of `provinceCode` named in a clause of `text` that is not the province itself: the clause, or its last
 * few words, matching exactly one regency. Undefined when none or more than one does.
 */
function regencyInOtherClauses(regions: Bundle['regions'], text: string, provinceCode: string): { code: string; name: string } | undefined {
  const clauses = text.split(/[,;\n]+/u).map((c) => c.trim()).filter(Boolean)
  if (clauses.length < 2) return undefined
  for (const clause of clauses) {
    if (regions.matchProvince(clause).kind === 'exact') continue
    const words = clause.split(/\s+/u)
    for (let n = Math.min(TOWN_TAIL_WORDS, words.length); n >= 1; n--) {
      const match = regions.matchRegency(words.slice(-n).join(' '), provinceCode)
      if (match.kind === 'exact' && match.matches.length === 1) return match.matches[0]
    }
  }
  return undefined
}

function provinceOfRegency(match: RegionMatch, provinces: readonly Option[], lang: Lang): AnswerResult | undefined {
  if (match.kind === 'none' || match.matches.length === 0) return undefined
  const codes = new Set(match.matches.map((r) => r.province))
  const province = codes.size === 1 ? provinces.find((o) => o.id === match.matches[0]!.province) : undefined
  if (!province) return undefined
  const result = optionResult(province, lang)
  const regency = match.kind === 'exact' && match.matches.length === 1 ? match.matches[0]! : undefined
  return regency && result.kind === 'ok' ? { ...result, also: { regency: { value: regency.code, label: regency.name } } } : result
}

function wordsInLabel(text: string, option: Option): boolean {
  const words = commandKey(text).split(' ').filter(Boolean)
  const labels = [option.label.id, option.label.en ?? ''].map((l) => ` ${commandKey(l).replace(/[^\p{L}\p{N}]+/gu, ' ')} `)
  return words.length > 0 && labels.some((label) => words.every((w) => label.includes(` ${w} `)))
}

function readMulti(step: AskStep, input: AnswerInput): AnswerResult {
  const name = step.save ?? step.id
  const selected = Array.isArray(input.answers[name]) ? (input.answers[name] as string[]) : []
  if (input.choice !== undefined) {
    if (input.choice === 'done') {
      return selected.length > 0 ? { kind: 'ok', value: selected } : { kind: 'invalid', reason: 'multi_empty' }
    }
    if (!input.options.some((o) => o.id === input.choice)) return { kind: 'invalid' }
    return { kind: 'partial', value: selected.includes(input.choice) ? selected : [...selected, input.choice] }
  }
  const key = commandKey(input.text)
  // "sudah", "itu aja", "done" (the number of the Selesai choice is read by the engine, which knows the page shown).
  if (selected.length > 0 && input.bundle.commands.done.has(key)) {
    return { kind: 'ok', value: selected }
  }
  const match = matchMany(input.text, input.options)
  // Numbers that are not on the list are named back ("99 tidak ada di daftar"), never silently dropped.
  const unknown = match.unmatched.filter((part) => /^\d{1,4}$/.test(part))
  if (match.ids.length === 0) return unknown.length > 0 ? { kind: 'invalid', reason: 'multi_unknown', unknown } : { kind: 'invalid' }
  if (unknown.length > 0) return { kind: 'partial', value: [...new Set([...selected, ...match.ids])], unknown }
  if (match.kind === 'close' && match.unmatched.length === 0 && match.ids.length > 1 && !/[,\d]/.test(input.text)) {
    // One word that fits several options ("bahasa"): ask which.
    const options = match.ids.map((id) => input.options.find((o) => o.id === id)).filter((o): o is Option => !!o)
    return { kind: 'clarify', options }
  }
  return { kind: 'ok', value: [...new Set([...selected, ...match.ids])] }
}
