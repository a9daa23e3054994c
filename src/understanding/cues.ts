/**
 * Finding cue words and phrases in a message in one pass: phrases are indexed by their first word, so a message of
 * n words costs about n map lookups, whatever the number of cues.
 */
import type { Lexicon } from '../content/types.ts'
import { tokenize } from '../knowledge/normalize.ts'

interface Phrase {
  words: readonly string[]
  name: string
}

/** Named lists of phrases, compiled once (words normalized like messages: slang table, repeated letters). */
export class CueMatcher {
  private readonly byFirst = new Map<string, Phrase[]>()
  /** Every single-word cue, by name, for `only:` checks. */
  readonly names: ReadonlySet<string>

  constructor(
    cues: Readonly<Record<string, readonly string[]>>,
    private readonly lexicon?: Lexicon,
  ) {
    for (const [name, list] of Object.entries(cues)) {
      for (const phrase of list) {
        const words = tokenize(phrase, lexicon)
        if (words.length === 0) continue
        const bucket = this.byFirst.get(words[0]!) ?? []
        bucket.push({ words, name })
        this.byFirst.set(words[0]!, bucket)
      }
    }
    this.names = new Set(Object.keys(cues))
  }

  /** The message's normalized words. */
  words(text: string): string[] {
    return tokenize(text, this.lexicon)
  }

  /**
   * Which cues occur in `words`, and for each word which cues cover it (for "nothing but greetings"). Phrases
   * of several words match only as consecutive words.
   */
  find(words: readonly string[]): { found: Set<string>; covered: Set<string>[] } {
    const found = new Set<string>()
    const covered: Set<string>[] = words.map(() => new Set<string>())
    for (let i = 0; i < words.length; i++) {
      for (const phrase of this.byFirst.get(words[i]!) ?? []) {
        const n = phrase.words.length
        if (i + n > words.length) continue
        let ok = true
        for (let k = 1; k < n && ok; k++) ok = words[i + k] === phrase.words[k]
        if (!ok) continue
        found.add(phrase.name)
        for (let k = 0; k < n; k++) covered[i + k]!.add(phrase.name)
      }
    }
    return { found, covered }
  }
}
