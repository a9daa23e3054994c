/**
 * Sparse features of a question for the FAQ classifier, in the spirit of Rasa's CountVectors featurizers:
 *
 * - `w:` word unigrams: the content words, normalized (slang table) and stemmed ("biayanya" → "biaya");
 * - `b:` word bigrams of adjacent content words ("biaya taiwan"), for word order and pairs;
 * - `c:` character 3–4-grams of each content word with its boundaries ("#pas", "aspo", "spor#"), which forgive
 *   typos, missing letters and affixes the stemmer does not know ("pasport", "paspr");
 * - `f:` function words ("berapa", "kapan", "how", "where"): what kind of question it is, weighed lightly.
 *
 * Each group is a binary bag, scaled to unit length and then by the group's weight, so that a long message
 * does not outweigh a short one and no group drowns the others. Features unseen in training carry no weight
 * and are dropped at once (`Vocabulary.lookup`). Cost: linear in the number of words (character n-grams of a
 * word are capped by `MAX_WORD_LENGTH`).
 */
import { Stemmer } from './stemmer.ts'
import { ENGLISH_FUNCTION_WORDS, INDONESIAN_FUNCTION_WORDS } from './stopwords.ts'

export const STOPWORDS: ReadonlySet<string> = new Set([...INDONESIAN_FUNCTION_WORDS, ...ENGLISH_FUNCTION_WORDS])

/** How much each feature group counts. */
export interface FeatureWeights {
  word: number
  bigram: number
  char: number
  function: number
  /** Cue features (`AnalyzedWords.cues`: word classes and pairs of them), where a model has them. */
  cue?: number
}

export const DEFAULT_FEATURE_WEIGHTS: Readonly<FeatureWeights> = { word: 1, bigram: 0.5, char: 1, function: 0.3 }

/**
 * Feature counts of a short but complete question ("biaya kerja ke taiwan"): a text with fewer features than
 * these is scaled as if it had these many, so that its scores stay modest.
 */
const FULL_SIZE: Readonly<Record<keyof FeatureWeights, number>> = { word: 3, bigram: 2, char: 24, function: 2, cue: 2 }

/** Character n-grams are taken from at most this many letters of a word. */
const MAX_WORD_LENGTH = 24
const CHAR_N = [3, 4] as const

/** A sparse vector: feature ids and their values. */
export interface SparseVector {
  readonly ids: Int32Array
  readonly values: Float32Array
}

/** Feature name → id, grown while training and frozen after. */
export class Vocabulary {
  private readonly ids = new Map<string, number>()
  private frozen = false

  get size(): number {
    return this.ids.size
  }

  /** The id of `feature`; a new one while not frozen; -1 for an unknown feature once frozen. */
  lookup(feature: string): number {
    const id = this.ids.get(feature)
    if (id !== undefined) return id
    if (this.frozen) return -1
    const next = this.ids.size
    this.ids.set(feature, next)
    return next
  }

  /** The feature names in id order (for `restore`). */
  names(): string[] {
    return [...this.ids.keys()]
  }

  /** A frozen vocabulary with the ids of `names` (as `names()` lists them): the same ids as the one they came from. */
  static restore(names: readonly string[]): Vocabulary {
    const vocabulary = new Vocabulary()
    for (const name of names) vocabulary.lookup(name)
    vocabulary.freeze()
    return vocabulary
  }

  freeze(): void {
    this.frozen = true
    this.wordIds.clear()
    this.gramIds.clear()
    this.bigramIds.clear()
    this.seen = new Int32Array(0)
  }

  /** Whether new features still get ids (training), so that every feature of a text has one. */
  get growing(): boolean {
    return !this.frozen
  }

  // While the vocabulary grows, each feature has an id: a group's distinct features are its distinct ids, and the
  // ids of a stem's word feature and of a word's character n-grams can be remembered (the same words come back in
  // every example). Looked up in the same order as their names would be, they get the same ids.
  private readonly wordIds = new Map<string, number>()
  private readonly gramIds = new Map<string, Int32Array>()
  private readonly bigramIds = new Map<string, Map<string, number>>()
  private seen = new Int32Array(0)
  private stamp = 0

  /** The distinct ids of the stems' word features (`w:`), in order of first appearance (growing only). */
  wordFeatureIds(stems: readonly string[]): number[] {
    const stamp = this.nextStamp()
    const out: number[] = []
    for (const stem of stems) {
      let id = this.wordIds.get(stem)
      if (id === undefined) {
        id = this.lookup(`w:${stem}`)
        this.wordIds.set(stem, id)
      }
      this.mark(id, stamp, out)
    }
    return out
  }

  /** The distinct ids of the words' character n-grams (`c:`), in order of first appearance (growing only). */
  charFeatureIds(words: readonly string[]): number[] {
    const stamp = this.nextStamp()
    const out: number[] = []
    for (const word of words) {
      let ids = this.gramIds.get(word)
      if (!ids) {
        ids = Int32Array.from(wordGrams(word), (gram) => this.lookup(gram))
        this.gramIds.set(word, ids)
      }
      for (let k = 0; k < ids.length; k++) this.mark(ids[k]!, stamp, out)
    }
    return out
  }

  /** The distinct ids of the bigram features (`b:`) of adjacent stems, in order of first appearance (growing only). */
  bigramFeatureIds(stems: readonly string[]): number[] {
    const stamp = this.nextStamp()
    const out: number[] = []
    for (let i = 1; i < stems.length; i++) {
      const first = stems[i - 1]!
      const second = stems[i]!
      let after = this.bigramIds.get(first)
      if (!after) this.bigramIds.set(first, (after = new Map()))
      let id = after.get(second)
      if (id === undefined) {
        id = this.lookup(`b:${first} ${second}`)
        after.set(second, id)
      }
      this.mark(id, stamp, out)
    }
    return out
  }

  private nextStamp(): number {
    if (this.stamp >= 0x7fffffff) {
      this.seen.fill(0)
      this.stamp = 0
    }
    return ++this.stamp
  }

  private mark(id: number, stamp: number, out: number[]): void {
    if (id >= this.seen.length) {
      const grown = new Int32Array(Math.max(1024, 2 * (id + 1)))
      grown.set(this.seen)
      this.seen = grown
    }
    if (this.seen[id] === stamp) return
    this.seen[id] = stamp
    out.push(id)
  }
}

/** The words of a question split for featurizing: content words (with stems) and function words. */
export interface AnalyzedWords {
  /** Normalized content words (not stop words, longer than one letter or with a digit). */
  content: string[]
  /** Their stems, same order. */
  stems: string[]
  /** Function words present. */
  functions: string[]
  /** Cue features (word classes and nearby pairs of them: "harm", "me+harm"), where a model reads them. */
  cues?: string[]
}

/** Splits normalized words into content words (stemmed) and function words. */
export function analyzeWords(words: readonly string[], stemmer: Stemmer): AnalyzedWords {
  const content: string[] = []
  const stems: string[] = []
  const functions: string[] = []
  for (const word of words) {
    if (STOPWORDS.has(word)) {
      functions.push(word)
      continue
    }
    if (word.length < 2 && !/\d/.test(word)) continue
    const stem = stemmer.stem(word)
    if (STOPWORDS.has(stem)) {
      functions.push(stem)
      continue
    }
    content.push(word)
    stems.push(stem)
  }
  return { content, stems, functions }
}

/** Turns analyzed words into a sparse vector over `vocabulary`. */
export function featurize(words: AnalyzedWords, vocabulary: Vocabulary, weights: FeatureWeights = DEFAULT_FEATURE_WEIGHTS): SparseVector {
  // The groups' feature names differ by their prefix, and each group is a set: every id comes once, in the order of
  // first appearance (word, bigram, character, function features), with its group's value. Written into scratch
  // arrays and copied out at the end (the same numbers: a value is rounded to 32 bits either way).
  scratchLength = 0
  const growing = vocabulary.growing
  if (weights.word !== 0) {
    if (growing) addIds(weights.word, vocabulary.wordFeatureIds(words.stems), FULL_SIZE.word)
    else addNames(vocabulary, weights.word, new Set(words.stems.map((s) => `w:${s}`)), FULL_SIZE.word)
  }
  if (weights.bigram !== 0) {
    if (growing) addIds(weights.bigram, vocabulary.bigramFeatureIds(words.stems), FULL_SIZE.bigram)
    else addNames(vocabulary, weights.bigram, new Set(words.stems.slice(1).map((s, i) => `b:${words.stems[i]} ${s}`)), FULL_SIZE.bigram)
  }
  if (weights.char !== 0) {
    if (growing) addIds(weights.char, vocabulary.charFeatureIds(words.content), FULL_SIZE.char)
    else addNames(vocabulary, weights.char, charGrams(words.content), FULL_SIZE.char)
  }
  if (weights.function !== 0) addNames(vocabulary, weights.function, new Set(words.functions.map((f) => `f:${f}`)), FULL_SIZE.function)
  if (weights.cue && words.cues) addNames(vocabulary, weights.cue, new Set(words.cues.map((c) => `c:${c}`)), FULL_SIZE.cue)
  return { ids: scratchIds.slice(0, scratchLength), values: scratchValues.slice(0, scratchLength) }
}

/** The features `featurize` has found so far for the text at hand (the first `scratchLength`). */
let scratchIds = new Int32Array(256)
let scratchValues = new Float32Array(256)
let scratchLength = 0

function push(id: number, value: number): void {
  if (scratchLength === scratchIds.length) {
    const ids = new Int32Array(2 * scratchIds.length)
    const values = new Float32Array(2 * scratchValues.length)
    ids.set(scratchIds)
    values.set(scratchValues)
    scratchIds = ids
    scratchValues = values
  }
  scratchIds[scratchLength] = id
  scratchValues[scratchLength] = value
  scratchLength++
}

/** A group of features by name (unknown ones dropped once the vocabulary is frozen). */
function addNames(vocabulary: Vocabulary, weight: number, features: ReadonlySet<string>, full: number): void {
  if (weight === 0 || features.size === 0) return
  // Unit length over the features the text has (known or not), so unknown words still dilute the rest; a
  // text shorter than a typical question gets less than unit length: one word is less evidence than a question.
  const value = weight / Math.sqrt(Math.max(features.size, full))
  for (const feature of features) {
    const id = vocabulary.lookup(feature)
    if (id >= 0) push(id, value)
  }
}

/**
 * A group of features by id: while the vocabulary grows (training), every feature has an id, so a group's distinct
 * features are its distinct ids: the same ids and values as from the names (see `Vocabulary.charFeatureIds`).
 */
function addIds(weight: number, known: readonly number[], full: number): void {
  if (known.length === 0) return
  const value = weight / Math.sqrt(Math.max(known.length, full))
  for (const id of known) push(id, value)
}

function charGrams(words: readonly string[]): Set<string> {
  const out = new Set<string>()
  for (const word of words) for (const gram of wordGrams(word)) out.add(gram)
  return out
}

/** A word's character n-gram features, remembered (the same words come back in every example and message). */
function wordGrams(word: string): readonly string[] {
  const known = gramMemo.get(word)
  if (known) return known
  const grams: string[] = []
  const padded = `#${word.slice(0, MAX_WORD_LENGTH)}#`
  for (const n of CHAR_N) {
    for (let i = 0; i + n <= padded.length; i++) grams.push(`c:${padded.slice(i, i + n)}`)
  }
  if (gramMemo.size >= GRAM_MEMO_SIZE) gramMemo.clear()
  gramMemo.set(word, grams)
  return grams
}

const GRAM_MEMO_SIZE = 50_000
const gramMemo = new Map<string, readonly string[]>()
