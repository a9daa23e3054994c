/**
 * What a user told before a report form started is not asked again: the story ("adik sy di saudi udh 5 minggu ga ada
 * kabar …", "My sister was offered a domestic helper job in Malaysia …") becomes the report's "what happened", and a
 * recruiter named there ("sponsornya namanya pak haji darto", "akun fb Bu Ratna Kerja Malaysia") its recruiter. Both
 * are shown in the summary, where the user can change them.
 *
 * Reads the user's recent texts (the session keeps the last few), newest last, and the message that started the form.
 */
import type { CommandWords } from '../content/bundle.ts'
import { wordCount } from '../understanding/normalize.ts'
import { commandKey } from '../content/keys.ts'
import { hasPhrase, readRecruiterText, recruiterAnswer, words } from './recruiter-text.ts'

/** A text tells what happened when, without a question at its end, it still has this many words. */
const STORY_WORDS = 8
/** The message that starts the report tells the story when it has at least this many words. */
const STARTING_WORDS = 12
/** At most this many recent texts are read (the ones that led to the report). */
const RECENT = 3
/** Longest story kept (the report's story step takes at most 1000 characters). */
const STORY_CHARS = 1000
/** Starts a question rather than telling something. */
const ASKS = /^(apa|apakah|gimana|bagaimana|gmn|bgmn|berapa|brp|kapan|dimana|di mana|siapa|kenapa|mengapa|knp|bisakah|bolehkah|boleh|bisa|cara|syarat|how|what|when|where|who|why|can|is|are|do|does)\b/i

/**
 * The text without its questions ("… arranged there. Is this safe?" → "… arranged there."; "pt X no izin B.234/KA/IX/2019
 * bener ga min? ini nomernya dikasih sponsornya" → "ini nomernya dikasih sponsornya": a question about a licence told
 * nothing that happened; blind tester A, A-15).
 */
function told(text: string): string {
  return text
    .trim()
    .split(/(?<=[.!?])\s+|\n+/u)
    .filter((sentence) => !sentence.trim().endsWith('?'))
    .join(' ')
    .trim()
}

/**
 * The sentences of a text that ask nothing ("no izin P3MI 123/2020 bener ga min? ini nomernya dikasih sponsornya" →
 * "ini nomernya dikasih sponsornya"): a text that is mostly a question (a licence to check) tells no story, and the
 * report asks what happened (blind tester A, A-4).
 */
function statements(text: string): string {
  return (text.match(/[^.!?\n]+[.!?\n]*/gu) ?? []).filter((sentence) => !sentence.trim().endsWith('?')).join(' ')
}

/**
 * The texts that tell a story, oldest first, joined: the report's "what happened", or undefined. The message that
 * starts the report (`starting`) counts when it says much more than the request ("mau lapor PT X, uang dibawa
 * kabur" is asked for the story; a long message that tells it is not).
 */
export function storyFrom(recent: readonly string[], starting?: string): string | undefined {
  const stories = [...recent.slice(-RECENT), ...(starting && wordCount(starting) >= STARTING_WORDS ? [starting] : [])]
    .map(told)
    .filter((t) => wordCount(t) >= STORY_WORDS && !ASKS.test(t) && wordCount(statements(t)) >= STORY_WORDS)
  const story = stories.join('\n').slice(0, STORY_CHARS).trim()
  return story === '' ? undefined : story
}

/** A recruiter named with a title or a legal form ("pak haji darto", "PT …") in the texts, the newest first. */
export function recruiterFrom(commands: CommandWords, texts: readonly string[]): string | undefined {
  const cues = words({ commands }, 'recruiter_cue')
  for (const text of [...texts.slice(-RECENT)].reverse()) {
    // "ibu bingung" names nobody: a name counts where the text speaks of a recruiter ("sponsornya", "akun fb").
    if (!hasPhrase(commandKey(text).replace(/[^\p{L}\p{N} ]+/gu, ' ').split(' ').filter(Boolean), cues)) continue
    const read = readRecruiterText({ commands }, text)
    if (read.named && read.name !== '') return recruiterAnswer(read, text)
  }
  return undefined
}
