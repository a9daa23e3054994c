/**
 * Finding cue words and phrases in a message in one pass: phrases are indexed by their first word, so a message of
 * n words costs about n map lookups, whatever the number of cues. Words are compared after `cleanText` and the
 * slang table word by word ("pengen" → "ingin", "sponsor" → "calo", "gimanaaa" → "gimana" → "bagaimana").
 */
import type { Lexicon } from '../content/types.ts'
import { cleanText, collapseRepeats } from './normalize.ts'

interface Phrase {
  words: readonly string[]
  name: string
}

/** Named lists of phrases, compiled once (words normalized like messages: slang table, repeated letters). */
export class CueMatcher {
  private readonly byFirst = new Map<string, Phrase[]>()

  constructor(
    cues: Readonly<Record<string, readonly string[]>>,
    private readonly lexicon?: Lexicon,
  ) {
    for (const [name, list] of Object.entries(cues)) {
      for (const phrase of list) {
        const words = normalizedWords(phrase, lexicon)
        if (words.length === 0) continue
        const bucket = this.byFirst.get(words[0]!) ?? []
        bucket.push({ words, name })
        this.byFirst.set(words[0]!, bucket)
      }
    }
  }

  /** The message's normalized words. */
  words(text: string): string[] {
    return normalizedWords(text, this.lexicon)
  }

  /** Which cues occur in `words`. Phrases of several words match only as consecutive words. */
  find(words: readonly string[]): Set<string> {
    const found = new Set<string>()
    for (let i = 0; i < words.length; i++) {
      for (const phrase of this.byFirst.get(words[i]!) ?? []) {
        if (!found.has(phrase.name) && this.matchesAt(words, i, phrase)) found.add(phrase.name)
      }
    }
    return found
  }

  /** Whether every word of `words` belongs to a phrase of one of the cues `names` ("halo kak": greeting, filler). */
  covers(words: readonly string[], names: readonly string[]): boolean {
    let i = 0
    while (i < words.length) {
      let next = i
      for (const phrase of this.byFirst.get(words[i]!) ?? []) {
        if (names.includes(phrase.name) && this.matchesAt(words, i, phrase)) next = Math.max(next, i + phrase.words.length)
      }
      if (next === i) return false
      i = next
    }
    return words.length > 0
  }

  private matchesAt(words: readonly string[], i: number, phrase: Phrase): boolean {
    const n = phrase.words.length
    if (i + n > words.length) return false
    for (let k = 1; k < n; k++) if (words[i + k] !== phrase.words[k]) return false
    return true
  }
}

/** Lower-case words without punctuation, each through the slang table (also with stretched letters collapsed). */
export function normalizedWords(text: string, lexicon?: Lexicon): string[] {
  const cleaned = cleanText(text)
  if (!cleaned) return []
  const out: string[] = []
  for (const word of cleaned.split(' ')) {
    const mapped = lexicon?.get(word) ?? (lexicon && /(\p{L})\1/u.test(word) ? lexicon.get(collapseRepeats(word)) : undefined)
    if (mapped === undefined) out.push(word)
    else for (const w of mapped.split(' ')) if (w) out.push(w)
  }
  return out
}
