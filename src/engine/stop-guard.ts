/**
 * Forms never lose what a user typed because of a stop said in passing.
 *
 *  - "eh ga jadi jepang, korea aja": the words after the stop phrase ("jepang") name the value dropped; another
 *    value named in the same message is the new answer (an edit, not a stop) — `stopInText` gives the dropped part;
 *  - a stop phrase inside a longer sentence at a form that already holds answers is asked about first
 *    ("Mau membatalkan …? [Ya, batalkan] [Tidak, lanjutkan]"); "batal" typed alone still stops at once;
 *  - "lanjutin lagi dong" resumes a paused form (`asksToResume`).
 *
 * Phrase lists are content (content/commands.yaml: stop_in_sentence, resume_in_sentence); this file only knows how
 * they are looked for.
 */
import type { CommandWords } from '../content/bundle.ts'
import { commandKey } from '../content/keys.ts'
import { wordCount } from '../understanding/normalize.ts'
import { TextMemo } from '../understanding/text-cache.ts'
import { readConfirmation, type ConfirmAnswer } from './confirm.ts'
import type { Choice } from './types.ts'

/** The buttons of the "cancel this form?" question, yes first. */
export const STOP_YES = 'g:stop:yes'
export const STOP_NO = 'g:stop:no'

/**
 * Per content bundle: its phrase lists as compared (`commandKey`), and the readings of recent texts. These three
 * questions are asked of nearly every message, which are mostly the same menu numbers, commands and answers.
 */
interface Readings {
  readonly stopPhrases: readonly string[]
  readonly resumePhrases: readonly string[]
  readonly languagePhrases: readonly string[]
  readonly stop: TextMemo<{ dropped: string } | undefined>
  readonly resume: TextMemo<boolean>
  readonly language: TextMemo<'en' | 'id' | undefined>
}

const readings = new WeakMap<CommandWords, Readings>()

function readingsOf(commands: CommandWords): Readings {
  let found = readings.get(commands)
  if (!found) {
    found = {
      stopPhrases: (commands.raw.stop_in_sentence ?? []).map(commandKey),
      resumePhrases: (commands.raw.resume_in_sentence ?? []).map(commandKey),
      languagePhrases: (commands.raw.language_in_sentence ?? []).map(commandKey),
      stop: new TextMemo(2_000, 300),
      resume: new TextMemo(2_000, 300),
      language: new TextMemo(2_000, 300),
    }
    readings.set(commands, found)
  }
  return found
}

/** At most this many words for "lanjutin lagi dong yg tadi". */
const RESUME_WORDS = 8

/** The words of a text, lower case, single-spaced, with a space at each end (for phrase search). */
function spaced(text: string): string {
  return ` ${commandKey(text).replace(/[^\p{L}\p{N}' ]+/gu, ' ').replace(/\s+/g, ' ').trim()} `
}

/**
 * A stop phrase of `stop_in_sentence` in the text: `dropped` is what follows it up to the next comma or full stop
 * ("ga jadi bhs korea" → "bhs korea"), the value the user no longer wants; empty when nothing follows.
 */
export function stopInText(commands: CommandWords, text: string): { dropped: string } | undefined {
  return readingsOf(commands).stop.get(text, (t) => stopInTextUncached(commands, t))
}

function stopInTextUncached(commands: CommandWords, text: string): { dropped: string } | undefined {
  const phrases = readingsOf(commands).stopPhrases
  for (const clause of commandKey(text).split(/[,.;!?\n]+|\s(?:tapi|tp|but)\s/u)) {
    const words = spaced(clause)
    const phrase = phrases.find((p) => words.includes(` ${p} `))
    if (phrase === undefined) continue
    return { dropped: words.slice(words.indexOf(` ${phrase} `) + phrase.length + 2).trim() }
  }
  return undefined
}

/** "lanjutin lagi dong yg tadi", "eh salah pencet, lanjutkan lagi": the paused form is wanted back. */
export function asksToResume(commands: CommandWords, text: string): boolean {
  return readingsOf(commands).resume.get(text, (t) => {
    if (wordCount(t) > RESUME_WORDS) return false
    const words = spaced(t)
    return readingsOf(commands).resumePhrases.some((p) => words.includes(` ${p} `))
  })
}

/** At most this many words for "halo kak, can you answer in english?". */
const LANGUAGE_WORDS = 16

/**
 * A language switch asked in words: a phrase of `language_in_sentence` in a clause of a short message ("english
 * please", "halo kak, can you answer in english?", "bisa pakai bahasa indonesia?"). The phrase's language word says
 * which language; undefined when no phrase is there.
 */
/**
 * The language the user complains about ("kok jadi bahasa inggris sih" → the other one, `id`), from commands.yaml
 * `language_complaint`; undefined when the message is no such complaint.
 */
export function languageComplaint(commands: CommandWords, text: string): 'en' | 'id' | undefined {
  if (wordCount(text) > LANGUAGE_WORDS) return undefined
  const words = spaced(commandKey(text))
  const phrase = complaintPhrases(commands).find((p) => words.includes(p))?.slice(1, -1)
  if (phrase === undefined) return undefined
  if (/\b(english|inggris)\b/.test(phrase)) return 'id'
  if (/\b(indonesia|indonesian|indo)\b/.test(phrase)) return 'en'
  return undefined
}

/** `language_complaint` as command keys with a space at each end, made once per content. */
function complaintPhrases(commands: CommandWords): readonly string[] {
  let phrases = complaintsByContent.get(commands)
  if (!phrases) complaintsByContent.set(commands, (phrases = (commands.raw.language_complaint ?? []).map((p) => ` ${commandKey(p)} `)))
  return phrases
}

const complaintsByContent = new WeakMap<CommandWords, readonly string[]>()

export function languageAsked(commands: CommandWords, text: string): 'en' | 'id' | undefined {
  return readingsOf(commands).language.get(text, (t) => languageAskedUncached(commands, t))
}

function languageAskedUncached(commands: CommandWords, text: string): 'en' | 'id' | undefined {
  if (wordCount(text) > LANGUAGE_WORDS) return undefined
  const phrases = readingsOf(commands).languagePhrases
  for (const clause of commandKey(text).split(/[,.;!?\n]+/u)) {
    const words = spaced(clause)
    const phrase = phrases.find((p) => words.includes(` ${p} `))
    if (phrase === undefined) continue
    if (/\b(english|inggris)\b/.test(phrase)) return 'en'
    if (/\b(indonesia|indonesian|indo)\b/.test(phrase)) return 'id'
  }
  return undefined
}

/**
 * What a message that asks for a language says besides ("pakai bahasa indonesia aja ya, sy mau daftar siskop2mi" →
 * "sy mau daftar siskop2mi"): its clauses without the one naming the language, as typed; undefined when under two words.
 */
export function besidesLanguage(commands: CommandWords, text: string): string | undefined {
  const phrases = readingsOf(commands).languagePhrases
  const clauses = text.split(/[,.;!?\n]+/u).map((c) => c.trim()).filter(Boolean)
  const rest = clauses.filter((c) => !phrases.some((p) => spaced(commandKey(c)).includes(` ${p} `)))
  if (rest.length === clauses.length) return undefined
  const joined = rest.join(', ')
  return wordCount(joined) >= 2 ? joined : undefined
}

/** The "cancel this form?" buttons, labelled by the caller's texts. */
export function stopChoices(yes: string, no: string): Choice[] {
  return [
    { id: STOP_YES, label: yes },
    { id: STOP_NO, label: no },
  ]
}

/** The answer to "cancel this form?": a button, its number or label, or a yes/no sentence ("iya batalin aja"). */
export function readStopConfirmation(text: string, choice: string | undefined, choices: readonly Choice[], commands: CommandWords): ConfirmAnswer {
  return readConfirmation(text, choice, choices, commands, STOP_YES, STOP_NO)
}
