/**
 * The learned half of crisis detection: a softmax classifier (the FAQ matcher's `SoftmaxClassifier` over the
 * same sparse word, bigram and character n-gram features, `text-features.ts`) that reads a whole message and
 * says how likely it comes from someone in danger, and of which kind. It is trained when the content loads, from
 *
 * - the phrases of `content/crisis.yaml` (each "a/b" choice spelled out so every word is seen), their category;
 *   the `except:` phrases as calm;
 * - the labelled messages of `content/crisis-examples.yaml` (crisis messages and calm look-alikes, written the
 *   way people type; officers add the messages the assistant got wrong).
 *
 * Where the phrases only know "bunuh diri" and "pengen mati", the classifier also scores "pengen ngilang aja
 * dari dunia" or "i feel like disappearing forever" from the words and word pieces they share with examples;
 * and it learns calm contexts the phrases have no list for ("film", "lowongan", "shift malam").
 *
 * Features (`analyze`): every word of length ≥ 2 after the slang table, stemmed — pronouns and negations count
 * here ("my boss hit me" vs "my boss hit the target"); a content word up to three words after a negation ("ga
 * pernah dipukul") is a different feature ("!pukul"), so denials do not read as the crisis itself.
 *
 * Cost: training is a few thousand short examples (tens of milliseconds); scoring a message is linear in its
 * length (its features × the classes).
 */
import { cleanText, tokenize } from './normalize.ts'
import type { CrisisExamplesContent } from '../content/crisis-schema.ts'
import type { Lexicon } from '../content/types.ts'
import { exampleKey, SoftmaxClassifier, type SoftmaxOptions, type TrainHow, type TrainingExample, type WeightCache } from './linear-model.ts'
import type { Stemmer } from './stemmer.ts'
import { derivedKey, readDerived, writeDerived } from './derived-cache.ts'
import { featurize, STOPWORDS, Vocabulary, type AnalyzedWords, type FeatureWeights } from './text-features.ts'

/** One labelled message: a category id, or `none` for a calm one. */
export interface CrisisExample {
  q: string
  crisis: string
  lang?: 'id' | 'en'
  /** How much it counts in training (default 1). */
  weight?: number
}

/** What the classifier says about one message. */
export interface CrisisScore {
  /** Probability that the message is a crisis (1 − probability of calm). */
  p: number
  /** The most likely crisis category (never `none`), and its probability if the message is a crisis. */
  category: string
  share: number
}

export interface CrisisModelOptions {
  features?: Partial<FeatureWeights>
  training?: Partial<SoftmaxOptions>
  /** Weight of one spelled-out phrase of crisis.yaml next to an example message (1). */
  phraseWeight?: number
  /** Total weight of the calm examples as a share of the crisis examples' total. */
  calmShare?: number
}

/**
 * Feature weights of the crisis classifier: words and pairs of words carry it; word pieces forgive typos; cues (word
 * classes of `cues:` in crisis.yaml, and pairs of them near each other) carry danger across wordings.
 */
export const CRISIS_FEATURES: Readonly<FeatureWeights> = { word: 1, bigram: 1, char: 1, function: 0, cue: 0.5 }
export const CRISIS_TRAINING: Readonly<Partial<SoftmaxOptions>> = { epochs: 8, learningRate: 1, decay: 0.3, l2: 1e-5, seed: 11 }
const PHRASE_WEIGHT = 0.5
const CALM_SHARE = 1
/** The classifier does not judge a message of fewer words ("ok", "halo", "1"): phrases do ("tolong!!", "bundir"). */
const MIN_WORDS = 3
/** A message of this many words is judged even when only one of them is not a function word. */
const JUDGED_ALONE = 4
/** Words of a message read at most. */
const MAX_WORDS = 120
/** A negation marks this many following words. */
const NEGATION_REACH = 3
/** Spelled-out forms of one phrase at most (each "a/b" choice is used at least once while this allows). */
const MAX_FORMS = 3
/** Two cues this many words apart or closer (in one sentence) make a pair feature ("me+harm", "take+document"). */
const CUE_WINDOW = 4

/**
 * Word classes the classifier reads as well as the words (`cues:` of crisis.yaml, and marker lists): "nendang",
 * "tonjok" and "kick" are all `harm`; "me+harm" near each other says more than either word. Entries of one or two
 * words, compared after the slang table, also by stem.
 */
export class CueIndex {
  private readonly single = new Map<string, string[]>()
  private readonly pairs = new Map<string, string[]>()

  constructor(lists: Readonly<Record<string, readonly string[]>>, lexicon: Lexicon | undefined, stemmer: Stemmer) {
    const add = (map: Map<string, string[]>, key: string, name: string): void => {
      const names = map.get(key) ?? []
      if (!names.includes(name)) names.push(name)
      map.set(key, names)
    }
    for (const [name, words] of Object.entries(lists)) {
      for (const entry of words) {
        const w = tokenize(entry, lexicon)
        if (w.length === 1) {
          add(this.single, w[0]!, name)
          add(this.single, `~${stemmer.stem(w[0]!)}`, name)
        } else if (w.length === 2) add(this.pairs, `${w[0]} ${w[1]}`, name)
      }
    }
  }

  get size(): number {
    return this.single.size + this.pairs.size
  }

  /** The cues of a word (with the word before it, for two-word entries). */
  of(word: string, stem: string, previous: string | undefined): readonly string[] {
    const one = this.single.get(word) ?? this.single.get(`~${stem}`)
    const two = previous === undefined ? undefined : this.pairs.get(`${previous} ${word}`)
    if (!two) return one ?? []
    return one ? [...one, ...two] : two
  }
}

export const CALM = 'none'

export class CrisisModel {
  private constructor(
    /** Crisis (1) or calm (0). */
    private readonly alarm: SoftmaxClassifier,
    /** Which category, given a crisis. */
    private readonly kind: SoftmaxClassifier,
    private readonly vocabulary: Vocabulary,
    /** Class ids: `none` first, then the categories. */
    readonly classes: readonly string[],
    private readonly lexicon: Lexicon | undefined,
    private readonly stemmer: Stemmer,
    private readonly negations: ReadonlySet<string>,
    private readonly features: FeatureWeights,
    private readonly cues: CueIndex | undefined,
    /** Milliseconds the training took. */
    readonly trainMs: number,
  ) {}

  /**
   * Trains on the phrases (`{ text, category }`, category `none` for calm phrases) and example messages.
   * `categories`: the crisis category ids, in content order.
   */
  static train(
    categories: readonly string[],
    phrases: readonly { text: string; category: string }[],
    examples: readonly CrisisExample[],
    context: { lexicon?: Lexicon; stemmer: Stemmer; negations: Iterable<string>; cues?: Readonly<Record<string, readonly string[]>> },
    options: CrisisModelOptions = {},
    cache?: WeightCache,
    /** `background`: both classifiers train in a worker thread (ready after `settle()`, or on first use). */
    how: TrainHow = {},
  ): CrisisModel {
    const started = performance.now()
    const classes = [CALM, ...categories]
    const negations = new Set([...context.negations].flatMap((w) => tokenize(w, context.lexicon)))
    const features = { ...CRISIS_FEATURES, ...options.features }
    const cues = context.cues && features.cue ? new CueIndex(context.cues, context.lexicon, context.stemmer) : undefined
    // What reading the phrases and examples gave an earlier load with the same inputs (and code): the feature
    // vocabulary and the keys of both classifiers' weights; then neither reading nor training runs here.
    const key = cache?.getData ? crisisDerivedKey(categories, phrases, examples, context, options) : undefined
    const derived = key ? readDerived<CrisisDerived>(cache, key) : undefined
    const restored = derived && cache ? restoreCrisis(derived, cache, categories.length) : undefined
    const trained =
      restored ?? CrisisModel.read(classes, phrases, examples, (text) => analyze(text, context.lexicon, context.stemmer, negations, cues), features, options, cache, how)
    if (key && !restored) writeDerived(cache, key, { features: trained.vocabulary.names(), alarm: trained.alarm.key, kind: trained.kind.key } satisfies CrisisDerived)
    const { alarm, kind, vocabulary } = trained
    return new CrisisModel(alarm, kind, vocabulary, classes, context.lexicon, context.stemmer, negations, features, cues, performance.now() - started)
  }

  /** Reads the phrases and examples into features over a new vocabulary and trains both classifiers on them. */
  private static read(
    classes: readonly string[],
    phrases: readonly { text: string; category: string }[],
    examples: readonly CrisisExample[],
    read: (text: string) => AnalyzedWords,
    features: FeatureWeights,
    options: CrisisModelOptions,
    cache: WeightCache | undefined,
    how: TrainHow,
  ): { alarm: SoftmaxClassifier; kind: SoftmaxClassifier; vocabulary: Vocabulary } {
    const classOf = new Map(classes.map((c, i) => [c, i]))
    const vocabulary = new Vocabulary()
    const training: TrainingExample[] = []
    const phraseWeight = options.phraseWeight ?? PHRASE_WEIGHT
    for (const phrase of phrases) {
      const y = classOf.get(phrase.category)
      if (y === undefined) continue
      for (const form of spellOut(phrase.text)) training.push({ x: featurize(read(form), vocabulary, features), y, weight: phraseWeight, key: exampleKey(`${phrase.category} phrase`, form) })
    }
    for (const example of examples) {
      const y = classOf.get(example.crisis)
      if (y !== undefined) training.push({ x: featurize(read(example.q), vocabulary, features), y, weight: example.weight ?? 1, key: exampleKey(example.crisis, example.q) })
    }
    vocabulary.freeze()
    // Calm and crisis weigh the same in all (the phrases alone are mostly crisis): with little evidence either way
    // the message is calm, as most messages are.
    const total = (calm: boolean): number => training.reduce((sum, t) => sum + ((t.y === 0) === calm ? (t.weight ?? 1) : 0), 0)
    const calmScale = (total(false) * (options.calmShare ?? CALM_SHARE)) / Math.max(total(true), 1)
    for (const t of training) if (t.y === 0) t.weight = (t.weight ?? 1) * calmScale
    const settings = { ...CRISIS_TRAINING, ...options.training }
    // Two models over the same features: crisis or calm (with nothing known about a message, even odds, not the
    // 1-in-9 of calm among nine classes), and which crisis (trained on the crisis examples only).
    const alarm = SoftmaxClassifier.train(
      training.map((t) => ({ ...t, y: t.y === 0 ? 0 : 1 })),
      vocabulary.size,
      2,
      settings,
      cache,
      how,
    )
    const kind = SoftmaxClassifier.train(
      training.filter((t) => t.y !== 0).map((t) => ({ ...t, y: t.y - 1 })),
      vocabulary.size,
      classes.length - 1,
      settings,
      cache,
      how,
    )
    return { alarm, kind, vocabulary }
  }

  /** Waits until both classifiers trained in the background are ready (blocking); at once when they are. */
  settle(): this {
    this.alarm.settle()
    this.kind.settle()
    return this
  }

  /** The classifier's view of `text`; undefined for a message too short to judge (the phrases decide alone). */
  score(text: string): CrisisScore | undefined {
    const words = analyze(text, this.lexicon, this.stemmer, this.negations, this.cues)
    // Fewer than MIN_WORDS words, or fewer than two that are not function words ("no, it's me"): not judged.
    // A message of JUDGED_ALONE words or more is judged with one such word ("tolong sy mau kabur").
    const needed = words.content.length >= JUDGED_ALONE ? 1 : 2
    if (words.content.length < MIN_WORDS || words.content.filter((w) => !STOPWORDS.has(w)).length < needed) return undefined
    const x = featurize(words, this.vocabulary, this.features)
    const p = this.alarm.predict(x)[1]!
    const probs = this.kind.predict(x)
    let best = 0
    for (let c = 1; c < probs.length; c++) if (probs[c]! > probs[best]!) best = c
    return { p, category: this.classes[best + 1]!, share: probs[best]! }
  }
}

/**
 * The words of a message as features see them: every word of two letters or more (or with a digit), stemmed; a
 * content word within `NEGATION_REACH` words after a negation in the same sentence carries a "!" mark.
 */
export function analyze(text: string, lexicon: Lexicon | undefined, stemmer: Stemmer, negations: ReadonlySet<string>, cueIndex?: CueIndex): AnalyzedWords {
  const content: string[] = []
  const stems: string[] = []
  const cues = new Set<string>()
  let budget = MAX_WORDS
  for (const sentence of text.split(/[.,!?;:\n\r()]+|\b(?:tapi|tetapi|namun|but|however|padahal)\b/i)) {
    if (budget <= 0) break
    let negatedFor = 0
    let previous: string | undefined
    /** Cues of this sentence with the position of their word. */
    const found: { cue: string; at: number }[] = []
    let at = 0
    for (const word of tokenize(sentence ?? '', lexicon).slice(0, budget)) {
      budget--
      at++
      const negated = negatedFor > 0
      if (cueIndex) for (const cue of cueIndex.of(word, stemmer.stem(word), previous)) found.push({ cue: negated && !negations.has(word) ? `!${cue}` : cue, at })
      previous = word
      if (negations.has(word)) {
        negatedFor = NEGATION_REACH
        content.push(word)
        stems.push(word)
        continue
      }
      if (word.length < 2 && !/\d/.test(word)) continue
      const stem = /\d/.test(word) ? '#' : stemmer.stem(word)
      content.push(word)
      stems.push(negated ? `!${stem}` : stem)
      if (negatedFor > 0) negatedFor--
    }
    // Each cue, and each pair of different cues near each other, once per message.
    for (let i = 0; i < found.length; i++) {
      cues.add(found[i]!.cue)
      for (let j = i + 1; j < found.length && found[j]!.at - found[i]!.at <= CUE_WINDOW; j++) {
        // In sorted order (as `[x, y].sort()` would put them), without an array per pair.
        const x = found[i]!.cue
        const y = found[j]!.cue
        if (x !== y) cues.add(x < y ? `${x}+${y}` : `${y}+${x}`)
      }
    }
  }
  // How the message ends says whether it asks: a question mark, or a yes/no tag ("boleh ga", "dibayar ga").
  if (/\?\s*\S{0,3}\s*$/u.test(text)) stems.push('_?')
  if (content.length > 1 && negations.has(content[content.length - 1]!)) stems.push('_tag')
  return { content, stems, functions: [], ...(cueIndex ? { cues: [...cues] } : {}) }
}

/**
 * The forms of a phrase as people would type it: "majikan/bos pukul/tampar" → "majikan pukul", "bos tampar";
 * each choice at least once, up to `MAX_FORMS` forms.
 */
export function spellOut(phrase: string): string[] {
  const slots = phrase
    .split(/\s+/)
    .filter((w) => w !== '')
    .map((slot) => slot.split('/').filter((alt) => cleanText(alt) !== ''))
    .filter((alts) => alts.length > 0)
  if (slots.length === 0) return []
  const count = Math.min(MAX_FORMS, Math.max(...slots.map((s) => s.length)))
  const forms = new Set<string>()
  for (let k = 0; k < count; k++) forms.add(slots.map((alts) => alts[k % alts.length]!).join(' '))
  return [...forms]
}

/**
 * Question variants per FAQ entry and language that train the classifier as calm (more would only slow loading; 2 → 1
 * when faq-outside.yaml and the intent examples joined the calm messages: the same cross-validated recall over four
 * seeds, 96.4%, and false alarms 2.9 → 2.8%, with no more training than before).
 */
const CALM_PER_ENTRY = 1

/**
 * Everyday questions from the FAQ (a few question variants of each entry, both languages): what most messages
 * look like, for the classifier to learn as calm. The detector leaves out those a phrase counts in.
 */
export function everydayQuestions(entries: readonly { q: { id?: readonly string[]; en?: readonly string[] } }[], perEntry = CALM_PER_ENTRY): string[] {
  return entries.flatMap((e) => [...(e.q.id ?? []).slice(0, perEntry), ...(e.q.en ?? []).slice(0, perEntry)])
}

/**
 * What people type at a menu or a form step (command words, countries, trainings, regions; each list as the
 * content has it): calm too. Without them a name or a place the classifier never saw ("Kabupaten Cilacap", "Dewi
 * Lestari") scores by the word pieces it shares with crisis messages.
 */
export function formAnswers(lists: readonly (readonly string[])[]): string[] {
  return [...new Set(lists.flat().filter((w) => cleanText(w).includes(' ') || cleanText(w).length >= 2))]
}

/**
 * The messages of `content/crisis-examples.yaml` as a list, with problems: a key that is no category of
 * crisis.yaml, a message written twice, or one message under two labels (it would teach both).
 */
export function crisisExamples(
  content: Pick<CrisisExamplesContent, 'examples'> & Partial<Pick<CrisisExamplesContent, 'more'>>,
  categories: readonly string[],
): { examples: CrisisExample[]; problems: { path: (string | number)[]; message: string; severity: 'error' | 'warn' }[] } {
  const known = new Set([CALM, ...categories])
  const examples: CrisisExample[] = []
  const problems: { path: (string | number)[]; message: string; severity: 'error' | 'warn' }[] = []
  const seen = new Map<string, string>()
  const blocks: [(string | number)[], CrisisExamplesContent['examples']][] = [
    [['examples'], content.examples],
    ...Object.entries(content.more ?? {}).map(([name, block]): [(string | number)[], CrisisExamplesContent['examples']] => [['more', name], block]),
  ]
  for (const [at, block] of blocks) {
    for (const [label, byLang] of Object.entries(block)) {
      if (!known.has(label)) {
        problems.push({ path: [...at, label], message: `"${label}" is not a category of crisis.yaml; use one of ${[...known].join(', ')}`, severity: 'error' })
        continue
      }
      for (const lang of ['id', 'en'] as const) {
        byLang[lang].forEach((q, i) => {
          const key = cleanText(q)
          const before = seen.get(key)
          if (before === label) problems.push({ path: [...at, label, lang, i], message: `"${q}" is listed twice; remove one`, severity: 'warn' })
          else if (before !== undefined) problems.push({ path: [...at, label, lang, i], message: `"${q}" is also an example of ${before}; keep it under one label`, severity: 'error' })
          else {
            seen.set(key, label)
            examples.push({ q, crisis: label, lang })
          }
        })
      }
    }
  }
  return { examples, problems }
}

/** What a content load keeps of reading the crisis phrases and examples (`CrisisModel.train` with a cache that keeps data). */
interface CrisisDerived {
  /** The feature names in id order. */
  features: string[]
  /** The cache keys of the two classifiers' weights. */
  alarm?: string
  kind?: string
}

/** The key of the derived data: everything `CrisisModel.train` reads (and, through `derivedKey`, its code). */
function crisisDerivedKey(
  categories: readonly string[],
  phrases: readonly { text: string; category: string }[],
  examples: readonly CrisisExample[],
  context: { lexicon?: Lexicon; stemmer: Stemmer; negations: Iterable<string>; cues?: Readonly<Record<string, readonly string[]>> },
  options: CrisisModelOptions,
): string {
  return derivedKey('crisis-features', [
    categories,
    phrases.map((p) => [p.text, p.category]),
    examples.map((e) => [e.q, e.crisis, e.weight ?? 1]),
    [...(context.lexicon ?? [])],
    context.stemmer.signature(),
    [...context.negations],
    context.cues ?? null,
    [options.features ?? {}, options.training ?? {}, options.phraseWeight ?? PHRASE_WEIGHT, options.calmShare ?? CALM_SHARE],
  ])
}

/** The vocabulary and both classifiers of stored derived data, or undefined if their weights are gone. */
function restoreCrisis(derived: CrisisDerived, cache: WeightCache, categories: number): { alarm: SoftmaxClassifier; kind: SoftmaxClassifier; vocabulary: Vocabulary } | undefined {
  if (!derived.alarm || !derived.kind || !Array.isArray(derived.features)) return undefined
  const vocabulary = Vocabulary.restore(derived.features)
  if (vocabulary.size !== derived.features.length) return undefined
  const alarm = SoftmaxClassifier.cached(cache, derived.alarm, vocabulary.size, 2)
  const kind = alarm && SoftmaxClassifier.cached(cache, derived.kind, vocabulary.size, categories)
  return alarm && kind ? { alarm, kind, vocabulary } : undefined
}
