/**
 * Finding cue words and phrases in a message in one pass: phrases are indexed by their first word, so a message of
 * n words costs about n map lookups, whatever the number of cues. Words are compared after `cleanText` and the
 * slang table word by word ("pengen" → "ingin", "sponsor" → "calo", "gimanaaa" → "gimana" → "bagaimana").
 * A one-word cue that is a root ("lapor", "hapus", "join") also matches the other forms of that word
 * ("melaporkan", "ngelaporin", "pelaporan", "dihapus", "joining"), through the stemmer: a cue list names a word,
 * not each of its forms.
 */
import type { Lexicon } from '../content/types.ts'
import { cleanText, collapseRepeats } from './normalize.ts'
import { stem } from './stemmer.ts'

/** Shorter words are not stemmed for cues ("ada", "apa"). */
const MIN_ROOT = 3
/** "-nya" ("its", "the"), written onto any word: "belajarnya dmn", "pelatihannya". */
const CLITIC = 'nya'

interface Phrase {
  words: readonly string[]
  name: string
}

/** Named lists of phrases, compiled once (words normalized like messages: slang table, repeated letters). */
export class CueMatcher {
  private readonly byFirst = new Map<string, Phrase[]>()
  /** One-word cues that are their own stem, by that word: matched by any word with the same stem. */
  private readonly byRoot = new Map<string, Set<string>>()

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
        const word = words[0]!
        if (words.length === 1 && word.length >= MIN_ROOT && !/\d/.test(word) && stem(word) === word) {
          const names = this.byRoot.get(word) ?? new Set<string>()
          names.add(name)
          this.byRoot.set(word, names)
        }
      }
    }
  }

  /**
   * Cues whose one-word root the word is a form of ("melaporkan" → report), other than the word itself; or, for a word
   * with "-nya" ("belajarnya", "kursusnya"), the one-word cues of the word without it.
   */
  private rootCues(word: string): ReadonlySet<string> | undefined {
    if (word.length < MIN_ROOT || /\d/.test(word)) return undefined
    const root = stem(word)
    // The root through the slang table too: "ditelpon" → "telpon" → "telepon".
    const found = root === word ? undefined : (this.byRoot.get(root) ?? this.byRoot.get(this.lexicon?.get(root) ?? root))
    return found ?? this.cliticCues(word)
  }

  /** The one-word cues of a word written with "-nya" ("belajarnya" → training), when it has none of its own. */
  private cliticCues(word: string): ReadonlySet<string> | undefined {
    if (word.length < MIN_ROOT + CLITIC.length || !word.endsWith(CLITIC)) return undefined
    const base = word.slice(0, -CLITIC.length)
    const names = (this.byFirst.get(this.lexicon?.get(base) ?? base) ?? []).filter((p) => p.words.length === 1).map((p) => p.name)
    return names.length > 0 ? new Set(names) : undefined
  }

  /** The message's normalized words. */
  words(text: string): string[] {
    return normalizedWords(text, this.lexicon)
  }

  /** Which cues occur in `words`. Phrases of several words match only as consecutive words. */
  find(words: readonly string[]): Set<string> {
    const found = new Set<string>()
    // Where a longer phrase starts at a word, the shorter ones starting there do not count: "mau tanya" is a filler,
    // not a wish.
    let coveredUntil = 0
    for (let i = 0; i < words.length; i++) {
      let longest = 0
      const here: Phrase[] = []
      for (const phrase of this.byFirst.get(words[i]!) ?? []) {
        if (!this.matchesAt(words, i, phrase)) continue
        here.push(phrase)
        longest = Math.max(longest, phrase.words.length)
      }
      // The longest phrases starting here, and longer ones reaching past a phrase that started before.
      for (const phrase of here) if (phrase.words.length === longest || (phrase.words.length > 1 && i < coveredUntil && i + phrase.words.length > coveredUntil)) found.add(phrase.name)
      if (here.length === 0 && i >= coveredUntil) for (const name of this.rootCues(words[i]!) ?? []) found.add(name)
      coveredUntil = Math.max(coveredUntil, i + longest)
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
      if (next === i && [...(this.rootCues(words[i]!) ?? [])].some((name) => names.includes(name))) next = i + 1
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
  // An English possessive is the word itself: "agency's licence" → "agency licence".
  const cleaned = cleanText(text.includes("'s") || text.includes('’s') ? text.replace(/(\p{L})['’]s\b/gu, '$1') : text)
  if (!cleaned) return []
  const out: string[] = []
  for (const word of cleaned.split(' ')) {
    const mapped = lexicon?.get(word) ?? (lexicon && /(\p{L})\1/u.test(word) ? lexicon.get(collapseRepeats(word)) : undefined)
    if (mapped === undefined) out.push(word)
    else for (const w of mapped.split(' ')) if (w) out.push(w)
  }
  return out
}
