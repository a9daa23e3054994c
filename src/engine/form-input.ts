/**
 * Reading a form answer that comes inside a sentence, for the engine's ask steps:
 *
 *  - a story typed at a story step (`keeps_story`) is kept as the answer, whatever else the message sets off
 *    (`keepsTypedText`);
 *  - "pake wa ibu boleh? 0857-1122-3344" at a phone question: the number is the answer, a family number is fine
 *    (`family_phone`);
 *  - "bln depan 20" at the age question is not an age of 20 (`age_soon`); "19 thn jalan 20" is 19;
 *  - "eh tujuannya korea aja deh" at a summary: the destination (or training interest) named is the corrected answer
 *    (`summary_destination`, `summary_interest`, the catalogs' labels and synonyms).
 *
 * Word lists are content (content/commands.yaml); this file only knows where they are looked for.
 */
import type { CommandWords } from '../content/bundle.ts'
import { commandKey } from '../content/keys.ts'
import { TextMemo } from '../understanding/text-cache.ts'
import type { AskStep } from '../content/schemas.ts'
import type { Option } from './answers.ts'

type ListName = 'family_phone' | 'report_fix' | 'age_soon' | 'summary_destination' | 'summary_interest' | 'summary_language' | 'summary_add' | 'call_when' | 'this_number' | 'not_a_name' | 'for_someone_else' | 'name_intro_other' | 'privacy_question' | 'not_a_company' | 'small_talk' | 'ask_intro' | 'asks_bot' | 'correction_start' | 'work_not_place' | 'no_own_phone' | 'quiz_not_answer' | 'already_said' | 'name_cue' | 'leave_to_ask' | 'ask_leave' | 'ask_topic' | 'off_topic' | 'enough'

/** The list's phrases as command keys with a space at each end, made once per content. */
function list(commands: CommandWords, name: ListName): readonly string[] {
  let lists = keyedLists.get(commands)
  if (!lists) keyedLists.set(commands, (lists = new Map()))
  let phrases = lists.get(name)
  if (!phrases) lists.set(name, (phrases = ((commands.raw.commands as Partial<Record<string, string[]>>)[name] ?? []).map((p) => ` ${commandKey(p)} `)))
  return phrases
}

const keyedLists = new WeakMap<CommandWords, Map<ListName, readonly string[]>>()

/** The list's phrases as command keys (no spaces around), made once per content. */
export function phrases(commands: CommandWords, name: ListName): readonly string[] {
  return list(commands, name).map((p) => p.slice(1, -1))
}

/**
 * "nama sy Dewi", "my name is Budi from Cilacap": a pattern whose group 1 is what follows a `name_cue` phrase up to the
 * end of its clause; made once per content (undefined when the list is empty).
 */
export function nameCuePattern(commands: CommandWords): RegExp | undefined {
  if (cuePatterns.has(commands)) return cuePatterns.get(commands)
  const cues = phrases(commands, 'name_cue')
  const pattern = cues.length === 0 ? undefined : new RegExp(`(?:^|[^\\p{L}\\p{N}])(?:${cues.map((c) => c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})\\s*:?\\s+([^,.;!?\\n]+)`, 'iu')
  cuePatterns.set(commands, pattern)
  return pattern
}

const cuePatterns = new WeakMap<CommandWords, RegExp | undefined>()

/** The words of a text, lower case, single-spaced, with a space at each end (for phrase search). */
export function spaced(text: string): string {
  // Asked of the same message by several readers in a turn: recent results are remembered, as for `commandKey`.
  return rememberedSpaced.get(text, spacedUncached)
}

const rememberedSpaced = new TextMemo<string>(10_000, 300)

function spacedUncached(text: string): string {
  return ` ${commandKey(text).replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim()} `
}

/** The text contains one of the list's words or phrases. */
export function mentions(commands: CommandWords, name: ListName, text: string): boolean {
  const words = spaced(text)
  return list(commands, name).some((phrase) => words.includes(phrase))
}

/**
 * A step whose answer is the user's own account (a story, a recruiter, `keeps_story: true`): what is typed there is
 * never thrown away, even when it sets off the emergency help. Elsewhere (a company name, a person's name) a message
 * that raised an emergency is never taken as the answer.
 */
export function keepsTypedText(step: AskStep): boolean {
  return step.ask === 'text' && step.keeps_story === true && step.person_name !== true
}

/** Each option's label and synonyms as `spaced` names (empty ones left out), made once per option list. */
function spacedNames(options: readonly Option[]): readonly { option: Option; names: readonly string[] }[] {
  let named = namesOfLists.get(options)
  if (!named) {
    named = options.map((option) => ({ option, names: [option.label.id, option.label.en ?? '', ...option.synonyms].map(spaced).filter((name) => name.trim() !== '') }))
    namesOfLists.set(options, named)
  }
  return named
}

const namesOfLists = new WeakMap<readonly Option[], readonly { option: Option; names: readonly string[] }[]>()

/**
 * The options of a catalog named in the text by their label or a synonym ("korea" → Korea Selatan). An option
 * named only by words inside another option's longer name ("bahasa" in "bahasa korea") is not counted.
 */
export function optionsNamed(options: readonly Option[], text: string): Option[] {
  const words = spaced(text)
  const found = spacedNames(options)
    .map(({ option, names }) => ({ option, names: names.filter((name) => words.includes(name)) }))
    .filter((f) => f.names.length > 0)
  const longest = (names: string[]) => names.reduce((a, b) => (b.length > a.length ? b : a), '')
  return found
    .filter((f) => !found.some((g) => g !== f && longest(g.names).length > longest(f.names).length && longest(g.names).includes(longest(f.names))))
    .map((f) => f.option)
}

/**
 * "19 thn jalan 20", "umur 19, bulan depan 20": the age typed *before* an `age_soon` phrase is the age now; undefined
 * when no number comes before it ("bln depan 20": the age now is asked).
 */
export function ageBeforeSoon(commands: CommandWords, text: string): number | undefined {
  const words = spaced(text)
  const at = Math.min(...list(commands, 'age_soon').map((p) => words.indexOf(p)).filter((i) => i >= 0))
  if (!Number.isFinite(at)) return undefined
  const age = /(?:^| )(\d{1,2})(?= )/u.exec(words.slice(0, at + 1))?.[1]
  return age === undefined ? undefined : Number(age)
}

/** Words left after a correction, fewer than this, are no new message ("bukan, maksudnya itu"). */
const CORRECTION_REST_WORDS = 2

/**
 * The rest of a message that opens with a correction (`correction_start`: "bukan, maksudnya …", "no I mean …"), as
 * typed; undefined when it does not open with one or says too little after it.
 */
export function afterCorrection(commands: CommandWords, text: string): string | undefined {
  const words = commandKey(text).replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim()
  const phrase = list(commands, 'correction_start')
    .map((p) => p.trim())
    .filter((p) => words.startsWith(`${p} `))
    .sort((a, b) => b.length - a.length)[0]
  if (!phrase) return undefined
  // The same number of words off the typed text (punctuation between them: "bukan, maksudnya").
  const count = phrase.split(' ').length
  const match = text.trim().match(new RegExp(`^(?:[^\\p{L}\\p{N}']*[\\p{L}\\p{N}']+){${count}}[^\\p{L}\\p{N}']*`, 'u'))
  const rest = match ? text.trim().slice(match[0].length).trim() : ''
  return rest.split(/\s+/).filter(Boolean).length >= CORRECTION_REST_WORDS ? rest : undefined
}

/**
 * "kebumen, kan udh sy bilang td", "Dewi kan td udh sy tulis" at a form question: the text without what says it was
 * told before (`already_said`: from the phrase to the end of its clause), as typed; undefined when no such phrase is
 * there or nothing is left.
 */
export function withoutAlreadySaid(commands: CommandWords, text: string): string | undefined {
  const said = list(commands, 'already_said')
  if (said.length === 0) return undefined
  let changed = false
  const kept: string[] = []
  for (const clause of text.split(/[,.;!?\n]+/u)) {
    const words = clause.trim().split(/\s+/u).filter(Boolean)
    const keys = words.map((w) => commandKey(w).replace(/[^\p{L}\p{N}']+/gu, ''))
    let cut = -1
    for (let i = 0; i < keys.length && cut < 0; i++) {
      const rest = ` ${keys.slice(i).join(' ')} `
      if (said.some((p) => rest.startsWith(p))) cut = i
    }
    if (cut < 0) {
      if (words.length > 0) kept.push(words.join(' '))
      continue
    }
    changed = true
    if (cut > 0) kept.push(words.slice(0, cut).join(' '))
  }
  const rest = kept.join(', ').trim()
  return changed && /[\p{L}\p{N}]/u.test(rest) ? rest : undefined
}

/**
 * "udah ah skip aja, sy mau nanya yg lain: proses ke taiwan brp lama?" inside a form: the text after the last
 * `leave_to_ask` phrase, as typed; undefined when no such phrase is there.
 */
export function afterLeaveWords(commands: CommandWords, text: string): string | undefined {
  const phrases = list(commands, 'leave_to_ask').map((p) => p.trim().split(' '))
  if (phrases.length === 0) return undefined
  const typed = text.trim().split(/\s+/u).filter(Boolean)
  const keys = typed.map((w) => commandKey(w).replace(/[^\p{L}\p{N}']+/gu, ''))
  let end = -1
  for (let i = 0; i < keys.length; i++) {
    for (const p of phrases) {
      if (p.every((w, k) => keys[i + k] === w) && i + p.length > end) end = i + p.length
    }
  }
  if (end < 0) return undefined
  return typed.slice(end).join(' ').replace(/^[\s,.;:!-]+/u, '').trim()
}

/**
 * "asslm kak, mau tanya2 dulu boleh? sy dr lombok": an `ask_intro` phrase followed (within three words) by a word asking
 * leave (`ask_leave`: "boleh", "bisa"), or one that holds such a word itself ("boleh tanya"), with no word
 * naming a subject (`ask_topic`: "soal", "tentang").
 */
export function asksLeaveToAsk(commands: CommandWords, text: string): boolean {
  const words = spaced(text)
  if (list(commands, 'ask_topic').some((p) => words.includes(p))) return false
  const leave = list(commands, 'ask_leave').map((p) => p.trim())
  for (const phrase of list(commands, 'ask_intro')) {
    const at = words.indexOf(phrase)
    if (at < 0) continue
    const next = ` ${words.slice(at + phrase.length).trim().split(' ').slice(0, 3).join(' ')} `
    if (leave.some((p) => phrase.includes(` ${p} `) || next.includes(` ${p} `))) return true
  }
  return false
}

/** Longest message read as "that's enough" (`enough`). */
const ENOUGH_WORDS = 6

/**
 * "udah cukup, stop ya", "cukup sampai sini kak": a short message whose every clause, without softeners (`hedge`,
 * and a closing "ya"), is an `enough` phrase.
 */
export function saysEnough(commands: CommandWords, text: string): boolean {
  const enough = new Set(list(commands, 'enough').map((p) => p.trim()))
  if (enough.size === 0 || text.trim().split(/\s+/u).length > ENOUGH_WORDS) return false
  const soft = new Set([...commands.hedge, 'ya', 'yah', 'yaa', 'dulu', 'please', 'ok', 'oke', 'ok ya'])
  const clauses = text.split(/[,.;!?\n]+/u).map((c) => spaced(c).trim()).filter(Boolean)
  if (clauses.length === 0) return false
  return clauses.every((clause) => {
    const words = clause.split(' ').filter((w) => !soft.has(w))
    return words.length > 0 && enough.has(words.join(' '))
  })
}
