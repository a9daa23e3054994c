/**
 * The shape of a chat message, before any matching: which words are greetings and fillers, and where one
 * sub-question ends and the next begins.
 *
 * "Assalamualaikum min, mau tanya. Syarat ke Taiwan apa aja? terus biayanya brp" becomes two clauses,
 * `["syarat", "ke", "taiwan", "apa", "saja"]` and `["biaya", "nya", "berapa"]` (after the slang table): the
 * greeting, the form of address and the opener are gone, the sentence end and "terus" split.
 *
 * The word lists are content (`content/lexicon/discourse.yaml`); the rules here are general: sentence ends
 * (`.`, `?`, `!`, `;`, new lines) always split, the clause-break words split too, and fillers are removed as
 * whole phrases, longest first. Everything is linear in the length of the message.
 */
import type { Lexicon } from '../content/types.ts'
import { tokenize } from './normalize.ts'
import { ENGLISH_FUNCTION_WORDS, INDONESIAN_FUNCTION_WORDS } from './stopwords.ts'

/** The discourse word lists as content writes them (`content/lexicon/discourse.yaml`). */
export interface DiscourseWords {
  fillers: readonly string[]
  clause_breaks: readonly string[]
  /** Words and phrases that make a clause a question even without "?" ("berapa", "how much"). */
  question_words?: readonly string[]
  /**
   * Words that name only an aspect of a subject ("biaya", "syarat", "cost"): a short message of these and small
   * words ("syaratnya apa?", "berapa biayanya") is about the subject of the answer before it.
   */
  aspects?: readonly string[]
}

/** One sub-question of a message: its normalized words, and whether it was written as a question. */
export interface Clause {
  words: string[]
  /** It ended with "?" in the message, or has a question word (`question_words`). */
  asked: boolean
  /** It ended with "?" in the message. */
  marked: boolean
}

/** Phrases by their first word, longest first, for a linear left-to-right scan. */
type PhraseTable = ReadonlyMap<string, readonly (readonly string[])[]>

/** Removes fillers and splits a message into clauses, with the word lists of one content bundle. */
export class Discourse {
  private readonly fillers: PhraseTable
  private readonly breaks: PhraseTable
  private readonly questions: PhraseTable
  private readonly aspects: ReadonlySet<string>

  constructor(
    words: DiscourseWords,
    private readonly lexicon: Lexicon,
  ) {
    this.fillers = phraseTable(words.fillers, lexicon)
    this.breaks = phraseTable(words.clause_breaks, lexicon)
    this.questions = phraseTable(words.question_words ?? [], lexicon)
    this.aspects = new Set((words.aspects ?? []).flatMap((w) => tokenize(w, lexicon)))
  }

  /**
   * Whether `text` asks only about an aspect (`aspects`) and names no subject of its own: "syaratnya apa?",
   * "berapa biayanya", "how much does it cost" (not "syarat ke jepang apa?", not "apa?"). `stem`: the matcher's
   * stemmer, so that "biayanya" is "biaya".
   */
  onlyAspects(text: string, stem: (word: string) => string = (w) => w): boolean {
    const words = this.words(text).filter((w) => !INDONESIAN_FUNCTION_WORDS.has(w) && !ENGLISH_FUNCTION_WORDS.has(w))
    return words.length > 0 && words.every((w) => this.aspects.has(w) || this.aspects.has(stem(w)))
  }

  /** The normalized words of `text` without fillers (all clauses together). */
  words(text: string): string[] {
    return this.clauses(text).flatMap((c) => c.words)
  }

  /**
   * The clauses of `text`, in order, fillers removed, empty ones dropped. At most `limit` clauses: the rest
   * are joined to the last one (a message of many sentences is still read whole).
   */
  clauses(text: string, limit = 6): Clause[] {
    const out: Clause[] = []
    for (const sentence of splitSentences(text)) {
      const tokens = this.dropFillers(tokenize(sentence.text, this.lexicon))
      let current: string[] = []
      let i = 0
      while (i < tokens.length) {
        const brk = longestAt(tokens, i, this.breaks)
        if (brk > 0) {
          if (current.length > 0) out.push({ words: current, asked: this.asks(current), marked: false })
          current = []
          i += brk
        } else {
          current.push(tokens[i]!)
          i++
        }
      }
      if (current.length > 0) out.push({ words: current, asked: sentence.asked || this.asks(current), marked: sentence.asked })
    }
    if (out.length > limit) {
      const tail = out.splice(limit - 1)
      out.push({ words: tail.flatMap((c) => c.words), asked: tail.some((c) => c.asked), marked: tail.some((c) => c.marked) })
    }
    return out
  }

  /** Whether `words` have a question word ("berapa", "how much"): a question, not a story, even without "?". */
  private asks(words: readonly string[]): boolean {
    for (let i = 0; i < words.length; i++) if (longestAt(words, i, this.questions) > 0) return true
    return false
  }

  /** `tokens` without filler phrases. */
  dropFillers(tokens: readonly string[]): string[] {
    const out: string[] = []
    let i = 0
    while (i < tokens.length) {
      const filler = longestAt(tokens, i, this.fillers)
      if (filler > 0) i += filler
      else out.push(tokens[i++]!)
    }
    return out
  }
}

/** Sentences of a message: split after `.`, `?`, `!`, `;` and at new lines (not inside numbers like 1.500). */
function splitSentences(text: string): { text: string; asked: boolean }[] {
  const out: { text: string; asked: boolean }[] = []
  const re = /[?!;\n]+|\.(?!\d)/g
  let start = 0
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const piece = text.slice(start, m.index)
    if (piece.trim() !== '') out.push({ text: piece, asked: m[0].includes('?') })
    start = m.index + m[0].length
  }
  const rest = text.slice(start)
  if (rest.trim() !== '') out.push({ text: rest, asked: false })
  return out
}

function phraseTable(phrases: readonly string[], lexicon: Lexicon): PhraseTable {
  const table = new Map<string, string[][]>()
  for (const phrase of phrases) {
    const words = tokenize(phrase, lexicon)
    if (words.length === 0) continue
    const list = table.get(words[0]!) ?? []
    list.push(words)
    table.set(words[0]!, list)
  }
  for (const list of table.values()) list.sort((a, b) => b.length - a.length)
  return table
}

/** The length of the longest phrase of `table` at `tokens[i]`, or 0. */
function longestAt(tokens: readonly string[], i: number, table: PhraseTable): number {
  const candidates = table.get(tokens[i]!)
  if (!candidates) return 0
  for (const words of candidates) {
    if (words.every((w, k) => tokens[i + k] === w)) return words.length
  }
  return 0
}
