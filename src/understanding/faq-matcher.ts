/**
 * FAQ matching that learns from the FAQ itself: "min mau tanya, syarat jd tkw ke taiwan apa aja ya? trus
 * biayanya brp" → answer `syarat-umum`, and offer the cost entry as a choice.
 *
 * Two scorers look at the question:
 * - a softmax classifier (`SoftmaxClassifier`) trained when the bundle loads on every entry's question variants
 *   (and its keywords), over word, bigram and character n-gram features (`text-features.ts`): it generalizes
 *   from how people ask to how else they may ask;
 * - the BM25 index (`FaqIndex`) over the entries' questions, keywords and answers: it knows the words of the
 *   answers too, and its weighted coverage says how much of the question the FAQ has words for at all.
 * Their blend (`blend`) ranks the entries. Then the decision, with thresholds calibrated on the dev set only
 * (`npm run eval`, never on the test set):
 * - `answer` when the best entry is confident, clearly ahead and covers the question;
 * - `clarify` ("maksud Anda…?") when two or three entries are genuinely close: ranked, never a single one;
 * - `none` otherwise: the honest fallback, and the question is logged for officers.
 * A confidence model (a logistic regression over the ranking: scores, lead, agreement of the scorers, fitted on
 * cross-validated variants) then has the last word between answering and asking back (`decide`): the score
 * rules alone ask back on one fresh question in ten whose best entry is right, and answer some that are wrong.
 *
 * Greetings and fillers are removed first and a message is split into clauses (`discourse.ts`); when another
 * clause confidently asks something else, its entry comes back in `also`, for the engine to offer as a choice.
 *
 * Cost per message: linear in its length (features × classes for the classifier, terms for BM25), bounded by
 * `MAX_WORDS`; `explain` reports the operation count.
 */
import type { FaqEntry, Lexicon } from '../content/types.ts'
import type { Lang } from '../engine/types.ts'
import { detectLang } from './lang-detect.ts'
import { FaqIndex, type FaqHit, type FaqSearchResult } from './faq-search.ts'
import { normalizeLexicon, tokenize, withoutPhoneNumbers } from './normalize.ts'
import { Stemmer } from './stemmer.ts'
import { Discourse, type DiscourseWords } from './discourse.ts'
import { exampleKey, SoftmaxClassifier, type SoftmaxOptions, type TrainingExample, type TrainHow, type WeightCache } from './linear-model.ts'
import { analyzeWords, DEFAULT_FEATURE_WEIGHTS, featurize, Vocabulary, type FeatureWeights } from './text-features.ts'
import { TextMemo } from './text-cache.ts'
import { derivedKey, readDerived, writeDerived } from './derived-cache.ts'

/** A search result, plus entries that other sub-questions of the message ask for. */
export interface FaqMatch extends FaqSearchResult {
  /** Entries for other clauses of the message, best first (at most 2); only with `kind: 'answer'`. */
  also?: FaqHit[]
}

/** When to answer, ask back or fall back. */
export interface MatcherThresholds {
  /** Weight of BM25 in the blend (0: classifier only, 1: BM25 only). */
  blend: number
  /** Below this blended score of the best entry: `none`. */
  minScore: number
  /** Below this BM25 coverage of the question by the best entry (how much of it the entry has words for): `none`. */
  minCoverage: number
  /** An answer needs at least this blended score… */
  answerScore: number
  /** …and the runner-up at most this fraction of it. */
  answerRatio: number
  /** Entries with at least this fraction of the best one's score are offered in `clarify`. */
  clarifyRatio: number
  /** A second clause's entry is offered (`also`) when its own blended score reaches this. */
  alsoScore: number
  /**
   * When the classifier and BM25 disagree on the best entry, an answer needs at least this blended score;
   * below it the question gets "maksud Anda…?" with both (the two scorers disagreeing is when most wrong
   * answers happen: on the variants' cross-validation 60% of such answers were right, 90% when they agree).
   */
  disagreeScore: number
  /**
   * A question the classifier gives at least this probability of being outside the FAQ (the class learnt from
   * `outside` examples, `content/faq-outside.yaml`) gets the honest fallback.
   */
  outsideP: number
  /**
   * Below `answerScore`, an entry that both scorers rank first (no disagreement at all), clearly ahead of the
   * runner-up, is still answered from this blended score on.
   */
  agreedScore: number
  /**
   * The confidence model (`MatcherOptions.confidence`) decides: an answer from this estimated probability that the
   * best entry is right on; below it "maksud Anda…?" or the fallback. Above 1 the model is off and the score rules
   * (`answerScore`, `answerRatio`, `disagreeScore`, `agreedScore`) decide instead.
   */
  answerConfidence: number
  /** An answer of the score rules is kept from this confidence on (below `answerConfidence`: they agree enough). */
  keepConfidence: number
  /** Below this confidence the honest fallback, whatever the score rules decided (0: off). */
  fallbackConfidence: number
  /**
   * Where a long message's answered clause and the whole message point at different entries (the story-clause
   * rule, which asks which one), the whole message's best entry is answered when the confidence model, reading the
   * whole message's ranking, is at least this sure of it (above 1: off, always ask).
   */
  storyConfidence: number
  /**
   * A message of several clauses whose whole the classifier gives at least this probability of being outside the
   * FAQ gets the honest fallback, even when one clause alone looks answerable ("ada beasiswa S1 ke jerman ga? buat
   * adik sy" answered from the clause about Germany); above 1: off.
   */
  wholeOutsideP: number
  /**
   * …unless a clause ending in "?" is answered on its own and the confidence model is at least this sure of it
   * (`clauseStands`; above 1: off).
   */
  clauseConfidence: number
}

/**
 * Calibrated with `npm run eval -- --tune` on the dev sets (faq-dev, queries, faq-fresh-dev) together with the
 * cross-validated variants, each half of the utility (see README, Quality: FAQ search); 2026-12-03.
 */
export const DEFAULT_MATCHER_THRESHOLDS: Readonly<MatcherThresholds> = {
  blend: 0.45,
  minScore: 0.3,
  minCoverage: 0.3,
  answerScore: 0.35,
  answerRatio: 0.5,
  clarifyRatio: 0.4,
  alsoScore: 0.6,
  disagreeScore: 0.6,
  outsideP: 0.25,
  agreedScore: 0.3,
  answerConfidence: 0.8,
  keepConfidence: 0.6,
  fallbackConfidence: 0,
  storyConfidence: 0.95,
  wholeOutsideP: 0.5,
  clauseConfidence: 0.95,
}

/**
 * Weights of the confidence model over `confidenceFeatures`: a logistic regression of "the best entry is right"
 * fitted by `npm run eval -- --tune` on the cross-validated variants, the same variants wrapped in chatty messages
 * and the cross-validated "outside" questions (each read by a classifier trained without it, so the scores look
 * as they do on a question nobody wrote down); never on the dev or test sets. 2026-12-03, issue 11; refitted after
 * the sixth blind batch (6,713 variants, 532 outside questions).
 */
export const DEFAULT_CONFIDENCE: readonly number[] = [-0.6, 1.18, 0.68, 1.79, 0.6, 1.64, -1.3, -0.61, 0.61, -0.16, 0.05, -0.46, 0.64]

export interface MatcherOptions {
  thresholds?: Partial<MatcherThresholds>
  features?: Partial<FeatureWeights>
  training?: Partial<SoftmaxOptions>
  /** Weight of one keywords example per entry, next to its question variants (weight 1 each). */
  keywordWeight?: number
  /** Weight of one example per entry made of its answer text (both languages). */
  answerWeight?: number
  /** Questions the FAQ does not answer (`content/faq-outside.yaml`): one more class, "outside". */
  outside?: readonly string[]
  /** Weights of the confidence model (default `DEFAULT_CONFIDENCE`), as `--tune` fits them. */
  confidence?: readonly number[]
}

/** Words of a message read at most; the rest is ignored (a bound on the cost of one message). */
export const MAX_WORDS = 120
/** Words of the start of an answer that train the classifier. */
const ANSWER_WORDS = 40
/** The classifier's probability of an entry below which the confidence model never answers with it. */
const MIN_ANSWER_P = 0.1
/** Candidates taken from each scorer. */
/** See `decide`: a whole-message reading this much weaker than the answered clause, from no clause, is not asked back. */
const STORY_BLEND_RATIO = 0.4
const DEPTH = 8

/** The numbers behind one decision. */
export interface MatchExplanation {
  words: string[]
  candidates: { id: string; score: number; p: number; bm25: number; coverage: number; missing?: number }[]
  clauses: { words: string[]; top?: string; score?: number; kind: FaqSearchResult['kind'] }[]
  result: FaqMatch
  /** Work done: feature weights read plus BM25 terms looked up (for the linear-cost test). */
  ops: number
}

/** How many message texts (of at most REMEMBERED_CHARS characters) each matcher remembers the reading of (about 8 KiB each). */
const REMEMBERED_TEXTS = 1_000
const REMEMBERED_CHARS = 300

export class FaqMatcher {
  private readonly classOf: ReadonlyMap<string, number>
  private readonly confidenceWeights: readonly number[]

  private constructor(
    private readonly entries: readonly FaqEntry[],
    private readonly lexicon: Lexicon,
    private readonly discourseWords: DiscourseWords,
    private readonly options: MatcherOptions,
    readonly bm25: FaqIndex,
    private readonly discourse: Discourse,
    private readonly stemmer: Stemmer,
    private readonly vocabulary: Vocabulary,
    private readonly model: SoftmaxClassifier,
    private readonly ids: readonly string[],
    private readonly thresholds: MatcherThresholds,
    private readonly featureWeights: FeatureWeights,
    /** Milliseconds the training took. */
    readonly trainMs: number,
  ) {
    this.classOf = new Map(ids.map((id, i) => [id, i]))
    this.confidenceWeights = options.confidence ?? DEFAULT_CONFIDENCE
  }

  /**
   * Builds the BM25 index and trains the classifier on the entries' question variants and keywords (`cache`: weights
   * of an earlier training on the same inputs; `rebuild` never uses it, so cross-validation folds are not stored).
   */
  static build(
    entries: readonly FaqEntry[],
    lexicon: Lexicon,
    discourseWords: DiscourseWords,
    options: MatcherOptions = {},
    cache?: WeightCache,
    how: TrainHow = {},
  ): FaqMatcher {
    const started = performance.now()
    const lex = normalizeLexicon(lexicon)
    const discourse = new Discourse(discourseWords, lex)
    const features = { ...DEFAULT_FEATURE_WEIGHTS, ...options.features }
    const classes = entries.length + ((options.outside ?? []).length > 0 ? 1 : 0)
    // What reading the examples gave an earlier load with the same inputs (and the same code): the stemmer's words,
    // the feature vocabulary and the key of the trained weights; then neither reading nor training runs here.
    const key = cache?.getData ? faqDerivedKey(entries, lexicon, discourseWords, options) : undefined
    const derived = key ? readDerived<FaqDerived>(cache, key) : undefined
    const restored = derived && cache ? restoreDerived(derived, cache, classes) : undefined
    const { stemmer, vocabulary, model } = restored ?? FaqMatcher.train(entries, lex, discourse, options, features, classes, cache, how)
    if (key && !restored) writeDerived(cache, key, { words: stemmer.words(), features: vocabulary.names(), weights: model.key, classes } satisfies FaqDerived)
    // The BM25 index after training has started: with `how.background` it is built while the classifier trains.
    const bm25 = FaqIndex.build(entries, lex, {}, cache)
    return new FaqMatcher(
      entries,
      lexicon,
      discourseWords,
      options,
      bm25,
      discourse,
      stemmer,
      vocabulary,
      model,
      entries.map((e) => e.id),
      { ...DEFAULT_MATCHER_THRESHOLDS, ...options.thresholds },
      features,
      performance.now() - started,
    )
  }

  /** Reads every example into features over a new vocabulary and trains the classifier on them. */
  private static train(
    entries: readonly FaqEntry[],
    lex: Lexicon,
    discourse: Discourse,
    options: MatcherOptions,
    features: FeatureWeights,
    classes: number,
    cache: WeightCache | undefined,
    how: TrainHow,
  ): { stemmer: Stemmer; vocabulary: Vocabulary; model: SoftmaxClassifier } {
    const vocabularyWords = new Set<string>()
    const variantWords = entries.map((e) =>
      [...(e.q.id ?? []), ...(e.q.en ?? [])].map((v) => {
        const words = discourse.words(v)
        for (const w of words) vocabularyWords.add(w)
        return words
      }),
    )
    const keywordWords = entries.map((e) => e.keywords.flatMap((k) => tokenize(k, lex)))
    const answerWeight = options.answerWeight ?? 1
    // The opening of each answer (it says what the answer is about; the rest would only slow training down).
    const answerWords = entries.map((e) =>
      answerWeight > 0 ? [e.a.id, e.a.en ?? ''].map((a) => tokenize(a.replace(/\{[^}]*\}/g, ' '), lex).slice(0, ANSWER_WORDS)) : [],
    )
    for (const list of keywordWords) for (const w of list) vocabularyWords.add(w)
    const outsideWords = (options.outside ?? []).map((q) => {
      const words = discourse.words(q)
      for (const w of words) vocabularyWords.add(w)
      return words
    })
    const stemmer = new Stemmer({ vocabulary: vocabularyWords })
    const vocabulary = new Vocabulary()
    const examples: TrainingExample[] = []
    const keywordWeight = options.keywordWeight ?? 1
    // Each example keyed by its entry's id and its words (`exampleKey`): an edit elsewhere leaves its place in training.
    entries.forEach((entry, y) => {
      for (const words of variantWords[y]!) examples.push({ x: featurize(analyzeWords(words, stemmer), vocabulary, features), y, key: exampleKey(entry.id, words.join(' ')) })
      if (keywordWords[y]!.length > 0 && keywordWeight > 0) {
        const words = keywordWords[y]!
        examples.push({ x: featurize(analyzeWords(words, stemmer), vocabulary, features), y, weight: keywordWeight, key: exampleKey(`${entry.id} keywords`, words.join(' ')) })
      }
      for (const words of answerWords[y]!) {
        if (words.length > 0) examples.push({ x: featurize(analyzeWords(words, stemmer), vocabulary, features), y, weight: answerWeight, key: exampleKey(`${entry.id} answer`, words.join(' ')) })
      }
    })
    // The "outside" class, after the entries' (index entries.length), only when there are examples.
    for (const words of outsideWords) examples.push({ x: featurize(analyzeWords(words, stemmer), vocabulary, features), y: entries.length, key: exampleKey('outside', words.join(' ')) })
    vocabulary.freeze()
    const model = SoftmaxClassifier.train(examples, vocabulary.size, classes, options.training, cache, how)
    return { stemmer, vocabulary, model }
  }

  /** Waits until the classifier trained in the background (`how.background` of `build`) is ready. */
  settle(): this {
    this.model.settle()
    return this
  }

  /** The same matcher trained on other entries (cross-validation) or with other options (calibration). */
  rebuild(entries: readonly FaqEntry[] = this.entries, options: MatcherOptions = this.options): FaqMatcher {
    return FaqMatcher.build(entries, this.lexicon, this.discourseWords, options)
  }

  /** The same trained matcher with other thresholds (no retraining; for calibration). */
  withThresholds(thresholds: Partial<MatcherThresholds>): FaqMatcher {
    return this.retuned(this.options, { ...this.thresholds, ...thresholds })
  }

  /** The same trained matcher with other confidence weights (no retraining; for calibration). */
  withConfidence(weights: readonly number[]): FaqMatcher {
    return this.retuned({ ...this.options, confidence: weights }, this.thresholds)
  }

  private retuned(options: MatcherOptions, thresholds: MatcherThresholds): FaqMatcher {
    return new FaqMatcher(
      this.entries,
      this.lexicon,
      this.discourseWords,
      options,
      this.bm25,
      this.discourse,
      this.stemmer,
      this.vocabulary,
      this.model,
      this.ids,
      thresholds,
      this.featureWeights,
      this.trainMs,
    )
  }

  get currentConfidence(): readonly number[] {
    return this.confidenceWeights
  }

  get currentThresholds(): Readonly<MatcherThresholds> {
    return this.thresholds
  }

  /** The entries and the "outside" questions this matcher was trained on (for cross-validation). */
  get trainedOn(): { entries: readonly FaqEntry[]; outside: readonly string[]; options: MatcherOptions } {
    return { entries: this.entries, outside: this.options.outside ?? [], options: this.options }
  }

  /** Matches a chat message against the FAQ. */
  search(text: string): FaqMatch {
    return this.explain(text).result
  }

  /**
   * The entries the whole message shares at least one word with (BM25 found them), best blended first: its own
   * candidates, for reading a short follow-up with the previous question (`follow-up.ts`).
   */
  candidateIds(text: string): string[] {
    return this.explain(text)
      .candidates.filter((c) => c.bm25 > 0)
      .map((c) => c.id)
  }

  /** Whether `text` asks only about an aspect ("syaratnya apa?", "how much does it cost"): see `Discourse.onlyAspects`. */
  onlyAspects(text: string): boolean {
    return this.discourse.onlyAspects(text, (w) => this.stemmer.stem(w))
  }

  /**
   * The entries an answer leads on to: its `followups` (the links officers wrote in content/faq/). A short follow-up
   * about an aspect ("syaratnya apa?") after the answer `id` is read as one of these when it can be (`follow-up.ts`).
   */
  related(id: string): readonly string[] {
    return this.entries.find((e) => e.id === id)?.followups ?? []
  }

  /**
   * `search`, with the numbers behind the decision. Remembered per text (frozen): one message is looked up several
   * times on its way (routing, the answer, a follow-up), and menu words and common questions come again and again.
   */
  explain(text: string): MatchExplanation {
    // A phone number typed with the question ("sy Rina 0812…, mau tanya biaya ke taiwan") says who asks, not what.
    return this.explained.get(withoutPhoneNumbers(text), (t) => this.decide(this.read(t)))
  }

  private readonly explained = new TextMemo<MatchExplanation>(REMEMBERED_TEXTS, REMEMBERED_CHARS)

  /**
   * The expensive part of matching, independent of the thresholds: the message's clauses and, for the whole
   * message and for each clause, each scorer's candidates.
   */
  read(text: string): MessageReading {
    const lang = detectLang(text)
    let budget = MAX_WORDS
    const clauses = this.discourse.clauses(text).flatMap((c) => {
      const words = c.words.slice(0, budget)
      budget -= words.length
      return words.length > 0 ? [{ ...c, words }] : []
    })
    const words = clauses.flatMap((c) => c.words)
    const whole = this.candidates(words)
    let ops = whole.ops
    const parts = clauses.length < 2 ? [] : clauses.map((c) => ({ asked: c.asked, marked: c.marked, words: c.words, ...this.candidates(c.words) }))
    for (const part of parts) ops += part.ops
    return { ...(lang ? { lang } : {}), words, whole, parts, ops }
  }

  /**
   * The decision over a reading, with this matcher's thresholds (cheap: for calibration): the score rules first
   * (`decideByScores`), then the confidence model over the whole message's ranking has the last word on whether
   * to answer: sure enough, its best entry is answered (even where the score rules would ask back); not sure
   * enough, an answer becomes "maksud Anda…?" with the entries behind it. The fallback stays the fallback.
   */
  decide(reading: MessageReading): MatchExplanation {
    const { explanation, main } = this.decideByScores(reading)
    const t = this.thresholds
    const result = explanation.result
    if (result.kind !== 'none' && reading.parts.length >= 2 && reading.whole.scorers.outside >= t.wholeOutsideP && !this.clauseStands(reading, explanation, main)) {
      return { ...explanation, result: { kind: 'none', hits: result.hits, ...(result.lang ? { lang: result.lang } : {}) } }
    }
    if (t.answerConfidence > 1 || result.kind === 'none' || explanation.candidates.length === 0) return explanation
    const ranking = confidenceRanking(reading, explanation, main)
    const p = confidence(this.confidenceWeights, ranking.candidates, ranking.outside, reading.words.length)
    // A long message whose answered clause points at one entry and whose whole points at another (a story
    // clause "adik sy ditawarin sponsor" answered on its own, the question in the next clause): ask which one,
    // unless the other is already offered next to the answer (`also`) or is what a clause ending in "?" asks
    // (two questions: the engine offers the other one). On cross-validated variants wrapped in such stories,
    // wrong answers 8.6 -> 5.6%; faq-dev 3.3 -> 2.3%.
    const wholeTop = explanation.candidates[0]!
    const askedTops = explanation.clauses.filter((c, i) => reading.parts[i]?.marked && c.top !== undefined).map((c) => c.top)
    if (
      ranking.candidates !== explanation.candidates &&
      result.kind === 'answer' &&
      // Every clause asks something and two or more are answered on their own: several questions (the others are
      // offered), not a story misread. Neutral on the cross-validated variants and the dev sets.
      !(reading.parts.every((part) => part.asked) && explanation.clauses.filter((c) => c.kind === 'answer').length >= 2) &&
      wholeTop.id !== result.hits[0]!.id &&
      !result.also?.some((h) => h.id === wholeTop.id) &&
      !askedTops.includes(wholeTop.id) &&
      // …unless the whole's best entry is no clause's best and scores under half the answered clause's: a weak blend
      // of the story's words with the question's ("mati lampu jd telat bales. mau nanya biaya paspor brp" read whole
      // as an expired passport at 0.25 against the passport price at 0.66), not another reading of the message.
      !(wholeTop.score < STORY_BLEND_RATIO * result.hits[0]!.score && !explanation.clauses.some((c) => c.top === wholeTop.id))
    ) {
      // The whole message leaves no doubt (its question words, next to the story, point at one entry): that answer.
      const pWhole = confidence(this.confidenceWeights, explanation.candidates, reading.whole.scorers.outside, reading.words.length)
      if (pWhole >= t.storyConfidence && wholeTop.p >= MIN_ANSWER_P) {
        const hits = explanation.candidates.slice(0, 3).map((c) => ({ id: c.id, score: round(c.score) }))
        return { ...explanation, result: { kind: 'answer', hits, ...(result.lang ? { lang: result.lang } : {}) } }
      }
      const hits = [result.hits[0]!, { id: wholeTop.id, score: round(wholeTop.score) }]
      return { ...explanation, result: { kind: p < t.fallbackConfidence ? 'none' : 'clarify', hits, ...(result.lang ? { lang: result.lang } : {}) } }
    }
    // Unsure of everything: the honest fallback, also where the score rules would answer or ask back (an
    // unanswerable question that shares words with an entry reads like a weak, unsure match).
    if (p < t.fallbackConfidence) return { ...explanation, result: { kind: 'none', hits: result.hits, ...(result.lang ? { lang: result.lang } : {}) } }
    // The classifier must see something of the entry too: BM25 alone on a rare word ("kapan lebaran 2027" sharing
    // only "2027" with one answer) is never sure.
    const credible = ranking.candidates[0]!.p >= MIN_ANSWER_P
    if (result.kind === 'answer' && p >= t.keepConfidence && (credible || t.keepConfidence <= 0)) return explanation
    const sure = p >= t.answerConfidence && credible
    if (sure) {
      const top = ranking.candidates[0]!
      if (result.kind === 'answer' && result.hits[0]?.id === top.id) return explanation
      // "Maksud Anda…?", or an answer from one clause, where the model is sure of the whole message's best entry:
      // that answer.
      const hits = ranking.candidates.slice(0, 3).map((c) => ({ id: c.id, score: round(c.score) }))
      return { ...explanation, result: { kind: 'answer', hits, ...(result.lang ? { lang: result.lang } : {}) } }
    }
    if (result.kind !== 'answer') return explanation
    const best = result.hits[0]!.score
    let choices = result.hits.filter((h) => h.score >= best * t.clarifyRatio && h.score > 0)
    if (choices.length < 2) choices = result.hits.filter((h) => h.score > 0).slice(0, 2)
    if (choices.length < 2) return explanation
    return { ...explanation, result: { kind: 'clarify', hits: choices.slice(0, 3), ...(result.lang ? { lang: result.lang } : {}) } }
  }

  /**
   * Whether the answered clause of a long message stands against its whole reading as outside the FAQ: the clause
   * ends with "?" ("kira2 gaji pabrik di korea brp ya sebulan?" in a story about a brother's job) and the confidence
   * model, reading that clause's ranking, is at least `clauseConfidence` sure of its entry.
   */
  private clauseStands(reading: MessageReading, explanation: MatchExplanation, main: Pick<Judged, 'candidates' | 'outside'> | undefined): boolean {
    const t = this.thresholds
    if (t.clauseConfidence > 1 || explanation.result.kind !== 'answer' || !main || main.candidates.length === 0) return false
    const top = explanation.result.hits[0]!.id
    const asked = reading.parts.some((part, i) => part.marked && explanation.clauses[i]?.top === top && explanation.clauses[i]?.kind === 'answer')
    if (!asked) return false
    return confidence(this.confidenceWeights, main.candidates, main.outside, reading.words.length) >= t.clauseConfidence
  }

  /**
   * What the confidence model reads of a message (the ranking `decide` judges), or nothing when the score rules
   * fall back: for fitting the model on the same rankings it will judge (`faq-calibrate.ts`).
   */
  confidenceInput(reading: MessageReading): { features: number[]; top: string } | undefined {
    const { explanation, main } = this.decideByScores(reading)
    if (explanation.result.kind === 'none' || explanation.candidates.length === 0) return undefined
    const ranking = confidenceRanking(reading, explanation, main)
    return { features: confidenceFeatures(ranking.candidates, ranking.outside, reading.words.length), top: ranking.candidates[0]!.id }
  }

  /** The decision by the score thresholds alone (`answerScore`, `answerRatio`, `disagreeScore`, `agreedScore`). */
  private decideByScores(reading: MessageReading): { explanation: MatchExplanation; main?: Pick<Judged, 'candidates' | 'outside'> } {
    const withLang = (r: FaqMatch): FaqMatch => (reading.lang ? { ...r, lang: reading.lang } : r)
    const whole = this.judge(reading.whole.scorers)
    const explanation: MatchExplanation = {
      words: reading.words,
      candidates: whole.candidates,
      clauses: [],
      result: withLang({ kind: whole.kind, hits: whole.hits }),
      ops: reading.ops,
    }
    if (reading.parts.length < 2) return { explanation, ...(whole.kind === 'answer' ? { main: whole } : {}) }

    // Several sub-questions: each clause on its own too.
    const perClause = reading.parts.map((part) => ({ part, judged: this.judge(part.scorers) }))
    explanation.clauses = perClause.map(({ part, judged }) => ({
      words: part.words,
      kind: judged.kind,
      ...(judged.hits[0] ? { top: judged.hits[0].id, score: judged.hits[0].score } : {}),
    }))
    // The main question: a clause answered on its own (one that ends with "?" first, then the most confident);
    // the whole message when it agrees with a clause or no clause is clear on its own.
    // When some clauses ask (a "?" or a question word) and others only tell ("temen sy ditawarin sponsor"), the
    // telling ones never choose the answer: their words say who asks, not what.
    const asking = perClause.filter(({ part }) => part.asked)
    const relevant = asking.length > 0 ? asking : perClause
    // Several answered: one that ends with "?" first, then the most confident; the others are offered.
    const answered = relevant
      .filter(({ judged }) => judged.kind === 'answer')
      .sort((a, b) => Number(!!b.part.marked) - Number(!!a.part.marked) || b.judged.hits[0]!.score - a.judged.hits[0]!.score)
    const clauseTops = new Set(relevant.map(({ judged }) => judged.hits[0]?.id).filter((id): id is string => !!id))
    // Two questions or more answered on their own: the first one asked is the main question, the others are
    // offered. Which one the whole message leans to, or which clause scores a little higher, flips with most content
    // edits ("biaya ke taiwan brp? trus syaratnya apa aja?" answered the cost one week, the requirements the next);
    // the order people wrote them in does not.
    // Only a first question that says so: it ends with "?" or its entry is sure (`alsoScore`); a "mau tanya." before
    // the question is no question of its own (on the wrapped variants, wrong answers 3.5 -> 8.2% when the first
    // answered clause won whatever it was).
    const inOrder = relevant.filter(({ judged }) => judged.kind === 'answer')
    const first = inOrder[0]
    const firstStands = !!first && (!!first.part.marked || first.judged.hits[0]!.score >= this.thresholds.alsoScore)
    let main: Judged
    if (inOrder.length >= 2 && firstStands) main = first.judged
    else if (whole.kind === 'answer' && clauseTops.has(whole.hits[0]!.id)) main = whole
    else if (answered.length > 0) main = answered[0]!.judged
    else if (whole.kind === 'none') return { explanation }
    else {
      // No part is clear: ask which one was meant, the whole message's best first, then each part's best.
      const ids = [...new Set([...whole.hits.slice(0, 1).map((h) => h.id), ...clauseTops])]
      if (ids.length < 2) return { explanation, ...(whole.kind === 'answer' ? { main: whole } : {}) }
      const scoreOf = new Map<string, number>()
      for (const h of [...perClause.flatMap(({ judged }) => judged.hits), ...whole.hits]) scoreOf.set(h.id, Math.max(h.score, scoreOf.get(h.id) ?? 0))
      const hits = ids
        .map((id) => ({ id, score: scoreOf.get(id) ?? 0 }))
        .sort((a, b) => b.score - a.score)
        .slice(0, 3)
      return { explanation: { ...explanation, result: withLang({ kind: 'clarify', hits }) } }
    }
    const mainId = main.hits[0]!.id
    const also: FaqHit[] = []
    for (const { judged } of answered) {
      const hit = judged.hits[0]!
      if (hit.id !== mainId && hit.score >= this.thresholds.alsoScore && !also.some((h) => h.id === hit.id)) also.push(hit)
    }
    const result: FaqMatch = { kind: 'answer', hits: main.hits, ...(also.length > 0 ? { also: also.slice(0, 2) } : {}) }
    return { explanation: { ...explanation, result: withLang(result) }, main }
  }

  /** Each scorer's candidates for one list of words. */
  private candidates(words: readonly string[]): { scorers: ScorerCandidates; ops: number } {
    const analyzed = analyzeWords(words, this.stemmer)
    const x = featurize(analyzed, this.vocabulary, this.featureWeights)
    const bm = this.bm25.candidates(words, DEPTH)
    let ops = x.ids.length * this.model.classes + bm.terms.length
    const empty = { scorers: { candidates: [], outside: 0 }, ops }
    if (analyzed.stems.length === 0 || (x.ids.length === 0 && bm.hits.length === 0)) return empty
    const p = this.model.predict(x)
    ops += this.model.classes
    const byId = new Map<string, ScorerCandidates['candidates'][number]>()
    let bmSum = 0
    for (const h of bm.hits.slice(0, 3)) bmSum += h.score
    for (const h of bm.hits) {
      byId.set(h.id, { id: h.id, p: p[this.classOf.get(h.id) ?? -1] ?? 0, bm25: bmSum > 0 ? h.score / bmSum : 0, coverage: h.coverage, missing: h.missing })
    }
    for (const c of topClasses(p, DEPTH)) {
      const id = this.ids[c]
      // The "outside" class (past the entries) is not a candidate; its probability is `outside`.
      if (id !== undefined && !byId.has(id)) byId.set(id, { id, p: p[c]!, bm25: 0, coverage: 0, missing: 1 })
    }
    const outside = this.model.classes > this.ids.length ? p[this.ids.length]! : 0
    return { scorers: { candidates: [...byId.values()], outside }, ops }
  }

  /** Blends the scorers and decides answer, clarify or none. */
  private judge(scorers: ScorerCandidates): Judged {
    const t = this.thresholds
    if (scorers.candidates.length === 0) return { kind: 'none', hits: [], candidates: [], outside: scorers.outside }
    const candidates = scorers.candidates
      .map((c) => ({ ...c, score: (1 - t.blend) * c.p + t.blend * c.bm25 }))
      .sort((a, b) => b.score - a.score)
    const top = candidates[0]!
    const second = candidates[1]
    const hits = candidates.slice(0, 3).map((c) => ({ id: c.id, score: round(c.score) }))
    if (top.score < t.minScore || top.coverage < t.minCoverage || scorers.outside >= t.outsideP) return { kind: 'none', hits, candidates, outside: scorers.outside }
    // The entry the other scorer prefers, when the two scorers disagree with the blend's best.
    const rival = disagreement(candidates, top.id)
    const agreed = !rival || top.score >= t.disagreeScore
    const clear = !second || second.score <= top.score * t.answerRatio
    if (top.score >= t.answerScore && clear && agreed) return { kind: 'answer', hits, candidates, outside: scorers.outside }
    if (top.score >= t.agreedScore && clear && !rival) return { kind: 'answer', hits, candidates, outside: scorers.outside }
    const close = candidates.slice(0, 3).filter((c) => c.score >= top.score * t.clarifyRatio && c.score >= t.minScore / 2)
    // An answer held back only because the scorers disagree: offer both.
    if (!agreed && rival && top.score >= t.answerScore && !close.includes(rival)) close.splice(1, 0, rival)
    if (close.length >= 2) return { kind: 'clarify', hits: close.slice(0, 3).map((c) => ({ id: c.id, score: round(c.score) })), candidates, outside: scorers.outside }
    return { kind: top.score >= t.answerScore && agreed ? 'answer' : 'none', hits, candidates, outside: scorers.outside }
  }
}

/** Each scorer's view of one list of words: classifier probability, BM25 share and coverage per entry. */
interface ScorerCandidates {
  /** `missing`: the rarest query word the entry lacks (`FaqIndex.candidates`; 1 when BM25 did not find the entry). */
  candidates: { id: string; p: number; bm25: number; coverage: number; missing?: number }[]
  /** The classifier's probability that the question is outside the FAQ (0 without `outside` examples). */
  outside: number
}

/** What `read` found in a message, before any threshold. */
export interface MessageReading {
  lang?: Lang
  words: string[]
  whole: { scorers: ScorerCandidates }
  /** Clauses, when there are two or more. */
  /** `asked`: it ends with "?" or has a question word; `marked`: it ends with "?". */
  parts: { asked: boolean; marked?: boolean; words: string[]; scorers: ScorerCandidates }[]
  ops: number
}

interface Judged {
  kind: FaqSearchResult['kind']
  hits: FaqHit[]
  candidates: MatchExplanation['candidates']
  /** The classifier's "outside" probability for the same words. */
  outside: number
}

/**
 * The candidate that the classifier or BM25 alone ranks first when it is not `topId` (the blend's best): the
 * one the scorers disagree about. The classifier's choice is returned before BM25's.
 */
function disagreement<C extends { id: string; p: number; bm25: number }>(candidates: readonly C[], topId: string): C | undefined {
  let byP = candidates[0]
  let byBm25 = candidates[0]
  for (const c of candidates) {
    if (c.p > byP!.p) byP = c
    if (c.bm25 > byBm25!.bm25) byBm25 = c
  }
  if (byP && byP.id !== topId) return byP
  if (byBm25 && byBm25.id !== topId && byBm25.bm25 > 0) return byBm25
  return undefined
}

/**
 * The ranking the confidence model judges: the whole message's, or, when the message asks two things and one
 * clause is answered on its own ("berapa biaya ke jepang? terus syaratnya apa aja"), that clause's: the whole
 * message's ranking mixes both topics (its best entry may be the other clause's, unsure), and a clause is a
 * question of its own, as the model was fitted on.
 */
function confidenceRanking(reading: MessageReading, explanation: MatchExplanation, main: Pick<Judged, 'candidates' | 'outside'> | undefined): Pick<Judged, 'candidates' | 'outside'> {
  if (reading.parts.length >= 2 && explanation.result.kind === 'answer' && main && main.candidates.length > 0) return main
  return { candidates: explanation.candidates, outside: reading.whole.scorers.outside }
}

/**
 * What the confidence model reads of one blended ranking (best first): the best entry's blended score, classifier
 * probability, BM25 share and coverage; its lead over the runner-up (difference, ratio, and the classifier's log
 * odds between the two); whether the classifier and BM25 alone rank it first too; the "outside" probability.
 */
export function confidenceFeatures(candidates: readonly { id: string; score: number; p: number; bm25: number; coverage: number; missing?: number }[], outside: number, words = 0): number[] {
  const top = candidates[0]
  if (!top) return []
  const second = candidates[1] ?? { score: 0, p: 0 }
  let byP = top
  let byBm25 = top
  for (const c of candidates) {
    if (c.p > byP.p) byP = c
    if (c.bm25 > byBm25.bm25) byBm25 = c
  }
  return [
    1,
    top.score,
    top.p,
    top.bm25,
    Math.min(1, top.coverage),
    top.score - second.score,
    second.score / Math.max(top.score, 1e-6),
    byP.id === top.id ? 1 : 0,
    byBm25.id === top.id ? 1 : 0,
    outside,
    Math.log(top.p + 1e-4) - Math.log(second.p + 1e-4),
    Math.log1p(words) / 4,
    top.missing ?? 0,
  ]
}

/** The confidence model's probability that the best of `candidates` is the right entry. */
export function confidence(weights: readonly number[], candidates: Parameters<typeof confidenceFeatures>[0], outside: number, words = 0): number {
  const f = confidenceFeatures(candidates, outside, words)
  let z = 0
  for (let i = 0; i < f.length; i++) z += f[i]! * (weights[i] ?? 0)
  return 1 / (1 + Math.exp(-z))
}

/** Indexes of the `k` largest values, largest first. */
function topClasses(p: Float64Array, k: number): number[] {
  const best: number[] = []
  for (let c = 0; c < p.length; c++) {
    if (best.length < k || p[c]! > p[best[best.length - 1]!]!) {
      let i = Math.min(best.length, k - 1)
      if (best.length < k) best.push(c)
      while (i > 0 && p[best[i - 1]!]! < p[c]!) {
        best[i] = best[i - 1]!
        i--
      }
      best[i] = c
    }
  }
  return best
}

function round(n: number): number {
  return Math.round(n * 1000) / 1000
}

/** What a content load keeps of reading the FAQ's examples (`FaqMatcher.build` with a cache that keeps data). */
interface FaqDerived {
  /** The words the stemmer knows (its tie-breaking vocabulary). */
  words: string[]
  /** The classifier's feature names in id order. */
  features: string[]
  /** The cache key of the trained weights. */
  weights?: string
  classes: number
}

/** The key of the derived data: everything `FaqMatcher.train` reads (and, through `derivedKey`, its code). */
function faqDerivedKey(entries: readonly FaqEntry[], lexicon: Lexicon, discourseWords: DiscourseWords, options: MatcherOptions): string {
  return derivedKey('faq-features', [
    entries.map((e) => [e.q, e.keywords, e.a.id, e.a.en ?? '']),
    [...lexicon],
    discourseWords,
    [options.features ?? {}, options.training ?? {}, options.keywordWeight ?? 1, options.answerWeight ?? 1, options.outside ?? []],
  ])
}

/** The stemmer, vocabulary and trained classifier of stored derived data, or undefined if its weights are gone. */
function restoreDerived(derived: FaqDerived, cache: WeightCache, classes: number): { stemmer: Stemmer; vocabulary: Vocabulary; model: SoftmaxClassifier } | undefined {
  if (derived.classes !== classes || !derived.weights || !Array.isArray(derived.features) || !Array.isArray(derived.words)) return undefined
  const vocabulary = Vocabulary.restore(derived.features)
  if (vocabulary.size !== derived.features.length) return undefined
  const model = SoftmaxClassifier.cached(cache, derived.weights, vocabulary.size, classes)
  return model ? { stemmer: new Stemmer({ vocabulary: derived.words }), vocabulary, model } : undefined
}
