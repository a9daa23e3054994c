/**
 * Superseded by src/understanding/crisis.ts (content/crisis.yaml); the engine no longer uses this file. Kept
 * until the coordinator removes it with its tests.
 *
 * Recognizes a cry for help in any message, before anything else is done with it: "majikan sy nyiksa aq",
 * "paspor ku di tahan agen", "gaji udah 3 bulan ga dibayar", "tolongg sayaa", "help me". The phrases come from
 * `content/commands.yaml` (`emergency:`); this file only decides whether a message contains one of them.
 *
 * A phrase matches when its words appear in the message in order:
 * - a word matches when it is the same word after normalization (slang table, stretched letters), has the
 *   same stem ("disiksa" ~ "menyiksa", "dipukulin"), is a typo of it (one edit, or two in a long word,
 *   swapped letters counting as one: "disikas"), or both are negations ("tidak" ~ "belum" ~ "gak");
 * - a passive phrase word ("dijual") does not match the bare root or a noun ("jual visa", "penjual orang",
 *   "ancaman hukuman"): those are questions, not emergencies. "di jual" written apart still matches;
 * - words in between: small words ("saya", "sudah", "ku") and numbers are skipped freely; other words may stand between
 *   the words of a phrase of three or more words (at most two between each pair), not inside a two-word
 *   phrase ("tolong saya" does not match "tolong jelaskan ke saya").
 */
import type { Lexicon } from '../content/types.ts'
import { tokenize } from './normalize.ts'
import { Stemmer } from './stemmer.ts'
import { ENGLISH_FUNCTION_WORDS, INDONESIAN_FUNCTION_WORDS } from './stopwords.ts'
import { editDistance, isTypo } from '../understanding/edit-distance.ts'

export { editDistance }

/** Negations, in standard and chat spelling, so that phrases work even without the slang table. */
const NEGATIONS: ReadonlySet<string> = new Set(
  'tidak belum bukan tak ga gak gk nggak ngga enggak engga kagak ndak tdk blm not no never'.split(' '),
)

interface Word {
  /** Phrase words only: a number of its own, for remembering comparisons. */
  id?: number
  raw: string
  stem: string
  /** The word with a separate "di" before it joined on ("di tahan" → "ditahan"). */
  joined?: string
  small: boolean
}

interface CompiledPhrase {
  words: Word[]
  /** Other (non-small) words allowed between two words of the phrase. */
  maxGap: number
}

const stemmer = new Stemmer()

/** A compiled phrase list, reusable across messages. */
export class EmergencyMatcher {
  private readonly phrases: CompiledPhrase[]

  constructor(
    phrases: readonly string[],
    private readonly lexicon?: Lexicon,
  ) {
    this.phrases = phrases
      .map((p) => toWords(tokenize(p, lexicon)))
      .filter((words) => words.length > 0)
      .map((words) => ({ words, maxGap: words.length >= 3 ? 2 : 0 }))
    let id = 0
    for (const phrase of this.phrases) for (const word of phrase.words) word.id = id++
    this.phraseWords = id
  }

  private readonly phraseWords: number

  /** Whether `text` contains one of the phrases. */
  matches(text: string): boolean {
    const words = toWords(tokenize(text, this.lexicon))
    if (words.length === 0) return false
    const same = memoSameWord(words, this.phraseWords)
    return this.phrases.some((p) => containsPhrase(words, p, same))
  }
}

const matchers = new WeakMap<readonly string[], { lexicon: Lexicon | undefined; matcher: EmergencyMatcher }>()

/**
 * Whether `text` contains one of `emergencyPhrases` (see the top of this file). Pass the content's slang
 * table as `lexicon` to also understand chat spellings beyond negations. The compiled phrases are kept per
 * phrase list, so calling this for every message is cheap.
 */
export function isEmergency(text: string, emergencyPhrases: readonly string[], lexicon?: Lexicon): boolean {
  let entry = matchers.get(emergencyPhrases)
  if (!entry || entry.lexicon !== lexicon) {
    entry = { lexicon, matcher: new EmergencyMatcher(emergencyPhrases, lexicon) }
    matchers.set(emergencyPhrases, entry)
  }
  return entry.matcher.matches(text)
}

function toWords(tokens: readonly string[]): Word[] {
  return tokens.map((raw, i) => {
    const word: Word = { raw, stem: stemmer.stem(raw), small: isSmall(raw) }
    if (i > 0 && tokens[i - 1] === 'di') word.joined = 'di' + raw
    return word
  })
}

/** Function words and numbers ("3 bulan") may stand anywhere between the words of a phrase. */
function isSmall(word: string): boolean {
  if (NEGATIONS.has(word)) return false
  return INDONESIAN_FUNCTION_WORDS.has(word) || ENGLISH_FUNCTION_WORDS.has(word) || /^\d+$/.test(word)
}

/**
 * `sameWord(p, words[i])`, remembered per message: a word that repeats is compared with each phrase word
 * once, so a long message of the same few words stays cheap.
 */
function memoSameWord(words: readonly Word[], phraseWords: number): (p: Word, i: number) => boolean {
  const ids = new Map<string, number>()
  const wordIds = words.map((w) => {
    const key = `${w.raw}\u0000${w.joined ?? ''}`
    let id = ids.get(key)
    if (id === undefined) ids.set(key, (id = ids.size))
    return id
  })
  // known[phraseWord * distinct + messageWord]: 0 not compared yet, 1 same, -1 different.
  const distinct = ids.size
  const known = new Int8Array(phraseWords * distinct)
  return (p, i) => {
    const at = p.id! * distinct + wordIds[i]!
    if (known[at] === 0) known[at] = sameWord(p, words[i]!) ? 1 : -1
    return known[at] === 1
  }
}

/**
 * Whether the phrase occurs in the message: one left-to-right pass that keeps every partial match at once
 * (how many phrase words are matched, how many other words since the last one), so the work is linear in
 * the message length whatever the words are.
 */
function containsPhrase(words: readonly Word[], phrase: CompiledPhrase, same: (p: Word, i: number) => boolean): boolean {
  const k = phrase.words.length
  const gaps = phrase.maxGap + 1
  let active = new Uint8Array(k * gaps)
  let next = new Uint8Array(k * gaps)
  let anyActive = false
  for (let i = 0; i < words.length; i++) {
    if (!anyActive) {
      // Nothing started yet: only the first word of the phrase matters here.
      if (!same(phrase.words[0]!, i)) continue
      if (k === 1) return true
      active[gaps] = 1
      anyActive = true
      continue
    }
    next.fill(0)
    anyActive = false
    const step = words[i]!.small ? 0 : 1
    for (let matched = 1; matched < k; matched++) {
      for (let gap = 0; gap < gaps; gap++) {
        if (!active[matched * gaps + gap]) continue
        if (same(phrase.words[matched]!, i)) {
          if (matched + 1 === k) return true
          next[(matched + 1) * gaps] = 1
          anyActive = true
        }
        if (gap + step < gaps) {
          next[matched * gaps + gap + step] = 1
          anyActive = true
        }
      }
    }
    if (same(phrase.words[0]!, i)) {
      if (k === 1) return true
      next[gaps] = 1
      anyActive = true
    }
    ;[active, next] = [next, active]
  }
  return false
}

function sameWord(p: Word, w: Word): boolean {
  if (p.raw === w.raw || p.raw === w.joined) return true
  if (NEGATIONS.has(p.raw) && NEGATIONS.has(w.raw)) return true
  if (p.stem === w.stem && stemFormAllowed(p, w)) return true
  return isTypo(p.raw, w.raw) || (w.joined !== undefined && isTypo(p.raw, w.joined))
}

/**
 * A passive phrase word ("dijual") matches the verb's other forms ("menjual", "dijualin"), not the bare root
 * or a noun ("jual visa", "penjual orang", "ancaman hukuman").
 */
function stemFormAllowed(p: Word, w: Word): boolean {
  if (p.raw === p.stem) return true
  if (w.raw === w.stem && w.joined === undefined) return false
  const noun = (x: string): boolean => x.startsWith('pe') || x.endsWith('an')
  return !(noun(w.raw) && !noun(p.raw))
}
